"""The content gate: the rules every leaflet and brand file must pass before it is printed.

Each rule has an id (``ad-superlative``), a level (error or warning), a one-line
explanation a clinical writer can act on, and a function that finds its problems.
Rules run over loaded leaflets and brands and over the HTML that Jinja makes of
them, never over PDFs, so checking needs no PDF engine and takes a fraction of a
second. ``check_project`` loads and checks; ``check_loaded`` checks what ``build``
has already loaded. Nothing here prints: the command line formats the report.

A writer who judges a finding acceptable allows it in place with a reason, in the
leaflet (``<!-- allow ad-superlative: why -->`` on the line before the paragraph,
heading or list item, or at the end of its line) or in a brand file (``# allow
ad-superlative: why``). The finding is then reported as allowed, with the reason.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from . import advertising, plaintext, readability
from .brands import DEFAULT_BRAND, Brand, discover_brands, load_brand
from .content import (
    DEFAULT_LANG,
    Leaflet,
    discover_languages,
    discover_slugs,
    load_leaflet,
)
from .errors import LeafletPressError, Problem, display_path
from .jobs import Job, output_name
from .markup import AllowComment, allow_comments
from .project import Project

ERROR, WARNING, ALLOWED = "error", "warning", "allowed"

GRADE_LIMIT = 8.0  # NIH: patient material at US grade 8 or below
GRADE_WARNING = 7.0
AVERAGE_WORDS_LIMIT = 20  # plain-language checklists: 20 words a sentence or fewer on average
SENTENCE_WORDS_LIMIT = 25
PARAGRAPH_SENTENCES_LIMIT = 5
SECTION_MIN_WORDS = 30  # fewer words give a grade that one long word can swing
REVIEW_SOON = timedelta(days=90)
REVIEW_INTERVAL_YEARS = 3  # common practice for patient information
PENDING_REVIEWER_RE = re.compile(
    r"\b(?:awaiting|pending|to be (?:confirmed|reviewed|decided)|tbc|tbd|not yet|none)\b",
    re.IGNORECASE,
)
GENERIC_ALT = {"image", "picture", "photo", "photograph", "diagram", "figure", "img", "graphic"}
FIGURE_RE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(\s?(?:%|per\s?cent\b|percent\b))?")
SOURCE_SUFFIXES = {".txt", ".md"}
# Brand values that are not prose: the advertising rules read every other text value.
BRAND_NOT_TEXT = {
    "logo",
    "contact.phone",
    "contact.email",
    "contact.website",
    "contact.booking_url",
}


# ---------------------------------------------------------------------------
# What a check produces, and the rules.


@dataclass(frozen=True)
class Finding:
    """One problem (or one allowed exception) in one file, said so a writer can fix it."""

    path: Path
    line: int | None
    level: str
    rule: str
    message: str
    reason: str = ""  # allowed findings: the writer's reason

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        text = f"{where}: {self.level}: {self.rule}: {self.message}"
        return f"{text} (allowed: {self.reason})" if self.reason else text


class Hit(NamedTuple):
    """What a rule's check yields: a problem's line in the file (None: the whole file)."""

    line: int | None
    message: str


@dataclass(frozen=True)
class Rule:
    """A rule of the gate; ``check(doc, context)`` yields a Hit for each problem in one file."""

    id: str
    level: str
    explanation: str
    applies_to: frozenset[str]  # "leaflet", "brand"
    check: Callable[..., Iterable[Hit]] | None
    allowable: bool = False  # whether a writer may allow a finding in place

    @property
    def group(self) -> str:
        return self.id.split("-", 1)[0]


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    level: str,
    explanation: str,
    applies_to: Iterable[str] = ("leaflet",),
    allowable: bool = False,
):
    """Register the decorated function as the check of rule ``rule_id``."""

    def register(function):
        RULES[rule_id] = Rule(
            rule_id, level, explanation, frozenset(applies_to), function, allowable
        )
        return function

    return register


# ---------------------------------------------------------------------------
# What the rules look at.


@dataclass(frozen=True)
class Sources:
    """Plain-text source documents that a leaflet's figures must come from."""

    folder: Path
    files: tuple[Path, ...]
    text: str


@dataclass
class LeafletDoc:
    """One leaflet file prepared for checking: loaded (or its loading problems) and read."""

    path: Path
    leaflet: Leaflet | None = None
    problems: list[Problem] = field(default_factory=list)  # loading problems
    body: plaintext.Body = field(default_factory=plaintext.Body)
    fields: list[plaintext.Block] = field(default_factory=list)  # printed front matter
    prose: list[plaintext.Block] = field(default_factory=list)  # "In short" and the body
    reading: Reading | None = None  # English only
    outline: _Outline | None = None  # of the HTML document Jinja makes, for structure rules
    render_problems: list[Problem] = field(default_factory=list)
    allows: list[AllowComment] = field(default_factory=list)

    kind = "leaflet"

    @property
    def texts(self) -> list[plaintext.Block]:
        """Everything printed in words: front matter fields first, then the body."""
        return self.fields + self.body.blocks

    @property
    def images(self) -> list[plaintext.Image]:
        return self.body.images


@dataclass
class BrandDoc:
    """One brand file prepared for checking: its problems and its free text with lines."""

    path: Path
    key: str
    brand: Brand | None = None
    problems: list[Problem] = field(default_factory=list)
    texts: list[plaintext.Block] = field(default_factory=list)
    allows: list[AllowComment] = field(default_factory=list)

    kind = "brand"
    images: tuple = ()


@dataclass(frozen=True)
class Reading:
    """How hard a leaflet is to read: the whole leaflet and each section."""

    stats: readability.Stats
    sections: tuple[readability.Section, ...]


@dataclass
class Context:
    """What rules need beyond one file: the date, the sources and every leaflet checked."""

    today: date
    sources: Sources | None = None
    leaflets: list[LeafletDoc] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Governance


@rule(
    "governance-front-matter",
    ERROR,
    "The front matter has every required field (title, summary, lang, code, version, "
    "reviewed, next_review, sources, in_short) with a valid value, and no unknown field.",
)
def _front_matter(doc: LeafletDoc, ctx: Context):
    for problem in doc.problems:
        yield Hit(problem.line, problem.message)


@rule(
    "governance-author",
    ERROR,
    "The leaflet names who wrote it (author) or who reviewed it clinically (reviewer).",
)
def _author(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if not leaflet.author and not leaflet.reviewer:
        yield Hit(
            1,
            "names neither an author nor a clinical reviewer; add a line like "
            "author: Patient information team, or reviewer: Dr A. Tan",
        )


@rule(
    "governance-reviewer-pending",
    WARNING,
    "The clinical reviewer is named, not 'awaiting' or 'pending': a clinician has "
    "checked the leaflet before it is handed out.",
)
def _reviewer_pending(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.reviewer and PENDING_REVIEWER_RE.search(leaflet.reviewer):
        yield Hit(
            leaflet.key_lines.get("reviewer"),
            f"the clinical reviewer is '{leaflet.reviewer}': have a clinician review the "
            "leaflet and put their name here before it is handed out",
        )


@rule(
    "governance-next-review",
    ERROR,
    "The next review date has not passed: an out-of-date leaflet must not be printed.",
)
def _next_review(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.next_review < ctx.today:
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review was due on {leaflet.next_review.isoformat()} and has passed; "
            "review the leaflet, then update reviewed and next_review",
        )


@rule(
    "governance-review-due-soon",
    WARNING,
    "The next review date is more than 90 days away (otherwise, plan the review now).",
)
def _review_due_soon(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if ctx.today <= leaflet.next_review <= ctx.today + REVIEW_SOON:
        days = (leaflet.next_review - ctx.today).days
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review is due on {leaflet.next_review.isoformat()}, in {days} days; "
            "plan the review so the leaflet does not go out of date",
        )


@rule(
    "governance-review-dates",
    ERROR,
    "The date of the last review is not in the future and comes before the next review date.",
)
def _review_dates(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    line = leaflet.key_lines.get("reviewed")
    if leaflet.reviewed > ctx.today:
        yield Hit(
            line,
            f"reviewed is {leaflet.reviewed.isoformat()}, a date in the future; "
            "write the date the review actually happened",
        )
    if leaflet.reviewed >= leaflet.next_review:
        yield Hit(
            line,
            f"reviewed ({leaflet.reviewed.isoformat()}) is not before next_review "
            f"({leaflet.next_review.isoformat()}); check both dates",
        )


@rule(
    "governance-review-interval",
    WARNING,
    "The next review is at most three years after the last one (common practice).",
)
def _review_interval(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.next_review > _years_after(leaflet.reviewed, REVIEW_INTERVAL_YEARS):
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review ({leaflet.next_review.isoformat()}) is more than "
            f"{REVIEW_INTERVAL_YEARS} years after the last ({leaflet.reviewed.isoformat()}); "
            "choose an earlier date",
        )


@rule(
    "governance-unique-code",
    ERROR,
    "Each leaflet has its own code; the language versions of one leaflet share it.",
)
def _unique_code(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    for other in ctx.leaflets:
        if other is doc:
            return
        known = other.leaflet
        if known and known.code == leaflet.code and known.slug != leaflet.slug:
            yield Hit(
                leaflet.key_lines.get("code"),
                f"code {leaflet.code} is already used by {known.slug}; "
                "give each leaflet its own code",
            )
            return


# ---------------------------------------------------------------------------
# Readability (English)


@rule(
    "readability-grade",
    ERROR,
    f"The leaflet, and each section of {SECTION_MIN_WORDS} words or more, reads at "
    f"Flesch-Kincaid grade {GRADE_LIMIT:g} or below (NIH guidance for patient material).",
    allowable=True,
)
def _grade(doc: LeafletDoc, ctx: Context):
    yield from _grades(
        doc, lambda grade: grade > GRADE_LIMIT, f"above the limit of {GRADE_LIMIT:g}"
    )


@rule(
    "readability-grade-near-limit",
    WARNING,
    f"The leaflet, and each section of {SECTION_MIN_WORDS} words or more, reads at grade "
    f"{GRADE_WARNING:g} or below, "
    f"leaving room under the limit of {GRADE_LIMIT:g}.",
    allowable=True,
)
def _grade_near_limit(doc: LeafletDoc, ctx: Context):
    yield from _grades(
        doc,
        lambda grade: GRADE_WARNING < grade <= GRADE_LIMIT,
        f"close to the limit of {GRADE_LIMIT:g}",
    )


def _grades(doc: LeafletDoc, fails: Callable[[float], bool], how: str):
    if doc.reading is None:
        return
    advice = "use shorter sentences and everyday words"
    if fails(doc.reading.stats.grade):
        yield Hit(
            None, f"the leaflet reads at grade {doc.reading.stats.grade:.1f}, {how}; {advice}"
        )
    for section in doc.reading.sections:
        stats = section.stats
        if stats.words >= SECTION_MIN_WORDS and fails(stats.grade):
            name = f"section '{section.heading}'" if section.heading else "the opening text"
            yield Hit(section.line, f"{name} reads at grade {stats.grade:.1f}, {how}; {advice}")


@rule(
    "readability-sentence-average",
    ERROR,
    f"Sentences average {AVERAGE_WORDS_LIMIT} words or fewer (plain-language guidance).",
)
def _sentence_average(doc: LeafletDoc, ctx: Context):
    if doc.reading and doc.reading.stats.words_per_sentence > AVERAGE_WORDS_LIMIT:
        yield Hit(
            None,
            f"sentences average {doc.reading.stats.words_per_sentence:.1f} words, above "
            f"{AVERAGE_WORDS_LIMIT}; split long sentences in two",
        )


@rule(
    "readability-long-sentence",
    WARNING,
    f"No sentence is longer than {SENTENCE_WORDS_LIMIT} words.",
    allowable=True,
)
def _long_sentence(doc: LeafletDoc, ctx: Context):
    if doc.reading is None:
        return
    for block in doc.prose:
        for sentence in readability.sentences(block.text, block.line):
            if sentence.words > SENTENCE_WORDS_LIMIT:
                yield Hit(
                    sentence.line,
                    f"this sentence has {sentence.words} words, more than "
                    f"{SENTENCE_WORDS_LIMIT}: '{_opening(sentence.text)}'; split it",
                )


@rule(
    "readability-long-paragraph",
    WARNING,
    f"No paragraph has more than {PARAGRAPH_SENTENCES_LIMIT} sentences.",
    allowable=True,
)
def _long_paragraph(doc: LeafletDoc, ctx: Context):
    if doc.reading is None:
        return
    for block in doc.body.blocks:
        if block.kind in ("paragraph", "quote"):
            count = len(readability.sentences(block.text, block.line))
            if count > PARAGRAPH_SENTENCES_LIMIT:
                yield Hit(
                    block.line,
                    f"this paragraph has {count} sentences, more than "
                    f"{PARAGRAPH_SENTENCES_LIMIT}: '{_opening(block.text)}'; "
                    "break it up or make a list",
                )


# ---------------------------------------------------------------------------
# Singapore's rules for healthcare advertising


def _advertising_rule(rule_id: str, explanation: str) -> None:
    def check(doc, ctx: Context):
        yield from _advertising_hits(rule_id, doc)

    rule(rule_id, ERROR, explanation, ("leaflet", "brand"), allowable=True)(check)


def _advertising_hits(rule_id: str, doc) -> Iterator[Hit]:
    for block in doc.texts:
        for match in advertising.find(rule_id, block.text):
            yield Hit(
                block.line_at(match.start),
                f"'{match.text}' {advertising.WHY[rule_id]} "
                f"({advertising.REGULATIONS}); rewrite it, or allow it with a reason",
            )


_advertising_rule(
    "ad-superlative",
    "No superlatives or claims of prominence or uniqueness ('best', 'leading', 'top', "
    "'No. 1', 'world-class', 'most advanced', 'the only clinic').",
)
_advertising_rule(
    "ad-guarantee",
    "No guarantees or expectations that cannot be justified ('guarantee', 'cure', '100%', "
    "'permanent relief', 'painless', 'risk-free').",
)
_advertising_rule(
    "ad-comparison", "No comparisons with, or criticism of, other clinics or providers."
)
_advertising_rule(
    "ad-testimonial", "No testimonials, patient reviews, ratings, endorsements or patient quotes."
)


@rule(
    "ad-before-after",
    ERROR,
    "No before-and-after pictures, and no words offering them.",
    ("leaflet", "brand"),
    allowable=True,
)
def _before_after(doc, ctx: Context):
    yield from _advertising_hits("ad-before-after", doc)
    for image in doc.images:
        if advertising.IMAGE_BEFORE_AFTER.search(f"{image.alt} {image.src}"):
            yield Hit(
                image.line,
                f"image '{image.src}' looks like a before-and-after picture; "
                f"these are not allowed ({advertising.REGULATIONS}); remove it",
            )


_advertising_rule(
    "ad-inducement",
    "No financial inducements in clinical material ('free' consultations, 'discount', "
    "'promotion', vouchers).",
)


# ---------------------------------------------------------------------------
# Source fidelity


@rule(
    "source-figure",
    WARNING,
    "Every figure (a number or a percentage) appears in the source documents given "
    "with --sources, so no statistic is invented.",
    allowable=True,
)
def _source_figure(doc: LeafletDoc, ctx: Context):
    if ctx.sources is None:
        return
    for block in doc.texts:
        for match in FIGURE_RE.finditer(block.text):
            number, percent = match.group(1), match.group(2)
            if not _in_sources(number, bool(percent), ctx.sources.text):
                figure = " ".join(match.group(0).split())
                yield Hit(
                    block.line_at(match.start()),
                    f"the figure '{figure}' is in none of the source documents "
                    f"({display_path(ctx.sources.folder)}); check it against the source, "
                    "or take it out",
                )


def _in_sources(number: str, percent: bool, text: str) -> bool:
    pattern = r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)"
    if percent:
        pattern += r"\s?(?:%|per\s?cent|percent)"
    return re.search(pattern, text, re.IGNORECASE) is not None


# ---------------------------------------------------------------------------
# Accessibility


@rule(
    "a11y-alt-text",
    ERROR,
    "Every image has alternative text that says what it shows: `![what it shows](file.png)`.",
)
def _alt_text(doc: LeafletDoc, ctx: Context):
    for image in doc.images:
        alt = image.alt.strip()
        if not alt:
            yield Hit(
                image.line,
                f"image '{image.src}' has no alternative text; screen readers read it "
                "instead of the picture: write what it shows between the brackets, "
                "![what it shows](...)",
            )
        elif alt.lower().rstrip(".") in GENERIC_ALT or alt in (image.src, Path(image.src).stem):
            yield Hit(
                image.line,
                f"image '{image.src}' has alternative text '{alt}', which does not say "
                "what it shows; describe the picture in a few words",
            )


@rule(
    "a11y-heading-order",
    ERROR,
    "Headings do not skip levels: the title is the only level 1, sections start at ##, then ###.",
)
def _heading_order(doc: LeafletDoc, ctx: Context):
    previous = 1  # the title band prints the title as the one level-1 heading
    for block in doc.body.blocks:
        if block.kind != "heading":
            continue
        if block.level == 1:
            yield Hit(
                block.line,
                f"'{block.text}' is a level-1 heading (#), but the title is the only one; "
                "start sections with ##",
            )
        elif block.level > previous + 1:
            yield Hit(
                block.line,
                f"'{block.text}' jumps from level {previous} to level {block.level} "
                f"({'#' * block.level}); use {'#' * (previous + 1)}, so screen reader "
                "users do not think a section is missing",
            )
        previous = block.level


@rule(
    "a11y-language",
    ERROR,
    "The document's language is set (`<html lang>`) to the leaflet's language, so screen "
    "readers pronounce it correctly.",
)
def _language(doc: LeafletDoc, ctx: Context):
    if doc.outline is None:
        return
    lang = doc.leaflet.lang
    if doc.outline.lang != lang:
        found = f"'{doc.outline.lang}'" if doc.outline.lang else "not set"
        yield Hit(
            doc.leaflet.key_lines.get("lang"),
            f"the document language is {found}, but the leaflet is in '{lang}'; the "
            'template templates/base.html must write <html lang="{{ lang }}">',
        )


# ---------------------------------------------------------------------------
# Structure


@rule(
    "structure-renders",
    ERROR,
    "The leaflet can be made into a page: its images exist and the templates work.",
)
def _renders(doc: LeafletDoc, ctx: Context):
    for problem in doc.render_problems:
        yield Hit(
            problem.line,
            problem.message
            if problem.path == doc.path
            else f"{display_path(problem.path)}: {problem.message}",
        )


def _structure_rule(rule_id: str, css_class: str, name: str, explanation: str, needs: str):
    def check(doc: LeafletDoc, ctx: Context):
        if doc.outline is None:
            return
        box = doc.outline.boxes.get(css_class)
        if box is None:
            yield Hit(
                None,
                f"the printed leaflet has no {name}; the layout template must include "
                f"templates/partials/{css_class.replace('-', '_')}.html",
            )
        elif needs == "items" and box.items == 0:
            yield Hit(doc.leaflet.key_lines.get("in_short"), f"the {name} is empty; {explanation}")
        elif needs == "code" and doc.leaflet.code not in box.text:
            yield Hit(
                None,
                f"the {name} does not show the leaflet code {doc.leaflet.code}; "
                "its template must print the code, version and review dates",
            )

    rule(rule_id, ERROR, explanation)(check)


_structure_rule(
    "structure-in-short",
    "in-short",
    "'In short' box",
    "Each leaflet opens with its 'In short' box: the main messages (in_short) first.",
    "items",
)
_structure_rule(
    "structure-help",
    "help",
    "'Where to get help' section",
    "Each leaflet has its 'Where to get help' section: who to ask and how to reach them.",
    "section",
)
_structure_rule(
    "structure-about",
    "about",
    "'About this leaflet' block",
    "Each leaflet ends with its 'About this leaflet' block: code, version, review dates, "
    "authors and sources.",
    "code",
)


# ---------------------------------------------------------------------------
# Brand files and allow comments


@rule(
    "brand-file",
    ERROR,
    "The brand file is valid: TOML, known keys, colours with enough contrast.",
    ("brand",),
)
def _brand_file(doc: BrandDoc, ctx: Context):
    for problem in doc.problems:
        yield Hit(problem.line, problem.message)


@rule(
    "allow-comment",
    ERROR,
    "An allow comment names the rules it allows and gives a reason: "
    "`<!-- allow rule-id: reason -->`.",
    ("leaflet", "brand"),
)
def _allow_comment(doc, ctx: Context):
    for allow in doc.allows:
        if not allow.rules:
            yield Hit(
                allow.line, "allow comment names no rule; write <!-- allow rule-id: reason -->"
            )
        for name in allow.rules:
            known = RULES.get(name)
            if known is None:
                yield Hit(
                    allow.line,
                    f"allow comment names an unknown rule '{name}'; "
                    "'python build.py check --rules' lists them",
                )
            elif not known.allowable:
                yield Hit(allow.line, f"rule {name} cannot be allowed in place; fix the problem")
        if allow.rules and not allow.reason:
            yield Hit(
                allow.line,
                "allow comment gives no reason; say why the text is acceptable after a "
                "colon: <!-- allow rule-id: reason -->",
            )


RULES["allow-unused"] = Rule(
    "allow-unused",
    WARNING,
    "Every allow comment sits next to a finding of the rule it allows (else remove it).",
    frozenset({"leaflet", "brand"}),
    None,  # found while allowing, after every other rule has run
)


# ---------------------------------------------------------------------------
# Running the rules


@dataclass
class FileReport:
    """The findings in one checked file, and its reading level for a leaflet in English."""

    path: Path
    kind: str  # "leaflet" or "brand"
    findings: list[Finding]
    slug: str = ""
    lang: str = ""
    code: str = ""
    title: str = ""
    reading: Reading | None = None

    def count(self, level: str) -> int:
        return sum(1 for finding in self.findings if finding.level == level)


@dataclass
class Report:
    """Everything a check found, file by file, in the order the files were checked."""

    files: list[FileReport]
    sources: Sources | None = None

    def count(self, level: str) -> int:
        return sum(report.count(level) for report in self.files)

    def failing(self, strict: bool = False) -> list[FileReport]:
        """Files with errors (or, when ``strict``, with warnings too)."""
        levels = {ERROR, WARNING} if strict else {ERROR}
        return [r for r in self.files if any(f.level in levels for f in r.findings)]


def check_project(
    project: Project,
    slugs: list[str] | None = None,
    *,
    today: date,
    sources: Sources | None = None,
) -> Report:
    """Load and check every language of ``slugs`` (default: all leaflets) and every brand.

    A file that does not load is reported with its loading problems (as
    governance-front-matter or brand-file errors) and the others are still checked.
    """
    docs: list[LeafletDoc] = []
    for slug in slugs or discover_slugs(project.leaflets_dir):
        folder = project.leaflets_dir / slug
        for lang in discover_languages(folder) or [DEFAULT_LANG]:
            path = folder / f"{lang}.md"
            try:
                docs.append(LeafletDoc(path, load_leaflet(path)))
            except LeafletPressError as error:
                docs.append(LeafletDoc(path, problems=error.problems))
    brands = [_brand_doc(project.brands_dir, key) for key in discover_brands(project.brands_dir)]
    return _run(project, docs, brands, today, sources)


def check_loaded(
    project: Project,
    leaflets: list[Leaflet],
    brands: list[Brand],
    *,
    today: date,
    sources: Sources | None = None,
) -> Report:
    """Check leaflets and brands that are already loaded (as ``build`` has them)."""
    docs = [LeafletDoc(leaflet.path, leaflet) for leaflet in leaflets]
    brand_docs = [_brand_doc(project.brands_dir, brand.key) for brand in brands]
    return _run(project, docs, brand_docs, today, sources)


def read_sources(folder: Path) -> Sources:
    """Read every ``.txt`` and ``.md`` file below ``folder`` as source text.

    Raises LeafletPressError when there is none, since checking figures against
    nothing would pass every figure.
    """
    files = tuple(
        sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
    )
    if not files:
        raise LeafletPressError(
            Problem(folder, "has no source documents (.txt or .md files) to check figures against")
        )
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    return Sources(folder, files, text)


def _run(
    project: Project,
    docs: list[LeafletDoc],
    brands: list[BrandDoc],
    today: date,
    sources: Sources | None,
) -> Report:
    default_brand = next(
        (b.brand for b in brands if b.key == DEFAULT_BRAND and b.brand), None
    ) or next((b.brand for b in brands if b.brand), None)
    renderer = _renderer(project) if default_brand else None
    for doc in docs:
        if doc.leaflet is not None:
            _prepare(doc, default_brand, renderer)
    ctx = Context(today=today, sources=sources, leaflets=docs)
    files = [_leaflet_report(doc, ctx) for doc in docs]
    files += [_report(doc, ctx) for doc in brands]
    return Report(files, sources)


def _prepare(doc: LeafletDoc, brand: Brand | None, renderer) -> None:
    """Read a loaded leaflet's text, measure it and make its HTML."""
    leaflet = doc.leaflet
    doc.body = plaintext.read(leaflet.body, leaflet.body_line)
    doc.allows = allow_comments(leaflet.body, leaflet.body_line)
    doc.fields = _leaflet_fields(leaflet)
    # "In short" reads as a section of its own, each message a sentence at least.
    start = leaflet.key_lines.get("in_short", 1)
    doc.prose = [plaintext.Block("heading", start, "In short", 2)]
    doc.prose += [b for b in doc.fields if b.kind == "in_short"] + doc.body.blocks
    if leaflet.lang == "en" or leaflet.lang.startswith("en-"):
        sections = readability.sections(doc.prose)
        every = [s for section in sections for s in section.sentences]
        doc.reading = Reading(readability.measure(every), tuple(sections))
    if renderer is not None and brand is not None:
        job = Job(leaflet, brand, Path(output_name(leaflet, brand, "standard", "leaflet")))
        try:
            html_text, _warnings = renderer.html(job)  # build reports the warnings
            doc.outline = _outline(html_text)
        except LeafletPressError as error:
            doc.render_problems = error.problems


def _leaflet_fields(leaflet: Leaflet) -> list[plaintext.Block]:
    """The front matter that is printed or shown as PDF metadata, as blocks with lines."""
    lines = leaflet.key_lines
    fields = [
        plaintext.Block("field", lines.get(key, 1), getattr(leaflet, key))
        for key in ("title", "subtitle", "summary")
        if getattr(leaflet, key)
    ]
    if leaflet.keywords:
        keywords = "; ".join(leaflet.keywords)
        fields.append(plaintext.Block("field", lines.get("keywords", 1), keywords))
    start = lines.get("in_short", 1)
    fields += [
        plaintext.Block("in_short", start + 1 + index, message)
        for index, message in enumerate(leaflet.in_short)
    ]
    return fields


def _leaflet_report(doc: LeafletDoc, ctx: Context) -> FileReport:
    report = _report(doc, ctx)
    if doc.leaflet is not None:
        leaflet = doc.leaflet
        report.slug, report.lang, report.code = leaflet.slug, leaflet.lang, leaflet.code
        report.title, report.reading = leaflet.title, doc.reading
    else:
        report.slug, report.lang = doc.path.parent.name, doc.path.stem
    return report


def _report(doc: LeafletDoc | BrandDoc, ctx: Context) -> FileReport:
    """Run every rule that applies to ``doc``, then apply its allow comments.

    A leaflet that did not load gets only its loading problems: the other rules need its text.
    """
    loaded = doc.leaflet if doc.kind == "leaflet" else True
    findings: list[Finding] = []
    for known in RULES.values():
        if known.check is None or doc.kind not in known.applies_to:
            continue
        if not loaded and known.id != "governance-front-matter":
            continue
        for line, message in known.check(doc, ctx):
            findings.append(Finding(doc.path, line, known.level, known.id, message))
    findings = _apply_allows(doc, list(dict.fromkeys(findings)))  # once per line is enough
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    return FileReport(doc.path, doc.kind, findings)


def _apply_allows(doc, findings: list[Finding]) -> list[Finding]:
    """Mark findings that an allow comment covers as allowed; report unused comments."""
    spans = _allow_spans(doc)
    used: set[tuple[int, str]] = set()
    result = []
    for finding in findings:
        allow = next(
            (
                allow
                for allow, first, last in spans
                if finding.rule in allow.rules
                and RULES[finding.rule].allowable
                and allow.reason
                and finding.line is not None
                and first <= finding.line <= last
            ),
            None,
        )
        if allow is None:
            result.append(finding)
            continue
        used.add((allow.line, finding.rule))
        allowed = Finding(
            finding.path, finding.line, ALLOWED, finding.rule, finding.message, allow.reason
        )
        result.append(allowed)
    for allow, _first, _last in spans:
        for name in allow.rules:
            known = RULES.get(name)
            if known and known.allowable and allow.reason and (allow.line, name) not in used:
                result.append(
                    Finding(
                        doc.path,
                        allow.line,
                        WARNING,
                        "allow-unused",
                        f"this comment allows {name}, but there is no {name} finding in the "
                        "text it stands by; remove the comment",
                    )
                )
    return result


def _allow_spans(doc) -> list[tuple[AllowComment, int, int]]:
    """Each allow comment with the lines it covers: its own line, or the next block's lines."""
    blocks = sorted(doc.texts, key=lambda block: block.line)
    spans = []
    for allow in doc.allows:
        if not allow.whole_line:
            spans.append((allow, allow.line, allow.line))
            continue
        following = next((b for b in blocks if b.line > allow.line), None)
        if following is None:
            spans.append((allow, allow.line, allow.line))
        else:
            spans.append((allow, following.line, following.line + following.text.count("\n")))
    return spans


# ---------------------------------------------------------------------------
# Helpers


def _brand_doc(brands_dir: Path, key: str) -> BrandDoc:
    """A brand file's problems (as brand-file findings) and its free text with lines."""
    path = brands_dir / f"{key}.toml"
    doc = BrandDoc(path, key)
    try:
        doc.brand = load_brand(brands_dir, key)
    except LeafletPressError as error:
        doc.problems = error.problems
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return doc  # already reported by load_brand
    lines = _toml_key_lines(text)
    for name, value in _text_values(data):
        if name not in BRAND_NOT_TEXT and not name.startswith("colours."):
            doc.texts.append(plaintext.Block("field", lines.get(name, 1), value))
    doc.allows = _toml_allow_comments(text)
    return doc


def _text_values(data: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _text_values(value, f"{name}.")
        elif isinstance(value, str) and value.strip():
            yield name, value
        elif isinstance(value, list):
            yield from ((name, item) for item in value if isinstance(item, str))


def _toml_key_lines(text: str) -> dict[str, int]:
    """File line of each ``table.key`` in a simple TOML file (tables and plain keys)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = re.match(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            table = header.group(1) + "."
            continue
        key = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if key:
            lines.setdefault(table + key.group(1), number)
    return lines


TOML_ALLOW_RE = re.compile(r"#\s*allow\b(?P<inside>.*)$")


def _toml_allow_comments(text: str) -> list[AllowComment]:
    """``# allow rule-id: reason`` comments in a brand file, as for leaflets."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = TOML_ALLOW_RE.search(line)
        if match is None or _inside_string(line, match.start()):
            continue
        names, _, reason = match.group("inside").partition(":")
        rules = tuple(name for name in re.split(r"[\s,]+", names) if name)
        whole_line = not line[: match.start()].strip()
        found.append(AllowComment(number, rules, reason.strip(), whole_line))
    return found


def _inside_string(line: str, position: int) -> bool:
    before = line[:position]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _outline(html_text: str) -> _Outline:
    outline = _Outline()
    outline.feed(html_text)
    outline.close()
    return outline


@dataclass
class _Box:
    text: str = ""
    items: int = 0


class _Outline(HTMLParser):
    """The document language and the furniture boxes (by class) of a rendered leaflet."""

    BOX_CLASSES = ("in-short", "help", "about")

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.boxes: dict[str, _Box] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, box class) of open elements

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or None
        classes = (attributes.get("class") or "").split()
        box = next((c for c in self.BOX_CLASSES if c in classes), None)
        if box is not None:
            self.boxes.setdefault(box, _Box())
        if tag == "li":
            for _tag, open_box in self._open:
                if open_box:
                    self.boxes[open_box].items += 1
        if tag not in {"br", "img", "meta", "link", "hr", "input"}:
            self._open.append((tag, box))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for _tag, open_box in self._open:
            if open_box:
                self.boxes[open_box].text += data


def _renderer(project: Project):
    from .render import Renderer

    return Renderer(project)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")

"""Running the gate: load and prepare the files, run every rule that applies, build the report.

``gate`` is the one decision every command asks for before printing anything: it
takes the leaflets and brands a command wants to print (loaded or not), runs the
content checks and returns a ``Verdict`` saying which may be printed and why the
others may not. It prints nothing and knows no command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import chinese_reading
from ..brands import DEFAULT_BRAND, Brand, discover_brands
from ..content import (
    DEFAULT_LANG,
    Leaflet,
    discover_languages,
    discover_slugs,
    folder_problems,
    load_leaflet,
)
from ..errors import LeafletPressError, Problem
from ..project import Project
from .allowing import apply_allows
from .documents import (
    BrandDoc,
    Context,
    LeafletDoc,
    Reading,
    Sources,
    brand_doc,
    brand_name_problems,
    prepare_leaflet,
)
from .registry import ALLOWED, ERROR, INFO, RULES, WARNING, Finding

# Findings the render stage reports again, in its own words, when it meets the problem.
RENDER_STAGE_RULES = {"structure-renders"}


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
    chinese: chinese_reading.Stats | None = None  # how a Chinese leaflet reads

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
    brands: list[str] | None = None,
    today: date,
    sources: Sources | None = None,
) -> Report:
    """Load and check every language of ``slugs`` (default: all leaflets; [] none) and
    ``brands`` (default: every brand).

    A file that does not load is reported with its loading problems (as
    governance-front-matter or brand-file errors) and the others are still checked.
    Checking every leaflet also reports the folder and brand file names that ``build``
    refuses. Rules that compare leaflets (one code each) compare ``slugs`` with every
    leaflet of the project, so checking one leaflet finds what checking all would.
    """
    docs = leaflet_docs(project, slugs) if slugs != [] else []
    brand_files = brand_docs(project, brands)
    return _run(project, docs, brand_files, today, sources, _project_leaflets(project, docs))


def leaflet_docs(
    project: Project, slugs: list[str] | None = None, lang: str | None = None
) -> list[LeafletDoc]:
    """Each leaflet file of ``slugs`` (default: every leaflet), loaded or with its problems.

    ``lang`` keeps one language (``build`` prints English); by default every language
    file is read. With no ``slugs``, folders whose names ``build`` refuses (capitals,
    spaces, a leading dash) come too, as files that did not load.
    """
    docs: list[LeafletDoc] = []
    if slugs is None:
        docs += [LeafletDoc(p.path, problems=[p]) for p in folder_problems(project.leaflets_dir)]
    for slug in slugs or discover_slugs(project.leaflets_dir):
        folder = project.leaflets_dir / slug
        for language in [lang] if lang else discover_languages(folder) or [DEFAULT_LANG]:
            path = folder / f"{language}.md"
            try:
                docs.append(LeafletDoc(path, load_leaflet(path)))
            except LeafletPressError as error:
                docs.append(LeafletDoc(path, problems=error.problems))
    return docs


def brand_docs(project: Project, keys: list[str] | None = None) -> list[BrandDoc]:
    """The brand files ``keys`` (default: every one), loaded or with their problems.

    With no ``keys``, ``.toml`` files whose names are not brand names come too, so a
    file called ``Partner.toml`` is named rather than silently left out.
    """
    docs = [
        brand_doc(project.brands_dir, key) for key in keys or discover_brands(project.brands_dir)
    ]
    if keys is None:
        docs += [
            BrandDoc(p.path, p.path.stem, problems=[p])
            for p in brand_name_problems(project.brands_dir)
        ]
    return docs


@dataclass
class Verdict:
    """The gate's decision: what may be printed, and every problem and warning, in file order.

    ``errors`` are the lines that refuse a file (a file that did not load gives its
    loading problems as they are; a checked file ``rule-id: message``); ``refused``
    names the refused leaflets (by slug) and brand files (by file).
    """

    report: Report
    leaflets: list[Leaflet]
    brands: list[Brand]
    errors: list[Problem]
    warnings: list[Problem]
    allowed: list[Finding]
    refused: list[str]
    notes: list[Problem] = field(default_factory=list)  # info: for the clinical reviewer
    # Whether a draft (checks skipped) would print every refused file: not when one did
    # not load, or shares its code with another, which even a draft refuses.
    draft_would_build: bool = True

    @property
    def ok(self) -> bool:
        return not self.refused


def gate(
    project: Project,
    leaflets: list[LeafletDoc],
    brands: list[BrandDoc],
    *,
    today: date,
    sources: Sources | None = None,
    strict: bool = False,
    checks: bool = True,
) -> Verdict:
    """Decide which of ``leaflets`` and ``brands`` may be printed on the day ``today``.

    Every command that prints (``build``, ``handout``) asks this one function, so a
    leaflet or brand that one refuses the other refuses too. A file that did not load
    is refused with its loading problems; with ``checks`` (the default) every content
    rule runs, a file with errors (with ``strict``, warnings too) is refused, and each
    file is judged alone, so one broken leaflet never stops the others. Leaflets are
    compared (one code each) with every leaflet of the project. Findings of the render
    stage's own rules are left to it. Returns the Verdict; prints nothing.
    """
    loaded = [doc for doc in leaflets if doc.leaflet is not None]
    loaded_brands = [doc for doc in brands if doc.brand is not None]
    if checks:
        report = _run(
            project, loaded, loaded_brands, today, sources, _project_leaflets(project, loaded)
        )
    else:
        report = _unique_codes(project, loaded, today)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    allowed: list[Finding] = []
    notes: list[Problem] = []
    refused: list[str] = []
    refused_paths: set = set()
    draft_would_build = True
    for doc in [*leaflets, *brands]:
        if doc.problems and (doc.leaflet if doc.kind == "leaflet" else doc.brand) is None:
            errors += doc.problems
            refused_paths.add(doc.path)
            refused.append(_file_name(doc.kind, doc.path))
            draft_would_build = False
    for file in report.files:
        failed = False
        for finding in file.findings:
            if finding.rule in RENDER_STAGE_RULES:
                continue
            message = f"{finding.rule}: {finding.message}"
            if finding.level == ERROR or (finding.level == WARNING and strict):
                strict_on = " (a warning, and strict checking is on)"
                suffix = strict_on if finding.level == WARNING else ""
                errors.append(Problem(finding.path, message + suffix, finding.line))
                failed = True
                draft_would_build &= finding.rule != "governance-unique-code"
            elif finding.level == WARNING:
                warnings.append(Problem(finding.path, message, finding.line))
            elif finding.level == INFO:
                notes.append(Problem(finding.path, message, finding.line))
            elif finding.level == ALLOWED:
                allowed.append(finding)
        if failed:
            refused_paths.add(file.path)
            refused.append(_file_name(file.kind, file.path))
    return Verdict(
        report,
        [doc.leaflet for doc in loaded if doc.path not in refused_paths],
        [doc.brand for doc in loaded_brands if doc.path not in refused_paths],
        errors,
        warnings,
        allowed,
        list(dict.fromkeys(refused)),
        notes,
        draft_would_build,
    )


def _unique_codes(project: Project, docs: list[LeafletDoc], today: date) -> Report:
    """Only governance-unique-code, for a draft built without the checks.

    A draft skips the content rules, but two leaflets sharing a code must never both
    be printed, draft or not: the code is how a printed leaflet is told apart.
    """
    ctx = Context(today=today, sources=None, leaflets=_project_leaflets(project, docs))
    rule = RULES["governance-unique-code"]
    files = []
    for doc in docs:
        findings = [
            Finding(doc.path, line, rule.level, rule.id, text)
            for line, text in rule.check(doc, ctx)
        ]
        files.append(FileReport(doc.path, doc.kind, findings))
    return Report(files, None)


def _file_name(kind: str, path: Path) -> str:
    """How a refused file is named in a closing line: a leaflet by its slug."""
    from ..errors import display_path

    if kind == "leaflet":
        return path.parent.name if path.suffix == ".md" else path.name
    return display_path(path)


def _project_leaflets(project: Project, docs: list[LeafletDoc]) -> list[LeafletDoc]:
    """Every leaflet file of the project, in project order, reusing ``docs`` where given.

    What rules that compare leaflets look across: a file that does not load is
    there without its leaflet and compares with nothing.
    """
    given = {doc.path: doc for doc in docs}
    every = []
    for slug in discover_slugs(project.leaflets_dir):
        folder = project.leaflets_dir / slug
        for lang in discover_languages(folder):
            path = folder / f"{lang}.md"
            if path in given:
                every.append(given.pop(path))
                continue
            try:
                every.append(LeafletDoc(path, load_leaflet(path)))
            except LeafletPressError:
                every.append(LeafletDoc(path))
    return every + list(given.values())


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
    brands_checked = [brand_doc(project.brands_dir, brand.key) for brand in brands]
    return _run(project, docs, brands_checked, today, sources)


def check_governance(leaflets: list[Leaflet], *, today: date) -> Report:
    """Only the governance rules (review dates, reviewer, codes), over loaded leaflets.

    What a doctor's handout must not print silently: it reads no text and renders
    nothing, so it costs a few milliseconds on the path a patient waits for.
    """
    docs = [LeafletDoc(leaflet.path, leaflet) for leaflet in leaflets]
    ctx = Context(today=today, sources=None, leaflets=docs)
    governance = [r for r in RULES.values() if r.id.startswith("governance-")]
    return Report([_report(doc, ctx, governance) for doc in docs], None)


def _run(
    project: Project,
    docs: list[LeafletDoc],
    brands: list[BrandDoc],
    today: date,
    sources: Sources | None,
    every_leaflet: list[LeafletDoc] | None = None,
) -> Report:
    """Check ``docs`` and ``brands``; ``every_leaflet`` is what leaflets are compared with."""
    default_brand = next(
        (b.brand for b in brands if b.key == DEFAULT_BRAND and b.brand), None
    ) or next((b.brand for b in brands if b.brand), None)
    renderer = _renderer(project) if default_brand else None
    for doc in docs:
        if doc.leaflet is not None:
            prepare_leaflet(doc, default_brand, renderer)
    ctx = Context(today=today, sources=sources, leaflets=every_leaflet or docs)
    files = [_leaflet_report(doc, ctx) for doc in docs]
    files += [_report(doc, ctx) for doc in brands]
    return Report(files, sources)


def _leaflet_report(doc: LeafletDoc, ctx: Context) -> FileReport:
    report = _report(doc, ctx)
    if doc.leaflet is not None:
        leaflet = doc.leaflet
        report.slug, report.lang, report.code = leaflet.slug, leaflet.lang, leaflet.code
        report.title, report.reading = leaflet.title, doc.reading
        report.chinese = doc.chinese
    elif doc.path.suffix == ".md":
        report.slug, report.lang = doc.path.parent.name, doc.path.stem
    else:  # a folder whose name is not a leaflet's
        report.slug = doc.path.name
    return report


def _report(doc: LeafletDoc | BrandDoc, ctx: Context, rules=None) -> FileReport:
    """Run every rule (or those of ``rules``) that applies to ``doc``, then apply its allows.

    A leaflet that did not load gets only its loading problems: the other rules need its text.
    """
    loaded = doc.leaflet if doc.kind == "leaflet" else True
    findings: list[Finding] = []
    for known in rules if rules is not None else RULES.values():
        if known.check is None or doc.kind not in known.applies_to:
            continue
        if not loaded and known.id not in ("governance-front-matter", "structure-body"):
            continue
        for line, message in known.check(doc, ctx):
            findings.append(Finding(doc.path, line, known.level, known.id, message))
    findings = apply_allows(doc, list(dict.fromkeys(findings)))  # once per line is enough
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    return FileReport(doc.path, doc.kind, findings)


def _renderer(project: Project):
    from ..render import Renderer

    return Renderer(project)

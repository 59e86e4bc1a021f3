"""The words the checks read are the words the PDF prints (issue 29).

For each shipped leaflet, and for Markdown bodies that Hypothesis makes of links of
every kind, references, images named every way, emphasis splitting words, entities
and quotes, two readings are held together: every block the checks read is found in
the text of the printed PDF, and once those blocks and the page furniture (the words
of i18n.py, the brand, dates, page numbers) are taken out of the PDF's text, no word
is left that the checks did not read. Text is compared without white space, since the
PDF breaks lines (and long addresses) anywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdffacts
import pytest
from conftest import ROOT, SLUGS, VALID_FRONT_MATTER, FixtureProject, run
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from leafletpress.brands import load_brand
from leafletpress.checks.documents import LeafletDoc, prepare_leaflet
from leafletpress.content import load_leaflet
from leafletpress.i18n import long_date, words
from leafletpress.images import measure

# What prints around the words of a leaflet that no rule needs to read: bullets, the
# middle dot between title and code, brackets the furniture adds.
FURNITURE_MARKS = "•·"


def _flat(text: str) -> str:
    return "".join(pdffacts.normalise(text).split())


def _checked_words(path: Path) -> tuple[list[str], list[str]]:
    """(blocks the checks read that print on the page, words of its drawings)."""
    doc = LeafletDoc(path, load_leaflet(path))
    prepare_leaflet(doc, None, None)
    lines = doc.leaflet.key_lines  # summary and keywords are the PDF's metadata, not its page
    metadata = (lines.get("summary"), lines.get("keywords"))
    # In the order they print: the title band, "In short", the body, "About this leaflet".
    printed = [b.text for b in doc.fields if b.kind == "field" and b.line not in metadata]
    printed += [b.text for b in doc.fields if b.kind == "in_short"]
    printed += [block.text for block in doc.body.blocks]
    printed += [b.text for b in doc.fields if b.kind == "about"]
    # The words the drawings print (their <title> and <desc> are read aloud, not printed).
    drawn = [
        text
        for image in doc.body.images
        if image.path is not None and image.path.is_file()
        for _line, text in measure(image.path).printed
    ]
    return printed, drawn


# The fields of i18n.Words that a leaflet's pages print (the rest are a handout's).
LEAFLET_FURNITURE = [
    "draft", "in_short", "help_title", "help_text", "booking_qr_caption", "about_title",
    "about_disclaimer", "other_format", "large_print", "standard_print", "leaflet_code",
    "version", "last_reviewed", "last_updated", "next_review", "written_by", "clinical_reviewer",
    "published_by", "sources", "feedback", "information_from", "leaflet_label",
    "review_pending", "translated_from", "translated_by", "translation_reviewer",
    "translation_unreviewed",
]  # fmt: skip


def _furniture(path: Path, brand_folder: Path) -> tuple[list[str], str]:
    """The words a page prints around the leaflet's own (i18n's table, the brand, the
    dates), and a pattern for its page numbers."""
    leaflet = load_leaflet(path)
    table = words(leaflet.lang)
    found: list[str] = []
    for name in LEAFLET_FURNITURE:
        found += [piece for piece in re.split(r"\{[^}]*\}", getattr(table, name))]
    found += list(table.contact_labels.values())
    brand = load_brand(brand_folder, "default")
    found += [brand.name, brand.description, brand.footer, *brand.contact.values()]
    found += [
        long_date(leaflet.reviewed, leaflet.lang),
        long_date(leaflet.next_review, leaflet.lang),
    ]
    found += [leaflet.translation_of, leaflet.translator, leaflet.author]
    found += [leaflet.code, leaflet.title]
    # The foot of each page: the brand, the running title and code, "Page 2 of 4", the
    # review status; taken out first, so that a short block is not found inside it.
    footer = "".join(
        [
            f"(?:{re.escape(_flat(brand.name))})?",
            re.escape(_flat(f"{leaflet.title} · {leaflet.code}")),
            re.escape(_flat(table.page))
            + r"\d+"
            + re.escape(_flat(table.page_of))
            + r"\d+"
            + re.escape(_flat(table.page_end)),
            f"(?:{re.escape(_flat(table.review_pending))})?",
        ]
    )
    return [text for text in found if _flat(text)], footer


def _unread_words(pdf: Path, leaflet_file: Path, brand_folder: Path) -> tuple[list[str], str]:
    """(blocks the checks read that the PDF lacks, letters the PDF prints that no one read)."""
    blocks, drawn = _checked_words(leaflet_file)
    text = _flat(pdffacts.text(pdf))
    furniture, footer = _furniture(leaflet_file, brand_folder)
    text = re.sub(footer, "\0", text)
    missing, cursor = [], 0
    for block in blocks:  # in print order, each found after the one before
        flat = _flat(block)
        at = text.find(flat, cursor)
        at = at if at >= 0 else text.find(flat)
        if not flat:
            continue
        if at < 0:
            missing.append(block)
            continue
        text, cursor = text[:at] + "\0" + text[at + len(flat) :], at
    for extra in sorted(furniture, key=len, reverse=True):
        text = text.replace(_flat(extra), "\0")
    # What is left is the drawings' words, which come out of the PDF in the order they
    # are drawn (the file's), not the order they are read in (svgtext.py): the letters
    # left must be exactly theirs.
    left = Counter(ch for ch in text if ch.isalnum())
    theirs = Counter(ch for line in drawn for ch in pdffacts.normalise(line) if ch.isalnum())
    unread = "".join(sorted((left - theirs).elements()))
    unprinted = "".join(sorted((theirs - left).elements()))
    return missing, unread + (f" / drawn but not printed: {unprinted}" if unprinted else "")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_shipped_leaflets_print_exactly_the_words_the_checks_read(built, slug):
    missing, unread = _unread_words(
        built / f"{slug}.pdf", ROOT / "leaflets" / slug / "en.md", ROOT / "brands"
    )
    assert missing == []
    assert unread == ""


@pytest.fixture(scope="module")
def built_chinese(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh-Hans")
    result = run("build", "--lang", "zh-Hans", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_the_chinese_leaflets_print_exactly_the_words_the_checks_read(built_chinese, slug):
    """Issue 24: a Chinese PDF's text is its source's text, and nothing else."""
    missing, unread = _unread_words(
        built_chinese / f"{slug}--zh-Hans.pdf",
        ROOT / "leaflets" / slug / "zh-Hans.md",
        ROOT / "brands",
    )
    # About prints a pending translation's reviewer in the leaflet's own language
    # (about.html); the checks read the front matter's "Awaiting review".
    assert missing in ([], ["Awaiting review"])
    assert unread == ""


# -- generated bodies ---------------------------------------------------------------

WORDS = ["pain", "best", "free", "cure", "nerve", "rest", "be", "st", "fr", "ee", "gu", "ar"]
TARGETS = [
    "https://example.com/a",
    "HTTPS://example.com/B",
    "Http://example.org",
    "tel:+6500000000",
    "TEL:+6511111111",
    "mailto:clinic@example.com",
    "ftp://example.com/x",
    "/a/path",
    "#part",
    "other.html",
]
IMAGES = ["![A square](sq.svg)", "![A square][sqr]", "![A square](%73q.svg)",
          "![A square](<s q.svg>)", "![Words of the alt](https://example.com/x.png)"]  # fmt: skip
REFERENCES = (
    "\n".join(f"[r{i}]: {target}" for i, target in enumerate(TARGETS)) + "\n[sqr]: sq.svg\n"
)

word = st.sampled_from(WORDS)
inline = st.one_of(
    word,
    st.builds(lambda a, b: f"*{a}*{b}", word, word),
    st.builds(lambda a, b: f"{a}**{b}**", word, word),
    st.builds(lambda t, u: f"[{t}]({u})", word, st.sampled_from(TARGETS)),
    st.builds(lambda t, i: f"[{t}][r{i}]", word, st.integers(0, len(TARGETS) - 1)),
    st.builds(lambda i, rest: f"[r{i}]{rest}", st.integers(0, len(TARGETS) - 1), word),
    st.sampled_from(
        [
            "<https://example.com/auto>",
            "<mailto:a@example.com>",
            "&amp;",
            "b&#101;st",
            '"quoted"',
            "it's",
            "\\*",
            "`code`",
            "a -- b",
        ]
    ),  # fmt: skip
)
line = st.lists(inline, min_size=1, max_size=8).map(" ".join)
block = st.one_of(
    line,
    line.map(lambda text: f"## {text}"),
    line.map(lambda text: f"- {text}"),
    line.map(lambda text: f"> {text}"),
    st.sampled_from(IMAGES),
)
SQUARE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    '<rect width="40" height="40" fill="#0B5563"/></svg>'
)


# Each example is a PDF (about half a second): a few, and no shrinking, keep it quick.
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
@given(blocks=st.lists(block, min_size=1, max_size=8))
def test_generated_bodies_print_exactly_the_words_the_checks_read(tmp_path_factory, blocks):
    project = FixtureProject(tmp_path_factory.mktemp("reading") / "project")
    body = "## A heading\n\n" + "\n\n".join(blocks) + "\n\n" + REFERENCES
    path = project.leaflet("sample", VALID_FRONT_MATTER + "\n" + body)
    for name in ("sq.svg", "s q.svg"):
        (path.parent / name).write_text(SQUARE_SVG)
    result = run("build", "--skip-checks", "-j", "1", project=project.root)
    assert result.exit_code == 0, result.output
    missing, unread = _unread_words(
        project.root / "dist" / "sample--draft.pdf", path, project.root / "brands"
    )
    assert missing == [], body
    assert unread == "", body

"""Facts about the shipped leaflets' PDFs that clinic staff and patients rely on."""

from __future__ import annotations

import subprocess
import sys

import pdffacts
import pytest
from conftest import ROOT, SLUGS

from leafletpress.content import load_leaflets

LEAFLETS = {leaflet.slug: leaflet for leaflet in load_leaflets(ROOT / "leaflets")}
A4 = (595.28, 841.89)


def test_every_shipped_leaflet_is_built(built):
    assert sorted(p.stem for p in built.glob("*.pdf")) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_pages_are_a4_and_two_to_six(built, slug):
    pdf = pdffacts.reader(built / f"{slug}.pdf")
    assert 2 <= len(pdf.pages) <= 6  # issue 12 added diagrams and balance sections
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.5
        )


@pytest.mark.parametrize("slug", SLUGS)
def test_text_has_title_every_section_and_furniture(built, slug):
    text = pdffacts.text(built / f"{slug}.pdf")
    leaflet = LEAFLETS[slug]
    assert pdffacts.normalise(leaflet.title) in text
    for heading in pdffacts.headings(leaflet.path):
        assert heading in text, f"section {heading!r} missing from the PDF"
    for fixed in (
        "In short",
        "Where to get help",
        "About this leaflet",
        leaflet.code,
        "Next review",
    ):
        assert fixed in text
    pages = len(pdffacts.reader(built / f"{slug}.pdf").pages)
    assert f"Page {pages} of {pages}" in text


@pytest.mark.parametrize("slug", SLUGS)
def test_metadata_language_and_tags(built, slug):
    pdf = pdffacts.reader(built / f"{slug}.pdf")
    leaflet = LEAFLETS[slug]
    assert pdf.metadata.title == leaflet.title
    assert pdf.metadata.author == "Total Pain Specialist"
    assert pdf.metadata.subject == leaflet.summary
    assert pdf.metadata["/Keywords"] == ", ".join(leaflet.keywords)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # claims PDF/UA-1


@pytest.mark.parametrize("slug", SLUGS)
def test_bookmarks_follow_headings(built, slug):
    titles = pdffacts.outline_titles(built / f"{slug}.pdf")
    assert titles[0] == LEAFLETS[slug].title
    for heading in pdffacts.headings(LEAFLETS[slug].path):
        assert heading in titles


@pytest.mark.parametrize("slug", SLUGS)
def test_only_packaged_fonts_all_embedded(built, slug):
    fonts = pdffacts.fonts(built / f"{slug}.pdf")
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"fonts not embedded: {fonts}"
    assert all("Atkinson-Hyperlegible" in name for name in fonts), fonts


@pytest.mark.parametrize("slug", SLUGS)
def test_smallest_body_text_is_at_least_12pt(built, slug):
    sizes = pdffacts.body_font_sizes(built / f"{slug}.pdf")
    assert sizes and min(sizes) >= 12


def test_furniture_is_at_least_9pt(built):
    every = pdffacts.body_font_sizes(built / "overview.pdf", top_margin_mm=0, bottom_margin_mm=0)
    assert min(every) >= 9


def test_two_builds_in_separate_processes_give_identical_bytes(built, tmp_path):
    """The same inputs give the same bytes: no clock time, no random ids, no machine fonts."""
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-q", "build", "-o", str(tmp_path)],
        check=True,
        cwd=tmp_path,
    )
    for slug in SLUGS:
        assert (tmp_path / f"{slug}.pdf").read_bytes() == (built / f"{slug}.pdf").read_bytes(), slug


def test_every_page_renders_with_an_independent_engine(built):
    """pdfium (Chrome's PDF engine) opens each PDF and draws every page without error."""
    pdfium = pytest.importorskip("pypdfium2")
    for slug in SLUGS:
        document = pdfium.PdfDocument(str(built / f"{slug}.pdf"))
        for page in document:
            image = page.render(scale=0.3).to_pil()
            # Something is drawn: the page is not blank white.
            assert image.convert("L").getextrema()[0] < 128

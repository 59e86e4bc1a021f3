"""A handout printed double-sided: leaflets start on right-hand pages; steps follow notes."""

from __future__ import annotations

import re

import pdffacts
import pytest
from conftest import ROOT

from leafletpress import handout as handout_stage
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflets
from leafletpress.project import Project
from leafletpress.render import Renderer

LEAFLETS = sorted(load_leaflets(ROOT / "leaflets"), key=lambda leaflet: leaflet.slug)
BRAND = load_brand(ROOT / "brands", "example-partner")
BLANK = "This page is intentionally blank"
STEPS = [f"Step number {n}: do this before your next visit" for n in range(1, 6)]
# Notes that fill most of the cover: the next steps begin below them and run on overleaf.
LONG_NOTES = ["Walk for twenty minutes every day and rest when the pain gets worse. " * 18]


def _render(tmp_path, name, leaflets, notes, steps=STEPS):
    made = handout_stage.make_handout(
        "A. Patient", leaflets, BRAND, doctor="Dr B", notes=notes, next_steps=steps
    )
    path = tmp_path / name
    path.write_bytes(handout_stage.render_handout(made, Renderer(Project(ROOT))).pdf)
    return path


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """Two leaflets, after a cover with a short note that fits on one page."""
    path = _render(tmp_path_factory.mktemp("pack"), "pack.pdf", LEAFLETS[:2], ["Walk daily."], [])
    assert "Questions?" in pdffacts.page_texts(path)[0]
    return path


def test_each_leaflet_starts_on_a_right_hand_odd_page(pack):
    starts = [page for title, page in pdffacts.outline_pages(pack)[1:]]
    assert len(starts) == 2
    assert all(page % 2 == 1 for page in starts), starts


def test_a_left_page_left_blank_says_so_and_nothing_else(pack):
    pages = pdffacts.page_texts(pack)
    starts = [page for title, page in pdffacts.outline_pages(pack)]
    assert starts[1] == 3  # a one-page cover, so page 2 is left blank
    assert pages[1].strip() == BLANK  # no page number: it belongs to no leaflet
    blanks = [number for number, text in enumerate(pages, 1) if BLANK in text]
    assert all(number + 1 in starts for number in blanks)  # only ever before a leaflet


def test_next_steps_follow_long_notes_on_the_cover_where_they_fit(tmp_path):
    path = _render(tmp_path, "long-notes.pdf", LEAFLETS[:2], LONG_NOTES)
    pages = pdffacts.page_texts(path)
    cover = pages[0]
    assert "Notes from your doctor" in cover
    assert "Your next steps" in cover and STEPS[0] in cover
    # A cover of two pages: the first leaflet starts on page 3, with no blank page before
    # it, and the contents (on the cover's second page) say so.
    starts = [page for title, page in pdffacts.outline_pages(path)[1:]]
    assert starts[0] == 3 and BLANK not in pages[1]
    for leaflet, start in zip(LEAFLETS[:2], starts, strict=True):
        assert re.search(re.escape(leaflet.title) + rf"[ .]*page {start}\b", pages[1])
        assert pages[start - 1].startswith(f"{BRAND.name} Information from")

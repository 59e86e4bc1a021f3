"""A leaflet no clinician has reviewed says so on every page, in every layout and in handouts."""

from __future__ import annotations

import pdffacts
import pytest
from conftest import FixtureProject, front_matter, run

LINE = "Not yet clinically reviewed"
# Enough text for two A4 pages, and little enough for a tri-fold's three inside panels.
BODY = "".join(
    f"## Section {n}\n\n"
    + "A sentence about the treatment and what it means for you. " * 9
    + "\n\n"
    for n in range(1, 7)
)


def _leaflet(title: str, code: str, reviewer: str) -> str:
    """A valid leaflet with this title, code and clinical reviewer, and a tri-fold list."""
    front = front_matter(title=title, code=code)
    front = front.removesuffix("---\n")
    trifold = "trifold:\n  - Section 1\n  - Section 2\n"
    return f"{front}reviewer: {reviewer}\n{trifold}---\n\n{BODY}"


# A page left blank so that the next leaflet starts on the right belongs to no leaflet.
BLANK = "This page is intentionally blank"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """One pending and one reviewed leaflet, as leaflets, tri-folds and one handout of both."""
    root = tmp_path_factory.mktemp("review")
    project = FixtureProject(root / "project")
    project.leaflet("pending", _leaflet("Pending leaflet", "TEST-01", "Awaiting clinical review"))
    project.leaflet("reviewed", _leaflet("Reviewed leaflet", "TEST-02", "Dr A. Tan"))
    out = root / "out"
    result = project.build("--layout", "all", "-j", "1", "-o", str(out))  # in-process: quicker
    assert result.exit_code == 0, result.output
    handout = out / "handout.pdf"
    result = run(
        "handout", "pending", "reviewed", "--patient", "A. Patient", "--brand",
        "example-partner", "-o", str(handout), project=project.root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", ["pending.pdf", "pending--trifold.pdf"])
def test_every_page_of_a_pending_leaflet_says_it_is_not_yet_reviewed(pdfs, name):
    pages = pdffacts.page_texts(pdfs / name)
    assert len(pages) >= 2
    assert all(LINE in text for text in pages)


@pytest.mark.parametrize("name", ["reviewed.pdf", "reviewed--trifold.pdf"])
def test_a_named_reviewer_removes_the_line(pdfs, name):
    assert not any(LINE in text for text in pdffacts.page_texts(pdfs / name))


def test_a_handout_says_it_on_every_page_until_a_reviewed_leaflet_starts(pdfs):
    path = pdfs / "handout.pdf"
    pages = pdffacts.page_texts(path)
    reviewed_starts = dict(pdffacts.outline_pages(path))["Reviewed leaflet"]
    assert reviewed_starts > 3
    before = [text for text in pages[: reviewed_starts - 1] if BLANK not in text]
    assert all(LINE in text for text in before)  # the cover and the pending leaflet
    assert not any(LINE in text for text in pages[reviewed_starts - 1 :])

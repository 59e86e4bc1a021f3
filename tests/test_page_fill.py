"""Pages that are full: every page but the last well used, nothing stranded, tables whole.

Measured on the rendered PDFs with pdfium (see pagefill.py): a page's used height is how
far down its text area the lowest line or box reaches. Run over the default build and
the matrix of brands x editions (A4 leaflet layout), and over a fixture built to break
every rule, so that the measures are known to catch what they look for.
"""

from __future__ import annotations

import pytest
from conftest import SLUGS, FixtureProject, front_matter
from pagefill import measure

# Every page but the last is at least this full. Large print is held to less: at 18 pt a
# heading with the lines that must follow it takes a fifth of a page, so a page may end
# that much short before a new section.
LEAST_FILL = 0.85
LEAST_FILL_LARGE_PRINT = 0.75
# Issue 22: a patient leaflet is one folded A3 sheet or two A4 sheets, four pages at most,
# its last page at least half used; large print at most eight pages, none under 40%.
MOST_PAGES, MOST_PAGES_LARGE_PRINT = 4, 8
LEAST_LAST_FILL, LEAST_ANY_FILL_LARGE_PRINT = 0.50, 0.40
# Boxes that never split: a line near each one's head, and its last line.
BOXES = {
    "overview": [("Get help urgently", "new weakness or numbness in both legs")],
    "when-to-see-a-specialist": [("Get help urgently", "new weakness or numbness in both legs")],
    "scs-what-to-expect": [("Get help urgently", "swollen, or leaks.")],
}
HELP_BOX_ENDS = {"": "Pain specialist clinic, Singapore", "partner": "not a real practice."}
VARIANTS = ["", "--large-print", "--example-partner", "--example-partner--large-print"]
NAMES = [f"{slug}{variant}.pdf" for slug in SLUGS for variant in VARIANTS]


@pytest.fixture(scope="module")
def measured(built, matrix):
    """Every default PDF and every leaflet-layout PDF of the matrix, measured once."""
    found = {f"dist/{path.name}": measure(path) for path in sorted(built.glob("*.pdf"))}
    found.update({name: measure(matrix / name) for name in NAMES})
    return found


def _problems(pdf) -> list[str]:
    large = "large-print" in pdf.path.name
    least = LEAST_FILL_LARGE_PRINT if large else LEAST_FILL
    problems = pdf.underfilled(least) + [f"stranded: {s}" for s in pdf.stranded()]
    problems += [f"heading at the foot: {s}" for s in pdf.heading_at_foot()]
    problems += [p for p in (pdf.wasted_last_page(),) if p]
    if pdf.lone_title_word():
        problems.append(f"the title ends in a lone word: {pdf.lone_title_word()!r}")
    about = {page for label in ("Leaflet code", "Published by") for page in pdf.page_of(label)}
    if len(about) > 1:
        problems.append(f"the About table is split over pages {sorted(about)}")
    return problems


def _issue_22_problems(pdf) -> list[str]:
    """Pages, last-page use and boxes, held for the shipped leaflets only (issue 22)."""
    large = "large-print" in pdf.path.name
    most = MOST_PAGES_LARGE_PRINT if large else MOST_PAGES
    problems = []
    if len(pdf.pages) > most:
        problems.append(f"{pdf.path.name} has {len(pdf.pages)} pages, more than {most}")
    last = pdf.pages[-1]
    if large:
        problems += [
            f"{pdf.path.name} page {page.number} is {page.fill:.0%} full"
            for page in pdf.pages
            if page.fill < LEAST_ANY_FILL_LARGE_PRINT
        ]
    elif last.fill < LEAST_LAST_FILL:
        problems.append(f"{pdf.path.name}: the last page is {last.fill:.0%} full")
    slug = pdf.path.name.split("--")[0].removesuffix(".pdf")
    ends = HELP_BOX_ENDS["partner" if "example-partner" in pdf.path.name else ""]
    for head, end in [*BOXES.get(slug, []), ("Where to get help", ends)]:
        pages = {*pdf.page_of(head), *pdf.page_of(end)}
        if len(pages) != 1:
            problems.append(
                f"{pdf.path.name}: the box '{head}' is split over pages {sorted(pages)}"
            )
    return problems


def test_the_default_build_is_measured(measured):
    assert sorted(name for name in measured if name.startswith("dist/")) == [
        f"dist/{slug}.pdf" for slug in SLUGS
    ]


@pytest.mark.parametrize("name", [f"dist/{slug}.pdf" for slug in SLUGS] + NAMES)
def test_pages_are_full_and_nothing_is_stranded_or_split(measured, name):
    assert _problems(measured[name]) == []


@pytest.mark.parametrize("name", [f"dist/{slug}.pdf" for slug in SLUGS] + NAMES)
def test_each_leaflet_is_four_pages_or_eight_in_large_print_and_no_box_splits(measured, name):
    assert _issue_22_problems(measured[name]) == []


@pytest.mark.parametrize("name", ["dist/scs-what-to-expect.pdf", *NAMES[4:8]])
def test_a_title_with_a_colon_breaks_after_it(measured, name):
    assert measured[name].title_lines() == ["Spinal cord stimulation:", "what to expect"]


# -- the measures catch what they look for -----------------------------------------

BROKEN_CSS = """
/* Each rule below breaks one thing the page-fill test looks for. */
main.content > h2:nth-of-type(2) { break-before: page; }   /* page 1 left half empty */
main.content > h2:nth-of-type(3) { break-after: page; }    /* a heading stranded */
main.content > h2:nth-of-type(4) + p { break-after: page; } /* a list intro parted */
.about, .about dl { break-inside: auto; display: block; }
.about dt:nth-of-type(4) { break-before: page; }           /* the About table split */
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A leaflet laid out by a stylesheet that breaks every rule above."""
    root = tmp_path_factory.mktemp("broken")
    project = FixtureProject(root / "project")
    with (project.root / "styles" / "base.css").open("a") as css:
        css.write(BROKEN_CSS)
    # The title as it is, without the no-break space that keeps its last two words together.
    (project.root / "templates" / "partials" / "title_text.html").write_text("{{ leaflet.title }}")
    sentences = "This sentence is here to fill the page with plain text. " * 6
    body = "\n\n".join(
        [
            f"## First part\n\n{sentences}",
            f"## Second part\n\n{sentences}",
            f"## Third part\n\n{sentences}\n\n{sentences}",
            "## Fourth part\n\nThe aims are to help you:\n\n- move\n- sleep\n- work",
        ]
    )
    front = front_matter(title='"Spinal cord stimulation: what to expect"')
    project.leaflet("broken", front + "\n" + body + "\n")
    result = project.build("-j", "1", "-o", str(root / "out"))
    assert result.exit_code == 0, result.output
    return measure(root / "out" / "broken.pdf")


def test_the_measures_catch_a_layout_built_to_break_them(broken):
    problems = "\n".join(_problems(broken))
    assert "page 1 is" in problems  # under-filled
    assert "stranded: broken.pdf page 2: 'Third part'" in problems
    assert "help you:" in problems
    assert "lone word: 'expect'" in problems
    assert "About table is split" in problems

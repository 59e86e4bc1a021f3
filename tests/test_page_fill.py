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
VARIANTS = ["", "--large-print", "--example-partner", "--example-partner--large-print"]
NAMES = [f"{slug}{variant}.pdf" for slug in SLUGS for variant in VARIANTS]


@pytest.fixture(scope="module")
def measured(built, matrix):
    """Every default PDF and every leaflet-layout PDF of the matrix, measured once."""
    found = {f"dist/{path.name}": measure(path) for path in sorted(built.glob("*.pdf"))}
    found.update({name: measure(matrix / name) for name in NAMES})
    return found


def _problems(pdf) -> list[str]:
    least = LEAST_FILL_LARGE_PRINT if "large-print" in pdf.path.name else LEAST_FILL
    problems = pdf.underfilled(least) + [f"stranded: {s}" for s in pdf.stranded()]
    problems += [p for p in (pdf.wasted_last_page(),) if p]
    if pdf.lone_title_word():
        problems.append(f"the title ends in a lone word: {pdf.lone_title_word()!r}")
    about = {page for label in ("Leaflet code", "Published by") for page in pdf.page_of(label)}
    if len(about) > 1:
        problems.append(f"the About table is split over pages {sorted(about)}")
    return problems


def test_the_default_build_is_measured(measured):
    assert sorted(name for name in measured if name.startswith("dist/")) == [
        f"dist/{slug}.pdf" for slug in SLUGS
    ]


@pytest.mark.parametrize("name", [f"dist/{slug}.pdf" for slug in SLUGS] + NAMES)
def test_pages_are_full_and_nothing_is_stranded_or_split(measured, name):
    assert _problems(measured[name]) == []


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

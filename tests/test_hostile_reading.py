"""The checks read what prints: the security re-test's seven cases (issue 29).

Each test reproduces one way words or shapes got past the checks, or a build was made
to hang, and holds the tool to refusing it (or, for the manifest, recovering) with one
clear line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, front_matter

from leafletpress.manifest import MANIFEST_NAME, Manifest
from leafletpress.project import Project
from leafletpress.render import Renderer

# -- 7: the manifest is read like every other input ------------------------------------


def _summary(result) -> tuple[int, int, int]:
    match = re.search(r"Built (\d+) PDFs?, (\d+) unchanged, (\d+) failed, in", result.stderr)
    assert match, result.stderr
    return tuple(int(n) for n in match.groups())


def _manifest_notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if MANIFEST_NAME in line]


def _builds_over_a_damaged_manifest(project, pattern: str) -> None:
    """A build over the damaged manifest rebuilds, says so once, and mends it."""
    result = project.build("-j", "1")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert _summary(result) == (1, 0, 0)
    notes = _manifest_notes(result)
    assert len(notes) == 1, result.stderr
    assert re.search(rf"^The manifest \S*{re.escape(MANIFEST_NAME)} {pattern}", notes[0]), notes
    assert notes[0].endswith(": every PDF is rebuilt and the manifest written anew.")
    path = project.root / "dist" / MANIFEST_NAME
    assert path.is_file() and not path.is_symlink()
    again = project.build("-j", "1")  # mended: the next build trusts it and says nothing
    assert _summary(again) == (0, 1, 0)
    assert _manifest_notes(again) == []


def test_a_manifest_that_is_a_pipe_is_not_waited_for(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    os.mkfifo(dist / MANIFEST_NAME)
    # Opened plainly, a pipe waits for a writer for good: try it in a thread first, so
    # that a hang fails this test instead of holding the suite.
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (Manifest(dist, Renderer(Project.at(fixture_project.root))), done.set()),
        daemon=True,
    )
    thread.start()
    if not done.wait(5):
        # Let the waiting open go: a writer that comes and goes at once.
        os.close(os.open(dist / MANIFEST_NAME, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a manifest that is a pipe waited for a writer")
    _builds_over_a_damaged_manifest(fixture_project, r"is not a regular file")


def test_a_manifest_linked_to_an_endless_device_is_not_read(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).symlink_to("/dev/zero")
    # Read whole, /dev/zero fills memory: first read it in a child process held to
    # 1 GB and 20 s, so the old way fails this test without harming the machine.
    probe = (
        "import resource, sys; from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from leafletpress.manifest import Manifest\n"
        "from leafletpress.project import Project\n"
        "from leafletpress.render import Renderer\n"
        "root = Path(sys.argv[1])\n"
        "Manifest(root / 'dist', Renderer(Project.at(root)))\n"
    )
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", probe, str(fixture_project.root)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert time.perf_counter() - started < 10
    _builds_over_a_damaged_manifest(fixture_project, r"is not a regular file")


def test_a_manifest_nested_past_the_recursion_limit_is_rebuilt(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).write_text('{"a":' + "[" * 100_000)
    _builds_over_a_damaged_manifest(fixture_project, r"is not a manifest")


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '{"format": 1, "pdfs": [1]}', '{"format": 1, "pdfs": {"a.pdf": 5}}', "\xff\xfe"],
)
def test_a_manifest_of_another_shape_is_rebuilt(fixture_project, text):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).write_text(text, encoding="latin-1")
    _builds_over_a_damaged_manifest(fixture_project, r"is not a manifest")


def test_a_brand_colour_with_a_line_break_after_it_is_refused(fixture_project):
    fixture_project.valid_leaflet()
    brand = fixture_project.root / "brands" / "default.toml"
    text = brand.read_text(encoding="utf-8")
    colour = re.search(r'primary = "(#[0-9A-Fa-f]{6})"', text)
    brand.write_text(text.replace(colour.group(0), f'primary = "{colour.group(1)}\\n"'))
    result = fixture_project.build("-j", "1")
    assert result.exit_code == 1, result.output
    assert "'colours.primary' must be a colour like" in result.stderr


# -- 1: SVG references counted as the engine follows them ------------------------------

CORPUS = ROOT / "tests" / "hostile"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="440" height="80">{}</svg>'
SQUARE = '<rect width="1" height="1"/>'


def _measured(text: str, tmp_path, name: str = "bomb.svg"):
    """The measure of ``text`` saved as ``name``, and the seconds measuring took."""
    from leafletpress import images

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    found = images.measure(path)
    return found, time.perf_counter() - started


def _nested_uses(href: str) -> str:
    """Ten uses of a group, each of ten uses of the group before, six deep (1.7 KB)."""
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    for level in range(1, 7):
        uses = "".join(f'<use href="{href}{level - 1}"/>' for _ in range(10))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return SVG.format("<defs>" + "".join(groups) + f'</defs><use href="{href}6"/>')


@pytest.mark.parametrize(
    "href",
    [
        pytest.param("bomb.svg#g", id="its-own-file-name"),
        pytest.param("./bomb.svg#g", id="its-own-file-name-from-this-folder"),
        pytest.param("b%6Fmb.svg#g", id="its-own-file-name-percent-encoded"),
        pytest.param(" #g", id="a-fragment-after-a-space"),
    ],
)
def test_nested_uses_naming_the_drawings_own_file_are_refused_by_measuring(tmp_path, href):
    found, seconds = _measured(_nested_uses(href), tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem
    assert seconds < 0.5


def test_a_use_bomb_through_its_own_file_name_is_one_line_from_build(tmp_path, no_network):
    from conftest import FixtureProject, assert_one_error

    project = FixtureProject(tmp_path / "project")
    project.valid_leaflet(body="## A heading\n\n![A drawing of the spine](bomb.svg)\n")
    (project.root / "leaflets" / "sample" / "bomb.svg").write_text(_nested_uses("bomb.svg#g"))
    result = project.build("-j", "1")
    assert_one_error(result, r"image 'bomb\.svg' is an SVG that draws more than 20,000 shapes")


@pytest.mark.parametrize(
    "marked",
    [
        pytest.param('marker-mid="#m"', id="marker-mid-without-url"),
        pytest.param('marker-mid="bomb.svg#m"', id="marker-mid-naming-its-own-file"),
        pytest.param('marker-end="url(\'#m\')" marker-start="url(#m)"', id="url-in-quotes"),
    ],
)
def test_a_marker_named_without_url_counts_at_every_vertex(tmp_path, marked):
    """300 squares on a 30,000-point polyline: some 9 million shapes (30.9 s, 333 MB)."""
    points = " ".join(f"{i % 400} {i % 70}" for i in range(30_000))
    text = SVG.format(
        f'<defs><marker id="m">{SQUARE * 300}</marker></defs><polyline {marked} points="{points}"/>'
    )
    found, seconds = _measured(text, tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem
    assert seconds < 0.5


def test_a_marker_set_on_a_group_counts_on_every_shape_inside(tmp_path):
    """The engine passes fill, stroke and markers down to every element of a group."""
    lines = "".join(f'<path d="M0 {i} l1 1 l1 1 l1 1"/>' for i in range(400))
    text = SVG.format(
        f'<defs><marker id="m">{SQUARE * 40}</marker></defs><g marker-mid="url(#m)">{lines}</g>'
    )
    found, _ = _measured(text, tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem


def test_a_pattern_filling_a_group_counts_for_every_shape_inside(tmp_path):
    shapes = SQUARE * 300
    text = SVG.format(
        f'<defs><pattern id="p" width="5" height="5">{SQUARE * 100}</pattern></defs>'
        f'<g fill="url(#p)">{shapes}</g>'
    )
    found, _ = _measured(text, tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem


@pytest.mark.parametrize(
    "attribute",
    ['clip-path="#c"', 'mask="bomb.svg#c"', "filter=\"url('#c')\"", 'xlink:href="#c"'],
)
def test_every_referring_attribute_is_counted(tmp_path, attribute):
    text = SVG.format(
        f'<defs><clipPath id="c">{SQUARE * 100}</clipPath></defs>'
        + f'<rect width="1" height="1" {attribute}/>' * 300
    ).replace("<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')
    found, _ = _measured(text, tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem


def test_a_long_path_copied_many_times_is_counted_by_its_vertices(tmp_path):
    """100,000 vertices take the engine as long as 10,000 squares."""
    d = "M0 0" + " l1 1" * 30_000
    text = SVG.format(f'<defs><path id="p" d="{d}"/></defs>' + '<use href="#p"/>' * 10)
    found, _ = _measured(text, tmp_path)
    assert found.problem is not None and "more than 20,000 shapes" in found.problem


def test_an_image_naming_its_own_drawing_is_refused(tmp_path):
    found, _ = _measured(SVG.format('<image href="#x" width="10" height="10"/>'), tmp_path)
    assert found.problem is not None and "another SVG inside it" in found.problem


def test_the_shipped_drawings_still_measure_well_within_the_bound():
    from leafletpress import images

    for path in [*ROOT.glob("leaflets/*/*.svg"), *ROOT.glob("brands/*.svg")]:
        found = images.measure(path)
        assert found.problem is None and found.shapes < 2_000, (path, found)


# -- 5: SVG text read in the order it prints -------------------------------------------

FAMILY = 'font-family="Atkinson Hyperlegible, sans-serif" font-size="16"'


def _drawn(text: str, tmp_path) -> list[str]:
    found, _ = _measured(SVG.format(text), tmp_path, "words.svg")
    assert found.problem is None, found.problem
    return [words for _, words in found.texts]


def test_svg_text_split_across_text_elements_is_read_as_it_prints(tmp_path):
    drawn = _drawn(
        f'<text x="10" y="30" {FAMILY}>The be</text><text x="59.5" y="30" {FAMILY}>st clinic.'
        "</text>",
        tmp_path,
    )
    assert drawn == ["The best clinic."]


def test_tspans_placed_out_of_file_order_are_read_in_print_order(tmp_path):
    drawn = _drawn(
        f'<text y="30" {FAMILY}><tspan x="68">teed cure</tspan><tspan x="10">Guaran</tspan></text>',
        tmp_path,
    )
    assert drawn == ["Guaranteed cure"]


def test_letters_placed_one_by_one_are_read_in_print_order(tmp_path):
    drawn = _drawn(f'<text x="40 10 20 30" y="30" {FAMILY}>tbes</text>', tmp_path)
    assert drawn == ["best"]


def test_a_text_without_x_continues_where_the_last_one_ended(tmp_path):
    drawn = _drawn(
        f'<text x="10" y="30" {FAMILY}>fr</text><text {FAMILY}>ee offer</text>', tmp_path
    )
    assert drawn == ["free offer"]


def test_text_that_never_prints_does_not_part_the_words_that_do(tmp_path):
    drawn = _drawn(
        f'<text x="10" y="30" {FAMILY}>The be</text>'
        f'<defs><text x="40" y="30" {FAMILY}>zz</text></defs>'
        f'<text x="59.5" y="30" {FAMILY} visibility="hidden">yy</text>'
        f'<text x="59.5" y="30" {FAMILY}>st clinic.</text>',
        tmp_path,
    )
    assert drawn == ["The best clinic."]


def test_svg_words_split_by_position_are_advertising_errors_from_check(tmp_path, no_network):
    from conftest import FixtureProject

    project = FixtureProject(tmp_path / "project")
    project.valid_leaflet(body="## A heading\n\n![A drawing of the spine](words.svg)\n")
    (project.root / "leaflets" / "sample" / "words.svg").write_text(
        SVG.format(
            f'<text x="10" y="30" {FAMILY}>The be</text><text x="59.5" y="30" {FAMILY}>'
            "st clinic.</text>"
        )
    )
    result = project.build("-j", "1")
    assert result.exit_code == 1
    assert "ad-superlative: in words.svg, line 1: 'best'" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            f'<text x="10" y="30" {FAMILY} transform="rotate(90)">best</text>',
            "is turned, scaled or skewed",
            id="a-turned-text",
        ),
        pytest.param(
            f'<defs><text id="t" {FAMILY}>st</text></defs>'
            f'<text x="10" y="30" {FAMILY}>be</text><use href="#t" x="27"/>',
            "draws its text again through a reference",
            id="a-text-copied-by-use",
        ),
        pytest.param(
            f'<text {FAMILY}><textPath href="#p">best</textPath></text>',
            "not placed by x and y",
            id="text-along-a-path",
        ),
        pytest.param(
            f'<text x="10" y="30" {FAMILY} letter-spacing="9">be</text>',
            "spaces its letters with letter-spacing",
            id="letter-spacing",
        ),
    ],
)
def test_svg_text_whose_place_cannot_be_read_is_refused(tmp_path, text, expected):
    found, _ = _measured(SVG.format(text), tmp_path)
    assert found.problem is not None and expected in found.problem


def test_the_shipped_diagrams_read_line_by_line():
    from leafletpress import images

    found = images.measure(ROOT / "leaflets" / "overview" / "steps-of-care.svg")
    lines = [words for _, words in found.texts]
    assert "Simple care Injections An SCS trial A permanent" in lines
    assert "You can stop at any step, or choose no more treatment." in lines


# -- 6: an SVG's style cannot change the typeface or reach a file ----------------------


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        pytest.param(
            '<style>text{font-family:"DejaVu Serif"}</style>', "names a font", id="style-font"
        ),
        pytest.param(
            "<style>text{font:16px DejaVu Serif}</style>", "names a font", id="style-font-shorthand"
        ),
        pytest.param(
            r"<style>text{f\6fnt-family:serif}</style>", "names a font", id="escaped-property"
        ),
        pytest.param(
            r"<style>rect{fill:u\72l(#p)}</style>", "loads a font or a file", id="escaped-url"
        ),
        pytest.param(
            r'<style>@\69mport "x.css";</style>', "loads a font or a file", id="escaped-import"
        ),
        pytest.param(
            "<style>use{href:#g}</style>", "loads a font or a file", id="style-sets-an-href"
        ),
        pytest.param(
            "<style>path{marker-mid:#m}</style>", "loads a font or a file", id="marker-no-url"
        ),
        pytest.param(
            "<style>text{font-size:90px}</style>", "only an attribute", id="style-moves-letters"
        ),
        pytest.param(
            '<rect style="font-family:DejaVu Serif" width="1" height="1"/>',
            "names a font",
            id="style-attribute-font",
        ),
        pytest.param(
            f'<text {FAMILY} font="16px DejaVu Serif">Steps</text>',
            "names another typeface",
            id="font-attribute",
        ),
        pytest.param(
            f'<defs><text id="t" {FAMILY.replace("Atkinson Hyperlegible, ", "")}>Steps</text>'
            "</defs>",
            "names another typeface",
            id="text-with-a-system-family",
        ),
    ],
)
def test_svg_style_that_names_a_font_or_a_file_is_refused(tmp_path, css, expected):
    found, _ = _measured(SVG.format(css + f'<text x="1" y="20" {FAMILY}>Steps</text>'), tmp_path)
    assert found.problem is not None and expected in found.problem, found.problem


def test_svg_style_of_colours_only_is_accepted(tmp_path):
    style = "<style>rect{fill:#0B5563;stroke:#FFFFFF;stroke-width:2}</style>"
    found, _ = _measured(SVG.format(style + '<rect width="1" height="1"/>'), tmp_path)
    assert found.problem is None


# -- 2, 3, 4: the checks read the words and images that print --------------------------


def _check(tmp_path, body: str, **front) -> tuple[object, object]:
    """``check`` of a project holding one leaflet with ``body`` (and front matter)."""
    from conftest import VALID_FRONT_MATTER, FixtureProject, run

    project = FixtureProject(tmp_path / "project")
    text = (front_matter(**front) if front else VALID_FRONT_MATTER) + "\n" + body
    project.leaflet("sample", text)
    return project, run("check", project=project.root)


@pytest.mark.parametrize(
    ("body", "rule", "words"),
    [
        pytest.param(
            "We are the [be]st clinic.\n\n[be]: /a\n",
            "ad-superlative",
            "best",
            id="a-shortcut-reference-to-a-path-prints-its-words-only",
        ),
        pytest.param(
            "Ask for a [fr]ee consultation.\n\n[fr]: #top\n",
            "ad-inducement",
            "free consultation",
            id="a-shortcut-reference-to-a-link-that-is-removed",
        ),
        pytest.param(
            "A [gu][1]aranteed cure.\n\n[1]: ftp://example.com\n",
            "ad-guarantee",
            "guaranteed",
            id="a-full-reference-to-a-link-that-is-removed",
        ),
        pytest.param(
            "The *be*st clinic.\n", "ad-superlative", "best", id="emphasis-splitting-a-word"
        ),
        pytest.param(
            "The b&#101;st clinic.\n", "ad-superlative", "best", id="an-entity-inside-a-word"
        ),
        pytest.param(
            "The be\\st clinic, **100**% sure.\n", "ad-guarantee", "100%", id="bold-figure"
        ),
    ],
)
def test_words_split_by_links_emphasis_or_entities_are_read_as_they_print(
    tmp_path, body, rule, words
):
    _project, result = _check(tmp_path, "## A heading\n\n" + body)
    assert result.exit_code == 1, result.output
    assert f"error: {rule}: '{words}'" in result.output


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("HTTPS://example.com/a", "HTTPS://example.com/a"),
        ("tel:+6500000000", "+6500000000"),
        ("mailto:clinic@example.com", "clinic@example.com"),
    ],
)
def test_a_link_address_prints_after_its_words_whatever_its_scheme(tmp_path, target, shown):
    from leafletpress import markdown

    (block,) = markdown.parse(f"Call [the clinic]({target}) today.\n").blocks
    assert block.text == f"Call the clinic ({shown}) today."
    css = (ROOT / "styles" / "base.css").read_text()
    assert 'a[data-address]::after {\n  content: " (" attr(data-address) ")";' in css


def test_a_link_address_prints_in_the_pdf_as_the_checks_read_it(tmp_path, no_network):
    import pdffacts
    from conftest import FixtureProject

    project = FixtureProject(tmp_path / "project")
    project.valid_leaflet(
        body="## A heading\n\nCall [us][t] or [write][m] or see [this](HTTPS://example.com/x).\n\n"
        "[t]: tel:+6500000000\n[m]: mailto:clinic@example.com\n"
    )
    result = project.build("-j", "1")
    assert result.exit_code == 0, result.output
    # Compared without spaces: a long address breaks across lines anywhere.
    text = "".join(pdffacts.text(project.root / "dist" / "sample.pdf").split())
    expected = (
        "Call us (+6500000000) or write (clinic@example.com) or see this (HTTPS://example.com/x)."
    )
    assert "".join(expected.split()) in text


@pytest.mark.parametrize(
    ("body", "name"),
    [
        pytest.param("![A chart][sc]\n\n[sc]: ad.svg\n", "ad.svg", id="reference-style"),
        pytest.param("![A chart](%61d.svg)\n", "ad.svg", id="percent-encoded"),
        pytest.param("![A chart](<a d.svg>)\n", "a d.svg", id="angle-brackets-and-a-space"),
    ],
)
def test_svg_words_are_checked_however_the_image_is_named(tmp_path, body, name):
    from conftest import VALID_FRONT_MATTER, FixtureProject, run

    project = FixtureProject(tmp_path / "project")
    project.leaflet("sample", VALID_FRONT_MATTER + "\n## A heading\n\n" + body)
    svg = SVG.format(f'<text x="10" y="30" {FAMILY}>The best clinic</text>')
    (project.root / "leaflets" / "sample" / name).write_text(svg)
    result = run("check", project=project.root)
    assert result.exit_code == 1, result.output
    assert "ad-superlative: in" in result.output and ": 'best'" in result.output


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("![][sc]\n\n[sc]: p.png\n", id="reference-style"),
        pytest.param("![](%70.png)\n", id="percent-encoded"),
        pytest.param("![](<p q.png>)\n", id="angle-brackets-and-a-space"),
    ],
)
def test_an_image_without_alternative_text_is_found_however_it_is_named(tmp_path, body):
    from conftest import VALID_FRONT_MATTER, FixtureProject, run
    from imagemakers import png_header

    project = FixtureProject(tmp_path / "project")
    project.leaflet("sample", VALID_FRONT_MATTER + "\n## A heading\n\n" + body)
    for name in ("p.png", "p q.png"):
        (project.root / "leaflets" / "sample" / name).write_bytes(png_header(10, 10))
    result = run("check", project=project.root)
    assert result.exit_code == 1, result.output
    assert "a11y-alt-text: image" in result.output and "has no alternative text" in result.output


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("author", "Singapore's best pain clinic - guaranteed cure", "ad-superlative"),
        ("reviewer", "Dr Tan, 100% success", "ad-guarantee"),
        ("version", '"1.0, 20% discount this month"', "ad-inducement"),
        ("sources", "\n  - Our free consultation offer", "ad-inducement"),
    ],
)
def test_every_printed_front_matter_field_is_read_by_the_advertising_rules(
    tmp_path, key, value, rule
):
    _project, result = _check(tmp_path, "## A heading\n\nSome text.\n", **{key: value})
    assert result.exit_code == 1, result.output
    assert f"error: {rule}:" in result.output


def test_a_trifold_heading_with_an_apostrophe_is_found_as_it_prints():
    """Print makes What's into What’s; the tri-fold's list is read the same way."""
    from leafletpress import markdown

    body = "## What's next?\n\nText.\n\n## Other\n\nMore.\n"
    assert markdown.select_sections(body, ["What's next?"]) == ("## What's next?\n\nText.\n", [])


def test_an_image_named_percent_encoded_is_an_input_of_the_incremental_build(tmp_path):
    """Editing ad.svg, named %61d.svg or <a d.svg> or by a reference, rebuilds the PDF."""
    from leafletpress.manifest import images_named

    folder = tmp_path / "sample"
    folder.mkdir()
    for name in ("ad.svg", "a d.svg", "ref.svg", "other.svg"):
        (folder / name).write_text(SVG.format(SQUARE))
    leaflet = folder / "en.md"
    leaflet.write_text(
        "![A](%61d.svg) ![B](<a d.svg>) ![C][r]\n\n[r]: r%65f.svg\n", encoding="utf-8"
    )
    assert [p.name for p in images_named(leaflet)] == ["a d.svg", "ad.svg", "ref.svg"]

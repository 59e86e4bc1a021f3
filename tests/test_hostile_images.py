"""Hostile images and sizes (issue 10, items 1, 15 and 17): bounded work, text kept on the page.

Each test names an input that once hung a build, ran text off the paper or read a huge
file, and what the tool answers now: one clear line, at once, or a PDF whose text stays
on its pages. The SVG inputs live in tests/hostile/images/ (see its README); large ones
are made here.
"""

from __future__ import annotations

import base64
import time
import warnings
from pathlib import Path

import pdffacts
import pypdfium2 as pdfium
import pytest
from conftest import EARLIER_PDF, ROOT, FixtureProject, assert_one_error, run
from imagemakers import png_header, use_fan
from PIL import Image

from leafletpress import engine, limits
from leafletpress.errors import Problem

CORPUS = Path(__file__).parent / "hostile"
IMAGE_LINE = 18  # the file line of the image in a body of a heading, a blank line, the image
BODY_LINE = 15  # the file line where a body after VALID_FRONT_MATTER starts
VALID_BRAND = (ROOT / "brands" / "default.toml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path, no_network) -> FixtureProject:
    made = FixtureProject(tmp_path / "project")
    made.valid_leaflet(body="## A heading\n\n![A drawing of the spine](picture.svg)\n")
    return made


def picture(project: FixtureProject, name: str = "picture.svg") -> Path:
    return project.root / "leaflets" / "sample" / name


def earlier_pdf(project: FixtureProject) -> Path:
    pdf = project.root / "dist" / "sample.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(EARLIER_PDF)
    return pdf


# -- Item 1: SVG drawings that multiply themselves, or hide entities and images ---------

SVGS = [
    pytest.param(
        "svg-use-bomb.svg",
        r"is an SVG that draws more than 20,000 shapes once its <use> copies are expanded",
        id="svg-of-ten-uses-six-levels-deep-a-million-shapes-is-refused-at-once",
    ),
    pytest.param(
        "svg-use-chain.svg",
        r"is an SVG whose references \(<use>\) go 10 deep; 8 at most",
        id="svg-whose-uses-chain-ten-deep-is-refused",
    ),
    pytest.param(
        "svg-use-circle.svg",
        r"is an SVG whose references \(<use>\) go round in a circle",
        id="svg-whose-uses-refer-to-each-other-is-refused",
    ),
    pytest.param(
        "svg-deep-groups.svg",
        r"is an SVG whose elements are nested more than 50 deep; flatten its groups",
        id="svg-of-groups-nested-60-deep-is-refused",
    ),
    pytest.param(
        "svg-entity-bomb.svg",
        r"is an SVG that declares entities \(in its DOCTYPE\); save it again without them",
        id="svg-with-an-entity-bomb-is-refused-unexpanded",
    ),
    pytest.param(
        "svg-external-entity.svg",
        r"is an SVG that declares entities \(in its DOCTYPE\); save it again without them",
        id="svg-with-an-external-entity-is-refused-unread",
    ),
    pytest.param(
        "svg-inside-svg.svg",
        r"is an SVG with another SVG inside it; save the drawing as one file",
        id="svg-holding-another-svg-as-a-data-image-is-refused",
    ),
    pytest.param(
        "svg-data-png-bomb.svg",
        r"is an SVG with an image inside that claims more than 25 million pixels$",
        id="svg-holding-a-data-png-of-900-million-pixels-is-refused-undecoded",
    ),
    pytest.param(
        "svg-not-well-formed.svg",
        r"is not an SVG that can be read \(mismatched tag, line 3\)",
        id="svg-that-is-not-well-formed-is-refused",
    ),
]


@pytest.mark.parametrize(("name", "expected"), SVGS)
def test_hostile_svg_as_a_leaflet_image(project, name, expected):
    picture(project).write_bytes((CORPUS / "images" / name).read_bytes())
    pdf = earlier_pdf(project)
    started = time.perf_counter()
    result = project.build()
    assert time.perf_counter() - started < 5  # refused before the engine starts
    assert_one_error(result, rf"en\.md:{IMAGE_LINE}: image 'picture\.svg' {expected}")
    assert pdf.read_bytes() == EARLIER_PDF


def test_svg_bomb_is_refused_in_milliseconds():
    """The bound itself is quick: 1.6 KB that took the engine 205 s and 1.8 GB."""
    bomb = CORPUS / "images" / "svg-use-bomb.svg"
    started = time.perf_counter()
    problem = limits.image_problem(bomb)
    assert time.perf_counter() - started < 1  # unbounded: 205 s
    assert problem is not None and "more than 20,000 shapes" in problem


def test_svg_of_more_than_10000_elements_is_refused(project):
    squares = "".join('<rect width="1" height="1"/>' for _ in range(10_001))
    picture(project).write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{squares}</svg>')
    assert_one_error(
        project.build(), r"image 'picture\.svg' is an SVG of more than 10,000 elements"
    )


def test_svg_of_more_than_20_images_is_refused(project):
    """Each <image> inside a drawing is fetched and decoded; a few are plenty for a logo."""
    tiny = "data:image/png;base64," + base64.b64encode(png_header(2, 2)).decode()
    images = "".join(f'<image href="{tiny}" x="{n}" width="1" height="1"/>' for n in range(21))
    picture(project).write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{images}</svg>')
    assert_one_error(project.build(), r"image 'picture\.svg' is an SVG with more than 20 images")


def test_svg_with_a_bare_public_doctype_as_drawing_programs_write_is_accepted(project):
    picture(project).write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="5" height="5"/></svg>'
    )
    assert limits.image_problem(picture(project)) is None


def test_svg_with_an_unreadable_data_image_is_one_line(project):
    picture(project).write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,abcde"/></svg>'
    )
    assert_one_error(
        project.build(),
        r"image 'picture\.svg' is an SVG with an image inside that cannot be read",
    )


def test_svg_within_every_bound_is_accepted(project):
    """A drawing of 19,000 shapes through <use> is within the bounds (it prints in about 2 s)."""
    picture(project).write_text(use_fan(fan=99, copies=190))
    result = project.build("--html", "--skip-checks")
    assert result.exit_code == 0, result.output


def brand_with_logo(project: FixtureProject, logo: str) -> None:
    (project.root / "brands" / "logo.svg").write_bytes((CORPUS / "images" / logo).read_bytes())
    (project.root / "brands" / "hostile.toml").write_text(
        VALID_BRAND.replace('logo = ""', 'logo = "logo.svg"')
    )


def test_svg_bomb_as_a_brand_logo_is_refused_by_build(project):
    brand_with_logo(project, "svg-use-bomb.svg")
    assert_one_error(
        project.build("--brand", "hostile"),
        r"hostile\.toml:\d+: 'logo' file logo\.svg is an SVG that draws more than 20,000 shapes",
    )


def test_svg_bomb_as_a_brand_logo_is_refused_by_handout(project, tmp_path):
    brand_with_logo(project, "svg-use-bomb.svg")
    result = run(
        "handout",
        "sample",
        "--patient",
        "Test Patient",
        "--brand",
        "hostile",
        "-o",
        str(tmp_path / "pack.pdf"),
        project=project.root,
    )
    assert_one_error(result, r"'logo' file logo\.svg is an SVG that draws more than 20,000")
    assert not (tmp_path / "pack.pdf").exists()


def test_data_image_beyond_the_pixel_bound_is_refused_by_the_fetcher(project):
    """A data: image reaches the engine's decoder through the fetcher, from SVGs and CSS."""
    from leafletpress.fetcher import ProjectOnlyFetcher

    url = "data:image/png;base64," + base64.b64encode(png_header(30_000, 30_000)).decode()
    fetcher = ProjectOnlyFetcher([project.root / "leaflets"])
    with pytest.raises(
        ValueError, match=r"refused a data: image that claims more than 25 million pixels"
    ):
        fetcher.fetch(url)
    small = "data:image/png;base64," + base64.b64encode(png_header(10, 10)).decode()
    assert fetcher.fetch(small).read().startswith(b"\x89PNG")


def test_a_render_that_runs_too_long_is_stopped_with_one_line(project, monkeypatch):
    """The backstop for what the static bounds miss: no render holds a build for long."""
    picture(project).write_text(use_fan(fan=5, copies=5))
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 0.001)
    pdf = earlier_pdf(project)
    assert_one_error(
        project.build("--skip-checks"),
        r"en\.md: took more than 0\.001 s to lay out, so it was stopped; look for a very large",
    )
    assert pdf.read_bytes() == EARLIER_PDF
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 30)
    assert project.build("--skip-checks").exit_code == 0  # the alarm is gone; the engine works


def test_the_time_limit_stops_the_engine_inside_an_svg_drawing(project, monkeypatch):
    """Were the SVG bounds to miss a bomb, the timer still stops it, with an error.

    The engine catches BaseException around each SVG drawing and carries on without
    the picture, so one alarm alone would give a PDF with a hole and a warning.
    """
    from leafletpress import images

    picture(project).write_bytes((CORPUS / "images" / "svg-use-bomb.svg").read_bytes())
    monkeypatch.setattr(images, "MAX_SVG_EXPANDED", 10**9)
    monkeypatch.setattr(limits, "MAX_LEAFLET_SHAPES", 10**9)
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 0.5)
    started = time.perf_counter()
    result = project.build("--skip-checks")
    assert time.perf_counter() - started < 10  # without the timer: 205 s
    assert_one_error(result, r"en\.md: took more than 0\.5 s to lay out, so it was stopped")


# -- Item 17: pixels of all a leaflet's images, drawings' shapes, Pillow's warnings ------


def test_images_of_75_million_pixels_together_are_refused(project):
    """Three images each within 25 million pixels; forty of them took 28 s."""
    folder = picture(project).parent
    lines = []
    for n in range(3):
        (folder / f"photo{n}.png").write_bytes(png_header(5000, 5000))
        lines.append(f"![Photo {n}](photo{n}.png)\n")
    project.valid_leaflet(body="## A heading\n\n" + "\n".join(lines))
    assert_one_error(
        project.build(),
        rf"en\.md:{IMAGE_LINE + 4}: image 'photo2\.png' brings the leaflet's images to "
        r"75 million pixels; 50 million at most",
    )


def test_the_same_image_shown_twice_is_counted_once(project):
    folder = picture(project).parent
    (folder / "photo.png").write_bytes(png_header(5000, 4000))  # 20 Mpx; measured, not decoded
    body = "## A heading\n\n" + "\n".join(["![A photo](photo.png)\n"] * 6)
    project.valid_leaflet(body=body)
    result = project.build("--html", "--skip-checks")
    assert result.exit_code == 0, result.output


def test_drawings_of_57000_shapes_together_are_refused(project):
    picture(project).write_text(use_fan(fan=99, copies=190))  # 19,000 shapes each time
    body = "## A heading\n\n" + "\n".join(["![A drawing](picture.svg)\n"] * 3)
    project.valid_leaflet(body=body)
    assert_one_error(
        project.build(),
        rf"en\.md:{IMAGE_LINE}: image 'picture\.svg' brings the leaflet's drawings to "
        r"\d\d,\d\d\d shapes; 40,000 at most",
    )


def corrupt_exif_jpeg() -> bytes:
    """A JPEG whose EXIF block is cut short: Pillow warns "Corrupt EXIF data" reading it."""
    from io import BytesIO

    out = BytesIO()
    exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06"
    Image.new("RGB", (20, 20), "red").save(out, "JPEG", exif=exif + b"\x00\x00\xff\xff")
    return out.getvalue()


def test_image_pillow_warns_about_is_one_line_of_ours(project):
    folder = picture(project).parent
    (folder / "photo.jpg").write_bytes(corrupt_exif_jpeg())
    project.valid_leaflet(body="## A heading\n\n![A photo](photo.jpg)\n")
    result = project.build()
    assert_one_error(
        result,
        rf"en\.md:{IMAGE_LINE}: image 'photo\.jpg' looks damaged \(Corrupt EXIF data\); "
        "save it again as PNG or JPEG",
    )
    assert "UserWarning" not in result.output


def test_pillow_warnings_while_rendering_become_warnings_of_ours():
    """Should an image reach the engine and make Pillow warn, it is our warning, not stderr."""
    from io import BytesIO

    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        with engine._engine_warnings(Path("en.md")) as collected:
            Image.open(BytesIO(corrupt_exif_jpeg())).getexif()
    assert leaked == []
    assert collected and all(isinstance(p, Problem) for p in collected)
    assert str(collected[0]).startswith("en.md: rendering: an image gave a warning: Corrupt EXIF")


def test_source_document_of_more_than_1_mb_is_refused_at_once(project):
    sources = project.root / "sources"
    sources.mkdir()
    (sources / "clinic.txt").write_text("The clinic sees 12 patients a day.\n")
    (sources / "huge.txt").write_bytes(b"12 " * 1_000_000)
    started = time.perf_counter()
    result = run("check", project=project.root)
    assert time.perf_counter() - started < 3
    assert_one_error(
        result, r"sources/huge\.txt: is larger than 1000 KB; keep only the pages the leaflets"
    )


def test_source_documents_of_more_than_2_mb_together_are_refused(project):
    sources = project.root / "sources"
    sources.mkdir()
    for n in range(3):
        (sources / f"page{n}.txt").write_bytes(b"12 " * 300_000)
    assert_one_error(
        run("check", project=project.root),
        r"sources: the source documents come to more than 2,000 KB from page2\.txt on",
    )


# -- Item 15: long words wrap; text that still runs off a page is reported --------------


def _characters_outside(pdf: Path) -> list[str]:
    """Characters drawn beyond the right edge of the page's text area (the 2 cm margin)."""
    outside = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        width = page.get_width()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            _left, _bottom, right, _top = text.get_charbox(index)
            if right > width - 50:  # the margins are wider than 50 pt
                outside.append(text.get_text_range(index, 1))
    return outside


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            (CORPUS / "bodies" / "long-word.md").read_text(encoding="utf-8").split("\n\n")[1],
            id="word-of-300-letters",
        ),
        pytest.param(
            "Read https://example.org/" + "path/" * 60 + " and rest.",
            id="web-address-of-320-characters",
        ),
        pytest.param("    " + "walk " * 60 + "\n", id="indented-block-of-300-characters"),
    ],
)
def test_long_unbroken_text_wraps_inside_the_page(project, text):
    project.valid_leaflet(body=f"## A heading\n\n{text}\n")
    result = project.build("--strict", "--skip-checks")
    assert result.exit_code == 0, result.output
    [pdf] = (project.root / "dist").glob("*.pdf")
    assert _characters_outside(pdf) == []
    assert "runs off" not in result.output
    printed = "".join(pdffacts.text(pdf).split())
    assert "".join(text.split()) in printed  # wrapped, every letter kept


def test_text_that_runs_off_the_page_is_a_warning_and_strict_refuses_it(project):
    """A designer's nowrap (or anything else) pushing text past the edge is never silent."""
    with (project.root / "styles" / "base.css").open("a") as css:
        css.write("\np { white-space: nowrap; }\n")
    long_line = "Walk a little more every day and rest when the pain is bad. " * 4
    project.valid_leaflet(body=f"## When to rest\n\n{long_line.strip()}\n")
    result = project.build("--skip-checks")
    assert result.exit_code == 0, result.output
    assert (
        f"en.md:{BODY_LINE + 3}: text runs off page 1 under 'When to rest': "
        "'Walk a little more every day a...'; break the long word or web address with "
        "spaces, or shorten it"
    ) in result.stderr
    [draft] = (project.root / "dist").glob("*.pdf")
    draft.write_bytes(EARLIER_PDF)
    strict = project.build("--strict", "--skip-checks", "--force")
    assert strict.exit_code == 1
    assert "text runs off page 1" in strict.stderr
    assert draft.read_bytes() == EARLIER_PDF

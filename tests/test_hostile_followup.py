"""What the security re-test of issue 10 still got through, and what the tool answers now.

Each test names an input from /work/notes/review-security.md (F1 to F9) and the one
clear line, or the refusal, that now meets it. The inputs live in tests/hostile/ (see
its README); those that are binary or large are made here.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import ROOT, FixtureProject, assert_one_error, run
from imagemakers import png_header

from leafletpress import engine
from leafletpress.fetcher import ProjectOnlyFetcher

CORPUS = Path(__file__).parent / "hostile"
IMAGE_LINE = 18  # the file line of the image in a body of a heading, a blank line, the image
VALID_BRAND = (ROOT / "brands" / "default.toml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path, no_network) -> FixtureProject:
    made = FixtureProject(tmp_path / "project")
    made.valid_leaflet(body="## A heading\n\n![A drawing of the spine](picture.svg)\n")
    return made


def leaflet_folder(project: FixtureProject) -> Path:
    return project.root / "leaflets" / "sample"


def brand_with_logo(project: FixtureProject, logo: bytes | str, name: str = "logo.svg") -> Path:
    """A brand ``hostile`` whose logo file ``name`` holds ``logo``; returns brands/."""
    brands = project.root / "brands"
    data = logo.encode() if isinstance(logo, str) else logo
    (brands / name).write_bytes(data)
    (brands / "hostile.toml").write_text(VALID_BRAND.replace('logo = ""', f'logo = "{name}"'))
    return brands


# -- F1: an image is measured by what it holds, never by its name -------------------------


def test_svg_image_named_css_holding_a_169_megapixel_png_is_refused(project):
    """`<image href="big.css">` was decoded by the engine as the PNG it is (1.5 GB)."""
    folder = leaflet_folder(project)
    (folder / "picture.svg").write_bytes(
        (CORPUS / "images" / "svg-image-named-css.svg").read_bytes()
    )
    (folder / "big.css").write_bytes(png_header(13_000, 13_000, colour_type=6))
    started = time.perf_counter()
    result = run("check", project=project.root)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1, result.output
    assert (
        "en.md:18: error: structure-renders: image 'picture.svg' is an SVG with an image "
        "inside that is 13,000 x 13,000 pixels; 25 million pixels at most" in result.output
    )


@pytest.mark.parametrize("name", ["nested.css", "nested.ttf", "nested.png"])
def test_svg_inside_an_svg_is_refused_whatever_the_inner_file_is_called(project, name):
    folder = leaflet_folder(project)
    (folder / name).write_bytes((CORPUS / "images" / "svg-use-bomb.svg").read_bytes())
    (folder / "picture.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{name}" width="9" height="9"/></svg>'
    )
    assert_one_error(
        project.build(),
        rf"en\.md:{IMAGE_LINE}: image 'picture\.svg' is an SVG with another SVG inside it",
    )


def test_leaflet_image_named_png_that_holds_an_svg_bomb_is_refused(project):
    """The engine draws a `.png` that holds XML as an SVG: it is measured as one."""
    folder = leaflet_folder(project)
    (folder / "photo.png").write_bytes((CORPUS / "images" / "svg-use-bomb.svg").read_bytes())
    project.valid_leaflet(body="## A heading\n\n![A drawing of the spine](photo.png)\n")
    assert_one_error(
        project.build(),
        rf"en\.md:{IMAGE_LINE}: image 'photo\.png' is an SVG that draws more than 20,000 shapes",
    )


def test_brand_logo_holding_an_image_named_css_is_refused_by_check_and_handout(project, tmp_path):
    brands = brand_with_logo(
        project,
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<image href="big.css" width="9" height="9"/></svg>',
    )
    (brands / "big.css").write_bytes(png_header(13_000, 13_000, colour_type=6))
    check = run("check", project=project.root)
    assert check.exit_code == 1
    refused = "'logo' file logo.svg is an SVG with an image inside that is 13,000 x 13,000 pixels"
    assert refused in check.output
    result = run(
        "handout", "sample", "--patient", "Test Patient", "--brand", "hostile",
        "-o", str(tmp_path / "pack.pdf"), project=project.root,
    )  # fmt: skip
    assert_one_error(result, r"'logo' file logo\.svg is an SVG with an image inside that is 13,000")
    assert not (tmp_path / "pack.pdf").exists()


def test_fetcher_refuses_an_image_served_under_a_stylesheet_or_font_name(project):
    """The engine's last chance: anything it is given where an image belongs it decodes."""
    folder = leaflet_folder(project)
    (folder / "big.css").write_bytes(png_header(13_000, 13_000, colour_type=6))
    (folder / "small.css").write_bytes(png_header(10, 10))
    (folder / "bomb.css").write_bytes((CORPUS / "images" / "svg-use-bomb.svg").read_bytes())
    fetcher = ProjectOnlyFetcher([project.root / "leaflets"])
    for name in ("big.css", "small.css", "bomb.css"):
        with pytest.raises(ValueError, match="it holds an image but is served as text/css"):
            fetcher.fetch((folder / name).as_uri())
    (folder / "plain.css").write_text("p { color: #000 }")
    assert fetcher.fetch((folder / "plain.css").as_uri()).read() == b"p { color: #000 }"


def test_fetcher_serves_fonts_only_from_the_packaged_typeface(project):
    """A font beside a leaflet could draw any words over the text the checks read."""
    from leafletpress import fonts

    packaged = fonts.font_files()[0]
    folder = leaflet_folder(project)
    (folder / "evil.ttf").write_bytes(packaged.read_bytes())
    fetcher = ProjectOnlyFetcher([project.root / "leaflets", *fonts.font_dirs()])
    with pytest.raises(ValueError, match="only the packaged typefaces can be used"):
        fetcher.fetch((folder / "evil.ttf").as_uri())
    with pytest.raises(ValueError, match="refused a data: font"):
        fetcher.fetch("data:font/ttf;base64,AAEAAAALAIAAAwAwT1MvMg==")
    assert fetcher.fetch(packaged.as_uri()).read()[:4] == b"\x00\x01\x00\x00"


def test_pillow_refuses_images_past_the_project_bound_in_the_rendering_process():
    """The backstop behind the measurements: Pillow's own bound is the project's."""
    from io import BytesIO

    from PIL import Image

    with engine._engine_warnings(Path("en.md")) as collected:
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(BytesIO(png_header(6000, 5000)))  # 30 million pixels
        with pytest.raises(Image.DecompressionBombError):
            Image.open(BytesIO(png_header(8000, 7000)))  # 56 million pixels
        Image.open(BytesIO(png_header(5000, 5000)))  # 25 million: fine
    assert collected == []
    # Outside a render (measuring an image, another thread) Pillow keeps its own bound.
    assert Image.open(BytesIO(png_header(6000, 5000))).size == (6000, 5000)


# -- F2: brand files that are pipes, devices or huge are refused unread ------------------


def unblock_later(fifo: Path) -> None:
    """Open ``fifo`` for writing after 5 s, so a command waiting on it fails a test, not hangs."""

    def unblock() -> None:
        time.sleep(5)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    threading.Thread(target=unblock, daemon=True).start()


def test_brand_file_that_is_a_pipe_is_refused_at_once_by_check_and_list(project):
    fifo = project.root / "brands" / "fifo.toml"
    os.mkfifo(fifo)
    unblock_later(fifo)
    started = time.monotonic()
    result = run("check", project=project.root)
    assert time.monotonic() - started < 4  # it waited for a writer for good
    assert result.exit_code == 1, result.output
    assert "fifo.toml: error: brand-file: is not a regular file (a pipe, device or folder)" in (
        result.output
    )
    listed = run("list", project=project.root)
    assert "fifo.toml: is not a regular file" in listed.output
    assert "no such brand file" not in listed.output


def test_brand_file_linked_out_of_brands_is_never_read(project, tmp_path):
    """A link to /dev/zero was read whole by `check` (6 GB in 30 s) after being refused.

    The link here points at a pipe outside brands/, so reading it would wait (and fail
    this test after 5 s) instead of eating the machine's memory as /dev/zero would.
    """
    fifo = tmp_path / "outside.fifo"
    os.mkfifo(fifo)
    unblock_later(fifo)
    (project.root / "brands" / "zero.toml").symlink_to(fifo)
    started = time.monotonic()
    check = run("check", project=project.root)
    assert "zero.toml: error: brand-file: is a link to a file outside brands/" in check.output
    assert_one_error(
        project.build("--brand", "zero"), r"zero\.toml: is a link to a file outside brands/"
    )
    assert time.monotonic() - started < 4


def test_huge_brand_file_is_read_no_further_than_its_bound(project):
    """A 500 MB brand file took `check` 4.8 s and 1 GB; it is read to 20 KB, once per use."""
    huge = project.root / "brands" / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: takes no disk
    tracemalloc.start()
    try:
        result = run("check", project=project.root)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "huge.toml: error: brand-file: is larger than 20 KB" in result.output
    assert peak < 20_000_000


# -- F3: the words inside SVG images obey the leaflet's rules ----------------------------

SVG_TEXT_REFUSALS = [
    pytest.param(
        "svg-text-thai.svg",
        r"is an SVG whose text on line 3 has U\+0E21 \(ม\), U\+0E2A \(ส\), which the "
        "packaged typefaces cannot print",
        id="svg-text-the-typeface-cannot-print-is-refused-naming-its-line",
    ),
    pytest.param(
        "svg-text-zero-width-space.svg",
        r"is an SVG whose text on line 2 has U\+200B \(ZERO WIDTH SPACE\), an invisible",
        id="svg-desc-with-a-zero-width-space-is-refused",
    ),
    pytest.param(
        "svg-text-system-font.svg",
        r"is an SVG whose text on line 2 is not set in the packaged typeface; give it "
        'font-family="Atkinson Hyperlegible, sans-serif"',
        id="svg-text-without-the-packaged-family-is-refused",
    ),
    pytest.param(
        "svg-font-face.svg",
        r"is an SVG whose <style> loads a font or a file, or refers to other elements",
        id="svg-with-a-font-face-of-its-own-is-refused",
    ),
    pytest.param(
        "svg-style-import-outside.svg",
        r"is an SVG whose <style> loads a font or a file, or refers to other elements",
        id="svg-whose-style-imports-a-file-is-refused-unread",
    ),
    pytest.param(
        "svg-font-element.svg",
        r"is an SVG that carries a font of its own \(<font>, line 2\)",
        id="svg-with-an-svg-font-is-refused",
    ),
]


@pytest.mark.parametrize(("name", "expected"), SVG_TEXT_REFUSALS)
def test_svg_text_is_held_to_the_leaflet_text_rules(project, name, expected):
    (leaflet_folder(project) / "picture.svg").write_bytes((CORPUS / "images" / name).read_bytes())
    assert_one_error(project.build(), rf"en\.md:{IMAGE_LINE}: image 'picture\.svg' {expected}")


def test_advertising_words_inside_an_svg_diagram_are_errors_naming_the_svg_line(project):
    (leaflet_folder(project) / "picture.svg").write_bytes(
        (CORPUS / "images" / "svg-text-advertising.svg").read_bytes()
    )
    result = run("check", project=project.root)
    assert result.exit_code == 1
    for rule, line, words in [
        ("ad-inducement", 2, "Free consultation"),
        ("ad-superlative", 3, "best"),
        ("ad-guarantee", 3, "100%"),
        ("ad-guarantee", 3, "painless"),
    ]:
        assert f"en.md:{IMAGE_LINE}: error: {rule}: in picture.svg, line {line}: '{words}'" in (
            result.output
        )


def test_advertising_words_in_a_brand_logo_stop_check_and_the_handout(project, tmp_path):
    brand_with_logo(project, (CORPUS / "images" / "svg-text-advertising.svg").read_bytes())
    check = run("check", project=project.root)
    assert "hostile.toml:5: error: ad-superlative: in logo.svg, line 3: 'best'" in check.output
    result = run(
        "handout", "sample", "--patient", "Test Patient", "--brand", "hostile",
        "-o", str(tmp_path / "pack.pdf"), project=project.root,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "in logo.svg, line 3: 'best'" in result.output
    assert not (tmp_path / "pack.pdf").exists()


def test_the_shipped_diagrams_and_logo_pass_the_svg_text_rules():
    from leafletpress import images

    shipped = [*ROOT.glob("leaflets/*/*.svg"), *ROOT.glob("brands/*.svg")]
    assert len(shipped) >= 3
    for path in shipped:
        assert images.measure(path).problem is None, path
    check = run("check")
    assert " in steps-of-care.svg" not in check.output and " in scs-path.svg" not in check.output


# -- F6: markers, text and <style> are counted or refused --------------------------------


def test_marker_on_a_path_of_many_vertices_counts_once_per_vertex(project):
    """One marker of 50 squares on 1,000 vertices draws 50,000 shapes, not 50."""
    squares = "".join('<rect width="1" height="1"/>' for _ in range(50))
    (leaflet_folder(project) / "picture.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><marker id="m">'
        f'{squares}</marker></defs><path marker-mid="url(#m)" d="M0 0{" l1 1" * 1000}"/></svg>'
    )
    assert_one_error(
        project.build(),
        r"image 'picture\.svg' is an SVG that draws more than 20,000 shapes once its <use> "
        "copies are expanded and its markers drawn at every vertex",
    )


def test_svg_of_more_than_5000_characters_of_text_is_refused(project):
    """60,000 positioned characters took the engine 13 s to lay out."""
    (leaflet_folder(project) / "picture.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text font-family="Atkinson Hyperlegible">'
        + "a " * 2600
        + "</text></svg>"
    )
    assert_one_error(
        project.build(), r"image 'picture\.svg' is an SVG of more than 5,000 characters of text"
    )


def test_svg_style_that_sets_markers_through_css_is_refused(project):
    """The shape count reads attributes; references set in a <style> would escape it."""
    (leaflet_folder(project) / "picture.svg").write_bytes(
        (CORPUS / "images" / "svg-style-marker.svg").read_bytes()
    )
    assert_one_error(
        project.build(), r"image 'picture\.svg' is an SVG whose <style> loads a font or a file"
    )


# -- F7: an image's alternative text is read by the advertising rules --------------------


def test_alternative_text_with_advertising_words_is_an_error(project):
    (leaflet_folder(project) / "picture.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>'
    )
    project.valid_leaflet(body="## A heading\n\n![The best clinic, a painless cure](picture.svg)\n")
    result = run("check", project=project.root)
    assert result.exit_code == 1
    assert (
        f"en.md:{IMAGE_LINE}: error: ad-superlative: in the alternative text of 'picture.svg': "
        "'best'" in result.output
    )
    assert "in the alternative text of 'picture.svg': 'painless'" in result.output


# -- F4: spaces of odd width are refused, so no word hides behind one ---------------------

ODD_SPACES = ["\u200a", "\u2009", "\u202f", "\u205f", "\u2000", "\u2006", "\u3000", "\u1680"]


@pytest.mark.parametrize("space", ODD_SPACES, ids=[f"U+{ord(c):04X}" for c in ODD_SPACES])
def test_odd_width_space_inside_a_word_is_refused_in_leaflet_text(project, space):
    """A hair space in 'be st' prints as 'best' and hid it from ad-superlative."""
    project.valid_leaflet(body=f"## A heading\n\nWe are the be{space}st.\n")
    result = run("check", project=project.root)
    assert result.exit_code == 1
    assert "en.md:18: error: " in result.output
    assert f"has U+{ord(space):04X} (" in result.output
    assert "a space of odd width" in result.output


def test_hair_space_in_a_brand_footer_is_refused(project):
    brands = project.root / "brands"
    (brands / "spaced.toml").write_text(
        VALID_BRAND.replace(
            'footer = ""',
            'footer = "Ask about our fre\u200ae first visit and our be\u200ast team."',
        ),
        encoding="utf-8",
    )
    result = run("check", project=project.root)
    assert "spaced.toml" in result.output
    assert "'footer' has U+200A (HAIR SPACE), a space of odd width" in result.output


def test_plain_and_no_break_spaces_are_still_fine(project):
    project.valid_leaflet(body="## A heading\n\nCall us from 9\u00a0am. We are here.\n")
    assert run("check", project=project.root).exit_code == 0


def test_handout_fields_turn_odd_spaces_into_plain_ones():
    from leafletpress.handout import clean_text

    assert clean_text("Tan\u3000Mei\u200aLing") == "Tan Mei Ling"


# -- F5: every character that prints needs the typeface, spaces included ------------------


def test_a_space_that_prints_is_checked_against_the_typeface():
    """U+1680 is white space to Python, but prints as a dash from the machine's fonts."""
    from leafletpress import text

    assert text.unprintable("a\u1680b") == ["\u1680"]
    assert text.unprintable("a b\u00a0c\td\n") == []


# -- F8: a note file that gives nothing at once is one line -------------------------------


def test_note_file_that_would_make_the_command_wait_is_one_line(tmp_path, monkeypatch):
    """/proc/kmsg is a regular file that, opened without waiting, reads as None."""
    from leafletpress import handout as handout_stage  # reads --note-file

    notes = tmp_path / "kmsg"
    notes.write_text("")
    real_open = open

    class Waiting:
        def __init__(self, handle):
            self.file = real_open(handle, "rb", closefd=True)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def read(self, _size=-1):
            return None  # what a non-blocking read of /proc/kmsg gives

    monkeypatch.setattr(
        handout_stage, "open", lambda handle, *a, **k: Waiting(handle), raising=False
    )
    monkeypatch.chdir(tmp_path)
    result = run("handout", "overview", "--patient", "Test Patient", "--note-file", str(notes))
    assert_one_error(result, r"kmsg: cannot read: it gives nothing to read at once")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kmsg"]


# -- F9: messages that say what is wrong, and no review date for ever ---------------------


def test_next_review_more_than_three_years_on_is_an_error_naming_its_line(project):
    """`next_review: 9999-12-31` built with a warning: a leaflet opted out of review."""
    text = (project.root / "leaflets" / "sample" / "en.md").read_text(encoding="utf-8")
    (project.root / "leaflets" / "sample" / "en.md").write_text(
        text.replace("next_review: 2028-11-01", "next_review: 9999-12-31"), encoding="utf-8"
    )
    (leaflet_folder(project) / "picture.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>'
    )
    result = project.build()
    assert result.exit_code == 1
    assert (
        "en.md:8: governance-review-interval: the next review (9999-12-31) is more than 3 years "
        "after the last (2026-11-01)" in result.output
    )


def test_leaflet_image_that_is_a_pipe_is_not_reported_as_missing(project):
    fifo = leaflet_folder(project) / "pipe.png"
    os.mkfifo(fifo)
    unblock_later(fifo)
    project.valid_leaflet(body="## A heading\n\n![A drawing of the spine](pipe.png)\n")
    started = time.monotonic()
    result = project.build()
    assert time.monotonic() - started < 4
    assert_one_error(
        result, rf"en\.md:{IMAGE_LINE}: image 'pipe\.png' is not a regular file \(a pipe"
    )


def test_a_parallel_build_stopped_by_sigterm_leaves_no_temporary_folder_or_raw_warning(tmp_path):
    """Workers ended by SIGTERM left the engine's weasyprint-* font folders in $TMPDIR,
    and the build's stderr often ended in a raw "leaked semaphore" UserWarning."""
    import signal
    import subprocess

    from test_files_and_signals import _children, _leaflet_project, command

    project = _leaflet_project(tmp_path / "project", "Some text.")
    leaflet = project.root / "leaflets" / "sample" / "en.md"
    leaflet.write_text(leaflet.read_text().replace("in_short:", "trifold: [A heading]\nin_short:"))
    brands = project.root / "brands"
    (brands / "second-partner.toml").write_text((brands / "example-partner.toml").read_text())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    build = subprocess.Popen(
        command("--project", str(project.root), "build", "--all-variants", "-j", "2"),
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        deadline = time.monotonic() + 30
        while len(_children(build.pid)) < 2:
            assert build.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.05)
        while not any(scratch.rglob("weasyprint-*")) and time.monotonic() < deadline:
            time.sleep(0.05)  # a worker has copied its fonts: the case that leaked
        build.send_signal(signal.SIGTERM)
        _, stderr = build.communicate(timeout=20)
        assert build.returncode == -signal.SIGTERM
    finally:
        build.kill()
        build.wait()
    time.sleep(0.5)  # the resource tracker ends just after the build
    assert sorted(p.name for p in scratch.iterdir()) == []
    assert b"leaked" not in stderr and b"Traceback" not in stderr, stderr.decode()


def test_a_hidden_character_in_the_body_is_filed_under_structure_body(project):
    """It was reported as governance-front-matter, sending the writer to the wrong place."""
    project.valid_leaflet(body="## A heading\n\nWe are the be\u200bst.\n")
    result = run("check", project=project.root)
    assert result.exit_code == 1
    assert "en.md:18: error: structure-body: has U+200B (ZERO WIDTH SPACE)" in result.output
    assert "governance-front-matter" not in result.output

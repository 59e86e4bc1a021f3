"""The hostile-input corpus (issue 7): every broken or hostile input, and what the tool answers.

Each test id says in one line what the input is and what it must give: a correct PDF, or
one clear ``Error:`` line and exit 1. Inputs live in tests/hostile/ (see its README), or,
when they would be large, are made here. Every case runs the real command in-process,
must finish within CASE_SECONDS, never touches the network (socket calls are refused and
recorded), and never lets the secret files beside the project into a PDF.
"""

from __future__ import annotations

import re
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pdffacts
import pytest
from conftest import (
    EARLIER_PDF,
    ROOT,
    VALID_FRONT_MATTER,
    FixtureProject,
    assert_one_error,
    front_matter,
    run,
)
from imagemakers import png_header
from PIL import Image

from leafletpress import limits
from leafletpress.content import load_leaflet
from leafletpress.errors import LeafletPressError
from leafletpress.markup import to_html

CORPUS = Path(__file__).parent / "hostile"
CASE_SECONDS = 30  # each case takes under 3 s on an idle machine; a bomb takes minutes
SECRET = "LEAKED-" + "SECRET-4417"  # the word in the files outside the project
BODY_LINE = 15  # the file line of the blank line that starts a body after VALID_FRONT_MATTER


@pytest.fixture(autouse=True)
def within_bounded_time():
    """Every hostile case ends, with a PDF or an error, within CASE_SECONDS."""
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    assert elapsed < CASE_SECONDS, f"took {elapsed:.1f} s, more than {CASE_SECONDS} s"


@dataclass
class World:
    """A fixture project, with secret files in the folder beside it."""

    project: FixtureProject
    outside: Path
    network: list

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def pdf(self) -> Path:
        return self.root / "dist" / "sample.pdf"

    def corpus(self, name: str) -> str:
        """A corpus file's text, pointing at this world's outside folder."""
        return (CORPUS / name).read_text(encoding="utf-8").replace("@OUTSIDE@", str(self.outside))

    def leaflet_bytes(self, data: bytes, slug: str = "sample") -> Path:
        path = self.root / "leaflets" / slug / "en.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def earlier_pdf(self) -> Path:
        self.pdf.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.write_bytes(EARLIER_PDF)
        return self.pdf

    def assert_clean(self, pdf: Path, images: int = 0) -> str:
        """The PDF holds nothing from outside the project; returns its text."""
        text = pdffacts.text(pdf)
        assert SECRET not in text and SECRET.encode() not in pdf.read_bytes()
        assert not pdffacts.has_attachments(pdf)
        assert pdffacts.image_count(pdf) == images
        assert self.network == [], self.network
        return text


@pytest.fixture
def world(tmp_path, no_network) -> World:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    (outside / "secret.css").write_text(f'body::before {{ content: "{SECRET}" }}\n')
    Image.new("RGB", (37, 23), "red").save(outside / "secret.png")
    return World(FixtureProject(tmp_path / "project"), outside, no_network)


def with_body(body: str) -> bytes:
    return (VALID_FRONT_MATTER + "\n" + body).encode("utf-8")


# -- Markup in a leaflet's body: prints as text, loads nothing ----------------------


def _symlink_picture(world: World) -> None:
    (world.root / "leaflets" / "sample" / "picture.png").symlink_to(world.outside / "secret.png")


def _svg(name: str):
    def place(world: World) -> None:
        picture = world.root / "leaflets" / "sample" / "picture.svg"
        picture.write_text(world.corpus(f"images/{name}"))

    return place


BODIES = [
    pytest.param(
        "script.md",
        None,
        ['<script>document.write("injected")</script>', "Text after the script stays."],
        [],
        id="raw-script-tag-prints-as-inert-text",
    ),
    pytest.param(
        "style.md",
        None,
        ["<style>body { display: none }", "Text after the style stays."],
        [],
        id="raw-style-tag-prints-as-text-and-hides-nothing",
    ),
    pytest.param(
        "link-attachment.md",
        None,
        ['<link rel="attachment"', '<link rel="stylesheet"', "Text after the links stays."],
        [],
        id="raw-link-rel-attachment-prints-as-text-and-attaches-nothing",
    ),
    pytest.param(
        "object-iframe-embed.md",
        None,
        ["<object data=", "<iframe src=", "<embed src=", "Text after the frames stays."],
        [],
        id="raw-object-iframe-and-embed-print-as-text-and-load-nothing",
    ),
    pytest.param(
        "img-tag.md",
        None,
        [
            '<img src="file://',
            '<img src="../../../outside/secret.png">',
            "Text after the tags stays.",
        ],
        [],
        id="raw-img-tags-print-as-text-and-load-nothing",
    ),
    pytest.param(
        "template-syntax.md",
        None,
        ["Sum: {{ 7*7 }} and {{ brand.name }} and {% if true %}yes{% endif %} and {# note #}."],
        [],
        id="template-syntax-in-the-body-prints-literally",
    ),
    pytest.param(
        "image-file-url.md",
        None,
        ["A picture of the spine", "Text after the picture stays."],
        ["image 'file://", "/outside/secret.png' removed: only images saved beside the leaflet"],
        id="image-with-a-file-url-outside-the-project-is-dropped-with-a-warning",
    ),
    pytest.param(
        "image-dotdot.md",
        None,
        ["A picture of the spine", "Text after the picture stays."],
        ["image '../../../outside/secret.png' removed: images must be inside the leaflet's own"],
        id="image-escaping-with-dotdot-is-dropped-with-a-warning",
    ),
    pytest.param(
        "image-symlink.md",
        _symlink_picture,
        ["A picture of the spine", "Text after the picture stays."],
        ["image 'picture.png' removed: images must be inside the leaflet's own folder"],
        id="image-symlinked-to-a-file-outside-is-dropped-with-a-warning",
    ),
    pytest.param(
        "image-http.md",
        None,
        ["A picture of the spine", "Text after the pictures stays."],
        [
            "image 'https://example.invalid/tracker.png' removed",
            "image 'http://example.invalid/tracker.png' removed",
        ],
        id="images-over-http-and-https-are-dropped-without-touching-the-network",
    ),
    pytest.param(
        "svg-image.md",
        _svg("svg-outside-references.svg"),
        ["Text after the drawing stays."],
        ["only files inside the project can be used"],
        id="svg-image-referring-to-files-outside-and-the-web-loads-none-of-them",
    ),
    # SVGs with entities (XXE, "billion laughs") are now refused: tests/test_hostile_images.py
]


@pytest.mark.parametrize(("body", "prepare", "printed", "warnings"), BODIES)
def test_hostile_body(world, body, prepare, printed, warnings):
    world.project.valid_leaflet(body=world.corpus(f"bodies/{body}"))
    if prepare is not None:
        prepare(world)
    result = world.project.build()
    assert result.exit_code == 0, result.output
    text = world.assert_clean(world.pdf)
    for expected in printed:
        assert pdffacts.normalise(expected) in text, expected
    assert "49" not in text  # no {{ 7*7 }} was ever evaluated
    shown = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    for expected in warnings:
        assert any(expected in line for line in shown), (expected, shown)


def test_strict_makes_a_dropped_image_an_error_and_keeps_the_old_pdf(world):
    world.earlier_pdf()
    world.project.valid_leaflet(body=world.corpus("bodies/image-http.md"))
    result = world.project.build("--strict")
    assert result.exit_code == 1
    strict_on = "(a warning, and strict checking is on)"
    assert f"removed: only images saved beside the leaflet can be used {strict_on}" in (
        result.stderr
    )
    assert world.pdf.read_bytes() == EARLIER_PDF
    assert world.network == []


# -- Whole leaflet files: front matter, encodings, sizes, shapes ---------------------


def _corpus_file(name: str):
    return lambda world: world.corpus(f"leaflets/{name}").encode("utf-8")


def _generated(make):
    return lambda world: make()


BODY = "\n## A heading\n\nSome text.\n"
VALID = VALID_FRONT_MATTER + BODY

FILES = [
    pytest.param(
        _corpus_file("template-syntax-quoted.md"),
        [
            "{{ brand.name }} {% if true %}yes{% endif %}",
            "{% for x in range(9) %}{{ x }}{% endfor %}",
        ],
        id="template-syntax-in-quoted-front-matter-prints-literally",
    ),
    pytest.param(
        _corpus_file("template-syntax-unquoted.md"),
        r"en\.md:2: front matter YAML error: .*; check quotes and indentation",
        id="template-syntax-unquoted-in-front-matter-is-a-yaml-error",
    ),
    pytest.param(
        _corpus_file("yaml-alias-bomb.md"),
        r"en\.md:10: front matter YAML error: aliases \(\*name\) are not allowed$",
        id="yaml-bomb-of-anchors-and-aliases-is-refused-before-it-expands",
    ),
    pytest.param(
        _generated(lambda: (front_matter(author="[" * 5000 + "]" * 5000) + BODY).encode()),
        r"en\.md:2: front matter is nested too deeply; use plain 'key: value' lines",
        id="yaml-nested-5000-deep-is-refused",
    ),
    pytest.param(
        _corpus_file("duplicate-key.md"),
        r"en\.md:13: front matter YAML error: 'title' is given twice; keep one$",
        id="front-matter-key-given-twice-is-refused",
    ),
    pytest.param(
        _corpus_file("unknown-key.md"),
        r"en\.md:5: unknown front matter key 'colour'; known keys: title, subtitle",
        id="unknown-front-matter-key-is-refused-naming-its-line",
    ),
    pytest.param(
        _generated(lambda: b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()),
        ["Test leaflet", "Some text."],
        id="byte-order-mark-and-crlf-line-ends-give-a-normal-pdf",
    ),
    pytest.param(
        _generated(lambda: VALID.replace("\n", "\r").encode()),
        ["Test leaflet", "Some text."],
        id="old-mac-cr-line-ends-give-a-normal-pdf",
    ),
    pytest.param(
        _generated(lambda: VALID.encode() + b"\nLatin-1 caf\xe9\n"),
        r"en\.md:20: is not UTF-8 text; save it as UTF-8 in your editor$",
        id="non-utf8-byte-is-refused-naming-its-line",
    ),
    pytest.param(
        _generated(lambda: VALID.replace("Some text.", "Some\x00text.").encode()),
        r"en\.md:18: contains a NUL character; remove it$",
        id="nul-byte-is-refused-naming-its-line",
    ),
    pytest.param(
        _generated(lambda: b""),
        r"en\.md:1: is empty; a leaflet starts with front matter between '---' lines$",
        id="empty-file-is-refused",
    ),
    pytest.param(
        _generated(lambda: b"\xef\xbb\xbf \r\n\n\t\n"),
        r"en\.md:1: is empty",
        id="file-of-only-white-space-and-a-byte-order-mark-is-refused-as-empty",
    ),
    pytest.param(
        _generated(lambda: VALID_FRONT_MATTER.encode()),
        rf"en\.md:{BODY_LINE}: has no text after the front matter$",
        id="front-matter-without-any-text-is-refused",
    ),
    pytest.param(
        _generated(lambda: with_body("- a\n" * 10_000)),
        rf"en\.md:{BODY_LINE + 301}: has more than 300 list items; shorten the lists",
        id="list-of-10000-items-is-refused-naming-item-301",
    ),
    pytest.param(
        _generated(lambda: with_body("".join("\t" * i + "- item\n" for i in range(200)))),
        rf"en\.md:{BODY_LINE + 11}: lists or quotes are nested more than 10 levels deep",
        id="list-nested-200-deep-is-refused-naming-level-11",
    ),
    pytest.param(
        _generated(lambda: with_body("- " * 1000 + "item\n")),
        rf"en\.md:{BODY_LINE + 1}: lists or quotes are nested more than 10 levels deep",
        id="list-nested-1000-deep-on-one-line-is-refused",
    ),
    pytest.param(
        _generated(lambda: with_body("> " * 200 + "quote\n")),
        rf"en\.md:{BODY_LINE + 1}: lists or quotes are nested more than 10 levels deep",
        id="quotes-nested-200-deep-are-refused",
    ),
    pytest.param(
        _generated(lambda: with_body("**" * 2000 + "deep" + "**" * 2000 + "\n")),
        rf"en\.md:{BODY_LINE + 1}: the text has emphasis, links, lists or quotes nested more",
        id="emphasis-nested-2000-deep-is-refused",
    ),
    pytest.param(
        _generated(lambda: with_body("[" * 5000 + "\n")),
        rf"en\.md:{BODY_LINE + 1}: has more than 300 square brackets",
        id="5000-square-brackets-are-refused",
    ),
    pytest.param(
        _generated(lambda: with_body('"' * 20_000 + "\n")),
        rf"en\.md:{BODY_LINE + 1}: this paragraph or list is longer than 10,000 characters",
        id="paragraph-of-20000-quote-marks-is-refused",
    ),
    pytest.param(
        _generated(lambda: with_body("Line.\n" * 2000)),
        r"en\.md:1001: is longer than 1,000 lines; split it into leaflets$",
        id="file-of-2000-lines-is-refused-naming-line-1001",
    ),
    pytest.param(
        _generated(lambda: with_body("Some text. " * 500_000)),
        r"en\.md: is larger than 50 KB; split it into leaflets$",
        id="file-of-5-mb-is-refused",
    ),
]


@pytest.mark.parametrize(("make", "expected"), FILES)
def test_hostile_leaflet_file(world, make, expected):
    """A string expects one error line matching it (the old PDF kept); a list, a PDF."""
    world.leaflet_bytes(make(world))
    if isinstance(expected, str):
        world.earlier_pdf()
        assert_one_error(world.project.build(), expected)
        assert world.pdf.read_bytes() == EARLIER_PDF
        return
    result = world.project.build()
    assert result.exit_code == 0, result.output
    text = world.assert_clean(world.pdf)
    for printed in expected:
        assert pdffacts.normalise(printed) in text, printed
    assert "49" not in text and "012345678" not in text  # no template was evaluated


def test_5mb_file_is_refused_without_being_read_into_memory(tmp_path):
    path = tmp_path / "leaflets" / "sample" / "en.md"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        handle.write(VALID_FRONT_MATTER.encode())
        handle.truncate(5_000_000)  # the rest reads as NUL bytes, never held in memory here
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LeafletPressError, match="is larger than 50 KB"):
            load_leaflet(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2  # unbounded, reading it all takes seconds
    assert peak < 500_000, f"{peak:,} bytes held to refuse the file"


def test_list_nested_1000_deep_is_refused_before_markdown_recurses(tmp_path):
    """Unbounded, Python-Markdown spends 24 s on this and then raises RecursionError."""
    body = "\n".join("    " * depth + "- item" for depth in range(1000))
    started = time.perf_counter()
    fragment = to_html(body, tmp_path, tmp_path / "en.md")
    assert time.perf_counter() - started < 2  # unbounded: 24 s
    assert [str(p) for p in fragment.errors] == [
        f"{tmp_path / 'en.md'}:11: lists or quotes are nested more than 10 levels deep here; "
        "flatten them"
    ]


def test_largest_leaflet_within_every_bound_gives_a_pdf_in_bounded_time(world):
    """Just under every limit at once: it builds, so the limits leave room for real leaflets."""
    nested = "".join(
        "    " * depth + f"- Level {depth + 1}\n" for depth in range(limits.MAX_NESTING)
    )
    lists = "\n".join("".join(f"- Item {n} of list {k}.\n" for n in range(29)) for k in range(10))
    plain = "Walking every day helps the back to heal, a little more each week. "
    linked = "Read [the guide](https://example.org) with your family. "
    paragraph = (plain * 4 + linked * 6 + plain * 3).strip() + "\n"
    paragraphs = "\n".join([paragraph] * (limits.MAX_BRACKETS // 6))
    body = f"## Lists\n\n{nested}\n{lists}\n## Text\n\n{paragraphs}"
    path = world.leaflet_bytes(with_body(body))
    assert limits.MAX_FILE_BYTES * 0.75 < path.stat().st_size < limits.MAX_FILE_BYTES
    assert body.count("[") == limits.MAX_BRACKETS
    assert body.count("- ") == limits.MAX_LIST_ITEMS
    result = world.project.build("--skip-checks")  # the checks rightly find it far too long
    assert result.exit_code == 0, result.output
    [written] = world.pdf.parent.glob("*.pdf")  # a draft, whatever its name
    pdf = pdffacts.reader(written)
    assert len(pdf.pages) < 40  # the bounds keep the longest leaflet to some 30 pages
    assert "Level 10" in pdffacts.normalise(pdf.pages[0].extract_text())


# -- Images: too large, claiming too many pixels, broken ------------------------------

IMAGES = [
    pytest.param(
        lambda: png_header(6000, 6000),
        r"image 'picture\.png' is 6,000 x 6,000 pixels; 25 million pixels at most",
        id="image-of-6000-x-6000-pixels-is-refused",
    ),
    pytest.param(
        lambda: png_header(100_000, 100_000),
        r"image 'picture\.png' claims more than 25 million pixels$",
        id="decompression-bomb-claiming-10-billion-pixels-is-refused-unread",
    ),
    pytest.param(
        lambda: png_header(10, 10) + b"\0" * 3_000_000,
        r"image 'picture\.png' is 3\.0 MB; 2 MB at most",
        id="image-file-of-3-mb-is-refused",
    ),
    pytest.param(
        lambda: b"not a picture at all",
        r"image 'picture\.png' is not an image that can be read; save it again",
        id="broken-image-file-is-refused",
    ),
]


@pytest.mark.parametrize(("make", "expected"), IMAGES)
def test_hostile_image(world, make, expected):
    world.project.valid_leaflet(body="## A heading\n\n![A drawing of the spine](picture.png)\n")
    (world.root / "leaflets" / "sample" / "picture.png").write_bytes(make())
    world.earlier_pdf()
    assert_one_error(world.project.build(), rf"en\.md:{BODY_LINE + 3}: {expected}")
    assert world.pdf.read_bytes() == EARLIER_PDF


def test_image_bomb_is_measured_from_its_header_alone(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(10_000, 10_000))  # 100 million pixels: 400 MB decoded
    tracemalloc.start()
    try:
        problem = limits.image_problem(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem == "is 10,000 x 10,000 pixels; 25 million pixels at most: scale it down"
    assert peak < 1_000_000


# -- The designers' stylesheets: url() and @import that reach outside -----------------

STYLES = [
    pytest.param(
        "url-file-outside.css",
        None,
        "Warning",
        "/outside/secret.png': only files inside the project can be used",
        id="stylesheet-url-with-a-file-path-outside-is-refused-with-a-warning",
    ),
    pytest.param(
        "url-dotdot.css",
        None,
        "Warning",
        "/outside/secret.png': only files inside the project can be used",
        id="stylesheet-url-escaping-with-dotdot-is-refused-with-a-warning",
    ),
    pytest.param(
        "url-symlink.css",
        lambda world: (world.root / "styles" / "picture.png").symlink_to(
            world.outside / "secret.png"
        ),
        "Warning",
        "styles/picture.png': only files inside the project can be used",
        id="stylesheet-url-through-a-symlink-outside-is-refused-with-a-warning",
    ),
    pytest.param(
        "url-http.css",
        None,
        "Warning",
        "refused 'https://example.invalid/tracker.png': Leaflet Press never fetches from the "
        "network",
        id="stylesheet-url-over-http-is-refused-without-touching-the-network",
    ),
    pytest.param(
        "url-huge-image.css",
        lambda world: (world.root / "styles" / "huge.png").write_bytes(png_header(6000, 6000)),
        "Warning",
        "the image is 6,000 x 6,000 pixels; 25 million pixels at most",
        id="stylesheet-url-of-an-image-bomb-is-refused-with-a-warning",
    ),
    pytest.param(
        "import-https.css",
        None,
        "Error",
        "styles/base.css: rendering: Failed to load stylesheet at https://example.invalid/",
        id="stylesheet-importing-over-https-is-an-error-without-touching-the-network",
    ),
    pytest.param(
        "import-file-outside.css",
        None,
        "Error",
        "/outside/secret.css': only files inside the project can be used",
        id="stylesheet-importing-a-file-outside-is-an-error",
    ),
    pytest.param(
        "font-outside.css",
        None,
        "Error",
        "styles/base.css: rendering: Font-face 'Stolen' cannot be loaded",
        id="stylesheet-font-from-a-file-outside-is-an-error",
    ),
]


def _add_css(world: World, name: str) -> None:
    css = world.corpus(f"styles/{name}")
    base = world.root / "styles" / "base.css"
    # @import must come first in a stylesheet; everything else is added at the end.
    base.write_text(css + base.read_text() if "@import" in css else base.read_text() + css)


@pytest.mark.parametrize(("css", "prepare", "level", "message"), STYLES)
def test_hostile_stylesheet(world, css, prepare, level, message):
    world.project.valid_leaflet()
    _add_css(world, css)
    if prepare is not None:
        prepare(world)
    result = world.project.build()
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{level}:")]
    assert any(message in line for line in lines), result.stderr
    assert "Traceback" not in result.output
    if level == "Error":
        assert result.exit_code == 1 and len(lines) == 1, result.stderr
        assert not world.pdf.exists()
    else:
        assert result.exit_code == 0, result.output
        world.assert_clean(world.pdf)
    assert world.network == []


def test_strict_makes_a_refused_stylesheet_url_an_error(world):
    world.project.valid_leaflet()
    _add_css(world, "url-file-outside.css")
    result = world.project.build("--strict")
    assert_one_error(
        result,
        r"only files inside the project can be used \(a warning, and strict checking is on\)",
    )
    assert not world.pdf.exists()


# -- Brand files from outside: injection, wrong types, sizes --------------------------


def _brand_file(name: str):
    return lambda world: world.corpus(f"brands/{name}")


VALID_BRAND = (ROOT / "brands" / "default.toml").read_text(encoding="utf-8")


def _logo_bomb(world: World) -> str:
    (world.root / "brands" / "logo.png").write_bytes(png_header(6000, 6000))
    return VALID_BRAND.replace('logo = ""', 'logo = "logo.png"')


def _linked_brand(world: World) -> None:
    (world.outside / "brand.toml").write_text(VALID_BRAND)
    (world.root / "brands" / "hostile.toml").symlink_to(world.outside / "brand.toml")


BRANDS = [
    pytest.param(
        _brand_file("colour-css-injection.toml"),
        r"'colours\.primary' must be a colour like \"#0B5563\" "
        r"\(got 'red;background:url\(file:///etc/passwd\)'\)",
        id="brand-colour-with-css-injection-is-refused",
    ),
    pytest.param(
        _brand_file("colour-number.toml"),
        r"'colours\.primary' must be a colour like \"#0B5563\" \(got 742755\)",
        id="brand-colour-given-as-a-number-is-refused",
    ),
    pytest.param(
        _brand_file("name-number.toml"),
        r"'name' must be text in quotes",
        id="brand-name-given-as-a-number-is-refused",
    ),
    pytest.param(
        _brand_file("colours-text.toml"),
        r"'colours' must be a table: \[colours\]$",
        id="brand-colours-given-as-text-instead-of-a-table-is-one-line",
    ),
    pytest.param(
        _brand_file("contact-list.toml"),
        r"'contact' must be a table: \[contact\]$",
        id="brand-contact-given-as-a-list-is-refused",
    ),
    pytest.param(
        _brand_file("logo-table.toml"),
        r"'logo' must be a file name in quotes",
        id="brand-logo-given-as-a-table-is-refused",
    ),
    pytest.param(
        _brand_file("footer-list.toml"),
        r"'footer' must be text in quotes$",
        id="brand-footer-given-as-a-list-is-refused",
    ),
    pytest.param(
        _brand_file("phone-number.toml"),
        r"'contact\.phone' must be text in quotes$",
        id="brand-phone-given-as-a-number-is-refused",
    ),
    pytest.param(
        _brand_file("not-toml.toml"),
        r"hostile\.toml:1: TOML error: ",
        id="brand-file-that-is-not-toml-is-refused-naming-its-line",
    ),
    pytest.param(
        lambda world: VALID_BRAND + "# padding\n" * 10_000,
        r"hostile\.toml: is larger than 20 KB",
        id="brand-file-of-100-kb-is-refused",
    ),
    pytest.param(
        lambda world: "nested = " + "[" * 3000 + "]" * 3000 + "\n" + VALID_BRAND,
        r"hostile\.toml: is nested too deeply",
        id="brand-value-nested-3000-deep-is-refused",
    ),
    pytest.param(
        lambda world: VALID_BRAND.encode("utf-16"),
        r"hostile\.toml: is not UTF-8 text; save it as UTF-8$",
        id="brand-file-in-utf16-is-refused",
    ),
    pytest.param(
        _logo_bomb,
        r"'logo' file logo\.png is 6,000 x 6,000 pixels",
        id="brand-logo-of-36-million-pixels-is-refused",
    ),
    pytest.param(
        _linked_brand,
        r"hostile\.toml: is a link to a file outside brands/",
        id="brand-file-symlinked-outside-the-project-is-refused",
    ),
]


@pytest.mark.parametrize(("make", "expected"), BRANDS)
def test_hostile_brand(world, make, expected):
    world.project.valid_leaflet()
    content = make(world)
    if content is not None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (world.root / "brands" / "hostile.toml").write_bytes(data)
    assert_one_error(world.project.build("--brand", "hostile"), expected)
    assert not world.pdf.parent.exists() or not list(world.pdf.parent.glob("*.pdf"))


def test_brand_named_like_an_edition_would_overwrite_another_pdf_and_is_refused(world):
    world.project.valid_leaflet()
    (world.root / "brands" / "large-print.toml").write_text(VALID_BRAND)
    result = world.project.build("--brand", "all", "--edition", "all")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert re.search(
        r"brands/large-print\.toml: is named like a part of PDF file names \('large-print'\)",
        errors[0],
    )
    # The real large-print edition is built, and nothing replaced it.
    assert (world.root / "dist" / "sample--large-print.pdf").is_file()
    assert not list((world.root / "dist").glob("*large-print--large-print*"))


# -- Folders and slugs: duplicates, missing files, links --------------------------------


def test_same_slug_twice_on_the_command_line_builds_one_pdf(world):
    world.project.valid_leaflet()
    result = world.project.build("sample", "sample")
    assert result.exit_code == 0, result.output
    assert [p.name for p in world.pdf.parent.glob("*.pdf")] == ["sample.pdf"]
    assert "Built 1 PDF, 0 unchanged, 0 failed" in result.stderr


def test_two_leaflets_with_the_same_code_are_refused(world):
    world.project.valid_leaflet("first")
    world.project.valid_leaflet("second")
    result = world.project.build()
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2, result.stderr
    for slug, other in (("first", "second"), ("second", "first")):
        expected = (
            f"{slug}/en.md:5: governance-unique-code: code TEST-01 is also used by {other}; "
            "give each leaflet its own code"
        )
        assert any(error.endswith(expected) for error in errors), errors


def test_folders_differing_only_in_capitals_are_refused(world):
    world.project.valid_leaflet("sample")
    world.project.leaflet("Sample", front_matter(code="TEST-02") + BODY)
    assert_one_error(
        world.project.build(),
        r"leaflets/Sample: differs from leaflets/sample only in capitals, and on Windows "
        r"and macOS the two are one folder",
    )


def test_folder_that_is_not_a_slug_is_refused_and_underscore_folders_are_left_out(world):
    world.project.valid_leaflet("sample")
    world.project.leaflet("_drafts", "not a leaflet at all")
    world.project.leaflet("Back Pain", front_matter(code="TEST-02") + BODY)
    assert_one_error(
        world.project.build(), r"leaflets/Back Pain: is not a leaflet folder name; use lower case"
    )
    (world.root / "leaflets" / "Back Pain" / "en.md").unlink()
    (world.root / "leaflets" / "Back Pain").rmdir()
    assert world.project.build().exit_code == 0  # _drafts is left alone


def test_leaflet_folder_without_a_language_file_is_refused(world):
    world.project.valid_leaflet("sample")
    (world.root / "leaflets" / "new-topic").mkdir()
    assert_one_error(
        world.project.build(),
        r"leaflets/new-topic/en\.md: no such file; write the leaflet's text in en\.md$",
    )


@pytest.mark.parametrize("what", ["file", "folder"], ids=["file", "folder"])
def test_leaflet_symlinked_to_outside_the_project_is_refused(world, what):
    (world.outside / "sample").mkdir()
    (world.outside / "sample" / "en.md").write_text(VALID)
    link = world.root / "leaflets" / "sample"
    if what == "file":
        link.mkdir()
        (link / "en.md").symlink_to(world.outside / "sample" / "en.md")
    else:
        link.symlink_to(world.outside / "sample")
    assert_one_error(world.project.build(), r"sample/en\.md: is a link to a file outside leaflets/")


# -- Handouts: text a doctor types ------------------------------------------------------

HOSTILE_NAME = "<b>{{7*7}}</b>"


def test_handout_fields_with_template_syntax_and_html_print_literally(tmp_path, no_network):
    out = tmp_path / "hostile.pdf"
    note = "**not bold** <i>x</i> {% if true %}y{% endif %} [link](http://example.org)"
    result = run(
        "handout",
        "overview",
        "--patient",
        HOSTILE_NAME,
        "--doctor",
        "{{ brand.name }}",
        "--note",
        f"{note}\n{HOSTILE_NAME}",
        "--next-step",
        "<script>alert(1)</script>",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    cover = pdffacts.page_texts(out)[0]
    assert f"For {HOSTILE_NAME} Seen by {{{{ brand.name }}}}" in cover
    assert note in cover and "<script>alert(1)</script>" in cover
    assert "49" not in cover
    # Each hostile line is one run of text in one face: no tag was obeyed. The name is
    # bold by design (the cover's "For" line); the same text in the notes is regular.
    runs = [(text, font) for text, font in pdffacts.text_runs(out) if "{{7*7}}" in text]
    assert [text for text, _ in runs] == [HOSTILE_NAME, HOSTILE_NAME]
    assert runs[0][1].endswith("-Bold") and not runs[1][1].endswith("-Bold")
    assert no_network == []

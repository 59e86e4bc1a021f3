"""Property-based tests (issue 7): arbitrary input renders or fails with our own error.

Hypothesis makes Markdown bodies, front matter values and handout fields from plain text,
Markdown syntax, template syntax and hostile references to secret files placed beside
the project (file: URLs, ../ paths, a symlink, raw HTML tags, CSS). Whatever it makes
must either load and render or raise LeafletPressError, never any other exception, and
the PDF must hold no secret, no attachment, no image, and no word that is neither in the
inputs nor in the fixed text of the templates. The profile in conftest.py makes every run
use the same examples and keeps no database.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pdffacts
import pytest
from conftest import VALID_FRONT_MATTER, FixtureProject
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from leafletpress import fonts
from leafletpress import handout as handout_stage
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflet
from leafletpress.errors import LeafletPressError
from leafletpress.jobs import Job
from leafletpress.markup import to_html
from leafletpress.project import Project
from leafletpress.render import Renderer

SECRET = "LEAKED-" + "SECRET-9023"
FAST = settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
# Full PDFs cost about a quarter of a second each: fewer examples, no per-example deadline.
# no_network is shared by the examples of one test, as wanted: it must record no attempt at all.
# No shrinking: each step would render a PDF, minutes in all; a failure shows its example.
SLOW = settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

MARKDOWN = [
    "# ", "## ", "### ", "- ", "* ", "1. ", "> ", "    ", "\t", "\n", "\n\n", "---", "***",
    "*", "**", "_", "__", "`", "```", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;",
    "&copy;", "&#65;", "\\", "--", "...", '"', "'", "|", "<!-- allow x: y -->", "<!--",
    "{{ brand.name }}", "{{ 7*7 }}", "{% include 'base.html' %}", "{% raw %}", "{#",
]  # fmt: skip


def hostile_references(outside: Path) -> list[str]:
    """References to the secret files, in every form a leaflet could try."""
    secret_png, secret_txt = (outside / "secret.png").as_uri(), (outside / "secret.txt").as_uri()
    return [
        f"![A picture]({secret_png})",
        "![A picture](../../../outside/secret.png)",
        "![A picture](link.png)",  # a symlink beside the leaflet, to the secret picture
        f'<img src="{secret_png}">',
        f'<link rel="attachment" href="{secret_txt}">',
        f'<style>@import url("{(outside / "secret.css").as_uri()}");</style>',
        f'<object data="{secret_txt}"></object>',
        f"[the file]({secret_txt})",
        "[a page](https://example.invalid/page)",
        "![tracker](https://example.invalid/t.png)",
        "<script>document.write(1)</script>",
        '<iframe src="../../../outside/secret.txt"></iframe>',
    ]


def latin_text(max_size: int = 30):
    """Text the packaged typeface prints and a PDF reader gives back in order."""
    return st.text(
        st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=("Cc",)),
        max_size=max_size,
    )


def printable_text(max_size: int = 30):
    """Text the handout accepts: characters of the packaged typeface (and line breaks)."""
    alphabet = sorted(chr(c) for c in fonts.printable_characters() if 0x20 <= c < 0x2100)
    return st.text(st.sampled_from([*alphabet, "\n"]), max_size=max_size)


def bodies(pieces: list[str], text):
    return st.lists(st.one_of(st.sampled_from(pieces), text), max_size=40).map("".join)


# -- fast properties: the Markdown stage, loading, handout fields --------------------------

ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "a", "img",
    "code", "pre", "blockquote", "hr", "br", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"img": {"src", "alt", "title"}, "ul": {"class"}}
ALLOWED_ATTRIBUTES["a"] = {"href", "data-address"}  # the address that prints (printed.py)
ALLOWED_ATTRIBUTES["ol"] = {"class", "start"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A folder beside the projects, holding secret files that must never be printed."""
    folder = tmp_path_factory.mktemp("properties") / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n")
    (folder / "secret.css").write_text(f'body::before {{ content: "{SECRET}" }}\n')
    Image.new("RGB", (37, 23), "red").save(folder / "secret.png")
    return folder


@FAST
@given(data=st.data())
def test_markdown_stage_gives_only_safe_html_or_our_error(outside, data):
    folder = outside.parent / "leaflet"
    folder.mkdir(exist_ok=True)
    if not (folder / "link.png").exists():
        (folder / "link.png").symlink_to(outside / "secret.png")
    everything = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
    body = data.draw(bodies(MARKDOWN + hostile_references(outside), everything))
    fragment = to_html(body, folder, folder / "en.md")
    parser = _Elements()
    parser.feed(fragment.html)
    for tag, attributes in parser.found:
        assert tag in ALLOWED_TAGS, tag
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attributes)
        if tag == "img":  # only files in the leaflet's own folder, never a link out of it
            source = Path(attributes["src"].removeprefix("file://"))
            assert attributes["src"].startswith("file://") and source.parent == folder.resolve()
            assert source.resolve().parent == folder.resolve()
        if tag == "a" and "href" in attributes:
            assert re.match(r"(https?|mailto|tel):", attributes["href"], re.I), attributes


@FAST
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        bodies(
            ["---\n", "title: ", "- ", ": ", "&a ", "*a", "\r\n", "\x00", "\ufeff"], latin_text()
        ).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )
)
def test_any_leaflet_file_loads_or_gives_our_error(outside, raw):
    path = outside.parent / "files" / "sample" / "en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        load_leaflet(path)
    except LeafletPressError as error:
        assert error.problems and all("\n" not in str(p) for p in error.problems)


FIELDS = ("title", "subtitle", "summary", "author", "reviewer", "version", "code", "lang")


def front_matter(values: dict[str, str], lists: dict[str, list[str]], quoted: bool) -> str:
    """Front matter with the given values, each quoted as JSON (valid YAML) or written raw."""
    base = dict(re.findall(r"^(\w+): (.+)$", VALID_FRONT_MATTER, re.M))
    lines = ["---"]
    for key in ("title", "summary", "lang", "code", "version", "reviewed", "next_review"):
        if key not in values:
            lines.append(f"{key}: {base[key]}")
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False) if quoted else value}")
    for key, items in lists.items():
        lines.append(f"{key}:")
        lines += [f"  - {json.dumps(item, ensure_ascii=False)}" for item in items]
    lines.append("---")
    return "\n".join(lines) + "\n"


@FAST
@given(
    values=st.dictionaries(st.sampled_from(FIELDS), latin_text(60), max_size=4),
    lists=st.fixed_dictionaries(
        {
            "sources": st.lists(latin_text(40), min_size=0, max_size=3),
            "in_short": st.lists(latin_text(40), min_size=0, max_size=6),
        }
    ),
    quoted=st.booleans(),
)
def test_any_front_matter_values_load_or_give_our_error(outside, values, lists, quoted):
    path = outside.parent / "front" / "sample" / "en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(values, lists, quoted) + "\n## A heading\n\nText.\n")
    try:
        leaflet = load_leaflet(path)
    except LeafletPressError:
        return
    for key, value in values.items():
        assert getattr(leaflet, key) == value.strip() or not quoted


@FAST
@given(
    patient=st.text(max_size=120),
    doctor=st.text(max_size=40),
    notes=st.lists(st.text(max_size=300), max_size=4),
    steps=st.lists(st.text(max_size=60), max_size=4),
)
def test_any_handout_fields_make_a_handout_or_give_our_error(patient, doctor, notes, steps):
    try:
        made = handout_stage.make_handout(
            patient, [LEAFLET], BRAND, doctor=doctor, notes=notes, next_steps=steps
        )
    except LeafletPressError as error:
        for problem in error.problems:  # a message describes a value, never repeats it
            assert patient.strip() not in str(problem) or len(patient.strip()) < 4
        return
    assert made.patient == handout_stage.clean_text(patient)


# -- slow properties: whole PDFs through the real renderer --------------------------------


@pytest.fixture(scope="module")
def pipeline(outside):
    """One project and one renderer for every example, and the words any PDF may print."""
    project = FixtureProject(outside.parent / "project")
    path = project.valid_leaflet("fixed", body="## A heading\n\nText.\n")
    project.valid_leaflet("sample")  # each example rewrites it
    (project.root / "leaflets" / "sample" / "link.png").symlink_to(outside / "secret.png")
    renderer = Renderer(Project(project.root))
    brand = load_brand(project.root / "brands")
    baseline = pdffacts.normalise(
        _pdf_text(renderer.pdf(Job(load_leaflet(path), brand, path)).pdf, outside)
    )
    minimal = handout_stage.make_handout(  # every field filled, so its label is printed
        "A", [load_leaflet(path)], brand, doctor="B", notes=["C"], next_steps=["D"]
    )
    baseline += " " + _pdf_text(handout_stage.render_handout(minimal, renderer).pdf, outside)
    return project, renderer, brand, {_bare(word) for word in baseline.split()}


def _pdf_text(pdf: bytes, outside: Path) -> str:
    """The PDF's text, after checking it holds nothing it must not."""
    target = outside.parent / "property.pdf"
    target.write_bytes(pdf)
    assert SECRET.encode() not in pdf
    text = pdffacts.text(target)
    assert SECRET not in text
    assert not pdffacts.has_attachments(target)
    assert pdffacts.image_count(target) == 0
    return text


def _bare(word: str) -> str:
    """A printed word without the punctuation and bullets the layout puts around it."""
    return word.strip("•·.,;:!?()[]{}<>\"'*_#|/\\-")


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _plain(text: str) -> str:
    """Text as it prints: a link or image becomes its text, emphasis and escapes go away.

    Without this, a word the layout joins across a dropped image ("%}A picture") or
    across emphasis ("a*b*c" prints "abc") would look like a word nobody gave.
    """
    text = pdffacts.normalise(text)
    # An image prints its alternative text (when dropped); a link its text, then its URL
    # in brackets (the print stylesheet adds it), or its text alone when it was refused.
    text = _LINK.sub(r"\1 (\2)", _IMAGE.sub(r"\1", text)) + " " + _LINK.sub(r"\1", text)
    text = text + " " + pdffacts.normalise(html.unescape(text))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # soft hyphens and the like
    return text.translate(str.maketrans("", "", "*_`\\"))


def _assert_every_word_was_given(text: str, inputs: list[str], baseline: set[str]) -> None:
    given_text = " ".join(_plain(piece) for piece in inputs)
    for word in text.split():
        bare = _bare(word)
        if bare and bare not in baseline and not bare.isdigit():
            plain = _plain(bare).split(" ")[0]
            assert plain in given_text, f"{word!r} printed, but neither given nor template text"


@SLOW
@given(data=st.data())
def test_any_leaflet_renders_or_gives_our_error_and_prints_only_what_it_was_given(
    pipeline, outside, data, no_network
):
    project, renderer, brand, baseline = pipeline
    keys = st.sampled_from(("title", "subtitle", "summary"))
    values = data.draw(st.dictionaries(keys, latin_text(50).filter(str.strip), max_size=3))
    in_short = data.draw(st.lists(latin_text(40).filter(str.strip), min_size=1, max_size=3))
    body = "Text.\n\n" + data.draw(bodies(MARKDOWN + hostile_references(outside), latin_text()))
    text = front_matter(values, {"sources": ["A source"], "in_short": in_short}, True) + body
    path = project.leaflet("sample", text)
    try:
        leaflet = load_leaflet(path)
        rendered = renderer.pdf(Job(leaflet, brand, path.with_suffix(".pdf")))
    except LeafletPressError:
        event("refused with our error")
        return
    event("rendered")
    printed = _pdf_text(rendered.pdf, outside)
    _assert_every_word_was_given(printed, [text], baseline)
    assert no_network == []


@SLOW
@given(
    patient=printable_text(60).filter(str.strip),
    doctor=printable_text(40),
    notes=st.lists(bodies(MARKDOWN, printable_text(80)), max_size=3),
    steps=st.lists(printable_text(60), max_size=3),
)
def test_any_handout_renders_or_gives_our_error_and_prints_only_what_it_was_given(
    pipeline, outside, patient, doctor, notes, steps
):
    project, renderer, brand, baseline = pipeline
    leaflet = load_leaflet(project.root / "leaflets" / "fixed" / "en.md")
    try:
        made = handout_stage.make_handout(
            patient, [leaflet], brand, doctor=doctor, notes=notes, next_steps=steps
        )
        rendered = handout_stage.render_handout(made, renderer)
    except LeafletPressError:
        event("refused with our error")
        return
    event("rendered")
    printed = _pdf_text(rendered.pdf, outside)
    _assert_every_word_was_given(printed, [patient, doctor, *notes, *steps], baseline)


def _fixed_leaflet():
    """The leaflet the fast handout property attaches: any will do, it is not rendered."""
    from conftest import ROOT

    return load_leaflet(ROOT / "leaflets" / "overview" / "en.md")


LEAFLET = _fixed_leaflet()
BRAND = load_brand(Path(__file__).resolve().parent.parent / "brands")

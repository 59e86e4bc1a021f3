"""What the rules look at: leaflets and brand files made ready for checking, and the sources."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import chinese_reading, limits, plaintext, readability
from ..brands import NAME_RE, Brand, load_brand, toml_key_lines
from ..content import Leaflet
from ..errors import LeafletPressError, Problem
from ..i18n import words
from ..jobs import Job, output_name
from ..markdown import AllowComment, allow_comments
from ..markup import to_html
from .allowing import toml_allow_comments
from .outline import Outline, read_outline

SOURCE_SUFFIXES = {".txt", ".md"}
# Brand values that are not prose: the advertising rules read every other text value.
BRAND_NOT_TEXT = {
    "logo",
    "contact.phone",
    "contact.email",
    "contact.website",
    "contact.booking_url",
}


@dataclass(frozen=True)
class Sources:
    """Plain-text source documents that a leaflet's figures must come from."""

    folder: Path
    files: tuple[Path, ...]
    text: str


@dataclass
class LeafletDoc:
    """One leaflet file prepared for checking: loaded (or its loading problems) and read."""

    path: Path
    leaflet: Leaflet | None = None
    problems: list[Problem] = field(default_factory=list)  # loading problems
    body: plaintext.Body = field(default_factory=plaintext.Body)
    fields: list[plaintext.Block] = field(default_factory=list)  # printed front matter
    prose: list[plaintext.Block] = field(default_factory=list)  # "In short" and the body
    reading: Reading | None = None  # English only
    chinese: chinese_reading.Stats | None = None  # Simplified Chinese only
    outline: Outline | None = None  # of the HTML document Jinja makes, for structure rules
    render_problems: list[Problem] = field(default_factory=list)
    allows: list[AllowComment] = field(default_factory=list)
    drawn: list[DrawnText] = field(default_factory=list)  # words inside its SVG images

    kind = "leaflet"

    @property
    def texts(self) -> list[plaintext.Block]:
        """Everything printed in words: front matter fields first, then the body."""
        return self.fields + self.body.blocks

    @property
    def images(self) -> list[plaintext.Image]:
        return self.body.images


@dataclass
class BrandDoc:
    """One brand file prepared for checking: its problems and its free text with lines."""

    path: Path
    key: str
    brand: Brand | None = None
    problems: list[Problem] = field(default_factory=list)
    texts: list[plaintext.Block] = field(default_factory=list)
    allows: list[AllowComment] = field(default_factory=list)
    drawn: list[DrawnText] = field(default_factory=list)  # words inside its SVG logo

    kind = "brand"
    images: tuple = ()


@dataclass(frozen=True)
class DrawnText:
    """Words inside an SVG image, which print (or are read aloud) like the leaflet's own.

    ``line`` is the line of the file checked (the leaflet's image, the brand's logo
    key) that findings are reported on; ``image`` and ``image_line`` say where in the
    SVG the words are.
    """

    line: int
    image: str
    image_line: int
    text: str


def drawn_texts(path: Path, name: str, line: int) -> list[DrawnText]:
    """The words of the SVG image at ``path`` (shown as ``name``, used on ``line``)."""
    from ..images import measure

    if not path.is_file():
        return []
    return [DrawnText(line, name, at, text) for at, text in measure(path).texts if text]


@dataclass(frozen=True)
class Reading:
    """How hard a leaflet is to read: the whole leaflet and each section."""

    stats: readability.Stats
    sections: tuple[readability.Section, ...]


@dataclass
class Context:
    """What rules need beyond one file: the date, the sources and every leaflet checked."""

    today: date
    sources: Sources | None = None
    leaflets: list[LeafletDoc] = field(default_factory=list)


def read_sources(folder: Path) -> Sources:
    """Read every ``.txt`` and ``.md`` file below ``folder`` as source text.

    Raises LeafletPressError when there is none, since checking figures against
    nothing would pass every figure.
    """
    files = tuple(
        sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
    )
    if not files:
        raise LeafletPressError(
            Problem(folder, "has no source documents (.txt or .md files) to check figures against")
        )
    text = limits.source_text(files)  # bounded: the rule searches it once per figure
    return Sources(folder, files, text)


def prepare_leaflet(doc: LeafletDoc, brand: Brand | None, renderer) -> None:
    """Read a loaded leaflet's text, measure it and make its HTML."""
    leaflet = doc.leaflet
    # The words and images print makes of the body, from the same conversion (see
    # printed.py): images resolved as the renderer loads them.
    fragment = to_html(leaflet.body, leaflet.path.parent, leaflet.path, leaflet.body_line)
    doc.body = plaintext.Body(fragment.blocks, fragment.body_images)
    doc.allows = allow_comments(leaflet.body, leaflet.body_line)
    doc.fields = _leaflet_fields(leaflet)
    for image in doc.body.images:
        if image.path is not None:
            doc.drawn += drawn_texts(image.path, image.src, image.line)
    # "In short" reads as a section of its own, each message a sentence at least.
    start = leaflet.key_lines.get("in_short", 1)
    doc.prose = [plaintext.Block("heading", start, words(leaflet.lang).in_short, 2)]
    doc.prose += [b for b in doc.fields if b.kind == "in_short"] + doc.body.blocks
    if leaflet.lang == "en" or leaflet.lang.startswith("en-"):
        sections = readability.sections(doc.prose)
        every = [s for section in sections for s in section.sentences]
        doc.reading = Reading(readability.measure(every), tuple(sections))
    elif leaflet.lang == "zh-Hans":
        doc.chinese = chinese_reading.measure(doc.prose)
    if renderer is not None and brand is not None:
        job = Job(leaflet, brand, Path(output_name(leaflet, brand, "standard", "leaflet")))
        try:
            html_text, _warnings = renderer.html(job)  # build reports the warnings
            doc.outline = read_outline(html_text)
        except LeafletPressError as error:
            doc.render_problems = error.problems


def _leaflet_fields(leaflet: Leaflet) -> list[plaintext.Block]:
    """The front matter that is printed or shown as PDF metadata, as blocks with lines."""
    lines = leaflet.key_lines
    fields = [
        plaintext.Block("field", lines.get(key, 1), getattr(leaflet, key))
        for key in ("title", "subtitle", "summary")
        if getattr(leaflet, key)
    ]
    if leaflet.keywords:
        keywords = "; ".join(leaflet.keywords)
        fields.append(plaintext.Block("field", lines.get("keywords", 1), keywords))
    start = lines.get("in_short", 1)
    fields += [
        plaintext.Block("in_short", start + 1 + index, message)
        for index, message in enumerate(leaflet.in_short)
    ]
    # Printed under "About this leaflet": read by the advertising rules like the rest.
    fields += [
        plaintext.Block("about", lines.get(key, 1), getattr(leaflet, key))
        for key in ("version", "author", "reviewer")
        if getattr(leaflet, key)
    ]
    start = lines.get("sources", 1)
    fields += [
        plaintext.Block("about", start + 1 + index, source)
        for index, source in enumerate(leaflet.sources)
    ]
    return fields


def brand_doc(brands_dir: Path, key: str) -> BrandDoc:
    """A brand file's problems (as brand-file findings) and its free text with lines."""
    path = brands_dir / f"{key}.toml"
    doc = BrandDoc(path, key)
    try:
        doc.brand = load_brand(brands_dir, key)
    except LeafletPressError as error:
        doc.problems = error.problems
    if doc.brand is None and not path.resolve().is_relative_to(brands_dir.resolve()):
        return doc  # a link out of brands/ (to /dev/zero, say): refused, never read
    try:
        # Bounded, and a pipe or a device is refused unread: a FIFO here hung `check`
        # and a link to /dev/zero was read whole (9 GB in 30 s).
        raw = limits.read_bounded(path, limits.MAX_BRAND_BYTES, "a brand file needs a few lines")
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except (LeafletPressError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return doc  # already reported by load_brand
    lines = toml_key_lines(text)
    for name, value in _text_values(data):
        if name not in BRAND_NOT_TEXT and not name.startswith("colours."):
            doc.texts.append(plaintext.Block("field", lines.get(name, 1), value))
    doc.allows = toml_allow_comments(text)
    if doc.brand is not None and doc.brand.logo is not None:
        doc.drawn = drawn_texts(doc.brand.logo, doc.brand.logo.name, lines.get("logo", 1))
    return doc


def brand_name_problems(brands_dir: Path) -> list[Problem]:
    """Brand files whose names no ``--brand`` can choose (capitals, spaces, a leading dash).

    Such a file would otherwise be left out of every list without a word, so marketing
    would wonder why their brand is never printed.
    """
    if not brands_dir.is_dir():
        return []
    return [
        Problem(
            path,
            "is not a brand file name, so no --brand can choose it; use lower case words "
            f"and dashes, like {_brand_name_like(path.stem)}.toml",
        )
        for path in sorted(brands_dir.glob("*.toml"))
        if not NAME_RE.match(path.stem) and not path.name.startswith(".")
    ]


def _brand_name_like(stem: str) -> str:
    """A brand name close to ``stem``: 'Harbour Side' -> 'harbour-side'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "partner-clinic"


def _text_values(data: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _text_values(value, f"{name}.")
        elif isinstance(value, str) and value.strip():
            yield name, value
        elif isinstance(value, list):
            yield from ((name, item) for item in value if isinstance(item, str))

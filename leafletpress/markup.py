"""Markdown to a safe HTML fragment.

Python-Markdown passes raw HTML through by default; here it is escaped, so a
leaflet cannot inject ``<script>``, ``<style>``, ``<link rel=attachment>`` or an
``<img>`` that reads a file. Images must be files beside the leaflet; links may
only point to the web, email or a phone number.

Python-Markdown is configured in ``markdown.make_markdown``, the one reading of a
body that the checks and the tri-fold's sections share; it drops the writer's allow
comments (``<!-- allow ad-superlative: the reason -->``) before conversion, so they
never reach the page.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import images, limits
from .errors import Problem
from .markdown import (  # noqa: F401 (re-exported: allow comments and sections live there)
    ALLOW_COMMENT_RE,
    AllowComment,
    Block,
    Image,
    allow_comments,
    make_markdown,
    select_sections,
    strip_allow_comments,
)
from .printed import PrintedExtension

ALLOWED_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SHORT_LIST_ITEMS = 4  # lists this short are kept on one page; longer ones may break between items
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}


@dataclass
class Fragment:
    """The HTML of a leaflet body and what converting it found."""

    html: str
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    images: list[Path] = field(default_factory=list)
    pixels: dict[Path, int] = field(default_factory=dict)  # decoded pixels, per image file
    shapes: int = 0  # SVG elements drawn, every showing of every drawing
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # What prints, read from the same tree (see printed.py), with file lines.
    blocks: list[Block] = field(default_factory=list)
    body_images: list[Image] = field(default_factory=list)


def to_html(body: str, folder: Path, source: Path, first_line: int = 1) -> Fragment:
    """Convert a Markdown ``body`` whose images live in ``folder``.

    ``source`` and ``first_line`` only serve messages: an image that is missing is
    an error (the leaflet would print with a hole), one that points outside the
    leaflet's folder or to the web is a warning and is dropped (its alt text stays).
    A body beyond the limits of ``limits`` (size, lines, lists, nesting, brackets),
    HTML nested too deep and an image too large are errors, found before the
    engine sees them.
    """
    fragment = Fragment(html="")
    # Loading already refused a body out of bounds; checked again here because this
    # is the stage the bounds protect, whoever calls it.
    fragment.errors = limits.text_problems(body, source, first_line)
    if fragment.errors:
        return fragment
    md = make_markdown(_SafetyExtension(fragment), PrintedExtension())
    md.safety_context = (folder.resolve(), source, first_line, body)  # type: ignore[attr-defined]
    try:
        fragment.html = md.convert(body)
        blocks, found = md.printed  # type: ignore[attr-defined]
        shift = first_line - 1
        fragment.blocks = [Block(b.kind, b.line + shift, b.text, b.level) for b in blocks]
        fragment.body_images = [Image(i.alt, i.src, i.line + shift, i.path) for i in found]
    except RecursionError:
        # The bounds above should make this unreachable; should some other Markdown
        # construct nest deeply enough, the writer still gets one line, not a crash.
        fragment.html = ""
        fragment.errors.append(
            Problem(
                source,
                "the text is nested too deeply to convert (lists, quotes or emphasis "
                "inside one another); flatten it",
                first_line,
            )
        )
    return fragment


class _SafetyExtension(Extension):
    def __init__(self, fragment: Fragment):
        super().__init__()
        self.fragment = fragment

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (API name)
        md.treeprocessors.register(_SafetyTreeprocessor(md, self.fragment), "leaflet_safety", 0)


class _SafetyTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, fragment: Fragment):
        super().__init__(md)
        self.fragment = fragment

    def run(self, root: ET.Element) -> None:
        folder, source, first_line, body = self.md.safety_context  # type: ignore[attr-defined]

        def line_of(needle: str) -> int | None:
            for offset, text in enumerate(body.split("\n")):
                if needle and needle in text:
                    return first_line + offset
            return None

        depth, deepest = limits.element_depth(root)
        if depth > limits.MAX_ELEMENT_DEPTH:
            # Emphasis can nest without lists or quotes ("**" a hundred times over);
            # the engine would exhaust Python's recursion limit laying it out.
            self.fragment.errors.append(
                Problem(
                    source,
                    "the text has emphasis, links, lists or quotes nested more than "
                    f"{limits.MAX_ELEMENT_DEPTH} deep; remove the extra * and _ marks",
                    line_of("".join(deepest.itertext()).strip()) or first_line,
                )
            )
            root.clear()  # nothing of it will print; serialising it would recurse too
            return

        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                    text = "".join(element.itertext()).strip()
                    self.fragment.headings.append((int(element.tag[1]), text))
                elif element.tag in {"ul", "ol"} and len(element) <= SHORT_LIST_ITEMS:
                    element.set("class", "short-list")
                elif element.tag == "a":
                    href = element.get("href", "")
                    if urlsplit(href).scheme.lower() not in ALLOWED_LINK_SCHEMES:
                        self.fragment.warnings.append(
                            Problem(
                                source,
                                f"link '{href}' removed: only http(s), mailto "
                                "and tel links can be printed",
                                line_of(href),
                            )
                        )
                        element.attrib.pop("href", None)
                elif element.tag == "img":
                    self._check_image(parent, index, element, folder, source, line_of)

    def _check_image(self, parent, index, element, folder, source, line_of) -> None:
        src = element.get("src", "")
        line = line_of(src)
        scheme = urlsplit(src).scheme.lower()
        problem = None
        if scheme or src.startswith("/") or "\\" in src:
            problem = "only images saved beside the leaflet can be used"
        else:
            relative = posixpath.normpath(unquote(src))
            path = (folder / relative).resolve()
            if relative.startswith("..") or folder not in path.parents:
                problem = "images must be inside the leaflet's own folder"
            elif path.suffix.lower() not in IMAGE_SUFFIXES:
                problem = f"use a PNG, JPEG, SVG, GIF or WebP image, not '{path.suffix}'"
            elif not path.exists():  # a pipe exists: measure says what it is
                self.fragment.errors.append(
                    Problem(
                        source,
                        f"image '{src}' not found; put the file in "
                        f"{folder.parent.name}/{folder.name}/ or fix the name",
                        line,
                    )
                )
                return
            elif (found := images.measure(path)).problem is not None:
                self.fragment.errors.append(Problem(source, f"image '{src}' {found.problem}", line))
                return
            elif (too_much := self._add_work(path, found)) is not None:
                self.fragment.errors.append(Problem(source, f"image '{src}' {too_much}", line))
                return
            else:
                element.set("src", path.as_uri())
                self.fragment.images.append(path)
                if not element.get("alt", "").strip():
                    self.fragment.warnings.append(
                        Problem(
                            source,
                            f"image '{src}' has no alternative text; "
                            "write it between the brackets: ![what it shows](...)",
                            line,
                        )
                    )
                return
        self.fragment.warnings.append(Problem(source, f"image '{src}' removed: {problem}", line))
        replacement = ET.Element("span")
        replacement.text = element.get("alt", "")
        replacement.tail = element.tail
        parent[index] = replacement

    def _add_work(self, path: Path, found: images.Measure) -> str | None:
        """Add one image's cost to the leaflet's; say so when the total passes a bound.

        Each image is bounded on its own, but forty images just within the bounds
        took 28 s, so a leaflet's images are bounded together too. Reported once, at
        the image that passes the bound.
        """
        fragment = self.fragment
        before = (sum(fragment.pixels.values()), fragment.shapes)
        fragment.pixels[path] = found.pixels
        if found.kind == "svg":  # by content: a .png that holds XML is drawn as an SVG
            fragment.shapes += found.shapes
        pixels = sum(fragment.pixels.values())
        if pixels > limits.MAX_LEAFLET_PIXELS >= before[0]:
            return (
                f"brings the leaflet's images to {pixels / 1e6:.0f} million pixels; "
                f"{limits.MAX_LEAFLET_PIXELS // 1_000_000} million at most: "
                "use fewer images, or scale them down"
            )
        if fragment.shapes > limits.MAX_LEAFLET_SHAPES >= before[1]:
            return (
                f"brings the leaflet's drawings to {fragment.shapes:,} shapes; "
                f"{limits.MAX_LEAFLET_SHAPES:,} at most: use fewer or simpler drawings"
            )
        return None

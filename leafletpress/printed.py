"""The words and images a leaflet's body prints, read from the tree print is made from.

The checks used to re-read a body with regular expressions of their own, and whatever
those read differently from Python-Markdown was printed unchecked: ``[be]st`` with a
``[be]: https://...`` reference printed "best" and was read "[be]st"; an image named
``![alt][ref]``, ``%61d.svg`` or ``<a d.svg>`` was never found. Now the words come from
the very tree Python-Markdown builds for print (``markup.to_html`` registers this
extension), after every inline pattern, escape, entity and typographic quote has
been applied, and after the safety pass has resolved each image as the fetcher will
load it (or replaced it by its alternative text, which then prints). A link prints its
address after its words, and the stylesheet shows exactly the ``data-address`` set
here (``a[data-address]::after``), so the checks read it as it prints.

Each block keeps the file line of its first line: a recorder runs before the inline
patterns, on the block tree ``markdown._TreeReader`` locates, and a reader runs last.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import limits
from .markdown import Block, Image, _TreeReader

# What a link's address prints as, by its scheme (any case): the web address as written,
# an email address or a phone number without its scheme.
SHOWN_SCHEMES = {"http": False, "https": False, "mailto": True, "tel": True}
BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_AMP_ENTITY = re.compile(re.escape(util.AMP_SUBSTITUTE) + r"(#\d+;|#[xX][0-9a-fA-F]+;|\w+;)")


class PrintedExtension(Extension):
    """Records a body's blocks and images as print reads them (``md.printed``), and marks
    each link whose address prints."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (API name)
        self.md = md
        md.registerExtension(self)  # so that md.reset() calls self.reset()
        self.reset()
        md.preprocessors.register(_KeepLines(md), "printed_lines", 1)
        md.treeprocessors.register(_RecordBlocks(md), "printed_blocks", 25)
        md.treeprocessors.register(_KeepSources(md), "printed_sources", 5)
        md.treeprocessors.register(_ReadPrinted(md), "printed_words", -10)

    def reset(self) -> None:
        """Forget the last body (an empty body is converted without any processor)."""
        self.md.printed = ([], [])  # (blocks, images), from line 1 of the body
        self.md.printed_slots = []
        self.md.printed_sources = {}


class _KeepLines(Preprocessor):
    """Keeps the lines the block parser reads, to find each block's file line."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.printed_lines = list(lines)
        return lines


class _RecordBlocks(Treeprocessor):
    """Before any inline pattern: each block element in reading order, with its line."""

    def run(self, root: ET.Element) -> None:
        lines = getattr(self.md, "printed_lines", [])
        offsets = getattr(self.md, "kept_offsets", list(range(len(lines))))
        reader = _TreeReader(lines, [1 + offset for offset in offsets] or [1])
        reader.read(root, "top")
        self.md.printed_slots = reader.slots


class _KeepSources(Treeprocessor):
    """After the inline patterns, before the safety pass resolves them: each image's
    address as the writer wrote it (a reference, <angle brackets> and escapes undone),
    for messages."""

    def run(self, root: ET.Element) -> None:
        self.md.printed_sources = {id(img): img.get("src", "") for img in root.iter("img")}


class _ReadPrinted(Treeprocessor):
    """Last of all: marks the links whose address prints, then reads each block."""

    def run(self, root: ET.Element) -> None:
        slots = getattr(self.md, "printed_slots", [])
        if any(
            limits.element_depth(s[3])[0] > limits.MAX_ELEMENT_DEPTH
            for s in [(0, 0, 0, root)] + slots
        ):
            return  # refused (markup.py); reading it would exhaust Python's recursion
        for link in root.iter("a"):
            address = shown_address(link.get("href"), _text(link, self.md))
            if address:
                link.set("data-address", address)
        blocks, images = [], []
        lines = getattr(self.md, "printed_lines", [])
        for kind, line, level, element, index in slots:
            reader = _InlineReader(self.md, line, element.tag == "li")
            reader.read(element)
            text = "\n".join(" ".join(part.split()) for part in reader.text().split("\n"))
            text = text.strip("\n")
            # The block's words may start a line or two into it (after a line of ```).
            first = text.split()[0] if text.split() else ""
            for offset, raw in enumerate(lines[index : index + 3]):
                if first and first in raw:
                    line += offset
                    break
            if kind == "heading" or text.strip():
                blocks.append(Block(kind, line, text, level))
            images += reader.images
        self.md.printed = (blocks, images)


def shown_address(href: str | None, words: str) -> str | None:
    """What prints in brackets after a link's words: its address, or None.

    Web addresses print as written; ``mailto:`` and ``tel:`` without the scheme. An
    address the words already show (``<https://...>``) is not printed twice.
    """
    if not href:
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme not in SHOWN_SCHEMES:
        return None
    address = href.split(":", 1)[1] if SHOWN_SCHEMES[scheme] else href
    address = unquote(address) if SHOWN_SCHEMES[scheme] else address
    if " ".join(words.split()) in (address, href):
        return None
    return address


def _text(element: ET.Element, md) -> str:
    reader = _InlineReader(md, 1, False)
    reader.read(element)
    return reader.text()


class _InlineReader:
    """The words of one block element as they print, and the images in it."""

    def __init__(self, md, line: int, item: bool):
        self.md = md
        self.line = line
        self.item = item  # a tight list item: its own words, not its nested blocks
        self.parts: list[str] = []
        self.images: list[Image] = []

    def text(self) -> str:
        return "".join(self.parts)

    def read(self, element: ET.Element) -> None:
        self._add(element.text)
        for child in element:
            if self.item and child.tag in BLOCK_TAGS:
                break  # a nested list or paragraph is a block of its own
            self._inline(child)
            self._add(child.tail)

    def _inline(self, element: ET.Element) -> None:
        if element.tag == "img":
            at = self.line + self.text().count("\n")
            src = element.get("src", "")
            path = Path(unquote(urlsplit(src).path)) if src.startswith("file:") else None
            name = getattr(self.md, "printed_sources", {}).get(id(element), src)
            alt = _decode(element.get("alt", ""), self.md)
            self.images.append(Image(alt, _decode(name, self.md), at, path))
            return
        if element.tag == "br":
            self.parts.append("\n")
        self._add(element.text)
        for child in element:
            self._inline(child)
            self._add(child.tail)
        if element.tag == "a" and element.get("data-address"):
            self.parts.append(f" ({element.get('data-address')})")

    def _add(self, text: str | None) -> None:
        if text:
            self.parts.append(_decode(text, self.md))


def _decode(text: str, md) -> str:
    """Text of the tree as it prints: stashed entities and quotes, and escaped ``&``."""
    stash = md.htmlStash.rawHtmlBlocks

    def stashed(match: re.Match) -> str:
        index = int(match.group(1))
        piece = stash[index] if index < len(stash) else ""
        return html.unescape(str(piece))

    text = util.HTML_PLACEHOLDER_RE.sub(stashed, text)
    text = _AMP_ENTITY.sub(lambda m: html.unescape("&" + m.group(1)), text)
    return text.replace(util.AMP_SUBSTITUTE, "&")

"""One reading of a leaflet's Markdown: what is a heading, a paragraph, a list item.

Print, the checks and the tri-fold's choice of sections used to read a body each
their own way (Python-Markdown, a line-based regex reader, ``startswith("## ")``),
and they disagreed: ``##What`` or an underlined heading printed as a heading but
was "not a ## heading" for the tri-fold; text between two lines of three
backticks printed (leaflets have no fenced code) but was never checked. Now every
reader goes through Python-Markdown's own block parser, configured once here
(``make_markdown``):

- ``markup.to_html`` converts with it to the print HTML;
- ``parse`` runs the same preprocessors and block parser and reads the block
  tree into plain ``Block``s with file lines, for the checks;
- ``select_sections`` cuts a tri-fold's sections at the headings of that parse;
- allow comments (``<!-- allow rule-id: reason -->``) are found, and dropped
  before print, here.

The block tree has no line numbers, so ``parse`` finds each block's first line
by searching forward through the preprocessed lines for its raw text: blocks
come in the order of the text, so the search never goes back.

``limits._nesting`` still reads list and quote markers on its own: it bounds the
text before this parse runs, as it must, and counts generously.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown as python_markdown
from markdown.preprocessors import Preprocessor

from . import limits

# ``<!-- allow rule-id[, rule-id]: reason -->``, on a line of its own or at the end of a line.
ALLOW_COMMENT_RE = re.compile(r"[ \t]*<!--\s*allow\b(?P<inside>.*?)-->")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


# -- allow comments ---------------------------------------------------------


@dataclass(frozen=True)
class AllowComment:
    """A writer's note that findings of ``rules`` on ``line`` (or the next block) are accepted."""

    line: int
    rules: tuple[str, ...]
    reason: str
    whole_line: bool


def allow_comment(inside: str, line: int, whole_line: bool) -> AllowComment:
    """An allow comment from what follows ``allow``: ``rule-id[, rule-id]: reason``.

    Shared by leaflets' HTML comments and brand files' TOML comments, so both
    name rules and give reasons the same way. A comment that names no rule or
    gives no reason keeps empty ``rules`` or ``reason``, so ``check`` can say what to add.
    """
    names, _, reason = inside.partition(":")
    rules = tuple(name for name in re.split(r"[\s,]+", names) if name)
    return AllowComment(line, rules, reason.strip(), whole_line)


def allow_comments(body: str, first_line: int = 1) -> list[AllowComment]:
    """Every allow comment in a Markdown ``body`` whose first line is file line ``first_line``."""
    found = []
    for offset, text in enumerate(body.split("\n")):
        for match in ALLOW_COMMENT_RE.finditer(text):
            whole_line = not ALLOW_COMMENT_RE.sub("", text).strip()
            found.append(allow_comment(match.group("inside"), first_line + offset, whole_line))
    return found


def strip_allow_comments(lines: list[str]) -> list[str]:
    """Drop allow comments: a line holding only comments goes; a trailing comment is cut off.

    Whole lines are removed rather than blanked, so a comment between two lines of a
    paragraph or two list items does not split them.
    """
    return _strip_allow_comments(lines)[0]


def _strip_allow_comments(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines without allow comments, and the offset in ``lines`` of each line kept."""
    kept, offsets = [], []
    for offset, text in enumerate(lines):
        if ALLOW_COMMENT_RE.search(text):
            text = ALLOW_COMMENT_RE.sub("", text)
            if not text.strip():
                continue
        kept.append(text)
        offsets.append(offset)
    return kept, offsets


class _AllowCommentPreprocessor(Preprocessor):
    """Drops allow comments before any block is read; keeps where each line came from."""

    def run(self, lines: list[str]) -> list[str]:
        kept, self.md.kept_offsets = _strip_allow_comments(lines)  # type: ignore[attr-defined]
        return kept


def make_markdown(*extensions) -> python_markdown.Markdown:
    """Python-Markdown as every reader of a leaflet uses it.

    Raw HTML is not passed through (the ``html_block`` preprocessor and ``html``
    inline pattern are off, so it is escaped and prints as text), and allow
    comments are dropped after whitespace is normalised (30), before anything
    reads blocks.
    """
    md = python_markdown.Markdown(extensions=["sane_lists", "smarty", *extensions])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.preprocessors.register(_AllowCommentPreprocessor(md), "allow_comments", 25)
    return md


# -- plain text blocks ------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """An image in the body: its alternative text, its file and its line.

    ``path`` is the file print loads, resolved as the renderer resolves it (None when
    it is missing or was not resolved, as in ``parse``, which knows no folder).
    """

    alt: str
    src: str
    line: int
    path: Path | None = field(default=None, compare=False)


@dataclass
class Block:
    """One unit a reader reads: a heading, a paragraph, a list item or a quoted paragraph.

    ``text`` is the words as they print (see ``printed``: emphasis gone, a link's
    address after its words, images left out), one source line per text line, so an
    offset into it maps back to a file line with ``line_at``.
    """

    kind: str  # "heading", "paragraph", "item" or "quote" (the checks add "field", "in_short")
    line: int
    text: str = ""
    level: int = 0  # headings only: 1 for #, 2 for ## ...

    def line_at(self, offset: int) -> int:
        """The file line of character ``offset`` of ``text``."""
        return self.line + self.text.count("\n", 0, offset)


@dataclass
class Body:
    """A Markdown body read as plain blocks, with its images."""

    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    """A body read once: its blocks and images with file lines, and its allow comments.

    Headings are only those of the body itself: a heading inside a list item or a
    quote is part of that item or quote, and an indented code block is a paragraph.
    """

    blocks: tuple[Block, ...] = ()
    images: tuple[Image, ...] = ()
    allows: tuple[AllowComment, ...] = ()

    @property
    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "heading"]


def read(body: str, first_line: int = 1) -> Body:
    """The plain-text blocks and images of ``body`` (file line ``first_line`` onward).

    Fresh lists each call, over the blocks of the one cached parse.
    """
    document = parse(body, first_line)
    return Body(list(document.blocks), list(document.images))


def parse(body: str, first_line: int = 1) -> Document:
    """Read ``body`` with Python-Markdown's block parser into plain blocks with file lines.

    ``first_line`` is the file line of the body's first line. The parse itself is
    cached by text alone: the checks, the tri-fold rule and the renderer's choice
    of sections all ask for the same body, from different first lines.
    """
    document = _parse(body)
    if first_line == 1:
        return document
    shift = first_line - 1
    return Document(
        tuple(Block(b.kind, b.line + shift, b.text, b.level) for b in document.blocks),
        tuple(Image(i.alt, i.src, i.line + shift, i.path) for i in document.images),
        tuple(
            AllowComment(a.line + shift, a.rules, a.reason, a.whole_line) for a in document.allows
        ),
    )


@functools.lru_cache(maxsize=64)
def _parse(body: str) -> Document:
    """``parse`` from line 1. A body beyond the bounds of ``limits`` (which loading
    has refused already) reads as no blocks rather than costing seconds."""
    allows = tuple(allow_comments(body))
    if limits.text_problems(body, Path("body")):
        return Document(allows=allows)
    md = _reader_markdown()
    try:
        md.convert(body)
    except RecursionError:
        return Document(allows=allows)
    blocks, images = md.printed  # type: ignore[attr-defined]
    return Document(tuple(blocks), tuple(images), allows)


_local = threading.local()


def _reader_markdown() -> python_markdown.Markdown:
    """This thread's Python-Markdown for ``parse``, reset for a new body.

    Making one costs about as much as parsing a leaflet (its extensions compile their
    patterns), so each thread keeps one; a Markdown object is not safe to share
    between threads, and ``reset`` forgets the last body.
    """
    md = getattr(_local, "md", None)
    if md is None:
        from .printed import PrintedExtension

        md = _local.md = make_markdown(PrintedExtension())
    return md.reset()


class _TreeReader:
    """Walks a block tree in text order, finding each block element's kind and file line.

    It runs before the inline patterns (``printed``), while each block still holds the
    raw text that is searched for in the lines; ``slots`` are (kind, line, level,
    element, index of its first line), and ``printed`` reads each element's words once
    print's tree is done.
    """

    def __init__(self, lines: list[str], file_lines: list[int]):
        self.lines = lines
        self.file_lines = file_lines
        self.cursor = 0  # index into lines: no block starts before it
        self.slots: list[tuple[str, int, int, ET.Element, int]] = []  # + index into lines

    def read(self, parent: ET.Element, context: str) -> None:
        """Read the children of ``parent``; ``context`` is "top", "item" or "quote"."""
        first_in_item = context == "item"
        if context == "item" and parent.text and parent.text.strip():
            self._add("item", parent.text, 0, parent)  # a tight list item's own text
            first_in_item = False
        for child in parent:
            tag = child.tag
            if tag in {"ul", "ol"}:
                for item in child:
                    self.read(item, "item")
            elif tag == "blockquote":
                self.read(child, "quote")
            elif tag == "pre":
                # An indented code block prints its words as they are, so they are
                # checked as a paragraph (never a heading) like any printed words.
                self._add("paragraph", "".join(child.itertext()), 0, child)
            elif tag == "p" or tag in HEADING_TAGS:
                if context == "top":
                    kind = "heading" if tag in HEADING_TAGS else "paragraph"
                elif context == "quote":
                    kind = "quote"
                else:
                    kind = "item" if first_in_item else "paragraph"
                    first_in_item = False
                level = int(tag[1]) if kind == "heading" else 0
                self._add(kind, child.text or "", level, child)

    def _add(self, kind: str, raw: str, level: int, element: ET.Element) -> None:
        index = self._locate(raw)
        line = self.file_lines[index] if index < len(self.file_lines) else self.file_lines[-1]
        self.slots.append((kind, line, level, element, index))

    def _locate(self, raw: str) -> int:
        """Index of the line where ``raw`` starts, searching on from the last block."""
        first = next((text.strip() for text in raw.split("\n") if text.strip()), "")
        for index in range(self.cursor, len(self.lines)):
            if first in self.lines[index]:
                self.cursor = index + max(1, raw.strip("\n").count("\n") + 1)
                return index
        return self.cursor  # not found (should not happen): the line after the last block


# -- tri-fold sections ------------------------------------------------------


def select_sections(body: str, headings: tuple[str, ...] | list[str]) -> tuple[str, list[str]]:
    """Keep only the ``##`` sections of ``body`` whose heading text is in ``headings``.

    A tri-fold has room for the key messages only, so the leaflet's front matter
    names the sections it keeps. A section is a level-2 heading of the body, as
    print reads it (``##What``, an underlined ``What\\n---``), up to the next
    heading of level 1 or 2; its heading is matched as printed, without its
    Markdown. Returns the shortened Markdown (sections in the leaflet's own order)
    and the listed headings that were not found.
    """
    lines = body.split("\n")
    starts = [b for b in parse(body).headings if b.level <= 2]
    # Each listed heading as it prints too (What's -> What’s), so both are read alike.
    wanted = {_printed_heading(name): name for name in headings}
    kept: list[str] = []
    found: set[str] = set()
    for index, heading in enumerate(starts):
        if heading.level != 2 or heading.text not in wanted:
            continue
        found.add(wanted[heading.text])
        end = starts[index + 1].line - 1 if index + 1 < len(starts) else len(lines)
        kept += lines[heading.line - 1 : end]
    missing = [heading for heading in headings if heading not in found]
    return "\n".join(kept), missing


def _printed_heading(name: str) -> str:
    """A heading named in front matter as it prints, read as print reads a heading."""
    found = [b.text for b in parse(f"## {name}\n").headings]
    return found[0] if found else name

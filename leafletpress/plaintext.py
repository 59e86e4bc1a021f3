"""A leaflet's Markdown body as the plain text a reader reads, block by block, with file lines.

The checks need words and sentences, not HTML: what a heading says, what each list
item says, and on which line of the file each starts, so a finding can name the
line a writer should edit. This is a small line-based reader of the Markdown that
leaflets use (ATX and underlined headings, paragraphs, lists, quotes, images and
links); it is not a second renderer, and nothing here changes what is printed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .markup import ALLOW_COMMENT_RE

HEADING_RE = re.compile(r"^(#{1,6})(.*?)#*[ \t]*$")  # as Python-Markdown: no space needed
UNDERLINE_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}\.)[ \t]+(.*)$")
QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
RULE_RE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
TABLE_DIVIDER_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
IMAGE_REF_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
LINK_RE = re.compile(r"\[(?P<text>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
AUTOLINK_RE = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
EMPHASIS_RE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
CODE_RE = re.compile(r"`+([^`]*)`+")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


@dataclass(frozen=True)
class Image:
    """An image in the body: its alternative text, its file and its line."""

    alt: str
    src: str
    line: int


@dataclass
class Block:
    """One unit a reader reads: a heading, a paragraph, a list item or a quoted paragraph.

    ``text`` is plain text (emphasis, links and images removed), one source line per
    text line, so an offset into it maps back to a file line with ``line_at``.
    """

    kind: str  # "heading", "paragraph", "item" or "quote"
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


def read(markdown: str, first_line: int = 1) -> Body:
    """Read a Markdown ``markdown`` body whose first line is file line ``first_line``.

    Code blocks, horizontal rules, link reference definitions, table dividers and
    allow comments are skipped; every other line belongs to exactly one block.
    """
    body = Body()
    current: Block | None = None
    in_fence = False

    def close() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            body.blocks.append(current)
        current = None

    for offset, raw in enumerate(markdown.split("\n")):
        number = first_line + offset
        if FENCE_RE.match(raw):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = ALLOW_COMMENT_RE.sub("", raw)
        if not line.strip():
            if raw.strip():  # a line that held only an allow comment joins nothing
                continue
            close()
            continue
        body.images.extend(_images(line, number))

        underline = UNDERLINE_RE.match(line)
        if underline and current is not None and current.kind == "paragraph":
            current.kind, current.level = "heading", 1 if underline.group(1)[0] == "=" else 2
            close()
            continue
        if RULE_RE.match(line) or REFERENCE_RE.match(line) or TABLE_DIVIDER_RE.match(line):
            close()
            continue
        heading = HEADING_RE.match(line)
        if heading:
            close()
            body.blocks.append(
                Block("heading", number, inline_text(heading.group(2)), len(heading.group(1)))
            )
            continue
        item = ITEM_RE.match(line)
        # As in Python-Markdown, a list needs a blank line after a paragraph.
        if item and (current is None or current.kind != "paragraph"):
            close()
            current = Block("item", number, inline_text(item.group(2)))
            continue
        quote = QUOTE_RE.match(line)
        if quote:
            if current is None or current.kind != "quote":
                close()
                current = Block("quote", number, inline_text(quote.group(1)))
            else:
                current.text += "\n" + inline_text(quote.group(1))
            continue
        if line.lstrip().startswith("|"):  # a table row reads as one unit
            close()
            cells = [inline_text(cell) for cell in line.strip().strip("|").split("|")]
            body.blocks.append(Block("item", number, "; ".join(c for c in cells if c)))
            continue
        if current is None:
            current = Block("paragraph", number, inline_text(line))
        else:  # a continuation line: of the paragraph, the list item or the quote
            current.text += "\n" + inline_text(line)
    close()
    return body


def inline_text(markdown: str) -> str:
    """One line of inline Markdown as the words it prints: no emphasis, links or images."""
    text = markdown.strip()
    text = IMAGE_RE.sub("", text)
    text = IMAGE_REF_RE.sub("", text)
    text = LINK_RE.sub(lambda m: m.group("text"), text)
    text = AUTOLINK_RE.sub(lambda m: m.group(1), text)
    text = CODE_RE.sub(lambda m: m.group(1), text)
    previous = None
    while previous != text:  # nested emphasis: ***x*** or **a *b* c**
        previous, text = text, EMPHASIS_RE.sub(lambda m: m.group(2), text)
    text = ESCAPE_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"[ \t]+", " ", text)
    return html.unescape(text).strip()


def _images(line: str, number: int) -> list[Image]:
    found = [Image(m.group("alt").strip(), m.group("src"), number) for m in IMAGE_RE.finditer(line)]
    found += [
        Image(m.group("alt").strip(), m.group("ref") or m.group("alt"), number)
        for m in IMAGE_REF_RE.finditer(line)
    ]
    return found

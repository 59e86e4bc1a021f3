"""Bounds on every input, so that no file can make a command take unbounded time or memory.

Python-Markdown and WeasyPrint are written for trusted documents. Some inputs make them
slow (Python-Markdown's time grows with the square of a paragraph's length for runs of
quotes or brackets, and with the square of the number of blocks), some exhaust Python's
recursion limit (lists or emphasis nested a few hundred deep), and an image's file can
claim more pixels than memory holds. So every input is measured here, cheaply and before
those libraries see it, against limits that no real leaflet comes near: the longest
leaflet is about 5 KB and 100 lines, with 37 list items in flat lists, and prints on
4 pages. Each limit is checked by one test in tests/test_hostile.py and listed in the
README's Safety section.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from .errors import LeafletPressError, Problem

# -- leaflet files -----------------------------------------------------------------

# Ten times the longest leaflet; the largest leaflet within every bound here lays out
# as some 30 pages in 2 s. Read no further, so a 5 MB file costs no more than a 50 KB one.
MAX_FILE_BYTES = 50_000
# Ten times the longest leaflet. Python-Markdown's block parser takes time that grows
# with the square of the number of blocks: 1,000 lines keep it under a tenth of a second.
MAX_LINES = 1_000
# Characters in one block (lines with no blank line between them: a paragraph or a list).
# Runs of quotes, backticks or asterisks cost the square of this; 10,000 (some 1,500
# words, twenty times a long paragraph) keeps the worst block under half a second.
MAX_BLOCK_CHARS = 10_000
# List items in one leaflet, eight times the most any leaflet has (37). A thousand items
# lay out as 35 pages in 2.4 s; 300 print on about 11 pages.
MAX_LIST_ITEMS = 300
# Lists and quotes inside one another. Real leaflets' lists are flat; Python-Markdown spends
# 24 s and then fails on a list nested 1,000 deep, and WeasyPrint fails on quotes 200 deep.
MAX_NESTING = 10
# Square brackets (links and images) in one leaflet. Python-Markdown looks for the end
# of every open bracket, so their cost grows with the square of their number: 10,000
# take 16 s, 300 a hundredth of a second. The leaflets have one each.
MAX_BRACKETS = 300
# Elements inside one another once the body is HTML (emphasis, links, lists, quotes).
# A 10-deep list makes 21; WeasyPrint lays elements out by recursion and fails near 200.
MAX_ELEMENT_DEPTH = 40

# -- images, brand files, everything the renderer reads ----------------------------

# An image file: a full-page photograph at print resolution is under 2 MB as JPEG.
MAX_IMAGE_BYTES = 2_000_000
# Pixels in one image: A4 at 300 dpi is 8.7 million. A decoded pixel takes 4 bytes, so
# this bounds an image's memory to 100 MB, whatever its file claims ("decompression bomb").
MAX_IMAGE_PIXELS = 25_000_000
# A brand file: the example brand, with every field filled in, is under 1 KB.
MAX_BRAND_BYTES = 20_000
# Any other file the renderer reads (stylesheets, fonts): the largest font is 150 KB.
MAX_ASSET_BYTES = 5_000_000

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}

# Markers that open a nested block at the start of a line: a quote, or a list item.
_NESTING_MARKER = re.compile(r"[ \t]*(>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")  # "- - -" is a rule, not lists


def read_bounded(path: Path, limit: int, advice: str) -> bytes:
    """The bytes of ``path``, reading at most ``limit`` + 1 of them.

    Raises LeafletPressError, with ``advice`` after the size, when the file is larger
    (it may grow after a size check, so the read itself is bounded) or unreadable.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise LeafletPressError(
            Problem(path, f"cannot be read: {error.strerror or error}")
        ) from None
    if len(data) > limit:
        raise LeafletPressError(Problem(path, f"is larger than {limit // 1000} KB; {advice}"))
    return data


def text_problems(text: str, path: Path, first_line: int = 1) -> list[Problem]:
    """Problems with the shape of Markdown ``text`` (file line ``first_line`` onward).

    One linear pass over the lines, so it is safe on any text. Returns one problem,
    naming the line where its limit is passed, or none: past one limit the others
    add noise. The most telling limit wins (a list nested 200 deep is also a long
    block, but "nested" is what the writer needs to hear).
    """
    problems: dict[str, Problem] = {}

    def once(kind: str, line: int, message: str) -> None:
        problems.setdefault(kind, Problem(path, message, line))

    items = brackets = block_chars = 0
    block_start = first_line
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        if number > MAX_LINES:
            once("lines", number, f"is longer than {MAX_LINES:,} lines; split it into leaflets")
            break
        if line.strip():
            if block_chars == 0:
                block_start = number
            block_chars += len(line) + 1
            if block_chars > MAX_BLOCK_CHARS:
                once(
                    "block",
                    block_start,
                    f"this paragraph or list is longer than {MAX_BLOCK_CHARS:,} characters; "
                    "put a blank line between paragraphs, or shorten it",
                )
        else:
            block_chars = 0
        quotes, levels, markers = _nesting(line)
        items += markers
        if items > MAX_LIST_ITEMS:
            once(
                "items",
                number,
                f"has more than {MAX_LIST_ITEMS:,} list items; shorten the lists "
                "or split the leaflet",
            )
        if quotes + levels > MAX_NESTING:
            once(
                "nesting",
                number,
                f"lists or quotes are nested more than {MAX_NESTING} levels deep here; "
                "flatten them",
            )
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            once(
                "brackets",
                number,
                f"has more than {MAX_BRACKETS:,} square brackets (links and images); "
                "use fewer links",
            )
    for kind in ("nesting", "items", "brackets", "block", "lines"):
        if kind in problems:
            return [problems[kind]]
    return []


def _nesting(line: str) -> tuple[int, int, int]:
    """(quote markers, list levels, list markers) that open at the start of ``line``.

    Every four columns of indentation and every list marker count as a list level,
    so "    - item" and "- - item" are both two deep. This can count one level
    more than Python-Markdown makes (an indented paragraph under an item), never fewer.
    """
    quotes = levels = markers = 0
    position = 0
    while True:
        indent = re.match(r"[ \t]*", line[position:]).group()
        levels += len(indent.expandtabs(4)) // 4
        rest = line[position:]
        if _RULE.match(rest):
            break
        marker = _NESTING_MARKER.match(rest)
        if marker is None:
            break
        if marker.group(1) == ">":
            quotes += 1
        else:
            levels += 1
            markers += 1
        position += marker.end()
        if quotes + levels > MAX_NESTING:
            break  # deep enough to refuse: no need to read further
    return quotes, levels, markers


def element_depth(root):
    """(depth, deepest element) of an ElementTree ``root``, found without recursion."""
    deepest, found = 0, root
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > deepest:
            deepest, found = depth, element
        stack.extend((child, depth + 1) for child in element)
    return deepest, found


def image_problem(path: Path) -> str | None:
    """Why the image at ``path`` is refused (too large, unreadable), or None if it is fine.

    Pillow reads only the header to learn a raster image's size, so a file that
    claims a billion pixels is refused without being decoded.
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    if size > MAX_IMAGE_BYTES:
        return (
            f"is {size / 1e6:.1f} MB; {MAX_IMAGE_BYTES // 1_000_000} MB at most: "
            "save it smaller (print needs no more than 300 pixels an inch)"
        )
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return f"claims more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels"
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same here
        return "is not an image that can be read; save it again as PNG or JPEG"
    if width * height > MAX_IMAGE_PIXELS:
        return (
            f"is {width:,} x {height:,} pixels; {MAX_IMAGE_PIXELS // 1_000_000} million "
            "pixels at most: scale it down"
        )
    return None

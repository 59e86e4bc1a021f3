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

import os
import re
import stat
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
# Pixels of all a leaflet's images together (each file counted once, as the engine
# decodes each once). Forty images of 5000 x 5000 took 28 s; decoding and re-encoding
# costs about 40 ms a million pixels on a busy 2-core machine (4 images, 100 million,
# 8 s), so this keeps a leaflet's images to some 4 s. It is still five full A4 pages
# at 300 dpi, more than any leaflet prints.
MAX_LEAFLET_PIXELS = 50_000_000
# Shapes drawn for all a leaflet's SVG drawings together (each time a drawing is
# shown), about 4 s of drawing: see images.MAX_SVG_EXPANDED for one drawing.
MAX_LEAFLET_SHAPES = 40_000
# A brand file: the example brand, with every field filled in, is under 1 KB.
MAX_BRAND_BYTES = 20_000
# Any other file the renderer reads (stylesheets, the Latin fonts: the largest is 150 KB).
MAX_ASSET_BYTES = 5_000_000
# The packaged fonts only (fetcher.py): a static face of Noto Sans SC is 10.6 MB.
MAX_FONT_BYTES = 16_000_000

# Source documents (the clinic's pages saved as text), read by the source-figure rule,
# which searches them once per figure: a 50 MB file took 13 s. A clinic's whole site as
# text is a few hundred KB.
MAX_SOURCE_FILE_BYTES = 1_000_000
MAX_SOURCES_BYTES = 2_000_000

# Seconds one PDF (a leaflet, or a whole handout) may take to lay out and write. The
# largest leaflet within every bound takes about 2 s, a handout of three leaflets about
# 1 s; thirty seconds leaves room for a machine ten times slower, and stops anything
# the other bounds miss before it holds a build or a doctor for long.
MAX_RENDER_SECONDS = 30

# What a file that is not a regular file is told (read_bounded).
NOT_REGULAR = "is not a regular file (a pipe, device or folder); replace it with a real file"

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}

# Markers that open a nested block at the start of a line: a quote, or a list item.
_NESTING_MARKER = re.compile(r"[ \t]*(>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")  # "- - -" is a rule, not lists


def read_bounded(path: Path, limit: int, advice: str) -> bytes:
    """The bytes of the regular file ``path``, reading at most ``limit`` + 1 of them.

    The one way leaflets, brand files, images, source documents and note files are
    read. Anything but a regular file is refused before a byte is read: a named pipe
    would wait for a writer for good and a device such as /dev/zero never ends, so the
    file is opened without waiting (O_NONBLOCK) and checked with fstat, which also
    sees through a link. A file that gives no bytes at once (``/proc/kmsg``) cannot be
    read. Raises LeafletPressError, with ``advice`` after the size, when the file is
    larger (it may grow after a size check, so the read itself is bounded), is not a
    regular file or is unreadable.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise LeafletPressError(
            Problem(path, f"cannot be read: {error.strerror or error}")
        ) from None
    with open(handle, "rb", closefd=True) as opened:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise LeafletPressError(Problem(path, NOT_REGULAR))
        try:
            # Python sets aside as much memory as a read asks for: ask for the file's
            # size, then (should it have grown) for the rest of the bound.
            data = opened.read(min(limit, status.st_size) + 1)
            if data is not None and len(data) > status.st_size:
                data += opened.read(limit + 1 - len(data)) or b""
        except OSError as error:
            raise LeafletPressError(
                Problem(path, f"cannot be read: {error.strerror or error}")
            ) from None
    if data is None:  # the file would make us wait (a kernel log): not a file of text
        raise LeafletPressError(
            Problem(path, "cannot be read: it gives nothing to read at once; give a regular file")
        )
    if len(data) > limit:
        raise LeafletPressError(Problem(path, f"is larger than {limit // 1000} KB; {advice}"))
    return data


def source_text(files: list[Path] | tuple[Path, ...]) -> str:
    """The text of the source documents ``files``, one after another.

    Each file is read no further than MAX_SOURCE_FILE_BYTES and all together no further
    than MAX_SOURCES_BYTES, so a huge file in sources/ costs a moment and one line
    naming it, not seconds of searching per figure.
    """
    texts, total = [], 0
    for path in files:
        data = read_bounded(
            path, MAX_SOURCE_FILE_BYTES, "keep only the pages the leaflets quote from"
        )
        total += len(data)
        if total > MAX_SOURCES_BYTES:
            raise LeafletPressError(
                Problem(
                    path.parent,
                    f"the source documents come to more than {MAX_SOURCES_BYTES // 1000:,} KB "
                    f"from {path.name} on; keep only the pages the leaflets quote from",
                )
            )
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


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

    It is the one reader of Markdown that is not ``markdown.parse``, on purpose: it
    guards that parse, so it must run first, in one linear pass, on any text.
    Counting too deep only refuses sooner, and only bodies far beyond any leaflet.
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
    """Why the image at ``path`` is refused (too large, too many pixels, an SVG that
    would make the engine work without end, unreadable), or None if it is fine.

    Measured by ``images.measure`` from the file's header and shape alone, never
    decoded or drawn; brand logos, leaflet images and whatever the renderer fetches
    all pass through here.
    """
    from .images import measure

    return measure(path).problem

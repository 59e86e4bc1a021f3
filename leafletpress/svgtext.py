"""The words of an SVG drawing in the order they print, for the checks to read.

The engine (weasyprint/svg/text.py) places each letter of a ``<text>`` at the position
its ``x``, ``y``, ``dx`` and ``dy`` lists give it, or else just after the letter before,
wherever in the file that letter was: ``<text x="10">The be</text><text
x="59.5">st clinic.</text>`` prints "The best clinic.", and ``<tspan>``s can print
"Guaran" after "teed cure" even when the file holds them the other way round. So the
letters are placed here as the engine places them, in runs, and read line by line, left
to right, with no space between runs the engine prints closer than a space's width.

Widths come from the packaged typeface's own table of advances (the widest of its four
faces for each letter, and a whole em for a letter it lacks), never from the engine, so a
run may seem to end a little later than it does: two runs are joined whenever they could
print as one word, and joining can only show the checks a word they would otherwise miss.
What cannot be placed this way is refused: text turned, scaled or skewed by a transform,
text along a path, text copied from elsewhere (``<tref>``), and the stylesheet properties
that move letters (see images.py).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Runs closer than this (in ems) print as one word: the typeface's space is 0.32 em.
JOIN_EM = 0.25
# Runs whose baselines are closer than this (in ems) are on one line.
LINE_EM = 0.5
DEFAULT_FONT_SIZE = 16.0  # the engine's default: 12 pt
TEXT_TAGS = {"text", "tspan", "a"}
# Elements whose children the engine never draws where they stand (weasyprint/svg
# DEF_TYPES and <defs>): text inside prints nowhere (and copying text is refused).
NOT_DRAWN = {"defs", "clipPath", "filter", "linearGradient", "radialGradient", "marker",
             "mask", "pattern", "symbol", "title", "desc", "metadata"}  # fmt: skip
_LENGTH = re.compile(r"\s*([-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?)\s*([a-z%]*)")
_TRANSFORM = re.compile(r"(\w+)\s*\(([^)]*)\)")
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
          "mm": 96 / 25.4, "q": 96 / 101.6}  # fmt: skip


class PlacementError(ValueError):
    """Text whose place on the page cannot be worked out from the file."""


@dataclass
class _Run:
    line: int  # the file line it comes from
    x: float
    y: float
    size: float
    text: str = ""
    anchor: str = "start"
    group: int = 0  # runs moved together by text-anchor
    hidden: bool = False

    @property
    def width(self) -> float:
        return advance(self.text) * self.size


@dataclass
class _Frame:
    tag: str
    size: float
    anchor: str
    hidden: bool
    offset: tuple[float, float]
    positions: dict[str, list[float]] = field(default_factory=dict)
    used: int = 0  # letters of this element placed so far
    had_child: bool = False
    turns: bool = False  # its transform turns, scales or skews what it holds


class DrawnWords:
    """Follows expat's events over an SVG and places the letters of its <text>."""

    def __init__(self) -> None:
        self.frames: list[_Frame] = []
        self.runs: list[_Run] = []
        self.cursor = (0.0, 0.0)
        self.groups = 0
        self.turned = 0  # open elements that turn, scale or skew what they hold

    def start(self, tag: str, own: dict[str, str], line: int) -> None:
        """An element opens; ``own`` are its attributes (style declarations merged in)."""
        parent = self.frames[-1] if self.frames else None
        size = _length(own.get("font-size"), parent.size if parent else DEFAULT_FONT_SIZE)
        anchor = own.get("text-anchor") or (parent.anchor if parent else "start")
        hidden = (parent.hidden if parent else False) or own.get("display") == "none"
        hidden = hidden or tag in NOT_DRAWN
        visibility = own.get("visibility")
        if visibility in ("hidden", "collapse"):
            hidden = True
        offset = parent.offset if parent else (0.0, 0.0)
        moves = _translation(own.get("transform", ""))
        if moves is not None:
            offset = (offset[0] + moves[0], offset[1] + moves[1])
        frame = _Frame(tag, size, anchor, hidden, offset, turns=moves is None)
        self.turned += frame.turns
        if parent is not None:
            parent.had_child = True
        if tag in ("textPath", "tref"):
            raise PlacementError(
                f"an SVG with text that is not placed by x and y (<{tag}>, line {line}); "
                "write the words in a <text> with x and y"
            )
        if tag == "text" or (tag in TEXT_TAGS and parent is not None and parent.tag in TEXT_TAGS):
            if self.turned:
                raise PlacementError(
                    f"an SVG whose text on line {line} is turned, scaled or skewed by a "
                    "transform; place the text with x and y (translate is fine)"
                )
            for key in ("x", "y", "dx", "dy"):
                if key in own:
                    frame.positions[key] = [_length(v, size) for v in _list(own[key])]
            if tag == "text":
                self.groups += 1
        self.frames.append(frame)

    def characters(self, data: str, line: int) -> None:
        """Letters inside the innermost open element (a run of them, or a tail)."""
        if not self.frames or self.frames[-1].tag not in TEXT_TAGS:
            return
        frame = self.frames[-1]
        if not any(f.tag == "text" for f in self.frames):
            return  # a <tspan> or <a> outside any <text> draws no letters
        text = re.sub(r"[\n\r]", "", data).replace("\t", " ")
        if not text:
            return
        for letter in text:
            self._place(frame, letter, line)

    def _place(self, frame: _Frame, letter: str, line: int) -> None:
        # The engine applies an element's x/y/dx/dy lists to the letters it holds before
        # its first child; letters after a child are an anonymous <tspan> with no lists.
        lists = frame.positions if not frame.had_child else {}
        index = frame.used
        frame.used += 1
        x, y = self.cursor
        explicit = False
        if index < len(lists.get("x", ())):
            x, explicit = lists["x"][index] + frame.offset[0], True
        if index < len(lists.get("y", ())):
            y, explicit = lists["y"][index] + frame.offset[1], True
        if index < len(lists.get("dx", ())):
            x, explicit = x + lists["dx"][index], True
        if index < len(lists.get("dy", ())):
            y, explicit = y + lists["dy"][index], True
        run = self.runs[-1] if self.runs else None
        if explicit or run is None or frame.hidden != run.hidden:
            if explicit and index < len(lists.get("x", ())):
                self.groups += 1  # a new chunk: text-anchor moves it on its own
            run = _Run(
                line, x, y, frame.size, anchor=frame.anchor, group=self.groups, hidden=frame.hidden
            )
            self.runs.append(run)
        run.text += letter
        self.cursor = (x + advance(letter) * frame.size, y)

    def end(self) -> None:
        self.turned -= self.frames.pop().turns

    def lines(self) -> list[tuple[int, str]]:
        """(file line, words) of each printed line, top to bottom, left to right."""
        groups: dict[int, list[_Run]] = {}
        for run in self.runs:
            groups.setdefault(run.group, []).append(run)
        for members in groups.values():
            anchor = members[0].anchor
            if anchor in ("middle", "end"):
                width = max(r.x + r.width for r in members) - min(r.x for r in members)
                shift = width / 2 if anchor == "middle" else width
                for run in members:
                    run.x -= shift
        visible = [r for r in self.runs if not r.hidden and r.text.strip()]
        visible.sort(key=lambda r: (r.y, r.x))
        rows: list[list[_Run]] = []
        for run in visible:
            if rows and abs(run.y - rows[-1][0].y) <= LINE_EM * max(run.size, rows[-1][0].size):
                rows[-1].append(run)
            else:
                rows.append([run])
        read = []
        for row in rows:
            row.sort(key=lambda r: r.x)
            words = row[0].text
            end = row[0].x + row[0].width
            for run in row[1:]:
                gap = run.x - end
                words += ("" if gap < JOIN_EM * run.size else " ") + run.text
                end = max(end, run.x + run.width)
            read.append((min(r.line for r in row), " ".join(words.split())))
        return read


def _list(value: str) -> list[str]:
    return [v for v in re.split(r"[\s,]+", value.strip()) if v]


def _length(value: str | None, font_size: float) -> float:
    """A length in user units; em relative to ``font_size``; unknown units as numbers."""
    if not value:
        return font_size
    match = _LENGTH.match(value)
    if match is None:
        return font_size
    number, unit = float(match.group(1)), match.group(2).lower()
    if unit in ("em", "rem"):
        return number * font_size
    if unit == "ex":
        return number * font_size / 2
    if unit == "%":
        return number * font_size / 100
    return number * _UNITS.get(unit, 1.0)


def _translation(transform: str) -> tuple[float, float] | None:
    """(x, y) a transform moves by, or None when it also turns, scales or skews."""
    dx = dy = 0.0
    for name, arguments in _TRANSFORM.findall(transform):
        values = [_length(v, DEFAULT_FONT_SIZE) for v in _list(arguments)]
        if name == "translate" and values:
            dx += values[0]
            dy += values[1] if len(values) > 1 else 0.0
        elif name == "translateX" and values:
            dx += values[0]
        elif name == "translateY" and values:
            dy += values[0]
        elif name == "matrix" and len(values) == 6 and values[:4] == [1, 0, 0, 1]:
            dx, dy = dx + values[4], dy + values[5]
        else:
            return None
    return dx, dy


def advance(text: str) -> float:
    """The width of ``text`` in ems: each letter as wide as in the widest face."""
    widths = _advances()
    return sum(widths.get(ord(letter), 1.0) for letter in text)


@cache
def _advances() -> dict[int, float]:
    """Each character's advance in ems, the largest of the packaged faces'."""
    from . import fonts

    widest: dict[int, float] = {}
    for path in fonts.font_files():
        for code, width in _font_advances(Path(path).read_bytes()).items():
            widest[code] = max(width, widest.get(code, 0.0))
    return widest


def _font_advances(font: bytes) -> dict[int, float]:
    """Advances in ems of the characters of a TrueType font's format-4 character map."""

    def table(tag: bytes) -> int:
        for i in range(struct.unpack(">H", font[4:6])[0]):
            if font[12 + 16 * i : 16 + 16 * i] == tag:
                return struct.unpack(">I", font[20 + 16 * i : 24 + 16 * i])[0]
        raise ValueError(f"no {tag!r} table")

    units = struct.unpack(">H", font[table(b"head") + 18 : table(b"head") + 20])[0]
    metrics = struct.unpack(">H", font[table(b"hhea") + 34 : table(b"hhea") + 36])[0]
    hmtx = table(b"hmtx")

    def width(glyph: int) -> float:
        at = hmtx + 4 * min(glyph, metrics - 1)
        return struct.unpack(">H", font[at : at + 2])[0] / units

    cmap = table(b"cmap")
    found: dict[int, float] = {}
    for i in range(struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(
            ">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
        )
        sub = cmap + offset
        if (platform, encoding) not in ((0, 3), (3, 1)) or font[sub : sub + 2] != b"\0\4":
            continue
        segments = struct.unpack(">H", font[sub + 6 : sub + 8])[0] // 2
        ends, starts = sub + 14, sub + 16 + 2 * segments
        deltas, ranges = starts + 2 * segments, starts + 4 * segments

        def field_(base: int, index: int) -> int:
            return struct.unpack(">H", font[base + 2 * index : base + 2 * index + 2])[0]

        for s in range(segments):
            end, start = field_(ends, s), field_(starts, s)
            delta, offset_ = field_(deltas, s), field_(ranges, s)
            for code in range(start, min(end, 0xFFFE) + 1):
                if offset_ == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    glyph = field_(ranges + 2 * s + offset_ + 2 * (code - start), 0)
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                if glyph:
                    found[code] = width(glyph)
        break
    return found

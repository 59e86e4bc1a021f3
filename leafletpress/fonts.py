"""Fonts come from installed Python packages, never the machine, so PDFs look the same anywhere."""

from __future__ import annotations

import functools
import struct
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

# (file, weight, style) of each face; Atkinson Hyperlegible is designed for low-vision readers.
LATIN_FAMILY = "Atkinson Hyperlegible"
LATIN_FACES = (
    ("AtkinsonHyperlegible-Regular.ttf", 400, "normal"),
    ("AtkinsonHyperlegible-Bold.ttf", 700, "normal"),
    ("AtkinsonHyperlegible-Italic.ttf", 400, "italic"),
    ("AtkinsonHyperlegible-BoldItalic.ttf", 700, "italic"),
)


def font_dirs() -> list[Path]:
    """Folders the renderer may read font files from."""
    return [Path(atkinson.ROOT) / "files"]


def font_face_css() -> str:
    """``@font-face`` rules that point at the packaged font files by absolute file URL."""
    files = Path(atkinson.ROOT) / "files"
    rules = []
    for filename, weight, style in LATIN_FACES:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{LATIN_FAMILY}";\n'
            f'  src: url("{(files / filename).as_uri()}") format("truetype");\n'
            f"  font-weight: {weight};\n"
            f"  font-style: {style};\n"
            "}\n"
        )
    return "".join(rules)


def font_files() -> list[Path]:
    """The font files the stylesheets use: inputs of every PDF."""
    files = Path(atkinson.ROOT) / "files"
    return [files / filename for filename, _, _ in LATIN_FACES]


@functools.cache
def printable_characters() -> frozenset[int]:
    """Code points the packaged typeface can draw, read once per process from its cmap.

    A character the typeface lacks would be drawn from whatever font the machine
    has, or as an empty box, so leaflets, brand files and handouts are checked
    against this set (see text.py). The faces share one character set, so the
    regular face is read. The table is read here rather than with fontTools, so
    that ``list`` and ``check`` stay quick to start (tests/test_incremental.py).
    """
    regular = Path(atkinson.ROOT) / "files" / LATIN_FACES[0][0]
    return frozenset(cmap_code_points(regular.read_bytes()))


def cmap_code_points(font: bytes) -> set[int]:
    """The code points a TrueType/OpenType font maps to a glyph, from its ``cmap`` table.

    Reads the Unicode subtables of format 4 (the Basic Multilingual Plane) and 12
    (all planes), the two every Unicode font carries; a code point mapped to glyph 0
    (.notdef) has no glyph. Raises ValueError for a font without either.
    """
    tables = {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", font[20 + 16 * i : 24 + 16 * i])[0]
        for i in range(struct.unpack(">H", font[4:6])[0])
    }
    cmap = tables[b"cmap"]
    found: set[int] = set()
    count = struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(
            ">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
        )
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue
        table = cmap + offset
        kind = struct.unpack(">H", font[table : table + 2])[0]
        if kind == 4:
            found |= _format_4(font, table)
        elif kind == 12:
            found |= _format_12(font, table)
    if not found:
        raise ValueError("the font has no Unicode character map of format 4 or 12")
    return found


def _format_4(font: bytes, table: int) -> set[int]:
    segments = struct.unpack(">H", font[table + 6 : table + 8])[0] // 2
    ends = table + 14
    starts = ends + 2 * segments + 2
    deltas = starts + 2 * segments
    ranges = deltas + 2 * segments

    def field(base: int, i: int) -> int:
        return struct.unpack(">H", font[base + 2 * i : base + 2 * i + 2])[0]

    found = set()
    for i in range(segments):
        end, start, delta, offset = (field(ends, i), field(starts, i), field(deltas, i),
                                     field(ranges, i))  # fmt: skip
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = ranges + 2 * i + offset + 2 * (code - start)
                glyph = struct.unpack(">H", font[at : at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


def _format_12(font: bytes, table: int) -> set[int]:
    groups = struct.unpack(">I", font[table + 12 : table + 16])[0]
    found = set()
    for i in range(groups):
        start, end, glyph = struct.unpack(">III", font[table + 16 + 12 * i : table + 28 + 12 * i])
        found.update(code for offset, code in enumerate(range(start, end + 1)) if glyph + offset)
    return found

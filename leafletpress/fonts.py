"""Fonts come from installed Python packages, never the machine, so PDFs look the same anywhere."""

from __future__ import annotations

import functools
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
    """Code points the packaged typeface can draw, to check text typed at run time.

    A character the typeface lacks would be drawn from whatever font the machine
    has, or as an empty box. Leaflets are checked by the tests (only packaged fonts
    in their PDFs); a handout's personal details are checked before rendering.
    The faces share one character set, so the regular face is read.
    """
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency, imported only when needed

    regular = Path(atkinson.ROOT) / "files" / LATIN_FACES[0][0]
    with TTFont(regular, lazy=True) as font:
        return frozenset(font.getBestCmap())

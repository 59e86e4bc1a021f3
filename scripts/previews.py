#!/usr/bin/env python3
"""Make the README's pictures from built PDFs.

Usage:  python build.py build --all-variants && python scripts/previews.py

Pages are drawn by pdfium (the `test` extra installs pypdfium2), an engine
independent of the one that wrote the PDF, so a picture shows what a reader sees.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
IMAGES = ROOT / "docs" / "images"

# picture -> (PDF in dist/, page number from 1, width in pixels)
PICTURES = {
    "overview.png": ("overview.pdf", 1, 420),
    "scs-what-to-expect.png": ("scs-what-to-expect.pdf", 1, 420),
    "when-to-see-a-specialist.png": ("when-to-see-a-specialist.pdf", 1, 420),
    "large-print.png": ("overview--large-print.pdf", 1, 420),
    "trifold-outside.png": ("overview--example-partner--trifold.pdf", 1, 900),
    "trifold-inside.png": ("overview--example-partner--trifold.pdf", 2, 900),
}


def draw(pdf: Path, page_number: int, width_px: int, target: Path) -> None:
    """Draw one page of ``pdf`` ``width_px`` wide into the PNG ``target``."""
    page = pypdfium2.PdfDocument(str(pdf))[page_number - 1]
    page.render(scale=width_px / page.get_width()).to_pil().save(target, optimize=True)


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    missing = [pdf for pdf, _, _ in PICTURES.values() if not (DIST / pdf).is_file()]
    if missing:
        print(f"Build first: python build.py build --all-variants (missing {', '.join(missing)})")
        return 1
    for picture, (pdf, page_number, width_px) in PICTURES.items():
        draw(DIST / pdf, page_number, width_px, IMAGES / picture)
        print(IMAGES / picture)
    return 0


if __name__ == "__main__":
    sys.exit(main())

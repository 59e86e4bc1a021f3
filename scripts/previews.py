#!/usr/bin/env python3
"""Make the README's pictures: the first page of each built PDF as a small PNG.

Usage (after `python build.py`):  python scripts/previews.py [PDF...] [-o docs/images]

Pages are drawn by pdfium (the `test` extra installs pypdfium2), an engine
independent of the one that wrote the PDF, so the picture shows what a reader sees.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent


def first_page_png(pdf: Path, target: Path, width_px: int = 420, page_number: int = 0) -> None:
    """Draw one page of ``pdf`` ``width_px`` wide into ``target``."""
    document = pypdfium2.PdfDocument(str(pdf))
    page = document[page_number]
    scale = width_px / page.get_width()
    page.render(scale=scale).to_pil().save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs to draw (default: dist/*.pdf)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--page", type=int, default=1, help="page to draw, from 1")
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "dist").glob("*.pdf"))
    args.output.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        target = args.output / f"{pdf.stem}.png"
        first_page_png(pdf, target, page_number=args.page - 1)
        print(target)


if __name__ == "__main__":
    main()

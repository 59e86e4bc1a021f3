"""How full each page of a rendered A4 PDF is, and which pages strand a heading or a lead-in.

Read with pdfium (pypdfium2), an engine independent of WeasyPrint: every text line,
picture and drawn box is a page object with a bounding box. A page's used height is how
far down its text area (between the 16 mm top and 20 mm bottom margins of base.css) the
lowest object reaches; the running header and footer sit in the margins and are left out.

Run it as a script to print the figures: ``python tests/pagefill.py dist/*.pdf``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4
TOP_MARGIN = 16 * MM  # @page margins in styles/base.css
BOTTOM_MARGIN = 20 * MM


@dataclass
class Line:
    """One printed line: its text, size (pt), and top, bottom and baseline (pt from the foot)."""

    text: str
    size: float
    top: float
    bottom: float
    baseline: float


@dataclass
class Page:
    number: int  # from 1
    fill: float  # share of the text area's height in use, 0 to 1
    lines: list[Line] = field(default_factory=list)  # body lines, top to bottom
    furniture: str = ""  # the running header and footer text
    lowest: float = 0.0  # the foot of the lowest object in the text area (pt from the foot)


@dataclass
class Measured:
    path: Path
    pages: list[Page]
    body_size: float  # the commonest text size: body text

    def headings(self, page: Page) -> list[Line]:
        return [line for line in page.lines if line.size > self.body_size + 1]

    def stranded(self) -> list[str]:
        """Pages (but the last) whose lowest line is a heading or ends in a colon.

        Such a line has parted from what it introduces: a heading from its first
        paragraph, or "The aims of SCS are to help you:" from its list.
        """
        found = []
        for page in self.pages[:-1]:
            if not page.lines:
                continue
            last = page.lines[-1]
            if last.size > self.body_size + 1 or last.text.rstrip().endswith(":"):
                found.append(f"{self.path.name} page {page.number}: {last.text.strip()!r}")
        return found

    def heading_at_foot(self) -> list[str]:
        """Pages (but the last) with a heading among their last two lines.

        A heading there has at most one line of its section under it: the reader turns
        the page to find what it heads (issue 22 found them in large print).
        """
        found = []
        for page in self.pages[:-1]:
            for line in page.lines[-2:]:
                # A diagram's labels are not lines: a heading over a diagram is not stranded.
                under = line.bottom - page.lowest
                if line.size > self.body_size + 1 and under < 2.5 * 1.5 * self.body_size:
                    found.append(f"{self.path.name} page {page.number}: {line.text.strip()!r}")
        return found

    def title_lines(self) -> list[str]:
        """The lines of the title on the first page (its largest text), top to bottom."""
        first = self.pages[0].lines if self.pages else []
        title_size = max((line.size for line in first), default=0)
        return [" ".join(line.text.split()) for line in first if line.size == title_size]

    def lone_title_word(self) -> str | None:
        """The title's last line when it holds one word alone (the title band's largest text)."""
        first = self.pages[0].lines if self.pages else []
        title_size = max((line.size for line in first), default=0)
        title = [line for line in first if line.size == title_size]
        if len(title) > 1 and len(title[-1].text.split()) == 1:
            return title[-1].text.strip()
        return None

    def wasted_last_page(self) -> str | None:
        """The last page, when what it holds would fit in the space left on the page before."""
        if len(self.pages) < 2:
            return None
        before, last = self.pages[-2], self.pages[-1]
        if last.fill <= 1 - before.fill:
            return (
                f"{self.path.name}: the last page ({last.fill:.0%} used) would fit in the "
                f"{1 - before.fill:.0%} left on page {before.number}"
            )
        return None

    def page_of(self, text: str) -> list[int]:
        """The numbers of the pages whose body text holds ``text``."""
        return [page.number for page in self.pages if any(text in line.text for line in page.lines)]

    def underfilled(self, least: float) -> list[str]:
        """Pages (but the last, and blank pages) whose used height is under ``least``."""
        return [
            f"{self.path.name} page {page.number} is {page.fill:.0%} full"
            for page in self.pages[:-1]
            if page.lines and page.fill < least
        ]


def measure(path: Path) -> Measured:
    """Measure every page of the PDF at ``path``."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    sizes: Counter[float] = Counter()
    try:
        for index in range(len(document)):
            page = document[index]
            pages.append(_measure_page(page, index + 1, sizes))
    finally:
        document.close()
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    return Measured(Path(path), pages, body_size)


PANEL_PADDING = 9 * MM  # a tri-fold panel's top and bottom padding (layout-trifold.css)
FOLDS = (100 * MM, 200 * MM)  # where the inside sheet folds, from its left edge


def inside_panel_fills(path: Path) -> list[float]:
    """How full each of a tri-fold's three inside panels is, left to right (0 to 1).

    A panel's used height is how far down its text area (inside the 9 mm padding) the
    lowest line in it reaches; the review line in the bottom padding is left out.
    """
    return _panel_fills(path, 1, FOLDS)


OUTSIDE_FOLDS = (97 * MM, 197 * MM)  # the outside sheet: flap | back | cover


def _panel_fills(path: Path, page_index: int, folds: tuple[float, float]) -> list[float]:
    """How far down its text area each panel of a tri-fold's sheet has an object (0 to 1)."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[page_index]
        top, bottom = page.get_height() - PANEL_PADDING, PANEL_PADDING
        lowest = [top, top, top]
        for obj in page.get_objects(max_depth=4):
            left, low, right, high = obj.get_bounds()
            if obj.level > 0 or high <= bottom + 1 or low >= top - 1:
                continue  # in a form, or in the padding (the review line, fold marks)
            panel = sum(1 for fold in folds if left >= fold - 1)
            lowest[panel] = min(lowest[panel], max(low, bottom))
    finally:
        document.close()
    return [round((top - low) / (top - bottom), 3) for low in lowest]


def outside_panel_fills(path: Path) -> dict[str, float]:
    """How far down its text area each outside panel's lowest object reaches (0 to 1):
    the flap (In short, help), the back (About) and the cover, measured as the inside."""
    fills = _panel_fills(path, 0, OUTSIDE_FOLDS)
    return dict(zip(("flap", "back", "cover"), fills, strict=True))


def _measure_page(page, number: int, sizes: Counter) -> Page:
    height = page.get_height()
    text_top, text_bottom = height - TOP_MARGIN, BOTTOM_MARGIN
    textpage = page.get_textpage()
    lowest = text_top
    lines: list[Line] = []
    furniture: list[str] = []
    for obj in page.get_objects(max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        if obj.level > 0:
            continue  # inside a form (a label of an SVG diagram): the form counts as a whole
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            obj.textpage = textpage
            text = obj.extract()
            if not text.strip():
                continue
            if bottom >= text_top - 1 or top <= text_bottom + 1:
                furniture.append(text)
                continue
            matrix = obj.get_matrix().get()
            size = round(obj.get_font_size() * (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5, 1)
            lines.append(Line(text, size, top, bottom, matrix[5]))
            sizes[size] += len(text)
        elif top <= text_bottom + 1:
            continue  # a mark in the bottom margin (crop marks)
        lowest = min(lowest, max(bottom, text_bottom))
    lines = _merge_runs(lines)
    fill = (text_top - lowest) / (text_top - text_bottom) if lines else 0.0
    return Page(number, round(fill, 3), lines, " ".join(furniture), lowest)


def _merge_runs(lines: list[Line]) -> list[Line]:
    """One Line per printed line: runs that share a baseline (a bullet, bold words) join."""
    merged: list[Line] = []
    for line in sorted(lines, key=lambda line: (-line.baseline, line.bottom)):
        if merged and abs(merged[-1].baseline - line.baseline) < 1:
            last = merged[-1]
            last.text += line.text
            last.size = max(last.size, line.size)
            last.bottom = min(last.bottom, line.bottom)
        else:
            merged.append(Line(line.text, line.size, line.top, line.bottom, line.baseline))
    return merged


def main(paths: list[str]) -> None:
    for name in paths:
        if "--trifold" in name:
            fills = " ".join(f"{fill:.0%}" for fill in inside_panel_fills(Path(name)))
            outside = " ".join(f"{k} {v:.0%}" for k, v in outside_panel_fills(Path(name)).items())
            print(f"{Path(name).name}: inside panels used {fills}; outside {outside}")
            continue
        measured = measure(Path(name))
        fills = " ".join(f"{page.fill:.0%}" for page in measured.pages)
        print(f"{Path(name).name}: {len(measured.pages)} pages, used {fills}")
        for problem in measured.stranded():
            print(f"  stranded: {problem}")


if __name__ == "__main__":
    main(sys.argv[1:])

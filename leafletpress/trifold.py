"""Does a tri-fold's text fit its six panels? Measured on the laid-out boxes, before any PDF.

Each outside panel has a fixed size and the inside sections flow down three
columns. When text is too long the engine hides it (columns beyond the sheet, a
panel pushed off it), so a quick look at the layout finds trouble, and a second
layout with the panels free to grow measures by how much.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from .content import Leaflet
from .errors import LeafletPressError, Problem

MM_PER_PX = 25.4 / 96  # the engine lays out in CSS pixels
OUTSIDE_PANELS = ("cover", "flap", "back")
INSIDE_PANELS = 3
LINE_MM = 6.4  # one line of 12 pt text at 1.5 line spacing, to turn millimetres into lines
LETTERS_PER_LINE = 40  # about what a panel's line holds, to turn lost letters into lines

# Under this extra sheet every panel grows with its text and the inside flows in
# one column of a panel's width, so the height each needs can be read off.
MEASURE_CSS = """
@page { size: 297mm 4000mm; }
.sheet { height: auto !important; overflow: visible !important; }
.panel { min-height: 0 !important; }
.panel-flow {
  height: auto !important;
  column-count: 1 !important;
  width: var(--column-width);
}
"""


def check_fit(
    document: Any, layout_with: Callable[[str], Any], html_text: str, leaflet: Leaflet, key: str
) -> None:
    """Raise LeafletPressError naming each panel that overflows and by how many millimetres.

    ``html_text`` is the document that was laid out: every letter of its text must
    be visible on the two sheets. ``key`` is the front matter key that listed the
    inside sections, so the message points the writer at the list to shorten.
    """
    hidden = _hidden_text(document)
    missing = _letters(_HtmlText.of(html_text)) - _visible_letters(document)
    if not hidden and missing <= 0:
        return
    measured = layout_with(MEASURE_CSS).pages
    sheet = document.pages[0]
    line = leaflet.key_lines.get(key, 1)
    problems = []
    for name in OUTSIDE_PANELS:
        need, room = _need_and_room(measured, f"panel-{name}", sheet.height)
        if need > room + 1:
            over = (need - room) * MM_PER_PX
            problems.append(
                Problem(
                    leaflet.path,
                    f"the tri-fold's {name} panel is about {over:.0f} mm "
                    f"too long (some {_lines_of(over)} lines); shorten what it holds",
                    line,
                )
            )
    need, room = _need_and_room(measured, "panel-flow", sheet.height)
    if need > INSIDE_PANELS * room + 1:
        over = (need - INSIDE_PANELS * room) * MM_PER_PX
        problems.append(
            Problem(
                leaflet.path,
                f"the '{key}' sections do not fit the three inside panels: "
                f"about {over:.0f} mm of text is left over (some {_lines_of(over)} lines); "
                "list fewer sections or shorten them",
                line,
            )
        )
    if not problems:  # text fits in total, but column breaks push some of it off the sheet
        over = max(hidden * MM_PER_PX, missing / LETTERS_PER_LINE * LINE_MM)
        problems.append(
            Problem(
                leaflet.path,
                f"the tri-fold does not fit its six panels: about {over:.0f} mm of text "
                f"(some {_lines_of(over)} lines) falls off the sheet; list fewer sections "
                "or shorten them",
                line,
            )
        )
    raise LeafletPressError(problems)


def _lines_of(millimetres: float) -> int:
    return max(1, round(millimetres / LINE_MM))


def _hidden_text(document: Any) -> float:
    """Height (px) of text the sheet would not show; 0 when everything is in place.

    Trouble is a third page, an outside panel missing from the first page (the
    engine pushed it off), or lines laid out beyond the sheet's edges (a fourth
    column, or below a panel).
    """
    hidden = 0.0
    for page in document.pages[2:]:
        hidden += sum(line.height for line in _lines(page._page_box)) or 1
    outside = document.pages[0]
    hidden += sum(1 for name in OUTSIDE_PANELS if not _boxes(outside, f"panel-{name}"))
    for name in OUTSIDE_PANELS:  # text or a picture (QR code) run into the panel's foot padding
        for box in _boxes(outside, f"panel-{name}"):
            foot = outside.height - box.padding_top  # the padding is the same top and bottom
            lowest = max((b.position_y + b.height for b in _lines(box) + _pictures(box)), default=0)
            if lowest > foot + 1:
                hidden += lowest - foot
    for page in document.pages[:2]:
        for line in _lines(page._page_box):
            beyond_right = line.position_x + line.width > page.width + 1
            beyond_bottom = line.position_y + line.height > page.height + 1
            if beyond_right or beyond_bottom:
                hidden += line.height
    return hidden


class _HtmlText(HTMLParser):
    """The text a document's <body> holds, as the reader should see it."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.parts: list[str] = []

    @classmethod
    def of(cls, html_text: str) -> str:
        parser = cls()
        parser.feed(html_text)
        return "".join(parser.parts)

    def handle_starttag(self, tag, attrs) -> None:
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.parts.append(data)


def _letters(text: str) -> int:
    return sum(1 for character in text if character.isalnum())


def _visible_letters(document: Any) -> int:
    """Letters laid out inside the first two sheets (what the engine dropped is not counted)."""
    from weasyprint.formatting_structure.boxes import TextBox

    count = 0
    for page in document.pages[:2]:
        for box in page._page_box.descendants(placeholders=True):  # absolute boxes too
            inside = box.position_x < page.width and box.position_y < page.height
            if isinstance(box, TextBox) and inside:
                count += _letters(box.text)
    return count


def _need_and_room(pages: list, name: str, sheet_height: float) -> tuple[float, float]:
    """Height the panel's text needs, and the height a panel on the real sheet offers (px)."""
    box = next(box for page in pages for box in _boxes(page, name))
    lines = _lines(box) + _pictures(box)
    top = box.content_box_y()
    need = max((b.position_y + b.height for b in lines), default=top) - top
    room = sheet_height - box.padding_top - box.padding_bottom
    return need, room


def _boxes(page: Any, name: str) -> list:
    return [
        box
        for box in page._page_box.descendants()
        if box.element is not None
        and box.element_tag in ("section", "main")
        and name in (box.element.get("class") or "").split()
    ]


def _lines(box: Any) -> list:
    from weasyprint.formatting_structure.boxes import LineBox

    return [b for b in box.descendants() if isinstance(b, LineBox)]


def _pictures(box: Any) -> list:
    """Images laid out as blocks (a QR code): they take height like lines of text."""
    from weasyprint.formatting_structure.boxes import BlockReplacedBox

    return [b for b in box.descendants() if isinstance(b, BlockReplacedBox)]

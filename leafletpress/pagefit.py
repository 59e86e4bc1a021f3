"""Does every line of text stay on its page? Checked on the laid-out boxes, before any PDF.

The stylesheets wrap long words (``overflow-wrap``), but a line can still be wider
than the page: a designer's ``white-space: nowrap``, a fixed width, or a case no one
foresaw. WeasyPrint then prints the text past the paper's edge without a word (a
300-letter word reached x = 984 pt on a 595 pt page). So after layout every text box
is compared with its page's content area, and each one that leaves it is a warning
naming the page, the heading above it and the text, which ``--strict`` makes an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Problem

TOLERANCE_PX = 1.0  # rounding in the engine's layout; a real overflow is far larger
HEADING_TAGS = {"h1", "h2", "h3", "h4"}
SHOWN_LETTERS = 30  # of the text that runs off, enough to find it in the leaflet


def overflow_problems(
    document: Any, source: Path, line_of: Callable[[str], int | None] | None = None
) -> list[Problem]:
    """One warning per page for text outside that page's content area.

    ``document`` is WeasyPrint's laid-out document. The page furniture (running
    title, page numbers) lives in the page's margins by design, so margin boxes are
    not checked. ``line_of`` finds the file line of a piece of text, when it can.
    """
    from weasyprint.formatting_structure import boxes

    problems = []
    heading, heading_element = "", None
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x() - TOLERANCE_PX
        top = page_box.content_box_y() - TOLERANCE_PX
        right = page_box.content_box_x() + page_box.width + TOLERANCE_PX
        bottom = page_box.content_box_y() + page_box.height + TOLERANCE_PX
        found = None
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for box in child.descendants():
                if not isinstance(box, boxes.TextBox):
                    continue
                if box.element_tag in HEADING_TAGS:
                    # A heading's words may sit in several boxes (one a line): join them.
                    same = box.element is heading_element
                    heading = f"{heading} {box.text.strip()}" if same else box.text.strip()
                    heading_element = box.element
                outside = (
                    box.position_x < left
                    or box.position_y < top
                    or box.position_x + box.width > right
                    or box.position_y + box.height > bottom
                )
                if outside and found is None and box.text.strip():
                    found = (box.text.strip(), heading)
        if found is not None:
            text, under = found
            shown = text[:SHOWN_LETTERS] + ("..." if len(text) > SHOWN_LETTERS else "")
            place = f" under '{under}'" if under else ""
            problems.append(
                Problem(
                    source,
                    f"text runs off page {number}{place}: '{shown}'; break the long word "
                    "or web address with spaces, or shorten it",
                    line_of(text[:SHOWN_LETTERS]) if line_of else None,
                )
            )
    return problems

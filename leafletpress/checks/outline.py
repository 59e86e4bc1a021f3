"""The outline of the HTML Jinja makes of a leaflet: its language and its furniture boxes."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


def read_outline(html_text: str) -> Outline:
    """The outline of one HTML document."""
    outline = Outline()
    outline.feed(html_text)
    outline.close()
    return outline


@dataclass
class Box:
    text: str = ""
    items: int = 0


class Outline(HTMLParser):
    """The document language and the furniture boxes (by class) of a rendered leaflet."""

    BOX_CLASSES = ("in-short", "help", "about")

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.boxes: dict[str, Box] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, box class) of open elements

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or None
        classes = (attributes.get("class") or "").split()
        box = next((c for c in self.BOX_CLASSES if c in classes), None)
        if box is not None:
            self.boxes.setdefault(box, Box())
        if tag == "li":
            for _tag, open_box in self._open:
                if open_box:
                    self.boxes[open_box].items += 1
        if tag not in {"br", "img", "meta", "link", "hr", "input"}:
            self._open.append((tag, box))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for _tag, open_box in self._open:
            if open_box:
                self.boxes[open_box].text += data

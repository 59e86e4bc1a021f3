"""The layouts, in one registry: which template lays each out, which stylesheet it adds,
which part of a leaflet it prints, whether it folds, how its fit is checked, what it costs.

A new layout is one entry here (plus its template and stylesheet), not a string
tested in every module: the renderer, the planner, the manifest and the command line
all ask this registry. ``leaflet`` and ``trifold`` can be built; ``handout`` is the
layout of a patient's pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .errors import LeafletPressError, Problem

if TYPE_CHECKING:
    from .model import Leaflet


@dataclass(frozen=True)
class Layout:
    """One way of laying a document out on paper."""

    name: str
    template: str  # in templates/
    stylesheet: str  # in styles/, layered over base.css (when the file is there)
    buildable: bool = True  # chosen with build --layout
    folds: bool = False  # folded sheets: fold marks apply (and print-ready adds them)
    selects_sections: bool = False  # prints only the ## sections its front matter key names
    cost: int = 2  # relative time to render one, for scheduling the slowest first

    def sections_key(self, leaflet: Leaflet, edition: str) -> str:
        """Front matter key naming the sections kept (the same for every edition)."""
        return "trifold"

    def body(self, leaflet: Leaflet, edition: str) -> str:
        """The Markdown this layout prints of ``leaflet``: all of it, or the sections kept
        in the leaflet's order. Raises LeafletPressError naming the front matter line."""
        if not self.selects_sections:
            return leaflet.body
        key = self.sections_key(leaflet, edition)
        line = leaflet.key_lines.get(key, 1)
        sections = getattr(leaflet, key)
        if not sections:
            raise LeafletPressError(
                Problem(
                    leaflet.path,
                    "has no 'trifold' list; name the ## headings a "
                    "tri-fold keeps, e.g. trifold: [What is PSPS Type 2?]",
                    line,
                )
            )
        from . import markup

        body, missing = markup.select_sections(leaflet.body, sections)
        if missing:
            raise LeafletPressError(
                Problem(
                    leaflet.path,
                    f"'{key}' names {', '.join(map(repr, missing))}, "
                    "which is not a ## heading of this leaflet; copy the heading exactly",
                    line,
                )
            )
        return body

    def fit_check(
        self, html_text: str, leaflet: Leaflet, edition: str
    ) -> Callable[[Any, Callable[[str], Any]], None] | None:
        """What checks, after layout, that the text fits the sheet (None: it flows on)."""
        if not self.selects_sections:
            return None
        from . import trifold

        return partial(
            trifold.check_fit,
            html_text=html_text,
            leaflet=leaflet,
            key=self.sections_key(leaflet, edition),
        )


REGISTRY = {
    layout.name: layout
    for layout in (
        Layout("leaflet", "leaflet.html", "layout-leaflet.css"),
        Layout(
            "trifold",
            "trifold.html",
            "layout-trifold.css",
            folds=True,
            selects_sections=True,
            cost=1,
        ),
        Layout("handout", "handout.html", "layout-handout.css", buildable=False),
    )
}
LAYOUTS = tuple(name for name, layout in REGISTRY.items() if layout.buildable)
FOLDED = tuple(name for name, layout in REGISTRY.items() if layout.folds)


def layout(name: str) -> Layout:
    """The layout called ``name``; a KeyError for one that is not in the registry."""
    return REGISTRY[name]

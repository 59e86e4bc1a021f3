"""Structure rules: the leaflet renders, with its 'In short', help and 'About' furniture."""

from __future__ import annotations

from ...errors import display_path
from ..documents import Context, LeafletDoc
from ..registry import ERROR, Hit, rule


@rule(
    "structure-renders",
    ERROR,
    "The leaflet can be made into a page: its images exist and the templates work.",
)
def _renders(doc: LeafletDoc, ctx: Context):
    for problem in doc.render_problems:
        yield Hit(
            problem.line,
            problem.message
            if problem.path == doc.path
            else f"{display_path(problem.path)}: {problem.message}",
        )


def _structure_rule(rule_id: str, css_class: str, name: str, explanation: str, needs: str):
    def check(doc: LeafletDoc, ctx: Context):
        if doc.outline is None:
            return
        box = doc.outline.boxes.get(css_class)
        if box is None:
            yield Hit(
                None,
                f"the printed leaflet has no {name}; the layout template must include "
                f"templates/partials/{css_class.replace('-', '_')}.html",
            )
        elif needs == "items" and box.items == 0:
            yield Hit(doc.leaflet.key_lines.get("in_short"), f"the {name} is empty; {explanation}")
        elif needs == "code" and doc.leaflet.code not in box.text:
            yield Hit(
                None,
                f"the {name} does not show the leaflet code {doc.leaflet.code}; "
                "its template must print the code, version and review dates",
            )

    rule(rule_id, ERROR, explanation)(check)


_structure_rule(
    "structure-in-short",
    "in-short",
    "'In short' box",
    "Each leaflet opens with its 'In short' box: the main messages (in_short) first.",
    "items",
)
_structure_rule(
    "structure-help",
    "help",
    "'Where to get help' section",
    "Each leaflet has its 'Where to get help' section: who to ask and how to reach them.",
    "section",
)
_structure_rule(
    "structure-about",
    "about",
    "'About this leaflet' block",
    "Each leaflet ends with its 'About this leaflet' block: code, version, review dates, "
    "authors and sources.",
    "code",
)

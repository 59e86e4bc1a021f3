"""Structure rules: the leaflet renders, with its 'In short', help and 'About' furniture."""

from __future__ import annotations

from ...content import BodyProblem
from ...errors import display_path
from ...markup import select_sections
from ..documents import Context, LeafletDoc
from ..outline import Box
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


@rule(
    "structure-body",
    ERROR,
    "The body is text that prints as it reads (no hidden, reordering or unprintable "
    "characters) and within the size bounds.",
)
def _body(doc: LeafletDoc, ctx: Context):
    for problem in doc.problems:
        if isinstance(problem, BodyProblem):
            yield Hit(problem.line, problem.message)


IN_SHORT = "Each leaflet opens with its 'In short' box: the main messages (in_short) first."


def _furniture(rule_id: str, css_class: str, name: str, explanation: str):
    """Declare rule ``rule_id``: the printed leaflet has its box of class ``css_class``.

    ``name`` says the box in messages. The decorated ``complete(doc, box)`` yields
    what else the box, once there, must have.
    """

    def register(complete):
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
            else:
                yield from complete(doc, box)

        rule(rule_id, ERROR, explanation)(check)
        return complete

    return register


@_furniture("structure-in-short", "in-short", "'In short' box", IN_SHORT)
def _in_short(doc: LeafletDoc, box: Box):
    if box.items == 0:
        yield Hit(doc.leaflet.key_lines.get("in_short"), f"the 'In short' box is empty; {IN_SHORT}")


@_furniture(
    "structure-help",
    "help",
    "'Where to get help' section",
    "Each leaflet has its 'Where to get help' section: who to ask and how to reach them.",
)
def _help(doc: LeafletDoc, box: Box):
    return ()  # being there is enough


@_furniture(
    "structure-about",
    "about",
    "'About this leaflet' block",
    "Each leaflet ends with its 'About this leaflet' block: code, version, review dates, "
    "authors and sources.",
)
def _about(doc: LeafletDoc, box: Box):
    if doc.leaflet.code not in box.text:
        yield Hit(
            None,
            f"the 'About this leaflet' block does not show the leaflet code {doc.leaflet.code}; "
            "its template must print the code, version and review dates",
        )


@rule(
    "structure-trifold-sections",
    ERROR,
    "Each heading that 'trifold' names is a ## heading of the leaflet.",
)
def _trifold_sections(doc: LeafletDoc, ctx: Context):
    """A tri-fold keeps the sections its list names; a name that matches none is caught
    here, without laying out a tri-fold, rather than when someone builds one."""
    leaflet = doc.leaflet
    _kept, missing = select_sections(leaflet.body, leaflet.trifold)
    if missing:
        yield Hit(
            leaflet.key_lines.get("trifold"),
            f"'trifold' names {', '.join(map(repr, missing))}, which is not a ## heading "
            "of this leaflet; copy the heading exactly",
        )

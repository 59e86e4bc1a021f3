"""Structure rules: the leaflet renders, with its 'In short', help and 'About' furniture."""

from __future__ import annotations

import re

from ...content import BodyProblem
from ...errors import display_path
from ...markup import select_sections
from ..documents import Context, LeafletDoc
from ..outline import Box
from ..registry import ERROR, WARNING, Hit, rule


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


# A list marker inside one printed line: at the start of a line of the block, or after the
# end of a sentence ("Some pain. - Its old name ..."). A dash between words ("Monday -
# Friday") is not one.
MERGED_LIST_RE = re.compile(r"(?:^|(?<=[.!?:;])[ \t]+)[ \t]*([-*+])[ \t]+(?=\S)", re.MULTILINE)


@rule(
    "structure-merged-list",
    ERROR,
    "No In short point, list item, heading or paragraph holds a list marker ('- ' or '* ') "
    "inside it: items that merged into one because of their indent or a missing blank line.",
)
def _merged_list(doc: LeafletDoc, ctx: Context):
    """One space too few before an In short point's dash in YAML, or a list without a blank
    line before it, makes several points print as one run-on line with dashes in it; the
    PDF is still made and nothing else notices."""
    for block in doc.prose:
        if block.kind not in {"in_short", "item", "heading", "paragraph"}:
            continue
        found = MERGED_LIST_RE.search(block.text)
        if found is None:
            continue
        marker = found.group(1)
        if block.kind == "in_short":
            advice = (
                "give each In short point its own line starting with '  - ', indented "
                "like the others"
            )
        elif block.kind == "paragraph":
            advice = "put a blank line before the list, so each '- ' line is an item"
        else:
            advice = (
                f"start each item on its own line with '{marker} ' and a blank line around the list"
            )
        yield Hit(
            block.line_at(found.start(1)),
            f"'{marker} ' inside one {_KIND_NAMES[block.kind]} prints as part of its text: "
            f"{advice}",
        )


_KIND_NAMES = {
    "in_short": "In short point",
    "item": "list item",
    "heading": "heading",
    "paragraph": "paragraph",
}


# A tag or comment as a writer of HTML would type it; <https://...> and <name@host> are
# Markdown's own links, and allow comments are read by the checks themselves.
RAW_HTML_RE = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--)>")
CODE_SPAN_RE = re.compile(r"(`+).+?\1")
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")


@rule(
    "structure-raw-html",
    WARNING,
    "The body has no HTML tags: they are printed as text (the tool never passes HTML "
    "through), so '<b>' shows on the page as '<b>'.",
)
def _raw_html(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    fenced = False
    for offset, line in enumerate(leaflet.body.split("\n")):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found = RAW_HTML_RE.search(CODE_SPAN_RE.sub("", line))
        if found and not found.group(0).startswith("<!-- allow"):
            yield Hit(
                leaflet.body_line + offset,
                f"{found.group(0)!r} is HTML, which prints as it is typed; use Markdown "
                "instead (**bold**, *emphasis*, a blank line for a new paragraph)",
            )


@rule(
    "structure-trifold-few-sections",
    WARNING,
    "A 'trifold' list names at least two sections, so the tri-fold's panels are not left "
    "nearly empty.",
)
def _trifold_few_sections(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if len(leaflet.trifold) == 1:
        yield Hit(
            leaflet.key_lines.get("trifold"),
            "'trifold' keeps only one section, so most of the tri-fold's panels print "
            "empty; name the sections a reader needs most (the shipped leaflets keep five)",
        )

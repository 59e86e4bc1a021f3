"""Source fidelity: every figure in a leaflet comes from the source documents."""

from __future__ import annotations

import re

from ...errors import display_path
from ..documents import Context, LeafletDoc
from ..registry import WARNING, Hit, rule

FIGURE_RE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(\s?(?:%|per\s?cent\b|percent\b))?")


@rule(
    "source-figure",
    WARNING,
    "Every figure (a number or a percentage) appears in the source documents given "
    "with --sources, so no statistic is invented.",
    allowable=True,
)
def _source_figure(doc: LeafletDoc, ctx: Context):
    if ctx.sources is None:
        return
    for block in doc.texts:
        if block.kind == "about":
            continue  # version, author, reviewer and the sources themselves: not claims
        for match in FIGURE_RE.finditer(block.text):
            number, percent = match.group(1), match.group(2)
            if not _in_sources(number, bool(percent), ctx.sources.text):
                figure = " ".join(match.group(0).split())
                yield Hit(
                    block.line_at(match.start()),
                    f"the figure '{figure}' is in none of the source documents "
                    f"({display_path(ctx.sources.folder)}); check it against the source, "
                    "or take it out",
                )


def _in_sources(number: str, percent: bool, text: str) -> bool:
    pattern = r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)"
    if percent:
        pattern += r"\s?(?:%|per\s?cent|percent)"
    return re.search(pattern, text, re.IGNORECASE) is not None

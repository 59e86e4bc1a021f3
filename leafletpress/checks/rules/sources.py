"""Source fidelity: every figure in a leaflet comes from the source documents.

Figures are read in Arabic digits and in Chinese numerals alike (see ``figures``): a
Chinese leaflet's 百分之八十 is checked as 80%, its 六个月 as 6.
"""

from __future__ import annotations

import re

from ...errors import display_path
from ...figures import figures
from ..documents import Context, LeafletDoc
from ..registry import WARNING, Hit, rule


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
        for figure in figures(block.text):
            if not _in_sources(figure, ctx.sources.text):
                yield Hit(
                    block.line_at(figure.start),
                    f"the figure '{figure.shown}' is in none of the source documents "
                    f"({display_path(ctx.sources.folder)}); check it against the source, "
                    "or take it out",
                )


def _in_sources(figure, text: str) -> bool:
    """Whether the sources give ``figure``: in digits (80%, 80 per cent) or as it reads."""
    if figure.shown in text and not figure.shown.isascii():
        return True  # a Chinese source says 六个月 too
    pattern = r"(?<![\d.,])" + re.escape(figure.number) + r"(?![\d]|[.,]\d)"
    if figure.percent:
        pattern += r"\s?(?:%|％|per\s?cent|percent)"
    return re.search(pattern, text, re.IGNORECASE) is not None

"""Brand rules: the brand file loads and is valid."""

from __future__ import annotations

from ..documents import BrandDoc, Context
from ..registry import ERROR, Hit, rule


@rule(
    "brand-file",
    ERROR,
    "The brand file is valid: TOML, known keys, colours with enough contrast.",
    ("brand",),
)
def _brand_file(doc: BrandDoc, ctx: Context):
    for problem in doc.problems:
        yield Hit(problem.line, problem.message)

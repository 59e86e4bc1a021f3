"""Accessibility rules: alternative text, heading order, the document's language."""

from __future__ import annotations

from pathlib import Path

from ..documents import Context, LeafletDoc
from ..registry import ERROR, Hit, rule

GENERIC_ALT = {"image", "picture", "photo", "photograph", "diagram", "figure", "img", "graphic"}


@rule(
    "a11y-alt-text",
    ERROR,
    "Every image has alternative text that says what it shows: `![what it shows](file.png)`.",
)
def _alt_text(doc: LeafletDoc, ctx: Context):
    for image in doc.images:
        alt = image.alt.strip()
        if not alt:
            yield Hit(
                image.line,
                f"image '{image.src}' has no alternative text; screen readers read it "
                "instead of the picture: write what it shows between the brackets, "
                "![what it shows](...)",
            )
        elif alt.lower().rstrip(".") in GENERIC_ALT or alt in (image.src, Path(image.src).stem):
            yield Hit(
                image.line,
                f"image '{image.src}' has alternative text '{alt}', which does not say "
                "what it shows; describe the picture in a few words",
            )


@rule(
    "a11y-heading-order",
    ERROR,
    "Headings do not skip levels: the title is the only level 1, sections start at ##, then ###.",
)
def _heading_order(doc: LeafletDoc, ctx: Context):
    previous = 1  # the title band prints the title as the one level-1 heading
    for block in doc.body.blocks:
        if block.kind != "heading":
            continue
        if block.level == 1:
            yield Hit(
                block.line,
                f"'{block.text}' is a level-1 heading (#), but the title is the only one; "
                "start sections with ##",
            )
        elif block.level > previous + 1:
            yield Hit(
                block.line,
                f"'{block.text}' jumps from level {previous} to level {block.level} "
                f"({'#' * block.level}); use {'#' * (previous + 1)}, so screen reader "
                "users do not think a section is missing",
            )
        previous = block.level


@rule(
    "a11y-language",
    ERROR,
    "The document's language is set (`<html lang>`) to the leaflet's language, so screen "
    "readers pronounce it correctly.",
)
def _language(doc: LeafletDoc, ctx: Context):
    if doc.outline is None:
        return
    lang = doc.leaflet.lang
    if doc.outline.lang != lang:
        found = f"'{doc.outline.lang}'" if doc.outline.lang else "not set"
        yield Hit(
            doc.leaflet.key_lines.get("lang"),
            f"the document language is {found}, but the leaflet is in '{lang}'; the "
            'template templates/base.html must write <html lang="{{ lang }}">',
        )

"""Translation rules: a translation says which English version it renders, and still matches it.

A translation made from an older English version may carry advice the clinic has
since changed, so it is refused until it is brought up to date, as is one whose
sections, 'In short' points or figures differ in number from the English (a
dropped caution, an added claim).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ...content import load_leaflet
from ...errors import LeafletPressError
from ...model import DEFAULT_LANG, Leaflet
from ..documents import Context, LeafletDoc
from ..registry import ERROR, Hit, rule

SECTION = re.compile(r"^##\s", re.MULTILINE)
FIGURE = re.compile(r"!\[")


@functools.cache
def _english(path: Path, mtime_ns: int) -> Leaflet | None:
    try:
        return load_leaflet(path)
    except LeafletPressError:
        return None  # the English file's own check reports why


def english_of(leaflet: Leaflet) -> Leaflet | None:
    """The English leaflet that ``leaflet`` translates, or None when it has none that loads."""
    path = leaflet.folder / f"{DEFAULT_LANG}.md"
    try:
        return _english(path, path.stat().st_mtime_ns)
    except OSError:
        return None


def _translations(doc: LeafletDoc):
    leaflet = doc.leaflet
    if leaflet is None or leaflet.lang == DEFAULT_LANG:
        return None, None
    return leaflet, english_of(leaflet)


@rule(
    "translation-version",
    ERROR,
    "A translation names the English version it was made from (translation_of), and that "
    "is the English leaflet's current version.",
)
def _version(doc: LeafletDoc, ctx: Context):
    leaflet, english = _translations(doc)
    if leaflet is None:
        return
    line = leaflet.key_lines.get("translation_of") or leaflet.key_lines.get("lang")
    if english is None:
        yield Hit(
            line,
            f"is a translation, but leaflets/{leaflet.slug}/{DEFAULT_LANG}.md, the English "
            "leaflet it translates, is missing or does not load",
        )
    elif not leaflet.translation_of:
        yield Hit(
            line,
            f"does not say which English version it translates; add translation_of: "
            f'"{english.version}" once it matches that version',
        )
    elif leaflet.translation_of != english.version:
        yield Hit(
            line,
            f"translates English version {leaflet.translation_of}, but the English leaflet is "
            f"now version {english.version}: bring the translation up to date (it may carry "
            f'outdated advice), then set translation_of: "{english.version}"',
        )


@rule(
    "translation-structure",
    ERROR,
    "A translation has as many sections, 'In short' points and figures as the English.",
)
def _structure(doc: LeafletDoc, ctx: Context):
    leaflet, english = _translations(doc)
    if leaflet is None or english is None:
        return
    for name, pattern in (("sections (## headings)", SECTION), ("figures", FIGURE)):
        mine, theirs = len(pattern.findall(leaflet.body)), len(pattern.findall(english.body))
        if mine != theirs:
            yield Hit(
                leaflet.body_line,
                f"has {mine} {name}, the English has {theirs}: translate every one, and add none",
            )
    if len(leaflet.in_short) != len(english.in_short):
        yield Hit(
            leaflet.key_lines.get("in_short"),
            f"has {len(leaflet.in_short)} 'In short' points, the English has "
            f"{len(english.in_short)}: translate every one, and add none",
        )

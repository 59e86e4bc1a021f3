"""Advertising rules: what Singapore's rules for healthcare advertising forbid."""

from __future__ import annotations

from collections.abc import Iterator

from ... import advertising
from ...text import fold
from ..documents import Context
from ..registry import ERROR, WARNING, Hit, rule


def _advertising_rule(rule_id: str, explanation: str, level: str = ERROR) -> None:
    def check(doc, ctx: Context):
        yield from _advertising_hits(rule_id, doc)

    rule(rule_id, level, explanation, ("leaflet", "brand"), allowable=True)(check)


def _advertising_hits(rule_id: str, doc) -> Iterator[Hit]:
    """Matches in everything the reader reads or hears: the text, the words inside its
    SVG images (drawn on the page, or read aloud from <title> and <desc>) and the
    images' alternative text (which the PDF carries for screen readers)."""
    for block in doc.texts:
        for match in advertising.find(rule_id, block.text):
            yield Hit(block.line_at(match.start), _message(rule_id, match.text))
    for drawn in getattr(doc, "drawn", ()):
        for match in advertising.find(rule_id, drawn.text):
            where = f"in {drawn.image}, line {drawn.image_line}: "
            yield Hit(drawn.line, where + _message(rule_id, match.text))
    for image in doc.images:
        for match in advertising.find(rule_id, image.alt):
            where = f"in the alternative text of '{image.src}': "
            yield Hit(image.line, where + _message(rule_id, match.text))


def _message(rule_id: str, words: str) -> str:
    return (
        f"'{words}' {advertising.WHY[rule_id]} "
        f"({advertising.REGULATIONS}); rewrite it, or allow it with a reason"
    )


_advertising_rule(
    "ad-superlative",
    "No superlatives or claims of prominence or uniqueness ('best', 'leading', 'top', "
    "'No. 1', 'world-class', 'most advanced', 'the only clinic').",
)
_advertising_rule(
    "ad-guarantee",
    "No guarantees or expectations that cannot be justified ('guarantee', 'cure', '100%', "
    "'permanent relief', 'painless', 'risk-free', 'will definitely fix', 'results are assured', "
    "'gone for good').",
)
_advertising_rule(
    "ad-comparison", "No comparisons with, or criticism of, other clinics or providers."
)
_advertising_rule(
    "ad-testimonial",
    "No testimonials, patient reviews, ratings, endorsements or patient quotes ('Patients "
    "say: ...', 'changed my life').",
)


@rule(
    "ad-before-after",
    ERROR,
    "No before-and-after pictures, and no words offering them.",
    ("leaflet", "brand"),
    allowable=True,
)
def _before_after(doc, ctx: Context):
    yield from _advertising_hits("ad-before-after", doc)
    for image in doc.images:
        if advertising.IMAGE_BEFORE_AFTER.search(fold(f"{image.alt} {image.src}")[0]):
            yield Hit(
                image.line,
                f"image '{image.src}' looks like a before-and-after picture; "
                f"these are not allowed ({advertising.REGULATIONS}); remove it",
            )


# A warning, not an error: whether words push or inform depends on their context, which
# a writer or reviewer judges (allow it with a reason where it informs).
_advertising_rule(
    "ad-fear-appeal",
    "No fear appeals that push the reader to book ('if you wait', 'don't delay', "
    "'before it's too late').",
    WARNING,
)
_advertising_rule(
    "ad-inducement",
    "No financial inducements in clinical material ('free' consultations, 'discount', "
    "'promotion', vouchers).",
)

"""Brand rules: the brand file loads and is valid, and patients can reach the clinic."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import Problem
from ..documents import BrandDoc, Context
from ..registry import ERROR, WARNING, Hit, rule

# The fields a patient can use to reach the clinic; opening hours and a booking link alone
# (without a phone, email, address or website) do not say whom to contact.
REACH_FIELDS = ("phone", "email", "address", "website")


@rule(
    "brand-file",
    ERROR,
    "The brand file is valid: TOML, known keys, colours with enough contrast.",
    ("brand",),
)
def _brand_file(doc: BrandDoc, ctx: Context):
    for problem in doc.problems:
        yield Hit(problem.line, problem.message)


@rule(
    "brand-contact",
    WARNING,
    "The brand gives at least one way to reach the clinic (phone, email, address or "
    "website), so 'Where to get help' tells patients how to get it.",
    ("brand",),
)
def _brand_contact(doc: BrandDoc, ctx: Context):
    """Leaflets print the brand's contact details under "Where to get help".

    The source documents hold none, so none may be invented: the clinic must fill them
    in. A warning here is an error under --strict.
    """
    brand = doc.brand
    if brand is None or any(brand.contact.get(field) for field in REACH_FIELDS):
        return
    yield Hit(
        _contact_line(doc.path),
        "gives patients no way to reach the clinic, so 'Where to get help' prints only its "
        "name; fill in at least one of contact.phone, contact.email, contact.address or "
        "contact.website from the clinic's own records (never guess them)",
    )


def _contact_line(path: Path) -> int | None:
    """The line of the ``[contact]`` table, where the details belong (None if it has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(r"^\s*\[\s*contact\s*\]", line):
            return number
    return None


def no_way_to_reach(doc: BrandDoc) -> Problem | None:
    """Why a handout in this brand is refused, or None when patients can reach the clinic.

    A leaflet may be printed with the clinic's name alone (brand-contact warns), but a
    handout is given to one patient and tells them to "contact us": with nothing to
    contact, it must not be made. The command line and the web app both ask this
    through ``services.handout``.
    """
    brand = doc.brand
    if brand is None or any(brand.contact.get(field) for field in REACH_FIELDS):
        return None
    return Problem(
        doc.path,
        "has no phone, email, address or website, and a handout tells the patient to "
        "contact the clinic: fill in at least one of contact.phone, contact.email, "
        "contact.address or contact.website from the clinic's own records, or make the "
        "handout with a brand that has them",
        _contact_line(doc.path),
    )

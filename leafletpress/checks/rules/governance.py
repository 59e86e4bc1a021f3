"""Governance rules: the front matter, who wrote and reviewed a leaflet, its dates, its code."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...content import BodyProblem
from ..documents import Context, LeafletDoc
from ..registry import ERROR, INFO, WARNING, Hit, rule

REVIEW_SOON = timedelta(days=90)
REVIEW_INTERVAL_YEARS = 3  # common practice for patient information
PENDING_REVIEWER_RE = re.compile(
    r"\b(?:awaiting|pending|to be (?:confirmed|reviewed|decided)|tbc|tbd|not yet|none)\b",
    re.IGNORECASE,
)


@rule(
    "governance-front-matter",
    ERROR,
    "The front matter has every required field (title, summary, lang, code, version, "
    "reviewed, next_review, sources, in_short) with a valid value, and no unknown field.",
)
def _front_matter(doc: LeafletDoc, ctx: Context):
    for problem in doc.problems:
        if not isinstance(problem, BodyProblem):  # the body's are structure-body's
            yield Hit(problem.line, problem.message)


@rule(
    "governance-author",
    ERROR,
    "The leaflet names who wrote it (author) or who reviewed it clinically (reviewer).",
)
def _author(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if not leaflet.author and not leaflet.reviewer:
        yield Hit(
            1,
            "names neither an author nor a clinical reviewer; add a line like "
            "author: Patient information team, or reviewer: Dr A. Tan",
        )


@rule(
    "governance-reviewer-pending",
    WARNING,
    "The clinical reviewer is named, not 'awaiting' or 'pending': a clinician has "
    "checked the leaflet before it is handed out (in a translation, the reviewer is a "
    "qualified translator).",
)
def _reviewer_pending(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.reviewer and PENDING_REVIEWER_RE.search(leaflet.reviewer):
        if leaflet.translation_of:
            yield Hit(
                leaflet.key_lines.get("reviewer"),
                f"the translation's reviewer is '{leaflet.reviewer}': have a qualified "
                "translator check it against the English and put their name here; until "
                "then its footer says the translation is not yet reviewed",
            )
            return
        yield Hit(
            leaflet.key_lines.get("reviewer"),
            f"the clinical reviewer is '{leaflet.reviewer}': have a clinician review the "
            "leaflet and put their name here before it is handed out",
        )


@rule(
    "governance-next-review",
    ERROR,
    "The next review date has not passed: an out-of-date leaflet must not be printed.",
)
def _next_review(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.next_review < ctx.today:
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review was due on {leaflet.next_review.isoformat()} and has passed; "
            "review the leaflet, then update reviewed and next_review",
        )


@rule(
    "governance-review-due-soon",
    WARNING,
    "The next review date is more than 90 days away (otherwise, plan the review now).",
)
def _review_due_soon(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if ctx.today <= leaflet.next_review <= ctx.today + REVIEW_SOON:
        days = (leaflet.next_review - ctx.today).days
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review is due on {leaflet.next_review.isoformat()}, in {days} days; "
            "plan the review so the leaflet does not go out of date",
        )


@rule(
    "governance-review-dates",
    ERROR,
    "The date of the last review is not in the future and comes before the next review date.",
)
def _review_dates(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    line = leaflet.key_lines.get("reviewed")
    if leaflet.reviewed > ctx.today:
        yield Hit(
            line,
            f"reviewed is {leaflet.reviewed.isoformat()}, a date in the future; "
            "write the date the review actually happened",
        )
    if leaflet.reviewed >= leaflet.next_review:
        yield Hit(
            line,
            f"reviewed ({leaflet.reviewed.isoformat()}) is not before next_review "
            f"({leaflet.next_review.isoformat()}); check both dates",
        )


# An error, not a warning: `next_review: 9999-12-31` would otherwise opt a leaflet out
# of review for good unless --strict (STANDARDS.md: three years at most).
@rule(
    "governance-review-interval",
    ERROR,
    "The next review is at most three years after the last one (common practice).",
)
def _review_interval(doc: LeafletDoc, ctx: Context):
    leaflet = doc.leaflet
    if leaflet.next_review > _years_after(leaflet.reviewed, REVIEW_INTERVAL_YEARS):
        yield Hit(
            leaflet.key_lines.get("next_review"),
            f"the next review ({leaflet.next_review.isoformat()}) is more than "
            f"{REVIEW_INTERVAL_YEARS} years after the last ({leaflet.reviewed.isoformat()}); "
            "choose an earlier date",
        )


@rule(
    "governance-unique-code",
    ERROR,
    "Each leaflet has its own code; the language versions of one leaflet share it.",
)
def _unique_code(doc: LeafletDoc, ctx: Context):
    """Every leaflet that shares its code with another is reported, not only the later
    one, so checking either leaflet alone finds the clash (ctx holds every leaflet)."""
    leaflet = doc.leaflet
    others = sorted(
        {
            other.leaflet.slug
            for other in ctx.leaflets
            if other.leaflet is not None
            and other.leaflet.code == leaflet.code
            and other.leaflet.slug != leaflet.slug
        }
    )
    if others:
        yield Hit(
            leaflet.key_lines.get("code"),
            f"code {leaflet.code} is also used by {', '.join(others)}; "
            "give each leaflet its own code",
        )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule(
    "governance-gaps-for-reviewer",
    INFO,
    "Each gap listed in gaps_for_reviewer (what a patient needs that the sources do not say, "
    "such as risks or urgent warning signs) is shown to the clinical reviewer.",
)
def _gaps_for_reviewer(doc: LeafletDoc, ctx: Context):
    """One finding per gap, so the reviewer sees each where it is written.

    Writers may not add clinical facts the sources lack; they send the reader to the
    doctor and record the gap instead. Only a clinician can close one, so it stays listed
    until they have dealt with it and removed the entry. It is information for the
    reviewer, not a fault: ``check`` shows it, a build or handout does not repeat it
    (``governance-reviewer-pending`` already says the leaflet awaits review).
    """
    leaflet = doc.leaflet
    first = leaflet.key_lines.get("gaps_for_reviewer")
    for number, gap in enumerate(leaflet.gaps_for_reviewer, start=1):
        yield Hit(
            first + number if first else None,  # one '- item' a line, as the README shows
            f"for the clinical reviewer, a gap the sources leave: {gap.rstrip('.')}; once a "
            "clinician has dealt with it, remove it from gaps_for_reviewer",
        )

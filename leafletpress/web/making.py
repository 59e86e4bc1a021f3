"""Making one handout for the web app: a request's fields in, a PDF or the problems out.

Plain data on both sides (``HandoutSpec`` in, ``Outcome`` out), so the same call runs
in the HTTP thread or in a worker process (``workers.py``). The flow is the library's
(``services.handout``, the one gate); this module only says which form field each of
its problems belongs to, in the command line's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import services
from ..errors import LeafletPressError, RefusedError, RequestError

# The fields of a handout request, as the form and the JSON API name them.
FIELDS = (
    "leaflets",
    "patient",
    "doctor",
    "date",
    "notes",
    "next_steps",
    "edition",
    "brand",
    "email",
)

# Which field a problem of ``services.handout`` is about, from its first words
# (handout.make_handout and check_email_address say what they describe first).
_FIELD_OF = [
    ("patient", re.compile(r"(in )?the patient's name")),
    ("doctor", re.compile(r"(in )?the doctor's name")),
    ("notes", re.compile(r"(in )?the notes")),
    ("next_steps", re.compile(r"(in )?next step \d|there are \d+ next steps")),
    ("leaflets", re.compile(r"a handout needs|unknown leaflet|no handout made")),
    ("edition", re.compile(r"unknown edition")),
    ("brand", re.compile(r"unknown brand|a handout has one brand")),
    ("email", re.compile(r"the email address")),
]
_PARAMS = {"SLUG": "leaflets", "--brand": "brand", "--edition": "edition", "--email": "email"}


def field_of(message: str) -> str | None:
    """The field a problem's message is about, or None for the request as a whole."""
    for name, pattern in _FIELD_OF:
        if pattern.match(message):
            return name
    return None


@dataclass(frozen=True)
class HandoutSpec:
    """One handout asked for. The personal fields are left out of ``repr``, so that no
    log line or traceback can ever show them."""

    leaflets: tuple[str, ...]
    patient: str = field(repr=False)
    doctor: str = field(default="", repr=False)
    day: date | None = None
    notes: tuple[str, ...] = field(default=(), repr=False)
    next_steps: tuple[str, ...] = field(default=(), repr=False)
    edition: str = services.EDITIONS[0]
    brand: str = services.DEFAULT_BRAND
    email: str | None = field(default=None, repr=False)
    today: date | None = None


@dataclass
class Outcome:
    """A made handout (``pdf``, and the email draft when an address was given), or the
    problems that stopped it, each as (field or None, message), with the HTTP status."""

    pdf: bytes = field(default=b"", repr=False)
    draft: bytes | None = field(default=None, repr=False)
    filename: str = ""
    pages: int = 0
    problems: list[tuple[str | None, str]] = field(default_factory=list)
    status: int = 200
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def make(project, spec: HandoutSpec, renderer=None, kept=None) -> Outcome:
    """Make the handout ``spec`` asks for with the library's one flow; never raises for
    anything the request or the project's files cause (those become problems: 422).
    ``kept`` (a services.Kept of ``renderer``) reuses laid-out leaflets between calls."""
    from ..handout import default_file_name

    if not spec.leaflets:
        return Outcome(problems=[("leaflets", "a handout needs at least one leaflet")], status=422)
    try:
        made = services.handout(
            project,
            spec.leaflets,
            spec.patient,
            doctor=spec.doctor,
            day=spec.day,
            notes=spec.notes,
            next_steps=spec.next_steps,
            brand=spec.brand,
            edition=spec.edition,
            email=spec.email,
            today=spec.today,
            renderer=renderer,
            kept=kept,
        )
    except RefusedError as refused:
        errors = [("leaflets", str(problem)) for problem in refused.verdict.errors]
        return Outcome(problems=[("leaflets", refused.message), *errors], status=422)
    except RequestError as wrong:
        name = _PARAMS.get(wrong.param or "") or field_of(wrong.message)
        return Outcome(problems=[(name, wrong.message)], status=422)
    except LeafletPressError as error:
        return Outcome(
            problems=[
                (field_of(p.message) if p.path is None else None, str(p)) for p in error.problems
            ],
            status=422,
        )
    filename = default_file_name(made.handout.day)
    draft = made.email_draft(filename) if made.address is not None else None
    warnings = [str(p) for p in [*made.verdict.warnings, *made.warnings]]
    return Outcome(made.pdf, draft, filename, made.pages, warnings=warnings)

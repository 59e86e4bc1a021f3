"""Helpers for the web app's tests: a project whose brand has contact details, and a
form that is filled in as a doctor would, its forged-request token included."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, FixtureProject

# Built from pieces so that this file, which lives in the project folder, is not itself
# a "trace" found by the privacy tests.
SURNAME = "Quill" + "sworth"
PATIENT = f"Zelda {SURNAME}-Web"
NOTE_MARK = "WX-" + "4417"
NEEDLES = [SURNAME.lower(), NOTE_MARK.lower()]
ADDRESS = f"zelda.{SURNAME.lower()}@example.org"
DOCTOR = "Dr Lim Wei Ling"
DEFAULT_NAME = re.compile(r"handout-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.(pdf|eml)")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def web_project(root: Path) -> Path:
    """A copy of the real leaflets, templates and styles; its default brand has a phone
    number (the shipped one has no contact details, which a handout may come to need)."""
    FixtureProject(root)
    shutil.copytree(ROOT / "leaflets", root / "leaflets", dirs_exist_ok=True)
    return root


def token_of(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([0-9a-f]+)"', page).group(1).decode()


def fill(client, **fields) -> dict:
    """Open the form (which sets its cookie) and return its fields filled in with ``fields``."""
    page = client.get("/handout")
    data = {
        "csrf_token": token_of(page.data),
        "leaflets": ["overview", "scs-what-to-expect"],
        "patient": PATIENT,
        "doctor": DOCTOR,
        "date": "2026-11-25",
        "notes": f"Your scan ({NOTE_MARK}) looks fine.\nWalk for 20 minutes a day.",
        "next_steps": "Book the trial\nReview in six weeks",
        "edition": "standard",
        "brand": "default",
        "email": "",
        "action": "pdf",
    }
    data.update(fields)
    return data


def api_body(**fields) -> dict:
    body = {
        "leaflets": ["overview", "scs-what-to-expect"],
        "patient": PATIENT,
        "doctor": DOCTOR,
        "date": "2026-11-25",
        "notes": [f"Your scan ({NOTE_MARK}) looks fine.", "Walk for 20 minutes a day."],
        "next_steps": ["Book the trial"],
        "edition": "standard",
        "brand": "default",
    }
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}

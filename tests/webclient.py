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


def traces(roots: list[Path], skip: frozenset[Path] = frozenset()) -> list[Path]:
    """Files under ``roots`` whose name or content mentions the patient (UTF-8 or UTF-16)."""
    import os

    patterns = [n.encode(enc) for n in NEEDLES for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
            for name in [*files, *dirs]:
                path = Path(folder, name)
                if any(needle in name.lower() for needle in NEEDLES):
                    found.append(path)
                elif path.is_file() and not path.is_symlink() and path not in skip:
                    content = path.read_bytes().lower()
                    if any(pattern in content for pattern in patterns):
                        found.append(path)
    return found


def crash_on_a_patient(conn, project_root: str) -> None:
    """A worker process like the real one, except that it dies outright (as a fault in a C
    library would kill it) when asked for the patient "Crash Now"."""
    import os

    from leafletpress.web import workers

    real = workers.make

    def make(project, spec, *warm):
        if spec.patient == "Crash Now":
            os._exit(3)
        return real(project, spec, *warm)

    workers.make = make
    workers._work(conn, project_root)


def holders(needle: str, skip: object = None) -> list[str]:
    """The types of the live objects in this process that hold a text or bytes containing
    ``needle`` (``skip``, the needle as asked for, aside). Every object Python's collector
    tracks is searched, and the untracked containers it holds (a dict or tuple of plain
    strings is not tracked), so nothing reachable is missed."""
    import gc

    gc.collect()
    wanted = (needle, needle.encode("utf-8"))
    found: list[str] = []
    seen: set[int] = set()

    def look(owner: object, value: object) -> None:
        if value is skip or value is wanted or value is needle or id(value) in seen:
            return
        if isinstance(value, str | bytes | bytearray):
            if wanted[isinstance(value, bytes | bytearray)] in value:
                found.append(type(owner).__name__)
        elif isinstance(value, dict | tuple | list) and not gc.is_tracked(value):
            seen.add(id(value))
            for inner in gc.get_referents(value):
                look(owner, inner)

    for owner in gc.get_objects():
        if owner is wanted:
            continue
        for value in gc.get_referents(owner):
            look(owner, value)
    return found


def scanning_worker(conn, project_root: str) -> None:
    """The real worker process, which also answers ("scan", needle) between handouts with
    ``holders(needle)``: what in it still holds the patient's details."""
    from leafletpress.web import workers

    class Scanning:
        def recv(self):
            while True:
                message = conn.recv()
                if not (isinstance(message, tuple) and message[0] == "scan"):
                    return message
                conn.send(holders(message[1], skip=message))
                del message

        def send(self, value) -> None:
            conn.send(value)

    workers._work(Scanning(), project_root)

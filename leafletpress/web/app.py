"""The web app: the handout form for doctors, and a JSON API for other systems.

A thin face, like the command line: it turns form fields or JSON into a
``HandoutSpec``, hands it to whoever renders (a warm renderer in this process, or
worker processes: ``workers.py``), and turns the outcome into an HTTP response. The
flows, the limits and the gate are the library's (``services``), so the browser and
the API refuse what the command line refuses, in the same words.

Personal details travel only in POST bodies and the response: never in a URL, a log
line, a cookie, a cache or a file. The access log names the route, never the path
typed or its query string.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from .. import open_project, services
from ..errors import LeafletPressError
from ..handout import MAX_NOTE_FILE_BYTES, check_email_address, visit_day_problem
from ..handout import make_handout as check_details
from .making import FIELDS, HandoutSpec, Outcome, field_of, make
from .safety import (
    ACCESS_COOKIE,
    CSRF_COOKIE,
    CSRF_FIELD,
    HEADERS,
    AccessKey,
    FormGuard,
    same_origin,
)
from .server import is_loopback

log = logging.getLogger("leafletpress.web")

# A request's body may be as large as a note file the command line reads (64 KB): far
# more than every field at its limit (2,000 characters of notes, ten 200-character
# steps), so only a body that is not a handout request is refused, with 413. It also
# keeps every form in memory: Werkzeug spools only parts over 500 KB to a file.
MAX_BODY_BYTES = MAX_NOTE_FILE_BYTES
# ASCII digits only: \d would take full-width or Tamil digits, which fromisoformat refuses.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What anyone may open without the access key: the sign-in page, the stylesheet and
# script it uses, and the health check (which says nothing but "ready").
TOO_MANY = "that is not the access key, and another wrong key was just tried: wait a second"
OPEN_ENDPOINTS = {"signin", "signin_sent", "static", "healthz"}


class InThread:
    """Renders in the calling thread with one warm renderer and its kept layouts, shared
    by every thread.

    For tests and scripts; ``serve`` renders in worker processes (``workers.Pool``),
    where the render time limit holds and a crash cannot take the server down.
    """

    def __init__(self, project):
        self.project = project
        self.renderer = services.Renderer(project)
        self.renderer.warm_up()
        self.kept = services.Kept(self.renderer)

    def ready(self) -> bool:
        return True

    def __call__(self, spec: HandoutSpec) -> Outcome:
        return make(self.project, spec, self.renderer, self.kept)

    def close(self) -> None:
        pass


def create_app(
    project_root: str | Path = ".",
    *,
    maker: Callable[[HandoutSpec], Outcome] | None = None,
    today: Callable[[], date] = date.today,
    form_secret: bytes | None = None,
    access_key: AccessKey | None = None,
) -> Flask:
    """The web app over the project at ``project_root``.

    ``maker`` renders a handout (default: ``InThread``, a warm renderer in this
    process); ``today`` gives the day review dates and visit dates are measured from.
    With ``access_key``, every page but the sign-in page asks for it (see safety.py).
    Raises LeafletPressError when ``project_root`` is not a project.
    """
    project = open_project(project_root)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES)
    app.json.sort_keys = False
    maker = maker or InThread(project)
    guard = FormGuard(form_secret)
    app.extensions["leafletpress"] = {"project": project, "maker": maker}

    # -- every response ------------------------------------------------------------

    @app.before_request
    def start_clock() -> None:
        g.started = time.perf_counter()

    @app.before_request
    def own_name_only():
        # Without a key the app serves this computer only (server.check_host), so it
        # answers only to a loopback name: a page on another site that made its own
        # name point here (DNS rebinding) is refused, whatever its name resolves to.
        if access_key is None and not is_loopback(urlsplit("//" + request.host).hostname or ""):
            message = (
                "this Leaflet Press serves this computer only: open it as 127.0.0.1 or localhost"
            )
            if request.path.startswith("/api/"):
                return jsonify(problems=[{"field": None, "message": message}]), 400
            return render_template("problem.html", code=400, message=message), 400
        return None

    @app.before_request
    def from_this_origin():
        if request.method != "POST" or same_origin(
            request.host, request.headers.get("Origin"), request.headers.get("Sec-Fetch-Site")
        ):
            return None
        message = (
            "this was sent from another site or another program's page, not from this "
            "Leaflet Press: open the form at this address and send it from there"
        )
        if request.path.startswith("/api/"):
            return jsonify(problems=[{"field": None, "message": message}]), 403
        return render_template("problem.html", code=403, message=message), 403

    @app.before_request
    def signed_in():
        if access_key is None or request.endpoint in OPEN_ENDPOINTS:
            return None
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer "):
            if access_key.matches(given.removeprefix("Bearer ").strip()):
                return None
            if not access_key.slow_down():
                return _busy(jsonify(problems=[{"field": None, "message": TOO_MANY}]))
            return _unauthorised("that is not the access key")
        if access_key.cookie_valid(request.cookies.get(ACCESS_COOKIE)):
            return None
        if request.path.startswith("/api/"):
            return _unauthorised("give the access key: Authorization: Bearer KEY")
        return redirect(url_for("signin"), 303)

    @app.get("/signin")
    def signin():
        return _signin_page()

    @app.post("/signin")
    def signin_sent():
        if access_key is None:
            return redirect(url_for("handout_form"), 303)
        if not guard.valid(request.cookies.get(CSRF_COOKIE), request.form.get(CSRF_FIELD)):
            return _signin_page("This page was out of date; type the access key again.", 403)
        if not access_key.matches(request.form.get("key", "")):
            if not access_key.slow_down():
                return _busy(_signin_page(TOO_MANY[0].upper() + TOO_MANY[1:] + ".", 429))
            return _signin_page("That is not the access key; type it again.", 401)
        response = redirect(url_for("handout_form"), 303)
        response.set_cookie(
            ACCESS_COOKIE,
            access_key.cookie(),
            max_age=access_key.LIFETIME_SECONDS,
            httponly=True,
            samesite="Strict",
            path="/",
        )
        return response

    def _signin_page(problem: str | None = None, status: int = 200):
        cookie = request.cookies.get(CSRF_COOKIE)
        if not guard.cookie_ours(cookie):
            cookie = guard.new_cookie()
        page = render_template(
            "signin.html", problem=problem, token=guard.token(cookie), token_field=CSRF_FIELD
        )
        response = Response(page, status=status)
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="Strict", path="/")
        return response

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.update(HEADERS)
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        log.info("%s %s %s %.2f s", request.method, _rule(), response.status_code, seconds)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = {
            413: f"the request is larger than {MAX_BODY_BYTES // 1000} KB; a handout "
            "request is far smaller: check what is being sent",
        }.get(error.code, error.description)
        if request.path.startswith("/api/"):
            return jsonify(problems=[{"field": None, "message": message}]), error.code
        return render_template("problem.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def crashed(error: Exception):
        # One line, without the exception's message: it could quote what was typed.
        log.error("internal error in %s %s: %s", request.method, _rule(), type(error).__name__)
        message = "Leaflet Press failed to make this (a bug, not your input); please try again"
        if request.path.startswith("/api/"):
            return jsonify(problems=[{"field": None, "message": message}]), 500
        return render_template("problem.html", code=500, message=message), 500

    # -- pages -----------------------------------------------------------------------

    @app.get("/")
    def index():
        return render_template("index.html")

    @app.get("/handout")
    def handout_form():
        return _form_page({"date": today().isoformat(), "edition": services.EDITIONS[0]}, {})

    @app.post("/handout")
    def handout_made():
        form = request.form
        typed = {name: form.get(name, "") for name in FIELDS if name != "leaflets"}
        typed["leaflets"] = form.getlist("leaflets")
        if not guard.valid(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            problem = (
                "This form was not sent from this page, or it is out of date (the server "
                "was restarted). Check the details below and press the button again."
            )
            return _form_page(typed, {None: [problem]}, status=403)
        wants_draft = form.get("action") == "eml"
        missing = [("email", "give the patient's email address to make an email draft")]
        spec, problems = _spec(
            found=missing if wants_draft and not typed["email"].strip() else [],
            leaflets=typed["leaflets"],
            patient=typed["patient"],
            doctor=typed["doctor"],
            day=typed["date"],
            notes=[typed["notes"]],
            next_steps=typed["next_steps"].splitlines(),
            edition=typed["edition"] or services.EDITIONS[0],
            brand=typed["brand"] or services.DEFAULT_BRAND,
            email=typed["email"] if wants_draft else None,
            today=today(),
        )
        if problems:
            return _form_page(typed, _by_field(problems), status=422)
        outcome = maker(spec)
        if not outcome.ok:
            return _form_page(typed, _by_field(outcome.problems), status=outcome.status)
        return _download(outcome, draft=wants_draft)

    def _form_page(typed: dict, errors: dict, status: int = 200):
        found = services.listing(project)
        cookie = request.cookies.get(CSRF_COOKIE)
        if not guard.cookie_ours(cookie):
            cookie = guard.new_cookie()
        page = render_template(
            "handout.html",
            leaflets=found.leaflets,
            standing=readiness(project, today()),
            brands=found.brands,
            editions=services.EDITIONS,
            default_brand=services.DEFAULT_BRAND,
            typed=typed,
            errors=errors,
            summary=[(name, message) for name, messages in errors.items() for message in messages],
            token=guard.token(cookie),
            token_field=CSRF_FIELD,
        )
        response = Response(page, status=status)
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="Strict", path="/")
        return response

    # -- the JSON API ----------------------------------------------------------------

    @app.post("/api/handout")
    def api_handout():
        if not request.is_json:
            return _problems(
                [(None, "send the handout as JSON, with Content-Type: application/json")], 415
            )
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # nested deeper than the parser goes: not a handout request
            data = None
        if not isinstance(data, dict):
            return _problems(
                [
                    (
                        None,
                        "the body is not a JSON object like "
                        '{"leaflets": ["overview"], "patient": "..."}',
                    )
                ],
                400,
            )
        problems = [
            (key, f"unknown field {key}; known fields: {', '.join(FIELDS)}")
            for key in data
            if key not in FIELDS
        ]
        texts = _texts(data, problems)
        if "patient" not in data:
            problems.append(
                ("patient", "the patient's name is missing; give the name as it prints")
            )
        spec, problems = _spec(found=problems, **texts, today=today())
        if problems:
            return _problems(problems, 422)
        outcome = maker(spec)
        if not outcome.ok:
            return _problems(outcome.problems, outcome.status)
        return _download(outcome, draft=spec.email is not None)

    @app.get("/api/leaflets")
    def api_leaflets():
        found = services.listing(project)
        standing = readiness(project, today())
        none = {"errors": [], "warnings": []}
        return jsonify(
            leaflets=[
                {
                    "slug": leaflet.slug,
                    "title": leaflet.title,
                    "code": leaflet.code,
                    "version": leaflet.version,
                    "reviewed": leaflet.reviewed.isoformat(),
                    "next_review": leaflet.next_review.isoformat(),
                    "ready": not standing.get(leaflet.slug, none)["errors"],
                    "refused_by": standing.get(leaflet.slug, none)["errors"],
                    "warnings": standing.get(leaflet.slug, none)["warnings"],
                }
                for leaflet in found.leaflets
            ],
            brands=[{"name": brand.key, "title": brand.name} for brand in found.brands],
            editions=list(services.EDITIONS),
        )

    @app.get("/healthz")
    def healthz():
        if maker.ready():
            return jsonify(status="ready")
        return jsonify(status="starting"), 503

    return app


# -- from fields to a request ------------------------------------------------------------


def _texts(data: dict, problems: list) -> dict:
    """The JSON body's fields, each of the type it must be; wrong ones become problems."""
    lists = {"leaflets": "leaflet names", "notes": "notes", "next_steps": "next steps"}
    texts: dict = {}
    for key, what in lists.items():
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append((key, f"{key} must be a list of texts (the {what})"))
            value = []
        texts[key] = value
    for key in ("patient", "doctor", "date", "edition", "brand", "email"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append((key, f"{key} must be a text"))
            value = None
        texts[key] = value
    return {
        "leaflets": texts["leaflets"],
        "patient": texts["patient"] or "",
        "doctor": texts["doctor"] or "",
        "day": texts["date"] or "",
        "notes": texts["notes"],
        "next_steps": texts["next_steps"],
        "edition": texts["edition"] or services.EDITIONS[0],
        "brand": texts["brand"] or services.DEFAULT_BRAND,
        "email": texts["email"],
    }


def _spec(*, found: list, leaflets, day: str, today: date, **fields) -> tuple[HandoutSpec, list]:
    """The request as a HandoutSpec, and the problems found before rendering (``found``
    and those of the date and the leaflets; with any, those of the personal details)."""
    problems = list(found)
    visit = None
    if day.strip():
        if not _ISO_DAY.fullmatch(day.strip()):
            problems.append(("date", "the date is not written as YYYY-MM-DD, e.g. 2026-11-25"))
        else:
            try:
                visit = date.fromisoformat(day.strip())
            except ValueError:
                problems.append(("date", "the date is not a day of the calendar; write YYYY-MM-DD"))
        if visit is not None and (problem := visit_day_problem(visit, today)) is not None:
            problems.append(("date", problem))
    if not leaflets:
        problems.append(("leaflets", "a handout needs at least one leaflet; tick one or more"))
    if problems:  # the personal details are checked too, so every problem shows at once
        problems += _detail_problems(fields)
    spec = HandoutSpec(
        leaflets=tuple(leaflets),
        day=visit or today,
        today=today,
        notes=tuple(fields.pop("notes")),
        next_steps=tuple(fields.pop("next_steps")),
        **fields,
    )
    return spec, problems


def _detail_problems(fields: dict) -> list[tuple[str | None, str]]:
    """The problems of the personal details alone, as the handout checks them."""
    try:
        check_details(
            fields["patient"],
            (),
            None,
            doctor=fields["doctor"],
            notes=fields["notes"],
            next_steps=fields["next_steps"],
        )
    except LeafletPressError as error:
        found = [(field_of(p.message), p.message) for p in error.problems]
        problems = [(name, message) for name, message in found if name != "leaflets"]
    else:
        problems = []
    if fields.get("email"):  # an email draft's address, said with the rest
        try:
            check_email_address(fields["email"])
        except LeafletPressError as error:
            problems += [("email", p.message) for p in error.problems]
    return problems


def readiness(project, today: date) -> dict[str, dict[str, list[str]]]:
    """Each English leaflet's standing with the content checks, by slug: the rules whose
    errors refuse it (``errors``) and those that only warn (``warnings``). A hint for the
    doctor and for other systems; the gate decides again when a handout is asked for."""
    report = services.check(project, today=today)
    found: dict[str, dict[str, list[str]]] = {}
    for checked in report.files:
        if checked.kind != "leaflet" or checked.lang not in ("", "en"):
            continue
        standing = found.setdefault(checked.slug, {"errors": [], "warnings": []})
        for finding in checked.findings:
            key = {"error": "errors", "warning": "warnings"}.get(finding.level)
            if key and finding.rule not in standing[key]:
                standing[key].append(finding.rule)
    return found


def _busy(response) -> Response:
    """429 for a wrong key sent while another wrong key is still being slowed down."""
    response.status_code = 429
    response.headers["Retry-After"] = "1"
    return response


def _unauthorised(message: str):
    response = jsonify(problems=[{"field": None, "message": message}])
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="Leaflet Press"'
    return response


def _by_field(problems: list[tuple[str | None, str]]) -> dict[str | None, list[str]]:
    grouped: dict[str | None, list[str]] = {}
    for name, message in problems:
        grouped.setdefault(name, []).append(message)
    return grouped


def _problems(problems: list[tuple[str | None, str]], status: int):
    body = [{"field": name, "message": message} for name, message in problems]
    return jsonify(problems=body), status


def _download(outcome: Outcome, *, draft: bool) -> Response:
    """The PDF (or the email draft, with the PDF attached) as a download with a generic name."""
    if draft:
        name = outcome.filename.removesuffix(".pdf") + ".eml"
        body, kind = outcome.draft, "message/rfc822"
    else:
        name, body, kind = outcome.filename, outcome.pdf, "application/pdf"
    response = Response(body, mimetype=kind)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _rule() -> str:
    return request.url_rule.rule if request.url_rule else "(no such page)"

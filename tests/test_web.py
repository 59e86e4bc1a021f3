"""The web app (issue 20), through Flask's test client: every route, every field's
problem in the command line's words, the limits, the gate, forged forms and headers."""

from __future__ import annotations

import email
import email.policy
import logging

import pdffacts
import pytest
from conftest import TODAY, FixtureProject, front_matter, run
from webclient import (
    ADDRESS,
    DEFAULT_NAME,
    NEEDLES,
    NOTE_MARK,
    PATIENT,
    SECURITY_HEADERS,
    SURNAME,
    api_body,
    fill,
    token_of,
    web_project,
)

from leafletpress.web import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = web_project(tmp_path_factory.mktemp("web") / "project")
    return create_app(root, today=lambda: TODAY)


@pytest.fixture
def client(app):
    return app.test_client()


def save(tmp_path, data: bytes, name: str = "pack.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- pages ---------------------------------------------------------------------------


def test_the_home_page_links_to_the_handout_form(client):
    page = client.get("/")
    assert page.status_code == 200
    assert b'href="/handout"' in page.data


def test_the_form_lists_the_leaflets_and_brands_with_today_as_the_date(client):
    page = client.get("/handout")
    assert page.status_code == 200
    text = page.data.decode()
    for slug, title in [("overview", "Persistent pain after spine surgery")]:
        assert f'value="{slug}"' in text and title in text
    assert 'value="example-partner"' in text
    assert f'value="{TODAY.isoformat()}"' in text
    assert '<form method="post"' in text  # personal details never travel in a URL
    assert "<script>" not in text and "style=" not in text  # nothing inline: the CSP forbids it


def test_make_pdf_downloads_the_pack_under_a_generic_name(client, tmp_path):
    made = client.post("/handout", data=fill(client))
    assert made.status_code == 200, made.data[:2000]
    assert made.mimetype == "application/pdf"
    disposition = made.headers["Content-Disposition"]
    assert DEFAULT_NAME.search(disposition) and disposition.startswith("attachment;")
    text = pdffacts.text(save(tmp_path, made.data))
    assert PATIENT in text and NOTE_MARK in text and "Book the trial" in text
    assert "Spinal cord stimulation" in text
    headers = str(made.headers).lower()
    assert not any(needle in headers for needle in NEEDLES)


def test_email_draft_downloads_an_eml_with_the_pdf_attached(client):
    made = client.post("/handout", data=fill(client, action="eml", email=ADDRESS))
    assert made.status_code == 200, made.data[:2000]
    assert made.mimetype == "message/rfc822"
    assert ".eml" in made.headers["Content-Disposition"]
    message = email.message_from_bytes(made.data, policy=email.policy.default)
    assert message["To"] == ADDRESS
    [attached] = list(message.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    assert DEFAULT_NAME.fullmatch(attached.get_filename())


# Each problem, in the command line's words, beside the field it is about.
FIELD_PROBLEMS = [
    ({"patient": "Z" * 101}, "patient", "the patient's name is 101 characters long; 100 at most"),
    ({"patient": " "}, "patient", "the patient's name is empty; give the name as it prints"),
    (
        {"patient": "\U00013080\U00013081\U00013082"},  # Egyptian hieroglyphs: no packaged font
        "patient",
        "in the patient's name, the handout's typefaces cannot print 3 letters (not shown)",
    ),
    ({"doctor": "D" * 101}, "doctor", "the doctor's name is 101 characters long; 100 at most"),
    ({"notes": "n" * 2001}, "notes", "the notes are 2,001 characters long; 2,000 at most"),
    ({"next_steps": "\n".join("x" * 11)}, "next_steps", "there are 11 next steps; 10 at most"),
    ({"next_steps": "s" * 201}, "next_steps", "next step 1 is 201 characters long; 200 at most"),
    ({"date": "25/11/2026"}, "date", "the date is not written as YYYY-MM-DD"),
    ({"date": "2026-11-26"}, "date", "2026-11-26 is in the future; a handout records a visit"),
    ({"date": "2025-11-23"}, "date", "2025-11-23 is more than a year ago"),
    ({"leaflets": []}, "leaflets", "a handout needs at least one leaflet"),
    ({"leaflets": ["nope"]}, "leaflets", "unknown leaflet nope; known leaflets: overview"),
    ({"brand": "nope"}, "brand", "unknown brand nope; known brands: default, example-partner"),
    ({"edition": "huge"}, "edition", "unknown edition huge; use standard or large-print"),
    (
        {"action": "eml", "email": f"{SURNAME} at example"},
        "email",
        "the email address is not a single address like name@example.com",
    ),
    ({"action": "eml", "email": ""}, "email", "give the patient's email address"),
]


@pytest.mark.parametrize(("fields", "name", "message"), FIELD_PROBLEMS)
def test_a_problem_shows_beside_its_field_and_the_form_keeps_what_was_typed(
    client, fields, name, message
):
    answer = client.post("/handout", data=fill(client, **fields))
    assert answer.status_code == 422
    assert answer.mimetype == "text/html"
    page = answer.data.decode()
    beside = page.split(f'id="{name}-error"', 1)[1].split("</p>", 1)[0]
    assert message.replace("'", "&#39;") in beside
    typed = fill(client, **fields)
    if name != "notes":
        assert NOTE_MARK in page  # the notes as typed
    if name not in ("patient",):
        assert f'value="{PATIENT}"' in page
    assert 'value="overview"' in page
    for slug in typed["leaflets"]:
        if slug != "nope":
            assert f'value="{slug}" id="leaflet-{slug}"\n               checked' in page


def test_every_problem_is_shown_at_once(client):
    answer = client.post(
        "/handout", data=fill(client, patient="Z" * 101, notes="n" * 2001, date="soon")
    )
    assert answer.status_code == 422
    assert answer.data.count(b'class="field-error"') == 3


def test_a_form_without_its_token_is_refused_as_forged(client, app):
    data = fill(client)
    del data["csrf_token"]
    answer = client.post("/handout", data=data)
    assert answer.status_code == 403 and answer.mimetype == "text/html"
    assert b"not sent from this page" in answer.data


def test_a_form_sent_from_another_browser_is_refused_as_forged(app):
    """The token belongs to the cookie it was issued with: another visitor's fails."""
    mine, theirs = app.test_client(), app.test_client()
    data = fill(mine)
    theirs.get("/handout")  # a cookie of its own
    answer = theirs.post("/handout", data=data)
    assert answer.status_code == 403


def test_a_cookie_the_server_did_not_make_is_never_adopted(app):
    """Cookie tossing: a page on another port of this computer sets the form cookie to a
    value it chose and fetches the token for it; the server replaces that value."""
    attacker, victim = app.test_client(), app.test_client()
    attacker.set_cookie("leafletpress_form", "attacker-chosen")
    page = attacker.get("/handout")
    assert "leafletpress_form=attacker-chosen" not in page.headers["Set-Cookie"]
    data = fill(app.test_client())
    data["csrf_token"] = token_of(page.data)
    victim.set_cookie("leafletpress_form", "attacker-chosen")
    answer = victim.post("/handout", data=data)
    assert answer.status_code == 403 and answer.mimetype == "text/html"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site"},
        {"Origin": "http://localhost:9999"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_post_from_another_origin_is_refused_even_with_a_good_token(app, headers):
    client = app.test_client()
    data = fill(client)
    answer = client.post("/handout", data=data, headers=headers)
    assert answer.status_code == 403 and b"from another site" in answer.data
    assert answer.headers["X-Frame-Options"] == "DENY"
    api = client.post("/api/handout", json=api_body(), headers=headers)
    assert api.status_code == 403


def test_a_post_from_this_very_origin_is_accepted(client):
    headers = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    made = client.post("/handout", data=fill(client), headers=headers)
    assert made.status_code == 200 and made.mimetype == "application/pdf"


def test_the_form_cookie_is_httponly_and_samesite_strict(client):
    cookie = client.get("/handout").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize(
    "path", ["/", "/handout", "/api/leaflets", "/healthz", "/static/style.css", "/no-such-page"]
)
def test_every_response_carries_the_security_headers(client, path):
    answer = client.get(path)
    for header, value in SECURITY_HEADERS.items():
        assert answer.headers[header] == value
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_security_headers_are_on_a_handout_and_on_a_refusal_too(client):
    for answer in (
        client.post("/api/handout", json=api_body()),
        client.post("/api/handout", json=api_body(patient="")),
    ):
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


# -- the JSON API ------------------------------------------------------------------------


def test_the_api_lists_what_can_be_handed_out(client):
    listing = client.get("/api/leaflets").get_json()
    first = listing["leaflets"][0]
    assert set(first) >= {"slug", "title", "code", "reviewed", "next_review", "ready", "warnings"}
    assert [x["slug"] for x in listing["leaflets"]][:1] == ["overview"]
    assert {"name": "default", "title": "Total Pain Specialist"} in listing["brands"]


def test_healthz_answers_once_the_app_can_render(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.get_json() == {"status": "ready"}


def test_the_api_makes_a_pdf(client, tmp_path):
    made = client.post("/api/handout", json=api_body())
    assert made.status_code == 200 and made.mimetype == "application/pdf"
    assert DEFAULT_NAME.search(made.headers["Content-Disposition"])
    assert PATIENT in pdffacts.text(save(tmp_path, made.data))


def test_the_api_makes_an_email_draft_when_given_an_address(client):
    made = client.post("/api/handout", json=api_body(email=ADDRESS))
    assert made.status_code == 200 and made.mimetype == "message/rfc822"
    assert email.message_from_bytes(made.data)["To"] == ADDRESS


API_PROBLEMS = [
    (fields if name != "next_steps" else {"next_steps": fields["next_steps"].split("\n")}, name, m)
    for fields, name, m in FIELD_PROBLEMS
    if "action" not in fields and name not in ("notes",)
] + [
    ({"notes": ["n" * 1500, "n" * 501]}, "notes", "the notes are 2,001 characters long"),
    ({"email": f"{SURNAME} at example"}, "email", "the email address is not a single address"),
    ({"patient": None}, "patient", "the patient's name is missing"),
    ({"notes": "one note"}, "notes", "notes must be a list of texts"),
    ({"leaflets": "overview"}, "leaflets", "leaflets must be a list of texts"),
    ({"patient": 7}, "patient", "patient must be a text"),
    ({"colour": "red"}, "colour", "unknown field colour; known fields: leaflets, patient"),
    # full-width digits are not the YYYY-MM-DD a doctor is asked for (\\d would take them)
    (
        {"date": "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff12\uff15"},
        "date",
        "not written as YYYY-MM-DD",
    ),
]


@pytest.mark.parametrize(("fields", "name", "message"), API_PROBLEMS)
def test_the_api_answers_422_naming_the_field_in_the_command_lines_words(
    client, fields, name, message
):
    answer = client.post("/api/handout", json=api_body(**fields))
    assert answer.status_code == 422, answer.data[:500]
    problems = answer.get_json()["problems"]
    assert any(p["field"] == name and message in p["message"] for p in problems), problems
    assert not any(needle in answer.data.decode().lower() for needle in NEEDLES)


def test_the_api_wants_json(client):
    answer = client.post("/api/handout", data={"patient": PATIENT})
    assert answer.status_code == 415
    assert "Content-Type: application/json" in answer.get_json()["problems"][0]["message"]
    broken = client.post("/api/handout", data="{", content_type="application/json")
    assert broken.status_code == 400
    assert broken.get_json()["problems"][0]["field"] is None


def test_json_nested_too_deep_to_parse_is_400_not_a_crash(client):
    deep = client.post("/api/handout", data="[" * 20_000, content_type="application/json")
    assert deep.status_code == 400, deep.data[:300]
    assert "not a JSON object" in deep.get_json()["problems"][0]["message"]


@pytest.mark.parametrize("path", ["/api/handout", "/handout"])
def test_a_body_over_the_command_lines_limit_is_refused_with_413(client, path):
    body = api_body(notes=["n" * 70_000])
    answer = (
        client.post(path, json=body)
        if path.startswith("/api")
        else client.post(path, data=fill(client, notes="n" * 70_000))
    )
    assert answer.status_code == 413
    assert b"larger than 64 KB" in answer.data
    assert answer.headers["Cache-Control"] == "no-store"


# -- the gate ------------------------------------------------------------------------------


def test_a_leaflet_the_gate_refuses_is_refused_here_in_the_same_words(tmp_path):
    project = FixtureProject(tmp_path / "project")
    project.leaflet(
        "sample",
        front_matter(next_review="2020-01-01", reviewed="2019-01-01") + "\n## A heading\n\nText.\n",
    )
    client = create_app(project.root, today=lambda: TODAY).test_client()
    answer = client.post("/api/handout", json=api_body(leaflets=["sample"]))
    assert answer.status_code == 422
    messages = [p["message"] for p in answer.get_json()["problems"]]
    said = run(
        "handout",
        "sample",
        "--patient",
        PATIENT,
        "-o",
        str(tmp_path / "x.pdf"),
        project=project.root,
    ).stderr
    assert messages[0].startswith("no handout made: these leaflets must be reviewed")
    assert f"Error: {messages[0]}" in said
    assert any("governance-next-review" in message for message in messages)
    page = client.post("/handout", data=fill(client, leaflets=["sample"]))
    assert page.status_code == 422 and b"no handout made" in page.data


def test_the_form_and_the_listing_say_beforehand_what_the_gate_will_refuse(tmp_path):
    project = FixtureProject(tmp_path / "project")
    project.leaflet(
        "sample",
        front_matter(next_review="2020-01-01", reviewed="2019-01-01") + "\n## A heading\n\nText.\n",
    )
    project.leaflet("fine", front_matter(code="TEST-02") + "\n## A heading\n\nText.\n")
    client = create_app(project.root, today=lambda: TODAY).test_client()
    listed = {x["slug"]: x for x in client.get("/api/leaflets").get_json()["leaflets"]}
    assert listed["sample"]["ready"] is False
    assert "governance-next-review" in listed["sample"]["refused_by"]
    assert listed["fine"]["ready"] is True and listed["fine"]["refused_by"] == []
    page = client.get("/handout").data.decode()
    beside = page.split('id="leaflet-sample"', 1)[1].split("</li>", 1)[0]
    assert "Not handed out until fixed: governance-next-review" in beside
    assert "Not handed out" not in page.split('id="leaflet-fine"', 1)[1].split("</li>", 1)[0]


# -- what is logged -----------------------------------------------------------------------


def test_the_access_log_has_method_route_status_and_time_only(client, caplog):
    with caplog.at_level(logging.INFO, logger="leafletpress.web"):
        client.post("/api/handout", json=api_body())
        client.post("/handout", data=fill(client, patient="Z" * 101))
        client.get(f"/handout?patient={SURNAME}")
        client.get(f"/{SURNAME}")
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0].startswith("POST /api/handout 200 ")
    assert "GET /handout 200" in lines[-2] and "GET (no such page) 404" in lines[-1]
    assert not any(needle in line.lower() for line in lines for needle in NEEDLES)


def test_a_crash_gives_500_with_one_line_and_logs_no_personal_detail(tmp_path, caplog):
    def crash(spec):
        raise RuntimeError(f"broke on {spec.patient}")

    root = web_project(tmp_path / "project")
    client = create_app(root, maker=crash, today=lambda: TODAY).test_client()
    with caplog.at_level(logging.INFO, logger="leafletpress.web"):
        answer = client.post("/api/handout", json=api_body())
    assert answer.status_code == 500
    [problem] = answer.get_json()["problems"]
    assert "\n" not in problem["message"] and "bug" in problem["message"]
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged and SURNAME not in logged


# -- the serve command -------------------------------------------------------------------


def test_serve_refuses_to_listen_beyond_this_computer_without_a_key():
    result = run("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert "can be reached from other computers" in line


def test_serve_says_in_one_line_when_the_port_is_taken():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--workers", "1")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port"
    )


def test_the_command_line_loads_no_web_framework_until_serve_runs():
    import subprocess
    import sys

    probe = (
        "import sys, leafletpress.cli; "
        "print(' '.join(m for m in ('flask', 'waitress', 'werkzeug') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.split() == []


@pytest.mark.parametrize("path", ["/handout", "/api/leaflets"])
def test_without_a_key_the_app_answers_only_to_a_loopback_name(app, path):
    """A page on another site that points its own name at 127.0.0.1 (DNS rebinding)."""
    stranger = app.test_client().get(path, base_url="http://rebound.example:8000/")
    assert stranger.status_code == 400
    assert b"serves this computer only" in stranger.data
    for name in ("127.0.0.1:8000", "localhost", "[::1]:8000"):
        assert app.test_client().get(path, base_url=f"http://{name}/").status_code == 200


def test_a_bad_email_address_is_said_with_the_other_problems(client):
    answer = client.post(
        "/api/handout",
        json={"leaflets": [], "patient": " ", "email": "meiling.tan@"},
    )
    assert answer.status_code == 422
    fields = {problem["field"] for problem in answer.get_json()["problems"]}
    assert {"leaflets", "patient", "email"} <= fields


@pytest.mark.parametrize(
    ("reviewer", "label"), [("Awaiting clinical review", "updated"), ("Dr A. Tan", "reviewed")]
)
def test_the_form_dates_a_leaflet_as_its_about_table_does(tmp_path, reviewer, label):
    project = FixtureProject(tmp_path / "project")
    project.leaflet("sample", front_matter(reviewer=f'"{reviewer}"') + "\n## A heading\n\nText.\n")
    page = create_app(project.root, today=lambda: TODAY).test_client().get("/handout")
    assert f"TEST-01, {label} 2026-11-01" in page.get_data(as_text=True)

"""The web app as it runs for real (issue 20): the serve command over HTTP and stopped with
SIGTERM, leaving no trace of the patient; worker processes, eight patients at once, a
crashed render; and the access key that lets it serve other computers."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdffacts
import pytest
from conftest import ROOT, TODAY, FixtureProject, run
from webclient import (
    DEFAULT_NAME,
    NEEDLES,
    NOTE_MARK,
    PATIENT,
    SURNAME,
    api_body,
    crash_on_a_patient,
    fill,
    token_of,
    traces,
    web_project,
)

from leafletpress import fonts
from leafletpress.web import create_app
from leafletpress.web.safety import AccessKey, read_access_key
from leafletpress.web.server import check_host
from leafletpress.web.workers import Pool

KEY = "correct-horse-battery-staple-42"


def readme_curl() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Web app", 1)[1].split("\n## ", 1)[0]
    [command] = [c for c in re.findall(r"```sh\n(.+?)\n```", section, re.S) if "curl" in c]
    return command


def wait_ready(pool: Pool) -> Pool:
    deadline = time.monotonic() + 60
    while not pool.ready():
        assert time.monotonic() < deadline, "no worker became ready"
        time.sleep(0.05)
    return pool


# -- the real command ------------------------------------------------------------------------


def test_serve_makes_handouts_over_http_stops_on_sigterm_and_leaves_no_trace(tmp_path):
    root = web_project(tmp_path / "project")
    home, cache, temp, work = (tmp_path / name for name in ("home", "cache", "tmp", "work"))
    for folder in (home, cache, temp, work):
        folder.mkdir()
    # The faces the session already cut (conftest), so this server does not spend 20 s
    # cutting them again: what is looked for here is the patient, not the fonts.
    shutil.copytree(fonts.cache_dir(), cache / "leafletpress" / "fonts")
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache), "TMPDIR": str(temp)}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--project", str(root), "serve"]
        + ["--port", "0", "--workers", "1"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        first = server.stdout.readline().decode()
        address = re.search(r"http://127\.0\.0\.1:(\d+)/", first).group(0)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(address + "healthz") as answer:
                    break
            except urllib.error.HTTPError as starting:
                assert starting.code == 503 and time.monotonic() < deadline
                time.sleep(0.1)
        headers = []
        # The API,
        request = urllib.request.Request(
            address + "api/handout",
            data=json.dumps(api_body()).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as answer:
            api_pdf = answer.read()
            headers.append(str(answer.headers))
        # the form, as a browser fills it in (its cookie and token included),
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(address + "handout") as page:
            fields = fill(_PageClient(page.read()))
        with browser.open(
            address + "handout", urllib.parse.urlencode(fields, True).encode()
        ) as answer:
            form_pdf = answer.read()
            headers.append(str(answer.headers))
            assert DEFAULT_NAME.search(answer.headers["Content-Disposition"])
        # and the README's curl example, as written but for the port.
        if shutil.which("curl"):
            command = readme_curl().replace("http://127.0.0.1:8000/", address)
            subprocess.run(shlex.split(command), cwd=work, check=True, timeout=60)
            assert "Tan Mei Ling" in pdffacts.text(work / "pack.pdf")
            (work / "pack.pdf").unlink()
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert err.decode().splitlines()[-1] == "Stopped."
    for pdf in (api_pdf, form_pdf):
        saved = tmp_path / "pack.pdf"
        saved.write_bytes(pdf)
        assert PATIENT in pdffacts.text(saved) and NOTE_MARK in pdffacts.text(saved)
        saved.unlink()
    # The patient is in the PDFs, and nowhere else: not in what the server printed
    # (one line per request: method, route, status, time), nor in a response header,
    printed = (out + err).decode()
    assert not any(needle in printed.lower() for needle in NEEDLES)
    assert re.search(r"^POST /api/handout 200 \d+\.\d\d s$", printed, re.M)
    assert not any(needle in "".join(headers).lower() for needle in NEEDLES)
    # nor on disk: the project, the home folder, the cache, the temporary folder.
    assert traces([root, home, cache, temp, work]) == []
    assert traces([ROOT], skip=frozenset({ROOT / ".venv", ROOT / ".git"})) == []


class _PageClient:
    """Gives ``fill`` the form page a real browser fetched."""

    def __init__(self, page: bytes):
        self.page = page

    def get(self, _path):
        return type("Page", (), {"data": self.page})()


# -- worker processes --------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project with one short leaflet, quick to render, and a brand with a phone number."""
    made = FixtureProject(tmp_path_factory.mktemp("serve") / "project")
    made.valid_leaflet("sample")
    return made.root


def short(**fields) -> dict:
    return api_body(leaflets=["sample"], **fields)


def test_eight_patients_at_once_each_get_only_their_own_name(project, tmp_path):
    pool = wait_ready(Pool(project, 2))
    try:
        app = create_app(project, maker=pool, today=lambda: TODAY)
        names = [f"Patient{SURNAME}{letter}" for letter in "ABCDEFGH"]

        def make(name: str) -> bytes:
            body = short(patient=name, notes=[f"For {name} alone."])
            answer = app.test_client().post("/api/handout", json=body)
            assert answer.status_code == 200, answer.data[:300]
            return answer.data

        with ThreadPoolExecutor(8) as threads:
            pdfs = list(threads.map(make, names))
    finally:
        pool.close()
    for name, pdf in zip(names, pdfs, strict=True):
        path = tmp_path / f"{name[-1]}.pdf"
        path.write_bytes(pdf)
        text = pdffacts.text(path)
        assert [other for other in names if other in text] == [name]


def test_a_crashed_render_gives_500_in_one_line_and_the_worker_is_replaced(project):
    pool = wait_ready(Pool(project, 1, target=crash_on_a_patient))
    try:
        client = create_app(project, maker=pool, today=lambda: TODAY).test_client()
        crashed = client.post("/api/handout", json=short(patient="Crash Now"))
        assert crashed.status_code == 500
        [problem] = crashed.get_json()["problems"]
        assert problem["message"].startswith("the renderer stopped while making this handout")
        page = client.post("/handout", data=fill(client, patient="Crash Now", leaflets=["sample"]))
        assert page.status_code == 500 and b"the renderer stopped" in page.data
        again = client.post("/api/handout", json=short())
        assert again.status_code == 200 and again.mimetype == "application/pdf"
    finally:
        pool.close()


# -- the access key ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keyed(project):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AccessKey, "WRONG_KEY_DELAY", 0.3)
        yield create_app(project, today=lambda: TODAY, access_key=AccessKey(KEY))


def test_without_a_key_only_loopback_is_served():
    check_host("127.0.0.1", None)
    check_host("::1", None)
    check_host("localhost", None)
    result = run("serve", "--host", "192.168.1.20")
    assert result.exit_code == 2
    assert "give --access-key-file FILE as well" in result.stderr
    check_host("0.0.0.0", AccessKey(KEY))  # with a key, any address


def test_the_api_wants_the_key_as_a_bearer_and_a_wrong_one_is_slowed(keyed):
    client = keyed.test_client()
    missing = client.get("/api/leaflets")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    started = time.monotonic()
    wrong = client.get("/api/leaflets", headers={"Authorization": "Bearer not-the-key"})
    assert wrong.status_code == 401 and time.monotonic() - started >= 0.3
    right = client.get("/api/leaflets", headers={"Authorization": f"Bearer {KEY}"})
    assert right.status_code == 200
    made = client.post("/api/handout", json=short(), headers={"Authorization": f"Bearer {KEY}"})
    assert made.status_code == 200 and made.mimetype == "application/pdf", made.data[:500]
    assert client.get("/healthz").status_code == 200  # says only "ready"


def test_wrong_keys_never_queue_and_a_right_key_never_waits_behind_them(project):
    """While one wrong key is being slowed down, others get 429 at once (Retry-After,
    security headers on) instead of holding the server's threads; a right key is let in."""
    import threading

    waiting, release = threading.Event(), threading.Event()

    def held(_seconds):
        waiting.set()
        release.wait(5)

    app = create_app(project, today=lambda: TODAY, access_key=AccessKey(KEY, sleep=held))
    wrong = {"Authorization": "Bearer not-the-key"}
    first: list = []
    slowed = threading.Thread(
        target=lambda: first.append(app.test_client().get("/api/leaflets", headers=wrong))
    )
    slowed.start()
    try:
        assert waiting.wait(5)
        client = app.test_client()
        for _ in range(3):
            busy = client.get("/api/leaflets", headers=wrong)
            assert busy.status_code == 429 and busy.headers["Retry-After"] == "1"
            assert busy.headers["X-Frame-Options"] == "DENY"
        page = client.get("/signin")
        signin = client.post("/signin", data={"csrf_token": token_of(page.data), "key": "guess"})
        assert signin.status_code == 429 and b"wait a second" in signin.data
        right = client.get("/api/leaflets", headers={"Authorization": f"Bearer {KEY}"})
        assert right.status_code == 200
    finally:
        release.set()
        slowed.join(5)
    assert first[0].status_code == 401


def test_a_browser_signs_in_once_and_gets_a_strict_httponly_cookie(keyed):
    client = keyed.test_client()
    sent_away = client.get("/handout")
    assert sent_away.status_code == 303 and sent_away.headers["Location"].endswith("/signin")
    page = client.get("/signin")
    token = token_of(page.data)
    started = time.monotonic()
    wrong = client.post("/signin", data={"csrf_token": token, "key": "guess"})
    assert wrong.status_code == 401 and time.monotonic() - started >= 0.3
    right = client.post("/signin", data={"csrf_token": token, "key": KEY})
    assert right.status_code == 303
    cookie = right.headers["Set-Cookie"]
    assert cookie.startswith("leafletpress_key=") and KEY not in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/handout").status_code == 200
    made = client.post("/handout", data=fill(client, leaflets=["sample"]))
    assert made.status_code == 200 and made.mimetype == "application/pdf"


def test_a_forged_or_foreign_cookie_does_not_sign_in(keyed, project):
    client = keyed.test_client()
    client.set_cookie("leafletpress_key", "99999999999.0000")
    assert client.get("/handout").status_code == 303
    other = AccessKey("another-key-of-enough-length").cookie()
    client.set_cookie("leafletpress_key", other)
    assert client.get("/handout").status_code == 303
    expired = AccessKey(KEY).cookie(now=time.time() - AccessKey.LIFETIME_SECONDS - 1)
    client.set_cookie("leafletpress_key", expired)
    assert client.get("/handout").status_code == 303


def test_the_key_file_must_be_yours_only_and_long(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o644)
    result = run("serve", "--host", "0.0.0.0", "--access-key-file", str(key_file))
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert "can be read or changed by other users of this computer" in line
    assert "chmod 600" in line
    key_file.chmod(0o600)
    assert read_access_key(key_file) == KEY
    key_file.write_text("short")
    result = run("serve", "--access-key-file", str(key_file))
    assert result.exit_code == 2 and "shorter than 16 characters" in result.stderr
    key_file.write_bytes(bytes(range(0x80, 0x90)))  # 16 bytes that are no UTF-8 at all
    result = run("serve", "--access-key-file", str(key_file))
    assert result.exit_code == 2 and "is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
    key_file.write_text("a" * 40 + "\n")
    result = run("serve", "--access-key-file", str(key_file))
    assert result.exit_code == 2 and "has 1 different characters" in result.stderr
    key_file.write_text(KEY + "\n" + KEY + "\n")  # a sign-in field takes one line only
    result = run("serve", "--access-key-file", str(key_file))
    assert result.exit_code == 2 and "holds more than one line" in result.stderr


def test_keys_are_compared_in_constant_time_as_digests():
    """Both sides become SHA-256 digests compared by hmac.compare_digest: the time taken
    does not depend on how much of the key was guessed, nor on its length."""
    key = AccessKey(KEY)
    assert key.matches(KEY) and not key.matches(KEY[:-1]) and not key.matches(None)
    assert not key.matches(KEY + "x") and not key.matches("")


def test_every_body_stays_in_memory_and_idle_connections_are_closed_soon(project):
    """waitress spools a body over inbuf_overflow (and an answer over outbuf_overflow) to
    a temporary file: a patient's name on the disk. Every body waitress accepts, and any
    handout, stays under those; a half-sent request is closed after seconds, not minutes."""
    from leafletpress.web.server import make_server

    app = create_app(project, today=lambda: TODAY, maker=lambda spec: None)
    server = make_server(app, "127.0.0.1", 0)
    try:
        adj = server.adj
        assert adj.max_request_body_size < adj.inbuf_overflow
        assert adj.outbuf_overflow >= 64 * 1024 * 1024
        assert adj.channel_timeout <= 15 and adj.cleanup_interval <= 5
        assert adj.connection_limit >= 100
    finally:
        server.close()

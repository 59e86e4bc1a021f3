"""What keeps the web app safe: security headers, forged-form protection, the access key.

Forged forms (CSRF): the browser's Origin and Sec-Fetch-Site headers, a SameSite=Strict
cookie and a token. A POST whose Origin is another origin (another port of this computer
included, which SameSite does not count as another site) is refused. The form page sets
a random cookie signed by the server (a value it did not make is replaced, never
adopted) and puts, in a hidden field, an HMAC of that cookie under a secret made when the
server starts; a form is accepted only when both arrive and agree. No session is kept on
the server (the app holds no state), which is why a signed token is used rather than one
stored per visitor. The JSON API takes no cookie-borne form: it asks for
``Content-Type: application/json``, which no other origin's page can send without this
app agreeing to it (a CORS preflight that is never answered).

The access key (``AccessKey``) is what lets the app serve other computers: see its
docstring and the README's Web app section.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

CSRF_COOKIE = "leafletpress_form"
CSRF_FIELD = "csrf_token"

# No inline script or style anywhere: every script and stylesheet is a file of ours.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # Nothing the app sends may be kept: a handout is personal, and so is a form with errors.
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
}


class FormGuard:
    """Issues and checks the tokens that prove a form was sent from this app's own page."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def new_cookie(self) -> str:
        """A random value signed by this server: a value set by anyone else (a cookie
        tossed in by a page on another port of this computer) is never adopted."""
        value = secrets.token_urlsafe(24)
        return f"{value}.{self._sign(b'cookie:' + value.encode())}"

    def cookie_ours(self, cookie: str | None) -> bool:
        """Whether ``cookie`` is one this server issued (its signature checks out)."""
        if not cookie or "." not in cookie:
            return False
        value, signature = cookie.rsplit(".", 1)
        expected = self._sign(b"cookie:" + value.encode("utf-8", "replace"))
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))

    def token(self, cookie: str) -> str:
        return self._sign(b"token:" + cookie.encode("utf-8", "replace"))

    def valid(self, cookie: str | None, token: str | None) -> bool:
        """Whether ``cookie`` is ours and ``token`` the one issued for it (compared in
        constant time)."""
        if not cookie or not token or not self.cookie_ours(cookie):
            return False
        return hmac.compare_digest(self.token(cookie).encode(), token.encode("utf-8", "replace"))

    def _sign(self, text: bytes) -> str:
        return hmac.new(self.secret, text, hashlib.sha256).hexdigest()


def same_origin(host: str, origin: str | None, fetch_site: str | None) -> bool:
    """Whether a POST comes from this app's own pages, as the browser tells: its
    ``Sec-Fetch-Site`` (when sent) is ``same-origin`` (or ``none``, typed by the user), and
    its ``Origin`` (when sent) names this very host and port. A page on another port of
    this computer is same-site, so SameSite cookies alone do not stop it; this does.
    Clients that send neither (curl, scripts) are judged by the token or the key alone.
    The scheme is not compared: behind a TLS proxy the app sees plain HTTP."""
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return False
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


# -- the access key ------------------------------------------------------------------

ACCESS_COOKIE = "leafletpress_key"
MIN_KEY_LENGTH = 16
# A random key of 16 URL-safe characters has about 14 different ones; 8 refuses a key
# of one or two repeated characters ("aaaaaaaaaaaaaaaa", "abababab...") but no real one.
MIN_DISTINCT_CHARACTERS = 8
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))" > FILE'


class AccessKey:
    """The key other computers must give: a browser signs in once and gets a signed
    cookie (HttpOnly, SameSite=Strict, for a working day); an API client sends
    ``Authorization: Bearer KEY``. Keys are compared in constant time, and a wrong one
    is answered only after WRONG_KEY_DELAY, one at a time (others meanwhile get 429 at
    once), so guessing is slow."""

    LIFETIME_SECONDS = 12 * 3600  # a clinic's working day: sign in once a morning
    WRONG_KEY_DELAY = 1.0

    def __init__(self, key: str, *, sleep=time.sleep):
        self._digest = hashlib.sha256(key.encode()).digest()
        # Cookies are signed with a secret drawn from the key: they outlive a restart of
        # the server, and a new key signs everyone out.
        self._signing = hmac.new(key.encode(), b"leafletpress sign-in cookie", "sha256").digest()
        self._slow = threading.Lock()
        self._sleep = sleep  # tests pass one they control

    def matches(self, given: str | None) -> bool:
        """Whether ``given`` is the key, compared in constant time (as digests, so even
        the key's length does not show)."""
        if given is None:
            return False
        given_digest = hashlib.sha256(given.encode("utf-8", "replace")).digest()
        return hmac.compare_digest(given_digest, self._digest)

    def cookie(self, now: float | None = None) -> str:
        expires = str(int((now or time.time()) + self.LIFETIME_SECONDS))
        return f"{expires}.{self._sign(expires)}"

    def cookie_valid(self, value: str | None, now: float | None = None) -> bool:
        if not value or "." not in value:
            return False
        expires, signature = value.split(".", 1)
        if not hmac.compare_digest(
            self._sign(expires).encode(), signature.encode("utf-8", "replace")
        ):
            return False
        return expires.isdigit() and int(expires) > (now or time.time())

    def _sign(self, text: str) -> str:
        return hmac.new(self._signing, text.encode(), hashlib.sha256).hexdigest()

    def slow_down(self) -> bool:
        """Wait WRONG_KEY_DELAY before saying a key is wrong, in one request thread at a
        time: True once waited. While another wrong key is already waiting, False at once
        (answer 429): wrong keys never queue up in the server's threads, so a right key
        never waits behind them."""
        if not self._slow.acquire(blocking=False):
            return False
        try:
            self._sleep(self.WRONG_KEY_DELAY)
        finally:
            self._slow.release()
        return True


def read_access_key(path: Path) -> str:
    """The key in the file at ``path``: yours only, and long enough to resist guessing.

    Raises LeafletPressError naming the file and what to do.
    """
    from ..errors import LeafletPressError, Problem

    try:
        status = os.stat(path)
    except OSError as error:
        raise LeafletPressError(Problem(path, f"cannot be read: {error.strerror}")) from None
    if not stat.S_ISREG(status.st_mode):
        raise LeafletPressError(Problem(path, "is not a regular file; put the access key in one"))
    if os.name == "posix" and status.st_mode & 0o077:
        raise LeafletPressError(
            Problem(
                path,
                "can be read or changed by other users of this computer; make it yours "
                f"only: chmod 600 {path}",
            )
        )
    try:
        key = path.read_bytes().decode("utf-8").strip()
    except UnicodeDecodeError:
        raise LeafletPressError(
            Problem(path, f"is not UTF-8 text; make a key of letters and digits: {MAKE_A_KEY}")
        ) from None
    except OSError as error:
        raise LeafletPressError(Problem(path, f"cannot be read: {error.strerror}")) from None
    if len(key.splitlines()) > 1:
        raise LeafletPressError(
            Problem(path, "holds more than one line; put the access key alone on one line")
        )
    if len(key) < MIN_KEY_LENGTH:
        raise LeafletPressError(
            Problem(
                path,
                f"the access key is shorter than {MIN_KEY_LENGTH} characters; make a long "
                f"random one: {MAKE_A_KEY}",
            )
        )
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        raise LeafletPressError(
            Problem(
                path,
                f"the access key has {len(set(key))} different characters; a guessable key "
                f"(like aaaaaaaaaaaaaaaa) is refused: make a random one: {MAKE_A_KEY}",
            )
        )
    return key

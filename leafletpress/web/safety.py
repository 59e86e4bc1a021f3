"""What keeps the web app safe: security headers, forged-form protection, the access key.

Forged forms (CSRF): a SameSite=Strict cookie plus a token. The form page sets a random
cookie and puts, in a hidden field, an HMAC of that cookie under a secret made when the
server starts; a form is accepted only when both arrive and agree. A browser sends a
SameSite=Strict cookie only with requests that start on this site, and another site can
neither read the cookie nor compute the token, so a forged form fails twice over. No
session is kept on the server (the app holds no state), which is why a signed token is
used rather than one stored per visitor. The JSON API takes no cookie-borne form: it
asks for ``Content-Type: application/json``, which no other site's page can send
without this app agreeing to it (a CORS preflight that is never answered).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

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

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(24)

    def token(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def valid(self, cookie: str | None, token: str | None) -> bool:
        """Whether ``token`` is the one issued for ``cookie`` (compared in constant time)."""
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token(cookie).encode(), token.encode("utf-8", "replace"))

"""Running the web app: waitress (a production server, pure Python, so it runs on a
clinic's Windows PC too), bound to this computer's loopback address unless an access
key is set, stopped cleanly by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import signal
import sys
from collections.abc import Callable, Iterator

from ..errors import RequestError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# HTTP threads: each waits for a render (or a worker) without holding the others up.
THREADS = 8
# Seconds a connection may send nothing before it is closed (waitress's default is 120).
CHANNEL_TIMEOUT = 10
# Connections open at once (waitress's default is 100); more wait for one to close.
CONNECTION_LIMIT = 200


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer's own address, which no other computer reaches."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, access_key: object | None) -> None:
    """Refuse, in one line, to serve other computers without an access key."""
    if access_key is None and not is_loopback(host):
        raise RequestError(
            f"{host} can be reached from other computers, and the handout form takes "
            "patients' details: give --access-key-file FILE as well (see the README's "
            "Web app section), or leave out --host to serve this computer only",
            "--host",
        )


@contextlib.contextmanager
def quiet_logging(stream=None) -> Iterator[None]:
    """While the server runs: the access log (method, route, status, time) and one-line
    errors on stderr, and nothing else: waitress's and Flask's own loggers never print
    a request's body or query. Logging is as it was afterwards."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    web = logging.getLogger("leafletpress.web")
    others = [logging.getLogger(name) for name in ("waitress", "werkzeug", "flask.app")]
    saved = (web.handlers[:], web.level, web.propagate, [other.level for other in others])
    web.handlers[:] = [handler]
    web.setLevel(logging.INFO)
    web.propagate = False
    for other in others:
        other.setLevel(logging.ERROR)
    try:
        yield
    finally:
        web.handlers[:], level, web.propagate, levels = saved
        web.setLevel(level)
        for other, previous in zip(others, levels, strict=True):
            other.setLevel(previous)


def make_server(app, host: str, port: int):
    """The waitress server for ``app``, bound to ``host``:``port`` (not yet serving)."""
    from waitress.server import create_server

    from .app import MAX_BODY_BYTES

    largest_body = MAX_BODY_BYTES * 4
    return create_server(
        app,
        host=host,
        port=port,
        threads=THREADS,
        ident="",
        # The app answers a body over its limit with 413 and its headers; waitress
        # stops one four times larger, before reading it. Every body stays in memory:
        # waitress spools one over inbuf_overflow to a temporary file, which would put
        # a patient's name on the disk.
        max_request_body_size=largest_body,
        inbuf_overflow=largest_body * 2,
        # So does every answer (a handout of many leaflets can pass waitress's 1 MB).
        outbuf_overflow=64 * 1024 * 1024,
        # A connection that sends nothing (a half-sent request) is closed after
        # CHANNEL_TIMEOUT seconds, checked every 2 s: a few clinic PCs need no more,
        # and a flood of half-open connections holds the server for seconds, not minutes.
        channel_timeout=CHANNEL_TIMEOUT,
        cleanup_interval=2,
        connection_limit=CONNECTION_LIMIT,
        expose_tracebacks=False,
        clear_untrusted_proxy_headers=True,
    )


def serve(app, host: str, port: int, *, announce: Callable[[str], None], on_stop=None) -> None:
    """Serve ``app`` on ``host``:``port`` until Ctrl-C or SIGTERM; then stop cleanly.

    ``announce`` is told the address once the port is open (port 0 picks a free one).
    Raises OSError when the address cannot be used (a port in use).
    """
    server = make_server(app, host, port)

    def stop(signum, _frame):
        raise SystemExit(0)  # waitress's loop ends on SystemExit, and closes down

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        bound = str(getattr(server, "effective_host", host))
        shown = f"[{bound}]" if ":" in bound else bound
        announce(f"http://{shown}:{getattr(server, 'effective_port', port)}/")
        server.run()  # returns on Ctrl-C (KeyboardInterrupt) or SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        if on_stop is not None:
            on_stop()

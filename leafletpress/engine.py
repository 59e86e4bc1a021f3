"""The PDF engine: WeasyPrint set up once per process, then many renders, safe in threads.

An Engine belongs to one project and keeps what costs most to make (the font
configuration, the URL fetcher, parsed stylesheets), so later PDFs render far faster
than the first. WeasyPrint is imported only when the first PDF is made, so commands
that render nothing stay fast.

What the engine needs changed for the whole process is changed once, behind one lock
(``_set_up_process``), never per render: the quick library lookup during its import,
one handler routing its log records to the render that caused them (by thread),
fontTools' timestamp for embedded fonts read from the render's own day (by thread),
Pillow's warnings routed like the log, and Pillow's image bound made the project's
while a render runs (by thread). So two threads (a web server's) can render
at once. Only the render time limit is per render, and only in the main thread: it
uses SIGALRM, which reaches the main thread alone; a render in another thread runs
without that limit (a web app bounds it by its worker's own timeout).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import warnings as python_warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import fonts, limits, pagefit
from .errors import LeafletPressError, Problem
from .project import Project

# Tagged PDF/UA-1: document language, title, structure tree, marked content.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# WeasyPrint logs this on machines without HarfBuzz's subsetter; output is still correct.
HARMLESS_ENGINE_MESSAGES = ("Using fontTools instead of HarfBuzz-Subset",)


@dataclass
class Laid:
    """A laid-out document, not yet written, and what the engine said laying it out."""

    document: Any  # weasyprint.Document
    warnings: list[Problem] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)


@dataclass
class Rendered:
    """A finished PDF and what the engine said while making it."""

    pdf: bytes
    pages: int
    warnings: list[Problem] = field(default_factory=list)


class Engine:
    """WeasyPrint for one project; raises LeafletPressError for anything the user can fix.

    One Engine may serve several threads: its caches are filled under its own lock.
    """

    def __init__(self, project: Project):
        self.project = project
        self._lock = threading.RLock()
        self._css_cache: dict[str, Any] = {}
        self._font_config = None
        self._fetcher = None

    def pdf(
        self,
        html_text: str,
        *,
        stylesheets: list[Path],
        generated: dict[str, str],
        source: Path,
        stamp_day: date,
        inspect: Callable[[Any, Callable[[str], Any]], None] | None = None,
        line_of: Callable[[str], int | None] | None = None,
    ) -> Rendered:
        """Lay ``html_text`` out under ``stylesheets`` (files) and ``generated`` (name: CSS)
        and write it as a tagged PDF/UA-1 with its fonts embedded.

        ``source`` is named in warnings; ``stamp_day`` fixes the date inside embedded
        fonts so that the same inputs give the same bytes. ``inspect`` sees the laid-out
        document before the PDF is written, with a function that lays the same HTML out
        again under extra CSS (to measure), and may raise LeafletPressError. Text
        laid out off its page is a warning (``line_of`` finds its line in ``source``).
        Laying out and writing may take at most limits.MAX_RENDER_SECONDS each (main thread).
        """
        laid = self.layout(
            html_text,
            stylesheets=stylesheets,
            generated=generated,
            source=source,
            inspect=inspect,
            line_of=line_of,
        )
        written = self.write([laid], source=source, stamp_day=stamp_day)
        written.warnings[:0] = laid.warnings
        return written

    def layout(
        self,
        html_text: str,
        *,
        stylesheets: list[Path],
        generated: dict[str, str],
        source: Path,
        inspect: Callable[[Any, Callable[[str], Any]], None] | None = None,
        line_of: Callable[[str], int | None] | None = None,
    ) -> Laid:
        """Lay ``html_text`` out (see ``pdf``) without writing it: its pages, kept in memory,
        can be written alone or joined with other documents' pages (``write``)."""
        weasyprint = _weasyprint()
        sheets = [self.css_file(path) for path in stylesheets]
        sheets += [self.css_string(name, text) for name, text in generated.items()]

        def layout_with(extra_css: str = ""):
            extra = [self.css_string("extra.css", extra_css)] if extra_css else []
            return weasyprint.HTML(
                string=html_text,
                base_url=self.project.root.as_uri() + "/",
                url_fetcher=self.fetcher,
            ).render(font_config=self.font_config, stylesheets=sheets + extra, **PDF_OPTIONS)

        with (
            _engine_warnings(source) as warnings,
            _time_limit(limits.MAX_RENDER_SECONDS, source),
            _too_deep(source),
        ):
            document = layout_with()
            if inspect is not None:
                inspect(document, layout_with)
            warnings += pagefit.overflow_problems(document, source, line_of)
        return Laid(document, warnings)

    def write(self, parts: list[Laid], *, source: Path, stamp_day: date) -> Rendered:
        """Write the pages of ``parts``, one after another, as one tagged PDF/UA-1.

        The metadata (title, language, author) is the first part's; each page keeps what
        its own document laid out (its page numbers, running header and footer). Writing
        changes nothing in the parts, so a part may be written again, in other packs.
        The warnings returned are those met writing (an SVG is drawn only then).
        """
        pages = [page for part in parts for page in part.document.pages]
        document = parts[0].document.copy(pages)
        with (
            _engine_warnings(source) as warnings,
            _fixed_font_timestamps(stamp_day),
            _time_limit(limits.MAX_RENDER_SECONDS, source),
            _too_deep(source),
        ):
            pdf = document.write_pdf(**PDF_OPTIONS)
        return Rendered(pdf=pdf, pages=len(pages), warnings=warnings)

    def warm_up(self, stylesheets: list[Path]) -> None:
        """Pay the engine's one-off costs now: its import, the fonts, the base stylesheet.

        A worker does this while the main process checks the content, so the first
        real job renders at full speed.
        """
        weasyprint = _weasyprint()
        sheets = [self.css_file(path) for path in stylesheets]
        sheets.append(self.css_string("fonts.css", fonts.font_face_css()))
        with _engine_warnings(self.project.styles_dir):
            weasyprint.HTML(string="<p>Warm <b>up</b> <i>now</i></p>").render(
                font_config=self.font_config, stylesheets=sheets, **PDF_OPTIONS
            ).write_pdf(**PDF_OPTIONS)

    @property
    def font_config(self):
        with self._lock:
            if self._font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                self._font_config = FontConfiguration()
            return self._font_config

    @property
    def fetcher(self):
        with self._lock:
            if self._fetcher is None:
                from .fetcher import ProjectOnlyFetcher

                project = self.project
                allowed = [
                    project.leaflets_dir,
                    project.styles_dir,
                    project.brands_dir,
                    *fonts.font_dirs(),
                ]
                self._fetcher = ProjectOnlyFetcher(allowed)
            return self._fetcher

    def css_file(self, path: Path):
        key = f"{path}:{path.stat().st_mtime_ns}"
        with self._lock:
            if key not in self._css_cache:
                with _engine_warnings(path) as warnings:
                    css = _weasyprint().CSS(
                        filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config
                    )
                if warnings:
                    raise LeafletPressError(warnings)
                self._css_cache[key] = css
            return self._css_cache[key]

    def css_string(self, name: str, text: str):
        key = f"{name}:{hash(text)}"
        with self._lock:
            if key not in self._css_cache:
                self._css_cache[key] = _weasyprint().CSS(
                    string=text,
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                    base_url=self.project.styles_dir.as_uri() + "/",
                )
            return self._css_cache[key]


# -- the process: set up once ---------------------------------------------------------

SUBSETTER_INSTALL = "apt-get install libharfbuzz-subset0"


def subsetter_missing() -> bool:
    """Whether HarfBuzz's font subsetter is missing (Linux), so the engine falls back to
    fontTools: the same PDFs, but each Chinese one takes seconds longer to write, as the
    10 MB face is subset in Python. Asks the loader's cache, not the engine (no import).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is None


_SET_UP_LOCK = threading.Lock()
_set_up = False
_render = threading.local()  # this thread's render: .collect (warnings), .stamp (a date)


def _weasyprint():
    """Import the engine on first use (it costs about half a second), set up once."""
    if not _set_up:
        _set_up_process()
    import weasyprint

    return weasyprint


def _set_up_process() -> None:
    """What the engine needs of the whole process, done once, behind one lock.

    The import of WeasyPrint answers its library probes quickly; its logger gets one
    handler that hands a render's records to that render, and stops passing them on to
    the root logger (our handler passes on the rest itself, as before); Pillow's
    warnings go to the render that caused them, and its image bound is the project's
    during a render; fontTools stamps embedded fonts with the render's day. Never
    undone: each is a no-op outside a render.
    """
    global _set_up
    with _SET_UP_LOCK:
        if _set_up:
            return
        if "weasyprint" not in sys.modules:
            try:
                with _quick_library_probes():
                    import weasyprint  # noqa: F401
            except OSError:
                pass  # a library was not where the listing said: let the engine search its own way
        import weasyprint  # noqa: F401, F811

        logger = logging.getLogger("weasyprint")
        logger.addHandler(_RenderLog())
        logger.propagate = False
        _route_pillow_warnings()
        _bound_pillow_in_renders()
        _stamp_fonts_with_the_render_day()
        _set_up = True


@contextlib.contextmanager
def _quick_library_probes() -> Iterator[None]:
    """Let WeasyPrint find Pango and HarfBuzz without starting dozens of processes.

    On import, WeasyPrint tries up to six names for each shared library (Windows and
    macOS spellings too) through ctypes.util.find_library, which on Linux runs
    ldconfig, then gcc and ld, for every name it cannot find: about 0.3 s of a
    one-second command. A name missing from the loader's cache (listed once with
    ``ldconfig -p``) could not be opened by that name anyway, so it is answered
    "not found" at once; names that are listed still go through find_library.
    Nothing changes on other systems, or when LD_LIBRARY_PATH adds folders.
    """
    if not sys.platform.startswith("linux") or os.environ.get("LD_LIBRARY_PATH"):
        yield
        return
    import ctypes.util
    import subprocess

    try:
        listing = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            check=True,
            timeout=5,
            env={"LC_ALL": "C", "LANG": "C"},
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = b""
    if b" => " not in listing:
        yield
        return
    find_library = ctypes.util.find_library

    def listed_or_none(name: str) -> str | None:
        return find_library(name) if f"lib{name}.".encode() in listing else None

    ctypes.util.find_library = listed_or_none
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


@contextlib.contextmanager
def _too_deep(source: Path) -> Iterator[None]:
    """The engine lays boxes out, and draws them, by recursion. The Markdown stage bounds
    how deep a leaflet nests; a template or stylesheet could still go deeper."""
    try:
        yield
    except RecursionError:
        raise LeafletPressError(
            Problem(
                source,
                "the document is nested too deeply to lay out; "
                "flatten its lists, quotes or template blocks",
            )
        ) from None


ALARM_REPEAT_SECONDS = 0.1  # after the time limit, until the render has stopped


class _RenderTimeoutError(BaseException):
    """The render's time is up. A BaseException, so the engine's ``except Exception``
    (around each image, for one) cannot swallow it and carry on."""


@contextlib.contextmanager
def _time_limit(seconds: float, source: Path) -> Iterator[None]:
    """Stop a render that runs longer than ``seconds``, with one line naming ``source``.

    The static bounds (limits, images) refuse every expensive input we know of; this
    is the backstop for the ones we do not, so that no input can hold a build, a
    worker or a handout for long. A SIGALRM timer is used because it needs no second
    process: WeasyPrint lays out and draws in Python, so the alarm's exception lands
    within milliseconds, and the renderer stays usable for the next job. A memory
    limit (RLIMIT_AS) is not used: GLib, under Pango, aborts the whole process when an
    allocation fails, which would turn a refusal into a crash; memory is bounded by
    the static bounds (pixels, shapes, sizes) and by this time limit. Signals reach
    only the main thread, so a render in another thread runs without the limit.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    state = {"armed": True, "expired": False}

    def expired(_signum, _frame):
        state["expired"] = True
        if state["armed"]:
            raise _RenderTimeoutError

    previous = signal.signal(signal.SIGALRM, expired)
    # The alarm repeats: WeasyPrint wraps each SVG drawing in ``except BaseException``
    # and carries on, so a single alarm could be swallowed there; the next one lands
    # outside it, and ``expired`` remembers that time ran out either way.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_SECONDS)
    try:
        yield
    except _RenderTimeoutError:
        pass
    finally:
        while True:  # an alarm between these lines must not leave the timer running
            try:
                state["armed"] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except _RenderTimeoutError:
                continue
    if state["expired"]:
        raise LeafletPressError(
            Problem(
                source,
                f"took more than {seconds:g} s to lay out, so it was stopped; look for a "
                "very large or complex image (an SVG drawing) and simplify it",
            )
        )


class _RenderLog(logging.Handler):
    """The engine's log: a render's warnings go to that render (this thread's), the rest
    of its records are dropped while it renders; outside a render, every record goes on
    to the root logger's handlers, as it would have without this handler."""

    def emit(self, record: logging.LogRecord) -> None:
        collect = getattr(_render, "collect", None)
        if collect is None:
            logging.getLogger().handle(record)
            return
        if record.levelno < logging.WARNING:
            return
        message = record.getMessage()
        if message.startswith("Failed to load image") and message.rstrip().endswith(":"):
            # No reason given (an SVG whose entity was refused): say what to do instead.
            message = f"{message.rstrip()} it cannot be read; save it again as plain SVG or PNG"
        if not message.startswith(HARMLESS_ENGINE_MESSAGES):
            collect(f"rendering: {message}")


# Pillow's warnings (decoding an odd image) are a render's warnings, every time: no
# "show once" for them, and never raw on standard error.
_PILLOW_MODULES = r"PIL(\..*)?$"


def _route_pillow_warnings() -> None:
    """Hand Pillow's warnings during a render to that render; others go on as before.

    ``warnings._showwarnmsg`` is what Python calls for every warning that its filters
    let through; ``catch_warnings`` (per render, it would be process-wide and not
    thread-safe) leaves it alone, so wrapping it once works under pytest's capture too.
    """
    show = python_warnings._showwarnmsg

    def route(message) -> None:
        collect = getattr(_render, "collect", None)
        # Code inside the render that records warnings itself (images.measure_raster
        # reads Pillow's warnings about a file it measures) gets them as it asked.
        own = python_warnings._showwarnmsg_impl is getattr(_render, "recorder", None)
        if collect is not None and own:
            if message.category.__name__ == "DecompressionBombWarning":
                raise message.message  # past the project's bound: the engine skips the image
            if f"{os.sep}PIL{os.sep}" in str(message.filename):
                text = " ".join(str(message.message).split())
                collect(f"rendering: an image gave a warning: {text}")
                return
        show(message)

    python_warnings._showwarnmsg = route


def _bound_pillow_in_renders() -> None:
    """While a render runs (in this thread), Pillow's own bound is the project's.

    The backstop behind images.measure: an image that reached the engine unmeasured is
    refused (limits.MAX_IMAGE_PIXELS, where Pillow would only warn, is an error, which
    the engine reports as an image it skipped), never decoded into gigabytes. Outside a
    render, and in other threads, Pillow keeps its own bound, so measuring an image
    reports its exact size. Pillow asks ``Image._decompression_bomb_check`` for every
    image it opens; setting ``Image.MAX_IMAGE_PIXELS`` per render instead would change
    it for every thread at once.
    """
    from PIL import Image

    check = Image._decompression_bomb_check

    def bounded(size, *, error_only: bool = False) -> None:
        if getattr(_render, "collect", None) is None:
            return check(size, error_only=error_only)
        limit = limits.MAX_IMAGE_PIXELS
        pixels = max(1, size[0]) * max(1, size[1])
        if pixels > 2 * limit:
            raise Image.DecompressionBombError(
                f"Image size ({pixels} pixels) exceeds limit of {2 * limit} pixels, "
                "could be decompression bomb DOS attack."
            )
        if not error_only and pixels > limit:  # an error in the render (see route)
            python_warnings.warn(
                f"Image size ({pixels} pixels) exceeds limit of {limit} pixels, "
                "could be decompression bomb DOS attack.",
                Image.DecompressionBombWarning,
                stacklevel=2,
            )
        return None

    Image._decompression_bomb_check = bounded


def _always_show_pillow_warnings() -> None:
    """Make sure the filter that shows Pillow's warnings every time is there.

    Python shows a warning once per place by default, so the second PDF of one odd
    image would lose its warning. Added at most once, but put back if a caller reset
    the filters (``catch_warnings`` restores them on its way out).
    """
    for action, _message, _category, module, _line in python_warnings.filters:
        if action == "always" and module is not None and module.pattern == _PILLOW_MODULES:
            return
    with _SET_UP_LOCK:
        python_warnings.filterwarnings("always", module=_PILLOW_MODULES)


@contextlib.contextmanager
def _engine_warnings(path: Path) -> Iterator[list[Problem]]:
    """Collect what WeasyPrint logs (a skipped image, a bad CSS rule), and Pillow's
    warnings, while the block renders in this thread, as warnings for ``path``."""
    if not _set_up:
        _set_up_process()
    _always_show_pillow_warnings()
    collected: list[Problem] = []
    outer = getattr(_render, "collect", None), getattr(_render, "recorder", None)
    _render.collect = lambda message: collected.append(Problem(path, message))
    _render.recorder = python_warnings._showwarnmsg_impl
    try:
        yield collected
    finally:
        _render.collect, _render.recorder = outer


def _stamp_fonts_with_the_render_day() -> None:
    """fontTools stamps each font subset with the current time, unless SOURCE_DATE_EPOCH
    is set (the reproducible-builds convention, and a value the user set is respected).
    Rather than set that variable for the whole process on every render, the function
    fontTools calls answers with this thread's render day when there is one."""
    from fontTools.misc import timeTools
    from fontTools.ttLib.tables import _h_e_a_d

    now = _h_e_a_d.timestampNow

    def render_day_or_now() -> int:
        stamp = getattr(_render, "stamp", None)
        if stamp is None or "SOURCE_DATE_EPOCH" in os.environ:
            return now()
        return stamp - timeTools.epoch_diff

    _h_e_a_d.timestampNow = render_day_or_now


@contextlib.contextmanager
def _fixed_font_timestamps(day: date) -> Iterator[None]:
    """Make embedded font subsets rendered in this block carry ``day``, so the same
    inputs give the same bytes."""
    outer = getattr(_render, "stamp", None)
    _render.stamp = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    try:
        yield
    finally:
        _render.stamp = outer

"""Turn a job into an HTML document (Jinja) and then into PDF bytes (WeasyPrint).

A Renderer is set up once and used for many jobs: the Jinja environment, the
font configuration and the parsed stylesheets are shared, because WeasyPrint's
first render costs far more than the next ones. WeasyPrint itself is imported
only when the first PDF is made, so commands that render nothing stay fast.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import traceback
import warnings as python_warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import __version__, fonts, limits, markup, pagefit, trifold
from .brands import Brand, load_brand
from .content import Leaflet
from .errors import LeafletPressError, Problem
from .jobs import Job
from .project import Project
from .qr import qr_data_uri

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Tagged PDF/UA-1: document language, title, structure tree, marked content.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# WeasyPrint logs this on machines without HarfBuzz's subsetter; output is still correct.
HARMLESS_ENGINE_MESSAGES = ("Using fontTools instead of HarfBuzz-Subset",)


@dataclass
class Rendered:
    """A finished PDF and what the engine said while making it."""

    pdf: bytes
    pages: int
    warnings: list[Problem] = field(default_factory=list)


def format_date(value: date) -> str:
    """British long date, independent of the machine's locale: 25 November 2026."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def clinically_reviewed(leaflet: Leaflet) -> bool:
    """Has a named clinician reviewed the leaflet? If not, every page says so (templates)."""
    from .checks.rules.governance import PENDING_REVIEWER_RE

    return bool(leaflet.reviewer) and not PENDING_REVIEWER_RE.search(leaflet.reviewer)


class Renderer:
    """Render jobs of one project; raises LeafletPressError for anything the user can fix."""

    def __init__(self, project: Project):
        self.project = project
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(project.templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["long_date"] = format_date
        self.env.globals["qr_code"] = qr_data_uri
        self.env.tests["clinically_reviewed"] = clinically_reviewed
        self.env.globals["clinic"] = self.clinic
        self._clinic: Brand | None = None
        self._css_cache: dict[str, Any] = {}
        self._font_config = None
        self._fetcher = None

    # -- HTML -------------------------------------------------------------

    def clinic(self) -> Brand:
        """The clinic that writes the leaflets (the default brand): a partner's front names it."""
        if self._clinic is None:
            self._clinic = load_brand(self.project.brands_dir)
        return self._clinic

    def generated_css(self, brand: Brand) -> dict[str, str]:
        """Stylesheets made from code rather than files: fonts and brand colours, by file name."""
        colours = brand.colours
        brand_css = (
            ":root {\n"
            f"  --brand-primary: {colours.primary};\n"
            f"  --brand-accent: {colours.accent};\n"
            f"  --brand-on-primary: {colours.on_primary};\n"
            "}\n"
        )
        return {"fonts.css": fonts.font_face_css(), f"brand-{brand.key}.css": brand_css}

    def stylesheet_files(self, layout: str, edition: str, print_ready: bool = False) -> list[Path]:
        """The designers' stylesheets for a layout and edition, base first, variants over it.

        The edition comes after the layout, so large print enlarges a tri-fold too;
        print-ready comes last, as it only adds bleed and marks.
        """
        styles = self.project.styles_dir
        candidates = [
            styles / "base.css",
            styles / f"layout-{layout}.css",
            styles / f"edition-{edition}.css",
        ]
        if print_ready:
            candidates.append(styles / "print-ready.css")
        return [path for path in candidates if path.is_file()]

    def render_template(self, name: str, context: dict[str, Any]) -> str:
        """Render ``templates/<name>``; template mistakes become one line naming file and line."""
        base = {"generator": f"Leaflet Press {__version__}", "stylesheet_urls": []}
        with _template_errors(self.project.templates_dir):
            return self.env.get_template(name).render({**base, **context})

    def html(self, job: Job, stylesheet_urls: list[str] | None = None) -> tuple[str, list[Problem]]:
        """The complete HTML document for ``job`` and the warnings met on the way.

        ``stylesheet_urls`` become ``<link>`` elements, for HTML written to disk;
        PDF rendering passes parsed stylesheets to the engine instead.
        """
        leaflet = job.leaflet
        body = leaflet.body
        if job.layout == "trifold":
            body = self._trifold_body(leaflet, "trifold")
        fragment = markup.to_html(body, leaflet.folder, leaflet.path, leaflet.body_line)
        if fragment.errors:
            raise LeafletPressError(fragment.errors)
        context = {
            "job": job,
            "leaflet": leaflet,
            "brand": job.brand,
            "body": Markup(fragment.html),
            "lang": leaflet.lang,
            "title": leaflet.title,
            "description": leaflet.summary,
            "keywords": leaflet.keywords,
            "stylesheet_urls": stylesheet_urls or [],
            "draft": job.draft,
            "fold_marks": job.fold_marks,
        }
        return self.render_template(f"{job.layout}.html", context), fragment.warnings

    @staticmethod
    def _trifold_body(leaflet: Leaflet, key: str) -> str:
        """The sections the leaflet's front matter keeps for a tri-fold, in leaflet order."""
        line = leaflet.key_lines.get(key, 1)
        sections = getattr(leaflet, key)
        if not sections:
            raise LeafletPressError(
                Problem(
                    leaflet.path,
                    "has no 'trifold' list; name the ## headings a "
                    "tri-fold keeps, e.g. trifold: [What is PSPS Type 2?]",
                    line,
                )
            )
        body, missing = markup.select_sections(leaflet.body, sections)
        if missing:
            raise LeafletPressError(
                Problem(
                    leaflet.path,
                    f"'{key}' names {', '.join(map(repr, missing))}, "
                    "which is not a ## heading of this leaflet; copy the heading exactly",
                    line,
                )
            )
        return body

    # -- PDF --------------------------------------------------------------

    def pdf(self, job: Job) -> Rendered:
        """Lay out and write the PDF for ``job``, tagged as PDF/UA-1, fonts embedded."""
        html_text, markup_warnings = self.html(job)
        body_lines = job.leaflet.body.split("\n")

        def line_of(text: str) -> int | None:
            for offset, line in enumerate(body_lines):
                if text and text in line:
                    return job.leaflet.body_line + offset
            return None

        rendered = self.pdf_from_html(
            html_text,
            line_of=line_of,
            brand=job.brand,
            layout=job.layout,
            edition=job.edition,
            print_ready=job.print_ready,
            source=job.leaflet.path,
            stamp_day=job.leaflet.reviewed,
            inspect=partial(
                trifold.check_fit,
                html_text=html_text,
                leaflet=job.leaflet,
                key="trifold",
            )
            if job.layout == "trifold"
            else None,
        )
        rendered.warnings[:0] = markup_warnings
        return rendered

    def pdf_from_html(
        self,
        html_text: str,
        *,
        brand: Brand,
        layout: str,
        edition: str,
        source: Path,
        stamp_day: date,
        print_ready: bool = False,
        inspect: Callable[[Any, Callable[[str], Any]], None] | None = None,
        line_of: Callable[[str], int | None] | None = None,
    ) -> Rendered:
        """The PDF stage on its own: any document of this project's templates to PDF bytes.

        ``source`` is named in warnings; ``stamp_day`` fixes the date inside embedded
        fonts so that the same inputs give the same bytes. ``inspect`` sees the laid-out
        document before the PDF is written, with a function that lays the same HTML out
        again under extra CSS (to measure), and may raise LeafletPressError. Text
        laid out off its page is a warning (``line_of`` finds its line in ``source``).
        Laying out and writing may take at most limits.MAX_RENDER_SECONDS.
        """
        weasyprint = _weasyprint()
        stylesheets = [
            self._css_file(path) for path in self.stylesheet_files(layout, edition, print_ready)
        ]
        stylesheets += [
            self._css_string(name, text) for name, text in self.generated_css(brand).items()
        ]

        def layout_with(extra_css: str = ""):
            extra = [self._css_string("extra.css", extra_css)] if extra_css else []
            return weasyprint.HTML(
                string=html_text,
                base_url=self.project.root.as_uri() + "/",
                url_fetcher=self.fetcher,
            ).render(font_config=self.font_config, stylesheets=stylesheets + extra, **PDF_OPTIONS)

        with (
            _engine_warnings(source) as warnings,
            _fixed_font_timestamps(stamp_day),
            _time_limit(limits.MAX_RENDER_SECONDS, source),
        ):
            try:
                document = layout_with()
                if inspect is not None:
                    inspect(document, layout_with)
                warnings += pagefit.overflow_problems(document, source, line_of)
                pdf = document.write_pdf(**PDF_OPTIONS)
            except RecursionError:
                # The engine lays boxes out by recursion. The Markdown stage bounds how deep
                # a leaflet nests; a template or stylesheet could still go deeper.
                raise LeafletPressError(
                    Problem(
                        source,
                        "the document is nested too deeply to lay out; "
                        "flatten its lists, quotes or template blocks",
                    )
                ) from None
        return Rendered(pdf=pdf, pages=len(document.pages), warnings=warnings)

    def warm_up(self) -> None:
        """Pay the engine's one-off costs now: its import, the fonts, the base stylesheet.

        A worker does this while the main process checks the content, so the first
        real job renders at full speed.
        """
        weasyprint = _weasyprint()
        base = self.stylesheet_files("leaflet", "standard")[:1]
        stylesheets = [self._css_file(path) for path in base]
        stylesheets.append(self._css_string("fonts.css", fonts.font_face_css()))
        with _engine_warnings(self.project.styles_dir):
            weasyprint.HTML(string="<p>Warm <b>up</b> <i>now</i></p>").render(
                font_config=self.font_config, stylesheets=stylesheets, **PDF_OPTIONS
            ).write_pdf(**PDF_OPTIONS)

    @property
    def font_config(self):
        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self._font_config = FontConfiguration()
        return self._font_config

    @property
    def fetcher(self):
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

    def _css_file(self, path: Path):
        key = f"{path}:{path.stat().st_mtime_ns}"
        if key not in self._css_cache:
            with _engine_warnings(path) as warnings:
                css = _weasyprint().CSS(
                    filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config
                )
            if warnings:
                raise LeafletPressError(warnings)
            self._css_cache[key] = css
        return self._css_cache[key]

    def _css_string(self, name: str, text: str):
        key = f"{name}:{hash(text)}"
        if key not in self._css_cache:
            self._css_cache[key] = _weasyprint().CSS(
                string=text,
                url_fetcher=self.fetcher,
                font_config=self.font_config,
                base_url=self.project.styles_dir.as_uri() + "/",
            )
        return self._css_cache[key]


def _weasyprint():
    """Import the engine on first use: it costs about half a second."""
    if "weasyprint" not in sys.modules:
        try:
            with _quick_library_probes():
                import weasyprint
        except OSError:
            pass  # a library was not where the listing said: let the engine search its own way
    import weasyprint

    return weasyprint


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


@contextlib.contextmanager
def _engine_warnings(path: Path) -> Iterator[list[Problem]]:
    """Collect what WeasyPrint logs (a skipped image, a bad CSS rule) as warnings for ``path``.

    Pillow's Python warnings (decoding an odd image) are collected too, instead of
    printing raw on standard error; other Python warnings pass on as before.

    While the engine works, Pillow's own bound is the project's (limits.MAX_IMAGE_PIXELS,
    where Pillow only warns, is made an error): the backstop behind images.measure, so
    an image that reached the engine unmeasured is skipped with a warning, never decoded
    into gigabytes. It is put back afterwards, so measuring reports exact sizes.
    """
    from PIL import Image

    collected: list[Problem] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message.startswith("Failed to load image") and message.rstrip().endswith(":"):
                # No reason given (an SVG whose entity was refused): say what to do instead.
                message = f"{message.rstrip()} it cannot be read; save it again as plain SVG or PNG"
            if not message.startswith(HARMLESS_ENGINE_MESSAGES):
                collected.append(Problem(path, f"rendering: {message}"))

    logger = logging.getLogger("weasyprint")
    handler = Collector(level=logging.WARNING)
    previous_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    previous_pixels, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, limits.MAX_IMAGE_PIXELS
    try:
        with python_warnings.catch_warnings(record=True) as raised:
            python_warnings.simplefilter("always")
            python_warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
            yield collected
    finally:
        Image.MAX_IMAGE_PIXELS = previous_pixels
        logger.removeHandler(handler)
        logger.propagate = previous_propagate
    for warning in raised:
        if f"{os.sep}PIL{os.sep}" not in warning.filename:  # not ours to judge: as before
            python_warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        message = " ".join(str(warning.message).split())
        collected.append(Problem(path, f"rendering: an image gave a warning: {message}"))


@contextlib.contextmanager
def _fixed_font_timestamps(day: date) -> Iterator[None]:
    """Make embedded font subsets carry a fixed date, so the same inputs give the same bytes.

    fontTools stamps each subset with the current time unless SOURCE_DATE_EPOCH is
    set (the reproducible-builds convention); a value the user set is respected.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@contextlib.contextmanager
def _template_errors(templates_dir: Path) -> Iterator[None]:
    """Turn Jinja's exceptions into one line naming the template file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        path = Path(error.filename) if error.filename else templates_dir / str(error.name)
        raise LeafletPressError(
            Problem(path, f"template syntax error: {error.message}", error.lineno)
        ) from None
    except jinja2.TemplateNotFound as error:
        raise LeafletPressError(
            Problem(
                templates_dir / str(error.name), "template not found; create it or fix the name"
            )
        ) from None
    except jinja2.UndefinedError as error:
        path, line = _template_frame(error, templates_dir)
        raise LeafletPressError(
            Problem(
                path,
                f"template uses an undefined value: {error.message}; "
                "fix the name or pass the value",
                line,
            )
        ) from None


def _template_frame(error: BaseException, templates_dir: Path) -> tuple[Path, int | None]:
    """The innermost template file and line in ``error``'s traceback (Jinja rewrites frames)."""
    found: tuple[Path, int | None] = (templates_dir, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename and Path(frame.filename).resolve().is_relative_to(
            templates_dir.resolve()
        ):
            found = (Path(frame.filename), frame.lineno)
    return found

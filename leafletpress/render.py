"""The HTML stage: a job, or a handout, made into one HTML document with Jinja.

A Renderer is set up once and used for many jobs. It owns the Jinja environment and
the one context builder every template gets (the leaflet or pack, the brand, the
variant, the words of its language), and hands the document to the PDF engine
(engine.py) with the stylesheets its layout names (layouts.py). Nothing here knows
WeasyPrint: the engine is imported only when the first PDF is made, so commands that
render nothing stay fast.
"""

from __future__ import annotations

import base64
import contextlib
import re
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import __version__, fonts, markup
from .brands import load_brand
from .engine import PDF_OPTIONS, Engine, Laid, Rendered
from .errors import LeafletPressError, Problem
from .i18n import lang_of_text, long_date, words, words_css
from .layouts import layout as layout_named
from .model import DEFAULT_LANG, Brand, Job, Leaflet, Variant
from .project import Project
from .qr import qr_data_uri

__all__ = ["PDF_OPTIONS", "Laid", "Rendered", "Renderer", "clinically_reviewed", "format_date"]


def format_date(value: date, lang: str = "en") -> str:
    """A long date in ``lang``, independent of the machine's locale: 25 November 2026."""
    return long_date(value, lang)


URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")


def url_breaks(text: str) -> Markup:
    """``text`` escaped, with a line-break opportunity after each slash of a web address.

    A long address then wraps only at its slashes, never in the middle of a word of it nor
    at its own hyphens ("cauda-equina-" then "syndrome" would be typed without the hyphen):
    each piece up to a slash is a span that styles/base.css keeps on one line.
    """
    parts, last = [], 0
    for match in URL_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        scheme, sep, rest = match.group(0).rpartition("://")
        pieces = rest.split("/")
        pieces[0] = scheme + sep + pieces[0]  # "https://" stays with its host
        pieces = [piece + "/" for piece in pieces[:-1]] + pieces[-1:]
        spans = [Markup("<span>%s</span>") % piece for piece in pieces if piece]
        parts.append(Markup('<span class="url">') + Markup("<wbr>").join(spans) + Markup("</span>"))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def brand_diagrams(html: str, images: list[Path], brand: Brand, clinic: Brand) -> str:
    """``html`` with each SVG diagram drawn in ``brand``'s colours instead of the clinic's.

    The diagrams are drawn in the clinic's primary and accent colours (an <img> cannot
    take the page's CSS variables), so a partner's leaflet would show the clinic's teal:
    its SVGs are given as ``data:`` URIs with those two colours swapped for the brand's.
    """
    swaps = {
        clinic.colours.primary.lower(): brand.colours.primary,
        clinic.colours.accent.lower(): brand.colours.accent,
    }
    if all(old == new.lower() for old, new in swaps.items()):
        return html
    pattern = re.compile("|".join(re.escape(old) for old in swaps), re.IGNORECASE)
    for path in dict.fromkeys(image for image in images if image.suffix.lower() == ".svg"):
        svg = pattern.sub(lambda m: swaps[m.group(0).lower()], path.read_text(encoding="utf-8"))
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        html = html.replace(f'src="{path.as_uri()}"', f'src="{uri}"')
    return html


def clinically_reviewed(leaflet: Leaflet) -> bool:
    """Has a named clinician reviewed the leaflet? If not, every page says so (templates)."""
    from .checks.rules.governance import PENDING_REVIEWER_RE

    return bool(leaflet.reviewer) and not PENDING_REVIEWER_RE.search(leaflet.reviewer)


class Renderer:
    """Render jobs of one project; raises LeafletPressError for anything the user can fix.

    Safe to share between threads: Jinja renders concurrently, and the engine fills
    its caches under its own lock.
    """

    def __init__(self, project: Project):
        self.project = project
        self.engine = Engine(project)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(project.templates_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["long_date"] = format_date
        self.env.filters["url_breaks"] = url_breaks
        self.env.globals["qr_code"] = qr_data_uri
        self.env.globals["words"] = words  # a handout prints each leaflet in its own language
        self.env.filters["lang_attr"] = lang_attr
        self.env.tests["clinically_reviewed"] = clinically_reviewed
        self.env.globals["clinic"] = self.clinic
        self._clinic: Brand | None = None

    # -- HTML -------------------------------------------------------------

    def clinic(self) -> Brand:
        """The clinic that writes the leaflets (the default brand): a partner's front names it."""
        if self._clinic is None:
            self._clinic = load_brand(self.project.brands_dir)
        return self._clinic

    def generated_css(
        self, brand: Brand, lang: str = DEFAULT_LANG, text: str = ""
    ) -> dict[str, str]:
        """Stylesheets made from code rather than files, by file name: fonts, brand colours
        and the words the page furniture prints in ``lang``. The fonts are those that
        ``text`` (the document) and the furniture's words need."""
        colours = brand.colours
        brand_css = (
            ":root {\n"
            f"  --brand-primary: {colours.primary};\n"
            f"  --brand-accent: {colours.accent};\n"
            f"  --brand-on-primary: {colours.on_primary};\n"
            "}\n"
        )
        furniture = words_css(lang)
        return {
            "fonts.css": fonts.font_face_css(text + furniture),
            f"brand-{brand.key}.css": brand_css,
            f"words-{lang}.css": furniture,
        }

    def stylesheet_files(self, layout: str, edition: str, print_ready: bool = False) -> list[Path]:
        """The designers' stylesheets for a layout and edition, base first, variants over it.

        The edition comes after the layout, so large print enlarges a tri-fold too;
        print-ready comes last, as it only adds bleed and marks.
        """
        styles = self.project.styles_dir
        candidates = [
            styles / "base.css",
            styles / layout_named(layout).stylesheet,
            styles / f"edition-{edition}.css",
        ]
        if print_ready:
            candidates.append(styles / "print-ready.css")
        return [path for path in candidates if path.is_file()]

    def template_name(self, layout: str) -> str:
        """The template that lays ``layout`` out (for the manifest's fingerprints too)."""
        return layout_named(layout).template

    def context(self, variant: Variant, brand: Brand, lang: str, **values: Any) -> dict[str, Any]:
        """What every template gets: the variant (as ``job``, read by base.html), the brand,
        the language and its words (``t``), and ``values`` (title, description...)."""
        return {
            "job": variant,
            "brand": brand,
            "lang": lang,
            "t": words(lang),
            "draft": variant.draft,
            "fold_marks": variant.fold_marks,
            "stylesheet_urls": [],
            **values,
        }

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
        body = layout_named(job.layout).body(leaflet, job.edition)
        fragment = markup.to_html(body, leaflet.folder, leaflet.path, leaflet.body_line)
        if fragment.errors:
            raise LeafletPressError(fragment.errors)
        context = self.context(
            job.variant,
            job.brand,
            leaflet.lang,
            leaflet=leaflet,
            body=Markup(brand_diagrams(fragment.html, fragment.images, job.brand, self.clinic())),
            title=leaflet.title,
            description=leaflet.summary,
            keywords=leaflet.keywords,
            stylesheet_urls=stylesheet_urls or [],
        )
        return self.render_template(self.template_name(job.layout), context), fragment.warnings

    # -- PDF --------------------------------------------------------------

    def pdf(self, job: Job) -> Rendered:
        """Lay out and write the PDF for ``job``, tagged as PDF/UA-1, fonts embedded."""
        html_text, markup_warnings = self.html(job)
        rendered = self.pdf_from_html(
            html_text, stamp_day=job.leaflet.reviewed, **self._job_options(job, html_text)
        )
        rendered.warnings[:0] = markup_warnings
        return rendered

    def layout_job(self, job: Job) -> Laid:
        """Lay ``job`` out without writing it: the pages its PDF is written from, which a
        handout joins to its cover (see handout.py); warnings as ``pdf`` gives them."""
        html_text, markup_warnings = self.html(job)
        laid = self.layout_html(html_text, **self._job_options(job, html_text))
        laid.warnings[:0] = markup_warnings
        return laid

    def _job_options(self, job: Job, html_text: str) -> dict[str, Any]:
        """How ``job``'s document is laid out: its stylesheets, fit check and source lines."""
        body_lines = job.leaflet.body.split("\n")

        def line_of(text: str) -> int | None:
            for offset, line in enumerate(body_lines):
                if text and text in line:
                    return job.leaflet.body_line + offset
            return None

        return {
            "line_of": line_of,
            "brand": job.brand,
            "layout": job.layout,
            "edition": job.edition,
            "print_ready": job.print_ready,
            "lang": job.leaflet.lang,
            "source": job.leaflet.path,
            "inspect": layout_named(job.layout).fit_check(html_text, job.leaflet, job.edition),
        }

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
        lang: str = DEFAULT_LANG,
        inspect: Callable[[Any, Callable[[str], Any]], None] | None = None,
        line_of: Callable[[str], int | None] | None = None,
    ) -> Rendered:
        """The PDF stage on its own: any document of this project's templates to PDF bytes,
        laid out with the stylesheets of ``layout`` and ``edition`` (see Engine.pdf)."""
        return self.engine.pdf(
            html_text,
            stylesheets=self.stylesheet_files(layout, edition, print_ready),
            generated=self.generated_css(brand, lang, html_text),
            source=source,
            stamp_day=stamp_day,
            inspect=inspect,
            line_of=line_of,
        )

    def layout_html(
        self,
        html_text: str,
        *,
        brand: Brand,
        layout: str,
        edition: str,
        source: Path,
        print_ready: bool = False,
        lang: str = DEFAULT_LANG,
        inspect: Callable[[Any, Callable[[str], Any]], None] | None = None,
        line_of: Callable[[str], int | None] | None = None,
    ) -> Laid:
        """Like ``pdf_from_html``, but laid out only (Engine.layout): write it, alone or
        joined with other parts, with ``write``."""
        return self.engine.layout(
            html_text,
            stylesheets=self.stylesheet_files(layout, edition, print_ready),
            generated=self.generated_css(brand, lang, html_text),
            source=source,
            inspect=inspect,
            line_of=line_of,
        )

    def write(self, parts: list[Laid], *, source: Path, stamp_day: date) -> Rendered:
        """The pages of ``parts``, in order, as one PDF (Engine.write)."""
        return self.engine.write(parts, source=source, stamp_day=stamp_day)

    def warm_up(self) -> None:
        """Pay the engine's one-off costs now: its import, the fonts, the base stylesheet."""
        self.engine.warm_up(self.stylesheet_files("leaflet", "standard")[:1])


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


def lang_attr(text: str, page_lang: str) -> Markup:
    """`` lang="zh-Hans"`` for text in another language than the page's (a Chinese name
    on an English cover), else nothing: the PDF tags that span with its language."""
    lang = lang_of_text(text, page_lang)
    return Markup(f' lang="{lang}"') if lang else Markup("")

"""The build stage: plan jobs from validated inputs, render each, write each atomically.

Everything is loaded and validated before anything is rendered; a PDF is written
only when its own job succeeded, so a failed job leaves the earlier PDF in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .brands import Brand
from .content import Leaflet
from .errors import LeafletPressError, Problem
from .jobs import Job, output_name
from .output import write_atomic
from .render import Renderer


@dataclass
class Outcome:
    """What happened to one job: written (with pages and size) or failed (with problems)."""

    job: Job
    pages: int = 0
    size: int = 0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_jobs(
    leaflets: Iterable[Leaflet],
    brands: Iterable[Brand],
    out_dir: Path,
    editions: Iterable[str] = ("standard",),
    layouts: Iterable[str] = ("leaflet",),
    draft: bool = False,
    print_ready: bool = False,
    fold_marks: bool = False,
) -> list[Job]:
    """Every combination asked for, in a stable order: leaflet, brand, edition, layout."""
    brands, editions, layouts = list(brands), list(editions), list(layouts)
    return [
        Job(
            leaflet,
            brand,
            out_dir / output_name(leaflet, brand, edition, layout, print_ready),
            edition=edition,
            layout=layout,
            draft=draft,
            print_ready=print_ready,
            fold_marks=fold_marks or (print_ready and layout == "trifold"),
        )
        for leaflet in leaflets
        for brand in brands
        for edition in editions
        for layout in layouts
    ]


def build_pdfs(
    jobs: list[Job],
    renderer: Renderer,
    strict: bool = False,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Render and write each job; ``report`` is called once per job as it finishes.

    One failing job does not stop the others. With ``strict``, a job whose
    rendering produced warnings counts as failed and its PDF is not written.
    """
    outcomes = []
    for job in jobs:
        outcome = Outcome(job)
        try:
            rendered = renderer.pdf(job)
            outcome.warnings = rendered.warnings
            if strict and rendered.warnings:
                outcome.problems = [
                    Problem(w.path, f"{w.message} (a warning, and --strict is on)", w.line)
                    for w in rendered.warnings
                ]
            else:
                write_atomic(job.output, rendered.pdf)
                outcome.pages, outcome.size = rendered.pages, len(rendered.pdf)
        except LeafletPressError as error:
            outcome.problems = error.problems
        outcomes.append(outcome)
        report(outcome)
    return outcomes


def write_html(jobs: list[Job], renderer: Renderer) -> list[Path]:
    """Write each job's HTML document, with the stylesheets it links, beside its PDF path.

    A browser, or the ``weasyprint`` command, opening the written file shows the
    same leaflet, because every stylesheet, font and image is linked by file URL.
    """
    written: list[Path] = []
    for job in jobs:
        folder = job.output.parent
        urls = [
            path.resolve().as_uri()
            for path in renderer.stylesheet_files(job.layout, job.edition, job.print_ready)
        ]
        for name, text in renderer.generated_css(job.brand).items():
            write_atomic(folder / name, text.encode("utf-8"))
            urls.append(name)
        html_text, _warnings = renderer.html(job, stylesheet_urls=urls)
        target = job.output.with_suffix(".html")
        write_atomic(target, html_text.encode("utf-8"))
        written.append(target)
    return written

"""The build stage: plan jobs from validated inputs, render each, write each atomically.

Everything is loaded and validated before anything is rendered; a PDF is written
only when its own job succeeded, so a failed job leaves the earlier PDF in place.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from .brands import DEFAULT_BRAND, Brand
from .content import Leaflet
from .errors import LeafletPressError, Problem
from .jobs import UNMADE, Job, output_name
from .layouts import layout as layout_named
from .output import folder_problem, write_atomic
from .project import Project
from .render import Renderer

# A worker pays for its own engine import and first render (about 1 s here), so it
# only earns its start-up when it has at least this many PDFs to render.
MIN_JOBS_PER_WORKER = 4


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
    """Every combination asked for, in a stable order: leaflet, brand, edition, layout.

    Raises LeafletPressError if two jobs would write the same file (a brand file
    named like an edition or layout, such as ``large-print.toml``), since one PDF
    would silently overwrite the other.
    """
    brands, editions, layouts = list(brands), list(editions), list(layouts)
    jobs = [
        Job(
            leaflet,
            brand,
            out_dir / output_name(leaflet, brand, edition, layout, print_ready, fold_marks, draft),
            edition=edition,
            layout=layout,
            draft=draft,
            print_ready=print_ready,
            fold_marks=fold_marks or (print_ready and layout_named(layout).folds),
        )
        for leaflet in leaflets
        for brand in brands
        for edition in editions
        for layout in layouts
        if (edition, layout) not in UNMADE
    ]
    first: dict[Path, Job] = {}
    clashes: dict[str, Problem] = {}  # one line per brand file to rename
    for job in jobs:
        other = first.setdefault(job.output, job)
        if other is not job:
            named = job.brand if job.brand.key != DEFAULT_BRAND else other.brand
            clashes.setdefault(
                named.key,
                Problem(
                    named.path,
                    f"is named like an edition or layout, so {job.output.name} would be "
                    "written twice and one PDF would replace the other; rename the brand file",
                ),
            )
    if clashes:
        raise LeafletPressError(list(clashes.values()))
    return jobs


def build_pdfs(
    jobs: list[Job],
    project: Project,
    strict: bool = False,
    workers: int = 1,
    report: Callable[[Outcome], None] = lambda outcome: None,
    before_render: Callable[[], None] = lambda: None,
) -> list[Outcome]:
    """Render and write each job; ``report`` is called once per job as it finishes.

    With ``workers`` above one, jobs go to up to that many worker processes, each
    set up once (fonts, templates, stylesheets) and fed jobs until none are left;
    a small build stays in this process, since starting a worker costs about as
    much as rendering a few PDFs (see benchmarks/speed.py). One
    failing job, even one that crashes its worker, does not stop the others. With
    ``strict``, a job whose rendering produced warnings counts as failed and its
    PDF is not written. ``before_render`` (the content checks) runs once the
    workers are starting, so the two overlap; if it raises, nothing is rendered.
    Returns the outcomes in the order of ``jobs``.
    """
    workers = max(1, min(workers, len(jobs) // MIN_JOBS_PER_WORKER))
    if workers == 1:
        before_render()
        renderer = Renderer(project)
        outcomes = []
        for job in jobs:
            outcomes.append(_render_and_write(renderer, job, strict))
            report(outcomes[-1])
        return outcomes

    # "spawn" starts clean interpreters on Linux and macOS alike: no forked locks or
    # half-initialised libraries. Slowest jobs first, so neither worker idles at the end.
    context = multiprocessing.get_context("spawn")
    finished: dict[int, Outcome] = {}
    # The engine copies the fonts into a temporary folder per worker and removes it
    # when the worker ends normally; a worker ended by SIGTERM leaves it. So the
    # workers' temporary folders go into one of the build's, removed on every way out.
    scratch = Path(tempfile.mkdtemp(prefix="leafletpress-workers-"))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(project.root, os.getpid(), str(scratch)),
    )
    try:
        warming = [pool.submit(_warm_up) for _ in range(workers)]  # starts every worker now
        before_render()
        wait(warming)
        slowest_first = sorted(
            range(len(jobs)), key=lambda i: _expected_cost(jobs[i]), reverse=True
        )
        futures = {pool.submit(_worker_job, jobs[i], strict): i for i in slowest_first}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # a crashed worker fails its job, not the build
                outcome = Outcome(jobs[index], problems=[_crash(jobs[index], error)])
            finished[index] = outcome
            report(outcome)
        pool.shutdown()
    except BaseException:
        # Stopped (a signal, Ctrl-C, the checks failing, the manifest unwritable): the
        # workers must not outlive the build, nor go on writing PDFs it will not record.
        _stop_workers(pool)
        # Dropped now, not when the exception's traceback goes: its queues' semaphores
        # are released as it is collected, before the command ends itself by the signal
        # (which runs no exit handlers).
        del pool
        gc.collect()  # the executor and its queues refer to one another
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [finished[index] for index in range(len(jobs))]


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End every worker now and drop the jobs not started.

    ``shutdown`` alone would wait for the jobs already running; the worker
    processes are terminated (SIGTERM) instead, which the executor keeps in
    ``_processes`` (no public API reaches them).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
    # With the workers gone, shutting down and waiting ends the executor's own thread
    # and closes its queues, whose semaphores multiprocessing's resource tracker would
    # otherwise report raw as "leaked" at exit.
    with contextlib.suppress(Exception):
        pool.shutdown(wait=not any(p.is_alive() for p in processes), cancel_futures=True)


def _render_and_write(renderer: Renderer, job: Job, strict: bool) -> Outcome:
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
            try:
                write_atomic(job.output, rendered.pdf)
            except OSError as error:  # the folder's fault, not the leaflet's
                outcome.problems = [folder_problem(job.output.parent, error)]
                return outcome
            outcome.pages, outcome.size = rendered.pages, len(rendered.pdf)
    except LeafletPressError as error:
        outcome.problems = error.problems
    except Exception as error:  # a bug in one job must not lose the others' PDFs
        outcome.problems = [_crash(job, error)]
    return outcome


def _crash(job: Job, error: BaseException) -> Problem:
    return Problem(
        job.leaflet.path,
        f"Leaflet Press failed while rendering {job.output.name} "
        f"({type(error).__name__}: {error}); please report this",
    )


def _expected_cost(job: Job) -> int:
    """Rough relative rendering cost: large print has the most pages, a tri-fold the fewest."""
    return (2 if job.edition == "large-print" else 1) * layout_named(job.layout).cost


_worker_renderer: Renderer | None = None


def _start_worker(project_root: Path, parent: int, scratch: str | None = None) -> None:
    """Set a worker up once: one renderer, so fonts and stylesheets load a single time.

    On Linux the worker also asks the kernel to send it SIGTERM when the build
    process dies (PR_SET_PDEATHSIG), so no worker outlives a build killed in a way
    that runs no clean-up (SIGKILL); if the build is already gone, it exits now.
    """
    global _worker_renderer
    _die_with_parent(parent)
    if scratch is not None:
        tempfile.tempdir = scratch  # the engine's font copies: removed with the build's folder
    _worker_renderer = Renderer(Project(project_root))


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the build died before the request was made
        os._exit(1)


def _warm_up() -> None:
    assert _worker_renderer is not None, "worker not started"
    _worker_renderer.warm_up()


def _worker_job(job: Job, strict: bool) -> Outcome:
    assert _worker_renderer is not None, "worker not started"
    return _render_and_write(_worker_renderer, job, strict)


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
        files = dict(renderer.generated_css(job.brand, job.leaflet.lang))
        urls += files
        html_text, _warnings = renderer.html(job, stylesheet_urls=urls)
        target = job.output.with_suffix(".html")
        files[target.name] = html_text
        try:
            for name, text in files.items():
                write_atomic(folder / name, text.encode("utf-8"))
        except OSError as error:
            raise LeafletPressError(folder_problem(folder, error)) from None
        written.append(target)
    return written

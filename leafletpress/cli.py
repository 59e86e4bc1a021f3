"""The command line: parse options, call the package, report. No rendering logic lives here."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from . import __version__
from .brands import DEFAULT_BRAND, discover_brands, load_brands
from .content import DEFAULT_LANG, discover_slugs, load_leaflets
from .errors import LeafletPressError, display_path
from .jobs import EDITIONS, LAYOUTS, UNMADE

DRAFT_STAMP = "DRAFT - not approved"  # printed on every page by styles/base.css
# How long a build waits for another one writing into the same folder: a full -j 2
# matrix takes about 5 s here, so a minute covers any real build.
OUTPUT_LOCK_WAIT = 60.0


class InputError(click.ClickException):
    """A problem in the user's files: one ``Error: file:line: message`` line each, exit 1."""

    def __init__(self, error: LeafletPressError):
        super().__init__(str(error))
        self.problems = error.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"Error: {problem}", err=True)


def today() -> date:
    """The day review dates are checked against (the tests pin it)."""
    return date.today()


class VisitDate(click.DateTime):
    """A date typed as YYYY-MM-DD, with a message that shows the form to use."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    # A visit more than a year from today is a typing slip (2062 for 2026), not a visit.
    MAX_DAYS_AWAY = 366

    def convert(self, value, param, ctx):
        try:
            day = super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is not a date written as YYYY-MM-DD, e.g. 2026-11-25", param, ctx)
        if abs((day.date() - today()).days) > self.MAX_DAYS_AWAY:
            self.fail(
                f"{value} is more than a year from today; give the day of the visit", param, ctx
            )
        return day


@dataclass
class Settings:
    """Options of the whole command, shared by every subcommand."""

    project_root: Path
    verbosity: int = 1  # 0 quiet, 1 normal, 2+ verbose
    search: bool = False  # look upward from project_root, as git does (no --project given)

    def project(self):
        from .project import Project

        try:
            if self.search:
                return Project.find(self.project_root)
            return Project.at(self.project_root)
        except LeafletPressError as error:
            raise InputError(error) from None

    def say(self, message: str, level: int = 1) -> None:
        """Progress for people goes to stderr, so stdout stays clean for data."""
        if self.verbosity >= level:
            click.echo(message, err=True)


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="leafletpress")
@click.option(
    "--project",
    "project_root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder holding leaflets/, templates/, styles/ and brands/ "
    "(default: the folder of build.py, or the current folder).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", count=True, help="Say more (timings, warnings in full).")
@click.pass_context
def cli(ctx: click.Context, project_root: Path | None, quiet: bool, verbose: int) -> None:
    """Leaflet Press: build accessible A4 patient leaflets as PDFs.

    Run with no command to build every leaflet into dist/:

        python build.py
    """
    default_root = ctx.obj if isinstance(ctx.obj, Path) else Path.cwd()
    ctx.obj = Settings(
        project_root or default_root, 0 if quiet else 1 + verbose, search=project_root is None
    )
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _expand(chosen: tuple[str, ...], every: tuple[str, ...]) -> list[str]:
    """Repeated choices in a stable order; 'all' means every one; none means the first."""
    if not chosen:
        return [every[0]]
    if "all" in chosen:
        return list(every)
    return [value for value in every if value in chosen]


def _say_unmade(settings: Settings, editions: list[str], layouts: list[str]) -> None:
    """Refuse a variant that is never made when it is all that was asked for; else note it."""
    asked = [(edition, layout) for edition in editions for layout in layouts]
    unmade = [UNMADE[pair] for pair in asked if pair in UNMADE]
    if unmade and len(unmade) == len(asked):
        raise click.UsageError(unmade[0])
    for reason in unmade:
        settings.say(f"Not made: {reason}.")


def _check_brands(project, names: tuple[str, ...]) -> list[str]:
    """The brands named ('all' for every one; none for the default), each known."""
    from .checks.documents import brand_name_problems

    known = discover_brands(project.brands_dir)
    if "all" in names:
        return known
    for problem in brand_name_problems(project.brands_dir):
        if problem.path.stem in names:  # the file is there, under a name build cannot use
            raise click.BadParameter(str(problem), param_hint="--brand")
    return _known(names, known, "brand", "--brand") or [DEFAULT_BRAND]


def _check_slugs(project, slugs: tuple[str, ...]) -> list[str]:
    """The leaflets named (none for every one), each known."""
    known = discover_slugs(project.leaflets_dir)
    return _known(slugs, known, "leaflet", "SLUG") or known


def _known(names: tuple[str, ...], known: list[str], what: str, hint: str) -> list[str]:
    """``names`` without repeats; an unknown one is a usage error (exit 2) listing the known."""
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown {what} {', '.join(unknown)}; known {what}s: {', '.join(known) or 'none'}",
            param_hint=hint,
        )
    return list(dict.fromkeys(names))


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: dist/ in the project).",
)
@click.option(
    "--brand",
    "brand_names",
    multiple=True,
    metavar="NAME",
    help="Brand file from brands/ (repeat for several, or 'all'). Default: default.",
)
@click.option(
    "--edition",
    "editions",
    multiple=True,
    type=click.Choice([*EDITIONS, "all"]),
    help="Print edition (repeat for several, or 'all'). Default: standard.",
)
@click.option(
    "--layout",
    "layouts",
    multiple=True,
    type=click.Choice([*LAYOUTS, "all"]),
    help="A4 leaflet or A4 landscape tri-fold (repeat, or 'all'). Default: leaflet.",
)
@click.option(
    "--all-variants", is_flag=True, help="Every brand x edition x layout: the full matrix."
)
@click.option(
    "--print-ready", is_flag=True, help="Add 3 mm bleed and crop marks for a professional printer."
)
@click.option("--fold-marks", is_flag=True, help="Mark the folds of a tri-fold.")
@click.option("--html", is_flag=True, help="Write the HTML documents instead of PDFs.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: write no PDF that has one.")
@click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes rendering at once.",
)
@click.option(
    "--force", is_flag=True, help="Rebuild every PDF, even those whose inputs are unchanged."
)
@click.option(
    "--skip-checks",
    is_flag=True,
    help=f"Build even if the content checks fail; every page is stamped '{DRAFT_STAMP}'.",
)
@click.pass_obj
def build(
    settings: Settings,
    slugs: tuple[str, ...],
    out_dir: Path | None,
    brand_names: tuple[str, ...],
    editions: tuple[str, ...],
    layouts: tuple[str, ...],
    all_variants: bool,
    print_ready: bool,
    fold_marks: bool,
    html: bool,
    strict: bool,
    workers: int,
    force: bool,
    skip_checks: bool,
) -> None:
    """Build leaflets (all of them when no SLUG is given), in any variant.

    The content checks (see the check command) run first: a leaflet with errors
    is not built. --skip-checks builds anyway and stamps every page as a draft.

    \b
    Examples:
      python build.py build                         every leaflet into dist/
      python build.py build overview -o out         one leaflet into out/
      python build.py build --edition large-print   large print of every leaflet
      python build.py build --layout trifold --brand example-partner --print-ready
      python build.py build --all-variants          every brand, edition and layout
      python build.py build --html                  HTML you can open in a browser
      python build.py build --skip-checks           a draft for review, stamped DRAFT

    \b
    Files are named <slug>[--brand][--edition][--layout][--print-ready or
    --fold-marks][--draft].pdf, naming only what differs from the default:
    dist/overview.pdf, dist/overview--large-print--trifold.pdf.
    """
    from .builder import build_pdfs, plan_jobs, write_html
    from .checks.runner import brand_docs, leaflet_docs
    from .manifest import Manifest
    from .output import remove_stale_temporary_files
    from .render import Renderer

    started = time.perf_counter()
    if out_dir is not None and str(out_dir) == "-":
        raise click.BadParameter(
            "a build writes many files: give a folder (only handout writes to standard output)",
            param_hint="'-o' / '--output'",
        )
    project = settings.project()
    chosen = _check_slugs(project, slugs)
    brand_names = _check_brands(project, ("all",) if all_variants else brand_names)
    editions = _expand(("all",) if all_variants else editions, EDITIONS)
    layouts = _expand(("all",) if all_variants else layouts, LAYOUTS)
    if fold_marks and "trifold" not in layouts:
        raise click.UsageError(
            "--fold-marks marks the folds of a tri-fold; add --layout trifold (or leave it out)"
        )
    _say_unmade(settings, editions, layouts)
    out_dir = (out_dir or project.root / "dist").resolve()
    # Each leaflet and brand loads on its own: one that does not is refused alone.
    # With no slugs named, every folder is read, and its name checked.
    leaflets = leaflet_docs(project, chosen if slugs else None, DEFAULT_LANG)
    brands = brand_docs(project, brand_names)
    settings.say(f"Loaded in {time.perf_counter() - started:.2f} s.", 2)
    refused: list[str] = []

    try:
        jobs = plan_jobs(
            [doc.leaflet for doc in leaflets if doc.leaflet is not None],
            [doc.brand for doc in brands if doc.brand is not None],
            out_dir,
            editions,
            layouts,
            draft=skip_checks,
            print_ready=print_ready,
            fold_marks=fold_marks,
        )
    except LeafletPressError as error:
        raise InputError(error) from None
    renderer = Renderer(project)

    def gate(todo: list) -> None:
        """Run the gate and drop the refused leaflets' and brands' jobs from ``todo``."""
        if skip_checks:
            settings.say(f"Checks skipped: every page is stamped '{DRAFT_STAMP}'.")
        checked = time.perf_counter()
        verdict = _gate(settings, project, leaflets, brands, strict, checks=not skip_checks)
        settings.say(f"Checked in {time.perf_counter() - checked:.2f} s.", 2)
        refused.extend(verdict.refused)
        keep = {id(x) for x in [*verdict.leaflets, *verdict.brands]}
        todo[:] = [job for job in todo if id(job.leaflet) in keep and id(job.brand) in keep]

    def finish() -> None:
        """Exit 1 naming what the gate refused, once the rest is written.

        The problems were printed as ``Error:`` lines when the gate ran; this line
        only names the refused files, so each problem is still said exactly once.
        """
        if refused:
            click.echo(_refusal(refused, skip_checks), err=True)
            raise click.exceptions.Exit(1)

    if html or not jobs:
        # Nothing left to build once loading refused every leaflet or brand: say why,
        # and leave the output folder alone (not even created for its lock).
        gate(jobs)
        if not jobs:
            finish()
            return
        try:
            written = write_html(jobs, renderer)
        except LeafletPressError as error:
            raise InputError(error) from None
        for path in written:
            settings.say(f"{display_path(path)}")
        documents = f"{len(written)} HTML document{'s' if len(written) != 1 else ''}"
        settings.say(f"Wrote {documents} in {time.perf_counter() - started:.1f} s.")
        finish()
        return

    # One build at a time writes into a folder (its manifest); SIGTERM and SIGHUP stop
    # the build cleanly: workers ended, temporary files removed, the lock released.
    _stop_cleanly_on_signals()
    _reported(_lock_output, out_dir, settings)
    for leftover in remove_stale_temporary_files(out_dir):
        settings.say(f"Removed {display_path(leftover)}, left by a build that was stopped", 2)
    manifest = Manifest(out_dir, renderer)
    todo = [job for job in jobs if force or not manifest.is_fresh(job)]
    unchanged = len(jobs) - len(todo)
    _reported(manifest.forget, todo)
    show_bar = len(todo) > 3 and settings.verbosity == 1 and _on_terminal()
    progress = _Progress(settings, len(todo), show_bar)

    def report(outcome) -> None:
        if outcome.ok:
            _reported(manifest.record, outcome.job)
        progress.advance()
        if outcome.ok and not show_bar:
            pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
            at = f"  at {time.perf_counter() - started:.1f} s" if settings.verbosity >= 2 else ""
            progress.say(
                f"{display_path(outcome.job.output)}  {pages}  {_kilobytes(outcome.size)}{at}"
            )
        for warning in outcome.warnings:
            progress.say(f"Warning: {warning}")

    def start() -> None:
        # build_pdfs reads its job list after before_render, in one process and with
        # workers alike, so what the gate drops from todo here is never rendered
        # (tests/test_gate.py holds the builder to this).
        gate(todo)
        progress.start(len(todo))

    with progress:
        # The checks run while the workers start, so their start-up costs no extra time.
        outcomes = build_pdfs(
            todo,
            project,
            strict=strict,
            workers=workers,
            report=report,
            before_render=start,
        )

    failed = [o for o in outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    built = len(outcomes) - len(failed)
    rate = f" ({built / elapsed:.1f} PDFs/s)" if built else ""
    nothing = (
        f"; nothing to do, every PDF in {display_path(out_dir)} is up to date "
        "(--force rebuilds them)"
        if unchanged and not outcomes and not refused
        else ""
    )
    settings.say(
        f"Built {built} PDF{'s' if built != 1 else ''}, {unchanged} unchanged, "
        f"{len(failed)} failed, in {elapsed:.1f} s{rate}{nothing}."
    )
    if failed:
        # A full or read-only folder fails every job alike: say it once.
        for problem in dict.fromkeys(p for o in failed for p in o.problems):
            click.echo(f"Error: {problem}", err=True)
    finish()
    if failed:
        raise click.exceptions.Exit(1)


def _on_terminal() -> bool:
    """Whether people watch standard error (a progress bar is for them, not for logs)."""
    return sys.stderr.isatty()


class _Progress:
    """The progress bar of a build, and the lines printed while it is drawn.

    A line printed while the bar is drawn first clears the bar's line, then the bar is
    drawn again below it, so a warning never shares a line with the bar. The time
    left is shown only once a quarter of the PDFs (and at least two) are done: the
    first PDFs pay for starting the engine, so an estimate from them is far too long.
    """

    def __init__(self, settings: Settings, length: int, shown: bool):
        self.settings = settings
        self.shown = shown
        self.bar = click.progressbar(
            length=max(length, 1),
            label="Building",
            file=sys.stderr,
            hidden=not shown,
            show_eta=False,
        )
        self.drawn = False
        self.done = 0

    def __enter__(self) -> _Progress:
        return self  # the bar is drawn once the checks have spoken (see start)

    def __exit__(self, *exc) -> None:
        if self.drawn:
            self.bar.render_finish()

    def start(self, length: int) -> None:
        self.bar.length = max(length, 1)
        if self.shown and length:
            self.bar.entered = True
            self.bar.render_progress()
            self.drawn = True

    def advance(self) -> None:
        self.done += 1
        if self.done >= max(2, self.bar.length // 4):
            self.bar.show_eta = True
        if self.drawn:
            self.bar.update(1)

    def say(self, message: str, level: int = 1) -> None:
        if self.drawn and self.settings.verbosity >= level:
            click.echo("\r\x1b[K", nl=False, err=True)  # clear the bar's line
            self.settings.say(message, level)
            self.bar._last_line = None  # Click skips drawing a line it thinks is shown
            self.bar.render_progress()
        else:
            self.settings.say(message, level)


def _refusal(refused: list[str], skipped: bool) -> str:
    """The closing line of a build that refused some files, after the rest was written."""
    names = ", ".join(refused)
    if skipped:
        return f"Not built, because of the errors above: {names}; fix them."
    return (
        f"Not built, because of the errors above: {names}; fix them, "
        "or build a draft with --skip-checks."
    )


def _gate(settings: Settings, project, leaflets, brands, strict: bool, checks: bool = True):
    """Ask the gate about ``leaflets`` and ``brands``; print its errors and warnings.

    Returns the Verdict; the caller decides what a refusal means for its command.
    """
    from .checks.runner import gate

    verdict = gate(
        project,
        leaflets,
        brands,
        today=today(),
        sources=_default_sources(project) if checks else None,
        strict=strict,
        checks=checks,
    )
    _show(settings, verdict)
    return verdict


def _show(settings: Settings, verdict) -> None:
    """Print a verdict's findings: errors always, warnings unless -q, allowed ones with -v."""
    for problem in verdict.errors:
        click.echo(f"Error: {problem}", err=True)
    for problem in verdict.warnings:
        settings.say(f"Warning: {problem}")
    for finding in verdict.allowed:
        settings.say(f"Allowed: {finding}", level=2)


def _default_sources(project):
    """The project's sources/ folder, read, when it exists (figures are checked against it)."""
    from .checks import read_sources

    folder = project.root / "sources"
    if not folder.is_dir():
        return None
    try:
        return read_sources(folder)
    except LeafletPressError as error:
        raise InputError(error) from None


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people; json for tools; markdown for the README's table of reading "
    "levels (with --rules, of the rules).",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of plain-text source documents that every figure must appear in "
    "(default: the project's sources/ folder, when it exists).",
)
@click.option("--rules", "show_rules", is_flag=True, help="List the rules and exit.")
@click.pass_context
def check(
    ctx: click.Context,
    slugs: tuple[str, ...],
    output_format: str,
    strict: bool,
    sources_dir: Path | None,
    show_rules: bool,
) -> None:
    """Check leaflets (every language) and brand files against the content rules.

    Reports each problem as file:line: level: rule-id: message, grouped by file,
    with each English leaflet's reading grade. Exits 0 when there are no errors
    (warnings are allowed unless --strict), 1 when there are.

    \b
    Examples:
      python build.py check                       every leaflet and brand
      python build.py check overview --strict     one leaflet; warnings fail too
      python build.py check --sources ../source   figures checked against sources
      python build.py check --rules               what each rule checks
    """
    from . import report as show
    from .checks import RULES, check_project, read_sources

    settings: Settings = ctx.obj
    if show_rules:
        formats = {
            "text": show.rules_text,
            "json": show.rules_json,
            "markdown": show.rules_markdown,
        }
        click.echo(formats[output_format](list(RULES.values())), nl=False)
        return
    project = settings.project()
    chosen = _check_slugs(project, slugs)
    if sources_dir is not None:
        try:
            sources = read_sources(sources_dir)
        except LeafletPressError as error:
            raise click.BadParameter(str(error.problems[0]), param_hint="--sources") from None
    else:
        sources = _default_sources(project)
    # With no slugs, every folder is read, and the names build refuses are reported.
    report = check_project(project, chosen if slugs else None, today=today(), sources=sources)
    if output_format == "json":
        click.echo(show.as_json(report), nl=False)
    elif output_format == "markdown":
        click.echo(show.readability_table(report), nl=False)
    else:
        click.echo(show.text(report, settings.verbosity), nl=False)
    if report.failing(strict):
        if strict and not report.failing(False):
            click.echo("Error: failing because of warnings, as --strict asks.", err=True)
        ctx.exit(1)


@cli.command("list")
@click.pass_obj
def list_leaflets(settings: Settings) -> None:
    """List the leaflets (code, version, review dates, title), brands, editions and layouts.

    \b
    Example:
      python build.py list
    """
    project = settings.project()
    try:
        leaflets = load_leaflets(project.leaflets_dir, None, DEFAULT_LANG)
        brands = load_brands(project.brands_dir, discover_brands(project.brands_dir))
    except LeafletPressError as error:
        raise InputError(error) from None
    _table(
        [("LEAFLET", "CODE", "VERSION", "REVIEWED", "NEXT REVIEW", "TITLE")]
        + [
            (
                leaflet.slug,
                leaflet.code,
                leaflet.version,
                leaflet.reviewed.isoformat(),
                leaflet.next_review.isoformat(),
                leaflet.title,
            )
            for leaflet in leaflets
        ]
    )
    click.echo()
    _table(
        [("BRAND", "NAME")]
        + [
            (
                brand.key,
                brand.name
                + ("  (used when no --brand is given)" if brand.key == DEFAULT_BRAND else ""),
            )
            for brand in brands
        ]
    )
    click.echo()
    click.echo(f"EDITIONS  {', '.join(EDITIONS)}")
    click.echo(f"LAYOUTS   {', '.join(LAYOUTS)}")


def _table(rows: list[tuple[str, ...]]) -> None:
    """Print rows as aligned columns; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        click.echo("  ".join([*cells, row[-1]]))


@cli.command()
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@click.option(
    "--patient",
    metavar="NAME",
    help="The patient's name as it should print. Leave it out to be asked for it, "
    "which keeps it out of the shell's history.",
)
@click.option("--doctor", metavar="NAME", default="", help="Who saw the patient; signs the email.")
@click.option(
    "--date",
    "day",
    type=VisitDate(),
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of the visit, YYYY-MM-DD (default: today).",
)
@click.option(
    "--note",
    "notes",
    multiple=True,
    metavar="TEXT",
    help="A note for the patient, printed as typed with its line breaks; repeat for more.",
)
@click.option(
    "--note-file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    default=None,
    help="More notes from a UTF-8 text file, or - to type or pipe them in "
    "(printed after any --note).",
)
@click.option(
    "--next-step",
    "next_steps",
    multiple=True,
    metavar="TEXT",
    help="A next step, printed with a box to tick; repeat for more.",
)
@click.option(
    "--brand",
    "brand_key",
    default=DEFAULT_BRAND,
    show_default=True,
    metavar="NAME",
    help="Brand file in brands/.",
)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=EDITIONS[0],
    show_default=True,
    help="Standard print, or large print for readers with low vision.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    help="Where to write the PDF: a .pdf file, a folder, or - for standard output "
    "(default: handout-<date>-<random id>.pdf in the current folder).",
)
@click.option(
    "--email",
    "address",
    metavar="ADDRESS",
    default=None,
    help="Also write an email draft to ADDRESS beside the PDF (same name, .eml), "
    "with the PDF attached, to open in your mail client. Nothing is sent.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the PDF (and email draft) if they exist; without it a handout never does.",
)
@click.pass_obj
def handout(
    settings: Settings,
    slugs: tuple[str, ...],
    patient: str | None,
    doctor: str,
    day: datetime | None,
    notes: tuple[str, ...],
    note_file: str | None,
    next_steps: tuple[str, ...],
    brand_key: str,
    edition: str,
    output: str | None,
    address: str | None,
    force: bool,
) -> None:
    """Make one patient's handout: a personal cover page, then the chosen leaflets, in one PDF.

    The cover shows who it is for, who saw them, the date, your notes, the next
    steps as a tick list, the leaflets enclosed and the clinic's contact details.
    The patient's details are printed in the PDF and go nowhere else: the file
    name carries no name, only you can read the file, and nothing is logged.

    \b
    Examples:
      python build.py handout overview scs-what-to-expect --patient "Tan Mei Ling" \\
          --doctor "Dr Lim" --note "Walk for 20 minutes a day." --next-step "Book the trial"
      python build.py handout overview --patient "Tan Mei Ling" -o - > pack.pdf
    """
    from .checks.runner import brand_docs, leaflet_docs
    from .handout import (
        check_email_address,
        decode_note_file,
        email_draft,
        make_handout,
        refuse_existing,
        render_handout,
        write_handout,
    )
    from .render import Renderer

    started = time.perf_counter()
    project = settings.project()
    try:
        chosen = _check_slugs(project, slugs)
    except click.BadParameter as error:
        # Unquoted, --next-step Review in six weeks leaves "in six weeks" as leaflet names.
        error.message += (
            "; if these words belong to --next-step, --note or --doctor, put the whole "
            'text in quotes: --next-step "Review in six weeks"'
        )
        raise
    known_brands = discover_brands(project.brands_dir)
    if brand_key not in known_brands:
        raise click.BadParameter(
            f"unknown brand {brand_key}; known brands: {', '.join(known_brands) or 'none'}",
            param_hint="'--brand'",
        )
    visit_day = day.date() if day else date.today()
    target = _handout_target(output, visit_day)
    if target is None and address:
        raise click.UsageError("--email writes the draft beside the PDF file: give -o FILE, not -")
    try:
        if target is None:
            _check_standard_output()
        elif not force:  # said before the work, and checked again when writing
            refuse_existing(target, with_draft=address is not None)
    except LeafletPressError as error:
        raise InputError(error) from None
    if patient is None:
        patient = _ask_patient() if note_file == "-" else click.prompt("Patient's name", err=True)

    problems = []
    try:
        extra_notes = [decode_note_file(_read_note_file(note_file), note_file)] if note_file else []
    except LeafletPressError as error:
        raise InputError(error) from None
    leaflet_files = leaflet_docs(project, chosen, DEFAULT_LANG)
    brand_files = brand_docs(project, [brand_key])
    loading = [p for doc in [*leaflet_files, *brand_files] for p in doc.problems]
    if loading:
        raise InputError(LeafletPressError(loading))
    leaflets = [doc.leaflet for doc in leaflet_files]
    brand = brand_files[0].brand
    try:
        pack = make_handout(
            patient,
            leaflets,
            brand,
            doctor=doctor,
            day=visit_day,
            notes=[*notes, *extra_notes],
            next_steps=next_steps,
            edition=edition,
        )
    except LeafletPressError as error:
        problems += error.problems
    if address is not None:
        try:
            address = check_email_address(address)
        except LeafletPressError as error:
            problems += error.problems
    if problems:
        raise InputError(LeafletPressError(problems))
    # The same gate as build's, on the leaflets and the brand: what build refuses is
    # never handed out.
    verdict = _gate(settings, project, leaflet_files, brand_files, strict=False)
    if not verdict.ok:
        what = "these leaflets must be reviewed" if verdict.brands else "these files must be fixed"
        raise click.ClickException(
            f"no handout made: {what} before they are handed out: "
            f"{', '.join(verdict.refused)}; ask the clinic's patient information team"
        )

    _stop_cleanly_on_signals()  # SIGTERM or SIGHUP: what was written is removed
    try:
        rendered = render_handout(pack, Renderer(project))
        if target is None:
            _write_standard_output(rendered.pdf)
            written = []
        else:
            draft = email_draft(pack, address, rendered.pdf, target.name) if address else None
            written = write_handout(target, rendered.pdf, draft, replace=force)
    except LeafletPressError as error:
        raise InputError(error) from None

    for warning in rendered.warnings:
        settings.say(f"Warning: {warning}")
    where = display_path(written[0]) if written else "standard output"
    settings.say(f"{where}  {rendered.pages} pages  {_kilobytes(len(rendered.pdf))}")
    if len(written) > 1:
        settings.say(
            f"{display_path(written[1])}  email draft with the PDF attached: "
            "open it in your mail client, check it and send it (nothing was sent)"
        )
    settings.say(f"Made the handout in {time.perf_counter() - started:.1f} s.", level=2)


TERMINAL = "/dev/tty"  # the user's terminal, whatever standard input is


def _ask_patient() -> str:
    """Ask for the patient's name on the terminal, when standard input carries the notes.

    The README advises leaving out --patient and typing the notes with --note-file -,
    so that neither reaches the shell's history: the name is then asked for on the
    terminal itself. Without a terminal (a script, a pipe from cron) there is no one to
    ask, and one line says what to do instead.
    """
    try:
        fd = os.open(TERMINAL, os.O_RDWR | os.O_NOCTTY)
        with open(fd, "rb", buffering=0) as terminal:  # a terminal cannot seek: no "r+"
            os.write(fd, b"Patient's name: ")
            name = terminal.readline(4096).decode("utf-8", errors="replace")
    except OSError:
        raise click.UsageError(
            "there is no terminal to ask for the patient's name on, and standard input "
            "carries the notes; give --patient NAME, or the notes with --note-file FILE"
        ) from None
    if not name.endswith("\n"):
        raise click.UsageError(
            "no patient's name was typed; type it at the prompt, or give --patient NAME"
        )
    return name.rstrip("\r\n")


def _handout_target(output: str | None, day: date) -> Path | None:
    """The PDF's path from ``-o``: a file, a folder for the default name, or None for stdout."""
    from .handout import default_file_name

    if output == "-":
        return None
    if output is None:
        return Path.cwd() / default_file_name(day)
    path = Path(output)
    if path.is_dir():
        return path / default_file_name(day)
    if path.suffix.lower() != ".pdf":
        raise click.BadParameter(
            "give a file name ending in .pdf, a folder, or - for standard output",
            param_hint="'-o' / '--output'",
        )
    return path


def _read_note_file(name: str) -> bytes:
    """The bytes of ``--note-file`` (stdin for -), read only a little past the size limit.

    Anything but a regular file is refused before a byte is read: opening a named
    pipe waits for a writer, and a device such as /dev/zero never ends. The file is
    opened without waiting (O_NONBLOCK) so that a pipe cannot hold the command.
    """
    from .handout import MAX_NOTE_FILE_BYTES

    if name == "-":
        with click.open_file(name, "rb") as handle:  # standard input
            return handle.read(MAX_NOTE_FILE_BYTES + 1)
    where = display_path(Path(name))
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise LeafletPressError(f"{where}: cannot read: {error.strerror}") from None
    with open(handle, "rb", closefd=True) as notes:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise LeafletPressError(
                f"{where}: is not a regular file (a pipe, device or folder); give a text "
                "file, or --note-file - to type or pipe the notes in"
            )
        try:
            data = notes.read(MAX_NOTE_FILE_BYTES + 1)
        except OSError as error:
            raise LeafletPressError(f"{where}: cannot read: {error.strerror}") from None
        if data is None:  # a "regular" file that would make us wait, such as /proc/kmsg
            raise LeafletPressError(
                f"{where}: cannot read: it gives nothing to read at once; give a text file, "
                "or --note-file - to type or pipe the notes in"
            )
        return data


def _check_standard_output() -> None:
    """Refuse ``-o -`` before any work when there is no standard output to write to.

    Run as ``command >&-``, the process starts with no standard output; Python then
    sets ``sys.stdout`` to None and ``click.echo`` silently writes nothing.
    """
    stream = sys.stdout
    usable = stream is not None
    try:
        os.fstat(stream.fileno())
    except (AttributeError, ValueError):
        pass  # not a file (a test's buffer; UnsupportedOperation is one): usable as it is
    except OSError:
        usable = False
    if not usable:
        raise LeafletPressError(
            "standard output is closed, so '-o -' has nowhere to write the PDF; "
            "redirect it (-o - > pack.pdf, -o - | lp) or give -o FILE"
        )


def _write_standard_output(data: bytes) -> None:
    """Write the PDF to standard output, or raise one line saying why it cannot be done.

    A full disk (``> /dev/full``) or a reader that has gone (``| head``) fail the
    write or its flush; then standard output is pointed at /dev/null, so Python's
    own flush at exit does not print a second, raw error.
    """
    _check_standard_output()
    stream = sys.stdout.buffer
    try:
        stream.write(data)
        stream.flush()
    except OSError as error:
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, stream.fileno())
            os.close(quiet)
        reason = "the program reading it stopped" if error.errno == errno.EPIPE else error.strerror
        raise LeafletPressError(
            f"cannot write the PDF to standard output ({reason}); nothing was written "
            "in full: give -o FILE, or check where standard output goes"
        ) from None


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds the command so every clean-up on the way runs.

    Not an Exception, so no ``except Exception`` (a failed job, say) swallows it.
    ``main`` then ends the process by the same signal.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stop_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into ``Terminated`` until the command ends.

    By default these signals end Python on the spot: a handout's temporary file
    (a complete patient PDF) stayed on disk and a build's worker processes lived
    on. Raised as an exception, they unwind through every ``finally`` (temporary
    files removed, workers ended, the folder's lock released). A second signal
    during the clean-up is ignored. SIGKILL cannot be caught, and leaves nothing
    named either (see output.py). The handlers are put back when the command ends.
    """
    if threading.current_thread() is not threading.main_thread():
        return  # signals reach the main thread only; a caller there keeps its own

    def stop(signum, _frame):
        for each in _STOPPING_SIGNALS:
            signal.signal(each, signal.SIG_IGN)
        raise Terminated(signum)

    previous = {each: signal.signal(each, stop) for each in _STOPPING_SIGNALS}

    def restore() -> None:
        for each, handler in previous.items():
            signal.signal(each, handler)

    click.get_current_context().call_on_close(restore)


def _lock_output(out_dir: Path, settings: Settings) -> None:
    """Hold ``out_dir``'s lock until the command ends (see output.folder_lock)."""
    from .output import folder_lock

    def waiting() -> None:
        settings.say(f"Waiting for another build writing into {display_path(out_dir)} ...")

    click.get_current_context().with_resource(folder_lock(out_dir, OUTPUT_LOCK_WAIT, waiting))


def _reported(function: Callable, *args):
    """Call ``function``; a problem with the user's files or folders becomes ``Error:`` lines."""
    try:
        return function(*args)
    except LeafletPressError as error:
        raise InputError(error) from None


def _kilobytes(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def main(argv: list[str] | None = None, default_project: Path | None = None) -> None:
    """Entry point for ``build.py`` and the ``leafletpress`` console script.

    A command stopped by SIGTERM or SIGHUP has cleaned up on its way here; the
    process then ends by that same signal, so whoever started it sees what
    happened (exit 143 for SIGTERM, 129 for SIGHUP, in a shell).
    """
    try:
        cli.main(args=argv, prog_name=_prog_name(), obj=default_project)
    except Terminated as stopped:
        signal.signal(stopped.signum, signal.SIG_DFL)
        os.kill(os.getpid(), stopped.signum)
        os._exit(128 + stopped.signum)  # not reached: the signal ends the process


def _prog_name() -> str:
    script = Path(sys.argv[0]).name
    return "python build.py" if script == "build.py" else "leafletpress"

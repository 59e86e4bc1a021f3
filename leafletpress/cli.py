"""The command line: options in, a call to ``services``, messages and exit codes out.

Every flow (what to select, load, check, render and write, and what may be printed)
lives in the library; this module only turns options into a call and its result
or error into lines on the terminal. ``console.py`` holds how results are shown.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from . import __version__, services
from .brands import DEFAULT_BRAND
from .console import Progress, kilobytes, plural, show_verdict, table
from .errors import LeafletPressError, RefusedError, RequestError, display_path
from .jobs import EDITIONS, LAYOUTS
from .output import Terminated, stopping_cleanly_on_signals
from .services import DRAFT_STAMP, LANGS, OUTPUT_LOCK_WAIT

TERMINAL = "/dev/tty"  # the user's terminal, whatever standard input is


class InputError(click.ClickException):
    """A problem in the user's files: one ``Error: file:line: message`` line each, exit 1."""

    def __init__(self, error: LeafletPressError):
        super().__init__(str(error))
        self.problems = error.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"Error: {problem}", err=True)


def today() -> date:
    """The day review dates are checked against: the library takes it as a parameter,
    and the command line gives today (the tests pin this function)."""
    return date.today()


def library_errors(command):
    """Turn the library's errors into Click's: a wrong request exits 2 after the usage
    reminder, a problem in the user's files exits 1 with one ``Error:`` line each."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RequestError as problem:
            if problem.param:
                raise click.BadParameter(problem.message, param_hint=problem.param) from None
            raise click.UsageError(problem.message) from None
        except LeafletPressError as error:
            raise InputError(error) from None

    return run


class VisitDate(click.DateTime):
    """A date typed as YYYY-MM-DD, with a message that shows the form to use."""

    MAX_DAYS_AWAY = 366  # more than a year from today is a typing slip (2062 for 2026)

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

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
            return (Project.find if self.search else Project.at)(self.project_root)
        except LeafletPressError as error:
            raise InputError(error) from None

    def say(self, message: str, level: int = 1) -> None:
        """Progress for people goes to stderr, so stdout stays clean for data."""
        if self.verbosity >= level:
            click.echo(message, err=True)

    def stop_cleanly_on_signals(self) -> None:
        """SIGTERM and SIGHUP unwind the command (files removed, workers ended) until it ends."""
        click.get_current_context().with_resource(stopping_cleanly_on_signals())


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
    verbosity = 0 if quiet else 1 + verbose
    ctx.obj = Settings(project_root or default_root, verbosity, search=project_root is None)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _choice(option: str, values, help: str):
    """A repeatable option taking one of ``values`` or 'all'."""
    return click.option(option, multiple=True, type=click.Choice([*values, "all"]), help=help)


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: dist/ in the project).",
)
@click.option(
    "--brand",
    "brand_names",
    multiple=True,
    metavar="NAME",
    help="Brand file from brands/ (repeat for several, or 'all'). Default: default.",
)
@_choice("--edition", EDITIONS, "Print edition (repeat for several, or 'all'). Default: standard.")
@_choice(
    "--layout", LAYOUTS, "A4 leaflet or A4 landscape tri-fold (repeat, or 'all'). Default: leaflet."
)
@_choice("--lang", LANGS, "Language (a leaflet's <lang>.md; repeat, or 'all'). Default: en.")
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
@library_errors
def build(
    settings: Settings, slugs, out_dir, brand_names, edition, layout, lang, all_variants, **options
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
    started = time.perf_counter()
    if out_dir is not None and str(out_dir) == "-":
        raise click.BadParameter(
            "a build writes many files: give a folder (only handout writes to standard output)",
            param_hint="'-o' / '--output'",
        )
    project = settings.project()
    every = ("all",) if all_variants else None
    events = _BuildEvents(settings, started)
    settings.stop_cleanly_on_signals()
    with events.progress:
        result = services.build(
            project,
            slugs,
            out_dir=out_dir,
            brands=every or brand_names,
            editions=every or edition,
            layouts=every or layout,
            langs=lang,
            today=today(),
            events=events,
            lock_wait=OUTPUT_LOCK_WAIT,
            **options,
        )
    elapsed = time.perf_counter() - started
    if options["html"] or not result.jobs:
        for path in result.html:
            settings.say(f"{display_path(path)}")
        if result.html:
            settings.say(f"Wrote {plural(len(result.html), 'HTML document')} in {elapsed:.1f} s.")
    else:
        rate = f" ({result.built / elapsed:.1f} PDFs/s)" if result.built else ""
        nothing = (
            f"; nothing to do, every PDF in {display_path(result.out_dir)} is up to date "
            "(--force rebuilds them)"
            if result.unchanged and not result.outcomes and not result.refused
            else ""
        )
        settings.say(
            f"Built {plural(result.built, 'PDF')}, {result.unchanged} unchanged, "
            f"{len(result.failed)} failed, in {elapsed:.1f} s{rate}{nothing}."
        )
        # A full or read-only folder fails every job alike: say it once.
        for problem in dict.fromkeys(p for o in result.failed for p in o.problems):
            click.echo(f"Error: {problem}", err=True)
    if result.refusal():
        click.echo(result.refusal(), err=True)
    if not result.ok:
        raise click.exceptions.Exit(1)


def _on_terminal() -> bool:
    """Whether people watch standard error (a progress bar is for them, not for logs)."""
    return sys.stderr.isatty()


class _BuildEvents(services.BuildEvents):
    """A build's progress as the terminal shows it: notes, the gate's findings, one line
    per PDF (or a progress bar for more than three, on a terminal), warnings."""

    def __init__(self, settings: Settings, started: float):
        self.settings, self.started = settings, started
        self.progress = Progress(settings.say, False)

    def note(self, message: str, level: int = 1) -> None:
        self.settings.say(message, level)

    def planned(self, count: int) -> None:
        self.progress.shown = count > 3 and self.settings.verbosity == 1 and _on_terminal()
        self.progress.bar.hidden = not self.progress.shown

    def checked(self, verdict) -> None:
        show_verdict(self.settings.say, verdict)

    def starting(self, count: int) -> None:
        self.progress.start(count)

    def finished(self, outcome) -> None:
        self.progress.advance()
        if outcome.ok and not self.progress.shown:
            at = time.perf_counter() - self.started
            at = f"  at {at:.1f} s" if self.settings.verbosity >= 2 else ""
            size = kilobytes(outcome.size)
            self.progress.say(
                f"{display_path(outcome.job.output)}  {plural(outcome.pages, 'page')}  {size}{at}"
            )
        for warning in outcome.warnings:
            self.progress.say(f"Warning: {warning}")


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
@library_errors
def check(
    ctx: click.Context, slugs, output_format: str, strict: bool, sources_dir, show_rules
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
    from .checks import RULES, read_sources

    if show_rules:
        rules = {"text": show.rules_text, "json": show.rules_json, "markdown": show.rules_markdown}
        click.echo(rules[output_format](list(RULES.values())), nl=False)
        return
    project = ctx.obj.project()
    sources = None
    if sources_dir is not None:
        try:
            sources = read_sources(sources_dir)
        except LeafletPressError as error:
            raise click.BadParameter(str(error.problems[0]), param_hint="--sources") from None
    report = services.check(project, slugs, today=today(), sources=sources)
    formats = {"json": show.as_json, "markdown": show.readability_table}
    text = (
        formats[output_format](report)
        if output_format in formats
        else show.text(report, ctx.obj.verbosity)
    )
    click.echo(text, nl=False)
    if report.failing(strict):
        if strict and not report.failing(False):
            click.echo("Error: failing because of warnings, as --strict asks.", err=True)
        ctx.exit(1)


@cli.command("list")
@click.pass_obj
@library_errors
def list_leaflets(settings: Settings) -> None:
    """List the leaflets (code, version, review dates, title), brands, editions and layouts.

    A leaflet or brand file that does not load is named after the lists (exit 1).

    \b
    Example:
      python build.py list
    """
    found = services.listing(settings.project())
    rows = [
        (x.slug, x.code, x.version, str(x.reviewed), str(x.next_review), x.title)
        for x in found.leaflets
    ]
    table([("LEAFLET", "CODE", "VERSION", "REVIEWED", "NEXT REVIEW", "TITLE"), *rows])
    click.echo()
    default = "  (used when no --brand is given)"
    table(
        [
            ("BRAND", "NAME"),
            *((b.key, b.name + default * (b.key == DEFAULT_BRAND)) for b in found.brands),
        ]
    )
    click.echo()
    click.echo(f"EDITIONS  {', '.join(EDITIONS)}")
    click.echo(f"LAYOUTS   {', '.join(LAYOUTS)}")
    if found.problems:
        raise InputError(LeafletPressError(found.problems))


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
    "--lang", type=click.Choice(LANGS), default=LANGS[0], show_default=True, help="Language."
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write the PDF: a .pdf file, a folder, or - for standard output "
    "(default: handout-<date>-<random id>.pdf in the current folder).",
)
@click.option(
    "--email",
    metavar="ADDRESS",
    help="Also write an email draft to ADDRESS beside the PDF (same name, .eml), "
    "with the PDF attached, to open in your mail client. Nothing is sent.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the PDF (and email draft) if they exist; without it a handout never does.",
)
@click.pass_obj
@library_errors
def handout(
    settings: Settings,
    slugs,
    patient,
    day: datetime | None,
    note_file,
    output,
    email,
    force,
    **details,
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
    from .handout import (
        MAX_NOTE_FILE_BYTES,
        decode_note_file,
        default_file_name,
        read_note_file,
        refuse_existing,
        write_handout,
    )
    from .output import check_standard_output, write_standard_output

    started = time.perf_counter()
    project = settings.project()
    try:
        services.choose_slugs(project, slugs)
    except RequestError as problem:
        # Unquoted, --next-step Review in six weeks leaves "in six weeks" as leaflet names.
        problem.message += (
            "; if these words belong to --next-step, --note or --doctor, put the whole "
            'text in quotes: --next-step "Review in six weeks"'
        )
        raise
    services.choose_brand(project, details["brand"])
    visit_day = day.date() if day else date.today()
    target = _handout_target(output, default_file_name(visit_day))
    if target is None and email:
        raise click.UsageError("--email writes the draft beside the PDF file: give -o FILE, not -")
    if target is None:
        check_standard_output()
    elif not force:  # said before the work, and checked again when writing
        refuse_existing(target, with_draft=email is not None)
    if patient is None:
        patient = _ask_patient() if note_file == "-" else click.prompt("Patient's name", err=True)
    raw = None
    if note_file == "-":
        with click.open_file(note_file, "rb") as stdin:  # what is typed or piped in
            raw = stdin.read(MAX_NOTE_FILE_BYTES + 1)
    elif note_file:
        raw = read_note_file(note_file)
    extra = [decode_note_file(raw, note_file)] if note_file else []
    settings.stop_cleanly_on_signals()  # SIGTERM or SIGHUP: what was written is removed
    try:
        details["notes"] = [*details["notes"], *extra]
        made = services.handout(
            project, slugs, patient, day=visit_day, email=email, today=today(), **details
        )
    except RefusedError as refused:
        show_verdict(settings.say, refused.verdict)
        raise click.ClickException(refused.message) from None
    show_verdict(settings.say, made.verdict)
    if target is None:
        write_standard_output(made.pdf)
        written = []
    else:
        draft = made.email_draft(target.name) if email else None
        written = write_handout(target, made.pdf, draft, replace=force)
    for warning in made.warnings:
        settings.say(f"Warning: {warning}")
    where = display_path(written[0]) if written else "standard output"
    settings.say(f"{where}  {made.pages} pages  {kilobytes(len(made.pdf))}")
    if len(written) > 1:
        settings.say(
            f"{display_path(written[1])}  email draft with the PDF attached: "
            "open it in your mail client, check it and send it (nothing was sent)"
        )
    settings.say(f"Made the handout in {time.perf_counter() - started:.1f} s.", level=2)


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


def _handout_target(output: str | None, default_name: str) -> Path | None:
    """The PDF's path from ``-o``: a file, a folder for the default name, or None for stdout."""
    if output == "-":
        return None
    if output is None:
        return Path.cwd() / default_name
    path = Path(output)
    if path.is_dir():
        return path / default_name
    if path.suffix.lower() != ".pdf":
        raise click.BadParameter(
            "give a file name ending in .pdf, a folder, or - for standard output",
            param_hint="'-o' / '--output'",
        )
    return path


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
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "leafletpress"

"""The command line: options in, a call to ``services``, messages and exit codes out.

Every flow (what to select, load, check, render and write, and what may be printed)
lives in the library; this module only turns options into a call and its result
or error into lines on the terminal. ``console.py`` holds how results are shown.
"""

from __future__ import annotations

import difflib
import os
import signal
import sys
import time
from datetime import date, datetime
from pathlib import Path

import click

from . import __version__
from .console import (
    BuildProgress,
    InputError,
    Settings,
    VisitDate,
    ask_patient,
    handout_target,
    library_errors,
    prompt_patient,
    read_notes,
    report_handout,
    show_verdict,
    table,
)
from .errors import LeafletPressError, RefusedError, RequestError
from .i18n import ENGLISH
from .jobs import EDITIONS, LAYOUTS
from .model import DEFAULT_BRAND, LANGS
from .output import Terminated

DRAFT_STAMP = ENGLISH.draft
# How long a build waits for another one writing into the same folder: a full -j 2
# matrix takes about 5 s here, so a minute covers any real build.
OUTPUT_LOCK_WAIT = 60.0


def _services():
    """The library's flows, imported when a command runs (so --help starts fast)."""
    from . import services

    return services


def today() -> date:
    """The day review dates are checked against: the library takes it as a parameter,
    and the command line gives today (the tests pin this function)."""
    return date.today()


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


def _flags(**helps: str):
    """On/off options in the order given, one per keyword: ``print_ready`` is --print-ready."""

    def apply(command):
        for name, text in reversed(helps.items()):
            option = f"--{name.replace('_', '-')}"
            command = click.option(option, is_flag=True, help=text)(command)
        return command

    return apply


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
@_flags(
    all_variants="Every brand x language x edition x layout: the full matrix.",
    print_ready="Add 3 mm bleed and crop marks for a professional printer.",
    fold_marks="Mark the folds of a tri-fold.",
    html="Write the HTML documents instead of PDFs.",
    strict="Treat warnings as errors: write no PDF that has one.",
)
@click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes rendering at once.",
)
@_flags(
    force="Rebuild every PDF, even those whose inputs are unchanged.",
    skip_checks=f"Build even if the content checks fail; every page is stamped '{DRAFT_STAMP}'.",
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
      python build.py build --lang all              each leaflet in every language it has
      python build.py build --lang zh-Hans --lang ta   Chinese and Tamil
      python build.py build --all-variants          every brand, language, edition and layout
      python build.py build --html                  HTML you can open in a browser
      python build.py build --skip-checks           a draft for review, stamped DRAFT

    \b
    Files are named <slug>[--brand][--lang][--edition][--layout][--print-ready
    or --fold-marks][--draft].pdf, naming only what differs from the default:
    dist/overview.pdf, dist/overview--zh-Hans.pdf,
    dist/overview--example-partner--large-print.pdf.
    """
    started = time.perf_counter()
    if out_dir is not None and str(out_dir) == "-":
        raise click.BadParameter(
            "a build writes many files: give a folder (only handout writes to standard output)",
            param_hint="'-o' / '--output'",
        )
    project = settings.project()
    settings.warn_if_no_subsetter()
    every = ("all",) if all_variants else None
    events = BuildProgress(settings, started, _on_terminal)
    settings.stop_cleanly_on_signals()
    with events.progress:
        result = _services().build(
            project,
            slugs,
            out_dir=out_dir,
            brands=every or brand_names,
            editions=every or edition,
            layouts=every or layout,
            langs=every or lang,
            today=today(),
            events=events,
            lock_wait=OUTPUT_LOCK_WAIT,
            **options,
        )
    events.report(result, html=options["html"])


def _on_terminal() -> bool:
    """Whether people watch standard error (a progress bar is for them, not for logs)."""
    return sys.stderr.isatty()


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG or BRAND]...")
@click.option(
    "--brand",
    "brand_names",
    multiple=True,
    metavar="NAME",
    help="Check this brand file (repeat for several); without leaflets named, only it.",
)
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
    ctx: click.Context,
    slugs,
    brand_names,
    output_format: str,
    strict: bool,
    sources_dir,
    show_rules,
) -> None:
    """Check leaflets (every language) and brand files against the content rules.

    Reports each problem as file:line: level: rule-id: message, grouped by file,
    with each English leaflet's reading grade. Exits 0 when there are no errors
    (warnings are allowed unless --strict), 1 when there are.

    \b
    Examples:
      python build.py check                       every leaflet and brand
      python build.py check overview --strict     one leaflet; warnings fail too
      python build.py check example-partner       one brand file alone
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
    report = _services().check(project, slugs, brands=brand_names, today=today(), sources=sources)
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
    found = _services().listing(settings.project())
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
    type=VisitDate(lambda: today()),
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
    "--lang",
    type=click.Choice(LANGS),
    default=LANGS[0],
    show_default=True,
    help="Language of the cover, the email draft and the leaflets (each leaflet needs its "
    "<lang>.md).",
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
    from .handout import default_file_name, refuse_existing, write_handout
    from .output import check_standard_output, write_standard_output

    started = time.perf_counter()
    project = settings.project()
    try:
        _services().choose_slugs(project, slugs)
    except RequestError as problem:
        known = _services().choose_slugs(project)
        unknown = [slug for slug in slugs if slug not in known]
        close = [difflib.get_close_matches(slug, known, n=1, cutoff=0.75) for slug in unknown]
        if all(close):  # typing slips: name the leaflets meant
            problem.message += "; did you mean " + ", ".join(m[0] for m in close) + "?"
        else:
            # Unquoted, --next-step Review in six weeks leaves "in six weeks" as leaflet names.
            problem.message += (
                "; if these words belong to --next-step, --note or --doctor, put the whole "
                'text in quotes: --next-step "Review in six weeks"'
            )
        raise
    _services().choose_brand(project, details["brand"])
    visit_day = day.date() if day else date.today()
    target = handout_target(output, default_file_name(visit_day))
    if target is None and email:
        raise click.UsageError("--email writes the draft beside the PDF file: give -o FILE, not -")
    if target is None:
        check_standard_output()
    elif not force:  # said before the work, and checked again when writing
        refuse_existing(target, with_draft=email is not None)
    if patient is None:
        patient = ask_patient() if note_file == "-" else prompt_patient()
    extra = read_notes(note_file)
    settings.warn_if_no_subsetter()
    settings.stop_cleanly_on_signals()  # SIGTERM or SIGHUP: what was written is removed
    try:
        details["notes"] = [*details["notes"], *extra]
        made = _services().handout(
            project,
            slugs,
            patient,
            day=visit_day,
            email=email,
            today=today(),
            say=settings.say,
            **details,
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
    report_handout(settings, made, written)
    settings.say(f"Made the handout in {time.perf_counter() - started:.1f} s.", level=2)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this computer's own (loopback) address "
    "needs --access-key-file.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes rendering handouts at once, each with a warm renderer.",
)
@click.option(
    "--access-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A file (readable by you only) holding the key other computers must give: "
    "browsers sign in once, API clients send 'Authorization: Bearer KEY'.",
)
@click.pass_obj
@library_errors
def serve(
    settings: Settings, host: str, port: int, workers: int, access_key_file: Path | None
) -> None:
    """Start the web app: the handout form for doctors and a JSON API for other systems.

    Prints the address to open in a browser; Ctrl-C (or SIGTERM) stops it. Nothing
    about a patient is stored: details go into the PDF downloaded, and nowhere else.

    \b
    Examples:
      python build.py serve                 then open http://127.0.0.1:8000/
      python build.py serve --host 0.0.0.0 --access-key-file ~/.leafletpress-key
    """
    try:
        from .web import create_app, server
    except ImportError as missing:  # installed before the web app came: its packages lack
        raise click.ClickException(
            f"the web app needs {missing.name}, which is not installed: run "
            ".venv/bin/pip install -e . again"
        ) from None

    from .web.safety import AccessKey, read_access_key
    from .web.workers import Pool

    key = None
    if access_key_file is not None:
        try:
            key = AccessKey(read_access_key(access_key_file))
        except LeafletPressError as error:
            raise click.BadParameter(
                str(error.problems[0]), param_hint="--access-key-file"
            ) from None
    server.check_host(host, key)
    project = settings.project()
    # A doctor must never wait for the Chinese and Tamil faces to be cut: the first
    # serve on a machine cuts them (and says so) before any worker starts.
    _services().prepare_fonts(["中文 தமிழ்"], say=settings.say)

    pool = Pool(project.root, workers, start=False)

    def announce(address: str) -> None:  # the port is ours: start the workers
        settings.say(f"Starting {workers} renderer worker process(es) ...", level=2)
        pool.start()
        click.echo(f"Leaflet Press is serving {address} ; open it in a browser. Ctrl-C stops it.")

    try:
        with server.quiet_logging():
            app = create_app(project.root, maker=pool, today=today, access_key=key)
            server.serve(app, host, port, announce=announce)
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {error.strerror or error}; choose another --port"
        ) from None
    finally:
        pool.close()
    settings.say("Stopped.")


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

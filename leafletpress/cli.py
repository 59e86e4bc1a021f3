"""The command line: parse options, call the package, report. No rendering logic lives here."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from . import __version__
from .brands import DEFAULT_BRAND, load_brand
from .content import DEFAULT_LANG, discover_slugs, load_leaflets
from .errors import LeafletPressError, Problem, display_path

DRAFT_STAMP = "DRAFT - not approved"  # printed on every page by styles/base.css


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


@dataclass
class Settings:
    """Options of the whole command, shared by every subcommand."""

    project_root: Path
    verbosity: int = 1  # 0 quiet, 1 normal, 2+ verbose

    def project(self):
        from .project import Project

        try:
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
    ctx.obj = Settings(project_root or default_root, 0 if quiet else 1 + verbose)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _check_slugs(project, slugs: tuple[str, ...]) -> list[str]:
    """Unknown slugs are a usage error (exit 2) that lists the known ones."""
    known = discover_slugs(project.leaflets_dir)
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown leaflet {', '.join(unknown)}; known leaflets: {', '.join(known) or 'none'}",
            param_hint="SLUG",
        )
    return list(dict.fromkeys(slugs)) or known


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
@click.option("--html", is_flag=True, help="Write the HTML documents instead of PDFs.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: write no PDF that has one.")
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
    html: bool,
    strict: bool,
    skip_checks: bool,
) -> None:
    """Build leaflets (all of them when no SLUG is given).

    The content checks (see the check command) run first: a leaflet with errors
    is not built. --skip-checks builds anyway and stamps every page as a draft.

    \b
    Examples:
      python build.py build                   every leaflet into dist/
      python build.py build overview -o out   one leaflet into out/
      python build.py build --html            HTML you can open in a browser
      python build.py build --skip-checks     a draft for review, stamped DRAFT
    """
    from .builder import build_pdfs, plan_jobs, write_html
    from .render import Renderer

    started = time.perf_counter()
    project = settings.project()
    chosen = _check_slugs(project, slugs)
    out_dir = (out_dir or project.root / "dist").resolve()
    try:
        leaflets = load_leaflets(project.leaflets_dir, chosen, DEFAULT_LANG)
        brand = load_brand(project.brands_dir, DEFAULT_BRAND)
    except LeafletPressError as error:
        raise InputError(error) from None
    if skip_checks:
        settings.say(f"Checks skipped: every page is stamped '{DRAFT_STAMP}'.")
    else:
        _gate(settings, project, leaflets, brand, strict)
    jobs = plan_jobs(leaflets, [brand], out_dir, draft=skip_checks)
    renderer = Renderer(project)

    if html:
        try:
            written = write_html(jobs, renderer)
        except LeafletPressError as error:
            raise InputError(error) from None
        for path in written:
            settings.say(f"{display_path(path)}")
        settings.say(
            f"Wrote {len(written)} HTML documents in {time.perf_counter() - started:.1f} s."
        )
        return

    def report(outcome) -> None:
        for warning in outcome.warnings:
            settings.say(f"Warning: {warning}")
        if outcome.ok:
            settings.say(
                f"{display_path(outcome.job.output)}  {outcome.pages} pages  "
                f"{_kilobytes(outcome.size)}"
            )

    outcomes = build_pdfs(jobs, renderer, strict=strict, report=report)
    failed = [o for o in outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    built = len(outcomes) - len(failed)
    summary = f"Built {built} PDF{'s' if built != 1 else ''} in {elapsed:.1f} s"
    if failed:
        problems = [p for o in failed for p in o.problems]
        settings.say(summary + f"; {len(failed)} failed.")
        raise InputError(LeafletPressError(problems))
    settings.say(summary + ".")


def _gate(settings: Settings, project, leaflets, brand, strict: bool) -> None:
    """Run the content checks before building; refuse (exit 1) when any file has errors."""
    from .checks import ALLOWED, ERROR, WARNING, check_loaded

    report = check_loaded(
        project, leaflets, brand, today=today(), sources=_default_sources(project)
    )
    problems: list[Problem] = []
    refused: list[str] = []
    for file in report.files:
        failed = False
        for finding in file.findings:
            if finding.rule == "structure-renders":
                continue  # the render stage reports these itself, naming the same line
            message = f"{finding.rule}: {finding.message}"
            if finding.level == ERROR or (finding.level == WARNING and strict):
                suffix = " (a warning, and --strict is on)" if finding.level == WARNING else ""
                problems.append(Problem(finding.path, message + suffix, finding.line))
                failed = True
            elif finding.level == WARNING:
                settings.say(f"Warning: {Problem(finding.path, message, finding.line)}")
            elif finding.level == ALLOWED:
                settings.say(f"Allowed: {finding}", level=2)
        if failed:
            refused.append(file.slug or display_path(file.path))
    if problems:
        problems.append(
            Problem(
                None,
                f"not building, because of the problems above in: {', '.join(refused)}; "
                "fix them, or build a draft with --skip-checks",
            )
        )
        raise InputError(LeafletPressError(problems))


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
    report = check_project(project, chosen, today=today(), sources=sources)
    if output_format == "json":
        click.echo(show.as_json(report), nl=False)
    elif output_format == "markdown":
        click.echo(show.readability_table(report), nl=False)
    else:
        click.echo(show.text(report, settings.verbosity), nl=False)
    if report.failing(strict):
        ctx.exit(1)


@cli.command("list")
@click.pass_obj
def list_leaflets(settings: Settings) -> None:
    """List the leaflets with their code, title and review dates.

    \b
    Example:
      python build.py list
    """
    project = settings.project()
    try:
        leaflets = load_leaflets(project.leaflets_dir, None, DEFAULT_LANG)
    except LeafletPressError as error:
        raise InputError(error) from None
    rows = [("SLUG", "CODE", "VERSION", "REVIEWED", "NEXT REVIEW", "TITLE")]
    rows += [
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
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)] + [
            row[-1]
        ]
        click.echo("  ".join(cells))


def _kilobytes(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def main(argv: list[str] | None = None, default_project: Path | None = None) -> None:
    """Entry point for ``build.py`` and the ``leafletpress`` console script."""
    cli.main(args=argv, prog_name=_prog_name(), obj=default_project)


def _prog_name() -> str:
    script = Path(sys.argv[0]).name
    return "python build.py" if script == "build.py" else "leafletpress"

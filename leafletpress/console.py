"""The command line's side of things: its settings, errors, progress and questions.

Part of the command-line face, with ``cli.py`` (which holds the commands and their
options): how the library's errors become exit codes, how a build's progress and
result are shown, how the patient's name is asked for. Everything here talks to the
terminal through Click; nothing below it (the library) does.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import LeafletPressError, RequestError, display_path
from .output import stopping_cleanly_on_signals

if TYPE_CHECKING:  # the library is imported when a command runs, so --help starts fast
    from .checks.runner import Verdict
    from .services import BuildResult, HandoutResult

TERMINAL = "/dev/tty"  # the user's terminal, whatever standard input is


class InputError(click.ClickException):
    """A problem in the user's files: one ``Error: file:line: message`` line each, exit 1."""

    def __init__(self, error: LeafletPressError):
        super().__init__(str(error))
        self.problems = [error.command_line] if error.command_line else error.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"Error: {problem}", err=True)


def library_errors(command):
    """Turn the library's errors into Click's: a wrong request exits 2 after the usage
    reminder, a problem in the user's files exits 1 with one ``Error:`` line each."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RequestError as problem:
            message = problem.command_line or problem.message
            if problem.param:
                raise click.BadParameter(message, param_hint=problem.param) from None
            raise click.UsageError(message) from None
        except LeafletPressError as error:
            raise InputError(error) from None

    return run


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

    def warn_if_no_subsetter(self) -> None:
        """Say once, before PDFs are made, how to install the font subsetter if it is missing."""
        from .engine import SUBSETTER_INSTALL, subsetter_missing

        if not getattr(self, "_subsetter_checked", False):
            self._subsetter_checked = True
            if subsetter_missing():
                self.say(
                    "Warning: HarfBuzz's font subsetter is missing, so PDFs with Chinese text "
                    f"take seconds longer to write; install it with: {SUBSETTER_INSTALL}"
                )

    def stop_cleanly_on_signals(self) -> None:
        """SIGTERM and SIGHUP unwind the command (files removed, workers ended) until it ends."""
        click.get_current_context().with_resource(stopping_cleanly_on_signals())


class Progress:
    """The progress bar of a build, and the lines printed while it is drawn.

    A line printed while the bar is drawn first clears the bar's line, then the bar is
    drawn again below it, so a warning never shares a line with the bar. The time
    left is shown only once a quarter of the PDFs (and at least two) are done: the
    first PDFs pay for starting the engine, so an estimate from them is far too long.
    """

    def __init__(self, say, shown: bool):
        self.say_to_user = say  # settings.say: message, level
        self.shown = shown
        self.bar = click.progressbar(
            length=1, label="Building", file=sys.stderr, hidden=not shown, show_eta=False
        )
        self.drawn = False
        self.done = 0

    def __enter__(self) -> Progress:
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
        if self.drawn:
            click.echo("\r\x1b[K", nl=False, err=True)  # clear the bar's line
            self.say_to_user(message, level)
            self.bar._last_line = None  # Click skips drawing a line it thinks is shown
            self.bar.render_progress()
        else:
            self.say_to_user(message, level)


def show_verdict(say, verdict: Verdict) -> None:
    """Print a verdict's findings: errors always; warnings, notes for the clinical reviewer
    and allowed findings only with -v (a plain summary stands for them: ``verdict_summary``)."""
    for problem in verdict.errors:
        click.echo(f"Error: {problem}", err=True)
    for problem in verdict.warnings:
        say(f"Warning: {problem}", 2)
    for problem in verdict.notes:
        say(f"For the reviewer: {problem}", 2)
    for finding in verdict.allowed:
        say(f"Allowed: {finding}", 2)


def verdict_summary(say, verdict: Verdict | None) -> None:
    """The gate's warnings in one plain line for clinic staff (every one of them with -v)."""
    from .checks.summary import plain_summary

    if verdict is not None and verdict.warnings:
        say(plain_summary(verdict))


def table(rows: list[tuple[str, ...]]) -> None:
    """Print rows as aligned columns; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        click.echo("  ".join([*cells, row[-1]]))


def kilobytes(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def plural(count: int, word: str) -> str:
    """'1 PDF', '3 PDFs'."""
    return f"{count} {word}{'s' if count != 1 else ''}"


class BuildProgress:
    """A build's progress as the terminal shows it: notes, the gate's findings, one line
    per PDF (or a progress bar for more than three, on a terminal), warnings."""

    def __init__(self, settings: Settings, started: float, on_terminal: Callable[[], bool]):
        self.settings, self.started, self.on_terminal = settings, started, on_terminal
        self.progress = Progress(settings.say, False)

    def note(self, message: str, level: int = 1) -> None:
        self.settings.say(message, level)

    def planned(self, count: int) -> None:
        self.progress.shown = count > 3 and self.settings.verbosity == 1 and self.on_terminal()
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

    def report(self, result: BuildResult, html: bool) -> None:
        """The closing lines of a build: what was written, what failed, what was refused;
        exit 1 unless everything asked for was built."""
        elapsed = time.perf_counter() - self.started
        if html or not result.jobs:
            for path in result.html:
                self.settings.say(f"{display_path(path)}")
            if result.html:
                documents = plural(len(result.html), "HTML document")
                self.settings.say(f"Wrote {documents} in {elapsed:.1f} s.")
        else:
            rate = f" ({result.built / elapsed:.1f} PDFs/s)" if result.built else ""
            nothing = (
                f"; nothing to do, every PDF in {display_path(result.out_dir)} is up to date "
                "(--force rebuilds them)"
                if result.unchanged and not result.outcomes and not result.refused
                else ""
            )
            self.settings.say(
                f"Built {plural(result.built, 'PDF')}, {result.unchanged} unchanged, "
                f"{len(result.failed)} failed, in {elapsed:.1f} s{rate}{nothing}."
            )
            # A full or read-only folder fails every job alike: say it once.
            for problem in dict.fromkeys(p for o in result.failed for p in o.problems):
                click.echo(f"Error: {problem}", err=True)
        verdict_summary(self.settings.say, result.verdict)
        if result.refusal():
            click.echo(result.refusal(command_line=True), err=True)
        if not result.ok:
            raise click.exceptions.Exit(1)


def prompt_patient() -> str:
    """Ask for the patient's name on standard input (which may be piped in).

    When standard input ends before a name is typed (a script with nothing piped in),
    Click would print "Aborted!"; one line says what to do instead.
    """
    try:
        return click.prompt("Patient's name", err=True)
    except click.Abort:
        click.echo(err=True)  # end the prompt's line
        raise click.UsageError(
            "no patient's name was typed (standard input ended); give --patient NAME, or "
            "type the name at the prompt"
        ) from None


def ask_patient() -> str:
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


def handout_target(output: str | None, default_name: str) -> Path | None:
    """The PDF's path from ``-o``: a file, a folder for the default name, or None for stdout."""
    if output == "-":
        return None
    if output is None:
        return Path.cwd() / default_name
    path = Path(output)
    if path.is_dir() or output.endswith(("/", os.sep)):
        return path / default_name  # a folder still to make is made owner-only when writing
    if path.suffix.lower() != ".pdf":
        raise click.BadParameter(
            "give a file name ending in .pdf, a folder (a new one ends in /), or - for "
            "standard output",
            param_hint="'-o' / '--output'",
        )
    return path


class VisitDate(click.DateTime):
    """A date typed as YYYY-MM-DD, with a message that shows the form to use; ``today``
    gives the day it is measured from."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(formats=["%Y-%m-%d"])
        self.today = today

    def convert(self, value, param, ctx):
        try:
            day = super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is not a date written as YYYY-MM-DD, e.g. 2026-11-25", param, ctx)
        from .handout import visit_day_problem

        if (problem := visit_day_problem(day.date(), self.today())) is not None:
            self.fail(problem, param, ctx)
        return day


def read_notes(note_file: str | None) -> list[str]:
    """The notes of ``--note-file`` (``-``: what is typed or piped in), as one note."""
    from .handout import MAX_NOTE_FILE_BYTES, decode_note_file, read_note_file

    if not note_file:
        return []
    if note_file == "-":
        with click.open_file(note_file, "rb") as stdin:
            raw = stdin.read(MAX_NOTE_FILE_BYTES + 1)
    else:
        raw = read_note_file(note_file)
    return [decode_note_file(raw, note_file)]


def report_handout(settings: Settings, made: HandoutResult, written: list[Path]) -> None:
    """The engine's warnings, then where the handout went: never a personal detail."""
    for warning in made.warnings:
        settings.say(f"Warning: {warning}")
    where = display_path(written[0]) if written else "standard output"
    settings.say(f"{where}  {made.pages} pages  {kilobytes(len(made.pdf))}")
    verdict_summary(settings.say, made.verdict)
    if len(written) > 1:
        settings.say(
            f"{display_path(written[1])}  email draft with the PDF attached: "
            "open it in your mail client, check it and send it (nothing was sent)"
        )

"""How the command line shows what the library did: progress, tables, verdicts, sizes.

Part of the command-line face, with ``cli.py``: everything here writes to the
terminal through Click, and nothing below it (the library) does.
"""

from __future__ import annotations

import sys

import click

from .checks.runner import Verdict


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
    """Print a verdict's findings: errors always, warnings unless -q, allowed ones with -v."""
    for problem in verdict.errors:
        click.echo(f"Error: {problem}", err=True)
    for problem in verdict.warnings:
        say(f"Warning: {problem}")
    for finding in verdict.allowed:
        say(f"Allowed: {finding}", 2)


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

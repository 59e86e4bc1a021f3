"""The one exception family users see: problems in their input, each pinned to a file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, said so a clinical writer can fix it."""

    path: Path | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class LeafletPressError(Exception):
    """Raised for anything a user can cause and fix; carries one or more problems.

    The command line shows each problem on its own line and exits 1. Anything else
    that escapes is a bug in Leaflet Press, not in the user's input.
    """

    def __init__(self, problems: Problem | list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """Show a path relative to the current folder when it is inside it, else as given."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)

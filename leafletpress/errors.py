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
            return _printable(self.message)
        where = display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return _printable(f"{where}: {self.message}")


# Control characters (line breaks, escape sequences) a message may quote from a hostile
# file, shown as escapes: a problem stays one line and cannot restyle the terminal.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code != 9}
# Characters that reorder the rest of a terminal line, and lone surrogates, which
# cannot be written to a UTF-8 stream at all: shown as escapes too.
_CONTROLS |= {
    code: f"\\u{code:04x}"
    for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_CONTROLS |= {code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)}


def _printable(text: str) -> str:
    return text.translate(_CONTROLS)


class LeafletPressError(Exception):
    """Raised for anything a user can cause and fix; carries one or more problems.

    The command line shows each problem on its own line and exits 1. Anything else
    that escapes is a bug in Leaflet Press, not in the user's input.
    """

    def __init__(self, problems: Problem | list[Problem] | str, command_line: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        # The message speaks to a script (it names the library's arguments, replace=True);
        # ``command_line`` is the same said with the command's options (--force), if any.
        self.command_line = command_line
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """Show a path relative to the current folder when it is inside it, else as given."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


class RequestError(LeafletPressError):
    """The request itself is wrong (an unknown leaflet or brand, options that clash).

    Not a problem in the user's files: the command line shows it with Click's usage
    reminder and exit code 2. ``param`` names what was wrong as the command line spells
    it (``SLUG``, ``--brand``), or is None for a combination of options.
    """

    def __init__(self, message: str, param: str | None = None, command_line: str | None = None):
        super().__init__(message, command_line)
        self.message = message
        self.param = param


class RefusedError(LeafletPressError):
    """The gate refused what was asked for: nothing was printed or handed out.

    ``verdict`` holds every error and warning found; the message (the exception's
    one problem) says what was refused and what to do.
    """

    def __init__(self, message: str, verdict):
        super().__init__(message)
        self.message = message
        self.verdict = verdict

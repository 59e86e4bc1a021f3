"""Write files so that a reader never sees half of one: temporary file, flush, rename."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

# ``.<target name>.<process id>.<random>.tmp``: the process id tells a later command
# whether the writer is still running (its file is in use) or was killed (a leftover).
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` in one step.

    The bytes go to a temporary file in the same folder, are flushed to disk and
    then renamed over the target, so a crash or a failed job leaves either the old
    complete file or the new complete file, never a mix. A process killed before
    the rename leaves its temporary file behind; ``remove_stale_temporary_files``
    clears it up.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Delete the temporary files that killed runs of ``write_atomic`` left in ``folder``.

    Only files named as ``write_atomic`` names them, by a process that is no longer
    running, are removed: another build writing into the same folder keeps its own.
    Returns the paths removed.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed  # no folder yet: nothing was left in it
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or _running(int(match.group("pid"))) or not entry.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    """True if a process with this id exists (it may belong to another user)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or an impossible id
        return False
    except PermissionError:  # it exists, and belongs to another user
        return True
    return True

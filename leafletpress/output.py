"""Write files so that a reader never sees half of one, and clean up only what we left.

Every file is written whole before it gets its name. On Linux the bytes go into an
anonymous file (``O_TMPFILE``) that has no name at all until it is complete and
flushed to disk, so a write killed at any moment, even by SIGKILL, leaves nothing
behind. Where that is not available (another system, a file system without it)
the bytes go into a named temporary file in the same folder, which a later run
removes once it can prove the file is one of ours and its writer has gone.

That proof has three parts, so a file the user made (an editor's
``.thesis.docx.4000000.autosave.tmp``) is never touched: the name has our prefix
and a check code computed from its random part (``.leafletpress-<16 hex>-<8 hex>.tmp``,
which no other program makes by chance); the file belongs to the current user; and
no process holds the lock its writer keeps on it for as long as it exists under
that name (``flock``, which the kernel releases when the writer dies, however it
dies, so a reused process id cannot fool it).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import os
import re
import secrets
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import LeafletPressError, Problem

TEMP_PREFIX = ".leafletpress-"
_TEMP_NAME = re.compile(r"^\.leafletpress-(?P<token>[0-9a-f]{16})-(?P<check>[0-9a-f]{8})\.tmp$")
FOLDER_MODE = 0o755  # folders we create: never world-writable, even under umask 000
# /proc/self/fd/N names an anonymous file so that linkat() can give it a name.
_PROC_FD = "/proc/self/fd"


def write_atomic(
    path: Path,
    data: bytes,
    mode: int = 0o644,
    replace: bool = True,
    folder_mode: int = FOLDER_MODE,
) -> None:
    """Write ``data`` to ``path`` in one step: a reader sees no file or the whole file.

    With ``replace`` an existing file is replaced (by rename, so the old complete
    file stays until the new one is complete); without it an existing file is never
    touched and FileExistsError is raised, checked by the kernel at the moment the
    name is given (no gap between a check and the write). Missing folders are
    created with ``folder_mode``. The file gets ``mode`` whatever the umask. Raises
    OSError as the system reports it; nothing is left under any name on failure.
    """
    make_folders(path.parent, folder_mode)
    handle, temp_name = _open_temporary(path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:  # closing it releases our lock
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
            os.chmod(temp.fileno(), mode)
            if temp_name is None and not replace:
                _link_anonymous(temp.fileno(), path)  # EEXIST if it exists
                return
            if temp_name is None:
                temp_name = _name_anonymous(temp.fileno(), path.parent)
            if replace:
                os.replace(temp_name, path)
            else:
                os.link(temp_name, path)  # EEXIST if it exists
                os.unlink(temp_name)
    except BaseException:
        if temp_name is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
        raise


def make_folders(folder: Path, mode: int = FOLDER_MODE) -> None:
    """Create ``folder`` and its missing parents, each with ``mode`` (less the umask).

    ``Path.mkdir(parents=True)`` gives parents the mode 0o777 less the umask, which
    under umask 000 makes world-writable folders anyone could swap files in.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by a parallel run
            os.mkdir(each, mode)  # less the umask, as the system always does


def _open_temporary(folder: Path) -> tuple[int, str | None]:
    """A locked file to write in ``folder``: anonymous if the system can, else named.

    Returns the descriptor and the file's name (None when it has none).
    """
    flags = os.O_WRONLY | os.O_CLOEXEC
    if hasattr(os, "O_TMPFILE") and os.path.isdir(_PROC_FD):
        try:
            handle = os.open(folder, flags | os.O_TMPFILE, 0o600)
        except OSError as error:  # the file system or kernel has no anonymous files
            if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
        else:
            fcntl.flock(handle, fcntl.LOCK_EX)  # held until closed, through any naming
            return handle, None
    while True:
        name = str(folder / _temporary_name())
        handle = os.open(name, flags | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        fcntl.flock(handle, fcntl.LOCK_EX)
        # A cleaner may have found the file before it was locked and removed it.
        if _same_file(name, handle):
            return handle, name
        os.close(handle)


def _name_anonymous(handle: int, folder: Path) -> str:
    """Give the complete anonymous file ``handle`` a temporary name in ``folder``."""
    while True:
        name = folder / _temporary_name()
        try:
            _link_anonymous(handle, name)
            return str(name)
        except FileExistsError:
            continue


def _link_anonymous(handle: int, path: Path) -> None:
    """Give the anonymous file ``handle`` the name ``path``; FileExistsError if taken.

    linkat() must follow the /proc link to reach the file; ``os.link`` calls it
    (rather than link(), which would not) only when given a folder descriptor.
    """
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(f"{_PROC_FD}/{handle}", path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _temporary_name() -> str:
    token = secrets.token_hex(8)
    return f"{TEMP_PREFIX}{token}-{_check_code(token)}.tmp"


def _check_code(token: str) -> str:
    return hashlib.sha256(f"leafletpress temporary file {token}".encode()).hexdigest()[:8]


def _same_file(name: str, handle: int) -> bool:
    try:
        named = os.stat(name, follow_symlinks=False)
    except OSError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Delete the temporary files that killed runs of ``write_atomic`` left in ``folder``.

    Only files this tool can prove it made are removed (see the module's docstring):
    named as ours with a valid check code, owned by this user, a regular file, and
    not locked by a running writer. Returns the paths removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # no folder yet, or one we cannot list: nothing of ours in it
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or match["check"] != _check_code(match["token"]):
            continue
        try:
            handle = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its writer is still running
            if _same_file(entry.path, handle):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
        finally:
            os.close(handle)
    return removed


def _probe_writable(folder: Path) -> None:
    """Raise OSError (read-only disk, no permission) if files cannot be made in ``folder``.

    An anonymous file is made and dropped, so nothing appears in the folder; where
    there are none, ``os.access`` answers (without the reason).
    """
    if hasattr(os, "O_TMPFILE"):
        try:
            os.close(os.open(folder, os.O_WRONLY | os.O_TMPFILE | os.O_CLOEXEC, 0o600))
            return
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
    if not os.access(folder, os.W_OK):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))


def folder_problem(folder: Path, error: OSError) -> Problem:
    """One line saying what is wrong with an output folder, and what to do about it."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space on its disk, or choose another folder with -o"
    elif error.errno == errno.EROFS:
        advice = "it is on a read-only disk: choose another folder with -o"
    elif error.errno in (errno.EACCES, errno.EPERM):
        advice = "you may not write into it: change its permissions, or choose another with -o"
    else:
        advice = "check the folder, or choose another with -o"
    return Problem(folder, f"cannot write into this folder ({reason}); {advice}")


@contextlib.contextmanager
def folder_lock(
    folder: Path, wait: float, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Hold ``folder``'s lock, so that one build at a time writes into it.

    Two builds writing into one folder at once would each save the manifest they
    hold in memory, and the last would vouch for PDFs the other wrote. A second
    build waits up to ``wait`` seconds (calling ``on_wait`` once when it starts to
    wait), then fails with one line. The lock is ``flock`` on the folder itself, so
    no lock file is left in it, and the kernel releases it when its holder exits,
    however it exits. Where a folder cannot be locked (some network file systems)
    the build goes on unlocked. Raises LeafletPressError naming the folder if it
    cannot be created or written, before any work is done.
    """
    try:
        make_folders(folder)
        _probe_writable(folder)
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise LeafletPressError(folder_problem(folder, error)) from None
    try:
        deadline = time.monotonic() + wait
        waiting = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LeafletPressError(
                        Problem(
                            folder,
                            f"another build is writing into this folder and has not finished "
                            f"after {wait:g} s; try again when it has, or choose another "
                            "folder with -o",
                        )
                    ) from None
                if not waiting:
                    waiting = True
                    on_wait()
                time.sleep(0.1)
            except OSError:
                break  # this file system cannot lock folders: go on without
        yield
    finally:
        os.close(handle)


# -- standard output ----------------------------------------------------------------


def check_standard_output() -> None:
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


def write_standard_output(data: bytes) -> None:
    """Write the PDF to standard output, or raise one line saying why it cannot be done.

    A full disk (``> /dev/full``) or a reader that has gone (``| head``) fail the
    write or its flush; then standard output is pointed at /dev/null, so Python's
    own flush at exit does not print a second, raw error.
    """
    check_standard_output()
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


# -- stopping cleanly ---------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds the command so every clean-up on the way runs.

    Not an Exception, so no ``except Exception`` (a failed job, say) swallows it.
    The command line then ends the process by the same signal.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stopping_cleanly_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``Terminated`` while the block runs.

    By default these signals end Python on the spot: a handout's temporary file
    (a complete patient PDF) stayed on disk and a build's worker processes lived
    on. Raised as an exception, they unwind through every ``finally`` (temporary
    files removed, workers ended, the folder's lock released). A second signal
    during the clean-up is ignored. SIGKILL cannot be caught, and leaves nothing
    named either (see write_atomic). The handlers are put back afterwards. Signals
    reach the main thread only: elsewhere (a web server's thread) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        for each in STOPPING_SIGNALS:
            signal.signal(each, signal.SIG_IGN)
        raise Terminated(signum)

    previous = {each: signal.signal(each, stop) for each in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)

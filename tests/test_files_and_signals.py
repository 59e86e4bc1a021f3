"""Files, processes and output streams (issue 10): what the tool writes, removes and leaves.

Clean-up removes only files Leaflet Press can prove it made; a handout never replaces a
file unless told to; a full, read-only or closed output says so in one line; one build
at a time writes into a folder; SIGTERM and SIGHUP leave no patient PDF and no worker
process behind; fingerprints read only the files a leaflet names; folders made for -o
are never world-writable. Real processes and real signals where that is the point.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import conftest
import pytest
from conftest import EARLIER_PDF, ROOT, TODAY, assert_one_error, run

from leafletpress import builder, manifest, output
from leafletpress import cli as cli_module
from leafletpress import handout as handout_stage
from leafletpress.brands import load_brands
from leafletpress.content import load_leaflets
from leafletpress.errors import LeafletPressError
from leafletpress.project import Project
from leafletpress.render import Renderer

PATIENT = "Tan Mei Ling"
# Where laying out pages is not the point, the engine's stage is replaced by one that
# returns the HTML (patient's name and leaflet text included) as the "PDF" at once, so a
# test in a new process costs a start-up, not a render. It starts like the placeholders
# the session's every-PDF-opens check skips.
FAKE_PDF_PREFIX = b"%PDF-earlier: the HTML, not rendered\n"


def fake_pdf_from_html(self, html_text, **options):
    from leafletpress.render import Rendered

    return Rendered(FAKE_PDF_PREFIX + html_text.encode("utf-8"), 1)


FAKE_ENGINE = (
    "from leafletpress import render; render.Renderer.pdf_from_html = lambda self, html, **o: "
    f"render.Rendered({FAKE_PDF_PREFIX!r} + html.encode('utf-8'), 1)"
)


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(Renderer, "pdf_from_html", fake_pdf_from_html)


# build.py run as a script in its own process, with the checks' today pinned as in-process,
# and ``before`` run first (to make a fault happen at a chosen moment).
SCRIPT = (
    "import datetime, os, runpy, signal, sys; from leafletpress import cli; "
    f"cli.today = lambda: datetime.date.fromisoformat({TODAY.isoformat()!r}); "
    "{before}; sys.argv[0] = {script!r}; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def command(*args: str, before: str = "pass") -> list[str]:
    """The argv of ``python build.py ARGS`` in a new process (a handout: of the shipped
    leaflets with the tests' brands, conftest.SHIPPED)."""
    script = SCRIPT.format(before=before, script=str(ROOT / "build.py"))
    project = ["--project", str(conftest.SHIPPED)] if args[:1] == ("handout",) else []
    return [sys.executable, "-c", script, *project, *args]


def _dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    return int(finished.stdout)


# -- 2. clean-up removes only what the tool can prove it made ----------------------------


def _killed_writer_leftover(folder: Path) -> None:
    """A real leftover: a process writing through a named temporary file (no O_TMPFILE),
    killed by SIGKILL at fsync, when the file is complete but not yet renamed."""
    code = (
        "import os, signal; from pathlib import Path; from leafletpress import output; "
        "output._PROC_FD = '/no/proc'; "  # as on a system without anonymous files
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL); "
        f"output.write_atomic(Path({str(folder / 'pack.pdf')!r}), b'%PDF-1.7 patient')"
    )
    process = subprocess.run([sys.executable, "-c", code], check=False)
    assert process.returncode == -signal.SIGKILL


def test_clean_up_removes_its_own_leftovers_and_nothing_the_user_made(tmp_path, fake_engine):
    folder = tmp_path / "out"
    folder.mkdir()
    _killed_writer_leftover(folder)
    [leftover] = [p for p in folder.iterdir() if p.name.startswith(".leafletpress-")]
    dead = _dead_pid()
    users = [
        f".thesis.docx.{dead}.autosave.tmp",  # an editor's autosave, named like our old files
        f".pack.pdf.{dead}.k2j4x9ab.tmp",
        ".leafletpress-0123456789abcdef-00000000.tmp",  # our prefix, but a wrong check code
        "notes.tmp",
    ]
    for name in users:
        (folder / name).write_bytes(b"the user's own work")

    result = run("handout", "overview", "--patient", PATIENT, "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    result = run("build", "-o", str(folder))  # a build cleans up the same way
    assert result.exit_code == 0, result.output
    for name in users:
        assert (folder / name).read_bytes() == b"the user's own work", name


def test_a_temporary_file_whose_writer_is_running_is_kept(tmp_path):
    """The writer's lock, not its process id, says it is running: ids are reused."""
    name = tmp_path / output._temporary_name()
    name.write_bytes(b"being written")
    with name.open("rb") as held:  # as a running writer holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        assert output.remove_stale_temporary_files(tmp_path) == []
    assert output.remove_stale_temporary_files(tmp_path) == [name]


# -- 3. --note-file takes a regular file or -, and never waits ---------------------------


def test_note_file_that_is_a_pipe_is_refused_at_once(tmp_path, monkeypatch):
    fifo = tmp_path / "notes"
    os.mkfifo(fifo)
    monkeypatch.chdir(tmp_path)

    def unblock() -> None:  # so that a command waiting on the pipe fails this test, not hangs
        time.sleep(5)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    threading.Thread(target=unblock, daemon=True).start()
    started = time.monotonic()
    result = run("handout", "overview", "--patient", PATIENT, "--note-file", str(fifo))
    assert time.monotonic() - started < 4
    assert_one_error(result, r"notes: is not a regular file \(a pipe, device or folder\)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_note_file_that_is_a_device_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("handout", "overview", "--patient", PATIENT, "--note-file", "/dev/zero")
    assert_one_error(result, r"^Error: /dev/zero: is not a regular file")
    assert list(tmp_path.iterdir()) == []


# -- 4. a handout never replaces a file, unless --force ----------------------------------


@pytest.mark.parametrize("existing", ["pack.pdf", "pack.eml"])
def test_a_handout_never_replaces_an_existing_pdf_or_draft(tmp_path, existing):
    (tmp_path / existing).write_bytes(EARLIER_PDF)  # the previous patient's pack
    result = run(
        "handout", "overview", "--patient", PATIENT, "-o", str(tmp_path / "pack.pdf"),
        "--email", "tan@example.com",
    )  # fmt: skip
    assert_one_error(
        result,
        rf"{existing} already exists; a handout never replaces a file: "
        "choose another name with -o, or add --force to replace it",
    )
    assert [p.name for p in tmp_path.iterdir()] == [existing]  # nothing written
    assert (tmp_path / existing).read_bytes() == EARLIER_PDF


def test_force_replaces_both_and_a_race_never_replaces(tmp_path, fake_engine):
    pdf, eml = tmp_path / "pack.pdf", tmp_path / "pack.eml"
    for path in (pdf, eml):
        path.write_bytes(b"old")
    result = run(
        "handout", "overview", "--patient", PATIENT, "-o", str(pdf),
        "--email", "tan@example.com", "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and b"Content-Type" in eml.read_bytes()
    assert stat.S_IMODE(pdf.stat().st_mode) == stat.S_IMODE(eml.stat().st_mode) == 0o600
    # A file that appears between the check and the write is still never replaced:
    # the name is given by the kernel only if it is free.
    with pytest.raises(FileExistsError):
        output.write_atomic(pdf, b"new", replace=False)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.eml", "pack.pdf"]


# -- 9, 10. output errors: one line about the folder or stream --------------------------


def test_standard_output_full_is_one_clear_line(tmp_path):
    with open("/dev/full", "wb") as full:
        process = subprocess.run(
            command("handout", "overview", "--patient", PATIENT, "-o", "-", before=FAKE_ENGINE),
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path, check=False,
        )  # fmt: skip
    assert process.returncode == 1, process.stderr
    errors = [line for line in process.stderr.splitlines() if not line.startswith("Warning:")]
    assert errors == [
        "Error: cannot write the PDF to standard output (No space left on device); nothing "
        "was written in full: give -o FILE, or check where standard output goes"
    ]


def test_standard_output_closed_is_refused_before_any_work(tmp_path):
    argv = command("handout", "overview", "--patient", PATIENT, "-o", "-")
    process = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *argv],
        stderr=subprocess.PIPE, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert process.returncode == 1, process.stderr
    assert process.stderr.splitlines() == [
        "Error: standard output is closed, so '-o -' has nowhere to write the PDF; redirect "
        "it (-o - > pack.pdf, -o - | lp) or give -o FILE"
    ]
    assert list(tmp_path.iterdir()) == []


def _fail_with(number: int):
    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    return fail


def test_a_folder_that_cannot_be_written_is_named_not_the_leaflet(fixture_project, monkeypatch):
    """A read-only disk (simulated: the tests run as root) is found before any work."""
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if str(path).startswith(str(dist)) and flags & os.O_ACCMODE != os.O_RDONLY:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(output.os, "open", read_only)
    result = fixture_project.build()
    assert_one_error(
        result,
        r"dist: cannot write into this folder \(Read-only file "
        r"system\); it is on a read-only disk: choose another folder with -o$",
    )


def test_a_full_disk_while_writing_pdfs_is_said_once_about_the_folder(
    fixture_project, monkeypatch, fake_engine
):
    fixture_project.valid_leaflet()
    monkeypatch.setattr(builder, "write_atomic", _fail_with(errno.ENOSPC))
    result = fixture_project.build("--edition", "all")  # two PDFs, one line
    assert_one_error(
        result,
        r"dist: cannot write into this folder \(No space left on "
        r"device\); free some space on its disk, or choose another folder with -o$",
    )
    assert "please report this" not in result.output


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES])
def test_a_manifest_that_cannot_be_saved_is_one_line(
    fixture_project, monkeypatch, fake_engine, number
):
    fixture_project.valid_leaflet()
    monkeypatch.setattr(manifest, "write_atomic", _fail_with(number))
    result = fixture_project.build()
    assert_one_error(result, rf"dist: cannot write into this folder \({os.strerror(number)}")


# -- 11. one build at a time writes into a folder ----------------------------------------


def _leaflet_project(root: Path, text: str):
    from conftest import FixtureProject

    project = FixtureProject(root)
    project.valid_leaflet(body=f"## A heading\n\n{text}\n")
    return project


@contextlib.contextmanager
def _held(folder: Path):
    """Hold ``folder``'s lock as a running build does."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def test_a_second_build_gives_up_after_a_bounded_wait(fixture_project, tmp_path, monkeypatch):
    fixture_project.valid_leaflet()
    out = tmp_path / "shared"
    out.mkdir()
    monkeypatch.setattr(cli_module, "OUTPUT_LOCK_WAIT", 0.3)
    with _held(out):  # another build is writing
        result = fixture_project.build("-o", str(out))
    assert_one_error(
        result,
        r"shared: another build is writing into this folder and has not "
        r"finished after 0.3 s; try again when it has, or choose another folder",
    )
    assert list(out.iterdir()) == []


def test_two_real_builds_into_one_folder_take_turns_and_the_manifest_tells_the_truth(
    tmp_path, fake_engine
):
    alpha = _leaflet_project(tmp_path / "alpha", "Alpha text for the first project.")
    bravo = _leaflet_project(tmp_path / "bravo", "Bravo text for the second project.")
    out = tmp_path / "shared"
    out.mkdir()
    with _held(out):  # both start while the folder is busy
        builds = [
            subprocess.Popen(
                command("--project", str(p.root), "build", "-o", str(out), before=FAKE_ENGINE),
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for p in (alpha, bravo)
        ]
        for build in builds:  # each says it waits (before then it writes nothing)
            first = build.stderr.readline()
            assert first.startswith("Waiting for another build writing into"), first
        assert list(out.glob("*.pdf")) == [], "a build wrote while another held the folder"
    errors = [b.communicate(timeout=60)[1] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], errors
    # Whichever ran last, the manifest vouches for what the PDF holds: building alpha
    # again either finds its own PDF or rebuilds it, never keeps bravo's text.
    for project, word in ((alpha, b"Alpha"), (bravo, b"Bravo")):
        assert project.build("-o", str(out)).exit_code == 0
        assert word in (out / "sample.pdf").read_bytes()


# -- 12. SIGTERM, SIGHUP or a crash at fsync leave no patient PDF -----------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_handout_stopped_while_writing_leaves_no_file(tmp_path, signum):
    """The signal arrives during fsync, when the whole PDF is in the file system."""
    before = (
        f"real = os.fsync; os.fsync = lambda fd: (os.kill(os.getpid(), {int(signum)}), real(fd))"
    )
    process = subprocess.run(
        command("handout", "overview", "--patient", PATIENT, "-o", str(tmp_path / "pack.pdf"),
                "--email", "tan@example.com", before=f"{FAKE_ENGINE}; {before}"),
        stderr=subprocess.PIPE, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert process.returncode == -signum, process.stderr
    assert "Traceback" not in process.stderr
    assert list(tmp_path.iterdir()) == []  # nothing under any name, hidden or not


@pytest.mark.parametrize("anonymous", [True, False], ids=["O_TMPFILE", "named temporary file"])
def test_a_disk_error_at_fsync_leaves_no_file_and_says_so(tmp_path, monkeypatch, anonymous):
    if not anonymous:
        monkeypatch.setattr(output, "_PROC_FD", "/no/proc")  # as without anonymous files
    monkeypatch.setattr(output.os, "fsync", _fail_with(errno.EIO))
    with pytest.raises(LeafletPressError, match=r"pack\.pdf: cannot write: Input/output error"):
        handout_stage.write_handout(tmp_path / "pack.pdf", b"%PDF-1.7 " + PATIENT.encode())
    assert list(tmp_path.iterdir()) == []


# -- 13. workers die with their build -----------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_parallel_build_stopped_leaves_no_worker_running(tmp_path, signum):
    """SIGTERM: the build ends its workers. SIGKILL: the kernel tells them (PR_SET_PDEATHSIG)."""
    project = _leaflet_project(tmp_path / "project", "Some text.")
    leaflet = project.root / "leaflets" / "sample" / "en.md"
    leaflet.write_text(leaflet.read_text().replace("in_short:", "trifold: [A heading]\nin_short:"))
    # Three brands x three variants: enough jobs (8 or more) for the build to start workers.
    brands = project.root / "brands"
    (brands / "second-partner.toml").write_text((brands / "example-partner.toml").read_text())
    build = subprocess.Popen(
        command("--project", str(project.root), "build", "--all-variants", "-j", "2"),
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(workers := _children(build.pid)) < 2:
            assert build.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.05)
        time.sleep(0.3)  # the workers set themselves up
        build.send_signal(signum)
        assert build.wait(timeout=15) == -signum
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "worker processes outlived the build"
    finally:
        build.kill()
        build.wait()
    dist = project.root / "dist"
    assert not [p.name for p in dist.iterdir() if p.name.startswith(".leafletpress-")]


# -- 17. fingerprints read only what a leaflet names --------------------------------------


def test_only_the_files_a_leaflet_names_are_fingerprinted(fixture_project):
    folder = fixture_project.root / "leaflets" / "sample"
    fixture_project.valid_leaflet(
        body="## A heading\n\n![A spine](spine%20diagram.svg)\n\nSome text.\n"
    )
    (folder / "spine diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="texture.png" width="1" height="1"/></svg>'
    )
    (folder / "texture.png").write_bytes(b"png one")
    video = folder / "interview.mp4"  # beside the leaflet, named by nothing
    with video.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB, sparse: costs no disk
    project = Project.at(fixture_project.root)
    [leaflet] = load_leaflets(project.leaflets_dir, ["sample"], "en")
    [job] = builder.plan_jobs([leaflet], load_brands(project.brands_dir, ["default"]), Path("o"))

    def fingerprint() -> str:
        manifest._cached_digest.cache_clear()
        return manifest.Manifest(project.root / "dist", Renderer(project)).fingerprint(job)

    assert manifest.images_named(leaflet.path) == [
        folder / "spine diagram.svg",
        folder / "texture.png",
    ]
    started = time.monotonic()
    first = fingerprint()
    assert time.monotonic() - started < 2  # the 2 GB file took 14 s when read whole
    with video.open("r+b") as handle:
        handle.write(b"edited")
    assert fingerprint() == first
    (folder / "texture.png").write_bytes(b"png two")  # used by the SVG the leaflet names
    assert fingerprint() != first


# -- 22. folders made for -o, and -o - on build ------------------------------------------


def test_folders_made_for_output_are_never_world_writable(fixture_project, tmp_path, fake_engine):
    fixture_project.valid_leaflet()
    old = os.umask(0)
    try:
        built = fixture_project.build("-o", str(tmp_path / "a" / "b"))
        handed = run("handout", "overview", "--patient", PATIENT,
                     "-o", str(tmp_path / "c" / "d" / "pack.pdf"))  # fmt: skip
    finally:
        os.umask(old)
    assert built.exit_code == 0, built.output
    assert handed.exit_code == 0, handed.output
    modes = {
        name: stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("a", "a/b", "c", "c/d")
    }
    assert modes == {"a": 0o755, "a/b": 0o755, "c": 0o700, "c/d": 0o700}


def test_build_to_standard_output_is_refused_and_makes_no_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "-o", "-")
    assert result.exit_code == 2
    assert re.search(
        r"Invalid value for '-o' / '--output': a build writes many files: give a "
        r"folder \(only handout writes to standard output\)",
        result.stderr,
    )
    assert list(tmp_path.iterdir()) == []

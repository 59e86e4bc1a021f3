"""Crash safety (issue 7): a build killed part-way leaves every PDF whole, and the next repairs.

A PDF is written to a temporary file and renamed over the old one, so a reader sees the
old complete file or the new complete file. The manifest forgets the PDFs it is about to
rebuild before rendering any, so a kill cannot leave it vouching for a PDF made from
other inputs. Leftover temporary files are removed by the next build.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time

import pdffacts
import pypdf
import pytest
from conftest import ROOT, TODAY, FixtureProject, front_matter, run

from leafletpress import manifest as manifest_module
from leafletpress import output

FRONT_MATTER = front_matter(trifold="[A heading]")
BUILD = ("--all-variants", "-j", "1")  # options of the build command: 6 PDFs, one at a time
# build.py run as a script in its own process, with the checks' today pinned as in-process.
BUILD_PY = (
    "import datetime, runpy, sys; from leafletpress import cli; "
    f"cli.today = lambda: datetime.date.fromisoformat({TODAY.isoformat()!r}); "
    "sys.argv[0] = {script!r}; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def _write_leaflet(project, version: str) -> None:
    project.leaflet("sample", FRONT_MATTER + f"\n## A heading\n\nThis is {version} of the text.\n")


def _pdfs(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


@pytest.fixture(scope="module")
def built_versions(tmp_path_factory):
    """Two versions of one leaflet in all 6 variants, built once: the old ones into the
    project's dist/, the new ones into a reference folder."""
    project = FixtureProject(tmp_path_factory.mktemp("crash") / "project")
    _write_leaflet(project, "version one")
    assert project.build(*BUILD).exit_code == 0
    old = _pdfs(project.root / "dist")
    _write_leaflet(project, "version two")
    reference = project.root.parent / "reference"
    assert project.build(*BUILD, "-o", str(reference)).exit_code == 0
    new = _pdfs(reference)
    assert len(old) == 6 and old.keys() == new.keys()
    assert all(old[name] != new[name] for name in old)
    return project.root, old, new


@pytest.fixture
def versions(built_versions, tmp_path):
    """A copy of that project for one test: (project, its dist/, old PDFs, new PDFs).

    The project holds version two of the text and its dist/ the PDFs of version one,
    as after an edit and before the build."""
    root, old, new = built_versions
    project = FixtureProject.copy_of(root, tmp_path / "project")
    return project, project.root / "dist", old, new


def _assert_each_pdf_is_old_or_new(dist, old, new) -> list[str]:
    """Every PDF is byte for byte the old or the new one, and whole; returns the new ones."""
    replaced = []
    for name, data in _pdfs(dist).items():
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new PDF"
        assert pdffacts.drawing_problem(dist / name) is None
        assert len(pypdf.PdfReader(dist / name).pages) >= 1
        if data == new[name] != old[name]:
            replaced.append(name)
    return replaced


def test_build_killed_part_way_leaves_whole_pdfs_and_the_next_build_repairs_them(versions):
    project, dist, old, new = versions
    stamps = {name: (dist / name).stat().st_mtime_ns for name in old}
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BUILD_PY.format(script=str(ROOT / "build.py")),
            "--project",
            str(project.root),
            "build",
            *BUILD,
            "--force",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 60
        while not any((dist / name).stat().st_mtime_ns != stamps[name] for name in old):
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the build wrote no PDF within 60 s"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)  # no clean-up handler can run
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL

    replaced = _assert_each_pdf_is_old_or_new(dist, old, new)
    assert 1 <= len(replaced) < len(old), "the kill should land part-way through"

    # Back to the old text: the manifest must not vouch for the PDFs the killed build
    # replaced (it had forgotten them before rendering), so they are made again.
    _write_leaflet(project, "version one")
    assert project.build(*BUILD).exit_code == 0
    assert _pdfs(dist) == old
    # And the new text again: everything is brought up to date, nothing is left over.
    _write_leaflet(project, "version two")
    assert project.build(*BUILD).exit_code == 0
    assert _pdfs(dist) == new
    assert [p.name for p in dist.iterdir() if p.name.endswith(".tmp")] == []


class _Killed(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the build catches it."""


def test_death_between_a_pdf_write_and_the_manifest_save_never_keeps_a_stale_pdf(
    versions, monkeypatch
):
    project, dist, old, new = versions

    def die(self, job):
        raise _Killed(job.output.name)

    monkeypatch.setattr(manifest_module.Manifest, "record", die)
    with pytest.raises(_Killed):
        project.build(*BUILD)  # dies right after writing its first new PDF
    monkeypatch.undo()
    assert len(_assert_each_pdf_is_old_or_new(dist, old, new)) == 1

    _write_leaflet(project, "version one")
    assert project.build(*BUILD).exit_code == 0
    assert _pdfs(dist) == old


def test_leftover_temporary_files_of_a_killed_build_are_removed(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    leftover = dist / output._temporary_name()  # named as ours, and no writer holds it
    leftover.write_bytes(b"%PDF-1.7 half a file")
    in_use = dist / output._temporary_name()  # a live writer's (it holds the lock): kept
    in_use.write_bytes(b"%PDF-1.7 being written")
    theirs = dist / "notes.tmp"  # not named by us: kept
    theirs.write_bytes(b"")

    with in_use.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run("-v", "build", project=fixture_project.root)
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert in_use.exists() and theirs.exists()
    assert f"{leftover.name}, left by a build that was stopped" in result.stderr

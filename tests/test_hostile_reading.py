"""The checks read what prints: the security re-test's seven cases (issue 29).

Each test reproduces one way words or shapes got past the checks, or a build was made
to hang, and holds the tool to refusing it (or, for the manifest, recovering) with one
clear line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT

from leafletpress.manifest import MANIFEST_NAME, Manifest
from leafletpress.project import Project
from leafletpress.render import Renderer

# -- 7: the manifest is read like every other input ------------------------------------


def _summary(result) -> tuple[int, int, int]:
    match = re.search(r"Built (\d+) PDFs?, (\d+) unchanged, (\d+) failed, in", result.stderr)
    assert match, result.stderr
    return tuple(int(n) for n in match.groups())


def _manifest_notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if MANIFEST_NAME in line]


def _builds_over_a_damaged_manifest(project, pattern: str) -> None:
    """A build over the damaged manifest rebuilds, says so once, and mends it."""
    result = project.build("-j", "1")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert _summary(result) == (1, 0, 0)
    notes = _manifest_notes(result)
    assert len(notes) == 1, result.stderr
    assert re.search(pattern, notes[0]), notes[0]
    assert "every PDF is rebuilt" in notes[0]
    path = project.root / "dist" / MANIFEST_NAME
    assert path.is_file() and not path.is_symlink()
    again = project.build("-j", "1")  # mended: the next build trusts it and says nothing
    assert _summary(again) == (0, 1, 0)
    assert _manifest_notes(again) == []


def test_a_manifest_that_is_a_pipe_is_not_waited_for(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    os.mkfifo(dist / MANIFEST_NAME)
    # Opened plainly, a pipe waits for a writer for good: try it in a thread first, so
    # that a hang fails this test instead of holding the suite.
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (Manifest(dist, Renderer(Project.at(fixture_project.root))), done.set()),
        daemon=True,
    )
    thread.start()
    if not done.wait(5):
        # Let the waiting open go: a writer that comes and goes at once.
        os.close(os.open(dist / MANIFEST_NAME, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a manifest that is a pipe waited for a writer")
    _builds_over_a_damaged_manifest(fixture_project, r"is not a regular file")


def test_a_manifest_linked_to_an_endless_device_is_not_read(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).symlink_to("/dev/zero")
    # Read whole, /dev/zero fills memory: first read it in a child process held to
    # 1 GB and 20 s, so the old way fails this test without harming the machine.
    probe = (
        "import resource, sys; from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from leafletpress.manifest import Manifest\n"
        "from leafletpress.project import Project\n"
        "from leafletpress.render import Renderer\n"
        "root = Path(sys.argv[1])\n"
        "Manifest(root / 'dist', Renderer(Project.at(root)))\n"
    )
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", probe, str(fixture_project.root)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert time.perf_counter() - started < 10
    _builds_over_a_damaged_manifest(fixture_project, r"is not a regular file")


def test_a_manifest_nested_past_the_recursion_limit_is_rebuilt(fixture_project):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).write_text('{"a":' + "[" * 100_000)
    _builds_over_a_damaged_manifest(fixture_project, r"is not a manifest")


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '{"format": 1, "pdfs": [1]}', '{"format": 1, "pdfs": {"a.pdf": 5}}', "\xff\xfe"],
)
def test_a_manifest_of_another_shape_is_rebuilt(fixture_project, text):
    fixture_project.valid_leaflet()
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / MANIFEST_NAME).write_text(text, encoding="latin-1")
    _builds_over_a_damaged_manifest(fixture_project, r"is not a manifest")


def test_a_brand_colour_with_a_line_break_after_it_is_refused(fixture_project):
    fixture_project.valid_leaflet()
    brand = fixture_project.root / "brands" / "default.toml"
    text = brand.read_text(encoding="utf-8")
    colour = re.search(r'primary = "(#[0-9A-Fa-f]{6})"', text)
    brand.write_text(text.replace(colour.group(0), f'primary = "{colour.group(1)}\\n"'))
    result = fixture_project.build("-j", "1")
    assert result.exit_code == 1, result.output
    assert "'colours.primary' must be a colour like" in result.stderr

"""Starting the engine: the quick library lookup changes how fast, never what is loaded."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from leafletpress import engine


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lookup is Linux-only")
def test_quick_probes_answer_like_find_library_and_are_undone(monkeypatch):
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    original = ctypes.util.find_library
    expected = {name: original(name) for name in ("c", "m", "no-such-library-at-all")}
    with engine._quick_library_probes():
        assert ctypes.util.find_library is not original
        assert {name: ctypes.util.find_library(name) for name in expected} == expected
    assert ctypes.util.find_library is original


def test_left_alone_when_ld_library_path_is_set(monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/somewhere")
    original = ctypes.util.find_library
    with engine._quick_library_probes():
        assert ctypes.util.find_library is original


def test_the_command_line_imports_the_library_only_when_a_command_runs():
    """--help and a mistyped option answer at once: no flows, templates or Markdown loaded."""
    import subprocess

    probe = (
        "import sys, leafletpress.cli; "
        "print(' '.join(m for m in ('leafletpress.services', 'leafletpress.render', "
        "'jinja2', 'markdown', 'weasyprint', 'yaml') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []

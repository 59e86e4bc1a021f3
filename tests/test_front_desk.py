"""What clinic staff and doctors see when they run the tool: few lines, plain words."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SLUGS


def test_the_shipped_default_build_says_in_five_lines_whether_its_pdfs_may_be_handed_out(
    tmp_path,
):
    # Run as a script runs it: no terminal, so no progress bar.
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) <= 5, lines
    assert [line.split()[0] for line in lines[:3]] == [f"{tmp_path}/{slug}.pdf" for slug in SLUGS]
    summary = lines[-1]
    assert summary.startswith("3 leaflets are not yet clinically reviewed: they print with ")
    assert "'python build.py check' gives the details." in summary
    # No rule ids or front matter keys for the front desk.
    assert "governance-" not in result.stderr and "gaps_for_reviewer" not in result.stderr

"""The README is the user's manual: its Quick start must be what CI runs."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT, run


def test_ci_runs_the_readme_quick_start_exactly():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci, f"README command not run by CI: {command}"


def test_readme_pictures_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r'src="(docs/images/[^"]+)"', readme)
    assert pictures
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture


def test_readme_handout_commands_work_as_pasted(tmp_path, monkeypatch):
    """The doctor copies the command from the README: it must run and write what it says."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Handouts for one patient", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(\.venv/bin/python build\.py handout .+?)\n```", section)
    assert len(commands) == 2
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = run(*shlex.split(command)[2:])
        assert result.exit_code == 0, result.output
    written = sorted(path.suffix for path in tmp_path.iterdir())
    assert written == [".eml", ".pdf", ".pdf"]

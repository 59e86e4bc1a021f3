"""The README is the user's manual: its Quick start must be what CI runs."""

from __future__ import annotations

import re

from conftest import ROOT


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

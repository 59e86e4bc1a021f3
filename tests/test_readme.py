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


def test_readme_reading_level_table_is_what_the_command_prints_now():
    result = run("check", "--format", "markdown")
    assert result.exit_code == 0, result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert result.stdout in readme, "README's reading-level table is stale:\n" + result.stdout


def test_readme_rules_table_is_what_the_command_prints_now():
    result = run("check", "--rules", "--format", "markdown")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert result.stdout in readme, "README's table of rules is stale:\n" + result.stdout


def test_readme_allow_comment_example_is_allowed(fixture_project):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Allowing a finding", 1)[1].split("```markdown\n", 1)[1]
    fixture_project.valid_leaflet(body="## Awards\n\n" + example.split("```", 1)[0])
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 0, result.output
    assert ": allowed: ad-superlative: " in result.stdout


def test_ci_installs_every_prerequisite_the_readme_names():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Prerequisites", 1)[1].split("\n## ", 1)[0]
    named = re.search(r"apt-get install ([^\n`]+)", section).group(1).split()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = re.search(r'packages="([^"]+)"', ci).group(1).split()
    assert named == installed

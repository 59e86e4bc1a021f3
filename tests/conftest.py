"""Shared fixtures: the real project built once per session, and small throwaway projects."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from leafletpress import cli as cli_module
from leafletpress.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SLUGS = ["overview", "scs-what-to-expect", "when-to-see-a-specialist"]
# The day the tests check review dates against, so they do not depend on the clock.
TODAY = date(2026, 11, 25)

VALID_FRONT_MATTER = """\
---
title: Test leaflet
summary: A leaflet used by the tests.
lang: en
code: TEST-01
version: "1.0"
reviewed: 2026-11-01
next_review: 2028-11-01
author: Test author
sources:
  - A test source
in_short:
  - The main message.
---
"""


def run(*args: str, project: Path | None = None, input: str | bytes | None = None):
    """Run the command in-process, as a user would type it; returns Click's result.

    ``input`` is what the user types or pipes in on standard input.
    """
    argv = (["--project", str(project)] if project else []) + list(args)
    return CliRunner().invoke(cli, argv, obj=ROOT, input=input)


@pytest.fixture(scope="session", autouse=True)
def pinned_today():
    """Every command run in-process checks review dates against TODAY."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_module, "today", lambda: TODAY)
        yield


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The shipped leaflets, built once for the whole session into a temporary dist/."""
    out = tmp_path_factory.mktemp("dist")
    result = run("build", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


class FixtureProject:
    """A copy of the real templates, styles and brands with leaflets written by a test."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("templates", "styles", "brands"):
            shutil.copytree(ROOT / folder, root / folder)
        (root / "leaflets").mkdir()

    def leaflet(self, slug: str, text: str, lang: str = "en") -> Path:
        folder = self.root / "leaflets" / slug
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{lang}.md"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def valid_leaflet(
        self, slug: str = "sample", body: str = "## A heading\n\nSome text.\n"
    ) -> Path:
        return self.leaflet(slug, VALID_FRONT_MATTER + "\n" + body)

    def build(self, *args: str):
        return run("build", *args, project=self.root)


@pytest.fixture
def fixture_project(tmp_path) -> FixtureProject:
    return FixtureProject(tmp_path / "project")

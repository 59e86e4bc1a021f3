"""Shared fixtures: the real project built once per session, and small throwaway projects."""

from __future__ import annotations

import re
import shutil
import socket
import textwrap
from datetime import date
from pathlib import Path

import pdffacts
import pytest
from click.testing import CliRunner
from hypothesis import settings

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


def front_matter(**values: str | None) -> str:
    """VALID_FRONT_MATTER with some keys' values replaced: ``front_matter(code="TEST-02")``.

    A value replaces the key's value as written (``title='"1e999"'`` keeps its quotes);
    None removes the key's line. A front matter key the fixture lacks (``trifold``) is
    added before ``in_short``. Any other name is a KeyError, so a typo cannot leave a
    test's leaflet silently unchanged.
    """
    from leafletpress.content import FRONT_MATTER

    lines = VALID_FRONT_MATTER.split("\n")
    for key, value in values.items():
        found = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        if not found and key not in FRONT_MATTER:
            raise KeyError(key)
        if value is None:
            del lines[found[0]]
        elif found:
            lines[found[0]] = f"{key}: {value}"
        else:
            lines.insert(lines.index("in_short:"), f"{key}: {value}")
    return "\n".join(lines)


TEST_PHONE = "+65 0000 0000"  # made up, like the example brand's

# What a test writes where a PDF from an earlier build would be, to show it is kept. It is
# not a PDF: the session's check that every PDF opens skips files that start like this.
EARLIER_PDF = b"%PDF-earlier good build"
PLACEHOLDER_PREFIX = b"%PDF-earlier"

# Property-based tests (Hypothesis) run the same examples on every machine and in CI, and
# keep no example database (it would be written into the source tree).
settings.register_profile("leafletpress", derandomize=True, database=None, print_blob=True)
settings.load_profile("leafletpress")


def run(*args: str, project: Path | None = None, input: str | bytes | None = None):
    """Run the command in-process, as a user would type it; returns Click's result.

    ``input`` is what the user types or pipes in on standard input. A handout with no
    ``project`` is made from the shipped leaflets with the tests' own brands
    (``SHIPPED``): the shipped default brand has no contact details yet, and a handout
    is refused without them.
    """
    if project is None and "handout" in args[:3]:
        project = SHIPPED
    argv = (["--project", str(project)] if project else []) + list(args)
    return CliRunner().invoke(cli, argv, obj=ROOT, input=input)


def assert_one_error(result, pattern: str) -> None:
    """The command failed (exit 1) with exactly one ``Error:`` line, matching ``pattern``."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert re.search(pattern, errors[0]), errors[0]


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    return attempts


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """Cut the static Chinese and Tamil faces once, before any test (and before
    pytest-xdist starts its workers), so a fresh clone's first run (CI) spends those
    seconds here on both cores rather than in whichever test first needs them."""
    if hasattr(session.config, "workerinput"):
        return  # a worker: the controller has prepared them
    from leafletpress import services

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter else print
    services.prepare_fonts(["中文 தமிழ்"], say)


@pytest.fixture(scope="session", autouse=True)
def every_pdf_opens_in_a_second_engine(tmp_path_factory):
    """After the whole session, every PDF any test wrote must open and draw in pdfium.

    pdfium is independent of WeasyPrint (which wrote the PDFs) and of pypdf (which
    the tests read them with), so a file both of those accept by accident is still
    caught. Every page is drawn at a fifth of its size; the session fails naming
    each file that cannot be opened, is cut short or cannot be drawn. Placeholders
    that tests write on purpose start with PLACEHOLDER_PREFIX and are skipped.
    """
    yield
    broken = []
    for path in sorted(tmp_path_factory.getbasetemp().rglob("*.pdf")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(len(PLACEHOLDER_PREFIX)) == PLACEHOLDER_PREFIX:
                continue
        problem = pdffacts.drawing_problem(path)
        if problem is not None:
            broken.append(f"{path}: {problem}")
    if broken:
        pytest.fail(
            "PDFs written by the tests that pdfium cannot open or draw:\n" + "\n".join(broken),
            pytrace=False,
        )


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


@pytest.fixture(scope="session")
def matrix_result(tmp_path_factory):
    """Every leaflet in every brand, edition and layout, built once for the whole session."""
    out = tmp_path_factory.mktemp("matrix")
    result = run("build", "--all-variants", "-o", str(out))
    assert result.exit_code == 0, result.output
    result.out = out
    return result


@pytest.fixture(scope="session")
def matrix(matrix_result) -> Path:
    """The folder of the session's --all-variants build."""
    return matrix_result.out


# The shipped leaflets, templates and styles with the tests' own brands (FIXTURE_BRANDS,
# whose default has a made-up phone): where handouts of the shipped leaflets are made.
SHIPPED: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def shipped_leaflets_with_a_reachable_brand(tmp_path_factory):
    """Make SHIPPED once per test process, in the session's temporary folder."""
    global SHIPPED
    SHIPPED = tmp_path_factory.mktemp("shipped")
    for folder in ("leaflets", "templates", "styles"):
        shutil.copytree(ROOT / folder, SHIPPED / folder)
    shutil.copytree(FIXTURE_BRANDS, SHIPPED / "brands")
    return SHIPPED


# The fixture project's own brand files: a default brand like the shipped one but with a
# made-up phone (so brand-contact is not in every test; its tests take it out again), and
# the example partner. Tests that are not about the shipped files never read brands/, so
# a brand marketing adds there cannot change what they find.
FIXTURE_BRANDS = Path(__file__).resolve().parent / "fixture-project" / "brands"


class FixtureProject:
    """The real templates and styles, the tests' own brands, and leaflets written by a test."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("templates", "styles"):
            shutil.copytree(ROOT / folder, root / folder)
        shutil.copytree(FIXTURE_BRANDS, root / "brands")
        (root / "leaflets").mkdir()

    @classmethod
    def copy_of(cls, other: Path, root: Path) -> FixtureProject:
        """A copy of the fixture project at ``other``, its leaflets and dist/ included."""
        shutil.copytree(other, root, symlinks=True)
        project = cls.__new__(cls)
        project.root = root
        return project

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

"""One gate for every command, and what a build says while it works (issue 10, items 18-23).

Whatever asks (build, handout, check), a leaflet or brand with errors is never printed;
a broken leaflet is refused alone; check finds what build refuses; the README's privacy
advice works; the terminal output is one honest line at a time.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import click._termui_impl
import pytest
from click.testing import CliRunner
from conftest import ROOT, TODAY, VALID_FRONT_MATTER, front_matter, run

from leafletpress import cli as cli_module
from leafletpress import console
from leafletpress.builder import build_pdfs
from leafletpress.checks.runner import brand_docs, gate, leaflet_docs
from leafletpress.cli import cli
from leafletpress.jobs import Job
from leafletpress.manifest import Manifest
from leafletpress.project import Project
from leafletpress.render import Renderer

HOSTILE = Path(__file__).parent / "hostile"
AD_BODY = "## About us\n\nWe are the best pain clinic.\n"
SKIPPED_HEADING = "## Start\n\nSome text.\n\n#### Too deep\n\nMore text.\n"
PATIENT = "Zelda Quorvath-Test"


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf"))


# -- 18. A handout applies the same gate as build, brand included ----------------------


@pytest.mark.parametrize(
    ("body", "rule"),
    [(AD_BODY, "ad-superlative"), (SKIPPED_HEADING, "a11y-heading-order")],
    ids=["advertising-error", "accessibility-error"],
)
def test_handout_refuses_a_leaflet_that_build_refuses(fixture_project, tmp_path, body, rule):
    fixture_project.valid_leaflet(body=body)
    build = fixture_project.build("-o", str(tmp_path / "dist"))
    assert build.exit_code == 1 and rule in build.stderr
    target = tmp_path / "pack.pdf"
    result = run(
        "handout", "sample", "--patient", PATIENT, "-o", str(target), project=fixture_project.root
    )
    assert result.exit_code == 1, result.output
    assert re.search(rf"^Error: \S*leaflets/sample/en\.md:\d+: {rule}: ", result.stderr, re.M)
    assert errors(result)[-1] == (
        "Error: no handout made: these leaflets must be reviewed before they are handed out: "
        "sample; ask the clinic's patient information team"
    )
    assert PATIENT not in result.output
    assert not target.exists()


def test_handout_refuses_a_brand_that_promises_the_best_and_no_pain(fixture_project, tmp_path):
    fixture_project.valid_leaflet()
    shutil.copy(HOSTILE / "brands" / "advertising-claims.toml", fixture_project.root / "brands")
    target = tmp_path / "pack.pdf"
    result = run(
        "handout",
        "sample",
        "--brand",
        "advertising-claims",
        "--patient",
        PATIENT,
        "-o",
        str(target),
        project=fixture_project.root,
    )
    assert result.exit_code == 1, result.output
    found = errors(result)
    assert any(
        re.search(r"brands/advertising-claims\.toml:2: ad-superlative: 'Best'", e) for e in found
    )
    assert any(
        re.search(r"brands/advertising-claims\.toml:3: ad-guarantee: '100%'", e) for e in found
    )
    assert "these files must be fixed before they are handed out" in found[-1]
    assert not target.exists()
    build = fixture_project.build("--brand", "advertising-claims")
    assert build.exit_code == 1 and "ad-guarantee" in build.stderr  # the same verdict


def test_the_gate_is_a_plain_function_that_takes_the_day(fixture_project):
    """No clock and no Click inside: the day is an argument, the answer a Verdict."""
    fixture_project.valid_leaflet()  # next review 2028-11-01
    project = Project.at(fixture_project.root)

    def verdict(day: date):
        return gate(
            project, leaflet_docs(project, None), brand_docs(project, ["default"]), today=day
        )

    today = verdict(TODAY)
    assert today.ok and [leaflet.slug for leaflet in today.leaflets] == ["sample"]
    later = verdict(date(2028, 11, 2))
    assert later.refused == ["sample"] and later.leaflets == []
    assert any("governance-next-review" in e.message for e in later.errors)
    assert [brand.key for brand in later.brands] == ["default"]


def test_the_builder_renders_only_the_jobs_the_gate_leaves_even_with_workers(
    fixture_project, tmp_path
):
    """build drops refused jobs from the list while the workers start: never render them."""
    fixture_project.valid_leaflet()
    project = Project.at(fixture_project.root)
    leaflet, brand = leaflet_docs(project)[0].leaflet, brand_docs(project, ["default"])[0].brand
    jobs = [Job(leaflet, brand, tmp_path / f"{i}.pdf") for i in range(8)]  # two workers' worth
    outcomes = build_pdfs(jobs, project, workers=2, before_render=jobs.clear)
    assert outcomes == [] and list(tmp_path.glob("*.pdf")) == []


# -- 19. check SLUG sees project-wide problems; a broken leaflet is refused alone ------


def test_check_of_one_leaflet_finds_a_code_another_leaflet_uses(fixture_project):
    fixture_project.valid_leaflet("first")
    fixture_project.valid_leaflet("second")
    everything = run("check", project=fixture_project.root)
    assert everything.exit_code == 1 and "governance-unique-code" in everything.stdout
    for slug, other in (("first", "second"), ("second", "first")):
        one = run("check", slug, project=fixture_project.root)
        assert one.exit_code == 1, one.output
        assert re.search(
            rf"{slug}/en\.md:5: error: governance-unique-code: "
            rf"code TEST-01 is also used by {other}",
            one.stdout,
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: None,  # an empty folder
        lambda folder: (folder / "en.md").write_text("---\ntitle: Half made\n", encoding="utf-8"),
        lambda folder: (folder / "en.md").write_text("", encoding="utf-8"),
    ],
    ids=["empty-folder", "front-matter-not-closed", "empty-file"],
)
def test_a_broken_leaflet_is_refused_alone_and_the_rest_build(fixture_project, make):
    fixture_project.valid_leaflet("good")
    folder = fixture_project.root / "leaflets" / "new-topic"
    folder.mkdir()
    make(folder)
    result = fixture_project.build()
    assert result.exit_code == 1
    assert len(errors(result)) == 1 and "leaflets/new-topic/en.md" in errors(result)[0]
    assert pdfs(fixture_project.root / "dist") == ["good.pdf"]
    # A leaflet that does not load is refused even as a draft: no --skip-checks advice.
    assert result.stderr.splitlines()[-1] == (
        "Not built, because of the errors above: new-topic; fix them."
    )


# -- 20. check finds, without rendering, what build would refuse -----------------------


def test_check_reports_a_trifold_heading_that_does_not_exist(fixture_project):
    fixture_project.leaflet(
        "sample",
        VALID_FRONT_MATTER.removesuffix("---\n")
        + "trifold:\n  - What is it?\n---\n\n## What is it really?\n\nText.\n",
    )
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1, result.output
    assert re.search(
        r"sample/en\.md:\d+: error: structure-trifold-sections: 'trifold' names 'What is it\?', "
        r"which is not a ## heading of this leaflet",
        result.stdout,
    )


@pytest.mark.parametrize("name", ["Back Pain", "Overview", "-dash", "CON"])
def test_check_reports_leaflet_folder_names_that_build_refuses(fixture_project, name):
    fixture_project.valid_leaflet("sample")
    fixture_project.leaflet(name, front_matter(code="TEST-02") + "\n## A\n\nB.\n")
    build = fixture_project.build()
    assert build.exit_code == 1 and f"leaflets/{name}:" in build.stderr
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1, result.output
    assert re.search(
        rf"leaflets/{re.escape(name)}: error: governance-front-matter: ", result.stdout
    )


def test_check_names_a_brand_file_with_a_capital_letter(fixture_project):
    fixture_project.valid_leaflet()
    shutil.copy(ROOT / "brands" / "default.toml", fixture_project.root / "brands" / "Partner.toml")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1, result.output
    assert (
        "brands/Partner.toml: error: brand-file: is not a brand file name, so no --brand can "
        "choose it; use lower case words and dashes, like partner.toml"
    ) in result.stdout
    build = fixture_project.build("--brand", "Partner")
    assert build.exit_code == 2
    assert (
        "brands/Partner.toml: is not a brand file name, so no --brand can choose it; use lower "
        "case words and dashes, like partner.toml"
    ) in build.stderr


# -- 21. The README's privacy advice works: the name is asked on the terminal ----------


def test_patient_name_is_asked_on_the_terminal_when_the_notes_come_from_stdin(
    fixture_project, tmp_path, monkeypatch
):
    fixture_project.valid_leaflet()
    controller, terminal = os.openpty()
    monkeypatch.setattr(console, "TERMINAL", os.ttyname(terminal))
    os.write(controller, f"{PATIENT}\n".encode())
    target = tmp_path / "pack.pdf"
    try:
        result = run(
            "handout",
            "sample",
            "--note-file",
            "-",
            "-o",
            str(target),
            project=fixture_project.root,
            input="Walk every day.\n",
        )
        shown = os.read(controller, 4096).decode()
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.exit_code == 0, result.output
    assert "Patient's name: " in shown
    from pdffacts import page_texts

    cover = page_texts(target)[0]
    assert PATIENT in cover and "Walk every day." in cover
    assert PATIENT not in result.output


def test_without_a_terminal_the_name_cannot_be_asked_and_one_line_says_so(
    fixture_project, tmp_path, monkeypatch
):
    fixture_project.valid_leaflet()
    monkeypatch.setattr(console, "TERMINAL", str(tmp_path / "no-terminal-here"))
    result = run(
        "handout", "sample", "--note-file", "-", project=fixture_project.root, input="A note.\n"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: there is no terminal to ask for the patient's name on, and standard input "
        "carries the notes; give --patient NAME, or the notes with --note-file FILE"
    )


# -- 23. Terminal output ---------------------------------------------------------------


@pytest.fixture
def on_a_terminal(monkeypatch):
    """The build believes standard error is a terminal, so it draws its progress bar."""
    monkeypatch.setattr(cli_module, "_on_terminal", lambda: True)
    monkeypatch.setattr(click._termui_impl, "isatty", lambda stream: True)  # noqa: SLF001


def test_progress_bar_and_warnings_never_share_a_line_and_no_early_estimate(
    fixture_project, on_a_terminal
):
    long_sentence = "## Long\n\n" + " ".join(["word"] * 30) + ".\n"
    fixture_project.valid_leaflet("first", long_sentence)  # a warning from the checks
    fixture_project.leaflet("second", front_matter(code="TEST-02") + "\n## A\n\nText.\n")
    result = fixture_project.build("--edition", "all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "Building" in result.stderr  # the bar was drawn
    for line in result.stderr.split("\n"):
        shown = line.split("\r")[-1].replace("\x1b[K", "")  # what the terminal keeps
        if "Warning:" in line:
            assert shown.startswith("Warning: "), repr(line)
    frames = [frame for frame in result.stderr.split("\r") if "Building" in frame]
    quarter = [frame for frame in frames if "25%" in frame]
    assert quarter and not re.search(r"\d\d:\d\d:\d\d", quarter[0]), frames


def test_verbose_build_prints_its_timings(fixture_project):
    fixture_project.valid_leaflet()
    result = run("-v", "build", project=fixture_project.root)
    assert result.exit_code == 0, result.output
    assert re.search(r"^Checked in \d+\.\d\d s\.$", result.stderr, re.M)
    assert re.search(r"dist/sample\.pdf  \d+ pages?  \d+ KB  at \d+\.\d s$", result.stderr, re.M)


def test_a_rebuild_with_nothing_to_do_prints_one_summary(fixture_project):
    fixture_project.valid_leaflet()
    assert fixture_project.build().exit_code == 0
    again = fixture_project.build()
    assert again.exit_code == 0
    assert len(again.stderr.splitlines()) == 1, again.stderr
    assert re.match(
        r"Built 0 PDFs, 1 unchanged, 0 failed, in \d+\.\d s; nothing to do, every PDF in "
        r"\S+ is up to date \(--force rebuilds them\)\.$",
        again.stderr,
    )


def test_fold_marks_without_a_trifold_are_refused(fixture_project):
    fixture_project.valid_leaflet()
    result = fixture_project.build("--fold-marks")
    assert result.exit_code == 2
    assert "--fold-marks marks the folds of a tri-fold; add --layout trifold" in result.stderr
    assert not (fixture_project.root / "dist").exists()


def test_fold_marks_do_not_change_a_leaflet_layout_job(fixture_project, tmp_path):
    """With --layout all, the leaflet PDFs are the same job with or without fold marks."""
    fixture_project.valid_leaflet()
    project = Project.at(fixture_project.root)
    leaflet, brand = leaflet_docs(project)[0].leaflet, brand_docs(project, ["default"])[0].brand
    manifest = Manifest(tmp_path, Renderer(project))
    plain = Job(leaflet, brand, tmp_path / "sample.pdf")
    marked = Job(leaflet, brand, tmp_path / "sample.pdf", fold_marks=True)
    assert manifest.fingerprint(marked) == manifest.fingerprint(plain)


def test_the_project_is_found_from_any_folder_inside_it(fixture_project, monkeypatch):
    fixture_project.valid_leaflet()
    monkeypatch.chdir(fixture_project.root / "leaflets" / "sample")
    result = CliRunner().invoke(cli, ["list"])  # no --project, as a user types it
    assert result.exit_code == 0, result.output
    assert re.search(r"^sample\s+TEST-01", result.stdout, re.M)

"""What clinic staff and doctors see when they run the tool: few lines, plain words."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest
from conftest import ROOT, SLUGS, VALID_FRONT_MATTER, assert_one_error, run


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
    assert "For the details, run python build.py check in the project folder." in summary
    # No rule ids or front matter keys for the front desk.
    assert "governance-" not in result.stderr and "gaps_for_reviewer" not in result.stderr


MERGED_IN_SHORT = VALID_FRONT_MATTER.replace(
    "  - The main message.",
    "  - Some people have pain.\n   - Its old name is failed back surgery syndrome.\n"
    "  - Several treatments can help.",
)


def test_in_short_points_merged_by_one_space_of_indent_are_refused_naming_the_line(
    fixture_project,
):
    fixture_project.leaflet("sample", MERGED_IN_SHORT + "\n## A heading\n\nSome text.\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert re.search(
        r"leaflets/sample/en\.md:\d+: error: structure-merged-list: '- ' inside one In short "
        r"point prints as part of its text",
        result.stdout,
    ), result.stdout
    assert_one_error(fixture_project.build(), r"sample/en\.md:\d+: structure-merged-list")
    assert not (fixture_project.root / "dist" / "sample.pdf").exists()


@pytest.mark.parametrize(
    ("body", "merged"),
    [
        ("## What to do\n\nYou can:\n- rest\n- walk\n", True),  # no blank line before the list
        ("## What to do\n\n- Rest. - Walk a little.\n", True),
        ("## What to do - and when\n\nText.\n", False),  # a dash between words
        ("## Opening hours\n\nMonday - Friday, 9 am to 5 pm.\n", False),
        ("## What to do\n\n- Rest.\n- Walk a little.\n", False),
    ],
)
def test_a_list_marker_inside_a_printed_line_is_an_error_and_a_dash_is_not(
    fixture_project, body, merged
):
    fixture_project.valid_leaflet(body=body)
    result = run("check", project=fixture_project.root)
    assert ("structure-merged-list" in result.stdout) is merged, result.stdout


def test_raw_html_in_a_leaflet_is_a_warning_that_says_it_prints_as_typed(fixture_project):
    fixture_project.valid_leaflet(body="## A heading\n\nRead this <b>first</b>.\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 0
    assert re.search(
        r"en\.md:18: warning: structure-raw-html: '<b>' is HTML, which prints as it is typed",
        result.stdout,
    ), result.stdout


# -- advice that works (item 3) -------------------------------------------------------


def test_skip_checks_is_advised_only_when_a_draft_would_be_built(fixture_project):
    fixture_project.valid_leaflet(body="## About us\n\nWe are the best pain clinic.\n")
    refused = fixture_project.build()
    assert refused.exit_code == 1
    assert "or build a draft with --skip-checks" in refused.stderr
    assert fixture_project.build("--skip-checks").exit_code == 0  # the advice works

    fixture_project.valid_leaflet()
    brand = fixture_project.root / "brands" / "default.toml"
    brand.write_text(brand.read_text() + "\nunknown_key = 1\n")
    refused = fixture_project.build("--force")
    assert refused.exit_code == 1
    assert "--skip-checks" not in refused.stderr  # a brand that does not load: no draft helps
    assert fixture_project.build("--force", "--skip-checks").exit_code == 1


def test_strict_after_a_normal_build_counts_no_refused_pdf_as_unchanged(fixture_project):
    fixture_project.valid_leaflet(body="## Long\n\n" + " ".join(["word"] * 30) + ".\n")
    assert fixture_project.build().exit_code == 0
    strict = fixture_project.build("--strict")
    assert strict.exit_code == 1
    assert "Built 0 PDFs, 0 unchanged, 0 failed" in strict.stderr
    assert re.search(r"1 PDF of it from an earlier build is still in \S*dist\.", strict.stderr)


def test_build_help_names_only_files_a_build_can_make():
    help_text = run("build", "--help").stdout
    names = re.findall(r"dist/(\S+)\.pdf", help_text)
    assert names and all("large-print--trifold" not in name for name in names), names


# -- the writer's and marketer's reach (item 4) -----------------------------------------


def _broken_partner(fixture_project):
    brand = fixture_project.root / "brands" / "example-partner.toml"
    text = brand.read_text().replace('email = "hello@example.com"', 'email = "nope"')
    brand.write_text(text + "\nextra = 1\n")
    lines = brand.read_text().split("\n")
    return lines.index('email = "nope"') + 1


@pytest.mark.parametrize("how", [["example-partner"], ["--brand", "example-partner"]])
def test_check_of_one_brand_checks_that_brand_alone_with_line_numbers(fixture_project, how):
    fixture_project.valid_leaflet(body="## About us\n\nWe are the best pain clinic.\n")
    email_line = _broken_partner(fixture_project)
    result = run("check", *how, project=fixture_project.root)
    assert result.exit_code == 1
    assert "leaflets/" not in result.stdout  # the leaflet's superlative is not this check's
    assert "brands/default.toml" not in result.stdout
    assert f"brands/example-partner.toml:{email_line}: error: brand-file: 'contact.email'" in (
        result.stdout
    )
    assert "Checked 0 leaflet files and 1 brand file: 2 errors" in result.stdout


def test_build_names_the_line_of_every_brand_problem_at_once(fixture_project):
    fixture_project.valid_leaflet()
    email_line = _broken_partner(fixture_project)
    result = fixture_project.build("--brand", "example-partner")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2, result.stderr
    assert f"example-partner.toml:{email_line}: 'contact.email'" in errors[1] + errors[0]
    assert all(re.search(r"example-partner\.toml:\d+: ", error) for error in errors)


def test_build_lists_every_gate_error_as_check_does(fixture_project):
    """A guard: build and check give the same errors (it held already on main)."""
    fixture_project.valid_leaflet(body="## Us\n\nWe are the best. We guarantee a cure.\n")
    checked = run("check", "sample", project=fixture_project.root)
    built = fixture_project.build()
    rules = re.findall(r"error: (\S+): '(\w+)'", checked.stdout)
    assert len(rules) == 3
    for rule_id, word in rules:
        assert f"{rule_id}: '{word}'" in built.stderr


# -- the doctor at the command line (item 6) --------------------------------------------


def test_no_patient_and_nothing_typed_is_one_line_not_aborted(tmp_path):
    result = run("handout", "overview", "-o", str(tmp_path / "p.pdf"), input="")
    assert result.exit_code == 2
    assert "Aborted" not in result.output
    assert result.stderr.splitlines()[-1] == (
        "Error: no patient's name was typed (standard input ended); give --patient NAME, "
        "or type the name at the prompt"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("days", [1, 30, 400])
def test_a_visit_date_in_the_future_is_refused(tmp_path, days):
    day = (date.today() + timedelta(days=days)).isoformat()
    result = run(
        "handout", "overview", "--patient", "A Patient", "--date", day, "-o", str(tmp_path)
    )
    assert result.exit_code == 2
    assert f"{day} is in the future; a handout records a visit that has happened" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_handout_into_a_new_folder_makes_it_owner_only(tmp_path):
    folder = tmp_path / "packs" / "today"
    result = run("handout", "overview", "--patient", "A Patient", "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    [pdf] = folder.iterdir()
    assert pdf.suffix == ".pdf" and pdf.name.startswith("handout-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "packs").stat().st_mode) == 0o700


# -- tests that do not depend on the live project (item 7) ------------------------------


def test_a_fixture_project_has_the_tests_own_brands_whatever_brands_holds(fixture_project):
    """A brand marketing adds to brands/ (as the README invites) never reaches the tests that
    are not about the shipped files: their project copies tests/fixture-project/brands."""
    from conftest import FIXTURE_BRANDS

    copied = sorted(p.name for p in (fixture_project.root / "brands").iterdir())
    assert copied == sorted(p.name for p in FIXTURE_BRANDS.iterdir())
    assert (fixture_project.root / "brands" / "default.toml").read_text() == (
        FIXTURE_BRANDS / "default.toml"
    ).read_text()


# -- what a second new user met -----------------------------------------------------------


def test_an_in_short_point_indented_less_names_its_own_line(fixture_project):
    front = VALID_FRONT_MATTER.replace(
        "  - The main message.", "  - The main message.\n - A point indented one space less."
    )
    fixture_project.leaflet("sample", front + "\n## A heading\n\nSome text.\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert re.search(
        r"en\.md:14: error: governance-front-matter: front matter YAML error: this line is "
        r"indented differently from the lines above it; indent each '- ' item",
        result.stdout,
    ), result.stdout


def test_a_misspelt_leaflet_is_offered_the_right_one_not_quoting_advice(tmp_path):
    result = run("handout", "overveiw", "--patient", "A Patient", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown leaflet overveiw" in result.stderr and "did you mean overview?" in result.stderr
    assert "put the whole text in quotes" not in result.stderr
    unquoted = run("handout", "overview", "--patient", "A", "--next-step", "Review", "in", "six")
    assert "put the whole text in quotes" in unquoted.stderr

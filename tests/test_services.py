"""The library under the command line: its flows, called from Python without Click.

The README's example runs as written; the same gate refuses what the command line
refuses; the day review dates are checked against is a parameter; list, handout and
a draft build keep their promises for a Python caller too.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from datetime import date

import pytest
from conftest import ROOT, TODAY, VALID_FRONT_MATTER, front_matter, run

import leafletpress
from leafletpress import services
from leafletpress.errors import LeafletPressError, RefusedError, RequestError

PATIENT = "Zelda Quorvath-Test"


def readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using Leaflet Press from Python", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.+?)\n```", section, re.S)
    return code


def test_the_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    """The very block in the README: it builds a leaflet and makes a handout."""
    for folder in ("leaflets", "templates", "styles", "brands"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(readme_python_example(), "README.md", "exec"), {})
        exec(compile(readme_python_example(), "README.md", "exec"), {})  # and again: rerunnable
    assert (tmp_path / "out" / "overview--large-print.pdf").is_file()
    assert (tmp_path / "out" / "pack.pdf").stat().st_mode & 0o777 == 0o600
    assert re.search(r"^overview--large-print\.pdf \d+ pages$", printed.getvalue(), re.M)
    assert re.search(r"^out/pack\.pdf \d+ pages$", printed.getvalue(), re.M)
    assert re.search(r"^1 PDF unchanged in out/$", printed.getvalue(), re.M)  # the second run


def test_the_public_api_names_what_the_readme_documents():
    for name in ("open_project", "check", "build", "make_handout", "write_handout"):
        assert callable(getattr(leafletpress, name)), name
    assert issubclass(leafletpress.RefusedError, leafletpress.LeafletPressError)


def test_the_library_refuses_a_leaflet_with_errors_for_build_and_handout(fixture_project, tmp_path):
    fixture_project.valid_leaflet(body="## About us\n\nWe are the best pain clinic.\n")
    project = leafletpress.open_project(fixture_project.root)
    result = leafletpress.build(project, out_dir=tmp_path / "out", today=TODAY)
    assert result.refused == ["sample"] and not result.ok and result.outcomes == []
    assert any("ad-superlative" in str(problem) for problem in result.verdict.errors)
    with pytest.raises(RefusedError) as refused:
        leafletpress.make_handout(project, ["sample"], PATIENT, today=TODAY)
    assert "no handout made" in refused.value.message
    assert any("ad-superlative" in str(p) for p in refused.value.verdict.errors)
    assert not list(tmp_path.glob("**/*.pdf"))


def test_the_day_for_review_dates_is_a_parameter(fixture_project):
    fixture_project.valid_leaflet()  # next review 2028-11-01
    project = leafletpress.open_project(fixture_project.root)
    assert not leafletpress.check(project, today=TODAY).failing()
    late = leafletpress.check(project, today=date(2029, 1, 1))
    assert [f.rule for f in late.files[0].findings if f.level == "error"] == [
        "governance-next-review"
    ]


def test_an_unknown_leaflet_or_brand_is_a_request_error(fixture_project):
    fixture_project.valid_leaflet()
    project = leafletpress.open_project(fixture_project.root)
    known = "unknown leaflet or brand nope; known leaflets: sample; brands: "
    with pytest.raises(RequestError, match=known):
        leafletpress.check(project, ["nope"])
    with pytest.raises(RequestError, match="unknown brand nope") as wrong:
        leafletpress.make_handout(project, ["sample"], PATIENT, brand="nope")
    assert wrong.value.param == "--brand"


def test_a_handout_brand_with_an_unusable_file_name_gets_the_file_name_rule(fixture_project):
    """handout --brand Partner says what build says, not 'unknown brand' (one function)."""
    fixture_project.valid_leaflet()
    shutil.copy(ROOT / "brands" / "default.toml", fixture_project.root / "brands" / "Partner.toml")
    rule = "brands/Partner.toml: is not a brand file name, so no --brand can choose it"
    for command in (["build"], ["handout", "sample", "--patient", PATIENT, "-o", "-"]):
        result = run(*command, "--brand", "Partner", project=fixture_project.root)
        assert result.exit_code == 2, result.output
        assert rule in result.stderr, result.stderr
        assert "unknown brand" not in result.stderr


def test_a_draft_build_still_refuses_two_leaflets_with_one_code(fixture_project, tmp_path):
    """--skip-checks skips the content rules, never the rule that codes are unique."""
    fixture_project.valid_leaflet("first")
    fixture_project.valid_leaflet("second")  # the same code, TEST-01
    fixture_project.leaflet("third", front_matter(code="TEST-03") + "\n## A\n\nText.\n")
    out = tmp_path / "out"
    result = run("build", "--skip-checks", "-o", str(out), project=fixture_project.root)
    assert result.exit_code == 1, result.output
    assert re.search(r"first/en\.md:\d+: governance-unique-code: code TEST-01", result.stderr)
    assert "Not built, because of the errors above: first, second; fix them." in result.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == ["third--draft.pdf"]


def test_list_names_a_broken_leaflet_and_lists_the_rest(fixture_project):
    fixture_project.valid_leaflet("good")
    fixture_project.leaflet("broken", front_matter(reviewed="2026-11-31") + "\nText.\n")
    result = run("list", project=fixture_project.root)
    assert result.exit_code == 1, result.output
    assert re.search(r"^good\s+TEST-01\s", result.stdout, re.M)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "leaflets/broken/en.md:" in errors[0], result.stderr
    found = services.listing(leafletpress.open_project(fixture_project.root))
    assert [leaflet.slug for leaflet in found.leaflets] == ["good"]


def test_a_build_reports_to_its_events_and_prints_nothing(fixture_project, tmp_path, capsys):
    fixture_project.valid_leaflet()
    heard = []

    class Events(leafletpress.BuildEvents):
        def checked(self, verdict):
            heard.append(("checked", verdict.ok))

        def finished(self, outcome):
            heard.append(("finished", outcome.job.output.name, outcome.ok))

    project = leafletpress.open_project(fixture_project.root)
    result = leafletpress.build(
        project, out_dir=tmp_path / "out", html=True, today=TODAY, events=Events()
    )
    assert heard == [("checked", True)]
    assert [path.name for path in result.html] == ["sample.html"]
    assert capsys.readouterr() == ("", "")
    with pytest.raises(LeafletPressError, match="is not a Leaflet Press project"):
        leafletpress.open_project(tmp_path)


def test_front_matter_helper_writes_what_the_leaflet_loads():
    assert front_matter() == VALID_FRONT_MATTER
    assert "code: TEST-03\n" in front_matter(code="TEST-03")
    with pytest.raises(KeyError):
        front_matter(no_such_key="x")


def test_a_caller_may_bring_its_own_warm_renderer(fixture_project):
    """A web app's worker keeps one renderer for many handouts; the flow uses it."""
    from leafletpress.render import Rendered, Renderer

    fixture_project.valid_leaflet()
    project = leafletpress.open_project(fixture_project.root)
    renderer = Renderer(project)
    renderer.write = lambda parts, **options: Rendered(b"%PDF-from the warm one", 1)
    made = leafletpress.make_handout(project, ["sample"], PATIENT, today=TODAY, renderer=renderer)
    assert made.pdf == b"%PDF-from the warm one" and made.pages == 1


def test_library_errors_name_library_arguments_and_the_command_line_its_options(
    fixture_project, tmp_path
):
    fixture_project.valid_leaflet()
    project = leafletpress.open_project(fixture_project.root)
    with pytest.raises(RequestError, match="add 'trifold' to layouts") as folds:
        leafletpress.build(project, fold_marks=True)
    assert "--" not in folds.value.message
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(b"%PDF-earlier good build")
    with pytest.raises(LeafletPressError, match="pass replace=True to replace it") as exists:
        leafletpress.write_handout(pack, b"%PDF-new")
    assert "--force" not in str(exists.value)
    # The command line says the same with its own options.
    assert (
        "add --layout trifold" in run("build", "--fold-marks", project=fixture_project.root).stderr
    )
    result = run(
        "handout", "sample", "--patient", PATIENT, "-o", str(pack), project=fixture_project.root
    )
    assert "choose another name with -o, or add --force to replace it" in result.stderr
    fixture_project.valid_leaflet(body="## Us\n\nWe are the best.\n")
    refused = leafletpress.build(project, out_dir=tmp_path / "out")
    assert refused.refusal().endswith("or build a draft with skip_checks=True.")

"""The check command as users type it, and the gate it puts in front of build."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pdffacts
from conftest import ROOT, SLUGS, front_matter, run

from leafletpress.brands import discover_brands
from leafletpress.checks import RULES

AD_ERROR_BODY = "## About us\n\nWe are the best pain clinic.\n"
LONG_BODY = "\n\n".join(
    f"## Part {n}\n\nYou can read this short text. It uses small words. It has three sentences."
    for n in range(1, 30)
)


def test_shipped_leaflets_pass_and_show_their_reading_grades():
    result = run("check")
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        assert f"leaflets/{slug}/en.md: " in result.stdout
    grades = re.findall(
        r"reading grade (\d+\.\d) \(limit 8\), (\d+\.\d) words a sentence", result.stdout
    )
    assert len(grades) == 3
    assert all(float(grade) <= 8 and float(words) <= 20 for grade, words in grades)
    brands = len(discover_brands(ROOT / "brands"))  # the shipped ones and any marketing adds
    assert re.search(
        # The three English leaflets and their three Chinese translations (issue 24).
        rf"Checked 6 leaflet files and {brands} brand files: 0 errors, \d+ warnings?"
        r"(, \d+ for the clinical reviewer)?\.",
        result.stdout,
    )


def test_an_error_is_one_line_naming_file_line_level_and_rule_and_exits_1(fixture_project):
    fixture_project.valid_leaflet(body=AD_ERROR_BODY)
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert re.search(
        r"leaflets/sample/en\.md:18: error: ad-superlative: 'best' is a superlative", result.stdout
    ), result.stdout
    assert "1 error" in result.stdout
    assert "Traceback" not in result.output


def test_warnings_pass_unless_strict(fixture_project):
    fixture_project.valid_leaflet(body="## Long\n\n" + " ".join(["word"] * 30) + ".\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 0
    assert "warning: readability-long-sentence: this sentence has 30 words" in result.stdout
    strict = run("check", "--strict", project=fixture_project.root)
    assert strict.exit_code == 1
    assert "Error: failing because of warnings, as --strict asks." in strict.stderr


def test_quiet_prints_errors_only(fixture_project):
    fixture_project.valid_leaflet(body=AD_ERROR_BODY + "\n" + " ".join(["word"] * 30) + ".\n")
    result = run("-q", "check", project=fixture_project.root)
    assert result.exit_code == 1
    assert [line.split(": ")[1:3] for line in result.stdout.splitlines()] == [
        ["error", "ad-superlative"]
    ]


def test_json_groups_findings_by_file_with_reading_level_and_summary(fixture_project):
    fixture_project.valid_leaflet("first", AD_ERROR_BODY)
    fixture_project.leaflet("second", front_matter(code="TEST-02") + "\nOk.\n")
    result = run("check", "--format", "json", project=fixture_project.root)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    files = {entry["path"].split("project/")[1]: entry for entry in data["files"]}
    first = files["leaflets/first/en.md"]
    assert first["code"] == "TEST-01" and first["readability"]["grade"] < 8
    assert first["readability"]["sections"][0]["heading"] == "In short"
    assert [(f["line"], f["level"], f["rule"]) for f in first["findings"]] == [
        (18, "error", "ad-superlative")
    ]
    assert files["leaflets/second/en.md"]["findings"] == []
    assert files["brands/default.toml"]["kind"] == "brand"
    assert data["summary"] == {
        "leaflets": 2,
        "brands": 2,
        "errors": 1,
        "warnings": 0,
        "info": 0,
        "allowed": 0,
        "sources": None,
    }


def test_allowed_findings_show_their_reason(fixture_project):
    fixture_project.valid_leaflet(
        body="## Us\n\n<!-- allow ad-superlative: the award's exact title -->\nThe Best Clinic.\n"
    )
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 0
    assert (
        "leaflets/sample/en.md:19: allowed: ad-superlative: 'Best' is a superlative"
        in result.stdout
    )
    assert "(allowed: the award's exact title)" in result.stdout


def test_rules_lists_every_rule_with_level_and_explanation():
    result = run("check", "--rules")
    assert result.exit_code == 0
    for rule in RULES.values():
        assert re.search(rf"^{rule.id} +{rule.level} +\S", result.stdout, re.M), rule.id
    listed = json.loads(run("check", "--rules", "--format", "json").stdout)
    assert [entry["rule"] for entry in listed] == list(RULES)


def test_unknown_slug_exits_2_and_lists_known_ones():
    result = run("check", "no-such-leaflet")
    assert result.exit_code == 2
    assert (
        "unknown leaflet or brand no-such-leaflet; known leaflets: " + ", ".join(SLUGS)
    ) in result.stderr


def test_sources_must_be_a_folder_with_documents(tmp_path):
    assert run("check", "--sources", str(tmp_path / "missing")).exit_code == 2
    result = run("check", "--sources", str(tmp_path))
    assert result.exit_code == 2
    assert "has no source documents (.txt or .md files)" in result.stderr


def test_sources_folder_of_the_project_is_used_by_default(fixture_project):
    fixture_project.valid_leaflet(body="## How many?\n\nAbout 37% of people.\n")
    (fixture_project.root / "sources").mkdir()
    (fixture_project.root / "sources" / "page.txt").write_text("About 20% of people.\n")
    result = run("check", project=fixture_project.root)
    assert "warning: source-figure: the figure '37%' is in none of the source documents" in (
        result.stdout
    )
    assert "Figures checked against 1 source document in" in result.stdout


def test_check_does_not_load_the_pdf_engine():
    code = (
        "import sys\n"
        "from leafletpress.cli import main\n"
        "try:\n"
        f"    main(['-q', 'check'], default_project={str(ROOT)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# ---------------------------------------------------------------------------
# The gate in front of build


def test_build_refuses_a_leaflet_with_errors_alone_and_writes_the_rest(fixture_project):
    fixture_project.valid_leaflet("good", "## Fine\n\nText.\n")
    fixture_project.leaflet("bad", front_matter(code="TEST-02") + "\n" + AD_ERROR_BODY)
    dist = fixture_project.root / "dist"
    dist.mkdir()
    (dist / "bad.pdf").write_bytes(b"%PDF-earlier good build")
    result = fixture_project.build()
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].endswith(
        "leaflets/bad/en.md:18: ad-superlative: 'best' is a superlative or a claim of "
        "being better than others; laudatory claims are not allowed (Healthcare Services "
        "(Advertisement) Regulations 2021); rewrite it, or allow it with a reason"
    )
    assert result.stderr.splitlines()[-1] == (
        "Not built, because of the errors above: bad; fix them, or build a "
        "draft with --skip-checks."
    )
    assert sorted(p.name for p in dist.iterdir() if p.suffix == ".pdf") == ["bad.pdf", "good.pdf"]
    assert (dist / "bad.pdf").read_bytes() == b"%PDF-earlier good build"


def test_build_prints_warnings_and_refuses_them_only_when_strict(fixture_project):
    fixture_project.valid_leaflet(body="## Long\n\n" + " ".join(["word"] * 30) + ".\n")
    result = fixture_project.build()
    assert result.exit_code == 0, result.output
    # Staff see one plain line; -v shows the warning itself, as check does.
    summary = "1 other warning for the writers. For the details, run python build.py check"
    assert summary in (result.stderr)
    verbose = run("-v", "build", "--force", project=fixture_project.root)
    assert re.search(
        r"Warning: \S*leaflets/sample/en\.md:18: readability-long-sentence:", verbose.stderr
    )
    (fixture_project.root / "dist" / "sample.pdf").unlink()
    strict = fixture_project.build("--strict")
    assert strict.exit_code == 1
    assert "readability-long-sentence: this sentence has 30 words" in strict.stderr
    assert "(a warning, and strict checking is on)" in strict.stderr
    assert not (fixture_project.root / "dist" / "sample.pdf").exists()


def test_skip_checks_builds_anyway_and_stamps_draft_on_every_page(fixture_project):
    fixture_project.valid_leaflet(body=AD_ERROR_BODY + "\n" + LONG_BODY)
    result = fixture_project.build("--skip-checks")
    assert result.exit_code == 0, result.output
    assert "Checks skipped: every page is stamped 'DRAFT - not approved'." in result.stderr
    # A draft has a name of its own, so it can never stand in for the approved PDF.
    assert [p.name for p in (fixture_project.root / "dist").glob("*.pdf")] == ["sample--draft.pdf"]
    pdf = pdffacts.reader(fixture_project.root / "dist" / "sample--draft.pdf")
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert "DRAFT - not approved" in pdffacts.normalise(page.extract_text())


def test_a_draft_stamp_sits_in_the_margin_above_the_text(fixture_project):
    """Every page's stamp is in the top margin, above all body text, in large type."""
    fixture_project.valid_leaflet(body=LONG_BODY)
    assert fixture_project.build("--skip-checks").exit_code == 0
    pdf = pdffacts.reader(fixture_project.root / "dist" / "sample--draft.pdf")
    for page in pdf.pages:
        top_of_text = float(page.mediabox.height) - 16 * pdffacts.MM  # the top page margin
        runs: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font_dict, size, runs=runs):
            if text.strip():
                runs.append((text, tm[5] * cm[3] + cm[5], size * cm[0] * tm[0]))

        page.extract_text(visitor_text=visit)
        stamp = [(y, size) for text, y, size in runs if "DRAFT" in text]
        body = [y for text, y, _ in runs if "DRAFT" not in text and y < top_of_text]
        assert stamp, "no stamp on this page"
        stamp_y, stamp_size = stamp[0]
        assert stamp_size >= 16
        assert stamp_y > top_of_text > max(body)


def test_an_approved_build_has_no_draft_stamp(built):
    for slug in SLUGS:
        assert "DRAFT" not in pdffacts.text(built / f"{slug}.pdf")


def test_allow_comments_never_reach_the_page(fixture_project):
    fixture_project.valid_leaflet(
        body=(
            "## Us\n\n<!-- allow ad-superlative: the award's exact title -->\n"
            "The Best Clinic award.\n\nAlso best. <!-- allow ad-superlative: a quoted name -->\n"
        )
    )
    result = fixture_project.build()
    assert result.exit_code == 0, result.output
    text = pdffacts.text(fixture_project.root / "dist" / "sample.pdf")
    assert "The Best Clinic award." in text and "Also best." in text
    assert "allow" not in text and "<!--" not in text and "exact title" not in text

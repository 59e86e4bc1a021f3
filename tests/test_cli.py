"""The command as users type it: help, exit codes and the exact one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pdffacts
import pytest
from conftest import EARLIER_PDF, SLUGS, assert_one_error, front_matter, run

from leafletpress import __version__
from leafletpress.cli import cli


def test_every_command_has_help():
    assert run("--help").exit_code == 0
    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.output and "Example" in result.output, name


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_list_shows_each_leaflet_with_code_and_review_date():
    result = run("list")
    assert result.exit_code == 0
    for slug in SLUGS:
        assert slug in result.stdout
    assert "PSPS-01" in result.stdout and "Persistent pain after spine surgery" in result.stdout
    assert re.search(r"\d{4}-\d{2}-\d{2}", result.stdout)


def test_no_command_builds_every_leaflet(fixture_project):
    fixture_project.valid_leaflet("first")
    fixture_project.leaflet("second", front_matter(code="TEST-02") + "\nText.\n")
    result = run(project=fixture_project.root)
    assert result.exit_code == 0, result.output
    assert (fixture_project.root / "dist" / "first.pdf").is_file()
    assert (fixture_project.root / "dist" / "second.pdf").is_file()
    assert "Built 2 PDFs, 0 unchanged, 0 failed, in" in result.stderr


def test_build_reports_one_line_per_pdf_and_a_summary(fixture_project):
    fixture_project.valid_leaflet()
    result = fixture_project.build()
    assert result.exit_code == 0, result.output
    assert re.search(r"dist/sample\.pdf  \d+ pages?  \d+ KB", result.stderr)
    assert re.search(
        r"Built 1 PDF, 0 unchanged, 0 failed, in \d+\.\d s \(\d+\.\d PDFs/s\)\.", result.stderr
    )
    assert result.stdout == ""


def test_quiet_prints_nothing_on_success(fixture_project):
    fixture_project.valid_leaflet()
    result = run("-q", "build", project=fixture_project.root)
    assert result.exit_code == 0
    assert result.output == ""


def test_unknown_slug_exits_2_and_lists_known_ones():
    result = run("build", "no-such-leaflet")
    assert result.exit_code == 2
    assert "unknown leaflet no-such-leaflet" in result.stderr
    for slug in SLUGS:
        assert slug in result.stderr


def test_build_one_slug_into_chosen_folder(fixture_project, tmp_path):
    fixture_project.valid_leaflet("one")
    fixture_project.leaflet("two", front_matter(code="TEST-02") + "\nText.\n")
    result = fixture_project.build("one", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["one.pdf"]


def test_html_output_opens_as_the_same_leaflet(fixture_project, tmp_path):
    """--html writes a document whose links resolve, and which renders like the PDF."""
    import weasyprint

    fixture_project.valid_leaflet()
    out = tmp_path / "html"
    result = fixture_project.build("--html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out / "sample.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<title>Test leaflet</title>" in html
    # Every stylesheet it links exists, so a browser or the weasyprint command finds it.
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert any(link.endswith("base.css") for link in links) and "fonts.css" in links
    assert (out / "fonts.css").is_file()
    for url in re.findall(r'url\("file://([^"]+)"\)', (out / "fonts.css").read_text()):
        assert Path(url).is_file()
    # Rendered on its own (as `weasyprint sample.html` would), it gives the same pages.
    assert fixture_project.build("-o", str(tmp_path / "pdf")).exit_code == 0
    weasyprint.HTML(filename=str(page)).write_pdf(tmp_path / "standalone.pdf")
    assert pdffacts.text(tmp_path / "standalone.pdf") == pdffacts.text(
        tmp_path / "pdf" / "sample.pdf"
    )
    assert (
        pdffacts.fonts(tmp_path / "standalone.pdf").keys()
        == pdffacts.fonts(tmp_path / "pdf" / "sample.pdf").keys()
    )


BAD_INPUTS = [
    pytest.param(
        front_matter(version=None),
        r"leaflets/sample/en\.md:1: front matter is missing 'version'; "
        r"add a line like version: \"1\.0\"",
        id="missing-field",
    ),
    pytest.param(
        front_matter(reviewed="last week"),
        r"leaflets/sample/en\.md:7: 'reviewed' must be a date written as YYYY-MM-DD",
        id="malformed-date",
    ),
    pytest.param(
        front_matter(title="[unclosed"),
        r"leaflets/sample/en\.md:\d+: front matter YAML error: .*; check quotes and indentation",
        id="yaml-error",
    ),
    pytest.param(
        front_matter(version="1.0"),
        r"leaflets/sample/en\.md:6: 'version' must be quoted so it stays exact: version: \"1\.0\"",
        id="unquoted-version",
    ),
    pytest.param(
        "No front matter here.\n",
        r"leaflets/sample/en\.md:1: must start with front matter",
        id="no-front-matter",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_INPUTS)
def test_bad_front_matter_is_one_clear_line_and_keeps_the_old_pdf(fixture_project, text, expected):
    old_pdf = _earlier_pdf(fixture_project)
    fixture_project.leaflet("sample", text + "\n## Heading\n\nText.\n")
    result = fixture_project.build()
    assert_one_error(result, expected)
    assert old_pdf.read_bytes() == EARLIER_PDF


def test_missing_image_names_file_and_line(fixture_project):
    old_pdf = _earlier_pdf(fixture_project)
    fixture_project.valid_leaflet(body="## Heading\n\nText.\n\n![A diagram](diagram.png)\n")
    result = fixture_project.build()
    assert_one_error(
        result,
        r"leaflets/sample/en\.md:20: image 'diagram\.png' not found; "
        r"put the file in leaflets/sample/",
    )
    assert old_pdf.read_bytes() == EARLIER_PDF


def test_undefined_template_variable_names_template_and_line(fixture_project):
    old_pdf = _earlier_pdf(fixture_project)
    fixture_project.valid_leaflet()
    about = fixture_project.root / "templates" / "partials" / "about.html"
    about.write_text("<p>{{ leaflet.no_such_field }}</p>\n<p>{{ nothing_here }}</p>\n")
    result = fixture_project.build()
    assert_one_error(
        result,
        r"templates/partials/about\.html:1: template uses an undefined value: .*no_such_field",
    )
    assert old_pdf.read_bytes() == EARLIER_PDF


def test_template_syntax_error_names_template_and_line(fixture_project):
    old_pdf = _earlier_pdf(fixture_project)
    fixture_project.valid_leaflet()
    help_partial = fixture_project.root / "templates" / "partials" / "help.html"
    help_partial.write_text("<p>fine</p>\n{% if brand.name %}\n<p>never closed</p>\n")
    result = fixture_project.build()
    assert_one_error(
        result,
        r"templates/partials/help\.html:3: template syntax error: Unexpected end of template",
    )
    assert old_pdf.read_bytes() == EARLIER_PDF


def test_not_a_project_folder(tmp_path):
    result = run("build", project=tmp_path)
    assert_one_error(
        result, r"is not a Leaflet Press project \(no leaflets, templates or styles folder\)"
    )


def _earlier_pdf(fixture_project):
    dist = fixture_project.root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    pdf = dist / "sample.pdf"
    pdf.write_bytes(EARLIER_PDF)
    return pdf

"""Speed without surprises: unchanged PDFs are skipped, a failed job spares the rest."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from conftest import ROOT, front_matter

TRIFOLD_FRONT_MATTER = front_matter(trifold="[A heading]")


def _two_leaflets(project) -> None:
    for slug, code in (("first", "TEST-01"), ("second", "TEST-02")):
        project.leaflet(
            slug,
            front_matter(trifold="[A heading]", code=code) + "\n## A heading\n\nSome text.\n",
        )


def _stamps(folder) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.glob("*.pdf"))}


def _summary(result) -> tuple[int, int, int]:
    match = re.search(r"Built (\d+) PDFs?, (\d+) unchanged, (\d+) failed, in", result.stderr)
    assert match, result.stderr
    return tuple(int(n) for n in match.groups())


def test_unchanged_pdfs_are_skipped_and_force_rebuilds_them(fixture_project):
    _two_leaflets(fixture_project)
    assert _summary(fixture_project.build("-j", "1")) == (2, 0, 0)
    dist = fixture_project.root / "dist"
    before = _stamps(dist)
    assert _summary(fixture_project.build("-j", "1")) == (0, 2, 0)
    assert _stamps(dist) == before  # not even rewritten
    assert _summary(fixture_project.build("-j", "1", "--force")) == (2, 0, 0)


def test_a_changed_leaflet_rebuilds_only_its_own_pdfs(fixture_project):
    _two_leaflets(fixture_project)
    both = ("--layout", "all", "-j", "1")
    assert _summary(fixture_project.build(*both)) == (4, 0, 0)
    dist = fixture_project.root / "dist"
    before = _stamps(dist)
    path = fixture_project.root / "leaflets" / "first" / "en.md"
    path.write_text(path.read_text().replace("Some text.", "Some changed text."))
    assert _summary(fixture_project.build(*both)) == (2, 2, 0)
    after = _stamps(dist)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"first.pdf", "first--trifold.pdf"}


def test_a_changed_template_rebuilds_only_the_pdfs_that_use_it(fixture_project):
    _two_leaflets(fixture_project)
    both = ("--layout", "all", "-j", "1")
    assert _summary(fixture_project.build(*both)) == (4, 0, 0)
    dist = fixture_project.root / "dist"
    before = _stamps(dist)
    trifold_template = fixture_project.root / "templates" / "trifold.html"
    trifold_template.write_text(trifold_template.read_text() + "\n{# a designer's note #}\n")
    assert _summary(fixture_project.build(*both)) == (2, 2, 0)
    after = _stamps(dist)
    assert {name for name in after if after[name] != before[name]} == {
        "first--trifold.pdf",
        "second--trifold.pdf",
    }
    # A partial both layouts include rebuilds everything.
    about = fixture_project.root / "templates" / "partials" / "about.html"
    about.write_text(about.read_text() + "\n")
    assert _summary(fixture_project.build(*both)) == (4, 0, 0)


def test_a_changed_brand_or_stylesheet_rebuilds(fixture_project):
    _two_leaflets(fixture_project)
    assert _summary(fixture_project.build("-j", "1")) == (2, 0, 0)
    brand = fixture_project.root / "brands" / "default.toml"
    brand.write_text(brand.read_text().replace("#E7F1F2", "#E8F2F3"))
    assert _summary(fixture_project.build("-j", "1")) == (2, 0, 0)
    css = fixture_project.root / "styles" / "base.css"
    css.write_text(css.read_text() + "\n/* retuned */\n")
    assert _summary(fixture_project.build("-j", "1")) == (2, 0, 0)
    assert _summary(fixture_project.build("-j", "1")) == (0, 2, 0)


def test_a_deleted_pdf_is_rebuilt(fixture_project):
    _two_leaflets(fixture_project)
    fixture_project.build("-j", "1")
    (fixture_project.root / "dist" / "first.pdf").unlink()
    assert _summary(fixture_project.build("-j", "1")) == (1, 1, 0)


def test_a_failing_job_does_not_stop_the_others_in_worker_processes(fixture_project):
    """Eight jobs on two workers; one leaflet's image is missing, its jobs alone fail."""
    for index in range(4):
        fixture_project.leaflet(
            f"leaflet-{index}",
            front_matter(trifold="[A heading]", code=f"TEST-0{index}")
            + "\n## A heading\n\nSome text.\n"
            + ("\n![A diagram](missing.png)\n" if index == 2 else ""),
        )
    result = fixture_project.build("--layout", "all", "-j", "2")
    assert result.exit_code == 1
    assert _summary(result) == (6, 0, 2)
    assert "Traceback" not in result.output
    assert result.stderr.count("image 'missing.png' not found") == 2
    built = sorted(p.name for p in (fixture_project.root / "dist").glob("*.pdf"))
    assert len(built) == 6 and not any(name.startswith("leaflet-2") for name in built)


def _modules_after(argv: list[str], cwd) -> set[str]:
    """Run the command in a fresh interpreter and return the modules it imported."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from leafletpress.cli import cli
        try:
            cli.main(args={argv!r}, obj=Path({str(ROOT)!r}), standalone_mode=False)
        except SystemExit:
            pass
        print(" ".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_help_and_list_import_nothing_heavy(tmp_path):
    for argv in (["--help"], ["list"], ["build", "--help"]):
        modules = _modules_after(argv, tmp_path)
        assert "weasyprint" not in modules, argv
        assert "fontTools" not in modules, argv


def test_a_no_op_rebuild_does_not_import_the_engine(fixture_project):
    _two_leaflets(fixture_project)
    argv = ["--project", str(fixture_project.root), "build", "-j", "1"]
    assert "weasyprint" in _modules_after(argv, fixture_project.root)  # first build renders
    assert "weasyprint" not in _modules_after(argv, fixture_project.root)

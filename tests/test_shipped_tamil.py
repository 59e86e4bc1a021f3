"""The shipped leaflets in Tamil (issue 27), held as drafts in drafts/ta/leaflets/.

They are not yet in leaflets/: in Tamil an A4 leaflet runs to 7 or 8 pages (the limit is
4), the tri-folds do not fit their panels (so `build --all-variants` would fail), and the
engine draws SVG text letter by letter, which breaks Tamil letters in the diagrams. Until
then each draft is tested here in a copy of the project: it passes `check`, builds as a
Tamil A4 leaflet embedding only the packaged faces, and has the English leaflet's
sections, In short points, tri-fold headings, figures and urgent box. The Tamil copies of
the diagrams change only the words: the same shapes and colours, in Noto Sans Tamil.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdffacts
import pytest
from conftest import ROOT, SLUGS, FixtureProject, run

from leafletpress.content import load_leaflet

PACKAGED_FAMILIES = ("Atkinson-Hyperlegible", "Noto-Sans-Tamil")
DIAGRAMS = ["overview/steps-of-care", "scs-what-to-expect/scs-path"]
DRAFTS = ROOT / "drafts" / "ta" / "leaflets"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> FixtureProject:
    """The shipped leaflets with the Tamil drafts beside them."""
    project = FixtureProject(tmp_path_factory.mktemp("tamil") / "project")
    shutil.rmtree(project.root / "leaflets")
    shutil.copytree(ROOT / "leaflets", project.root / "leaflets")
    shutil.copytree(DRAFTS, project.root / "leaflets", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="module")
def tamil(project) -> Path:
    result = project.build(*SLUGS, "--lang", "ta", "-j", "1")
    assert result.exit_code == 0, result.output
    return project.root / "dist"


def test_the_tamil_drafts_pass_check(project):
    result = run("check", project=project.root)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def _shape(text: str, pattern: str) -> list[str]:
    return re.findall(pattern, text, flags=re.MULTILINE)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_tamil_leaflet_builds_as_tamil_with_only_the_packaged_fonts(tamil, slug):
    pdf = tamil / f"{slug}--ta.pdf"
    assert pdffacts.reader(pdf).trailer["/Root"]["/Lang"] == "ta"
    found = pdffacts.fonts(pdf)
    assert all(found.values()), f"not embedded: {found}"
    assert [n for n in found if "Noto-Sans-Tamil" in n], found
    assert not [n for n in found if not any(f in n for f in PACKAGED_FAMILIES)], found


@pytest.mark.parametrize("slug", SLUGS)
def test_each_tamil_leaflet_has_the_english_structure(slug):
    english = load_leaflet(ROOT / "leaflets" / slug / "en.md")
    tamil = load_leaflet(DRAFTS / slug / "ta.md")
    assert tamil.lang == "ta"
    assert tamil.translation_of == english.version
    assert len(tamil.in_short) == len(english.in_short)
    assert len(tamil.trifold) == len(english.trifold)
    for pattern in (r"^## ", r"^!\[", r"^> ### ", r"995"):
        assert len(_shape(tamil.body, pattern)) == len(_shape(english.body, pattern)), pattern


@pytest.mark.parametrize("diagram", DIAGRAMS)
def test_the_tamil_diagrams_change_only_the_words(diagram):
    def shapes(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"<(title|desc)>.*?</\1>", "", text, flags=re.DOTALL)
        return re.sub(r'>[^<]*<|font-family="[^"]*"', "", text)

    english = ROOT / "leaflets" / f"{diagram}.svg"
    tamil = DRAFTS / f"{diagram}.ta.svg"
    assert shapes(tamil) == shapes(english)
    text = tamil.read_text(encoding="utf-8")
    assert 'font-family="Atkinson Hyperlegible, Noto Sans Tamil"' in text
    words = re.findall(r"<(?:title|desc|text)[^>]*>([^<]*)<", text)
    assert all(re.search("[\u0b80-\u0bff]", w) for w in words if re.search("[a-z]{4}", w)), words

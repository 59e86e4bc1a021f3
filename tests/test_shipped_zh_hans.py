"""The three shipped leaflets in Simplified Chinese (issue 24): each builds, says it is
Chinese, uses only the packaged faces, keeps the English page count and has as many
sections and In short points as the English it translates."""

from __future__ import annotations

from pathlib import Path

import pdffacts
import pytest
import yaml
from conftest import SLUGS, run
from pagefill import measure

ROOT = Path(__file__).resolve().parent.parent
PACKAGED_FAMILIES = ("Atkinson-Hyperlegible", "Noto-Sans-SC")
CLOSING_PUNCTUATION = "。，、；：？！）」』》"


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh")
    result = run("build", "--lang", "zh-Hans", "--lang", "en", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


@pytest.mark.parametrize("slug", SLUGS)
def test_each_chinese_leaflet_is_chinese_in_packaged_fonts(chinese, slug):
    pdf = chinese / f"{slug}--zh-Hans.pdf"
    assert pdffacts.reader(pdf).trailer["/Root"]["/Lang"] == "zh-Hans"
    found = pdffacts.fonts(pdf)
    assert all(found.values()), found
    assert all(any(f in name for f in PACKAGED_FAMILIES) for name in found), found


@pytest.mark.parametrize("slug", SLUGS)
def test_each_chinese_leaflet_keeps_the_english_shape_and_page_count(chinese, slug):
    english, translated = (ROOT / "leaflets" / slug / f"{lang}.md" for lang in ("en", "zh-Hans"))
    assert len(pdffacts.headings(translated)) == len(pdffacts.headings(english))
    assert len(_front(translated)["in_short"]) == len(_front(english)["in_short"])
    zh, en = measure(chinese / f"{slug}--zh-Hans.pdf"), measure(chinese / f"{slug}.pdf")
    assert len(zh.pages) <= len(en.pages)
    assert all(page.fill >= 0.85 for page in zh.pages[:-1]), [p.fill for p in zh.pages]
    assert zh.pages[-1].fill >= 0.5


@pytest.mark.parametrize("slug", SLUGS)
def test_no_line_of_a_chinese_leaflet_starts_with_closing_punctuation(chinese, slug):
    lines = [
        line.strip()
        for page in pdffacts.reader(chinese / f"{slug}--zh-Hans.pdf").pages
        for line in (page.extract_text() or "").splitlines()
    ]
    assert sum("，" in line for line in lines) >= 20
    assert not [line for line in lines if line[:1] in CLOSING_PUNCTUATION]


@pytest.fixture(scope="module")
def partner(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh-partner")
    result = run(
        "build", "--brand", "example-partner", "--lang", "zh-Hans", "--lang", "en", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_a_co_branded_chinese_leaflet_keeps_help_and_about_on_its_last_page(partner, slug):
    """The partner's help box is tall: the compact Chinese About table and contact labels
    keep About on the page with it, not on a sixth page 13 to 24 % full (issue 24)."""
    zh = measure(partner / f"{slug}--example-partner--zh-Hans.pdf")
    en = measure(partner / f"{slug}--example-partner.pdf")
    assert len(zh.pages) <= len(en.pages)
    assert all(page.fill >= 0.85 for page in zh.pages[:-1]), [p.fill for p in zh.pages]
    assert zh.pages[-1].fill >= 0.5

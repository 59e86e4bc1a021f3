"""Loading leaflets and brands: the front matter contract and the brand file contract."""

from __future__ import annotations

import pytest
from conftest import ROOT, front_matter

from leafletpress.brands import contrast_ratio, load_brand
from leafletpress.content import load_leaflet, load_leaflets
from leafletpress.errors import LeafletPressError


def _messages(error: LeafletPressError) -> list[str]:
    return [str(problem) for problem in error.problems]


def test_shipped_leaflets_load(tmp_path):
    leaflets = load_leaflets(ROOT / "leaflets")
    assert [leaflet.code for leaflet in leaflets] == ["PSPS-01", "PSPS-02", "PSPS-03"]
    for leaflet in leaflets:
        assert leaflet.reviewed < leaflet.next_review
        assert leaflet.in_short and leaflet.sources


def test_every_problem_is_reported_at_once(fixture_project):
    text = front_matter(lang="english", code="t1", title=None)
    path = fixture_project.leaflet("sample", text + "\nText.\n")
    with pytest.raises(LeafletPressError) as caught:
        load_leaflet(path)
    messages = "\n".join(_messages(caught.value))
    assert "missing 'title'" in messages
    assert "'english' is not a language code" in messages
    assert "'t1' is not a leaflet code" in messages


def test_language_must_match_the_file_name(fixture_project):
    path = fixture_project.leaflet("sample", front_matter(lang="ms") + "\nText.\n")
    with pytest.raises(LeafletPressError, match="'lang' is ms but the file is named en.md"):
        load_leaflet(path)


def test_default_brand_prints_only_what_it_knows():
    brand = load_brand(ROOT / "brands")
    assert brand.name == "Total Pain Specialist"
    assert brand.contact_lines() == []  # unknown contact details are left empty, never invented


BRAND = """\
name = "Clinic"
[colours]
primary = "#0B5563"
accent = "#E7F1F2"
on_primary = "#FFFFFF"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BRAND.replace('"#FFFFFF"', '"#1A6270"'),
            "colours.on_primary on colours.primary has contrast",
        ),
        ("tagline = 'x'\n" + BRAND, "unknown key 'tagline'"),
        (BRAND + "shade = '#000000'\n", "unknown key 'colours.shade'"),
        (BRAND.replace('name = "Clinic"', ""), "'name' is missing"),
        (BRAND.replace("[colours]", "[colours"), "TOML error"),
    ],
)
def test_brand_errors_name_file_and_key(tmp_path, text, message):
    (tmp_path / "default.toml").write_text(text)
    with pytest.raises(LeafletPressError, match=message.replace("(", r"\(")):
        load_brand(tmp_path)


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)

"""Every word Leaflet Press prints comes from i18n.py: templates and stylesheets hold none.

A new language is then one new table of words, never a hunt through templates,
stylesheets and code.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from conftest import ROOT

from leafletpress import handout as handout_stage
from leafletpress import i18n
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflet
from leafletpress.jobs import Job
from leafletpress.project import Project
from leafletpress.render import Renderer

JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)


@pytest.mark.parametrize(
    "template", sorted((ROOT / "templates").rglob("*.*")), ids=lambda path: path.name
)
def test_a_template_prints_no_word_of_its_own(template):
    text = TAG.sub(" ", JINJA.sub(" ", template.read_text(encoding="utf-8")))
    assert not re.search(r"[^\W\d_]", text), f"{template.name} prints words: {text.split()}"


@pytest.mark.parametrize("sheet", sorted((ROOT / "styles").glob("*.css")), ids=lambda p: p.name)
def test_a_stylesheet_prints_no_word_of_its_own(sheet):
    css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    printed = [
        string
        for value in re.findall(r"content:\s*([^;]+);", css)
        for string in re.findall(r'"([^"]*)"', value)
    ]
    printed = [re.sub(r"\\[0-9A-Fa-f]{1,6}\s?", "", s) for s in printed]  # "\A": a line break
    assert not [s for s in printed if re.search(r"[^\W\d_]", s)], printed


def test_a_new_table_of_words_changes_every_word_printed(monkeypatch):
    """Swap English's table for one with other words: the page prints the new ones."""
    other = dataclasses.replace(
        i18n.ENGLISH,
        months=tuple(f"Month{n}" for n in range(1, 13)),
        in_short="Kurz gesagt",
        about_title="Uber dieses Blatt",
        help_title="Hilfe",
        cover_title="Fur Sie",
        page="Seite ",
        draft="ENTWURF",
    )
    monkeypatch.setitem(i18n.WORDS, "en", other)
    renderer = Renderer(Project.at(ROOT))
    leaflet = load_leaflet(ROOT / "leaflets" / "overview" / "en.md")
    brand = load_brand(ROOT / "brands")
    html, _ = renderer.html(Job(leaflet, brand, ROOT / "x.pdf"))
    for word in ("Kurz gesagt", "Uber dieses Blatt", "Hilfe", f"Month{leaflet.reviewed.month}"):
        assert word in html
    for word in ("In short", "About this leaflet", "Where to get help", "November"):
        assert word not in html
    pack = handout_stage.make_handout("Zelda Test", [leaflet], brand, day=date(2026, 11, 25))
    cover = handout_stage.cover_html(pack, renderer, [3])
    assert "Fur Sie" in cover and "25 Month11 2026" in cover
    css = renderer.generated_css(brand, "en")["words-en.css"]
    assert '--words-page: "Seite ";' in css and '--words-draft: "ENTWURF";' in css


def test_a_language_without_a_table_prints_english_furniture_for_now():
    assert i18n.words("fr") is i18n.ENGLISH and i18n.words("en-SG") is i18n.ENGLISH
    assert i18n.long_date(date(2026, 11, 25)) == "25 November 2026"
    assert i18n.css_string('say "hi"\\') == '"say \\"hi\\"\\\\"'

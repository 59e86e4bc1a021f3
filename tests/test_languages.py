"""Singapore's four languages (issue 13): every leaflet in English, Chinese, Malay and Tamil.

Each language's PDFs carry their language, embed only the packaged fonts and give
back their own text; a character no packaged font has is refused by name; a stale
or incomplete translation is refused; handouts print Chinese and Tamil names and
come in two languages at once.
"""

from __future__ import annotations

import email
import email.policy
import re
import unicodedata
from pathlib import Path

import pdffacts
import pytest
from conftest import ROOT, SLUGS, front_matter, run

from leafletpress import advertising, fonts, i18n
from leafletpress.content import load_leaflet
from leafletpress.markdown import inline_text as to_plain_text
from leafletpress.model import LANGS, Variant

TRANSLATIONS = [lang for lang in LANGS if lang != "en"]
PACKAGED_FAMILIES = ("Atkinson-Hyperlegible", "Noto-Sans-SC", "Noto-Sans-Tamil")
# Tamil's vowel signs ெ ே ை are drawn before their consonant: see test_tamil_text_...
TAMIL_PREBASE = "\u0bc6\u0bc7\u0bc8"


@pytest.fixture(scope="module")
def languages(matrix) -> Path:
    """Every leaflet in all four languages: the session's --all-variants build has them."""
    return matrix


def pdf_of(folder: Path, slug: str, lang: str) -> Path:
    return folder / Variant(lang=lang).file_name(slug)


def printed_words(lang: str, slug: str) -> list[str]:
    """The leaflet's headings and 'In short' points, as the source has them."""
    leaflet = load_leaflet(ROOT / "leaflets" / slug / f"{lang}.md")
    headings = re.findall(r"^## (.+)$", leaflet.body, re.MULTILINE)
    return [leaflet.title, *leaflet.in_short, *headings]


def squeeze(text: str) -> str:
    """Text without white space: Chinese has none between words, and a PDF's line
    breaks and spacing differ from the source's."""
    return re.sub(r"\s+", "", pdffacts.normalise(text))


# -- what a build writes ---------------------------------------------------------------


def test_lang_all_builds_twelve_leaflets_named_by_language(tmp_path):
    """Planned and named like the PDFs; written as HTML, which needs no layout, to stay quick."""
    result = run("build", "--lang", "all", "--html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.html"))
    expected = sorted(
        Variant(lang=lang).file_name(slug, ".html") for slug in SLUGS for lang in LANGS
    )
    assert names == expected
    assert "overview--zh-Hans.html" in names and "overview.html" in names


def test_the_language_comes_after_the_brand_in_file_names():
    variant = Variant(lang="ta", brand="example-partner", edition="large-print")
    assert variant.file_name("overview") == "overview--example-partner--ta--large-print.pdf"


@pytest.mark.parametrize("lang", LANGS)
def test_each_pdf_carries_its_language(languages, lang):
    for slug in SLUGS:
        catalog = pdffacts.reader(pdf_of(languages, slug, lang)).trailer["/Root"]
        assert catalog["/Lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_each_pdf_embeds_only_the_packaged_fonts(languages, lang):
    for slug in SLUGS:
        found = pdffacts.fonts(pdf_of(languages, slug, lang))
        assert all(found.values()), found
        foreign = [name for name in found if not any(f in name for f in PACKAGED_FAMILIES)]
        assert not foreign, f"{slug} {lang}: system fonts {foreign}"


def test_chinese_and_tamil_use_their_own_faces_and_no_italics(languages):
    for lang, family in (("zh-Hans", "Noto-Sans-SC"), ("ta", "Noto-Sans-Tamil")):
        names = list(pdffacts.fonts(pdf_of(languages, "overview", lang)))
        assert any(family in name for name in names), names
        assert any(family in name and "Bold" in name for name in names), names
        assert not [n for n in names if "Italic" in n], f"{lang}: slanted text {names}"


def test_latin_words_in_chinese_text_are_set_in_the_latin_face(languages):
    runs = pdffacts.text_runs(pdf_of(languages, "scs-what-to-expect", "zh-Hans"), 0)
    latin = [font for text, font in runs if text.strip() == "SCS" or text.startswith("SCS")]
    assert latin and all("Atkinson" in font for font in latin), runs[:20]


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ms"])
def test_extracted_text_gives_back_the_source_text(languages, lang):
    for slug in SLUGS:
        text = pdffacts.text(pdf_of(languages, slug, lang))
        assert "\ufffd" not in text
        page = squeeze(text)
        for words in printed_words(lang, slug):
            assert squeeze(to_plain_text(words)) in page, f"{slug} {lang}: {words!r}"


def test_tamil_text_gives_back_every_letter_but_not_the_order_of_prebase_signs(languages):
    """WeasyPrint maps each glyph to one string for the whole PDF (its ToUnicode map),
    but Tamil draws the vowel signs ெ ே ை before their consonant and reuses the
    consonant's glyph alone elsewhere, so a copy of Tamil text puts those signs in
    the wrong place. Every letter and every other sign comes back, and no glyph is
    missing; the order is the engine's limitation, recorded in the README."""
    for slug in SLUGS:
        text = pdffacts.text(pdf_of(languages, slug, "ta"))
        assert "\ufffd" not in text
        page = squeeze(text)
        for words in printed_words("ta", slug):
            wanted = squeeze(to_plain_text(words))
            letters = [c for c in wanted if c not in TAMIL_PREBASE]
            assert all(c in page for c in letters), f"{slug}: {words!r}"
            # Words without a prebase sign come back exactly.
            for word in wanted.split():
                if not set(word) & set(TAMIL_PREBASE):
                    assert word in page


def test_no_chinese_line_starts_with_closing_punctuation(languages):
    for slug in SLUGS:
        for page in pdffacts.reader(pdf_of(languages, slug, "zh-Hans")).pages:
            lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
            starts = [line for line in lines if line[:1] in "。，、；：？！）"]
            assert not starts, f"{slug}: {starts}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_an_unreviewed_translation_says_so_in_its_own_language(languages, lang):
    words = i18n.words(lang)
    assert words.translation_unreviewed != i18n.ENGLISH.translation_unreviewed
    for slug in SLUGS:
        pages = pdffacts.page_texts(pdf_of(languages, slug, lang))
        wanted = squeeze(words.translation_unreviewed)
        assert all(wanted in squeeze(page) for page in pages), slug


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_furniture_is_in_the_leaflets_language(languages, lang):
    words = i18n.words(lang)
    text = squeeze(pdffacts.text(pdf_of(languages, "overview", lang)))
    for printed in (words.in_short, words.help_title, words.about_title, words.translated_by):
        assert squeeze(printed) in text, printed
    assert squeeze(i18n.ENGLISH.about_title) not in text


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_translation_has_all_its_words(lang):
    """No field of a language's table is left in English, and every {mark} is kept."""
    table, english = i18n.words(lang), i18n.ENGLISH
    for name in english.__dataclass_fields__:
        mine, theirs = getattr(table, name), getattr(english, name)
        words = re.sub(r"\{\w+\}", "", theirs) if isinstance(theirs, str) else ""
        if re.search(r"[A-Za-z]{3}", words):  # words, not just {marks} ("{day} {month} {year}")
            assert mine != theirs, f"{lang}.{name} is still English"
            assert set(re.findall(r"\{\w+\}", mine)) == set(re.findall(r"\{\w+\}", theirs))


def test_dates_are_written_as_each_language_writes_them():
    from datetime import date

    day = date(2026, 11, 25)
    assert i18n.long_date(day, "en") == "25 November 2026"
    assert i18n.long_date(day, "zh-Hans") == "2026年11月25日"
    assert i18n.long_date(day, "ms") == "25 November 2026"
    assert "2026" in i18n.long_date(day, "ta") and "25" in i18n.long_date(day, "ta")


# -- the glyph rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "char, name", [("\u27f6", "U+27F6"), ("\U0001f600", "U+1F600"), ("\u2794", "U+2794")]
)
def test_a_character_no_packaged_font_has_is_an_error_naming_it(fixture_project, char, name):
    fixture_project.valid_leaflet(body=f"## A heading\n\nTurn left {char} then right.\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if name in line]
    assert "leaflets/sample/en.md:" in line and f"({char})" in line


def test_chinese_and_tamil_letters_are_printable_and_other_scripts_are_not():
    printable = fonts.printable_characters()
    assert all(ord(c) in printable for c in "陈美玲தமிழ்செல்விNur Aisyah")
    assert ord("ก") not in printable  # Thai: no packaged font


def test_the_static_faces_are_made_once_and_reused(monkeypatch):
    made = []
    monkeypatch.setattr(fonts, "_instance", lambda *args: made.append(args))
    for font in fonts.VARIABLE_FONTS:
        faces = fonts.ensure_faces(font)
        assert all(face.is_file() and face.stat().st_size > 50_000 for face in faces)
    assert made == []


def test_an_english_page_never_loads_the_chinese_or_tamil_faces():
    css = fonts.font_face_css("Persistent pain after spine surgery")
    assert fonts.CHINESE_FAMILY not in css and fonts.TAMIL_FAMILY not in css
    assert fonts.CHINESE_FAMILY in fonts.font_face_css("持续疼痛")
    assert fonts.TAMIL_FAMILY in fonts.font_face_css("வலி")


# -- translation sync ------------------------------------------------------------------


def translated(fixture_project, **values) -> Path:
    fixture_project.valid_leaflet()
    text = front_matter(lang="ms", **values) + "\n## Satu tajuk\n\nSedikit teks.\n"
    return fixture_project.leaflet("sample", text, lang="ms")


def test_a_stale_translation_is_refused(fixture_project):
    translated(fixture_project, translation_of='"0.9"')
    result = run("build", "--lang", "ms", project=fixture_project.root)
    assert result.exit_code == 1
    assert re.search(
        r"sample/ms\.md:\d+: translation-version: translates English version "
        r"0\.9, but the English leaflet is now version 1\.0",
        result.output,
    )
    assert not list((fixture_project.root / "dist").glob("*--ms.pdf"))


def test_a_translation_must_say_what_it_translates(fixture_project):
    translated(fixture_project)
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert (
        "translation-version: does not say which English version it translates; "
        'add translation_of: "1.0"' in result.stdout
    )


def test_a_translation_with_a_section_or_point_missing_is_refused(fixture_project):
    fixture_project.valid_leaflet(body="## One\n\nText.\n\n## Two\n\nMore text.\n")
    text = front_matter(lang="ms", translation_of='"1.0"') + "\n## Satu\n\nTeks.\n"
    text = text.replace("  - The main message.", "  - Mesej utama.\n  - Mesej kedua.")
    fixture_project.leaflet("sample", text, lang="ms")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert "translation-structure: has 1 sections (## headings), the English has 2" in result.stdout
    assert "translation-structure: has 2 'In short' points, the English has 1" in result.stdout


def test_an_up_to_date_translation_builds(fixture_project):
    translated(fixture_project, translation_of='"1.0"')
    result = run("build", "--lang", "all", project=fixture_project.root)
    assert result.exit_code == 0, result.output
    assert (fixture_project.root / "dist" / "sample--ms.pdf").is_file()


# -- advertising in each language ------------------------------------------------------


@pytest.mark.parametrize(
    "rule, text, found",
    [
        ("ad-superlative", "我们是新加坡最好的诊所。", "最好"),
        ("ad-superlative", "本诊所排名第一。", "排名第一"),
        ("ad-guarantee", "我们保证您不再疼痛。", "保证"),  # we guarantee no more pain
        ("ad-inducement", "首次咨询免费。", "免费"),
        ("ad-superlative", "Klinik terbaik di Singapura.", "terbaik"),
        ("ad-guarantee", "Hasilnya dijamin.", "dijamin"),
        ("ad-inducement", "Rundingan pertama percuma.", "percuma"),
        ("ad-superlative", "சிங்கப்பூரின் மிகச் சிறந்த மருத்துவமனை.", "மிகச் சிறந்த"),
        ("ad-guarantee", "நாங்கள் உத்தரவாதம் தருகிறோம்.", "உத்தரவாத"),
        ("ad-inducement", "முதல் ஆலோசனை இலவசம்.", "இலவச"),
    ],
)
def test_forbidden_phrases_are_found_in_each_language(rule, text, found):
    assert [match.text for match in advertising.find(rule, text)] == [found]


@pytest.mark.parametrize(
    "rule, text",
    [
        ("ad-superlative", "第一步：简单的护理。"),  # step one
        ("ad-guarantee", "治疗效果因人而异，不能保证。"),  # results vary, cannot be guaranteed
        ("ad-guarantee", "Keputusan tidak dijamin."),
        ("ad-guarantee", "இதற்கு உத்தரவாதம் இல்லை."),
        ("ad-superlative", "Langkah pertama ialah penjagaan mudah."),
    ],
)
def test_honest_cautions_and_ordinary_words_are_not_caught(rule, text):
    assert advertising.find(rule, text) == []


def test_a_guarantee_of_no_pain_is_still_a_guarantee():
    assert [m.text for m in advertising.find("ad-guarantee", "保证不痛。")] == ["保证"]


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_shipped_translations_pass_every_check(lang):
    result = run("check", *SLUGS)
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        assert f"leaflets/{slug}/{lang}.md: " in result.stdout
    assert "reading grade: not measured (Flesch-Kincaid is for English" in result.stdout


# -- handouts --------------------------------------------------------------------------


def test_chinese_and_tamil_names_print_on_the_cover(tmp_path):
    out = tmp_path / "pack.pdf"
    result = run(
        "handout", "overview", "--patient", "陈美玲", "--doctor", "தமிழ்செல்வி", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    cover = pdffacts.page_texts(out)[0]
    assert "陈美玲" in cover
    assert "தமிழ" in cover and "ல்வி" in cover  # see the Tamil extraction test above


def test_a_handout_in_chinese_has_its_cover_email_and_leaflets_in_chinese(tmp_path):
    out = tmp_path / "pack.pdf"
    result = run(
        "handout", "overview", "--patient", "陈美玲", "--lang", "zh-Hans",
        "--email", "mei.ling@example.org", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    t = i18n.words("zh-Hans")
    assert pdffacts.reader(out).trailer["/Root"]["/Lang"] == "zh-Hans"
    text = squeeze(pdffacts.text(out))
    assert squeeze(t.cover_title) in text
    assert squeeze(load_leaflet(ROOT / "leaflets/overview/zh-Hans.md").title) in text
    message = email.message_from_bytes(
        out.with_suffix(".eml").read_bytes(), policy=email.policy.default
    )
    assert message["Subject"].startswith(t.email_subject.split("{")[0])  # decoded, not =?utf-8?
    assert "前来看诊。我" in message.get_body().get_content()  # no space after 。


def test_a_bilingual_handout_holds_each_leaflet_in_both_languages(tmp_path):
    out = tmp_path / "pack.pdf"
    result = run(
        "handout", "overview", "when-to-see-a-specialist", "--patient", "Nur Aisyah binte Ahmad",
        "--lang", "ms", "--lang", "zh-Hans", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    titles = pdffacts.outline_titles(out)
    for slug in ("overview", "when-to-see-a-specialist"):
        for lang in ("ms", "zh-Hans"):
            title = load_leaflet(ROOT / "leaflets" / slug / f"{lang}.md").title
            assert pdffacts.normalise(title) in titles, titles
    cover = squeeze(pdffacts.page_texts(out)[0])
    assert squeeze(i18n.words("ms").cover_notes if False else i18n.words("ms").cover_for) in cover
    assert squeeze(i18n.words("zh-Hans").cover_for) in cover  # headings in both
    assert "NurAisyahbinteAhmad" in cover


def test_a_handout_in_a_language_a_leaflet_lacks_is_refused(fixture_project):
    fixture_project.valid_leaflet()
    result = run(
        "handout", "sample", "--patient", "Tan", "--lang", "ta", project=fixture_project.root
    )
    assert result.exit_code != 0
    assert "not translated yet: sample (ta)" in result.output


def test_three_languages_are_too_many_for_one_handout():
    result = run(
        "handout", "overview", "--patient", "Tan", "--lang", "en", "--lang", "ms", "--lang", "ta"
    )
    assert result.exit_code != 0
    assert "one language, or two for a bilingual pack" in result.output


# -- set-up ----------------------------------------------------------------------------


def test_a_missing_subsetter_is_named_once_with_its_install_command(monkeypatch, tmp_path):
    from leafletpress import engine

    monkeypatch.setattr(engine, "subsetter_missing", lambda: True)
    result = run("build", "when-to-see-a-specialist", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("apt-get install libharfbuzz-subset0") == 1


def test_names_of_languages_are_their_own():
    assert [i18n.LANGUAGES[lang][1] for lang in LANGS] == [
        "English",
        "中文",
        "Bahasa Melayu",
        "தமிழ்",
    ]
    assert all(unicodedata.is_normalized("NFC", name) for _, name in i18n.LANGUAGES.values())

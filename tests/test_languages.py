"""Singapore's four languages, part 1 (issue 21): scripts, printed words, --lang, translation sync.

Tested on a small fixture leaflet in English, Chinese, Malay and Tamil
(tests/languages/), not on shipped leaflets: the clinic's translations come later.
Each language's PDF carries its language, embeds only the packaged fonts and gives
back its own text; a character no packaged font has is refused by name; a stale or
incomplete translation is refused; handouts print Chinese and Tamil names.
"""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pdffacts
import pytest
from conftest import ROOT, FixtureProject, front_matter, run

from leafletpress import fonts, i18n
from leafletpress.content import load_leaflet
from leafletpress.model import LANGS, Variant

FIXTURE = Path(__file__).parent / "languages" / "leaflets" / "sample"
TRANSLATIONS = [lang for lang in LANGS if lang != "en"]
PACKAGED_FAMILIES = ("Atkinson-Hyperlegible", "Noto-Sans-SC", "Noto-Sans-Tamil")
CLOSING_PUNCTUATION = "。，、；：？！）」』》"
NAMES = {"patient": "陈美玲", "doctor": "தமிழ்செல்வி", "relative": "Nur Aisyah binte Ahmad"}


def language_project(root: Path, *extra_slugs: str) -> FixtureProject:
    """A fixture project holding the four-language sample (and English-only leaflets)."""
    project = FixtureProject(root)
    shutil.copytree(FIXTURE, project.root / "leaflets" / "sample")
    for slug in extra_slugs:
        project.valid_leaflet(slug)
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> FixtureProject:
    return language_project(tmp_path_factory.mktemp("languages") / "project")


@pytest.fixture(scope="module")
def pdfs(project) -> dict[str, Path]:
    """The sample in all four languages, built once by ``build --lang all``."""
    result = project.build("--lang", "all", "-j", "1")
    assert result.exit_code == 0, result.output
    return {lang: project.root / "dist" / Variant(lang=lang).file_name("sample") for lang in LANGS}


def source(lang: str):
    return load_leaflet(FIXTURE / f"{lang}.md")


def source_texts(lang: str) -> list[str]:
    """Everything the leaflet's source says: title, In short, headings, paragraphs, items."""
    leaflet = source(lang)
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n(?=- )", leaflet.body) if b.strip()]
    blocks = [re.sub(r"^(?:## |- )", "", b) for b in blocks]
    return [leaflet.title, *leaflet.in_short, *(to_plain_text(b) for b in blocks)]


def to_plain_text(markdown: str) -> str:
    """The fixture's Markdown as it prints: its only inline mark is *emphasis*."""
    return markdown.replace("*", "")


def squeeze(text: str) -> str:
    """Text without white space: Chinese has none between words, and a PDF's line
    breaks differ from the source's."""
    return re.sub(r"\s+", "", pdffacts.normalise(text))


# -- what a build writes ---------------------------------------------------------------


def test_lang_all_names_each_language_after_the_brand(pdfs):
    assert sorted(p.name for p in pdfs["en"].parent.glob("*.pdf")) == [
        "sample--ms.pdf",
        "sample--ta.pdf",
        "sample--zh-Hans.pdf",
        "sample.pdf",
    ]
    variant = Variant(lang="ta", brand="example-partner", edition="large-print")
    assert variant.file_name("overview") == "overview--example-partner--ta--large-print.pdf"


def test_a_language_a_leaflet_lacks_is_one_line_and_under_all_said_once(tmp_path):
    project = language_project(tmp_path / "project", "other")
    result = project.build("--lang", "all", "--html")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("Not made:")]
    assert notes == [
        f"Not made: no {name} ({lang}) translation yet of other (leaflets/<slug>/{lang}.md)."
        for lang, name in (("zh-Hans", "Simplified Chinese"), ("ms", "Malay"), ("ta", "Tamil"))
    ]
    written = sorted(p.name for p in (project.root / "dist").glob("*.html"))
    assert written == [
        "other.html",
        "sample--ms.html",
        "sample--ta.html",
        "sample--zh-Hans.html",
        "sample.html",
    ]
    asked = project.build("other", "--lang", "ta")
    assert asked.exit_code != 0 and "Traceback" not in asked.output
    [line] = [line for line in asked.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith("Error: no Tamil (ta) translation yet of other")


@pytest.mark.parametrize("lang", LANGS)
def test_each_pdf_carries_its_language(pdfs, lang):
    assert pdffacts.reader(pdfs[lang]).trailer["/Root"]["/Lang"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_each_pdf_embeds_only_the_packaged_fonts(pdfs, lang):
    found = pdffacts.fonts(pdfs[lang])
    assert all(found.values()), found
    foreign = [name for name in found if not any(f in name for f in PACKAGED_FAMILIES)]
    assert not foreign, f"{lang}: system fonts {foreign}"


def test_chinese_and_tamil_use_their_own_faces_bold_for_emphasis_and_no_italics(pdfs):
    for lang, family in (("zh-Hans", "Noto-Sans-SC"), ("ta", "Noto-Sans-Tamil")):
        names = list(pdffacts.fonts(pdfs[lang]))
        assert any(family in name and "Bold" not in name for name in names), names
        assert any(family in name and "Bold" in name for name in names), names
        assert not [n for n in names if "Italic" in n or "Oblique" in n], f"{lang}: {names}"
    assert not [n for n in pdffacts.fonts(pdfs["en"]) if "Noto" in n]  # English loads no Noto


def test_the_same_chinese_and_tamil_inputs_give_the_same_bytes(project, pdfs, tmp_path):
    result = project.build("--lang", "zh-Hans", "--lang", "ta", "-o", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    for lang in ("zh-Hans", "ta"):
        assert (tmp_path / pdfs[lang].name).read_bytes() == pdfs[lang].read_bytes()


def test_emphasis_is_bold_in_chinese_and_tamil_never_slanted(pdfs):
    """Neither script has italics; the engine would slant them falsely (a fake italic
    keeps the upright face's name), so emphasis is by weight. English keeps italics."""
    for lang, word, face in (
        ("en", "normal", "Atkinson-Hyperlegible-Italic"),
        ("zh-Hans", "正常的", "Noto-Sans-SC-Bold"),
        ("ta", "இயல", "Noto-Sans-Tamil-Bold"),
    ):
        runs = pdffacts.text_runs(pdfs[lang], 0)
        fonts_of_word = [font for text, font in runs if word in text and len(text) < 20]
        assert fonts_of_word and all(font.endswith(face) for font in fonts_of_word), (lang, runs)


@pytest.mark.parametrize("lang", LANGS)
def test_the_clear_print_minimums_hold_in_every_script(pdfs, lang):
    sizes = pdffacts.body_font_sizes(pdfs[lang])
    assert sizes and min(sizes) >= 12
    every = pdffacts.body_font_sizes(pdfs[lang], top_margin_mm=0, bottom_margin_mm=0)
    assert min(every) >= 9  # the page furniture


def test_latin_words_in_chinese_and_tamil_text_are_set_in_the_latin_face(pdfs):
    for lang in ("zh-Hans", "ta"):
        runs = [run for page in (0, 1) for run in pdffacts.text_runs(pdfs[lang], page)]
        mri = [font for text, font in runs if "MRI" in text]
        assert mri and all("Atkinson" in font for font in mri), (lang, runs)


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ms"])
def test_extracted_text_gives_back_the_source_text(pdfs, lang):
    text = pdffacts.text(pdfs[lang])
    assert "\ufffd" not in text
    page = squeeze(text)
    for words in source_texts(lang):
        assert squeeze(words) in page, f"{lang}: {words!r}"


def test_tamil_glyphs_are_real_glyphs_and_the_text_layer_holds_tamil_letters(pdfs):
    """Copying Tamil out of a WeasyPrint 70 PDF gives the letters out of order (its
    ToUnicode map gives each glyph one text: README, known limits). What holds: no
    glyph is .notdef (0), every glyph drawn has an entry in the map, and the text
    layer holds the source's Tamil letters."""
    codes, mapped = pdffacts.glyph_codes(pdfs["ta"], "Noto-Sans-Tamil")
    assert len(codes) > 500
    assert 0 not in codes
    assert not set(codes) - set(mapped)
    text = pdffacts.text(pdfs["ta"])
    assert "\ufffd" not in text

    def letters(t: str) -> set[str]:  # independent vowels and consonants
        return {c for c in t if "\u0b85" <= c <= "\u0bb9"}

    assert letters("".join(source_texts("ta"))) <= letters(text)


def test_no_chinese_line_starts_with_closing_punctuation(pdfs):
    lines = [
        line.strip()
        for page in pdffacts.reader(pdfs["zh-Hans"]).pages
        for line in (page.extract_text() or "").splitlines()
    ]
    assert sum("，" in line for line in lines) >= 5  # the text has commas to break at
    assert not [line for line in lines if line[:1] in CLOSING_PUNCTUATION]


@pytest.mark.parametrize("lang", ["zh-Hans", "ms"])
def test_an_unreviewed_translation_says_so_in_its_own_language_on_every_page(pdfs, lang):
    words = i18n.words(lang)
    assert words.translation_unreviewed != i18n.ENGLISH.translation_unreviewed
    for page in pdffacts.page_texts(pdfs[lang]):
        assert squeeze(words.translation_unreviewed) in squeeze(page)
    assert "Awaiting review" not in pdffacts.text(pdfs[lang])


def test_an_unreviewed_tamil_translation_says_so_in_tamil(project, tmp_path):
    """Tamil text cannot be read back from the PDF in order (see above): the HTML shows
    what the footer prints, on every page, from the title band's data-review."""
    result = project.build("sample", "--lang", "ta", "--html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "sample--ta.html").read_text(encoding="utf-8")
    assert f'data-review="{i18n.words("ta").translation_unreviewed}"' in html
    assert '<html lang="ta"' in html


def test_all_variants_cover_every_language_a_leaflet_has(project, tmp_path):
    result = project.build("--all-variants", "--html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.glob("*.html")}
    for lang in TRANSLATIONS:
        assert {
            f"sample--{lang}.html",
            f"sample--example-partner--{lang}--large-print.html",
            f"sample--{lang}--trifold.html",
        } <= names


@pytest.mark.parametrize("lang", ["zh-Hans", "ms"])
def test_the_furniture_is_in_the_leaflets_language(pdfs, lang):
    words = i18n.words(lang)
    text = squeeze(pdffacts.text(pdfs[lang]))
    for printed in (words.in_short, words.help_title, words.about_title, words.translated_by):
        assert squeeze(printed) in text, printed
    assert squeeze(i18n.ENGLISH.about_title) not in text


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_table_of_words_is_complete(lang):
    """No field of a language's table is left in English, and every {mark} is kept."""
    table, english = i18n.words(lang), i18n.ENGLISH
    for name in english.__dataclass_fields__:
        mine, theirs = getattr(table, name), getattr(english, name)
        if isinstance(theirs, dict):
            assert mine.keys() == theirs.keys() and mine != theirs, name
            continue
        words = re.sub(r"\{\w+\}", "", theirs) if isinstance(theirs, str) else ""
        if re.search(r"[A-Za-z]{3}", words):  # words, not just {marks} ("{day} {month} {year}")
            assert mine != theirs, f"{lang}.{name} is still English"
            assert set(re.findall(r"\{\w+\}", mine)) == set(re.findall(r"\{\w+\}", theirs))


def test_dates_are_written_as_each_language_writes_them():
    day = date(2026, 11, 25)
    assert i18n.long_date(day, "en") == "25 November 2026"
    assert i18n.long_date(day, "zh-Hans") == "2026年11月25日"
    assert i18n.long_date(day, "ms") == "25 November 2026"
    assert i18n.long_date(day, "ta") == "25 நவம்பர் 2026"


# -- the glyph rule --------------------------------------------------------------------


@pytest.mark.parametrize("char, name", [("\u2794", "U+2794"), ("\U00013080", "U+13080")])
def test_a_character_no_packaged_font_has_is_an_error_naming_it(fixture_project, char, name):
    fixture_project.valid_leaflet(body=f"## A heading\n\nTurn left {char} then right.\n")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if name in line]
    assert "leaflets/sample/en.md:" in line and f"({char})" in line


@pytest.mark.parametrize(
    "char, said",
    [
        ("\u2794", "cannot print U+2794 (➔)"),  # a symbol is named, so it can be found
        ("\U00013080", "cannot print 1 letter (not shown)"),  # a letter is only counted
    ],
)
def test_a_handout_note_no_packaged_font_can_print_is_refused(char, said, tmp_path):
    """Letters are counted, never named, in a handout: naming them would spell out
    the patient's details (test_handout.py); ``check`` names them in leaflets."""
    result = run(
        "handout", "overview", "--patient", NAMES["patient"], "--note", f"Walk {char} rest",
        "-o", str(tmp_path / "pack.pdf"),
    )  # fmt: skip
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert said in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_three_scripts_are_printable_and_others_are_not():
    printable = fonts.printable_characters()
    assert all(ord(c) in printable for c in "".join(NAMES.values()))
    assert ord("ก") not in printable  # Thai: no packaged font
    assert ord("→") not in printable  # Noto Sans SC draws it, but only Chinese is taken from it


def test_an_english_page_never_loads_the_chinese_or_tamil_faces():
    css = fonts.font_face_css("Persistent pain after spine surgery")
    assert fonts.CHINESE_FAMILY not in css and fonts.TAMIL_FAMILY not in css
    assert fonts.CHINESE_FAMILY in fonts.font_face_css("持续疼痛")
    assert fonts.TAMIL_FAMILY in fonts.font_face_css("வலி")


# -- the font cache --------------------------------------------------------------------


@pytest.fixture
def empty_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LEAFLETPRESS_CACHE", str(tmp_path / "cache"))
    fonts._face_whole.cache_clear()
    yield tmp_path / "cache" / "fonts"
    fonts._face_whole.cache_clear()


def test_faces_are_cut_once_checked_by_hash_and_cut_again_when_damaged(empty_cache):
    """Tamil (about a second a face) stands for both: Chinese takes the same path."""
    empty_cache.mkdir(parents=True)
    stale = empty_cache / "NotoSansTamil-400-000000000000.ttf"  # from an older package
    stale.write_bytes(b"old face")
    regular, bold = fonts.ensure_faces(fonts.TAMIL)
    assert not stale.exists()
    assert regular.parent == empty_cache and fonts.faces_ready(fonts.TAMIL)
    made = {face: face.stat().st_mtime_ns for face in (regular, bold)}
    assert fonts.ensure_faces(fonts.TAMIL) == [regular, bold]
    assert made == {face: face.stat().st_mtime_ns for face in (regular, bold)}  # reused
    whole = bold.read_bytes()
    data = bytearray(whole)
    data[len(data) // 2] ^= 0xFF  # one damaged byte
    bold.write_bytes(bytes(data))
    fonts._face_whole.cache_clear()  # as a new process would
    assert not fonts.faces_ready(fonts.TAMIL)
    fonts.ensure_faces(fonts.TAMIL)
    assert fonts.faces_ready(fonts.TAMIL)
    assert bold.read_bytes() == whole  # the same bytes as before: a cut is reproducible
    assert regular.stat().st_mtime_ns == made[regular]  # only the damaged face is cut again
    from fontTools.ttLib import TTFont

    with TTFont(bold) as face:
        assert "fvar" not in face and face["OS/2"].usWeightClass == 700


def test_two_processes_wanting_the_faces_at_once_cut_them_once(empty_cache, monkeypatch):
    cuts = []

    def slow_cut(source, missing):
        cuts.append(source)
        threading.Event().wait(0.3)  # the other caller arrives while this one cuts
        for _, face in missing:
            face.write_bytes(b"face")
            fonts._hash_file(face).write_text(fonts.hashlib.sha256(b"face").hexdigest())

    monkeypatch.setattr(fonts, "_cut", slow_cut)
    callers = [threading.Thread(target=fonts.ensure_faces, args=(fonts.CHINESE,)) for _ in "ab"]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert len(cuts) == 1  # the second waited on the lock, then found them whole


def test_the_first_run_says_it_prepares_fonts_and_later_runs_do_not(empty_cache, tmp_path):
    """Only Tamil is cut here (about a second a face); Chinese takes the same path."""
    pack = run("handout", "overview", "--patient", NAMES["doctor"], "-o", str(tmp_path / "p.pdf"))
    assert pack.exit_code == 0, pack.output
    said = f"Preparing fonts: cutting Noto Sans Tamil into {empty_cache}, once for this machine"
    assert said in pack.stderr
    shutil.rmtree(empty_cache)
    fonts._face_whole.cache_clear()
    project = FixtureProject(tmp_path / "project")
    shutil.copytree(FIXTURE, project.root / "leaflets" / "sample")
    first = project.build("sample", "--lang", "ta", "-j", "1")
    assert first.exit_code == 0, first.output
    assert said in first.stderr
    again = project.build("sample", "--lang", "ta", "-j", "1", "--force")
    assert again.exit_code == 0 and "Preparing fonts" not in again.stderr


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


def test_a_translation_with_a_section_point_or_figure_more_or_less_is_refused(fixture_project):
    fixture_project.valid_leaflet(body="## One\n\nText.\n\n## Two\n\nMore text.\n")
    text = front_matter(lang="ms", translation_of='"1.0"') + "\n## Satu\n\nTeks.\n"
    text += "\n![Gambar](picture.svg)\n"
    text = text.replace("  - The main message.", "  - Mesej utama.\n  - Mesej kedua.")
    fixture_project.leaflet("sample", text, lang="ms")
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 1
    assert "translation-structure: has 1 sections (## headings), the English has 2" in result.stdout
    assert "translation-structure: has 1 figures, the English has 0" in result.stdout
    assert "translation-structure: has 2 'In short' points, the English has 1" in result.stdout


def test_english_only_checks_say_not_measured_for_other_languages(project):
    result = run("check", project=project.root)
    assert result.exit_code == 0, result.output
    for lang in TRANSLATIONS:
        block = result.stdout.split(f"leaflets/sample/{lang}.md: ", 1)[1].split("\n\n")[0]
        assert f"reading grade: not measured (Flesch-Kincaid is for English, not '{lang}')" in (
            block
        )
        assert "advertising phrases: checked against the " in block
    english = result.stdout.split("leaflets/sample/en.md: ", 1)[1].split("\n\n")[0]
    assert "not measured" not in english


# -- handouts --------------------------------------------------------------------------


def test_every_script_prints_on_an_english_handout_and_its_email(tmp_path):
    """``handout overview --patient 陈美玲`` prints her name in Noto Sans SC on an English pack."""
    out = tmp_path / "pack.pdf"
    result = run(
        "handout", "overview", "--patient", NAMES["patient"], "--doctor", NAMES["doctor"],
        "--note", f"{NAMES['relative']} will help at home.", "--next-step", "வாரம் ஒருமுறை நடங்கள்",
        "--email", "mei.ling@example.org", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pdffacts.reader(out).trailer["/Root"]["/Lang"] == "en"
    runs = pdffacts.text_runs(out, 0)
    assert "Noto-Sans-SC" in [font for text, font in runs if NAMES["patient"] in text][0]
    tamil = [font for text, font in runs if re.search("[\u0b80-\u0bff]", text)]
    assert tamil and all("Noto-Sans-Tamil" in font for font in tamil)
    assert "Atkinson-Hyperlegible" in [font for text, font in runs if "Aisyah" in text][0]
    codes, mapped = pdffacts.glyph_codes(out, "Noto-Sans-Tamil")
    assert codes and 0 not in codes and not set(codes) - set(mapped)
    message = email.message_from_bytes(
        out.with_suffix(".eml").read_bytes(), policy=email.policy.default
    )
    body = message.get_body().get_content()
    assert body.startswith(f"Dear {NAMES['patient']},") and NAMES["doctor"] in body


def test_a_name_in_another_script_is_tagged_with_its_language():
    from leafletpress.render import lang_attr

    assert lang_attr(NAMES["patient"], "en") == ' lang="zh-Hans"'
    assert lang_attr(NAMES["doctor"], "en") == ' lang="ta"'
    assert lang_attr(NAMES["relative"], "en") == ""
    assert lang_attr(NAMES["patient"], "zh-Hans") == ""
    template = (ROOT / "templates" / "handout.html").read_text(encoding="utf-8")
    assert "{{ handout.patient | lang_attr(lang) }}" in template


def test_a_handout_in_chinese_has_its_cover_email_and_leaflet_in_chinese(project, tmp_path):
    out = tmp_path / "pack.pdf"
    result = run(
        "handout", "sample", "--patient", NAMES["patient"], "--lang", "zh-Hans",
        "--email", "mei.ling@example.org", "-o", str(out), project=project.root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    t = i18n.words("zh-Hans")
    assert pdffacts.reader(out).trailer["/Root"]["/Lang"] == "zh-Hans"
    text = squeeze(pdffacts.text(out))
    assert squeeze(t.cover_title) in text and squeeze(source("zh-Hans").title) in text
    message = email.message_from_bytes(
        out.with_suffix(".eml").read_bytes(), policy=email.policy.default
    )
    assert message["Subject"].startswith(t.email_subject.split("{")[0])
    body = message.get_body().get_content()
    assert body.startswith(t.email_greeting.format(patient=NAMES["patient"]))
    assert "就诊。我" in body  # no space after 。


def test_a_handout_in_a_language_a_leaflet_lacks_is_refused_in_one_line(fixture_project):
    fixture_project.valid_leaflet()
    result = run(
        "handout", "sample", "--patient", "Tan", "--lang", "ta", project=fixture_project.root
    )
    assert result.exit_code != 0 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith("Error: no Tamil (ta) translation yet of sample")


# -- set-up ----------------------------------------------------------------------------


def test_a_missing_subsetter_is_named_once_with_its_install_command(monkeypatch, tmp_path):
    from leafletpress import engine

    monkeypatch.setattr(engine, "subsetter_missing", lambda: True)
    result = run("build", "when-to-see-a-specialist", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("apt-get install libharfbuzz-subset0") == 1

"""Hostile text (issue 10, items 5-8, 14, 16 and the messages of 22): what each gives.

Dates that are no day, broken Unicode, invisible and look-alike characters that walk
around the advertising rules, characters the packaged typeface cannot print, email
addresses the mail library chokes on, and the messages a writer must be able to act on.
Each case is one clear ``Error:`` line naming the file (and line) and exit 1, or a
usage error (exit 2) for an option. Inputs are in tests/hostile/leaflets/ and
tests/hostile/brands/, or written here when they hold invisible characters.
"""

from __future__ import annotations

import email
import html
import re
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, VALID_FRONT_MATTER, FixtureProject, assert_one_error, front_matter, run

from leafletpress import advertising, fonts, handout, text
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflet
from leafletpress.errors import LeafletPressError

CORPUS = Path(__file__).parent / "hostile"
BODY_LINE = 15  # the file line of the blank line that starts a body after VALID_FRONT_MATTER
PATIENT = "Tan Mei Ling"


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory) -> FixtureProject:
    return FixtureProject(tmp_path_factory.mktemp("text") / "project")


@pytest.fixture
def project(shared_project) -> FixtureProject:
    """One project for the module (copying templates for each case would cost seconds),
    emptied of leaflets, the test brand and output before each case."""
    root = shared_project.root
    for folder in (root / "leaflets", root / "dist"):
        shutil.rmtree(folder, ignore_errors=True)
    (root / "leaflets").mkdir()
    (root / "brands" / "hostile.toml").unlink(missing_ok=True)
    return shared_project


def leaflet_from_corpus(project: FixtureProject, name: str) -> None:
    path = project.root / "leaflets" / "sample" / "en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((CORPUS / "leaflets" / name).read_bytes())


# -- items 5, 6 and 22: front matter values --------------------------------------------

FRONT_MATTER = [
    pytest.param(
        "date-impossible.md",
        7,
        r"'reviewed' 2026-11-31 is not a day in the calendar; "
        r"write the date as YYYY-MM-DD",
        id="impossible-calendar-date",
    ),
    pytest.param(
        "date-with-a-time.md",
        7,
        r"'reviewed' has a time of day; write the date as YYYY-MM-DD",
        id="date-with-a-time",
    ),
    pytest.param(
        "date-with-a-utc-time.md",
        7,
        r"'reviewed' has a time of day; write the date as YYYY-MM-DD",
        id="date-with-a-utc-time",
    ),
    pytest.param(
        "title-lone-surrogate.md",
        2,
        r"'title' has U\+D800, half of a character \(a lone surrogate\)",
        id="lone-surrogate-in-title",
    ),
    pytest.param(
        "title-with-a-colon.md",
        2,
        r"front matter YAML error: .*a value with a colon in it must be in quotes, "
        r'e\.g\. title: "Back pain: what helps"',
        id="colon-in-an-unquoted-title",
    ),
    pytest.param(
        "title-number-infinity.md",
        2,
        r"'title' must be text; put it in quotes",
        id="title-1.0e+999-read-as-infinity",
    ),
    pytest.param(
        "version-hexadecimal.md",
        6,
        r"'version' must be quoted so it stays exact",
        id="version-0x10-read-as-16",
    ),
    pytest.param(
        "title-escape-sequence.md",
        2,
        r"'title' has U\+001B, a control character; delete it",
        id="escape-sequence-in-title",
    ),
    pytest.param(
        "title-nul-escape.md",
        2,
        r"'title' has U\+0000, a control character; delete it",
        id="yaml-nul-escape-in-title",
    ),
    pytest.param(
        "title-arrow-escape.md",
        2,
        r"'title' has U\+2192 \(→\), which the packaged typefaces cannot print",
        id="arrow-the-typeface-lacks-in-title",
    ),
    pytest.param(
        "title-right-to-left-override.md",
        2,
        r"'title' has U\+202E \(RIGHT-TO-LEFT OVERRIDE\), a character that reorders",
        id="right-to-left-override-in-title",
    ),
    pytest.param(
        "missing-sources.md",
        1,
        r"front matter is missing 'sources'; add a line like sources: with a line "
        r"'  - Where the facts come from' below it$",
        id="missing-list-hint-has-no-literal-backslash-n",
    ),
]


def assert_refused(result, command: str, where: str, message: str) -> None:
    """One problem, at ``where``: an ``Error:`` line, or in ``check``'s report a finding."""
    assert "Traceback" not in result.output
    if command == "check":
        assert result.exit_code == 1, result.output
        assert re.search(rf"{where}: error: [\w-]+: {message}", result.stdout, re.M), result.stdout
    else:
        assert_one_error(result, rf"{where}: {message}")


@pytest.mark.parametrize(("name", "line", "expected"), FRONT_MATTER)
@pytest.mark.parametrize("command", ["list", "check", "build"])
def test_bad_front_matter_value_is_one_line_in_every_command(
    project, name, line, expected, command
):
    leaflet_from_corpus(project, name)
    result = run(command, project=project.root)
    assert_refused(result, command, rf"en\.md:{line}", expected)
    assert not (project.root / "dist").exists()


def test_bad_front_matter_value_is_one_line_in_handout(project, tmp_path):
    leaflet_from_corpus(project, "title-lone-surrogate.md")
    result = run(
        "handout", "sample", "--patient", PATIENT, "-o", str(tmp_path / "p.pdf"),
        project=project.root,
    )  # fmt: skip
    assert_one_error(result, r"'title' has U\+D800")


def test_a_real_date_and_a_quoted_number_still_load(project):
    path = project.leaflet(
        "sample",
        front_matter(title='"1e999"') + "\nText.\n",
    )
    leaflet = load_leaflet(path)
    assert leaflet.title == "1e999" and leaflet.reviewed.isoformat() == "2026-11-01"


# -- item 14: invisible and look-alike characters in leaflet text ----------------------

BODIES = [
    pytest.param("Our be\u200bst care.", "U+200B (ZERO WIDTH SPACE)", id="zero-width-space"),
    pytest.param("Our be\u00adst care.", "U+00AD (SOFT HYPHEN)", id="soft-hyphen"),
    pytest.param("Our be&#x200B;st care.", "U+200B (ZERO WIDTH SPACE)", id="entity-zero-width"),
    pytest.param("A dis\u2060count today.", "U+2060 (WORD JOINER)", id="word-joiner"),
    pytest.param(
        "Ask for a \u202eeerf\u202c check-up.", "U+202E (RIGHT-TO-LEFT OVERRIDE)", id="rlo-free"
    ),
    pytest.param("This will cur\u0435 you.", "U+0435 (е)", id="cyrillic-e-in-cure"),
    pytest.param("สม is Thai.", "U+0E21 (ม), U+0E2A (ส)", id="thai-no-typeface-has"),
    pytest.param("Turn left \u2192 then right.", "U+2192 (→)", id="arrow"),
    pytest.param("A bell\x07 rings.", "U+0007, a control character", id="control-character"),
]


@pytest.mark.parametrize(("body", "named"), BODIES)
@pytest.mark.parametrize("command", ["check", "build"])
def test_hidden_or_unprintable_character_in_body_is_refused_naming_line(
    project, body, named, command
):
    project.valid_leaflet(body=f"## A heading\n\n{body}\n")
    result = run(command, project=project.root)
    assert_refused(result, command, rf"en\.md:{BODY_LINE + 3}", f"has {re.escape(named)}")


@pytest.mark.parametrize(
    ("written", "rule", "found"),
    [
        ("the be\u200bst clinic", "ad-superlative", "best"),
        ("the be\u00adst clinic", "ad-superlative", "best"),
        ("a dis\u2060count", "ad-inducement", "discount"),
        ("this will cur\u0435 you", "ad-guarantee", "cure"),
        ("this will сurе you", "ad-guarantee", "cure"),  # Cyrillic с and е
        ("the ｂｅｓｔ clinic", "ad-superlative", "best"),
        ("a ｆｒｅｅ consultation", "ad-inducement", "free consultation"),
        ("risk\u2011free", "ad-guarantee", "risk-free"),
    ],
)
def test_rules_match_what_prints_not_the_characters_typed(written, rule, found):
    original = f"We offer {written}."
    matches = advertising.find(rule, original)
    assert [m.text.lower() for m in matches] == [found]
    assert text.fold(original[matches[0].start])[0].lower() == found[0]  # starts where typed


def test_a_match_after_an_invisible_character_points_at_its_own_line():
    original = "Line one\u200b.\nThe best care."
    [match] = advertising.find("ad-superlative", original)
    assert original[match.start : match.start + 4] == "best"


def test_ordinary_greek_and_cyrillic_words_do_not_match_latin_rules():
    assert advertising.find("ad-superlative", "το καλύτερο, лучший") == []


# -- item 16: characters no packaged font covers ---------------------------------------


def test_the_typeface_covers_every_character_templates_and_styles_add():
    """Text the templates and stylesheets print themselves (separators, 'Page 1 of 2')."""
    printable = fonts.printable_characters()
    for folder in ("templates", "styles"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".html", ".css"):
                source = path.read_text(encoding="utf-8")
                if path.suffix == ".css":
                    source = " ".join(re.findall(r"content:\s*([^;]*)", source))
                missing = {c for c in source if not c.isspace() and ord(c) not in printable}
                assert not missing, f"{path.name}: {sorted(missing)}"


def test_the_typeface_covers_what_markdown_typography_makes():
    """Smart quotes, dashes and ellipses come from plain ASCII: the writer never typed them."""
    made = markdown.markdown(
        "'single' \"double\" it's -- --- ... <<quoted>> 1/2", extensions=["smarty"]
    )
    shown = html.unescape(re.sub(r"<[^>]+>", "", made))
    assert text.unprintable(shown) == []


@pytest.mark.parametrize("face", [name for name, _, _ in fonts.LATIN_FACES])
def test_the_character_map_is_read_as_fonttools_reads_it(face):
    from fontTools.ttLib import TTFont

    path = fonts.font_files()[0].parent / face
    with TTFont(path) as font:
        expected = set(font.getBestCmap())
    assert fonts.cmap_code_points(path.read_bytes()) == expected


def test_the_typeface_check_reads_the_font_once():
    fonts.printable_characters.cache_clear()
    text.unprintable("a→")
    text.unprintable("b→")
    assert fonts.printable_characters.cache_info().misses == 1


# -- items 8, 14, 16 and 22: brand files --------------------------------------------------

BRANDS = [
    pytest.param("name-with-a-newline.toml", r"'name' must be one line", id="name-with-a-newline"),
    pytest.param(
        "name-only-zero-width-space.toml",
        r"'name' has U\+200B \(ZERO WIDTH SPACE\), an invisible character",
        id="name-of-only-a-zero-width-space",
    ),
    pytest.param(
        "description-best-split-by-zero-width-space.toml",
        r"'description' has U\+200B \(ZERO WIDTH SPACE\), an invisible character",
        id="best-split-by-a-zero-width-space",
    ),
    pytest.param(
        "hours-with-an-arrow.toml",
        r"'contact\.hours' has U\+2192 \(→\), which the packaged typefaces cannot print",
        id="arrow-in-opening-hours",
    ),
    pytest.param(
        "website-http.toml",
        r"'contact\.website' must be a web address starting https://",
        id="http-website",
    ),
    pytest.param(
        "unclosed-quote.toml",
        r"TOML error: a quote is not closed; end the text with \"",
        id="unclosed-quote",
    ),
    pytest.param(
        "colour-missing.toml",
        r"'colours\.accent' is missing; add a line like accent = \"#0B5563\"$",
        id="missing-colour-says-missing-not-got-none",
    ),
    pytest.param(
        "logo-png-missing.toml",
        r"'logo' file clinic\.png not found; put the PNG beside hostile\.toml$",
        id="missing-png-logo-is-not-called-an-svg",
    ),
    pytest.param(
        "email-double-dot.toml",
        r"'contact\.email' must be an email address like clinic@example\.com",
        id="email-with-two-dots-in-a-row",
    ),
]


@pytest.mark.parametrize(("name", "expected"), BRANDS)
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_brand_text_is_one_line(project, name, expected, command):
    project.valid_leaflet()
    (project.root / "brands" / "hostile.toml").write_bytes((CORPUS / "brands" / name).read_bytes())
    options = ["--brand", "hostile"] if command == "build" else []
    result = run(command, *options, project=project.root)
    assert_refused(result, command, r"hostile\.toml(:\d+)?", expected)
    assert not (project.root / "dist").exists()


def test_brand_name_with_a_newline_cannot_reach_an_email(project, tmp_path):
    project.valid_leaflet()
    (project.root / "brands" / "hostile.toml").write_bytes(
        (CORPUS / "brands" / "name-with-a-newline.toml").read_bytes()
    )
    result = run(
        "handout", "sample", "--brand", "hostile", "--patient", PATIENT,
        "--email", "tan@example.com", "-o", str(tmp_path / "p.pdf"),
        project=project.root,
    )  # fmt: skip
    assert_one_error(result, r"'name' must be one line")


# -- item 7: email addresses -------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["a@b.com.", "a@example..com", "a@.example.com", "a@-example.com", "ä@example.com", "a@com"],
)
def test_malformed_email_address_is_one_line_that_never_repeats_it(tmp_path, address):
    result = run(
        "handout", "overview", "--patient", PATIENT, "--email", address,
        "-o", str(tmp_path / "p.pdf"),
    )  # fmt: skip
    assert_one_error(result, r"^Error: the email address is not a single address like name@")
    assert "example" not in result.stderr.replace("name@example.com", "")
    assert list(tmp_path.iterdir()) == []


def test_international_domain_is_written_in_ascii_not_as_an_encoded_word():
    assert handout.check_email_address("tan@exämple.com") == "tan@xn--exmple-cua.com"
    with pytest.raises(LeafletPressError, match="domain .* is not a valid internet name"):
        handout.check_email_address("tan@" + "ä" * 70 + ".com")


# -- item 22: handout fields and options -------------------------------------------------

BRAND = load_brand(ROOT / "brands")
LEAFLET = load_leaflet(ROOT / "leaflets" / "overview" / "en.md")


def make(patient: str = PATIENT, **fields):
    return handout.make_handout(patient, [LEAFLET], BRAND, **fields)


def refused(patient: str = PATIENT, **fields) -> list[str]:
    with pytest.raises(LeafletPressError) as caught:
        make(patient, **fields)
    return [str(p) for p in caught.value.problems]


def test_email_draft_to_an_international_domain_has_a_plain_address():
    address = handout.check_email_address("tan@exämple.com")  # as the handout command does
    draft = handout.email_draft(make(), address, b"%PDF-1.7 stand-in", "p.pdf")
    assert email.message_from_bytes(draft)["To"] == "tan@xn--exmple-cua.com"
    assert b"=?" not in draft.split(b"\n\n")[0]  # no encoded word anywhere in the headers


def test_name_of_only_combining_marks_is_refused():
    assert refused("\u0301\u0308\u0301") == ["the patient's name has no letters; give the name"]


def test_joiners_in_a_name_are_kept_as_the_docstring_says():
    assert make("Zoe\u200dTan\u200cLee").patient == "Zoe\u200dTan\u200cLee"


def test_invisible_characters_in_a_name_are_removed():
    assert make("Ta\u200bn\u00ad Mei\u2060 Ling").patient == PATIENT


def test_unprintable_letters_in_a_name_are_counted_never_shown():
    [message] = refused("สมชาย")  # Thai: no packaged typeface has it
    assert "U+" not in message and "5 letters (not shown)" in message


def test_unprintable_symbols_in_a_step_are_shown_so_they_can_be_found():
    [message] = refused(next_steps=["Walk \u2192 rest"])
    assert message.startswith("in next step 1, the handout's typefaces cannot print U+2192 (→);")


def test_unprintable_characters_in_notes_read_as_english():
    [message] = refused(notes=["Rest ✓"])
    assert message.startswith("in the notes, the handout's typefaces cannot print U+2713 (✓)")


def test_two_thousand_line_breaks_in_a_note_are_refused():
    assert refused(notes=["a" + "\n" * 1500 + "b"]) == [
        f"the notes are 1,501 lines long; {handout.MAX_NOTE_LINES} at most"
    ]


def test_forty_note_lines_are_accepted():
    assert len(make(notes=["line\n" * handout.MAX_NOTE_LINES]).notes) == 1


def test_blank_name_at_the_prompt_is_not_told_to_use_an_option(tmp_path):
    result = run("handout", "overview", "-o", str(tmp_path / "p.pdf"), input="   \n")
    assert_one_error(result, r"^Error: the patient's name is empty; give the name as it prints$")


def test_unquoted_next_step_suggests_quotes(tmp_path):
    result = run(
        "handout", "overview", "--patient", PATIENT, "--next-step", "Review", "in", "six",
        "weeks",
    )  # fmt: skip
    assert result.exit_code == 2
    assert 'put the whole text in quotes: --next-step "Review in six weeks"' in result.stderr


def test_visit_date_years_ago_is_refused(tmp_path):
    result = run("handout", "overview", "--patient", PATIENT, "--date", "2024-11-25")
    assert result.exit_code == 2
    assert "2024-11-25 is more than a year ago; give the day of the visit" in result.stderr


def test_an_xxe_image_is_refused_with_a_reason_and_what_to_do(project):
    """It once gave an engine warning with an empty reason; now the SVG check refuses it."""
    project.valid_leaflet(body="## A heading\n\n![A drawing](picture.svg)\n\nText.\n")
    (project.root / "leaflets" / "sample" / "picture.svg").write_text(
        (CORPUS / "images" / "svg-external-entity.svg")
        .read_text()
        .replace("@OUTSIDE@", str(project.root.parent))
    )
    result = project.build()
    assert result.exit_code == 1, result.output
    assert re.search(
        r"en\.md:\d+: image 'picture\.svg' is an SVG that declares entities .+; save it again",
        result.stderr,
    ), result.stderr


def test_a_message_quoting_hostile_text_shows_its_escapes(project):
    """An unknown key is quoted in its message: it must not reorder or break the terminal."""
    front = VALID_FRONT_MATTER.replace("title:", '"\\u202eyek\\ud800": x\ntitle:')
    project.leaflet("sample", front + "\nText.\n")
    result = run("list", project=project.root)
    assert_one_error(result, r"unknown front matter key '\\u202eyek\\ud800'")
    assert "\u202e" not in result.stderr

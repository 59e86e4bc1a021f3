"""The content rules: each fires on a small leaflet that breaks it and stays silent otherwise."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT, TODAY, VALID_FRONT_MATTER

from leafletpress import advertising
from leafletpress.checks import (
    ALLOWED,
    ERROR,
    INFO,
    RULES,
    WARNING,
    check_project,
    read_sources,
)
from leafletpress.errors import LeafletPressError
from leafletpress.project import Project

SIMPLE_BODY = "## What is it?\n\nThis is a short text. It uses small words. You can read it.\n"
HARD_BODY = (
    "## Background\n\n"
    "Persistent neuropathic pain frequently necessitates multidisciplinary evaluation "
    "incorporating interventional procedures. Comprehensive rehabilitation programmes "
    "emphasise functional restoration alongside pharmacological optimisation.\n"
)
NEAR_LIMIT_BODY = (
    "## What happens next?\n\n"
    "Your specialist will examine your back carefully. They may recommend physiotherapy "
    "or medication. Treatment depends on your symptoms and your recovery.\n"
)
THIRTY_WORDS = " ".join(["word"] * 29) + " end."


def front(**changes: str) -> str:
    """The valid front matter with ``key: value`` lines replaced, added or (None) removed."""
    lines = VALID_FRONT_MATTER.rstrip("\n").split("\n")[:-1]  # without the closing ---
    for key, value in changes.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if index is None:
            lines.append(f"{key}: {value}")
        elif value is None:
            del lines[index]
        else:
            lines[index] = f"{key}: {value}"
    return "\n".join(lines) + "\n---\n"


def findings(project, slugs=None, today=TODAY, sources=None):
    report = check_project(Project.at(project.root), slugs, today=today, sources=sources)
    return [finding for file in report.files for finding in file.findings]


def fired(project, **kwargs) -> set[str]:
    return {f.rule for f in findings(project, **kwargs) if f.level != ALLOWED}


# ---------------------------------------------------------------------------
# Each rule: a fixture that breaks it, and one that does not. The second is the
# same leaflet put right, so the rule (and only the cause) is what changes.


def _leaflet(text: str):
    def setup(project):
        project.leaflet("sample", text)

    return setup


def _body(body: str, **changes):
    return _leaflet(front(**changes) + "\n" + body)


def _translation(body: str = SIMPLE_BODY, **changes):
    """The valid English leaflet and a Malay translation of it with ``changes``."""

    def setup(project):
        project.valid_leaflet("sample", SIMPLE_BODY)
        project.leaflet("sample", front(lang="ms", **changes) + "\n" + body, lang="ms")

    return setup


def _chinese(sentence: str, times: int = 12):
    """The valid English leaflet and a Chinese one of a section: ``sentence`` x ``times``."""

    def setup(project):
        project.valid_leaflet("sample", SIMPLE_BODY)
        body = "## 标题\n\n" + sentence * times + "\n"
        project.leaflet(
            "sample", front(lang="zh-Hans", translation_of='"1.0"') + "\n" + body, lang="zh-Hans"
        )

    return setup


def _two_leaflets(second_slug: str, lang: str = "en"):
    def setup(project):
        project.valid_leaflet("first", SIMPLE_BODY)
        text = front(lang=lang) + "\n" + SIMPLE_BODY
        project.leaflet(second_slug, text, lang=lang)

    return setup


def _template(path: str, old: str, new: str):
    def setup(project):
        project.valid_leaflet("sample", SIMPLE_BODY)
        target = project.root / "templates" / path
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new), encoding="utf-8")

    return setup


def _brand(extra: str):
    def setup(project):
        project.valid_leaflet("sample", SIMPLE_BODY)
        brand = project.root / "brands" / "default.toml"
        text = brand.read_text(encoding="utf-8")
        brand.write_text(text.replace('footer = ""', extra), encoding="utf-8")

    return setup


def _phone(phone: str):
    def setup(project):
        project.valid_leaflet("sample", SIMPLE_BODY)
        brand = project.root / "brands" / "default.toml"
        text = brand.read_text(encoding="utf-8")
        brand.write_text(re.sub(r'(?m)^phone = ".*"$', f'phone = "{phone}"', text), "utf-8")

    return setup


def _image(alt: str, name: str = "spine.png"):
    def setup(project):
        project.valid_leaflet("sample", f"## A picture\n\n![{alt}]({name})\n")
        (project.root / "leaflets" / "sample" / name).write_bytes(PNG)

    return setup


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a0d30000000049454e44ae426082"
)

CASES = {
    "governance-front-matter": (
        _leaflet(front(version=None) + "\nText.\n"),
        _leaflet(front() + "\nText.\n"),
    ),
    "governance-author": (
        _body(SIMPLE_BODY, author=None),
        _body(SIMPLE_BODY, author=None, reviewer="Dr A. Tan"),
    ),
    "governance-reviewer-pending": (
        _body(SIMPLE_BODY, reviewer="Awaiting clinical review"),
        _body(SIMPLE_BODY, reviewer="Dr A. Tan"),
    ),
    "governance-next-review": (
        _body(SIMPLE_BODY, next_review="2026-11-24"),
        _body(SIMPLE_BODY, next_review="2026-11-25"),
    ),
    "governance-review-due-soon": (
        _body(SIMPLE_BODY, next_review="2027-02-23"),  # 90 days away
        _body(SIMPLE_BODY, next_review="2027-02-24"),
    ),
    "governance-review-dates": (
        _body(SIMPLE_BODY, reviewed="2026-11-26"),  # tomorrow
        _body(SIMPLE_BODY, reviewed="2026-11-25"),
    ),
    "governance-review-interval": (
        _body(SIMPLE_BODY, reviewed="2026-11-01", next_review="2029-11-02"),
        _body(SIMPLE_BODY, reviewed="2026-11-01", next_review="2029-11-01"),
    ),
    "structure-body": (
        _body("## About us\n\nWe are the be\u200bst.\n"),  # a zero-width space hides 'best'
        _body(SIMPLE_BODY),
    ),
    "governance-unique-code": (
        _two_leaflets("second"),  # two leaflets, one code
        _two_leaflets("first", lang="ms"),  # one leaflet in two languages shares its code
    ),
    "readability-grade": (_body(HARD_BODY), _body(SIMPLE_BODY)),
    "readability-grade-near-limit": (_body(NEAR_LIMIT_BODY), _body(SIMPLE_BODY)),
    "readability-sentence-average": (
        _body("## Long\n\n" + " ".join([THIRTY_WORDS] * 8) + "\n"),
        _body("## Short\n\n" + " ".join(["Seven short words make up this sentence."] * 8)),
    ),
    "readability-long-sentence": (
        _body("## Long\n\n" + " ".join(["word"] * 25) + " end.\n"),
        _body("## Long\n\n" + " ".join(["word"] * 24) + " end.\n"),
    ),
    "readability-long-paragraph": (
        _body("## Long\n\n" + "One more sentence here. " * 6 + "\n"),
        _body("## Long\n\n" + "One more sentence here. " * 5 + "\n"),
    ),
    "readability-zh-sentences": (
        _chinese("如果您在手术以后仍然感到背部或者腿部持续疼痛，可以向医生询问其他的治疗方法。"),
        _chinese("每天散步。需要时休息。"),  # 4 and 4 characters: 25 sentences a hundred
    ),
    "ad-superlative": (
        _body("## About us\n\nWe are the best pain clinic in Singapore.\n"),
        _body("## About us\n\nAsk your doctor which treatment is best for you.\n"),
    ),
    "ad-guarantee": (
        _body("## Results\n\nSCS will cure your pain.\n"),
        _body("## Results\n\nThere is no cure, but results vary and treatment can help.\n"),
    ),
    "ad-comparison": (
        _body("## Why us\n\nUnlike other clinics, we take time to listen.\n"),
        _body("## Why us\n\nUnlike PSPS Type 1, PSPS Type 2 follows surgery.\n"),
    ),
    "ad-testimonial": (
        _body('## Stories\n\n"I walked again after a week," says one patient.\n'),
        _body('## Questions\n\nYou could ask: "Is SCS right for me?"\n'),
    ),
    "ad-before-after": (
        _image("Before and after treatment", "result.png"),
        _image("The lower spine seen from the side"),
    ),
    "ad-fear-appeal": (
        _body("## Why act early?\n\nIf you wait, the pain may get harder to treat.\n"),
        _body("## Why act early?\n\nIf you want to wait and see, that is your choice.\n"),
    ),
    "ad-inducement": (
        _body("## Visit us\n\nBook a free consultation this month.\n"),
        _body("## Visit us\n\nFeel free to ask. Scar tissue may stop nerves moving freely.\n"),
    ),
    "source-figure": (
        _body("## How common is it?\n\nAbout 37% of people have it after 12 months.\n"),
        _body("## How common is it?\n\nAbout 20% of people have it after 12 months.\n"),
    ),
    "a11y-alt-text": (_image(""), _image("The lower spine seen from the side")),
    "a11y-heading-order": (
        _body("## Part\n\nText.\n\n#### Too deep\n\nText.\n"),
        _body("## Part\n\nText.\n\n### One deeper\n\nText.\n"),
    ),
    "a11y-language": (
        _template("base.html", '<html lang="{{ lang }}">', "<html>"),
        _template("base.html", '<html lang="{{ lang }}">', '<html lang="{{ lang }}">'),
    ),
    "structure-in-short": (
        _template("leaflet.html", '{% include "partials/in_short.html" %}', ""),
        _template("leaflet.html", "<main", "<main"),
    ),
    "structure-help": (
        _template("leaflet.html", '{% include "partials/help.html" %}', ""),
        _template("leaflet.html", "<main", "<main"),
    ),
    "structure-about": (
        _template("partials/about.html", "<dd>{{ leaflet.code }}</dd>", "<dd></dd>"),
        _template("partials/about.html", "<dt>", "<dt>"),
    ),
    "structure-trifold-sections": (
        _body(SIMPLE_BODY, trifold="[What is it]"),  # the heading has a question mark
        _body(SIMPLE_BODY + "\n## Next\n\nText.\n", trifold='["What is it?", "Next"]'),
    ),
    # One space less of indent merges two In short points into one printed line.
    "structure-merged-list": (
        _leaflet(
            front().replace("  - The main message.", "  - The main message.\n   - A second one.")
            + "\n"
            + SIMPLE_BODY
        ),
        _leaflet(
            front().replace("  - The main message.", "  - The main message.\n  - A second one.")
            + "\n"
            + SIMPLE_BODY
        ),
    ),
    "structure-raw-html": (
        _body(SIMPLE_BODY + "\nRead this <b>first</b>.\n"),
        _body(SIMPLE_BODY + "\nRead this **first**; see <https://example.org/a>.\n"),
    ),
    "structure-trifold-few-sections": (
        _body(SIMPLE_BODY, trifold='["What is it?"]'),
        _body(SIMPLE_BODY + "\n## Next\n\nText.\n", trifold='["What is it?", "Next"]'),
    ),
    "structure-renders": (
        _body("## A picture\n\n![The spine](missing.png)\n"),
        _image("The spine"),
    ),
    "governance-gaps-for-reviewer": (
        _body(SIMPLE_BODY, gaps_for_reviewer="[risks of the treatment]"),
        _body(SIMPLE_BODY),
    ),
    "brand-file": (
        _brand('footer = ""\nshade = "#000000"'),
        _brand('footer = "Patient information"'),
    ),
    "brand-contact": (_phone(""), _phone("+65 0000 0000")),
    "translation-version": (
        _translation(translation_of='"0.9"'),
        _translation(translation_of='"1.0"'),
    ),
    "translation-structure": (
        _translation(SIMPLE_BODY + "\n## One more\n\nText.\n", translation_of='"1.0"'),
        _translation(translation_of='"1.0"'),
    ),
    "allow-comment": (
        _body("## Us\n\n<!-- allow ad-superlative -->\nWe are the best clinic.\n"),
        _body("## Us\n\n<!-- allow ad-superlative: a quoted award title -->\nThe best clinic.\n"),
    ),
    "allow-unused": (
        _body("## Us\n\n<!-- allow ad-superlative: a reason -->\nWe see patients.\n"),
        _body("## Us\n\n<!-- allow ad-superlative: a reason -->\nWe are the best.\n"),
    ),
}

SOURCES = "Most people improve. About 20% of people still have pain after 12 months.\n"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_fires_on_a_leaflet_that_breaks_it_and_not_otherwise(fixture_project, rule_id):
    breaks, keeps = CASES[rule_id]
    sources = _sources(fixture_project) if rule_id == "source-figure" else None

    breaks(fixture_project)
    assert rule_id in fired(fixture_project, sources=sources), findings(fixture_project)

    _reset(fixture_project)
    keeps(fixture_project)
    assert rule_id not in fired(fixture_project, sources=sources), findings(fixture_project)


def test_every_rule_has_a_case_an_id_a_level_and_a_one_line_explanation():
    assert set(CASES) == set(RULES)
    for rule in RULES.values():
        assert rule.level in (ERROR, WARNING, INFO)
        assert rule.explanation and "\n" not in rule.explanation
        assert rule.group in (
            "governance",
            "readability",
            "ad",
            "source",
            "a11y",
            "structure",
            "brand",
            "translation",
            "allow",
        ), rule.id


def test_the_shipped_leaflets_and_brand_have_no_errors():
    report = check_project(Project.at(ROOT), today=TODAY)
    errors = [str(f) for f in (f for r in report.files for f in r.findings) if f.level == ERROR]
    assert errors == []
    for file in report.files:
        if file.kind == "leaflet" and file.path.name == "en.md":  # Flesch-Kincaid: English
            assert file.reading.stats.grade <= 8
            assert file.reading.stats.words_per_sentence <= 20


# ---------------------------------------------------------------------------
# Advertising: the phrases, and ordinary sentences that must not be caught.

FORBIDDEN = {
    "ad-superlative": [
        "We are the best pain clinic in Singapore.",
        "A leading pain centre.",
        "Singapore's leading specialists.",
        "Our top-rated doctors.",
        "The No. 1 clinic for back pain.",
        "World-class care.",
        "The most advanced treatment available.",
        "We are the only clinic offering SCS.",
        "State-of-the-art equipment.",
        "Our unique approach.",
        "The first clinic in Singapore to offer this.",
    ],
    "ad-guarantee": [
        "We guarantee results.",
        "SCS can cure your pain.",
        "100% success.",
        "Permanent relief from pain.",
        "A painless procedure.",
        "This treatment is risk-free.",
        "Be pain-free for good.",
        "It is completely safe.",
        "There is no risk.",
        # Certainty and permanence (issue 23, item 5).
        "This will definitely fix your pain.",
        "Results are assured.",
        "SCS is sure to work.",
        "We promise results.",
        "It works every time.",
        "It gets rid of pain for good.",
        "Your pain will be gone forever.",
        "Say goodbye to back pain.",
    ],
    "ad-comparison": [
        "Our results are better than other clinics.",
        "Unlike other clinics, we listen.",
        "Other clinics may rush you into surgery instead.",
        "Cheaper than competitors.",
    ],
    "ad-testimonial": [
        "Read our testimonials.",
        '"I could walk again after one week," says Mrs Tan.',
        "Patient reviews: 5 stars.",
        "What our patients say.",
        "Great care. — Mrs Lim, 62",
        "Patients say: this changed my life!",
        "One patient told us: I can walk again.",
        "SCS gave her her life back.",
    ],
    "ad-before-after": ["See our before-and-after photos."],
    "ad-inducement": [
        "Book a free consultation today.",
        "Get 20% off your first visit.",
        "Ask about our year-end promotion.",
        "Discounted packages are available.",
        "The first visit is free.",
    ],
}

ORDINARY = [
    "Surgery is considered only when a clear cause is found.",
    "Further surgery may be considered only if doctors find a clear cause.",
    "Results vary from person to person.",
    "Feel free to ask questions.",
    "Scar tissue can stop nerves moving freely.",
    "There is no cure for PSPS Type 2, but treatment can help.",
    "Results are not guaranteed.",
    "No treatment is risk-free.",
    "Ask your doctor what is best for you.",
    "Your doctor will help choose the best treatment for you.",
    "It is best to ask early.",
    "Pain is the leading cause of disability.",
    "Pressure on a nerve, leading to ongoing symptoms.",
    "The top of your spine.",
    "You may be offered a permanent device.",
    "Bring notes from other hospitals you have visited.",
    'You could ask: "Is SCS right for me?"',
    "Pain before and after surgery may differ.",
    "Care progresses to more advanced treatments.",
    "Unlike PSPS Type 1, this follows surgery.",
    "The Health Promotion Board has advice on exercise.",
    "Take medicines as recommended by your doctor.",
    "At the first clinic visit, bring your scans.",
    "Your pain specialist is not the only doctor who can help.",
    "First and foremost, keep moving.",
    "You may feel more pain than others.",
    "**Leg pain** – this may feel the same as before surgery, or worse.",
    "There is no risk-free treatment.",
    "Surgery is not without risk.",
    "Your doctor is the best person to ask.",
    "Find the best position for sleep.",
    # Beside each new pattern of certainty, permanence and testimony, a sentence it must pass.
    "Will SCS definitely help me?",
    "Make sure to tell your doctor about any new numbness.",
    "Results are not assured, and they vary.",
    "We cannot promise results.",
    "You will certainly need follow-up visits.",
    "Medicines may not get rid of pain completely.",
    "The device stays in place for good reason.",
    "Does the relief last for life?",
    "Some people say the tingling feels odd.",
    "Patients often ask about the battery.",
    "The device may change how you live day to day.",
]


@pytest.mark.parametrize(
    ("rule_id", "sentence"),
    [(rule_id, s) for rule_id, sentences in FORBIDDEN.items() for s in sentences],
)
def test_forbidden_phrase_is_found(rule_id, sentence):
    assert advertising.find(rule_id, sentence), sentence


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_sentence_is_not_advertising(sentence):
    assert {
        r: advertising.find(r, sentence)
        for r in advertising.PHRASES
        if advertising.find(r, sentence)
    } == {}


def test_advertising_message_quotes_the_words_and_cites_the_rule(fixture_project):
    fixture_project.valid_leaflet(body="## About us\n\nWe are\nthe best pain clinic.\n")
    (found,) = [f for f in findings(fixture_project) if f.rule == "ad-superlative"]
    assert found.level == ERROR and found.line == 19
    assert found.message.startswith("'best' is a superlative")
    assert "Healthcare Services (Advertisement) Regulations 2021" in found.message


def test_front_matter_is_checked_for_advertising_too(fixture_project):
    fixture_project.leaflet(
        "sample", front(summary="The best treatment in Singapore.") + "\nText.\n"
    )
    (found,) = [f for f in findings(fixture_project) if f.rule == "ad-superlative"]
    assert found.line == 3  # the summary line


# ---------------------------------------------------------------------------
# Allowing a finding in place


def test_allow_comment_on_the_line_before_marks_the_finding_allowed_with_its_reason(
    fixture_project,
):
    fixture_project.valid_leaflet(
        body=(
            "## Awards\n\n"
            "<!-- allow ad-superlative: the title of the MOH award, quoted exactly -->\n"
            "The clinic was named the Best Pain Clinic\n"
            "of the year.\n\n"
            "We are the best.\n"
        )
    )
    result = findings(fixture_project)
    allowed = [f for f in result if f.level == ALLOWED]
    assert [(f.rule, f.line, f.reason) for f in allowed] == [
        ("ad-superlative", 19, "the title of the MOH award, quoted exactly")
    ]
    assert "(allowed: the title of the MOH award, quoted exactly)" in str(allowed[0])
    # The comment covers its own paragraph, not the next one.
    assert [(f.rule, f.line) for f in result if f.level == ERROR] == [("ad-superlative", 22)]


def test_allow_comment_at_the_end_of_the_line(fixture_project):
    fixture_project.valid_leaflet(
        body="## Us\n\nWe are the best. <!-- allow ad-superlative: a quoted title -->\n"
    )
    assert [f.level for f in findings(fixture_project)] == [ALLOWED]


def test_allow_comment_for_a_rule_that_cannot_be_allowed(fixture_project):
    fixture_project.valid_leaflet(
        body="## Us\n\n<!-- allow governance-next-review: we are busy -->\nText.\n"
    )
    messages = [f.message for f in findings(fixture_project) if f.rule == "allow-comment"]
    assert messages == ["rule governance-next-review cannot be allowed in place; fix the problem"]


def test_allow_comment_in_a_brand_file(fixture_project):
    fixture_project.valid_leaflet(body=SIMPLE_BODY)
    brand = fixture_project.root / "brands" / "default.toml"
    brand.write_text(
        brand.read_text().replace(
            'footer = ""',
            'footer = "Top pain specialists"  # allow ad-superlative: the name of our team',
        )
    )
    brand_findings = [f for f in findings(fixture_project) if f.path.suffix == ".toml"]
    assert [(f.level, f.rule, f.reason) for f in brand_findings] == [
        (ALLOWED, "ad-superlative", "the name of our team")
    ]


def test_brand_free_text_goes_through_the_advertising_rules(fixture_project):
    fixture_project.valid_leaflet(body=SIMPLE_BODY)
    brand = fixture_project.root / "brands" / "default.toml"
    text = brand.read_text().replace(
        'description = "Pain specialist clinic, Singapore"',
        'description = "Singapore\'s leading pain clinic"',
    )
    text = text.replace('hours = ""', 'hours = "Free parking for patients"')
    brand.write_text(text)
    lines = text.split("\n")
    result = [(f.rule, f.line) for f in findings(fixture_project) if f.path.suffix == ".toml"]
    assert result == [
        ("ad-superlative", lines.index('description = "Singapore\'s leading pain clinic"') + 1),
        ("ad-inducement", lines.index('hours = "Free parking for patients"') + 1),
    ]


# ---------------------------------------------------------------------------
# Loading, languages, sources


def test_a_leaflet_that_does_not_load_is_reported_and_the_others_still_checked(
    fixture_project,
):
    fixture_project.leaflet("broken", front(reviewed="last week") + "\nText.\n")
    fixture_project.leaflet("other", front(code="TEST-02") + "\nWe are the best.\n")
    result = findings(fixture_project)
    assert [(f.rule, f.line) for f in result if f.path.parent.name == "broken"] == [
        ("governance-front-matter", 7)
    ]
    assert "ad-superlative" in {f.rule for f in result if f.path.parent.name == "other"}


def test_every_language_is_checked_but_readability_only_in_english(fixture_project):
    fixture_project.valid_leaflet("sample", HARD_BODY)
    fixture_project.leaflet("sample", front(lang="ms") + "\n" + HARD_BODY + "Yang terbaik.\n", "ms")
    report = check_project(Project.at(fixture_project.root), today=TODAY)
    by_lang = {file.lang: file for file in report.files if file.kind == "leaflet"}
    assert set(by_lang) == {"en", "ms"}
    assert by_lang["ms"].reading is None
    assert "readability-grade" in {f.rule for f in by_lang["en"].findings}
    assert "readability-grade" not in {f.rule for f in by_lang["ms"].findings}


def test_figures_are_compared_with_the_sources(fixture_project):
    fixture_project.valid_leaflet(
        body="## Numbers\n\nAbout 20% improve. 37 per cent do not. It takes 12 months or 3 years.\n"
    )
    result = findings(fixture_project, sources=_sources(fixture_project))
    assert sorted(f.message.split("'")[1] for f in result if f.rule == "source-figure") == [
        "3",
        "37 per cent",
    ]


def test_sources_folder_without_documents_is_refused(tmp_path):
    with pytest.raises(LeafletPressError, match="has no source documents"):
        read_sources(tmp_path)


def _sources(project):
    folder = project.root / "sources"
    folder.mkdir(exist_ok=True)
    (folder / "page.txt").write_text(SOURCES, encoding="utf-8")
    return read_sources(folder)


def _reset(project):
    """Put the fixture project back: no leaflets, the real templates and brands."""
    for folder in ("leaflets", "templates", "brands"):
        shutil.rmtree(project.root / folder)
        if folder == "leaflets":
            (project.root / folder).mkdir()
        else:
            shutil.copytree(ROOT / folder, project.root / folder)

"""One reading of Markdown: print, the checks and the tri-fold's sections agree on a body.

Print is Python-Markdown's HTML (``markup.to_html``); the checks read plain blocks
(``markdown.parse``); a tri-fold keeps the ``##`` sections ``select_sections`` finds.
Each case below is a way of writing (or seeming to write) a heading, and all three
must see the same thing: a section heading, or not.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TODAY, VALID_FRONT_MATTER
from hypothesis import given
from hypothesis import strategies as st

from leafletpress import markdown
from leafletpress.checks import ALLOWED, check_project
from leafletpress.checks.allowing import toml_allow_comments
from leafletpress.markup import to_html
from leafletpress.project import Project

SOURCE = Path("leaflets/sample/en.md")


def printed(body: str, folder: Path) -> tuple[list[tuple[int, str]], str]:
    """(level, text) of the headings print puts at the top level of the body, and the HTML."""
    fragment = to_html(body, folder, SOURCE)
    assert not fragment.errors
    reader = _TopHeadings()
    reader.feed(fragment.html)
    return reader.headings, fragment.html


class _TopHeadings(HTMLParser):
    """The headings of an HTML fragment that are not inside another element."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.headings: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and tag in markdown.HEADING_TAGS:
            self.headings.append((int(tag[1]), ""))
        if tag not in {"br", "hr", "img"}:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        pass  # <hr />, <br />: nothing inside

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth == 1 and self.headings and not self.headings[-1][1]:
            self.headings[-1] = (self.headings[-1][0], data)


def checked(body: str) -> list[tuple[int, str, int]]:
    """(level, text, file line) of the headings the checks read."""
    return [(b.level, b.text, b.line) for b in markdown.parse(body).headings]


def is_trifold_section(body: str, heading: str) -> bool:
    _kept, missing = markdown.select_sections(body, (heading,))
    return not missing


@pytest.mark.parametrize(
    ("written", "level"),
    [
        pytest.param("## What", 2, id="atx-heading"),
        pytest.param("##What", 2, id="atx-heading-without-a-space"),
        pytest.param("## What ##", 2, id="atx-heading-with-closing-hashes"),
        pytest.param("What\n---", 2, id="underlined-with-dashes-is-level-2"),
        pytest.param("What\n===", 1, id="underlined-with-equals-is-level-1-not-a-section"),
        pytest.param("- ## What", None, id="heading-inside-a-list-item-is-not-a-heading"),
        pytest.param("- item\n\n    ## What", None, id="heading-inside-a-loose-list-item"),
        pytest.param("> ## What", None, id="heading-inside-a-quote-is-not-a-heading"),
        pytest.param("Intro:\n\n    ## What", None, id="heading-inside-an-indented-code-block"),
        pytest.param(
            "Two\nWhat\n---", None, id="underline-under-two-lines-is-a-rule-not-a-heading"
        ),
        # Leaflets' Markdown has no fenced code: print shows ``` as text around a heading.
        pytest.param("```\n## What\n```", 2, id="fences-are-not-code-so-the-heading-prints"),
    ],
)
def test_print_checks_and_trifold_agree_on_a_heading(written, level, tmp_path):
    body = f"Opening words.\n\n{written}\n\nText under it.\n"
    line = 3 + written.split("\n").index(next(x for x in written.split("\n") if "What" in x))

    top, _html = printed(body, tmp_path)
    expected = [(level, "What")] if level else []
    assert top == expected
    assert checked(body) == [(level, "What", line)] if level else checked(body) == []
    assert is_trifold_section(body, "What") == (level == 2)


def test_a_trifold_section_runs_to_the_next_section_heading_however_written():
    body = (
        "##What\n\nKept text.\n\n- ## not a heading\n\n    ## code\n\n"
        "Other\n-----\n\nLeft out.\n\n## Last\n\nKept too.\n"
    )
    kept, missing = markdown.select_sections(body, ("What", "Last", "Missing"))
    assert kept == (
        "##What\n\nKept text.\n\n- ## not a heading\n\n    ## code\n\n## Last\n\nKept too.\n"
    )
    assert missing == ["Missing"]


def test_a_trifold_heading_is_matched_as_printed_without_its_markdown():
    body = "## What *is* it?\n\nText.\n"
    assert is_trifold_section(body, "What is it?")


VOCABULARY = [
    "## What",
    "##What",
    "## Other",
    "What",
    "---",
    "===",
    "- ## What",
    "- item",
    "    ## What",
    "> ## What",
    "```",
    "Some text.",
    "<!-- allow ad-superlative: a reason -->",
    "",
    "",
]


@given(st.lists(st.sampled_from(VOCABULARY), max_size=12))
def test_any_arrangement_of_headings_reads_the_same_in_print_checks_and_trifold(lines):
    body = "\n".join(lines) + "\n"
    top, _html = printed(body, Path("leaflets/sample"))
    # Levels in order, and the words of each: print's typography (smarty) makes "---" a dash.
    assert [level for level, _text, _line in checked(body)] == [level for level, _text in top]
    assert [t for _l, t, _n in checked(body) if t.isalpha()] == [t for _l, t in top if t.isalpha()]
    for name in ("What", "Other"):
        assert is_trifold_section(body, name) == ((2, name) in top)
    for _level, text, line in checked(body):  # each heading's line holds its text
        assert text in body.split("\n")[line - 1]


# -- allow comments ---------------------------------------------------------


def test_an_allow_comment_never_prints_and_is_read_with_its_line(tmp_path):
    body = "Opening.\n\n<!-- allow ad-superlative: the award's title -->\nThe best clinic.\n"
    _top, html = printed(body, tmp_path)
    assert "allow" not in html and "<!--" not in html
    document = markdown.parse(body, first_line=10)
    assert document.allows == (
        markdown.AllowComment(12, ("ad-superlative",), "the award's title", True),
    )
    assert [(b.kind, b.line, b.text) for b in document.blocks] == [
        ("paragraph", 10, "Opening."),
        ("paragraph", 13, "The best clinic."),
    ]


def test_a_trailing_allow_comment_is_cut_from_its_line_only(tmp_path):
    body = "The best clinic. <!-- allow ad-superlative, ad-guarantee: reason -->\nMore.\n"
    _top, html = printed(body, tmp_path)
    assert html == "<p>The best clinic.\nMore.</p>"
    (allow,) = markdown.parse(body).allows
    assert (allow.line, allow.rules, allow.whole_line) == (
        1,
        ("ad-superlative", "ad-guarantee"),
        False,
    )
    assert [b.text for b in markdown.parse(body).blocks] == ["The best clinic.\nMore."]


def test_an_allow_comment_between_lines_joins_nothing_in_print_or_checks(tmp_path):
    body = "- one\n<!-- allow ad-superlative: reason -->\n- two\n"
    _top, html = printed(body, tmp_path)
    assert html.count("<ul") == 1 and html.count("<li>") == 2
    assert [(b.kind, b.line, b.text) for b in markdown.parse(body).blocks] == [
        ("item", 1, "one"),
        ("item", 3, "two"),
    ]


def test_brand_and_leaflet_allow_comments_read_rules_and_reason_alike():
    in_toml = toml_allow_comments('footer = "x"  # allow ad-superlative,ad-guarantee : why\n')
    in_markdown = markdown.allow_comments("x <!-- allow ad-superlative,ad-guarantee : why -->")
    assert (
        in_toml
        == in_markdown
        == [markdown.AllowComment(1, ("ad-superlative", "ad-guarantee"), "why", False)]
    )
    (empty,) = markdown.allow_comments("<!-- allow -->")
    assert (empty.rules, empty.reason) == ((), "")


# -- what the checks now read as print does ------------------------------------


def test_text_between_fences_or_in_code_prints_so_it_is_checked(fixture_project):
    """Leaflets have no fenced code: ``` prints as text, so the words inside are read too;
    an indented code block prints its words as they are, and they are read too."""
    body = (
        "## What is it?\n\nThis is a short text.\n\n```\nThis is a guaranteed cure.\n```\n"
        "\n    Or painless.\n"
    )
    text = VALID_FRONT_MATTER.replace("---\n", "---\ntrifold: ['What is it?']\n", 1) + "\n" + body
    fixture_project.leaflet("sample", text)
    report = check_project(Project.at(fixture_project.root), today=TODAY)
    found = {(f.rule, f.line) for file in report.files for f in file.findings if f.level != ALLOWED}
    body_line = text.split("\n").index("This is a guaranteed cure.") + 1
    assert ("ad-guarantee", body_line) in found
    assert ("ad-guarantee", body_line + 3) in found  # the indented code block
    assert not any(rule == "structure-trifold-sections" for rule, _line in found)


def test_the_tri_fold_rule_accepts_a_heading_written_without_a_space(fixture_project):
    body = "##What it is\n\nThis is a short text. You can read it.\n"
    text = VALID_FRONT_MATTER.replace("---\n", "---\ntrifold: [What it is]\n", 1) + "\n" + body
    fixture_project.leaflet("sample", text)
    report = check_project(Project.at(fixture_project.root), today=TODAY)
    rules = {f.rule for file in report.files for f in file.findings}
    assert "structure-trifold-sections" not in rules

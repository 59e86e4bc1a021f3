"""Every word Leaflet Press itself prints on a page or in an email, one table per language.

The leaflets' own text comes from their Markdown; everything around it (the furniture:
"In short", "Page 2 of 4", the About table's labels, month names, the draft stamp,
the handout's cover and its email) comes from here, so a new language is one new
table (``languages/<name>.py``), not a hunt through templates, stylesheets and code.
Templates read the table as ``t`` (``{{ t.in_short }}``); the words a stylesheet
prints reach it as a small generated stylesheet (``words_css``). A language without
a table of its own prints with English furniture.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Words:
    """The furniture of one language. ``{name}`` marks are filled in where used."""

    months: tuple[str, ...]
    # Page furniture (stylesheets)
    page: str  # "Page 2 of 4": before the number
    page_of: str  # between the two numbers
    draft: str  # stamped on every page of a draft
    blank_page: str  # a handout's page left blank so the next leaflet starts on the right
    contents_page: str  # a handout's contents: "... page 3"
    # Leaflet furniture (templates)
    in_short: str
    help_title: str
    help_text: str
    write_in_questions: str  # a tri-fold flap's ruled space when the brand gives no contact
    booking_qr_alt: str
    booking_qr_caption: str
    about_title: str
    about_disclaimer: str
    other_format: str  # "You can ask your care team for it in {format}."
    large_print: str
    standard_print: str
    leaflet_code: str
    version: str
    last_reviewed: str
    last_updated: str  # until a clinician is named: the date is of the last edit, not a review
    next_review: str
    written_by: str
    clinical_reviewer: str
    published_by: str
    sources: str
    feedback: str
    information_from: str  # a partner's leaflet names the clinic that wrote it
    leaflet_label: str  # "Patient information leaflet PSPS-01"
    review_pending: str  # until a clinician is named
    logo_alt: str
    contact_labels: dict[str, str]
    # Handout cover and email
    handout_title: str  # the PDF's title: never the patient's name
    handout_description: str
    cover_title: str
    cover_subtitle: str
    cover_for: str
    cover_seen_by: str
    cover_date: str
    cover_notes: str
    cover_next_steps: str
    cover_contents: str
    cover_questions: str
    cover_questions_text: str
    email_subject: str
    email_greeting: str
    email_thanks: str
    email_pack: str
    email_cover_plain: str
    email_cover_with: str
    email_and: str
    email_notes_mine: str
    email_notes_doctors: str
    email_next_steps: str
    email_writer_doctor: str
    email_writer_team: str
    email_closing: str
    email_regards: str
    email_care_team: str
    # Added with the translations (issue 13): English values stand until a table sets them.
    page_end: str = ""  # after the total, for languages that need it: 第 2 页，共 4 页
    date_format: str = "{day} {month} {year}"  # also {month_number}: 2026年11月25日
    translated_from: str = "Translated from English version"
    translated_by: str = "Translated by"
    translation_reviewer: str = "Translation reviewer"
    translation_unreviewed: str = "Translation not yet reviewed"
    list_separator: str = ", "  # between items in a sentence: 、 in Chinese
    sentence_space: str = " "  # between two sentences: none after Chinese 。


ENGLISH = Words(
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    page="Page ",
    page_of=" of ",
    draft="DRAFT - not approved",
    blank_page="This page is intentionally blank",
    contents_page=" page ",
    in_short="In short",
    help_title="Where to get help",
    help_text="Questions? Ask your doctor or pain specialist.",
    write_in_questions="Your questions for your next visit",
    booking_qr_alt="QR code: more information at {url}",
    booking_qr_caption="More information",
    about_title="About this leaflet",
    about_disclaimer="This leaflet gives general information. It does not replace advice "
    "from your own doctor.",
    other_format="You can ask your care team for it in {format}.",
    large_print="large print",
    standard_print="standard print",
    leaflet_code="Leaflet code",
    version="Version",
    last_reviewed="Last reviewed",
    last_updated="Last updated",
    next_review="Next review",
    written_by="Written by",
    clinical_reviewer="Clinical reviewer",
    published_by="Published by",
    sources="Sources",
    feedback="Could this leaflet be better? Tell your care team.",
    information_from="Information from {clinic}",
    leaflet_label="Patient information leaflet",
    review_pending="Not yet clinically reviewed",
    logo_alt="{brand} logo",
    contact_labels={
        "phone": "Phone",
        "email": "Email",
        "address": "Address",
        "hours": "Opening hours",
        "website": "Website",
        "booking_url": "Appointments",
    },
    handout_title="Information for you from {clinic}",
    handout_description="Your personal page and the leaflets chosen for you",
    cover_title="Information for you",
    cover_subtitle="Chosen for you after your visit",
    cover_for="For",
    cover_seen_by="Seen by",
    cover_date="Date",
    cover_notes="Notes from your doctor",
    cover_next_steps="Your next steps",
    cover_contents="In this pack",
    cover_questions="Questions?",
    cover_questions_text="Write your questions down and bring them, with this pack, to your "
    "next appointment, or contact us.",
    email_subject="Information from your visit to {clinic}",
    email_greeting="Dear {patient},",
    email_thanks="Thank you for your visit on {day}.",
    email_pack="{writer} have attached your personal information pack: {cover}, followed by "
    "the leaflets we talked about.",
    email_cover_plain="a first page",
    email_cover_with="a first page with {items}",
    email_and=" and ",
    email_notes_mine="my notes",
    email_notes_doctors="your doctor's notes",
    email_next_steps="your next steps",
    email_writer_doctor="I",
    email_writer_team="We",
    email_closing="Please read it when you have time, and bring any questions to your next "
    "appointment or contact the clinic.",
    email_regards="Kind regards,",
    email_care_team="Your care team at {clinic}",
)

# Singapore's four official languages: the tag, its table's module and its own name.
LANGUAGES = {
    "en": ("", "English"),
    "zh-Hans": ("zh_hans", "中文"),
    "ms": ("ms", "Bahasa Melayu"),
    "ta": ("ta", "தமிழ்"),
}


WORDS: dict[str, Words] = {"en": ENGLISH}  # filled in as each language is first asked for


def _table(lang: str) -> Words | None:
    if lang not in WORDS:
        module = LANGUAGES.get(lang, ("", ""))[0]
        if not module:
            return None
        WORDS[lang] = importlib.import_module(f".languages.{module}", __package__).WORDS
    return WORDS[lang]


def words(lang: str) -> Words:
    """The table for ``lang`` (a BCP 47 tag: ``en``, ``zh-Hans``, ``en-SG``), or English
    while the language has none of its own."""
    return _table(lang) or _table(lang.split("-")[0]) or ENGLISH


def long_date(day: date, lang: str = "en") -> str:
    """A long date, independent of the machine's locale: 25 November 2026, 2026年11月25日."""
    t = words(lang)
    return t.date_format.format(
        day=day.day, month=t.months[day.month - 1], month_number=day.month, year=day.year
    )


def words_css(lang: str) -> str:
    """The stylesheet that gives the page furniture its words in ``lang``, as the
    custom properties the designers' stylesheets print with ``content: var(...)``."""
    t = words(lang)
    values = {
        "page": t.page,
        "page-of": t.page_of,
        "page-end": t.page_end,
        "draft": t.draft,
        "blank-page": t.blank_page,
        "contents-page": t.contents_page,
    }
    lines = [f"  --words-{name}: {css_string(text)};" for name, text in values.items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def css_string(text: str) -> str:
    """``text`` as a CSS string, quoted, with quotes, backslashes and line ends escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


# The scripts that tell a language apart from the page's by their letters alone: a
# name in Chinese characters on an English cover is Chinese (screen readers switch
# voice, and the engine picks Chinese glyph forms); Latin letters could be English or
# Malay, so they say nothing.
SCRIPT_LANGS = (
    ("zh-Hans", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))),
    ("ta", ((0x0B80, 0x0BFF), (0x11FC0, 0x11FFF))),
)


def lang_of_text(text: str, page_lang: str) -> str | None:
    """The language ``text`` is written in, when its letters show one other than
    ``page_lang``'s: only Chinese characters, or only Tamil letters, besides Latin
    punctuation and spaces. None when it is the page's language or cannot be told."""
    letters = [ord(char) for char in text if char.isalpha()]
    for lang, blocks in SCRIPT_LANGS:
        if letters and all(any(lo <= c <= hi for lo, hi in blocks) for c in letters):
            return None if page_lang.split("-")[0] == lang.split("-")[0] else lang
    return None

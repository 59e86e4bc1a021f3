"""Readability rules: grade level, sentence and paragraph length (English); sentence
length (Simplified Chinese, see ``chinese_reading``). Malay and Tamil: not measured."""

from __future__ import annotations

from collections.abc import Callable

from ... import chinese_reading, readability
from ..documents import Context, LeafletDoc
from ..registry import ERROR, WARNING, Hit, rule

GRADE_LIMIT = 8.0  # NIH: patient material at US grade 8 or below
GRADE_WARNING = 7.0
AVERAGE_WORDS_LIMIT = 20  # plain-language checklists: 20 words a sentence or fewer on average
SENTENCE_WORDS_LIMIT = 25
PARAGRAPH_SENTENCES_LIMIT = 5
SECTION_MIN_WORDS = 30  # fewer words give a grade that one long word can swing


@rule(
    "readability-grade",
    ERROR,
    f"The leaflet, and each section of {SECTION_MIN_WORDS} words or more, reads at "
    f"Flesch-Kincaid grade {GRADE_LIMIT:g} or below (NIH guidance for patient material).",
    allowable=True,
)
def _grade(doc: LeafletDoc, ctx: Context):
    yield from _grades(
        doc, lambda grade: grade > GRADE_LIMIT, f"above the limit of {GRADE_LIMIT:g}"
    )


@rule(
    "readability-grade-near-limit",
    WARNING,
    f"The leaflet, and each section of {SECTION_MIN_WORDS} words or more, reads at grade "
    f"{GRADE_WARNING:g} or below, "
    f"leaving room under the limit of {GRADE_LIMIT:g}.",
    allowable=True,
)
def _grade_near_limit(doc: LeafletDoc, ctx: Context):
    yield from _grades(
        doc,
        lambda grade: GRADE_WARNING < grade <= GRADE_LIMIT,
        f"close to the limit of {GRADE_LIMIT:g}",
    )


def _grades(doc: LeafletDoc, fails: Callable[[float], bool], how: str):
    if doc.reading is None:
        return
    advice = "use shorter sentences and everyday words"
    if fails(doc.reading.stats.grade):
        yield Hit(
            None, f"the leaflet reads at grade {doc.reading.stats.grade:.1f}, {how}; {advice}"
        )
    for section in doc.reading.sections:
        stats = section.stats
        if stats.words >= SECTION_MIN_WORDS and fails(stats.grade):
            name = f"section '{section.heading}'" if section.heading else "the opening text"
            yield Hit(section.line, f"{name} reads at grade {stats.grade:.1f}, {how}; {advice}")


@rule(
    "readability-sentence-average",
    ERROR,
    f"Sentences average {AVERAGE_WORDS_LIMIT} words or fewer (plain-language guidance).",
)
def _sentence_average(doc: LeafletDoc, ctx: Context):
    if doc.reading and doc.reading.stats.words_per_sentence > AVERAGE_WORDS_LIMIT:
        yield Hit(
            None,
            f"sentences average {doc.reading.stats.words_per_sentence:.1f} words, above "
            f"{AVERAGE_WORDS_LIMIT}; split long sentences in two",
        )


@rule(
    "readability-long-sentence",
    WARNING,
    f"No sentence is longer than {SENTENCE_WORDS_LIMIT} words.",
    allowable=True,
)
def _long_sentence(doc: LeafletDoc, ctx: Context):
    if doc.reading is None:
        return
    for block in doc.prose:
        for sentence in readability.sentences(block.text, block.line):
            if sentence.words > SENTENCE_WORDS_LIMIT:
                yield Hit(
                    sentence.line,
                    f"this sentence has {sentence.words} words, more than "
                    f"{SENTENCE_WORDS_LIMIT}: '{_opening(sentence.text)}'; split it",
                )


@rule(
    "readability-long-paragraph",
    WARNING,
    f"No paragraph has more than {PARAGRAPH_SENTENCES_LIMIT} sentences.",
    allowable=True,
)
def _long_paragraph(doc: LeafletDoc, ctx: Context):
    if doc.reading is None:
        return
    for block in doc.body.blocks:
        if block.kind in ("paragraph", "quote"):
            count = len(readability.sentences(block.text, block.line))
            if count > PARAGRAPH_SENTENCES_LIMIT:
                yield Hit(
                    block.line,
                    f"this paragraph has {count} sentences, more than "
                    f"{PARAGRAPH_SENTENCES_LIMIT}: '{_opening(block.text)}'; "
                    "break it up or make a list",
                )


def _opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


@rule(
    "readability-zh-sentences",
    WARNING,
    f"A Chinese leaflet has {chinese_reading.SENTENCES_PER_100_LIMIT} sentences or more per "
    "100 characters (an average of 16.7 characters or fewer): primary-level material by "
    "Wang et al., BMJ Open 2020;10:e038091.",
    allowable=True,
)
def _chinese_sentences(doc: LeafletDoc, ctx: Context):
    stats = doc.chinese
    if stats and stats.sentences_per_100 < chinese_reading.SENTENCES_PER_100_LIMIT:
        yield Hit(
            None,
            f"sentences average {stats.characters_per_sentence:.1f} characters "
            f"({stats.sentences_per_100:.1f} sentences per 100 characters, fewer than "
            f"{chinese_reading.SENTENCES_PER_100_LIMIT}); split long sentences at their commas",
        )

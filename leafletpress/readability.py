"""Reading level of English text: sentences, words, syllables and the Flesch-Kincaid grade.

Pure functions over plain text blocks (see ``plaintext``); nothing here reads files
or needs the network. The grade is the published Flesch-Kincaid formula::

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

How text is counted, so the numbers can be reproduced by hand:

- **Sentences** end at ``.``, ``?`` or ``!`` followed by a space, except after
  common abbreviations (``e.g.``, ``Dr.``, ``No. 1``, initials). Every heading, list
  item and paragraph also ends a sentence where it ends, so a heading without a
  full stop ("What you can do next") and each bullet point count as one sentence
  each; a bullet point with two sentences counts as two. Headings and bullets are
  read as units on the page, and counting them so is what plain-language tools do.
- **Words** are runs of letters or digits, joined by apostrophes, hyphens or
  decimal points: "don't", "long-term" and "2.5" are one word each; a dash is not
  a word.
- **Syllables** come from pyphen's hyphenation patterns (US English: they find
  more breaks than the British set; spelling does not change the count), with a
  floor from counting vowel groups. Hyphenation points are places a word may be
  broken at a line end, fewer than its syllables ("every" has one, "people" none),
  so pyphen alone undercounts and flatters the grade; the larger of the two counts
  matches a dictionary for most words (see the tests). A number counts as one
  syllable; a hyphenated word is the sum of its parts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .plaintext import Block

WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "approx",
    "incl",
    "cf",
    "vs",
    "dr",
    "mr",
    "mrs",
    "ms",
    "mdm",
    "prof",
    "st",
    "no",
    "fig",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence: where it starts, its words and its syllables."""

    text: str
    line: int
    words: int
    syllables: int


@dataclass(frozen=True)
class Stats:
    """Counts over some sentences, and the measures made from them."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (a US school grade; 8 is a reading age of about 13)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59


@dataclass(frozen=True)
class Section:
    """A heading (level 1 or 2) and everything up to the next one, as sentences.

    ``heading`` is empty for text before the first heading. Deeper headings (###)
    belong to the section they stand in.
    """

    heading: str
    line: int
    sentences: tuple[Sentence, ...]

    @property
    def stats(self) -> Stats:
        return measure(self.sentences)


def sections(blocks: Iterable[Block]) -> list[Section]:
    """Split plain ``blocks`` (see ``plaintext``) into sections of sentences."""
    found: list[Section] = []
    heading, line, current = "", 0, []
    for block in blocks:
        if block.kind == "heading" and block.level <= 2:
            if current:
                found.append(Section(heading, line, tuple(current)))
            heading, line, current = block.text, block.line, []
        elif not current and not heading:
            line = block.line
        current.extend(sentences(block.text, block.line))
    if current:
        found.append(Section(heading, line, tuple(current)))
    return found


def measure(sentences: Iterable[Sentence]) -> Stats:
    """Add up sentences into counts."""
    sentences = list(sentences)
    return Stats(
        sentences=len(sentences),
        words=sum(s.words for s in sentences),
        syllables=sum(s.syllables for s in sentences),
    )


def sentences(text: str, line: int = 1) -> list[Sentence]:
    """Split one block of plain ``text`` (starting on file ``line``) into sentences.

    The end of the text always ends a sentence. Newlines in ``text`` are source line
    breaks: they count for line numbers and otherwise act as spaces.
    """
    found: list[Sentence] = []
    start = 0
    for match in SENTENCE_END_RE.finditer(text):
        if _is_abbreviation(text, match.start(), match.end()):
            continue
        _add_sentence(found, text, start, match.end(), line)
        start = match.end()
    _add_sentence(found, text, start, len(text), line)
    return found


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return WORD_RE.findall(text)


def syllables(word: str) -> int:
    """Syllables in one word (see the module docstring for how)."""
    parts = [part for part in re.split(r"[-.]", re.sub(r"['’]", "", word)) if part]
    return sum(_syllables(part.lower()) for part in parts) or 1


def _add_sentence(found: list[Sentence], text: str, start: int, end: int, line: int) -> None:
    chunk = text[start:end]
    stripped = chunk.lstrip()
    tokens = words(stripped)
    if not tokens:
        return
    first = start + (len(chunk) - len(stripped))
    found.append(
        Sentence(
            text=" ".join(stripped.split()),
            line=line + text.count("\n", 0, first),
            words=len(tokens),
            syllables=sum(syllables(token) for token in tokens),
        )
    )


def _is_abbreviation(text: str, dot: int, end: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation rather than a sentence."""
    if text[dot] != "." or end - dot > 1:
        return False
    before = re.search(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$", text[:dot])
    if before is None:
        return False
    word = before.group(1)
    following = text[end:].lstrip()
    if word.lower() == "no":  # "No. 1" is an abbreviation; "the answer is no." is not
        return following[:1].isdigit()
    if len(word) == 1 and word.isupper():  # an initial: "Dr A. Tan"
        return True
    return word.lower() in ABBREVIATIONS


@functools.lru_cache(maxsize=8192)
def _syllables(word: str) -> int:
    if not word.isalpha():
        return 1  # numbers and codes: one syllable each
    return max(_pyphen_syllables(word), _vowel_groups(word))


@functools.lru_cache(maxsize=1)
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def _pyphen_syllables(word: str) -> int:
    return len(_dictionary().positions(word)) + 1


def _vowel_groups(word: str) -> int:
    """Syllables by vowel groups, with the common silent and split vowels of English."""
    suffixed = re.match(r"(.+[^aeiouy]e)(ly|ment|ments|ful|less|ness)$", word)
    if suffixed:  # "safely", "movement": the stem's e is silent
        return _vowel_groups(suffixed.group(1)) + 1
    core = word[1:] if word.startswith("y") else word
    count = len(re.findall(r"[aeiouy]+", core))
    if count > 1:
        if word.endswith("e") and not re.search(r"[^aeiouy]le$|[eyo]e$", word):
            count -= 1  # silent e: "make", but not "able", "free"
        elif word.endswith("ed") and not word.endswith(("ted", "ded")):
            count -= 1  # "moved", but not "wanted"
        elif word.endswith("es") and not re.search(r"(?:s|x|z|ch|sh|g|c)es$", word):
            count -= 1  # "makes", but not "changes"
    count += len(re.findall(r"(?<![tcsgx])i[ao](?!n$|ns$|us)", word))  # "radio", not "-tion"
    count += len(re.findall(r"(?<!q)u[ao]", word))  # "actual", not "quality"
    count += len(re.findall(r"[aeiou]ing", word))  # "going"
    if len(word) > 3 and re.search(r"[^aeiou]ea$", word):  # "area", "idea"
        count += 1
    return max(count, 1)

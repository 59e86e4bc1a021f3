"""How hard Simplified Chinese text is to read: sentence length and uncommon characters.

Flesch-Kincaid counts English syllables and means nothing for Chinese. Two measures
that do, both from Chinese readability research, are used instead:

- **Sentence length**, in Chinese characters. Sentences end at 。？！；… (the marks
  Wang et al. split at) and, as in English, where a heading, list item or paragraph
  ends. Only Han characters are counted: punctuation, Arabic figures and Latin letters
  (MRI, SCS) are not, as in Wang et al.'s count. Their criterion for patient material
  is sentences per 100 characters (ANS): more than 10 is simple material, 6 to 10
  primary, fewer than 6 intermediate or difficult. Source: Wang Q, Xie L, Wang L, et
  al. Readability in printed education materials for Chinese patients with systemic
  lupus erythematosus: a mixed-method design. BMJ Open 2020;10:e038091, Table 1. The
  paper counts "words" after leaving out figures and Latin letters; we read that as
  characters (字). Fewer than 6 sentences per 100 characters, an average above 16.7
  characters, is warned about (``readability-zh-sentences``).
- **Uncommon characters**: the share of characters outside level 1 (一级字表, the 3,500
  characters of everyday use and basic education) of the Table of General Standard
  Chinese Characters (通用规范汉字表, State Council of China, 2013). The list is read
  from ``data/tgh-level1.txt``, made from Unicode's Unihan data (field kTGH) by
  ``scripts/common_chinese_characters.py``. No published limit for patient material is
  known to us, so the share and the characters are shown, not enforced.

Pure functions over plain text blocks (see ``plaintext``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from .plaintext import Block

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
SENTENCE_END = re.compile(r"[。？！；?!;]+|…+|\.{3,}")
SENTENCES_PER_100_LIMIT = 6  # Wang et al. 2020: fewer is intermediate or difficult material
COMMON_LEVEL = "level 1 of the Table of General Standard Chinese Characters (通用规范汉字表, 2013)"


@functools.cache
def common_characters() -> frozenset[str]:
    """The 3,500 characters of level 1 of the 通用规范汉字表."""
    text = resources.files("leafletpress").joinpath("data/tgh-level1.txt").read_text("utf-8")
    return frozenset(
        char for line in text.splitlines() if not line.startswith("#") for char in line
    )


@dataclass(frozen=True)
class Stats:
    """Counts over Chinese text, and the measures made from them."""

    sentences: int = 0
    characters: int = 0
    uncommon: tuple[str, ...] = ()  # each character outside level 1, as often as it occurs

    @property
    def characters_per_sentence(self) -> float:
        return self.characters / self.sentences if self.sentences else 0.0

    @property
    def sentences_per_100(self) -> float:
        return 100 * self.sentences / self.characters if self.characters else 0.0

    @property
    def uncommon_share(self) -> float:
        return len(self.uncommon) / self.characters if self.characters else 0.0

    @property
    def uncommon_characters(self) -> str:
        """The characters outside level 1, each once, most frequent first."""
        counts: dict[str, int] = {}
        for char in self.uncommon:
            counts[char] = counts.get(char, 0) + 1
        return "".join(sorted(counts, key=lambda c: (-counts[c], self.uncommon.index(c))))


def sentences(text: str) -> list[str]:
    """The sentences of one block: split at 。？！；…, empty ones (no Han character) dropped."""
    return [part for part in SENTENCE_END.split(text) if HAN.search(part)]


def measure(blocks: Iterable[Block]) -> Stats:
    """Count the sentences, Han characters and uncommon characters of plain ``blocks``."""
    common = common_characters()
    count, characters, uncommon = 0, 0, []
    for block in blocks:
        for sentence in sentences(block.text):
            han = HAN.findall(sentence)
            count += 1
            characters += len(han)
            uncommon += [char for char in han if char not in common]
    return Stats(count, characters, tuple(uncommon))

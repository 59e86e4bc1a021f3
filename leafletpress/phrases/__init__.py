"""Advertising phrase lists in Singapore's other official languages: Chinese, Malay, Tamil.

One module per language, each with ``LANG`` (its BCP 47 tag), ``NAME``, ``NEGATION``
(the words that turn a guarantee into a caution, and where they stand) and
``PHRASES`` (by rule id, as in ``advertising.PHRASES``). ``advertising`` compiles them
and checks every text against every list: each list holds only its own language's
words or script, so it cannot match ordinary text of another language, and a brand's
tagline or a quoted phrase may be in any language.

Written narrowly, as the English list is, so that ordinary patient information is not
caught: 第一次 ("the first time"), 最好先问医生 ("best to ask the doctor first"), cara
terbaik untuk ("the best way to"), ஓய்வெடுப்பது சிறந்தது ("it is best to rest").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Local:
    """One phrase in a language other than English (see ``advertising.Phrase``)."""

    pattern: str
    unless: str | None = None
    negatable: bool = False


@dataclass(frozen=True)
class Negation:
    """Words that, near a negatable phrase in the same clause, make it a caution.

    ``before`` is searched in the ``reach`` characters before the phrase, ``after``
    in the ``reach`` characters after it (Tamil puts its negation after the verb:
    உத்தரவாதம் இல்லை, "there is no guarantee").
    """

    before: str
    after: str | None = None
    reach: int = 12

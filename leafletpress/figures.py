"""The figures a text states: Arabic (80%, 6 months) and Chinese (百分之八十, 六个月, 两周).

The source-figure rule checks each against the source documents, so a translation
cannot add a statistic the English leaflet's sources do not give. A Chinese numeral
counts as a figure where English would write digits: before a unit of time, age,
amount or share (六个月, 两周, 三到六个月, 五十岁, 八成), or after 百分之. A lone 一
(one) is not read, as the English "one" is not: 一些, 一起, 一定, 一天 are words.

Pure functions over plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ARABIC = re.compile(
    r"(?<![\dA-Za-z_.,])(\d+(?:[.,]\d+)*)(\s?(?:%|％|per\s?cent\b|percent\b))?", re.IGNORECASE
)
DIGITS = "零〇一二两三四五六七八九"
NUMERAL = f"[{DIGITS}十百千万]+"
# Units after which a Chinese numeral is a figure (longest first).
UNITS = (
    r"个多?月|个多?星期|个多?小时|个多?礼拜|多?年|多?周|多?星期|多?天|多?小时|多?分钟|多?秒|多?岁"
    r"|倍|成(?![为功人长果])|毫克|微克|公斤|千克|公里|厘米|毫米|毫升|次(?=[/每])|%|％"
)
CHINESE = re.compile(
    rf"(?P<percent>百分之)?(?P<first>{NUMERAL})"
    rf"(?:(?:到|至|或|、|-|–|~|～)(?P<second>{NUMERAL}))?"
    rf"(?P<unit>{UNITS})?"
)


@dataclass(frozen=True)
class Figure:
    """A figure in a text: where it starts, how it reads, its value, whether a share."""

    start: int
    shown: str
    number: str  # in Arabic digits: "80", "6", "2.5"
    percent: bool


def figures(text: str) -> Iterator[Figure]:
    """Every figure in ``text``, Arabic and Chinese, in order."""
    found = [
        Figure(m.start(), " ".join(m.group(0).split()), m.group(1), bool(m.group(2)))
        for m in ARABIC.finditer(text)
    ]
    for match in CHINESE.finditer(text):
        percent = bool(match.group("percent")) or (match.group("unit") or "") in ("%", "％")
        if not (percent or match.group("unit")):
            continue
        share = match.group("unit") == "成"  # 八成: eight tenths, 80%
        for name in ("first", "second"):
            numeral = match.group(name)
            if numeral is None:
                continue
            start = match.start(name) if name == "second" else match.start()
            for value in _values(numeral):
                if value == 1 and not percent:
                    continue  # 一 (one) is a word, as "one" is in English
                value = value * 10 if share else value
                found.append(Figure(start, match.group(0), str(value), percent or share))
    return iter(sorted(found, key=lambda f: f.start))


def _values(numeral: str) -> list[int]:
    """The figures a numeral states: 两三 (two or three) states 2 and 3."""
    if len(numeral) == 2 and all(c in DIGITS for c in numeral) and not set(numeral) & set("零〇"):
        return [chinese_number(c) for c in numeral]
    value = chinese_number(numeral)
    return [] if value is None else [value]


def chinese_number(numeral: str) -> int | None:
    """The value of a Chinese numeral up to the ten thousands (六, 十二, 两百五十, 三千零五)."""
    digits = {char: value for value, char in enumerate("零一二三四五六七八九")}
    digits |= {"〇": 0, "两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    if all(char in digits for char in numeral) and len(numeral) > 1:
        return int("".join(str(digits[c]) for c in numeral))  # 二〇二六: digit by digit
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in digits:
            digit = digits[char]
        elif char in units:
            section += (1 if digit is None else digit) * units[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)

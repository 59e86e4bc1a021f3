"""One set of rules for the text the tool accepts: leaflets, brand files and handouts alike.

Text that prints differently from how it reads defeats both the reader and the
checks: a zero-width space or a soft hyphen inside "best" hides it from the
advertising rules, a right-to-left override prints "eerf" as "free", and an
escape sequence restyles the terminal that shows a message. So such characters
are refused, naming the character and the line. Characters that the packaged
typeface lacks are refused too: the engine would quietly draw them from whatever
font the machine has, and the same PDF would no longer come out on every machine.
``fold`` gives the form the advertising rules match on, so look-alike letters
(a Cyrillic "е" in "cure") and compatibility forms (full-width "ｂｅｓｔ") cannot
walk around them.
"""

from __future__ import annotations

import encodings.idna
import html
import re
import unicodedata
from pathlib import Path

from . import fonts
from .errors import Problem

# Zero-width joiner and non-joiner shape Arabic, Indic and emoji text; they print
# nothing on their own, need no glyph, and are kept wherever text is accepted.
JOINERS = frozenset({0x200C, 0x200D})
# Characters that reorder text ("Trojan Source"): text must print in the order it reads.
BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
# Characters that print nothing but are not format characters (category Cf): the
# combining grapheme joiner, Hangul and Khmer fillers, variation selectors.
_BLANK = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810)}
    | set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
)
# The spaces text may hold. Every other space separator (U+2000 to U+200A, U+202F,
# U+205F, U+3000, U+1680) is refused rather than folded: a hair space is 1/24 em and
# prints as no space at all, so "be\u200ast" reads "best" on paper while any match on
# a folded form would need to guess which spaces the reader sees. Refusing is honest
# (what prints is what the rules read) and simple; no English leaflet needs them.
PLAIN_SPACES = frozenset(" \u00a0")
MAX_SHOWN = 5  # characters named in one message; the rest are counted


def refusal(char: str) -> str | None:
    """Why ``char`` may not appear in text, or None when it may. Line breaks and tabs are
    left to the caller, which knows whether the text has lines."""
    if char in "\n\t":
        return None
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cs":
        return "half of a character (a lone surrogate): the text is broken"
    if category in ("Cc", "Zl", "Zp"):
        return "a control character"
    if code in BIDI:
        return "a character that reorders text, so it would print differently from how it reads"
    if code in JOINERS:
        return None
    if category == "Cf" or code in _BLANK:
        return "an invisible character, which can hide words from the checks"
    if category == "Zs" and char not in PLAIN_SPACES:
        return (
            "a space of odd width (hair, thin, em, ideographic and the like), which can hide a "
            "word from the checks (a hair space in 'be st' prints as 'best'); use a plain space"
        )
    if category == "Co":
        return "a private-use character, which no font prints the same way"
    if category == "Cn":
        return "not a character in Unicode"
    return None


def code_point(char: str) -> str:
    """``U+2192 (→)``, or ``U+200B (ZERO WIDTH SPACE)`` for a character that does not show."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category[0] in "LMNPS" and refusal(char) is None:
        return f"{code} ({char})"
    name = unicodedata.name(char, "")
    return f"{code} ({name})" if name else code


def character_problem(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """(offset, what is wrong) for the first character ``text`` may not hold, or None.

    A line break is refused unless ``multiline``; the message names the character by
    code point, never by printing it (it may be an escape sequence).
    """
    for offset, char in enumerate(text):
        if char == "\n" and not multiline:
            return offset, "must be one line; remove the line break"
        reason = refusal(char)
        if reason:
            return offset, f"has {code_point(char)}, {reason}; delete it"
    return None


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no packaged typeface draws, sorted, each once.

    Every character that prints needs a glyph, spaces included: U+1680 (OGHAM SPACE
    MARK) is white space to Python but prints as a dash, from the machine's fonts.
    Only line breaks, tabs and joiners need none. ``fonts.printable_characters``
    reads the font's character map once per process.
    """
    printable = fonts.printable_characters()
    return sorted(
        {
            char
            for char in text
            if ord(char) not in printable and char not in "\n\t" and ord(char) not in JOINERS
        }
    )


def unprintable_message(chars: list[str]) -> str:
    """``has U+2192 (→), U+0E2A (ส), which the typefaces cannot print; ...``."""
    shown = ", ".join(code_point(c) for c in chars[:MAX_SHOWN])
    more = f" and {len(chars) - MAX_SHOWN} more" if len(chars) > MAX_SHOWN else ""
    return (
        f"has {shown}{more}, which the packaged typefaces cannot print (the PDF would "
        "borrow a font from this machine); use another character or leave it out"
    )


def value_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with one field's ``text`` (bad characters, then the typeface), or None."""
    found = character_problem(text, multiline=multiline)
    if found:
        return found[1]
    missing = unprintable(text)
    return unprintable_message(missing) if missing else None


def line_problems(
    text: str, path: Path, first_line: int = 1, *, entities: bool = False, limit: int = 10
) -> list[Problem]:
    """One problem for each line of ``text`` holding a refused or unprintable character.

    With ``entities`` (Markdown, where ``&#x200B;`` prints as the character) each line
    is read with its HTML entities decoded first. At most ``limit`` problems: past a
    few, more lines say nothing new.
    """
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        shown = html.unescape(line) if entities and "&" in line else line
        message = value_problem(shown)
        if message:
            problems.append(Problem(path, message, number))
            if len(problems) >= limit:
                break
    return problems


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter or digit: a name of only marks or spaces prints nothing."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


# -- the form the rules match on -------------------------------------------------

# Cyrillic and Greek letters that print like Latin ones (Unicode's confusables, the
# letters most fonts draw identically), and dashes that print as a hyphen.
CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХУІЈЅαονικυΑΒΕΖΗΙΚΜΝΟΡΤΥΧı‐‑‒",
    "aeopcyxijsdqwhlABEKMHOPCTXYIJSaovikuABEZHIKMNOPTYXi---",
)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` as the advertising rules read it, and for each of its characters the
    offset in ``text`` it came from.

    HTML entities have been decoded by the caller. Invisible characters are dropped,
    each character is NFKC-normalised (full-width and mathematical letters become
    plain ones) and look-alike letters become the Latin letter they look like.
    """
    folded: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        if char not in "\n\t" and (
            unicodedata.category(char) in ("Cf", "Cc") or ord(char) in _BLANK
        ):
            continue
        for piece in unicodedata.normalize("NFKC", char).translate(CONFUSABLES):
            folded.append(piece)
            offsets.append(offset)
    offsets.append(len(text))  # where a match that runs to the end stops
    return "".join(folded), offsets


# -- email addresses -------------------------------------------------------------

# The characters RFC 5322 allows, unquoted, before the @ ("dot-atom").
_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
ADDRESS_FORM = "a single address like name@example.com"


def email_address(address: str) -> str:
    """``address`` as it can go into a mail header: its domain IDNA-encoded (ASCII).

    Python's email package raises on some malformed domains (``a@b.com.``) and writes a
    non-ASCII domain as an RFC 2047 encoded word, which RFC 2047 forbids inside an
    address; so the address is checked and encoded here first. Raises ValueError with a
    message that never repeats the address.
    """
    local, at, domain = address.partition("@")
    if not at or not _LOCAL_RE.fullmatch(local):
        raise ValueError(f"the email address is not {ADDRESS_FORM}")
    labels = domain.split(".")
    try:
        ascii_labels = [
            label if label.isascii() else encodings.idna.ToASCII(label).decode("ascii")
            for label in labels
        ]
    except UnicodeError:
        raise ValueError(
            "the email address's domain (after the @) is not a valid internet name"
        ) from None
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in ascii_labels):
        raise ValueError(f"the email address is not {ADDRESS_FORM}")
    if not ascii_labels[-1].isalpha() and not ascii_labels[-1].startswith("xn--"):
        raise ValueError(f"the email address is not {ADDRESS_FORM}")
    return f"{local}@{'.'.join(ascii_labels)}"


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a usable email address, or None."""
    try:
        email_address(address)
    except ValueError as error:
        return str(error)
    return None

"""Load and validate leaflets: Markdown files with a YAML front matter contract.

A leaflet lives at ``leaflets/<slug>/<lang>.md``. Its front matter is a typed
contract: every key has one validator, unknown keys are reported, and a YAML error
is an error (never an empty mapping). All problems in all files are gathered and
raised together, so a writer sees everything at once and nothing is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import LeafletPressError, Problem
from .limits import MAX_FILE_BYTES, read_bounded, text_problems
from .model import DEFAULT_LANG, Leaflet
from .text import has_letters, line_problems, value_problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


@dataclass(frozen=True)
class BodyProblem(Problem):
    """A problem in a leaflet's body text (its characters or its size), not its front
    matter: the check reports it under structure-body, not governance-front-matter."""


# ---------------------------------------------------------------------------
# Field validators: each takes the raw YAML value and returns the clean one or
# raises ValueError with a message that says what to write instead.


def _text(value: Any) -> str:
    """One line of printable text. YAML reads an unquoted ``1e999`` as infinity, ``0x10``
    as 16 and ``yes`` as true, so anything that is not a string is refused rather than
    printed as something the writer never wrote."""
    if isinstance(value, (bool, int, float, date)):
        raise ValueError("must be text; put it in quotes")
    if not isinstance(value, str):
        raise ValueError("must be plain text")
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    if len(text) > 500:
        raise ValueError("is too long (500 characters at most)")
    problem = value_problem(text)
    if problem:
        raise ValueError(problem)
    if not has_letters(text):
        raise ValueError("has no letters or digits")
    return text


def _optional_text(value: Any) -> str:
    return "" if value is None or value == "" else _text(value)


def _lang(value: Any) -> str:
    text = _text(value)
    if not LANG_RE.match(text):
        raise ValueError(f"'{text}' is not a language code; use one like en, ms, zh-Hans or ta")
    return text


def _code(value: Any) -> str:
    text = _text(value)
    if not CODE_RE.match(text):
        raise ValueError(
            f"'{text}' is not a leaflet code; use capitals, digits and dashes, e.g. PSPS-01"
        )
    return text


def _version(value: Any) -> str:
    if isinstance(value, float):
        raise ValueError(f'must be quoted so it stays exact: version: "{value}"')
    if isinstance(value, int) and not isinstance(value, bool):  # 0x10 reads as 16: not shown
        raise ValueError('must be quoted so it stays exact, e.g. version: "1.0"')
    return _text(value)


def _optional_version(value: Any) -> str:
    return "" if value is None or value == "" else _version(value)


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> date:
    """A calendar date. The loader keeps YAML dates as text (see ``_BoundedLoader``),
    so an impossible one such as 2026-11-31, or one with a time, is refused here."""
    text = value.strip() if isinstance(value, str) else ""
    if DATE_RE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text} is not a day in the calendar; write the date as YYYY-MM-DD, "
                "e.g. 2026-11-25"
            ) from None
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        raise ValueError("has a time of day; write the date as YYYY-MM-DD, e.g. 2026-11-25")
    raise ValueError("must be a date written as YYYY-MM-DD, e.g. 2026-11-25")


def _text_list(minimum: int, maximum: int) -> Callable[[Any], tuple[str, ...]]:
    def validate(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError("must be a list, one '- item' per line")
        if not minimum <= len(value) <= maximum:
            raise ValueError(f"must have {minimum} to {maximum} items (it has {len(value)})")
        return tuple(_text(item) for item in value)

    return validate


# key -> (validator, required)
FRONT_MATTER: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "title": (_text, True),
    "subtitle": (_optional_text, False),
    "summary": (_text, True),
    "lang": (_lang, True),
    "code": (_code, True),
    "version": (_version, True),
    "reviewed": (_date, True),
    "next_review": (_date, True),
    "author": (_optional_text, False),
    "reviewer": (_optional_text, False),
    "keywords": (_text_list(0, 20), False),
    "sources": (_text_list(1, 20), True),
    "in_short": (_text_list(1, 5), True),
    "trifold": (_text_list(0, 10), False),
    "gaps_for_reviewer": (_text_list(0, 20), False),
    # A translation names the English version it was made from (checked against the
    # English leaflet's version: a stale translation may carry outdated advice).
    "translation_of": (_optional_version, False),
    "translator": (_optional_text, False),
}

EXAMPLE_VALUES = {
    "title": "title: Persistent pain after spine surgery",
    "summary": "summary: What PSPS Type 2 is and how it is treated.",
    "lang": "lang: en",
    "code": "code: PSPS-01",
    "version": 'version: "1.0"',
    "reviewed": "reviewed: 2026-11-25",
    "next_review": "next_review: 2028-11-25",
    "sources": "sources: with a line '  - Where the facts come from' below it",
    "in_short": "in_short: with a line '  - The main message' below it",
}


def discover_slugs(project_leaflets: Path) -> list[str]:
    """Every leaflet folder's slug, sorted; folders that are not slugs are ignored."""
    if not project_leaflets.is_dir():
        return []
    return sorted(
        p.name for p in project_leaflets.iterdir() if p.is_dir() and SLUG_RE.match(p.name)
    )


def folder_problems(project_leaflets: Path) -> list[Problem]:
    """Folders in ``leaflets/`` that would otherwise be skipped without a word.

    A folder whose name is not a slug is not a leaflet, so a writer who names one
    ``Back-Pain`` would find no PDF and no reason. Two names that differ only in
    capitals are one folder on Windows and macOS. Names starting with ``_`` or
    ``.`` (``_drafts``) are left alone on purpose.
    """
    if not project_leaflets.is_dir():
        return []
    slugs = set(discover_slugs(project_leaflets))
    problems = []
    for folder in sorted(p for p in project_leaflets.iterdir() if p.is_dir()):
        name = folder.name
        if name in slugs or name.startswith(("_", ".")):
            continue
        twin = name.lower()
        if twin in slugs:
            message = (
                f"differs from leaflets/{twin} only in capitals, and on Windows and "
                "macOS the two are one folder; merge them into the lower-case one"
            )
        else:
            message = (
                "is not a leaflet folder name; use lower case words and dashes, like "
                "back-pain (or start the name with _ to keep the folder out of builds)"
            )
        problems.append(Problem(folder, message))
    return problems


def discover_languages(leaflet_folder: Path) -> list[str]:
    """The languages one leaflet is written in (its ``<lang>.md`` files), English first."""
    if not leaflet_folder.is_dir():
        return []
    langs = [p.stem for p in leaflet_folder.glob("*.md") if LANG_RE.match(p.stem)]
    return sorted(langs, key=lambda lang: (lang != DEFAULT_LANG, lang))


def load_leaflets(
    leaflets_dir: Path, slugs: list[str] | None = None, lang: str = DEFAULT_LANG
) -> list[Leaflet]:
    """Load and validate ``slugs`` (default: all) in ``lang``.

    Loading all of them also checks the folder names (see ``folder_problems``).
    Raises LeafletPressError listing every problem in every file; returns the
    leaflets in the order asked for.
    """
    problems: list[Problem] = [] if slugs else folder_problems(leaflets_dir)
    slugs = slugs or discover_slugs(leaflets_dir)
    leaflets: list[Leaflet] = []
    for slug in slugs:
        path = leaflets_dir / slug / f"{lang}.md"
        try:
            leaflets.append(load_leaflet(path))
        except LeafletPressError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_codes(leaflets))
    if problems:
        raise LeafletPressError(problems)
    return leaflets


def load_leaflet(path: Path) -> Leaflet:
    """Read one leaflet file. Raises LeafletPressError naming the file and line."""
    if not path.exists():  # a pipe or a device exists: read_bounded refuses it unread
        raise LeafletPressError(
            Problem(path, f"no such file; write the leaflet's text in {path.name}")
        )
    leaflets_dir = path.parent.parent.resolve()
    if not path.resolve().is_relative_to(leaflets_dir):
        raise LeafletPressError(
            Problem(path, "is a link to a file outside leaflets/; copy the file here instead")
        )
    text = decode(path, read_bounded(path, MAX_FILE_BYTES, "split it into leaflets"))
    if not text.strip():
        raise LeafletPressError(
            Problem(path, "is empty; a leaflet starts with front matter between '---' lines", 1)
        )
    front, body, body_line = split_front_matter(path, text)
    key_lines = _key_lines(text.split("\n")[1 : body_line - 2])
    return _build(path, front, body, body_line, key_lines)


def decode(path: Path, raw: bytes) -> str:
    """Bytes to text: UTF-8 (a byte-order mark is allowed), Unix line ends, no NULs."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LeafletPressError(
            Problem(path, "is not UTF-8 text; save it as UTF-8 in your editor", line)
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LeafletPressError(Problem(path, "contains a NUL character; remove it", line))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str, int]:
    """Split ``---`` fenced YAML from the Markdown body; returns (mapping, body, body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise LeafletPressError(
            Problem(path, "must start with front matter: a line '---', the fields, then '---'", 1)
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise LeafletPressError(
            Problem(path, "front matter is not closed; add a line '---' after the fields", 1)
        ) from None
    yaml_text = "\n".join(lines[1:end])
    try:
        front = yaml.load(yaml_text, Loader=_BoundedLoader)
    except RecursionError:
        raise LeafletPressError(
            Problem(path, "front matter is nested too deeply; use plain 'key: value' lines", 2)
        ) from None
    except yaml.YAMLError as error:
        # Point at where the broken construct starts (an unclosed quote, say), which is
        # where the writer must look, rather than where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or "is not valid YAML"
        advice = "" if isinstance(error, _Refused) else "; check quotes and indentation"
        if getattr(error, "context", None) == "while parsing a block mapping" and getattr(
            error, "problem_mark", None
        ):
            # The mapping starts at the first key, whatever line broke it: a list item
            # indented less than the others ends it early. Name the line that did.
            mark = error.problem_mark
            reason = "this line is indented differently from the lines above it"
            advice = "; indent each '- ' item of a list like the others (two spaces)"
        elif getattr(error, "context", None):
            reason = f"{error.context} starting here, {reason}"
        line = mark.line + 2 if mark is not None else 1
        if "mapping values are not allowed" in reason:
            # The usual cause: a colon inside a value, such as a title "Pain: what helps".
            advice = (
                "; a value with a colon in it must be in quotes, "
                'e.g. title: "Back pain: what helps"'
            )
        raise LeafletPressError(
            Problem(path, f"front matter YAML error: {reason}{advice}", line)
        ) from None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise LeafletPressError(Problem(path, "front matter must be 'key: value' lines", 2))
    return front, "\n".join(lines[end + 1 :]), end + 2


class _BoundedLoader(yaml.SafeLoader):
    """Safe YAML that refuses aliases, so an 'anchor bomb' cannot expand in memory, and
    keys given twice, which YAML would otherwise settle silently by keeping the last."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused("aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise _Refused(f"'{key}' is given twice; keep one", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """YAML's own dates crash on 2026-11-31 and turn a time into a datetime: keep the text."""
    return loader.construct_scalar(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


def _build(
    path: Path, front: dict[str, Any], body: str, body_line: int, key_lines: dict[str, int]
) -> Leaflet:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key in front:
        if key not in FRONT_MATTER:
            known = ", ".join(FRONT_MATTER)
            problems.append(
                Problem(
                    path,
                    f"unknown front matter key '{key}'; known keys: {known}",
                    key_lines.get(str(key)),
                )
            )
    for key, (validate, required) in FRONT_MATTER.items():
        if key not in front or front[key] is None:
            if required:
                example = EXAMPLE_VALUES.get(key, f"{key}: ...")
                problems.append(
                    Problem(path, f"front matter is missing '{key}'; add a line like {example}", 1)
                )
            continue
        try:
            values[key] = validate(front[key])
        except ValueError as error:
            problems.append(Problem(path, f"'{key}' {error}", key_lines.get(key)))

    slug = path.parent.name
    lang = path.stem
    if "lang" in values and values["lang"] != lang:
        problems.append(
            Problem(
                path,
                f"'lang' is {values['lang']} but the file is named {lang}.md; make them match",
                key_lines.get("lang"),
            )
        )
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(path, f"folder name '{slug}' is not a slug; use lower case words and dashes")
        )
    if not body.strip():
        problems.append(Problem(path, "has no text after the front matter", body_line))
    problems.extend(
        BodyProblem(p.path, p.message, p.line)
        for p in text_problems(body, path, body_line)
        + line_problems(body, path, body_line, entities=True)
    )
    if problems:
        raise LeafletPressError(problems)
    return Leaflet(
        slug=slug, path=path, body=body, body_line=body_line, key_lines=key_lines, **values
    )


def _key_lines(front_matter_lines: list[str]) -> dict[str, int]:
    """File line of each top-level front matter key, so messages can point at it."""
    lines: dict[str, int] = {}
    for number, line in enumerate(front_matter_lines, start=2):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def duplicate_codes(leaflets: list[Leaflet]) -> list[Problem]:
    seen: dict[str, Leaflet] = {}
    problems = []
    for leaflet in leaflets:
        other = seen.setdefault(leaflet.code, leaflet)
        if other is not leaflet:
            problems.append(
                Problem(
                    leaflet.path,
                    f"code {leaflet.code} is already used by "
                    f"{other.slug}; give each leaflet its own code",
                    leaflet.key_lines.get("code"),
                )
            )
    return problems

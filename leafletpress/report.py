"""How a check report is shown: text for people, JSON for tools, Markdown tables for the README.

Pure functions from a ``checks.Report`` (or the rules) to a string; the command line
prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .advertising import LISTED_LANGS
from .checks import (
    ALLOWED,
    AVERAGE_WORDS_LIMIT,
    ERROR,
    GRADE_LIMIT,
    INFO,
    WARNING,
    Report,
    Rule,
)
from .chinese_reading import SENTENCES_PER_100_LIMIT
from .errors import display_path

LANGUAGE_NAMES = {"en": "English", "ms": "Malay", "zh": "Chinese", "ta": "Tamil"}
# A language with no phrase list of its own says so, rather than "passed".
ADVERTISING_NOT_MEASURED = (
    "advertising phrases: not measured (the phrase lists are English, Chinese, Malay and "
    "Tamil; there is none for '{lang}')"
)
ADVERTISING_LISTS = "advertising phrases: checked against the {name} list and the English one"


def _advertising_line(lang: str) -> str:
    name = LISTED_LANGS.get(lang)
    if name:
        return ADVERTISING_LISTS.format(name=name)
    return ADVERTISING_NOT_MEASURED.format(lang=lang)


def text(report: Report, verbosity: int = 1) -> str:
    """The report for people: each file, its reading level, its findings; then a summary.

    Findings are ``file:line: level: rule-id: message`` lines that editors can jump
    to. ``verbosity`` 0 keeps only errors; 2 adds each section's reading level.
    """
    if verbosity <= 0:
        return "".join(f"{f}\n" for r in report.files for f in r.findings if f.level == ERROR)
    out: list[str] = []
    for file in report.files:
        out.append(f"{display_path(file.path)}: {_describe(file)}")
        if file.kind == "leaflet" and file.code:
            out.append(f"  {_reading_line(file)}")
            if file.chinese is not None:
                out.append(f"  {_chinese_line(file.chinese)}")
            if not file.lang.startswith("en"):
                out.append(f"  {_advertising_line(file.lang)}")
            if verbosity >= 2 and file.reading is not None:
                for section in file.reading.sections:
                    stats = section.stats
                    name = section.heading or "(opening text)"
                    out.append(
                        f"    line {section.line}: grade {stats.grade:.1f}, "
                        f"{stats.words_per_sentence:.1f} words a sentence: {name}"
                    )
        out.extend(str(finding) for finding in file.findings)
        if not file.findings:
            out.append("  no problems found")
        out.append("")
    out.append(_sources_line(report))
    out.append(_summary(report))
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    """The report for tools: files with their reading level and findings, and a summary."""
    files = []
    for file in report.files:
        entry: dict = {"path": display_path(file.path), "kind": file.kind}
        if file.kind == "leaflet":
            entry |= {"slug": file.slug, "lang": file.lang, "code": file.code, "title": file.title}
            entry["readability"] = _reading_json(file.reading) if file.reading else None
            if file.chinese is not None:
                entry["chinese_readability"] = _chinese_json(file.chinese)
            if not file.lang.startswith("en"):
                name = LISTED_LANGS.get(file.lang)
                entry["advertising_phrases"] = f"{name} and English" if name else "not measured"
        entry["findings"] = [
            {
                "path": display_path(f.path),
                "line": f.line,
                "level": f.level,
                "rule": f.rule,
                "message": f.message,
                **({"reason": f.reason} if f.reason else {}),
            }
            for f in file.findings
        ]
        files.append(entry)
    summary = {
        "leaflets": sum(1 for f in report.files if f.kind == "leaflet"),
        "brands": sum(1 for f in report.files if f.kind == "brand"),
        "errors": report.count(ERROR),
        "warnings": report.count(WARNING),
        "info": report.count(INFO),
        "allowed": report.count(ALLOWED),
        "sources": ([display_path(p) for p in report.sources.files] if report.sources else None),
    }
    return json.dumps({"files": files, "summary": summary}, indent=2, ensure_ascii=False) + "\n"


def readability_table(report: Report) -> str:
    """Each English leaflet's reading level as a Markdown table (the README shows it)."""
    rows = [
        "| Leaflet | Code | Reading grade | Words a sentence | Sentences | Words |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for file in report.files:
        if file.reading is None:
            continue
        stats = file.reading.stats
        rows.append(
            f"| {file.title} (`{file.slug}`) | {file.code} | {stats.grade:.1f} | "
            f"{stats.words_per_sentence:.1f} | {stats.sentences} | {stats.words} |"
        )
    return "\n".join(rows) + "\n"


def rules_text(rules: Iterable[Rule]) -> str:
    """The rules as aligned columns: id, level, what it checks."""
    rules = list(rules)
    width = max(len(r.id) for r in rules)
    lines = [f"{'RULE'.ljust(width)}  LEVEL    WHAT IT CHECKS"]
    lines += [f"{r.id.ljust(width)}  {r.level.ljust(7)}  {r.explanation}" for r in rules]
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Iterable[Rule]) -> str:
    """The rules as a Markdown table (the README shows it)."""
    lines = ["| Rule | Level | What it checks |", "|---|---|---|"]
    lines += [f"| `{r.id}` | {r.level} | {_cell(r.explanation)} |" for r in rules]
    return "\n".join(lines) + "\n"


def rules_json(rules: Iterable[Rule]) -> str:
    """The rules for tools."""
    data = [
        {"rule": r.id, "level": r.level, "explanation": r.explanation, "allowable": r.allowable}
        for r in rules
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _describe(file) -> str:
    if file.kind == "brand":
        return "brand file"
    if not file.code:
        return "leaflet (could not be loaded)"
    language = LANGUAGE_NAMES.get(file.lang.split("-")[0], file.lang)
    return f"{file.title} ({file.code}, {language})"


def _reading_line(file) -> str:
    if file.reading is None:
        return f"reading grade: not measured (Flesch-Kincaid is for English, not '{file.lang}')"
    stats = file.reading.stats
    return (
        f"reading grade {stats.grade:.1f} (limit {GRADE_LIMIT:g}), "
        f"{stats.words_per_sentence:.1f} words a sentence (limit {AVERAGE_WORDS_LIMIT}), "
        f"{stats.sentences} sentences"
    )


def _chinese_line(stats) -> str:
    uncommon = stats.uncommon_characters
    return (
        f"Chinese reading: {stats.characters_per_sentence:.1f} characters a sentence "
        f"({stats.sentences_per_100:.1f} sentences per 100 characters, at least "
        f"{SENTENCES_PER_100_LIMIT}), {stats.sentences} sentences; "
        f"{100 * stats.uncommon_share:.1f}% of characters outside the 3,500 common ones"
        + (f" ({uncommon[:20]}{' ...' if len(uncommon) > 20 else ''})" if uncommon else "")
    )


def _chinese_json(stats) -> dict:
    return {
        "characters_per_sentence": round(stats.characters_per_sentence, 2),
        "sentences_per_100_characters": round(stats.sentences_per_100, 2),
        "sentences": stats.sentences,
        "characters": stats.characters,
        "uncommon_share": round(stats.uncommon_share, 4),
        "uncommon_characters": stats.uncommon_characters,
    }


def _reading_json(reading) -> dict:
    def numbers(stats) -> dict:
        return {
            "grade": round(stats.grade, 2),
            "words_per_sentence": round(stats.words_per_sentence, 2),
            "sentences": stats.sentences,
            "words": stats.words,
            "syllables": stats.syllables,
        }

    return numbers(reading.stats) | {
        "sections": [
            {"heading": s.heading, "line": s.line} | numbers(s.stats) for s in reading.sections
        ]
    }


def _sources_line(report: Report) -> str:
    if report.sources is None:
        return "Figures not checked against sources: no sources/ folder (use --sources DIR)."
    count = len(report.sources.files)
    return (
        f"Figures checked against {_plural(count, 'source document')} "
        f"in {display_path(report.sources.folder)}."
    )


def _summary(report: Report) -> str:
    leaflets = sum(1 for f in report.files if f.kind == "leaflet")
    brands = sum(1 for f in report.files if f.kind == "brand")
    counts = [
        _plural(report.count(ERROR), "error"),
        _plural(report.count(WARNING), "warning"),
    ]
    if report.count(INFO):
        counts.append(f"{report.count(INFO)} for the clinical reviewer")
    if report.count(ALLOWED):
        counts.append(f"{report.count(ALLOWED)} allowed")
    return (
        f"Checked {_plural(leaflets, 'leaflet file')} and {_plural(brands, 'brand file')}: "
        + ", ".join(counts)
        + "."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"

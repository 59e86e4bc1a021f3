"""Allowing a finding in place: allow comments in brand files, and marking findings allowed.

Leaflets' comments (``<!-- allow rule-id: reason -->``) are read in ``markdown``,
with the body; a brand file's ``# allow rule-id: reason`` is read here, and both
become the same ``AllowComment`` through ``markdown.allow_comment``.
"""

from __future__ import annotations

import re

from ..markdown import AllowComment, allow_comment
from .registry import ALLOWED, RULES, WARNING, Finding

TOML_ALLOW_RE = re.compile(r"#\s*allow\b(?P<inside>.*)$")


def toml_allow_comments(text: str) -> list[AllowComment]:
    """``# allow rule-id: reason`` comments in a brand file, as for leaflets."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = TOML_ALLOW_RE.search(line)
        if match is None or _inside_string(line, match.start()):
            continue
        whole_line = not line[: match.start()].strip()
        found.append(allow_comment(match.group("inside"), number, whole_line))
    return found


def _inside_string(line: str, position: int) -> bool:
    before = line[:position]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def apply_allows(doc, findings: list[Finding]) -> list[Finding]:
    """Mark findings that an allow comment covers as allowed; report unused comments."""
    spans = _allow_spans(doc)
    used: set[tuple[int, str]] = set()
    result = []
    for finding in findings:
        allow = next(
            (
                allow
                for allow, first, last in spans
                if finding.rule in allow.rules
                and RULES[finding.rule].allowable
                and allow.reason
                and finding.line is not None
                and first <= finding.line <= last
            ),
            None,
        )
        if allow is None:
            result.append(finding)
            continue
        used.add((allow.line, finding.rule))
        allowed = Finding(
            finding.path, finding.line, ALLOWED, finding.rule, finding.message, allow.reason
        )
        result.append(allowed)
    for allow, _first, _last in spans:
        for name in allow.rules:
            known = RULES.get(name)
            if known and known.allowable and allow.reason and (allow.line, name) not in used:
                result.append(
                    Finding(
                        doc.path,
                        allow.line,
                        WARNING,
                        "allow-unused",
                        f"this comment allows {name}, but there is no {name} finding in the "
                        "text it stands by; remove the comment",
                    )
                )
    return result


def _allow_spans(doc) -> list[tuple[AllowComment, int, int]]:
    """Each allow comment with the lines it covers: its own line, or the next block's lines."""
    blocks = sorted(doc.texts, key=lambda block: block.line)
    spans = []
    for allow in doc.allows:
        if not allow.whole_line:
            spans.append((allow, allow.line, allow.line))
            continue
        following = next((b for b in blocks if b.line > allow.line), None)
        if following is None:
            spans.append((allow, allow.line, allow.line))
        else:
            spans.append((allow, following.line, following.line + following.text.count("\n")))
    return spans

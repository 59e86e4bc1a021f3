"""What a rule is, what it finds, and the registry that ``@rule`` fills in declaration order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import display_path

ERROR, WARNING, ALLOWED = "error", "warning", "allowed"
# A note for the clinical reviewer: shown by ``check`` (and ``build -v``), never refusing,
# even under --strict, and never repeated on every build.
INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem (or one allowed exception) in one file, said so a writer can fix it."""

    path: Path
    line: int | None
    level: str
    rule: str
    message: str
    reason: str = ""  # allowed findings: the writer's reason

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        text = f"{where}: {self.level}: {self.rule}: {self.message}"
        return f"{text} (allowed: {self.reason})" if self.reason else text


class Hit(NamedTuple):
    """What a rule's check yields: a problem's line in the file (None: the whole file)."""

    line: int | None
    message: str


@dataclass(frozen=True)
class Rule:
    """A rule of the gate; ``check(doc, context)`` yields a Hit for each problem in one file."""

    id: str
    level: str
    explanation: str
    applies_to: frozenset[str]  # "leaflet", "brand"
    check: Callable[..., Iterable[Hit]] | None
    allowable: bool = False  # whether a writer may allow a finding in place

    @property
    def group(self) -> str:
        return self.id.split("-", 1)[0]


# In the order the rules are declared, which is the order ``check --rules`` lists them:
# ``rules/__init__.py`` imports the families in that order.
RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    level: str,
    explanation: str,
    applies_to: Iterable[str] = ("leaflet",),
    allowable: bool = False,
):
    """Register the decorated function as the check of rule ``rule_id``."""

    def register(function):
        RULES[rule_id] = Rule(
            rule_id, level, explanation, frozenset(applies_to), function, allowable
        )
        return function

    return register

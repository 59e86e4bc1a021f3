"""The content gate: the rules every leaflet and brand file must pass before it is printed.

Each rule has an id (``ad-superlative``), a level (error or warning), a one-line
explanation a clinical writer can act on, and a function that finds its problems.
Rules run over loaded leaflets and brands and over the HTML that Jinja makes of
them, never over PDFs, so checking needs no PDF engine and takes a fraction of a
second. ``check_project`` loads and checks; ``check_loaded`` checks what ``build``
has already loaded. Nothing here prints: the command line formats the report.

A writer who judges a finding acceptable allows it in place with a reason, in the
leaflet (``<!-- allow ad-superlative: why -->`` on the line before the paragraph,
heading or list item, or at the end of its line) or in a brand file (``# allow
ad-superlative: why``). The finding is then reported as allowed, with the reason.

The rules live in ``rules/``, one module a family; ``registry`` says what a rule
is, ``documents`` what rules look at, ``allowing`` applies allow comments and
``runner`` runs the rules and builds the report.
"""

from . import rules  # noqa: F401  (registers every rule, in the order check --rules lists them)
from .documents import BrandDoc, Context, LeafletDoc, Reading, Sources, read_sources
from .registry import ALLOWED, ERROR, INFO, RULES, WARNING, Finding, Hit, Rule, rule
from .rules.readability import (
    AVERAGE_WORDS_LIMIT,
    GRADE_LIMIT,
    GRADE_WARNING,
    PARAGRAPH_SENTENCES_LIMIT,
    SECTION_MIN_WORDS,
    SENTENCE_WORDS_LIMIT,
)
from .runner import FileReport, Report, check_governance, check_loaded, check_project

__all__ = [
    "ALLOWED",
    "AVERAGE_WORDS_LIMIT",
    "ERROR",
    "INFO",
    "GRADE_LIMIT",
    "GRADE_WARNING",
    "PARAGRAPH_SENTENCES_LIMIT",
    "RULES",
    "SECTION_MIN_WORDS",
    "SENTENCE_WORDS_LIMIT",
    "WARNING",
    "BrandDoc",
    "Context",
    "FileReport",
    "Finding",
    "Hit",
    "LeafletDoc",
    "Reading",
    "Report",
    "Rule",
    "Sources",
    "check_governance",
    "check_loaded",
    "check_project",
    "read_sources",
    "rule",
]

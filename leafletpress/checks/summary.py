"""What the gate's warnings mean for the people who print and hand out leaflets, in one line.

A build or a handout is run by clinic staff, who cannot act on twenty lines of rule ids
and front matter keys. They need to know whether the PDFs may be handed out and who has
something to do. ``check`` (and ``build -v``) keeps every finding for the writers.
"""

from __future__ import annotations

from ..errors import display_path
from .registry import WARNING
from .runner import RENDER_STAGE_RULES, Verdict

PENDING = "governance-reviewer-pending"
CONTACT = "brand-contact"


def plain_summary(
    verdict: Verdict, check_command: str = "python build.py check in the project folder"
) -> str:
    """One line saying what the warnings of ``verdict`` mean, or "" when there are none.

    Refused files are left out: their errors are shown in full, since someone must fix
    them before anything is printed.
    """
    refused = {problem.path for problem in verdict.errors}
    findings = [
        finding
        for file in verdict.report.files
        if file.path not in refused
        for finding in file.findings
        if finding.level == WARNING and finding.rule not in RENDER_STAGE_RULES
    ]
    if not findings:
        return ""
    pending = [f for f in findings if f.rule == PENDING]
    contact = [f for f in findings if f.rule == CONTACT]
    others = len(findings) - len(pending) - len(contact)
    sentences = []
    if pending:
        count = len({f.path for f in pending})
        they = "they print" if count > 1 else "it prints"
        leaflets = f"{count} leaflets are" if count > 1 else "1 leaflet is"
        sentences.append(
            f"{leaflets} not yet clinically reviewed: {they} with 'Not yet clinically "
            "reviewed' on every page and should not be handed out until a clinician signs "
            f"{'them' if count > 1 else 'it'} off."
        )
    for path in dict.fromkeys(f.path for f in contact):
        sentences.append(f"The clinic's contact details are missing from {display_path(path)}.")
    if others:
        sentences.append(f"{others} other warning{'s' if others > 1 else ''} for the writers.")
    sentences.append(f"For the details, run {check_command}.")
    return " ".join(sentences)

"""Rules about allow comments themselves: each names allowable rules, gives a reason, is used."""

from __future__ import annotations

from ..documents import Context
from ..registry import ERROR, RULES, WARNING, Hit, Rule, rule


@rule(
    "allow-comment",
    ERROR,
    "An allow comment names the rules it allows and gives a reason: "
    "`<!-- allow rule-id: reason -->`.",
    ("leaflet", "brand"),
)
def _allow_comment(doc, ctx: Context):
    for allow in doc.allows:
        if not allow.rules:
            yield Hit(
                allow.line, "allow comment names no rule; write <!-- allow rule-id: reason -->"
            )
        for name in allow.rules:
            known = RULES.get(name)
            if known is None:
                yield Hit(
                    allow.line,
                    f"allow comment names an unknown rule '{name}'; "
                    "'python build.py check --rules' lists them",
                )
            elif not known.allowable:
                yield Hit(allow.line, f"rule {name} cannot be allowed in place; fix the problem")
        if allow.rules and not allow.reason:
            yield Hit(
                allow.line,
                "allow comment gives no reason; say why the text is acceptable after a "
                "colon: <!-- allow rule-id: reason -->",
            )


RULES["allow-unused"] = Rule(
    "allow-unused",
    WARNING,
    "Every allow comment sits next to a finding of the rule it allows (else remove it).",
    frozenset({"leaflet", "brand"}),
    None,  # found while allowing, after every other rule has run
)

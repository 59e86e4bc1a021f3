"""Phrases that Singapore's rules for healthcare advertising do not allow, and their exceptions.

The Healthcare Services (Advertisement) Regulations 2021 and the Singapore Medical
Council's ethical guidelines require what a clinic publishes to be factual and
capable of substantiation: no laudatory claims, no guarantees, no comparisons with
other providers, no testimonials, no before-and-after pictures and no financial
inducements. Each rule below is a list of phrases, written narrowly enough that
ordinary patient information ("surgery is considered only when...", "results
vary", "feel free to ask", "the leading cause of...", "there is no cure") is not
caught. A writer who judges a finding acceptable allows it in place with a reason.

Pure functions over plain text; the checks module turns matches into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .phrases import Local, Negation, ms, ta, zh_hans
from .text import fold

REGULATIONS = "Healthcare Services (Advertisement) Regulations 2021"

# Words that, shortly before a guarantee, turn it into an honest caution:
# "there is no cure", "results are not guaranteed", "no treatment is risk-free".
NEGATIONS = re.compile(
    r"\b(?:no|not|never|cannot|can't|can’t|won't|won’t|isn't|isn’t|aren't|aren’t|"
    r"doesn't|doesn’t|don't|don’t|nor|neither|nothing|none)\b",
    re.IGNORECASE,
)
NEGATION_WINDOW = 5  # words before a match that are searched for a negation

PROVIDER_WORDS = (
    r"clinics?|centres?|centers?|providers?|hospitals?|practices?|doctors?|"
    r"surgeons?|specialists?|physicians?"
)
PROVIDERS = f"(?:{PROVIDER_WORDS})"
BUSINESSES = r"(?:clinics?|centres?|centers?|providers?|practices?)"
COMPARATIVE_CUES = re.compile(
    r"\b(?:than|unlike|compared|versus|vs|better|worse|cheaper|superior|inferior|outdated|"
    r"old-fashioned|fail(?:s|ed)?|wrong|instead|rather|only)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Phrase:
    """One forbidden phrase: its pattern, and when a match is not a problem after all.

    ``unless`` is searched around the match (in the same sentence): if it matches a
    span that covers the match, the match is ordinary language. ``negatable``
    phrases are skipped when a negation stands just before them. ``needs`` must
    match somewhere in the sentence for the phrase to count.
    """

    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    negatable: bool = False
    needs: re.Pattern[str] | None = None


@dataclass(frozen=True)
class LocalNegation:
    """A language's negations, compiled (see ``phrases.Negation``)."""

    before: re.Pattern[str]
    after: re.Pattern[str] | None
    reach: int


@dataclass(frozen=True)
class Match:
    """A forbidden phrase found in a text: where it starts and the words matched."""

    start: int
    text: str


def _phrase(
    pattern: str,
    unless: str | None = None,
    negatable: bool = False,
    needs: re.Pattern[str] | None = None,
) -> Phrase:
    return Phrase(
        re.compile(pattern, re.IGNORECASE),
        re.compile(unless, re.IGNORECASE) if unless else None,
        negatable,
        needs,
    )


# Verbs of a treatment's result, for the phrases of certainty.
RESULT_VERBS = r"fix|cure|help|work|relieve|remove|stop|end|heal|improve|ease|solve|succeed"
# A question asks about a result; it promises nothing ("Will SCS definitely help me?").
QUESTION = r"[^.!?\n]*\?"

PHRASES: dict[str, list[Phrase]] = {
    "ad-superlative": [
        _phrase(
            r"\bbest\b",
            unless=(
                r"\b(?:is|are|be|was|were|works?|worked|working|feels?|felt|suits?|fits?)\s+best\b"
                r"|\bbest\s+(?:to|way\s+to|ways\s+to|practice|guess|interests?|position|posture|"
                r"time\s+to|(?:person|people)\s+to)\b"
                r"|\bbest\b[\w\s,'’-]{0,40}?\bfor\s+(?:you|your|each|every|them|him|her)\b"
                r"|\b(?:do|did|doing|try|tried|trying)\s+(?:your|their|our|his|her|my)\s+best\b"
                r"|\b(?:at|as)\s+best\b"
            ),
        ),
        _phrase(
            r"\b(?:(?:a|an|the|our|one\s+of\s+the)\s+|[\w-]+['’]s\s+)leading\b",
            unless=r"\b(?:(?:a|an|the|one\s+of\s+the)\s+|[\w-]+['’]s\s+)?leading\s+"
            r"(?:causes?|to|reasons?|factors?|symptoms?)\b",
        ),
        _phrase(r"\bleading\s+(?:pain\s+)?" + PROVIDERS),
        _phrase(r"\b[\w]+-leading\b|\b(?:market|industry|world|regional)\s+leaders?\b"),
        _phrase(r"\bleaders?\s+in\b"),
        _phrase(
            r"\btop[- ](?:rated|notch|quality|class|ranked|tier)\b"
            r"|\btop\s+(?:(?:\d+|ten|five|three)\s+)?(?:pain\s+)?"
            r"(?:" + PROVIDER_WORDS + r"|choice)\b"
        ),
        _phrase(r"\bno\.?\s?1\b|#\s?1\b|\bnumber\s+one\b"),
        _phrase(
            r"\bworld[- ](?:class|renowned|famous|leading|leaders?)\b"
            r"|\binternationally\s+(?:renowned|recognised|recognized|acclaimed)\b"
            r"|\brenowned\b|\bacclaimed\b|\baward[- ]winning\b"
        ),
        _phrase(
            r"\bmost\s+(?:advanced|experienced|trusted|effective|successful|modern|innovative|"
            r"comprehensive|qualified|skilled|respected|reputable|reliable|sophisticated)\b"
        ),
        _phrase(
            r"\b(?:state[- ]of[- ]the[- ]art|cutting[- ]edge|best[- ]in[- ]class|"
            r"unrivall?ed|unparall?eled|unmatched|second\s+to\s+none|unbeatable|premier|"
            r"pre-?eminent|finest|foremost)\b",
            unless=r"\bfirst\s+and\s+foremost\b",
        ),
        _phrase(
            r"\b(?:our\s+unique|unique\s+(?:approach|method|technique|treatment|therapy|"
            r"programme|program|procedure|service|expertise|care))\b"
        ),
        _phrase(
            r"\b(?:the|our)\s+only\s+(?:[\w-]+\s+){0,2}?(?:" + PROVIDER_WORDS + r"|team)\b"
            r"|\bonly\s+" + BUSINESSES + r"\s+(?:in|to|that|which)\b",
            negatable=True,
        ),
        _phrase(
            r"\bthe\s+first\s+(?:and\s+only\s+)?(?:[\w-]+\s+)?"
            + BUSINESSES
            + r"\b(?!\s+(?:visit|appointment|session|consultation|assessment)s?\b)"
            r"|\bfirst\s+in\s+(?:singapore|asia|the\s+region|the\s+world)\b",
            negatable=True,
        ),
    ],
    "ad-guarantee": [
        _phrase(r"\bguarantee(?:s|d|ing)?\b", negatable=True),
        _phrase(r"\bcur(?:e|es|ed|ing|ative)\b", negatable=True),
        _phrase(r"\b100\s?%|\b(?:100|one\s+hundred)\s+per\s?cent\b", negatable=True),
        _phrase(
            r"\bpermanent(?:ly)?\s+(?:pain\s+)?(?:relief|cure|solution|fix|results?)\b"
            r"|\bpermanently\s+(?:cure[sd]?|fix(?:es|ed)?|remove[sd]?|eliminate[sd]?|end[sd]?|"
            r"relieve[sd]?|gone)\b"
            r"|\b(?:relief|pain[- ]free|cured)\s+(?:for\s+life|forever|for\s+good)\b",
            negatable=True,
        ),
        _phrase(r"\bpainless(?:ly)?\b|\bpain[- ]free\b", negatable=True),
        _phrase(
            r"\brisk[- ]free\b|\b(?:no|zero)\s+risks?\b(?!-)|\bwithout\s+(?:any\s+)?risks?\b",
            negatable=True,
        ),
        _phrase(r"\b(?:completely|totally|perfectly|absolutely)\s+safe\b", negatable=True),
        _phrase(
            r"\balways\s+(?:works?|helps?|succeeds?|relieves?)\b|\bnever\s+fails?\b"
            r"|\bmiracle\b|\binstant(?:ly)?\s+(?:relief|results?|cure)\b"
            r"|\b(?:eliminates?|banish(?:es)?)\s+(?:your\s+|all\s+)?pain\b|\bend\s+your\s+pain\b",
            negatable=True,
        ),
        # Certainty: "will definitely fix your pain", "results are assured", "sure to work".
        # A question ("Will SCS definitely help me?") asks; it promises nothing.
        _phrase(
            r"\b(?:definitely|certainly|surely|undoubtedly)\s+(?:" + RESULT_VERBS + r")\w*\b"
            r"|\b(?:sure|certain|bound)\s+to\s+(?:(?:" + RESULT_VERBS + r")\w*|feel\s+better"
            r"|get\s+better)\b"
            r"|\b(?:results?|relief|success|recovery|improvement|outcomes?)\s+(?:is|are|will\s+be)"
            r"\s+(?:(?!not\b|never\b)\w+\s+)?(?:assured|certain)\b"
            r"|\bassured\s+(?:results?|relief|success|recovery)\b"
            r"|\bpromis(?:e|es|ed|ing)\s+(?:you\s+)?(?:\w+\s+)?(?:results?|relief|recovery|success)\b"
            r"|\bworks?\s+every\s+time\b",
            unless=QUESTION,
            negatable=True,
        ),
        # Permanence: "gets rid of pain for good", "pain gone forever", "say goodbye to pain".
        _phrase(
            r"\b(?:get|gets|got|getting)\s+rid\s+of\s+(?:(?:your|the|all|back|leg|nerve)\s+)*pain\b"
            r"|\b(?:pain|relief|gone|fixed|cured|results?|solution)\b[\w\s]{0,20}?"
            r"(?:\bfor\s+good\b(?!\s+reasons?)|\bfor\s*ever\b|\bonce\s+and\s+for\s+all\b"
            r"|\bfor\s+(?:a\s+)?life(?:time)?\b|\blasts?\s+a\s+lifetime\b)"
            r"|\bsay\s+goodbye\s+to\s+(?:\w+\s+){0,2}?pain\b",
            unless=QUESTION,
            negatable=True,
        ),
    ],
    "ad-comparison": [
        _phrase(
            r"\b(?:better|safer|cheaper|faster|superior|more\s+\w+|less\s+\w+)\s+than\s+"
            r"(?:(?:any|all|most|many)\s+)?(?:other\s+)?(?:" + PROVIDER_WORDS + r"|competitors?"
            r"|elsewhere|anywhere\s+else)\b"
        ),
        _phrase(
            r"\b(?:unlike|compared\s+(?:to|with)|in\s+contrast\s+to|versus|vs\.?)\s+"
            r"(?:(?:many|most|some|other|the\s+other|all|ordinary|traditional|typical)\s+)+"
            r"(?:[\w-]+\s+)?" + PROVIDERS + r"|\bunlike\s+(?:others|anyone\s+else|the\s+rest)\b"
        ),
        _phrase(
            r"\b(?:other|another|rival|competing)\s+(?:pain\s+)?" + BUSINESSES + r"\b",
            needs=COMPARATIVE_CUES,
        ),
        _phrase(r"\bcompetitors?\b"),
    ],
    "ad-testimonial": [
        _phrase(r"\btestimonials?\b|\bsuccess\s+stor(?:y|ies)\b"),
        _phrase(
            r"\b(?:patient|client|customer|google|online|5-star|five-star)\s+"
            r"(?:reviews?|ratings?|stories|testimonials?)\b"
        ),
        _phrase(r"\b(?:[1-5]|five|four)[- ]stars?\b"),
        _phrase(
            r"\bwhat\s+(?:our|my)\s+(?:patients|clients)\s+(?:say|said|think)\b"
            r"|\b(?:hear|read)\s+from\s+our\s+(?:patients|clients)\b"
            r"|\bour\s+(?:happy|satisfied|grateful|delighted)\s+(?:patients|clients|customers)\b"
        ),
        _phrase(r"\bhighly\s+recommended\b|\bendorsed\s+by\b|\brated\s+(?:\d|five|four)\b"),
        # Patients quoted, with or without quotation marks: "Patients say: ...".
        _phrase(
            r"\b(?:(?:our|many|one|a|some)\s+)?(?:patients?|clients?|customers?)\s+(?:say|says|said|"
            r"tell\s+us|told\s+us|write|wrote|share)\s*[:\"“]"
        ),
        _phrase(
            r"\b(?:changed|transformed|saved)\s+(?:my|our|his|her|their)\s+li(?:fe|ves)\b"
            r"|\b(?:my|his|her|their)\s+li(?:fe|ves)\s+back\b|\blife[- ]changing\b"
        ),
        # A quotation in the first person that is not a question: a patient speaking.
        _phrase(r"[\"“](?=[^\"”?]*\b(?-i:I|I'm|I’m|I've|I’ve|my|me)\b)[^\"”?\n]{3,}[\"”]"),
        # An attribution: "- Mrs Tan, 54" or "— Sarah, 45".
        _phrase(
            r"(?-i:(?:^|\s)[-–—]\s*(?:(?:Mr|Mrs|Ms|Mdm|Madam)\.?\s+[A-Z][\w-]*"
            r"|[A-Z][a-z]+,\s*(?:aged\s+)?\d{2}\b))"
        ),
    ],
    "ad-before-after": [
        _phrase(
            r"\bbefore[- ](?:and|&)[- ]after\s+(?:photos?|photographs?|pictures?|images?|"
            r"results?|shots?|comparisons?)\b|\bbefore\s*/\s*after\b"
        ),
    ],
    "ad-inducement": [
        _phrase(
            r"(?<!-)\bfree\s+(?:of\s+charge|(?:first\s+|initial\s+)?(?:consultations?|assessments?|"
            r"screenings?|trials?|check(?:-?ups?|s)?|sessions?|gifts?|parking|x-?rays?|scans?|"
            r"mri|visits?|treatments?|reviews?|follow-?ups?|appointments?))\b"
        ),
        _phrase(r"\b(?:for\s+free|at\s+no\s+(?:extra\s+)?(?:cost|charge)|no[- ]charge)\b"),
        _phrase(
            r"\b(?:is|are|it's|it’s)\s+(?:completely\s+|totally\s+)?free\b(?!\s+(?:to|from|of)\b)"
        ),
        _phrase(r"\bcomplimentary\b|\bdiscount(?:s|ed)?\b"),
        _phrase(r"(?<!health )\bpromo(?:tions?|tional|s)?\b"),
        _phrase(r"\b\d+\s?%\s+off\b|\bspecial\s+(?:offers?|prices?|rates?|packages?)\b"),
        _phrase(r"\blimited[- ]time\b|\bvouchers?\b|\bcoupons?\b|\bcash\s?back\b|\brebates?\b"),
        _phrase(
            r"\b(?:fees?|charges?)\s+(?:are\s+|is\s+)?waived\b"
            r"|\bwaive[sd]?\s+(?:the\s+|your\s+|all\s+)?(?:fees?|charges?)\b"
            r"|\bpackage\s+(?:price|deal)s?\b"
        ),
    ],
    # Fear appeals: waiting is painted as dangerous to push the reader to book (issue 22:
    # "If you wait, the pain may get harder to treat"). A leaflet says what may happen and
    # that the choice is the reader's; urgent warning signs say what to do, not what to fear.
    "ad-fear-appeal": [
        _phrase(r"\bif\s+you\s+(?:wait|delay|put\s+(?:it|this|treatment)\s+off)\b"),
        _phrase(r"\b(?:do\s+not|don['’]t)\s+(?:wait|delay|put\s+(?:it|this)\s+off)\b(?!\s+for\b)"),
        _phrase(r"\bbefore\s+it\s+is\s+too\s+late\b|\bbefore\s+it['’]s\s+too\s+late\b"),
        _phrase(r"\bthe\s+longer\s+you\s+(?:wait|leave\s+it|delay)\b"),
        _phrase(
            r"\b(?:waiting|delaying|delay(?:ed)?)(?:\s+(?:treatment|care|evaluation))?\s+"
            r"(?:may|can|could|will)\s+"
            r"(?:make|allow|let|cause|lead)\b"
        ),
    ],
}

# Singapore's other official languages: each list (phrases/*.py) is checked on every
# text, like the English one (see phrases/__init__.py for why).
LANGUAGE_LISTS = (zh_hans, ms, ta)
LISTED_LANGS = {module.LANG: module.NAME for module in LANGUAGE_LISTS}


def _compile_local(local: Local) -> Phrase:
    return _phrase(local.pattern, local.unless, local.negatable)


def _compile_negation(negation: Negation) -> LocalNegation:
    return LocalNegation(
        re.compile(negation.before, re.IGNORECASE),
        re.compile(negation.after) if negation.after else None,
        negation.reach,
    )


for _module in LANGUAGE_LISTS:
    for _rule, _locals in _module.PHRASES.items():
        PHRASES[_rule] += [_compile_local(local) for local in _locals]
# Every language's negations are tried on every negatable phrase, English's too: 100% in
# 治疗不是100%有效 or tidak 100% berkesan is matched by more than one list.
LOCAL_NEGATIONS = tuple(_compile_negation(module.NEGATION) for module in LANGUAGE_LISTS)

IMAGE_BEFORE_AFTER = re.compile(r"before[\W_]{0,5}(?:and|&|n)?[\W_]{0,5}after", re.IGNORECASE)

WHY = {
    "ad-superlative": "is a superlative or a claim of being better than others; "
    "laudatory claims are not allowed",
    "ad-guarantee": "promises a result; guarantees and expectations that cannot be "
    "justified are not allowed: say what may happen, e.g. 'may help' or 'results vary'",
    "ad-comparison": "compares with other providers; comparisons with, or criticism of, "
    "other providers are not allowed",
    "ad-testimonial": "looks like a testimonial, review or patient quote; these are not allowed",
    "ad-before-after": "refers to before-and-after pictures; these are not allowed",
    "ad-fear-appeal": "is a fear appeal that pushes the reader to act; educational material "
    "must not push people towards services: say what may happen and that the choice is theirs",
    "ad-inducement": "is a financial inducement (a free service, discount or promotion); "
    "these are not allowed in clinical material",
}


def find(rule: str, original: str) -> list[Match]:
    """Every phrase of ``rule`` in plain ``original`` text, in order, overlapping matches merged.

    The phrases are matched on the folded text (``text.fold``: no invisible characters,
    look-alike letters made Latin), so "be\u200bst" or "cur\u0435" is found as what
    it prints; each match's start is an offset into ``original``, its text the folded words.
    """
    text, offsets = fold(original)
    found: list[Match] = []
    for phrase in PHRASES[rule]:
        for match in phrase.pattern.finditer(text):
            sentence_start, sentence_end = _sentence_bounds(text, match.start(), match.end())
            sentence = text[sentence_start:sentence_end]
            if phrase.unless and _covered(phrase.unless, sentence, match, sentence_start):
                continue
            if phrase.negatable and (
                _negated(text[sentence_start : match.start()])
                or any(
                    _negated_locally(negation, text, match, sentence_start, sentence_end)
                    for negation in LOCAL_NEGATIONS
                )
            ):
                continue
            if phrase.needs and not phrase.needs.search(sentence):
                continue
            words = " ".join(match.group(0).split()).strip(" -–—")
            found.append(Match(offsets[match.start()], words))
    found.sort(key=lambda m: m.start)
    merged: list[Match] = []
    for match in found:
        if merged and match.start < merged[-1].start + len(merged[-1].text):
            continue
        merged.append(match)
    return merged


# Chinese ends a sentence with 。, or ? and ! (folded from ？！) with no space after them.
SENTENCE_ENDS = (". ", "? ", "! ", "\n", "。")
CHINESE_SENTENCE_END = re.compile(r"[?!](?=[\u3000-\u9fff])")
# Where a clause ends: a language's negation reaches no further (不要担心,保证有效).
CLAUSE_END = re.compile(r"[,;:、。?!\n]")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (ended by . ? ! 。 or a line break) around ``start``-``end``."""
    before = max(text.rfind(mark, 0, start) for mark in SENTENCE_ENDS)
    for mark in CHINESE_SENTENCE_END.finditer(text, max(before, 0), start):
        before = max(before, mark.start())
    after = [i for i in (text.find(mark, end) for mark in SENTENCE_ENDS) if i != -1]
    chinese = CHINESE_SENTENCE_END.search(text, end)
    if chinese:
        after.append(chinese.start())
    return before + 1, (min(after) + 1) if after else len(text)


def _negated_locally(
    negation: LocalNegation, text: str, match: re.Match[str], start: int, end: int
) -> bool:
    """Whether one of a language's negations stands near the match, in the same clause."""
    before = text[max(start, match.start() - negation.reach) : match.start()]
    before = CLAUSE_END.split(before)[-1]
    after = text[match.end() : min(end, match.end() + negation.reach)]
    after = CLAUSE_END.split(after)[0]
    return bool(negation.before.search(before) or (negation.after and negation.after.search(after)))


def _covered(unless: re.Pattern[str], sentence: str, match: re.Match[str], offset: int) -> bool:
    start, end = match.start() - offset, match.end() - offset
    return any(m.start() <= start and end <= m.end() for m in unless.finditer(sentence))


def _negated(before: str) -> bool:
    words = before.split()[-NEGATION_WINDOW:]
    return bool(NEGATIONS.search(" ".join(words)))

"""Tamil phrases that Singapore's healthcare advertising rules do not allow.

Tamil adds endings to a word (உத்தரவாதம், உத்தரவாதமும், உத்தரவாதமாக), and its vowel
signs are not word characters to ``re``, so each phrase is a stem that must start a
word (``S``, no Tamil letter before it) and may run on into any ending. Tamil puts its
negation after the verb: உத்தரவாதம் இல்லை (there is no guarantee), குணப்படுத்த
முடியாது (cannot be cured), so a negation just after a guarantee makes it a caution.

What is deliberately NOT caught (ordinary patient information):

- சிறந்தது (it is best) in advice: ஓய்வெடுப்பது சிறந்தது (it is best to rest); சிறந்த
  (best, excellent) only before a provider or a service, and not "the best treatment
  for you" (உங்களுக்குச் சிறந்த சிகிச்சை);
- முன்னணி (leading) alone: முன்னணிக் காரணம் (the leading cause);
- ஒரே (only, same) alone: ஒரே நேரத்தில் (at the same time);
- குணமடை (recover): most people recover in a few weeks is a fact, not a promise;
- இலவச in a toll-free number (இலவசத் தொலைபேசி எண்).
"""

from __future__ import annotations

from . import Local, Negation

LANG = "ta"
NAME = "Tamil"

S = r"(?<![\u0B80-\u0BFF])"  # a Tamil word starts here
NEGATION = Negation(
    before=S + r"(?:எந்த|எவ்வித|எந்தவித)",
    after=r"இல்லை|அல்ல|முடியாது|இயலாது|கிடையாது|மாட்டோம்|மாட்டாது|மாட்டார்",
    reach=32,
)


def w(*stems: str) -> str:
    """Alternatives, each starting a Tamil word."""
    return "|".join(S + stem for stem in stems)


FIRST_PERSON = r"(?:நான்|என்(?:னுடைய|னை)?|எனக்கு)(?![\u0B80-\u0BFF])"
# What may stand between "best" and the noun: சிறந்த வலி நிபுணர்கள் (the best pain specialists).
PROVIDERS = r"(?:வலி\s*)?(?:மருத்துவ|கிளினிக்|சிகிச்சை|நிபுணர|சேவை|மருத்துவமனை|பராமரிப்பு|மைய|குழு|பலன்)"

PHRASES: dict[str, list[Local]] = {
    "ad-superlative": [
        # the very best; foremost
        Local(w(r"மிகச்\s*சிறந்த", r"மிக\s+சிறந்த", r"தலை\s*சிறந்த")),
        # the largest clinic
        Local(w(r"மிகப்\s*பெரிய\s*" + PROVIDERS)),
        # best (excellent) doctors, clinic, treatment; not "the best treatment for you"
        # ("your doctor will help you choose the best treatment": சிறந்த சிகிச்சை முறையைத் தேர்)
        Local(
            w(r"சிறந்த\s*" + PROVIDERS),
            unless=w(
                r"உங்களுக்(?:குச்|கு)\s*(?:\S+\s+){0,2}?சிறந்த\s*\S+",
                r"சிறந்த\s*சிகிச்சை\S*\s*(?:எது|எதுவென|முறையைத்?\s*தேர்)",
            ),
            negatable=True,
        ),
        # leading clinic / specialist
        Local(w(r"முன்னணி\s*" + PROVIDERS)),
        # number one, first place, first-class
        Local(
            w(r"முதலிடம்", r"நம்பர்\s*(?:1|ஒன்)", r"முதல்\s*தர(?:மான|\s)")
            + r"|(?<![A-Za-z])No\.?\s?1(?!\d)"
        ),
        # world-class, world-famous; ultra-modern (most advanced)
        Local(w(r"உலகத்?\s*தர", r"உலகப்?\s*புகழ்", r"அதிநவீன", r"அதி\s+நவீன")),
        # unrivalled, incomparable; the only clinic
        Local(w(r"ஈடு\s*இணையற்ற", r"ஈடிணையற்ற", r"ஒப்பற்ற", r"நிகரற்ற")),
        Local(w(r"ஒரே\s*(?:கிளினிக்|மருத்துவமனை|மையம்|மருத்துவர்)"), negatable=True),
    ],
    "ad-guarantee": [
        # guarantee; we assure
        Local(
            w(r"உத்தரவாத", r"உறுதி\s*அளிக்கிற", r"உறுதியளிக்கிற", r"கியாரண்டி"),
            negatable=True,
        ),
        # cure: குணப்படுத்தும் (cures), குணமாக்கும், cure assured; not குணமடை (recover),
        # முழுமையாகக் குணமடைவார்கள் ("they recover fully") is a fact
        Local(
            w(r"குணப்படுத்த", r"குணமாக்க", r"(?:குணம்|பலன்|நிவாரணம்)\s*(?:நிச்சயம்|உறுதி)"),
            negatable=True,
        ),
        # certainly cured / certain to work
        Local(
            w(r"நிச்சயம(?:ாகக்?|ான)?\s*(?:குணம|குணப்படுத்த|பலன்|நிவாரண|வலி\s*நீங்க|வேலை\s*செய்ய)"),
            negatable=True,
        ),
        # 100 per cent
        Local(r"(?<![\d.,])100\s?%|" + w(r"நூறு\s*(?:சதவீத|சதவிகித|விழுக்காடு)"), negatable=True),
        # painless
        Local(
            w(r"வலியில்லா", r"வலியற்ற", r"வலி\s+இல்லாத", r"வலியே\s*இல்லாமல்", r"வலியின்றி"),
            negatable=True,
        ),
        # permanent relief or solution, never comes back
        Local(
            w(
                r"நிரந்தரத்?\s*(?:தீர்வு|நிவாரண|குணம)",
                r"மீண்டும்\s*வரவே\s*வராது",
                r"நிரந்தரமாக\s*(?:குணம|நீக்க|போக்க)",
            ),
            negatable=True,
        ),
        # risk-free, completely safe, no side effects at all
        Local(
            w(
                r"ஆபத்தில்லாத",
                r"ஆபத்து\s*இல்லாத",
                r"அபாயமற்ற",
                r"ஆபத்தற்ற",
                r"முற்றிலும்\s*பாதுகாப்பான",
                r"பக்க\s*விளைவுகள(?:ே)?\s*இல்லாத",
            ),
            negatable=True,
        ),
        # miracle cure, instant relief
        Local(
            w(
                r"(?:அற்புத|அதிசய)(?:ம்|மான)?\s*(?:சிகிச்சை|குணம|பலன்|மருந்து|தீர்வு)",
                r"உடனடி\s*(?:நிவாரண|குணம|பலன்)",
            ),
            negatable=True,
        ),
    ],
    "ad-comparison": [
        # better than other clinics (மற்ற கிளினிக்குகளை விட), unlike other doctors
        Local(
            w(r"மற்ற\s*(?:கிளினிக்|மருத்துவமனை|மருத்துவர்|மைய|நிபுணர)\S*\s*(?:\S+\s+)?")
            + r"(?:விட|போலல்லாமல்|போல\s*அல்லாமல்)"
        ),
        Local(w(r"போட்டியாளர")),
    ],
    "ad-testimonial": [
        Local(
            w(
                r"நோயாளிகளின்\s*(?:கருத்து|அனுபவ|பாராட்டு|சான்று|மதிப்புரை)",
                r"நோயாளிகள்\s*(?:சொல்வது|கூறுவது|சொல்கிறார்கள்)",
                r"சான்றுரை",
                r"வெற்றிக்?\s*கதை",
            )
        ),
        Local(r"(?:" + S + r"ஐந்து|5)\s*நட்சத்திர"),
        Local(w(r"என்\s*வாழ்க்கையை(?:யே)?\s*மாற்ற")),
        # a patient quoted in the first person (not a question)
        # (நான் I, என் my, என்னை me, எனக்கு to me; not என்ன, "what")
        Local(r"[\"“](?=[^\"”?]*" + S + FIRST_PERSON + r")[^\"”?\n]{3,}[\"”]"),
    ],
    "ad-before-after": [
        Local(w(r"முன்னும்\s*பின்னும்", r"முன்\s*[-/]\s*பின்\s*(?:படங்கள்|புகைப்பட)")),
    ],
    "ad-inducement": [
        Local(w(r"இலவச"), unless=w(r"இலவச\S*\s*(?:தொலைபேசி|அழைப்பு|எண்)")),
        Local(
            w(
                r"தள்ளுபடி",
                r"(?:சிறப்புச்?\s*)?சலுகை\s*விலை",
                r"சிறப்புச்?\s*சலுகை",
                r"கூப்பன்",
                r"வவுச்சர்",
                r"கட்டணமின்றி",
                r"பணம்\s*திரும்ப",
            )
        ),
    ],
    "ad-fear-appeal": [
        Local(
            w(
                r"(?:காத்திருக்க|தாமதிக்க|தாமதப்படுத்த|தள்ளிப்போட)\s*வேண்டாம்",
                r"(?:மிகவும்\s*)?தாமதமா(?:கும்|வதற்கு)\s*முன்",
            )
        ),
    ],
}

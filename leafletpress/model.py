"""What Leaflet Press works on, as plain data: leaflets, brands, variants, jobs, handouts.

Loading (content.py, brands.py) makes these; every later stage reads them and does
no I/O of its own through them. A Variant is one point on the axes a leaflet is
printed along (language, brand, edition, layout, and the print options); a Job is a
leaflet in one variant, bound for one file; a Handout is one patient's pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .i18n import words
from .layouts import FOLDED

EDITIONS = ("standard", "large-print")
DEFAULT_BRAND = "default"
DEFAULT_LANG = "en"
# Singapore's four official languages, as BCP 47 tags: English, Simplified Chinese,
# Malay and Tamil. A leaflet is printed in each language it has a <lang>.md for.
LANGS = (DEFAULT_LANG, "zh-Hans", "ms", "ta")
LANG_NAMES = {"en": "English", "zh-Hans": "Simplified Chinese", "ms": "Malay", "ta": "Tamil"}


@dataclass(frozen=True)
class Variant:
    """One combination of the axes a leaflet is printed along, by name.

    The default of each axis is the first: English, the default brand, standard
    print, the A4 leaflet layout, no print options.
    """

    lang: str = DEFAULT_LANG
    brand: str = DEFAULT_BRAND
    edition: str = EDITIONS[0]
    layout: str = "leaflet"
    print_ready: bool = False  # 3 mm bleed and crop marks, for a professional printer
    fold_marks: bool = False  # marks at the folds of a folded layout
    draft: bool = False  # built without the checks: stamped on every page

    def file_name(self, slug: str, suffix: str = ".pdf") -> str:
        """File name of this variant of leaflet ``slug``; the default variant keeps the
        plain ``<slug>.pdf``.

        Other variants add only the parts that differ from the default, always in the
        order brand, language, edition, layout, print-ready (or fold marks), draft:
        ``overview--example-partner--large-print.pdf``, ``overview--zh-Hans--trifold.pdf``,
        ``overview--trifold--print-ready.pdf``.
        A draft never takes an approved PDF's name, so it cannot pass for one.
        """
        parts = [slug]
        if self.brand != DEFAULT_BRAND:
            parts.append(self.brand)
        if self.lang != DEFAULT_LANG:
            parts.append(self.lang)
        if self.edition != EDITIONS[0]:
            parts.append(self.edition)
        if self.layout != "leaflet":
            parts.append(self.layout)
        if self.print_ready:
            parts.append("print-ready")
        elif self.fold_marks and self.layout in FOLDED:
            parts.append("fold-marks")
        if self.draft:
            parts.append("draft")
        return "--".join(parts) + suffix


@dataclass(frozen=True)
class Leaflet:
    """One leaflet in one language, validated; no I/O happens after loading."""

    slug: str
    lang: str
    path: Path
    title: str
    summary: str
    code: str
    version: str
    reviewed: date
    next_review: date
    sources: tuple[str, ...]
    in_short: tuple[str, ...]
    body: str
    body_line: int  # line of the file on which the Markdown body starts
    subtitle: str = ""
    author: str = ""
    reviewer: str = ""
    keywords: tuple[str, ...] = ()
    trifold: tuple[str, ...] = ()
    # What a patient needs that the sources do not say (risks, warning signs...): the text
    # sends the reader to their doctor, and check lists each gap for the clinical reviewer.
    gaps_for_reviewer: tuple[str, ...] = ()
    # A translation: the English version it was made from, and who made it.
    translation_of: str = ""
    translator: str = ""
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line_of(self, needle: str) -> int | None:
        """The file line on which ``needle`` first appears in the body, for error messages."""
        for offset, text in enumerate(self.body.split("\n")):
            if needle in text:
                return self.body_line + offset
        return None


@dataclass(frozen=True)
class Colours:
    """Colours by role: headings and bands, tinted boxes, and text on the band."""

    primary: str
    accent: str
    on_primary: str


@dataclass(frozen=True)
class Brand:
    """A publisher of leaflets, validated."""

    key: str
    path: Path
    name: str
    description: str
    colours: Colours
    logo: Path | None = None
    footer: str = ""
    contact: dict[str, str] = field(default_factory=dict)

    @property
    def booking_url(self) -> str:
        """Where patients book, listed with the contact details; empty when the brand has none."""
        return self.contact.get("booking_url", "")

    @property
    def website(self) -> str:
        """The brand's website, printed as a QR code; empty when the brand has none.

        Not the booking page: an educational leaflet must not push a patient to book.
        """
        return self.contact.get("website", "")

    def contact_lines(self, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
        """(label, value) for each contact field the brand fills in, in print order."""
        labels = words(lang).contact_labels
        return [(labels[k], self.contact[k]) for k in labels if self.contact.get(k)]


@dataclass(frozen=True)
class Job:
    """Everything needed to render one PDF; plain data, no I/O."""

    leaflet: Leaflet
    brand: Brand
    output: Path
    edition: str = "standard"
    layout: str = "leaflet"
    draft: bool = False
    print_ready: bool = False  # 3 mm bleed and crop marks, for a professional printer
    fold_marks: bool = False  # marks at the folds of a tri-fold

    def __post_init__(self) -> None:
        # Only a tri-fold has folds: on a leaflet the option prints nothing, so it must
        # not change the job either (its fingerprint would force a rebuild for nothing).
        if self.fold_marks and self.layout not in FOLDED:
            object.__setattr__(self, "fold_marks", False)

    @property
    def variant(self) -> Variant:
        """Which variant of its leaflet this job prints."""
        return Variant(
            self.leaflet.lang,
            self.brand.key,
            self.edition,
            self.layout,
            self.print_ready,
            self.fold_marks,
            self.draft,
        )


@dataclass(frozen=True)
class Handout:
    """A personalised pack for one patient: validated, plain data, no I/O.

    Personal fields are left out of ``repr`` so that a debugging print or a
    traceback's locals do not show them.
    """

    patient: str = field(repr=False)
    doctor: str = field(repr=False)
    day: date
    notes: tuple[str, ...] = field(repr=False)
    next_steps: tuple[str, ...] = field(repr=False)
    leaflets: tuple[Leaflet, ...]
    brand: Brand
    edition: str = "standard"

    @property
    def title(self) -> str:
        """The PDF's title: generic, so a window title or file listing never shows the patient."""
        return words(self.lang).handout_title.format(clinic=self.brand.name)

    @property
    def lang(self) -> str:
        """The pack's language: its leaflets'."""
        return self.leaflets[0].lang

    @property
    def variant(self) -> Variant:
        """How the pack is printed: its own layout (a cover, then the leaflets)."""
        return Variant(self.lang, self.brand.key, self.edition, "handout")

    def personal_texts(self) -> list[str]:
        """Every piece of personal text, line by line, for checks that it went nowhere else."""
        lines = [self.patient, self.doctor, *self.next_steps]
        lines += [line for note in self.notes for line in note.split("\n")]
        return [line.strip() for line in lines if line.strip()]

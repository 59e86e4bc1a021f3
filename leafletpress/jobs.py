"""A job is one PDF to produce: a leaflet x brand x edition x layout, and where it goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .brands import DEFAULT_BRAND, Brand
from .content import Leaflet

EDITIONS = ("standard", "large-print")
LAYOUTS = ("leaflet", "trifold")

# Words that output_name puts in file names after the slug. A brand named like one of
# them would write, or pass for, another variant's PDF (large-print.toml would replace
# overview--large-print.pdf; draft.toml would look like a draft), so brands may not.
FILE_NAME_WORDS = frozenset(
    {*EDITIONS, *LAYOUTS, "print-ready", "fold-marks", "draft", "en", "zh-hans", "ms", "ta"}
)

# Combinations never made, and why. At 16 pt the six panels of a tri-fold hold about a
# third of a leaflet: not even its key messages fit (what it is, what to do, where to
# get help), and large-print readers are owed the same content as everyone else (UKAAF).
UNMADE = {
    ("large-print", "trifold"): (
        "a large-print tri-fold cannot hold the leaflet's key messages at 16 pt; "
        "build the large-print A4 leaflet instead (--edition large-print --layout leaflet)"
    ),
}


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
        if self.fold_marks and self.layout != "trifold":
            object.__setattr__(self, "fold_marks", False)


def output_name(
    leaflet: Leaflet,
    brand: Brand,
    edition: str,
    layout: str,
    print_ready: bool = False,
    fold_marks: bool = False,
    draft: bool = False,
    suffix: str = ".pdf",
) -> str:
    """File name of a job's output; the default variant keeps the plain ``<slug>.pdf``.

    Other variants add only the parts that differ from the default, always in the
    order brand, edition, layout, language, print-ready (or fold marks), draft:
    ``overview--example-partner--large-print.pdf``, ``overview--trifold--print-ready.pdf``.
    A draft never takes an approved PDF's name, so it cannot pass for one.
    """
    parts = [leaflet.slug]
    if brand.key != DEFAULT_BRAND:
        parts.append(brand.key)
    if edition != EDITIONS[0]:
        parts.append(edition)
    if layout != LAYOUTS[0]:
        parts.append(layout)
    if leaflet.lang != "en":
        parts.append(leaflet.lang)
    if print_ready:
        parts.append("print-ready")
    elif fold_marks and layout == "trifold":
        parts.append("fold-marks")
    if draft:
        parts.append("draft")
    return "--".join(parts) + suffix

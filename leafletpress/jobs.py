"""A job is one PDF to produce: a leaflet in one variant, and the file it goes to.

The classes live in model.py and the layouts in layouts.py; this module keeps the
names the rest of the package plans jobs with.
"""

from __future__ import annotations

from .layouts import LAYOUTS
from .model import EDITIONS, Brand, Job, Leaflet, Variant

__all__ = ["EDITIONS", "LAYOUTS", "UNMADE", "Job", "output_name"]

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
    """File name of a job's output (see Variant.file_name): ``overview--trifold.pdf``."""
    variant = Variant(leaflet.lang, brand.key, edition, layout, print_ready, fold_marks, draft)
    return variant.file_name(leaflet.slug, suffix)

"""Tri-folds: inside panels that are well used, and the key messages always on the sheets.

The key messages are what the leaflet is about, what to do, and where to get help (with
"In short"). Panel fill is measured on the rendered PDF with pdfium (see pagefill.py).
"""

from __future__ import annotations

import shutil

import pdffacts
import pytest
from conftest import ROOT, SLUGS, FixtureProject, assert_one_error
from pagefill import inside_panel_fills, outside_panel_fills

LEAST_PANEL_FILL = 0.70  # each inside panel
LEAST_FLAP_FILL = 0.85  # the outside flap: never half empty (issue 22)
WHAT_IT_IS = {
    "overview": "What is PSPS Type 2?",
    "scs-what-to-expect": "What is spinal cord stimulation?",
    "when-to-see-a-specialist": "What signs should you look out for?",
}
# What a patient must find in each folded leaflet besides "In short" and "Where to get help".
KEY_MESSAGES = {
    "overview": ["What you can do next", "Get help urgently", "What if you choose no treatment?"],
    # The SCS cover promises what to expect: the trial, the risks and when to get help, and the
    # choice; the flap's ruled lines and "Ask your doctor" stand in for "What you can do next".
    "scs-what-to-expect": [
        "What happens in the trial?",
        "Get help urgently",
        "MRI",
        "What if you choose not to have SCS?",
    ],
    "when-to-see-a-specialist": ["What you can do next", "Get help urgently"],
}
BRANDS = ["", "--example-partner"]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("slug", SLUGS)
def test_each_inside_panel_of_a_trifold_is_well_used(matrix, slug, brand):
    fills = inside_panel_fills(matrix / f"{slug}{brand}--trifold.pdf")
    assert min(fills) >= LEAST_PANEL_FILL, fills


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_outside_flap_is_never_half_empty(matrix, slug, brand):
    """Issue 22: with no contact details (the shipped default brand) the flap held "In short"
    and the clinic's name over half a panel of nothing; ruled lines for the reader's
    questions now fill it, under the line saying who to ask."""
    path = matrix / f"{slug}{brand}--trifold.pdf"
    assert outside_panel_fills(path)["flap"] >= LEAST_FLAP_FILL
    if not brand:
        text = pdffacts.page_texts(path)[0]
        assert "Questions? Ask your doctor or pain specialist." in text
        assert "Your questions for your next visit" in text


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_standard_trifold_carries_the_key_messages(matrix, slug, brand):
    text = pdffacts.text(matrix / f"{slug}{brand}--trifold.pdf")
    for message in ["In short", WHAT_IT_IS[slug], "Where to get help", *KEY_MESSAGES[slug]]:
        assert message in text, message


def test_a_qr_code_pushed_into_the_panels_foot_fails_the_build(tmp_path):
    """The flap's text fits, but the QR code under it runs into the padding at the foot."""
    project = FixtureProject(tmp_path / "project")
    shutil.copytree(ROOT / "leaflets" / "overview", project.root / "leaflets" / "overview")
    with (project.root / "styles" / "layout-trifold.css").open("a") as css:
        css.write(".booking-qr { margin-top: 30mm; }\n")
    result = project.build("--layout", "trifold", "--brand", "example-partner", "-j", "1")
    assert_one_error(
        result, r"overview/en\.md:\d+: the tri-fold's flap panel is about \d+ mm too long"
    )

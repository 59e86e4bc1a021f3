"""A partner's leaflet names the clinic on its front; About offers the other print size."""

from __future__ import annotations

import pdffacts
import pytest
from conftest import SLUGS

CLINIC_LINE = "Information from Total Pain Specialist"


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("variant", ["", "--large-print", "--trifold"])
def test_a_co_branded_front_names_the_clinic_under_the_partner(matrix, slug, variant):
    front = pdffacts.page_texts(matrix / f"{slug}--example-partner{variant}.pdf")
    cover = front[0]  # the title band, or the tri-fold's outside sheet (its cover panel)
    assert "Harbourside Family Practice (example)" in cover
    assert CLINIC_LINE in cover


@pytest.mark.parametrize("slug", SLUGS)
def test_the_clinics_own_leaflet_does_not_name_it_twice(matrix, slug):
    assert CLINIC_LINE not in pdffacts.text(matrix / f"{slug}.pdf")


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize(
    ("variant", "other"),
    [("", "large print"), ("--trifold", "large print"), ("--large-print", "standard print")],
)
def test_about_offers_the_leaflet_in_the_other_print_size(matrix, slug, variant, other):
    text = pdffacts.text(matrix / f"{slug}{variant}.pdf")
    assert f"You can ask your care team for it in {other}." in text

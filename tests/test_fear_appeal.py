"""Fear appeals (issue 22): 'if you wait' pushes a reader to book; `check` warns about it."""

from __future__ import annotations

import pytest
from conftest import SLUGS
from test_checks import findings

from leafletpress import advertising
from leafletpress.checks.registry import WARNING


@pytest.mark.parametrize(
    "sentence",
    [
        "If you wait, the pain may get harder to treat over time.",
        "Don't delay: book your assessment today.",
        "Act before it's too late.",
        "The longer you wait, the harder it is to treat.",
        "Waiting may make your symptoms worse.",
        "Delaying treatment can lead to more pain.",
    ],
)
def test_a_fear_appeal_is_found(sentence):
    assert advertising.find("ad-fear-appeal", sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "If you want to wait and see, that is your choice.",
        "Wait for the numbness to wear off before you drive.",
        "Do not wait for your next visit if you have a fever: get help the same day.",
        "Your doctor will explain how long the trial lasts.",
        "Go to an emergency department at once, or call 995 for an ambulance.",
    ],
)
def test_a_sentence_that_informs_passes(sentence):
    assert advertising.find("ad-fear-appeal", sentence) == []


def test_check_warns_about_a_fear_appeal_with_its_line(fixture_project):
    fixture_project.valid_leaflet(body="## Why act early?\n\nIf you wait, it may get worse.\n")
    (found,) = [f for f in findings(fixture_project) if f.rule == "ad-fear-appeal"]
    assert found.level == WARNING and found.line == 18
    assert found.message.startswith("'If you wait' is a fear appeal")


def test_the_shipped_leaflets_make_no_fear_appeal():
    assert [f for f in findings_of_shipped() if f.rule == "ad-fear-appeal"] == []


def findings_of_shipped():
    from conftest import ROOT

    class Shipped:
        root = ROOT

    return findings(Shipped, slugs=SLUGS)

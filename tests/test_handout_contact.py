"""A handout tells the patient to contact the clinic: never with nothing to contact (issue 22)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, TODAY, run

import leafletpress
from leafletpress.errors import LeafletPressError

REFUSED = (
    r"brands/default\.toml:\d+: has no phone, email, address or website, and a handout tells "
    r"the patient to contact the clinic: fill in at least one of contact\.phone"
)


def no_contact(project) -> None:
    brand = project.root / "brands" / "default.toml"
    brand.write_text(re.sub(r'(?m)^phone = ".*"$', 'phone = ""', brand.read_text()))


def test_a_handout_in_a_brand_with_no_way_to_reach_the_clinic_is_refused(fixture_project, tmp_path):
    fixture_project.valid_leaflet()
    no_contact(fixture_project)
    pack = tmp_path / "pack.pdf"
    result = run("handout", "sample", "--patient", "A Patient", "-o", str(pack),
                 project=fixture_project.root)  # fmt: skip
    assert result.exit_code == 1
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert re.search(REFUSED, error), error
    assert not pack.exists()
    # A build of the same leaflet only warns: a printed leaflet may carry the name alone.
    assert fixture_project.build().exit_code == 0


def test_the_same_handout_is_made_once_the_brand_has_a_phone(fixture_project, tmp_path):
    fixture_project.valid_leaflet()  # the tests' default brand has a made-up phone
    pack = tmp_path / "pack.pdf"
    result = run("handout", "sample", "--patient", "A Patient", "-o", str(pack),
                 project=fixture_project.root)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pack.is_file()


def test_the_shipped_default_brand_is_refused_for_handouts_until_the_clinic_fills_it_in():
    project = leafletpress.open_project(ROOT)
    with pytest.raises(LeafletPressError, match=REFUSED):
        leafletpress.make_handout(project, ["overview"], "A Patient", today=TODAY)
    made = leafletpress.make_handout(
        project, ["overview"], "A Patient", brand="example-partner", today=TODAY
    )
    assert made.pdf.startswith(b"%PDF-")


def test_the_web_app_refuses_it_in_the_same_words(fixture_project):
    from leafletpress.web import create_app

    fixture_project.valid_leaflet()
    no_contact(fixture_project)
    client = create_app(fixture_project.root, today=lambda: TODAY).test_client()
    answer = client.post("/api/handout", json={"leaflets": ["sample"], "patient": "A Patient"})
    assert answer.status_code == 422
    messages = [problem["message"] for problem in answer.get_json()["problems"]]
    assert any(re.search(REFUSED.replace(r"brands/default\.toml:\d+: ", ""), m) for m in messages)

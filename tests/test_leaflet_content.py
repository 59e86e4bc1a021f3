"""What the shipped leaflets say (issue 12): true to the source, balanced, pictured, contactable.

Each wording test reads the Markdown a writer edits and fails on the wording it replaced;
the PDF tests read the default build that the whole session shares.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdffacts
import pypdf
import pytest
from conftest import ROOT, SLUGS, VALID_FRONT_MATTER, run
from test_checks import findings

from leafletpress.content import load_leaflet

LEAFLETS = {slug: load_leaflet(ROOT / "leaflets" / slug / "en.md") for slug in SLUGS}
OVERVIEW, SCS, WHEN = (LEAFLETS[slug] for slug in SLUGS)


def everything(leaflet) -> str:
    """All the words a reader meets: the front matter a PDF prints, and the body."""
    return " ".join(
        [leaflet.title, leaflet.subtitle, leaflet.summary, *leaflet.in_short, leaflet.body]
    )


def section(leaflet, heading: str) -> str:
    """The Markdown of one ``##`` section, without its heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", leaflet.body, re.M | re.S)
    assert match, f"{leaflet.slug} has no section '## {heading}'"
    return match.group(1)


def block_with(leaflet, phrase: str) -> str:
    """The first paragraph or list item that uses ``phrase``: where a term must be explained."""
    for block in re.split(r"\n\s*\n|\n(?=- )", leaflet.body):
        if phrase.lower() in block.lower():
            return block
    raise AssertionError(f"{leaflet.slug} never uses '{phrase}'")


# ------------------------------------------------------------------ drifts from the source


def test_overview_in_short_says_the_old_name_does_not_mean_the_surgery_failed():
    in_short = " ".join(OVERVIEW.in_short)
    assert "does not mean your surgery went wrong" not in in_short
    assert "failed back surgery syndrome. The name does not mean your surgery failed" in in_short


def test_nerve_pain_is_not_said_to_come_with_a_spine_that_looks_fine():
    assert not any("looks fine" in everything(leaflet) for leaflet in LEAFLETS.values())
    assert "even when problems in the structure of the spine are small" in OVERVIEW.body


def test_medicines_ease_inflammation_not_swelling():
    assert not any("swelling" in everything(leaflet) for leaflet in LEAFLETS.values())
    assert "to ease pain and inflammation" in block_with(OVERVIEW, "**Medicines**")


def test_waiting_is_not_said_to_make_pain_long_lasting():
    for leaflet in LEAFLETS.values():
        assert "may become long-lasting" not in everything(leaflet)
    assert "If you wait, the pain may get harder to treat" in WHEN.body


def test_recovery_does_not_read_as_the_readers_fault():
    assert "depends on you as a person" not in WHEN.body
    assert "other factors that differ from person to person" in WHEN.body


OTHER_NAMES = ["persistent", "long-term", "ongoing", "goes on", "go on", "carried on", "carry on"]


@pytest.mark.parametrize("slug", SLUGS)
def test_one_name_for_the_long_lasting_pain(slug):
    """'Long-lasting pain' only; the condition's name and the leaflet titles are names."""
    text = everything(LEAFLETS[slug])
    for name in ["Persistent Spinal Pain Syndrome", *(lf.title for lf in LEAFLETS.values())]:
        text = text.replace(name, "")
    used = [word for word in OTHER_NAMES if re.search(rf"\b{word}\b", text, re.I)]
    assert used == []
    assert "long-lasting" in text


@pytest.mark.parametrize("idiom", ["a spell of", "bit by bit", "getting on", "lingers"])
def test_no_idioms_that_readers_of_a_second_language_may_not_know(idiom):
    assert [s for s, lf in LEAFLETS.items() if idiom in everything(lf)] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_normal_healing_time_is_explained_where_it_is_first_used(slug):
    first = block_with(LEAFLETS[slug], "normal healing time")
    assert "normal healing time is the time" in first or "(the time in which" in first


@pytest.mark.parametrize(
    ("leaflet", "term", "explanation"),
    [
        (OVERVIEW, "flare-ups", "(times when pain is worse)"),
        (OVERVIEW, "MRI or CT", "detailed pictures of the inside of your body"),
        (WHEN, "MRI or CT", "detailed pictures of the inside of your body"),
        (OVERVIEW, "Radiofrequency ablation", "not an open operation"),
        (OVERVIEW, "Numbness or weakness", "painful leg"),
    ],
    ids=["flare-ups", "scans-overview", "scans-when-to-see", "rfa", "affected-limb"],
)
def test_terms_are_explained_where_they_are_first_used(leaflet, term, explanation):
    assert explanation in block_with(leaflet, term)
    assert "affected limb" not in leaflet.body


# ------------------------------------------------------------------ the SCS leaflet's balance


def test_scs_says_what_choosing_not_to_have_it_means_from_the_sources_treatments():
    choice = section(SCS, "What if you choose not to have SCS?")
    assert "does not mean you have no treatment" in choice
    for treatment in [
        "medicines",
        "physiotherapy",
        "posture",
        "image-guided injections",
        "radiofrequency ablation",
    ]:
        assert treatment in choice
    assert "only if doctors find a clear cause that surgery can fix" in choice


def test_scs_keeps_minimally_invasive_and_the_spines_structure_as_two_facts():
    text = section(SCS, "What is spinal cord stimulation?")
    assert "This means it does not involve major changes" not in text
    sentence = next(s for s in re.split(r"(?<=\.) ", text) if "minimally invasive" in s)
    assert "structure" not in sentence


def test_scs_reversibility_is_no_stronger_than_the_source():
    text = everything(SCS)
    assert "undone" not in text and "even after a permanent device" not in text
    assert section(SCS, "Can SCS be reversed?").strip().startswith("SCS is a reversible procedure.")


def test_scs_says_the_doctor_will_explain_what_the_source_leaves_out():
    explain = section(SCS, "What will your doctor explain?")
    assert "risks and side effects" in explain
    assert "mean you need help straight away" in explain


@pytest.mark.parametrize("slug", SLUGS)
def test_every_leaflet_records_its_gaps_for_the_clinical_reviewer(slug):
    gaps = LEAFLETS[slug].gaps_for_reviewer
    assert any("urgent care" in gap for gap in gaps)
    assert any("risks" in gap for gap in gaps)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_leaflet_names_the_other_two_in_the_series(slug):
    others = [lf.title for other, lf in LEAFLETS.items() if other != slug]
    assert [title for title in others if f"*{title}*" not in LEAFLETS[slug].body] == []


# ------------------------------------------------------------------ in the PDF


def test_the_scs_pdf_has_the_section_on_choosing_not_to_have_it(built):
    assert "What if you choose not to have SCS?" in pdffacts.text(built / "scs-what-to-expect.pdf")


def figures(path: Path) -> list[str]:
    """The alternative text of each Figure in the PDF's structure tree, in order."""
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(pdffacts.reader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize(
    ("slug", "alt_start", "label"),
    [
        ("overview", "Steps of care, from first to last: 1, simple care", "Simple care"),
        ("scs-what-to-expect", "The steps of SCS, in order: 1, assessment", "Assessment"),
    ],
)
def test_each_diagram_is_a_tagged_figure_with_alt_text_in_the_typeface(
    built, slug, alt_start, label
):
    pdf = built / f"{slug}.pdf"
    assert [alt for alt in figures(pdf) if alt.startswith(alt_start)], figures(pdf)
    page = next(i for i, text in enumerate(pdffacts.page_texts(pdf)) if label in text)
    fonts = {font for text, font in pdffacts.text_runs(pdf, page) if label in text}
    assert fonts and all("Atkinson-Hyperlegible" in font for font in fonts), fonts


@pytest.mark.parametrize("svg", sorted((ROOT / "leaflets").glob("*/*.svg")), ids=lambda p: p.name)
def test_diagrams_print_their_text_at_16_pt_in_the_typeface(svg):
    """Drawn in points no wider than the 156 mm text column, so they are never scaled down."""
    text = svg.read_text(encoding="utf-8")
    width = re.search(r'<svg[^>]* width="([\d.]+)pt"[^>]* viewBox="0 0 ([\d.]+) ', text)
    assert width and float(width.group(1)) == float(width.group(2)) <= 442
    assert 'font-family="Atkinson Hyperlegible, sans-serif"' in text
    assert min(float(size) for size in re.findall(r'font-size="([\d.]+)"', text)) >= 16


# ------------------------------------------------------------------ the rules behind them


def test_check_lists_each_gap_for_the_reviewer_with_its_file_and_line(fixture_project):
    gaps = "gaps_for_reviewer:\n  - risks of the treatment\n  - warning signs\n---\n"
    body = "\n## A heading\n\nSome text.\n"
    fixture_project.leaflet("sample", VALID_FRONT_MATTER.removesuffix("---\n") + gaps + body)
    result = run("check", project=fixture_project.root)
    assert result.exit_code == 0, result.output
    lines = [
        line.replace(f"{fixture_project.root}/", "")
        for line in result.stdout.splitlines()
        if "governance-gaps-for-reviewer" in line
    ]
    assert lines == [
        "leaflets/sample/en.md:15: warning: governance-gaps-for-reviewer: for the clinical "
        "reviewer, a gap the sources leave: risks of the treatment; once a clinician has "
        "dealt with it, remove it from gaps_for_reviewer",
        "leaflets/sample/en.md:16: warning: governance-gaps-for-reviewer: for the clinical "
        "reviewer, a gap the sources leave: warning signs; once a clinician has dealt with it, "
        "remove it from gaps_for_reviewer",
    ]


def test_a_leaflet_without_gaps_gets_no_gap_warning(fixture_project):
    fixture_project.valid_leaflet()
    assert "governance-gaps-for-reviewer" not in {f.rule for f in findings(fixture_project)}


def no_phone(project) -> None:
    """Take out the phone the test project gives its default brand: as shipped, it has none."""
    brand = project.root / "brands" / "default.toml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(re.sub(r'(?m)^phone = ".*"$', 'phone = ""', text), encoding="utf-8")
    assert text != brand.read_text(encoding="utf-8")


def contact_findings(project, brand: str) -> list[str]:
    return [
        str(f).replace(f"{project.root}/", "")
        for f in findings(project)
        if f.rule == "brand-contact" and f.path.name == f"{brand}.toml"
    ]


def test_a_brand_with_no_way_to_reach_the_clinic_is_warned_about(fixture_project):
    fixture_project.valid_leaflet()
    no_phone(fixture_project)
    assert contact_findings(fixture_project, "default") == [
        "brands/default.toml:13: warning: brand-contact: gives patients no way to reach the "
        "clinic, so 'Where to get help' prints only its name; fill in at least one of "
        "contact.phone, contact.email, contact.address or contact.website from the clinic's "
        "own records (never guess them)"
    ]


def test_opening_hours_and_a_booking_link_alone_are_no_way_to_reach_the_clinic(fixture_project):
    fixture_project.valid_leaflet()
    no_phone(fixture_project)
    brand = fixture_project.root / "brands" / "default.toml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(
        text.replace('hours = ""', 'hours = "9 am to 5 pm"').replace(
            'booking_url = ""', 'booking_url = "https://example.com/book"'
        ),
        encoding="utf-8",
    )
    assert len(contact_findings(fixture_project, "default")) == 1
    brand.write_text(text.replace('phone = ""', 'phone = "+65 0000 0000"'), encoding="utf-8")
    assert contact_findings(fixture_project, "default") == []


def test_a_brand_with_contact_details_passes_the_contact_rule(fixture_project):
    fixture_project.valid_leaflet()
    assert contact_findings(fixture_project, "example-partner") == []


def test_strict_check_fails_on_a_brand_with_no_contact_details(fixture_project):
    fixture_project.valid_leaflet()  # a leaflet with nothing to warn about
    assert run("check", "--strict", project=fixture_project.root).exit_code == 0
    no_phone(fixture_project)
    result = run("check", "--strict", project=fixture_project.root)
    assert result.exit_code == 1
    assert "brands/default.toml:13: warning: brand-contact:" in result.stdout
    assert "Error: failing because of warnings, as --strict asks." in result.stderr


def test_no_brand_ships_invented_contact_details():
    """The clinic's details are not in the sources: only the fictional example has any."""
    text = (ROOT / "brands" / "default.toml").read_text(encoding="utf-8")
    assert re.findall(r'^(?:phone|email|address|website) = "(.+)"', text, re.M) == []

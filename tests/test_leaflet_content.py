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
    assert "even when problems in the spine itself are small" in OVERVIEW.body


def test_medicines_ease_inflammation_not_swelling():
    assert not any("swelling" in everything(leaflet) for leaflet in LEAFLETS.values())
    assert "for pain and inflammation" in block_with(OVERVIEW, "**Medicines**")


@pytest.mark.parametrize("leaflet", [OVERVIEW, SCS], ids=["overview", "scs"])
def test_inflammation_is_explained_as_the_bodys_reaction_where_it_is_first_used(leaflet):
    """The review: 'irritation in the body' misleads; the plain meaning is a reaction to injury."""
    assert "irritation in the body" not in leaflet.body
    assert "inflammation (the body's reaction to injury" in block_with(leaflet, "inflammation")


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
    assert section(SCS, "Can SCS be reversed?").strip().startswith("SCS can be reversed.")
    assert "Ask your doctor what that would involve" in section(SCS, "Can SCS be reversed?")


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


# ------------------------------------------------------ the patient and clinician review
# Each row is (leaflet, wording the review found wrong, wording that replaced it): the test
# fails if the old wording comes back or the new one goes.

REVIEW_FIXES = [
    # the pain is compared with before surgery, not said never to improve
    ("overview", "may stay the same or get worse", "may be the same as before surgery, or worse"),
    # the source does not tie 'no clear problem' to scans
    ("overview", "If scans show no clear problem", "If there is no clear problem that surgery"),
    ("overview", "how you respond", "how well each treatment works"),
    # 'particularly in flare-ups' is not 'only in flare-ups'
    ("overview", "mainly in flare-ups", "most of all in flare-ups"),
    # the SCS bullet says a device goes in, after a trial
    ("overview", "small electrical pulses to the spinal cord. These", "a device in your body"),
    # 'habits' sounds like blame, and the link to the pain was lost
    ("overview", "activity habits", "may add to the pain"),
    # every treatment's downside, not surgery's alone
    ("overview", "explain the risks of each.", "Injections, RFA and SCS also have possible risks"),
    ("scs-what-to-expect", "reversible procedure", "SCS has possible risks"),
    # the source says 'typically'; the In short says 'usually'
    ("scs-what-to-expect", "is considered only after a trial", "usually comes only after a trial"),
    # 'this' could be read as SCS
    (
        "scs-what-to-expect",
        "Doctors call this Persistent",
        "Doctors call this kind of pain Persistent",
    ),
    # too close to the source's sentences
    ("scs-what-to-expect", "focuses on pain signals", "SCS works on these pain signals"),
    ("scs-what-to-expect", "change or interrupt signals", "It does not aim to change the spine"),
    (
        "scs-what-to-expect",
        "Recovery is usually gradual",
        "after the device is fitted usually takes time",
    ),
    (
        "when-to-see-a-specialist",
        "help guide the right treatment",
        "choose a treatment that suits you",
    ),
    (
        "when-to-see-a-specialist",
        "how it is managed",
        "With treatment, many people find they can do more",
    ),
    # 'targeted' and 'aimed at the source' claim more than the source; SCS acts on signals
    (
        "when-to-see-a-specialist",
        "aimed at the source",
        "such as injections or spinal cord stimulation",
    ),
    ("when-to-see-a-specialist", "targets the cause", "Early treatment can help you do better"),
    # short-term nerve symptoms and reporting numbness no longer clash
    (
        "when-to-see-a-specialist",
        "nerve symptoms can also happen as you recover.\n",
        "Tell your surgeon about any you have.",
    ),
    # worsening pain goes to the surgeon or doctor, not just 'should be checked'
    ("when-to-see-a-specialist", "should be checked", "ask your surgeon or doctor to check it"),
]


@pytest.mark.parametrize(
    ("slug", "old", "new"), REVIEW_FIXES, ids=[f"{s}:{new[:30]}" for s, _, new in REVIEW_FIXES]
)
def test_the_reviews_finding_stays_fixed(slug, old, new):
    text = everything(LEAFLETS[slug])
    assert old not in text
    assert new in text


@pytest.mark.parametrize(
    "phrase",
    [
        "the right treatment",
        "the right care",
        "the right step",
        "quality of life",
        "structure of the spine",
        "small procedure",
        "targeted care",
    ],
)
def test_no_leaflet_uses_wording_the_review_found_promotional_or_unclear(phrase):
    """'The right treatment' promises; the rest are words a patient could not follow."""
    assert [s for s, lf in LEAFLETS.items() if phrase in everything(lf).lower()] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_no_sentence_is_a_fragment_starting_with_or(slug):
    assert not re.search(r"(?:^|[.?!] )Or ", LEAFLETS[slug].body, re.M)


def test_the_when_to_see_in_short_does_not_send_readers_to_the_clinic_alone():
    """The clinic is called Total Pain Specialist: its first message names the reader's doctor."""
    first = WHEN.in_short[0]
    assert not first.startswith("See a pain specialist")
    assert first.startswith("Talk to your doctor or a pain specialist")
    assert "Talk to your surgeon, family doctor or a pain specialist if:" in section(
        WHEN, "What signs should you look out for?"
    )


def test_the_steps_of_care_say_not_everyone_needs_every_step():
    steps = section(OVERVIEW, "What are the steps of care?")
    after_figure = steps.split("(steps-of-care.svg)", 1)[1]
    assert "Not everyone needs every step." in after_figure
    svg = (ROOT / "leaflets" / "overview" / "steps-of-care.svg").read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert labels[labels.index("Simple care") + 1 : labels.index("Simple care") + 3] == [
        "(medicines,",
        "physio)",
    ]


def test_the_scs_path_says_what_is_adjusted_and_that_you_may_stop_after_the_trial():
    svg = (ROOT / "leaflets" / "scs-what-to-expect" / "scs-path.svg").read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert "adjust it" not in labels
    assert labels[-2:] == ["adjust the", "device"]
    after_figure = section(SCS, "What are the steps of SCS?").split("(scs-path.svg)", 1)[1]
    assert "After the trial, you may decide to stop." in after_figure


def test_scs_explains_leads_before_its_diagram_names_them():
    steps = section(SCS, "What are the steps of SCS?")
    assert steps.index("Leads are thin wires") < steps.index("temporary leads")


def test_the_scs_trial_section_says_once_what_the_trial_is_for():
    trial = section(SCS, "What happens in the trial?")
    said = ["how well SCS works", "what SCS might do", "find this out"]
    assert sum(trial.count(phrase) for phrase in said) == 1
    assert "For some people SCS does not help enough." in trial


def test_scs_says_choosing_no_more_treatment_is_allowed():
    assert "SCS can be reversed. You can choose other treatments, or none." in SCS.in_short
    choice = section(SCS, "What if you choose not to have SCS?")
    assert "SCS is your choice, and so is having no more treatment." in choice


def test_scs_says_the_doctor_explains_life_with_the_device_and_records_the_gap():
    assert "what you can and cannot do afterwards" in section(SCS, "What will your doctor explain?")
    gaps = " ".join(SCS.gaps_for_reviewer)
    for gap in ["what you cannot do afterwards", "living with the device", "no figure"]:
        assert gap in gaps


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


def test_the_shipped_leaflets_have_only_the_findings_a_clinician_or_the_clinic_must_clear():
    """Wording edits must not bring back a long paragraph, a hard section or an ad phrase:
    the only findings left are the pending reviewer, the gaps it must see, and the contact
    details only the clinic can give."""
    import json

    result = run("check", "--format", "json")
    rules = {
        finding["rule"]
        for entry in json.loads(result.stdout)["files"]
        for finding in entry["findings"]
    }
    assert rules == {
        "governance-reviewer-pending",
        "governance-gaps-for-reviewer",
        "brand-contact",
    }

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


@pytest.mark.parametrize("leaflet", [OVERVIEW], ids=["overview"])
def test_inflammation_is_explained_as_the_bodys_reaction_where_it_is_first_used(leaflet):
    """The review: 'irritation in the body' misleads; the plain meaning is a reaction to injury."""
    assert "irritation in the body" not in leaflet.body
    assert "inflammation (the body's reaction to injury" in block_with(leaflet, "inflammation")


def test_waiting_is_not_said_to_make_pain_long_lasting():
    for leaflet in LEAFLETS.values():
        assert "may become long-lasting" not in everything(leaflet)


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


# The SCS leaflet says it in plain words instead ("longer than healing should take").
@pytest.mark.parametrize("slug", ["overview", "when-to-see-a-specialist"])
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
    assert "SCS is your choice. So is having no more treatment." in choice
    for treatment in ["medicines", "physiotherapy", "injections", "radiofrequency ablation"]:
        assert treatment in choice
    assert "only if doctors find a clear cause that surgery can fix" in choice


def test_scs_says_what_minimally_invasive_hid_an_operation_with_leads_and_a_battery():
    """Issue 22: 'minimally invasive' was left unexplained; the NHS leaflets say what is done."""
    assert "minimally invasive" not in everything(SCS)
    text = section(SCS, "What is spinal cord stimulation?")
    assert "SCS needs an operation." in text
    assert "through a needle" in text and "small battery unit also goes under your skin" in text


def test_scs_reversibility_is_no_stronger_than_the_source():
    text = everything(SCS)
    assert "undone" not in text and "even after a permanent device" not in text
    assert "can be reversed" not in text
    assert "Ask your doctor what that would involve" in section(SCS, "Can you stop SCS?")


def test_scs_names_the_risks_the_nhs_leaflets_give_and_the_doctor_explains_the_rest():
    risks = section(SCS, "What are the results and risks?")
    for risk in ["infected", "a lead can shift", "the skin by the battery can be sore"]:
        assert risk in risks
    assert "Your doctor will explain the risks before you decide." in risks


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
    (
        "overview",
        "small electrical pulses to the spinal cord. These",
        "puts a small device in your body",
    ),
    # every treatment's downside, not surgery's alone
    ("overview", "explain the risks of each.", "Injections, RFA and SCS also have possible risks"),
    ("scs-what-to-expect", "reversible procedure", "Every operation has risks."),
    # the source says 'typically'; the In short says 'usually'
    (
        "scs-what-to-expect",
        "is considered only after a trial",
        "You usually try it first, in a trial",
    ),
    # 'this' could be read as SCS
    (
        "scs-what-to-expect",
        "Doctors call this Persistent",
        "Doctors call this kind of pain Persistent",
    ),
    # too close to the source's sentences
    ("scs-what-to-expect", "focuses on pain signals", "SCS works on pain signals from your nerves"),
    ("scs-what-to-expect", "change or interrupt signals", "It does not aim to change the spine"),
    (
        "scs-what-to-expect",
        "Recovery is usually gradual",
        "to change the settings and check how SCS works",
    ),
    (
        "when-to-see-a-specialist",
        "help guide the right treatment",
        "choose a treatment that suits you",
    ),
    (
        "when-to-see-a-specialist",
        "how it is managed",
        "Some people slowly get better with treatment",
    ),
    # 'targeted' and 'aimed at the source' claim more than the source; SCS acts on signals
    (
        "when-to-see-a-specialist",
        "aimed at the source",
        "Spinal cord stimulation (SCS) is one more option, but it needs an operation too",
    ),
    ("when-to-see-a-specialist", "targets the cause", "Being checked early may make it easier"),
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


def test_the_scs_path_says_what_is_adjusted():
    svg = (ROOT / "leaflets" / "scs-what-to-expect" / "scs-path.svg").read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert "adjust it" not in labels
    assert labels[labels.index("Follow-up") + 1 : labels.index("Follow-up") + 3] == [
        "to adjust",
        "the device",
    ]


def test_scs_explains_leads_before_its_diagram_names_them():
    assert SCS.body.index("Leads are thin wires") < SCS.body.index("temporary leads")


def test_the_scs_trial_section_says_once_what_the_trial_is_for():
    trial = section(SCS, "What happens in the trial?")
    said = ["how well SCS works", "what SCS might do", "find this out"]
    assert sum(trial.count(phrase) for phrase in said) == 1
    assert "For some people SCS does not help enough." in trial


def test_scs_says_choosing_no_more_treatment_is_allowed():
    assert (
        "You can choose other treatments, or none. A device can be switched off, or removed "
        "in another operation." in SCS.in_short
    )
    choice = section(SCS, "What if you choose not to have SCS?")
    assert "SCS is your choice. So is having no more treatment." in choice


def test_scs_says_what_living_with_the_device_means_and_records_the_gap():
    """Issue 22: nothing said what living with SCS means (NHS leaflets on SCS)."""
    living = section(SCS, "What is living with SCS like?")
    for fact in [
        "hand-held remote",
        "charging through your skin",
        "replaced in a smaller operation",
    ]:
        assert fact in living
    # With the risks, so that the tri-fold, which keeps that section, carries it too.
    risks = section(SCS, "What are the results and risks?")
    assert "Always tell staff you have an SCS device before a scan or procedure." in risks
    assert "Some devices limit MRI scans." in risks
    assert "tingling" in section(SCS, "What happens in the trial?")
    gaps = " ".join(SCS.gaps_for_reviewer)
    for gap in ["the remote", "MRI scans", "from NHS leaflets on SCS", "no figure"]:
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
    # A Chinese diagram (name.zh-Hans.svg) falls back to the packaged Chinese face.
    chinese = svg.name.endswith(".zh-Hans.svg")
    family = (
        "Atkinson Hyperlegible, Noto Sans SC, sans-serif"
        if chinese
        else "Atkinson Hyperlegible, sans-serif"
    )
    assert f'font-family="{family}"' in text
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
        "leaflets/sample/en.md:15: info: governance-gaps-for-reviewer: for the clinical "
        "reviewer, a gap the sources leave: risks of the treatment; once a clinician has "
        "dealt with it, remove it from gaps_for_reviewer",
        "leaflets/sample/en.md:16: info: governance-gaps-for-reviewer: for the clinical "
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


# ------------------------------------------ issue 22: what a clinician would sign
# Each test fails on the text of 25 November 2026 (before issue 22).

SVGS = {
    "overview": ROOT / "leaflets" / "overview" / "steps-of-care.svg",
    "scs-what-to-expect": ROOT / "leaflets" / "scs-what-to-expect" / "scs-path.svg",
}


def urgent_box(leaflet) -> str:
    """The text of the leaflet's "Get help urgently" box: a Markdown quote under its heading."""
    match = re.search(r"^> ### Get help urgently\n((?:>.*\n?)+)", leaflet.body, re.M)
    assert match, f"{leaflet.slug} has no '> ### Get help urgently' box"
    return " ".join(line.lstrip("> ").strip() for line in match.group(1).splitlines())


@pytest.mark.parametrize("slug", ["overview", "when-to-see-a-specialist"])
def test_scs_is_described_as_an_operation_wherever_it_is_described(slug):
    text = everything(LEAFLETS[slug])
    assert "does not involve surgery" not in text and "treatments that do not involve" not in text
    described = [b for b in re.split(r"\n\s*\n|\n(?=- )", LEAFLETS[slug].body) if "(SCS)" in b]
    assert described and all("operation" in block for block in described), described


def test_the_scs_leaflet_says_it_needs_an_operation_first():
    assert SCS.in_short[1] == "It needs an operation. You usually try it first, in a trial."


# Issue 22: the SCS leaflet's box had the wound and fever signs only; all three now agree.
@pytest.mark.parametrize("slug", SLUGS)
def test_every_leaflet_says_when_to_go_to_an_emergency_department(slug):
    box = urgent_box(LEAFLETS[slug])
    assert "Go to an emergency department at once, or call 995 for an ambulance" in box
    for sign in [
        "numbness around your bottom, genitals or inner thighs",
        "new trouble passing urine, leaking urine, or not feeling when your bladder is full",
        "loss of control of your bowels",
        "new weakness or numbness in both legs",
    ]:
        assert sign in box
    assert "Ask which signs need urgent care" not in LEAFLETS[slug].body
    assert "Ask them which signs mean you need urgent care" not in LEAFLETS[slug].body


def test_the_scs_leaflet_says_which_wound_and_fever_signs_need_help_the_same_day():
    box = urgent_box(SCS)
    assert "get medical help the same day for a fever" in box
    assert "your wound turns red, hot or swollen, or leaks" in box
    assert "call 995 for an ambulance" in box


@pytest.mark.parametrize(
    ("slug", "claim"),
    [
        ("scs-what-to-expect", "Many people have less pain after SCS"),
        ("scs-what-to-expect", "Many also find they can do more"),
        ("scs-what-to-expect", "SCS can be reversed"),
        ("when-to-see-a-specialist", "many people find they can do more"),
        ("when-to-see-a-specialist", "If you wait"),
        ("when-to-see-a-specialist", "may stop symptoms getting worse"),
        ("overview", "respond less well to treatment"),
    ],
)
def test_claims_the_sources_do_not_support_are_gone(slug, claim):
    assert claim not in everything(LEAFLETS[slug])


def test_scs_results_are_qualified_as_the_nhs_leaflets_give_them():
    assert "It may reduce pain, but usually not all of it. Results vary." in SCS.in_short
    results = section(SCS, "What are the results and risks?")
    assert "some pain usually stays" in results
    assert "How much it helps differs from one person to another." in results


def test_scs_says_a_device_is_switched_off_or_removed_in_another_operation():
    stop = section(SCS, "Can you stop SCS?")
    assert "the device can be switched off, or removed in another operation" in stop.lower()


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("overview", "You can choose to have no more treatment"),
        ("scs-what-to-expect", "SCS is your choice. So is having no more treatment."),
        ("when-to-see-a-specialist", "You choose which options to try, or none."),
    ],
)
def test_every_leaflet_says_choosing_no_more_treatment_is_allowed(slug, words):
    assert words in LEAFLETS[slug].body
    assert any(
        message.endswith("or none.") or "or none." in message for message in LEAFLETS[slug].in_short
    )


def test_the_overview_balances_what_may_happen_without_treatment_with_the_choice():
    choice = section(OVERVIEW, "What if you choose no treatment?")
    assert choice.strip().startswith("The choice is yours.")
    assert "For some people the pain then gets harder to control." in choice


@pytest.mark.parametrize(
    ("slug", "stop", "alt"),
    [
        (
            "overview",
            ["You can stop at any step, or choose no more treatment."],
            "you can stop at any step, or choose no more treatment",
        ),
        (
            "scs-what-to-expect",
            [
                "You can stop at any step. A device can be switched",
                "off, or removed in another operation.",
            ],
            "you can stop at any step; a device can be switched off, or removed in another "
            "operation",
        ),
    ],
)
def test_each_diagram_draws_a_way_to_stop_inside_it_and_says_so_in_its_alt_text(slug, stop, alt):
    svg = SVGS[slug].read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert labels[-len(stop) :] == stop  # the last thing drawn, under the steps
    arrows = re.findall(r'<path d="M[\d.]+ \d+ V\d+"', svg)  # drawn down from each step
    assert len(arrows) == len(re.findall(r"<circle ", svg))
    assert alt in re.search(r"<desc>(.*)</desc>", svg).group(1)
    image_alt = re.search(r"!\[([^\]]*)\]\(" + SVGS[slug].name, LEAFLETS[slug].body).group(1)
    assert alt in image_alt


def test_nice_is_cited_for_who_scs_may_suit_as_a_uk_body_with_its_qualifier():
    suits = section(SCS, "Who may SCS suit?")
    assert "NICE, a UK health body," in suits
    assert "nerve pain for at least 6 months despite usual treatments" in suits
    assert "In the UK, NICE advises" not in suits


@pytest.mark.parametrize(
    ("slug", "cited"),
    [
        (
            "overview",
            [
                "Total Pain Specialist",
                "NHS. nhs.uk/conditions/cauda-equina-syndrome",
                "NHS leaflet on SCS",
                "SCDF. Ambulance 995",
            ],
        ),
        (
            "scs-what-to-expect",
            [
                "Total Pain Specialist",
                "NICE TA159",
                "NHS. nhs.uk/conditions/cauda-equina-syndrome",
                "NHS leaflets on SCS",
                "SCDF. Ambulance 995",
            ],
        ),
        (
            "when-to-see-a-specialist",
            [
                "Total Pain Specialist",
                "NHS. nhs.uk/conditions/cauda-equina-syndrome",
                "NHS leaflet on SCS",
                "SCDF. Ambulance 995",
            ],
        ),
    ],
)
def test_each_leaflet_cites_every_source_it_uses_and_keeps_them_for_the_reviewer(slug, cited):
    leaflet = LEAFLETS[slug]
    assert [c for c in cited if not any(s.startswith(c) for s in leaflet.sources)] == []
    gaps = " ".join(leaflet.gaps_for_reviewer)
    assert "NHS" in gaps and "SCDF" in gaps
    if slug == "scs-what-to-expect":
        assert "NICE TA159" in gaps


def test_the_pdfs_say_last_updated_until_a_reviewer_is_named(built):
    for slug in SLUGS:
        text = pdffacts.text(built / f"{slug}.pdf")
        assert "Last updated" in text and "Last reviewed" not in text


def test_a_reviewed_leaflet_says_last_reviewed(fixture_project):
    fixture_project.leaflet(
        "sample",
        VALID_FRONT_MATTER.replace("author: Test author", "author: Test author\nreviewer: Dr A Tan")
        + "\n## A heading\n\nSome text.\n",
    )
    result = fixture_project.build("-j", "1", "-o", str(fixture_project.root / "out"))
    assert result.exit_code == 0, result.output
    text = pdffacts.text(fixture_project.root / "out" / "sample.pdf")
    assert "Last reviewed" in text and "Last updated" not in text


# The patient and clinician review of the four-page PDFs (issue 22, second pass)
@pytest.mark.parametrize(
    "copied",
    [
        "usually does not take all of it away",
        "varies from person to person",
        "As with any operation, there are risks",
        "Many people feel a tingling where their pain is",
    ],
)
def test_scs_does_not_copy_the_supplementary_facts_sentences(copied):
    assert copied not in everything(SCS)


def test_the_overview_says_more_spine_surgery_not_another_operation_beside_scs():
    assert "you often will not need more spine surgery" in OVERVIEW.body
    assert "will not need another operation" not in OVERVIEW.body
    assert "without more surgery" in " ".join(OVERVIEW.in_short)


def test_the_when_to_see_cover_promises_only_what_its_trifold_holds():
    assert "What happens at an assessment?" not in WHEN.trifold
    assert not any("assessment" in line for line in WHEN.in_short)

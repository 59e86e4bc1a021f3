"""Brands, editions, layouts and print-ready output: the variants marketing produces."""

from __future__ import annotations

import pdffacts
import pytest
from conftest import EARLIER_PDF, ROOT, SLUGS, front_matter, run

from leafletpress.brands import discover_brands, load_brand
from leafletpress.errors import LeafletPressError

PARTNER = load_brand(ROOT / "brands", "example-partner")
A4_LANDSCAPE = (841.89, 595.28)
MM = 72 / 25.4
VARIANTS = [
    "",
    "--large-print",
    "--trifold",
    "--example-partner",
    "--example-partner--large-print",
    "--example-partner--trifold",
]


def test_all_variants_of_the_shipped_project_builds_every_combination_with_predictable_names(
    matrix,
):
    # Every brand in the shipped brands/ folder, so a brand marketing adds is built too.
    extra = [b for b in discover_brands(ROOT / "brands") if b not in ("default", "example-partner")]
    brands = ["", "--example-partner", *(f"--{b}" for b in extra)]
    # Each in English and in every shipped translation (the Chinese, issue 24).
    variants = [
        f"{brand}{lang}{edition}"
        for brand in brands
        for lang in ("", "--zh-Hans")
        for edition in VARIANTS[:3]
    ]
    expected = sorted(f"{slug}{variant}.pdf" for slug in SLUGS for variant in variants)
    assert sorted(p.name for p in matrix.glob("*.pdf")) == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_large_print_is_at_least_16pt_and_reflows_onto_more_pages(matrix, slug):
    large = matrix / f"{slug}--large-print.pdf"
    sizes = pdffacts.body_font_sizes(large, top_margin_mm=16, bottom_margin_mm=20)
    assert min(sizes) >= 16
    standard_pages = len(pdffacts.reader(matrix / f"{slug}.pdf").pages)
    assert len(pdffacts.reader(large).pages) > standard_pages
    # Nothing was left out to make it fit: every section is still there.
    text = pdffacts.text(large)
    for heading in pdffacts.headings(ROOT / "leaflets" / slug / "en.md"):
        assert heading in text


@pytest.mark.parametrize("slug", SLUGS)
def test_trifold_is_two_a4_landscape_pages_with_its_sections(matrix, slug):
    pdf = matrix / f"{slug}--trifold.pdf"
    pages = pdffacts.reader(pdf).pages
    assert len(pages) == 2
    for page in pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_LANDSCAPE, abs=0.5)
    text = pdffacts.text(pdf)
    for fixed in ("In short", "Where to get help", "About this leaflet", "Next review"):
        assert fixed in text
    smallest = min(pdffacts.body_font_sizes(pdf, top_margin_mm=0, bottom_margin_mm=0))
    assert smallest >= 12


def test_a_large_print_trifold_is_refused_and_the_large_print_leaflet_offered(tmp_path):
    result = run("build", "--edition", "large-print", "--layout", "trifold", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "a large-print tri-fold cannot hold the leaflet's key messages at 16 pt" in result.stderr
    assert "--edition large-print --layout leaflet" in result.stderr
    assert not list(tmp_path.iterdir())


def test_every_variant_says_once_that_large_print_trifolds_are_not_made(matrix_result):
    notes = [line for line in matrix_result.stderr.splitlines() if line.startswith("Not made:")]
    slugs = ", ".join(SLUGS)
    assert notes == [
        "Not made: a large-print tri-fold cannot hold the leaflet's key messages at 16 pt; "
        "build the large-print A4 leaflet instead (--edition large-print --layout leaflet).",
        # --all-variants covers every language a leaflet has: the Chinese ship (issue 24).
        *(
            f"Not made: no {name} ({lang}) translation yet of {slugs} (leaflets/<slug>/{lang}.md)."
            for lang, name in (("ms", "Malay"), ("ta", "Tamil"))
        ),
    ]


def test_trifold_panels_are_in_letter_fold_order(matrix):
    """Outside sheet, left to right: inside flap, back, cover (the title on the right)."""
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(str(matrix / "overview--trifold.pdf"))[0]
    text_page = page.get_textpage()
    width = page.get_width()

    def panel_of(needle: str) -> int:
        found = text_page.search(needle).get_next()
        assert found, needle
        left = text_page.get_charbox(found[0])[0]
        return int(left // (width / 3))

    assert panel_of("In short") == 0
    assert panel_of("About this leaflet") == 1
    assert panel_of("Persistent pain after spine surgery") == 2


def test_qr_code_scans_to_the_brands_website_not_its_booking_page(matrix):
    """Render each page to pixels and read it with a real QR decoder.

    An educational leaflet informs; a QR code to the booking page would push a patient to book.
    """
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    for name in ("overview--example-partner.pdf", "overview--example-partner--trifold.pdf"):
        decoded = set()
        for page in pdfium.PdfDocument(str(matrix / name)):
            image = page.render(scale=3).to_pil()
            decoded |= {code.text for code in zxingcpp.read_barcodes(image)}
        assert decoded == {PARTNER.website}, name


def test_default_brand_without_a_website_prints_no_qr_code(matrix):
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    for page in pdfium.PdfDocument(str(matrix / "overview.pdf")):
        assert zxingcpp.read_barcodes(page.render(scale=3).to_pil()) == []


def test_brand_name_logo_and_contact_are_printed(matrix):
    text = pdffacts.text(matrix / "overview--example-partner.pdf")
    assert PARTNER.name in text
    for _label, value in PARTNER.contact_lines():
        if value == PARTNER.website:  # written out under the QR code, without https://
            value = value.split("://", 1)[1]
        assert pdffacts.normalise(value).replace(" ", "") in text.replace(" ", "")
    assert pdffacts.reader(matrix / "overview--example-partner.pdf").metadata.author == PARTNER.name


def test_print_ready_has_bleed_trim_and_crop_marks(fixture_project, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    fixture_project.valid_leaflet()
    assert fixture_project.build("-o", str(tmp_path / "plain")).exit_code == 0
    result = fixture_project.build("--print-ready", "-o", str(tmp_path / "print"))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "print" / "sample--print-ready.pdf"
    page = pdffacts.reader(pdf).pages[0]
    bleed = 3 * MM
    assert [float(v) for v in page.trimbox] == pytest.approx([0, 0, 595.28, 841.89], abs=0.5)
    assert [float(v) for v in page.bleedbox] == pytest.approx(
        [-bleed, -bleed, 595.28 + bleed, 841.89 + bleed], abs=0.5
    )
    # Crop marks: ink in the bleed area at each corner, outside the trimmed page.
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=2).to_pil().convert("L")
    w, h = image.size
    corner = int(bleed * 2) + 4  # the bleed and the trim line, in pixels at scale 2
    for box in ((0, 0), (w - corner, 0), (0, h - corner), (w - corner, h - corner)):
        region = image.crop((*box, box[0] + corner, box[1] + corner))
        assert region.getextrema()[0] < 128, f"no crop mark near {box}"
    plain = pdffacts.reader(tmp_path / "plain" / "sample.pdf").pages[0]
    assert [float(v) for v in plain.mediabox] == pytest.approx([0, 0, 595.28, 841.89], abs=0.5)


def test_fold_marks_sit_on_the_folds(fixture_project, tmp_path):
    """Letter fold: the flap is 3 mm narrower, so the folds sit at 97 and 197 mm outside
    and at 100 and 200 mm inside, and nowhere else along the top edge."""
    pdfium = pytest.importorskip("pypdfium2")
    fixture_project.leaflet(
        "sample",
        front_matter(trifold="[A heading]") + "\n## A heading\n\nSome text.\n",
    )
    result = fixture_project.build("--layout", "trifold", "--fold-marks", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    document = pdfium.PdfDocument(str(tmp_path / "sample--trifold--fold-marks.pdf"))
    # The outside's cover panel (197 mm onwards) is solid colour, so look left of it there.
    for side, folds, scan_mm in ((0, {97}, 196), (1, {100, 200}, 297)):
        image = document[side].render(scale=2).to_pil().convert("L")
        px_per_mm = image.size[0] / 297
        top_edge = [image.getpixel((x, 2)) for x in range(int(scan_mm * px_per_mm))]
        marked = {round(x / px_per_mm) for x, value in enumerate(top_edge) if value < 200}
        assert marked == folds, f"side {side}: marks at {sorted(marked)} mm"


def test_trifold_that_does_not_fit_fails_and_says_by_how_much(fixture_project):
    paragraph = "This sentence fills the panels of the tri-fold. " * 20
    long_section = "## A heading\n\n" + "\n\n".join([paragraph] * 20)
    fixture_project.leaflet(
        "sample",
        front_matter(trifold="[A heading]") + "\n" + long_section,
    )
    (fixture_project.root / "dist").mkdir()
    old = fixture_project.root / "dist" / "sample--trifold.pdf"
    old.write_bytes(EARLIER_PDF)
    result = fixture_project.build("--layout", "trifold")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "en.md:12: the 'trifold' sections do not fit the three inside panels: about "
        in result.stderr
    )
    assert "mm of text is left over" in result.stderr
    assert old.read_bytes() == EARLIER_PDF


def test_trifold_needs_its_sections_listed(fixture_project):
    fixture_project.valid_leaflet()
    result = fixture_project.build("--layout", "trifold")
    assert result.exit_code == 1
    assert "has no 'trifold' list" in result.stderr
    fixture_project.leaflet(
        "sample",
        front_matter(trifold="[No such heading]") + "\n## A heading\n\nText.\n",
    )
    result = fixture_project.build("--layout", "trifold")
    assert result.exit_code == 1
    assert "'trifold' names 'No such heading', which is not a ## heading" in result.stderr


def test_unknown_brand_exits_2_and_lists_known_ones():
    result = run("build", "--brand", "nope")
    assert result.exit_code == 2
    assert "unknown brand nope; known brands: default, example-partner" in result.stderr


def test_list_shows_brands_editions_and_layouts():
    result = run("list")
    assert result.exit_code == 0
    assert "example-partner" in result.stdout and PARTNER.name in result.stdout
    assert "standard, large-print" in result.stdout and "leaflet, trifold" in result.stdout


BRAND = """\
name = "Clinic"
logo = "logo.svg"
[colours]
primary = "#0B5563"
accent = "#E7F1F2"
on_primary = "#FFFFFF"
[contact]
booking_url = "https://example.com/book"
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("#0B5563", "#9BC5CC"), "colours.primary on white (headings) has contrast 1.9:1"),
        (("#E7F1F2", "#4A4A4A"), "body text on colours.accent (boxes) has contrast"),
        (("logo.svg", "missing.svg"), "'logo' file missing.svg not found; put the SVG beside"),
        (
            ("https://example.com/book", "javascript:alert(1)"),
            "'contact.booking_url' must be a web",
        ),
        (("[contact]", "[contact]\nemail = 'not an address'"), "'contact.email' must be an email"),
        (("[colours]", "[colours]\nsecondary = '#000000'"), "unknown key 'colours.secondary'"),
    ],
)
def test_each_brand_error_names_file_and_key(tmp_path, change, message):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "clinic.toml").write_text(BRAND.replace(*change))
    with pytest.raises(LeafletPressError) as caught:
        load_brand(tmp_path, "clinic")
    assert any(
        str(p).startswith(str(tmp_path / "clinic.toml")) and message in str(p)
        for p in caught.value.problems
    ), caught.value.problems


def test_valid_brand_fixture_loads(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "clinic.toml").write_text(BRAND)
    assert load_brand(tmp_path, "clinic").booking_url == "https://example.com/book"


def test_a_draft_trifold_is_stamped_on_both_sides(fixture_project, tmp_path):
    fixture_project.leaflet(
        "sample",
        front_matter(trifold="[A heading]") + "\n## A heading\n\nSome text.\n",
    )
    result = fixture_project.build("--layout", "trifold", "--skip-checks", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = pdffacts.reader(tmp_path / "sample--trifold--draft.pdf").pages
    assert len(pages) == 2
    for page in pages:
        assert "DRAFT - not approved" in pdffacts.normalise(page.extract_text())


@pytest.mark.parametrize("name", ["large-print", "trifold", "draft"])
def test_a_brand_named_like_a_part_of_file_names_is_refused_by_build_and_check(
    fixture_project, name
):
    """large-print.toml once silently replaced overview--large-print.pdf."""
    fixture_project.valid_leaflet()
    brands = fixture_project.root / "brands"
    (brands / f"{name}.toml").write_text((brands / "example-partner.toml").read_text())
    build = fixture_project.build("--brand", name)
    assert build.exit_code == 1
    assert f"{name}.toml: is named like a part of PDF file names ('{name}')" in build.stderr
    assert not list((fixture_project.root / "dist").glob("*.pdf"))
    check = run("check", project=fixture_project.root)
    assert check.exit_code == 1
    assert f"{name}.toml: error: brand-file: is named like a part of PDF file names" in check.stdout

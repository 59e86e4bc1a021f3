"""Print faults of issue 22: a neutral QR caption, web addresses that break only at slashes."""

from __future__ import annotations

from pathlib import Path

import pdffacts
from pagefill import measure

from leafletpress.render import url_breaks


def test_the_qr_caption_is_neutral_and_writes_the_address_out(matrix):
    text = pdffacts.text(matrix / "overview--example-partner.pdf")
    assert "Scan for the appointments page" not in text
    assert "More information example.com/ harbourside" in " ".join(text.split())


def test_a_web_address_gets_a_break_opportunity_after_each_slash_only():
    html = str(url_breaks("NICE TA159. nice.org.uk/guidance/ta159 <b>"))
    assert html == (
        'NICE TA159. <span class="url"><span>nice.org.uk/</span><wbr><span>guidance/</span>'
        "<wbr><span>ta159</span></span> &lt;b&gt;"
    )
    html = str(url_breaks("https://example.com/a-b/"))
    assert (
        html == '<span class="url"><span>https://example.com/</span><wbr><span>a-b/</span></span>'
    )


def test_printed_web_addresses_never_break_at_their_own_hyphens(matrix):
    """'nhs.uk/conditions/cauda-equina-' then 'syndrome' would be typed without its hyphen."""
    for brand in ["", "--example-partner"]:
        name = f"scs-what-to-expect{brand}--trifold.pdf"
        lines = [line.text.strip() for page in measure(matrix / name).pages for line in page.lines]
        assert any("cauda-equina-syndrome" in line for line in lines), name


def test_printed_web_addresses_break_only_after_a_slash(matrix):
    """Every line of the partner's help box that holds part of an address ends at a slash
    or at the address's end: never 'example.com/h' then 'arbourside'."""
    for name in ["overview--example-partner.pdf", "overview--example-partner--large-print.pdf"]:
        lines = [line.text.strip() for page in measure(matrix / name).pages for line in page.lines]
        # pdfium may join a table's label to the value on its line ("...com/Website").
        words = [word.strip("•").removesuffix("Website") for line in lines for word in line.split()]
        pieces = [
            word
            for word in words
            if "@" not in word and ("example.com" in word or word.startswith("harbourside"))
        ]
        assert pieces, name
        # Each piece of an address on a line ends at a slash, or is the address's own end.
        ends = ("/", "/harbourside", "harbourside", "book")
        assert [p for p in pieces if not p.endswith(ends)] == [], name
        assert [w for w in words if w.endswith("book")], name  # the address is printed whole


def _diagrams(html: str) -> list[str]:
    """The SVG text of each diagram the HTML shows, whether a file or a data: URI."""
    import base64
    import re
    from urllib.parse import unquote, urlsplit

    found = []
    for src in re.findall(r'<img [^>]*?src="([^"]+)"', html):
        if src.startswith("data:image/svg+xml;base64,"):
            found.append(base64.b64decode(src.split(",", 1)[1]).decode("utf-8"))
        elif src.endswith(".svg"):
            found.append(Path(unquote(urlsplit(src).path)).read_text(encoding="utf-8"))
    return found


def test_a_partners_diagrams_are_drawn_in_its_colours(tmp_path):
    from conftest import run

    for brand in ("default", "example-partner"):
        result = run("build", "--brand", brand, "--html", "-o", str(tmp_path / brand))
        assert result.exit_code == 0, result.output
    default_html = next((tmp_path / "default").glob("overview*.html")).read_text()
    partner_html = next((tmp_path / "example-partner").glob("overview*.html")).read_text()
    (clinic,) = [svg for svg in _diagrams(default_html) if "Steps of care" in svg]
    (partner,) = [svg for svg in _diagrams(partner_html) if "Steps of care" in svg]
    assert "#0B5563" in clinic and "#5B2A86" not in clinic
    assert "#0B5563" not in partner.upper() and "#5B2A86" in partner.upper()
    assert "#E7F1F2" not in partner.upper() and "#F1EAF7" in partner.upper()


def test_a_handouts_leaflets_are_laid_out_line_for_line_as_the_approved_leaflets(built, tmp_path):
    """Issue 22: the handout's copies broke differently (a stray piece of the help box,
    an orphan line); each leaflet in it now has the approved leaflet's pages and lines."""
    import conftest
    from conftest import SLUGS, run

    pack = tmp_path / "pack.pdf"
    result = run("handout", *SLUGS, "--patient", "Tan Mei Ling", "-o", str(pack))
    assert result.exit_code == 0, result.output
    # The handout is made with the tests' brand (it has a phone): compare with leaflets
    # built from the same project.
    approved = tmp_path / "approved"
    assert run("build", "-o", str(approved), project=conftest.SHIPPED).exit_code == 0
    handout = [[line.text for line in page.lines] for page in measure(pack).pages]
    for slug in SLUGS:
        leaflet = [
            [line.text for line in page.lines] for page in measure(approved / f"{slug}.pdf").pages
        ]
        start = next(i for i, page in enumerate(handout) if page[:3] == leaflet[0][:3])
        assert handout[start : start + len(leaflet)] == leaflet, slug


# What a cover's summary may promise, and the words the inside must then hold.
PROMISES = {
    "how it can be treated": "How is PSPS Type 2 treated?",
    "which signs need help at once": "Get help urgently",
    "who it may suit": "Who may SCS suit?",
    "recovery": "recovery",
    "results": "results",
    "what an assessment involves": "What happens at an assessment?",
    "questions you may want to ask": "What questions could you ask?",
    "the trial": "What happens in the trial?",
}


def test_a_trifold_cover_promises_only_what_is_inside(matrix):
    """Issue 22: the SCS cover promised 'who it may suit, the trial, recovery, results'."""
    from conftest import ROOT, SLUGS

    from leafletpress.content import load_leaflet

    broken = []
    for slug in SLUGS:
        summary = load_leaflet(ROOT / "leaflets" / slug / "en.md").summary
        inside = pdffacts.page_texts(matrix / f"{slug}--trifold.pdf")[1]
        broken += [
            (slug, promise)
            for promise, heading in PROMISES.items()
            if promise in summary and heading.lower() not in inside.lower()
        ]
    assert broken == []

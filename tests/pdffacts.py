"""Read facts back out of a PDF with pypdf: the things a user relies on, not how we made them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdf

MM = 72 / 25.4


def reader(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(str(path))


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and white space so text can be compared with the source."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(
        str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    )
    return re.sub(r"\s+", " ", text).strip()


def text(path: Path) -> str:
    return normalise(" ".join(page.extract_text() or "" for page in reader(path).pages))


def page_texts(path: Path) -> list[str]:
    """The normalised text of each page, in page order."""
    return [normalise(page.extract_text() or "") for page in reader(path).pages]


def text_runs(path: Path, page_number: int = 0) -> list[tuple[str, str]]:
    """(text, font name) of each visible run of text on one page, in drawing order."""
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict is not None:
            runs.append((normalise(text), str(font_dict.get("/BaseFont"))))

    reader(path).pages[page_number].extract_text(visitor_text=visit)
    return runs


def outline_pages(path: Path) -> list[tuple[str, int]]:
    """(title, page number from 1) of each top-level bookmark."""
    pdf = reader(path)
    return [
        (normalise(item.title), pdf.get_destination_page_number(item) + 1)
        for item in pdf.outline
        if not isinstance(item, list)
    ]


def body_font_sizes(
    path: Path, top_margin_mm: float = 14, bottom_margin_mm: float = 18
) -> list[float]:
    """Effective size (pt) of every visible text run outside the header and footer zones."""
    sizes: list[float] = []
    for page in reader(path).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font_dict, font_size, height=height):
            if not text.strip():
                return
            # Effective size: font size scaled by the text matrix and the current transformation.
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            y = tm[5] * cm[3] + cm[5]
            if bottom_margin_mm * MM < y < height - top_margin_mm * MM:
                sizes.append(round(font_size * scale, 2))

        page.extract_text(visitor_text=visit)
    return sizes


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page -> whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in reader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None
                and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found[name] = found.get(name, False) or embedded
    return found


def outline_titles(path: Path) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(normalise(item.title))

    walk(reader(path).outline)
    return titles


def has_attachments(path: Path) -> bool:
    pdf = reader(path)
    names = pdf.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        return True
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                return True
    return False


def headings(markdown_path: Path) -> list[str]:
    """The ``#``-style headings of a leaflet's Markdown body, as plain text."""
    body = markdown_path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [normalise(m.group(2)) for m in re.finditer(r"^(#{1,6})\s+(.+?)\s*#*$", body, re.M)]


def drawing_problem(path: Path, scale: float = 0.2) -> str | None:
    """Why a second engine (pdfium) cannot use the PDF at ``path``, or None if it can.

    The file must end with ``%%EOF`` (pdfium quietly repairs a file cut short, so
    that is checked first), open, have pages, and draw every page to an image.
    """
    import pypdfium2 as pdfium

    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        return "does not start with %PDF-"
    if not data.rstrip().endswith(b"%%EOF"):
        return "does not end with %%EOF: the file is cut short"
    try:
        document = pdfium.PdfDocument(data)
        try:
            if len(document) == 0:
                return "has no pages"
            for index in range(len(document)):
                page = document[index]
                page.render(scale=scale).close()
                page.close()
        finally:
            document.close()
    except Exception as error:  # pdfium reports a broken file in several ways
        return f"pdfium: {type(error).__name__}: {error}"
    return None


def image_count(path: Path) -> int:
    """How many raster images the PDF's pages draw."""
    return sum(len(page.images) for page in reader(path).pages)


def glyph_codes(path: Path, family: str) -> tuple[list[int], dict[int, str]]:
    """Every glyph code drawn in a font whose name holds ``family`` (two bytes each, as
    WeasyPrint writes Identity-H fonts), and those fonts' ToUnicode maps: code -> text."""
    from pypdf.generic import ContentStream

    codes: list[int] = []
    mapped: dict[int, str] = {}
    for page in reader(path).pages:
        fonts = {
            name: font.get_object()
            for name, font in ((page.get("/Resources") or {}).get("/Font") or {}).items()
        }
        current = None
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"Tf":
                font = fonts.get(operands[0])
                current = font if font and family in str(font.get("/BaseFont")) else None
                if current is not None:
                    mapped |= _to_unicode(current)
            elif current is not None and operator in (b"Tj", b"TJ"):
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for item in strings:
                    if isinstance(item, bytes | str) and not isinstance(item, int | float):
                        data = item if isinstance(item, bytes) else item.original_bytes
                        codes += [int.from_bytes(data[i : i + 2]) for i in range(0, len(data), 2)]
    return codes, mapped


def _to_unicode(font) -> dict[int, str]:
    """The font's ToUnicode map, from its ``bfchar`` entries (WeasyPrint writes no ranges)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.get_object().get_data().decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be") if target else ""
    return found

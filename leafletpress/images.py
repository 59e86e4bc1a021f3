"""How much work an image can make: SVG drawings read safely and measured, pixels counted.

WeasyPrint draws an SVG by walking its elements, and expands every ``<use>`` by
copying the element it points to. Ten uses of a group, each of ten uses of the group
before, six levels deep, is 1.6 KB that WeasyPrint expands to a million elements
(205 s and 1.8 GB). Raster images it decodes whole, including ``data:`` images inside
an SVG, which the file-size and pixel bounds on image files never saw. So every image
is measured here, before the engine sees it, with a parser that cannot be made to do
more work than the file's size: expat, with entity declarations refused (no internal DTD),
and the expanded size of the drawing computed from its references without expanding
them. The bounds are ten times what real logos and diagrams use (the example brand's
logo has 6 elements; an exported diagram a few hundred) and are listed in the
README's Safety section.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from xml.parsers import expat

from . import limits
from .errors import LeafletPressError
from .svgtext import DrawnWords, PlacementError

# Elements in one SVG file, as written. An exported diagram has a few hundred.
MAX_SVG_ELEMENTS = 10_000
# Elements inside one another in an SVG: WeasyPrint draws by recursion.
MAX_SVG_DEPTH = 50
# References followed through one another (a <use> of a group that holds a <use> ...).
MAX_SVG_REFERENCE_DEPTH = 8
# Elements WeasyPrint draws once every reference is expanded. It draws about 10,000 a
# second here (a flat drawing of 10,000 squares: 1.05 s), so 20,000 keep the worst
# drawing to about 2 s.
MAX_SVG_EXPANDED = 20_000
# <image> elements in one SVG: each is fetched and decoded.
MAX_SVG_IMAGES = 20

# Characters of text in one SVG (in <text>, <title> and <desc>). The engine lays out
# each positioned character on its own: 60,000 took 13 s. A diagram has a few hundred.
MAX_SVG_TEXT_CHARS = 5_000
# Text an SVG holds that is printed (<text>, with its <tspan> and <textPath>) or read
# aloud (<title>, <desc>): it is checked like the leaflet's own text.
SVG_TEXT_TAGS = {"text", "title", "desc"}
# The typeface an SVG's text must ask for first: any other family (or none, which the
# engine reads as the machine's sans-serif) is drawn from a font of this machine.
PACKAGED_FAMILY = "atkinson hyperlegible"
# How the engine (weasyprint/svg/) finds the elements one element draws besides its
# children. It takes the fragment of the URL in these attributes and looks the element
# up by id in this drawing, whatever file the URL names (``utils.parse_url``, with or
# without ``url()``); only <use> also compares the file, and then follows a link to
# this file's own name as readily as ``#id`` (``defs.get_use_tree``). So every
# fragment of these attributes is counted as a reference into this drawing.
# Markers are drawn at every vertex of the shape; fill, stroke and markers are
# inherited by every element inside the one that names them (``Node.cascade``).
MARKER_ATTRIBUTES = {"marker", "marker-start", "marker-mid", "marker-end"}
INHERITED_REFERENCES = MARKER_ATTRIBUTES | {"fill", "stroke"}
OWN_REFERENCES = {"href", "clip-path", "mask", "filter"}
# Vertices the engine draws in the time of one shape: 100,000 took it 0.6 to 1.1 s, as
# long as 10,000 squares (measured: a path, a polyline and squares, each alone).
VERTICES_PER_SHAPE = 10
_NUMBER = re.compile(rb"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
# What a <style> or style="" may set: how shapes and letters look, nothing that names
# a font, another element or file, or moves a shape or a letter (the measures and the
# text the checks read come from attributes, and a stylesheet applies to many elements).
STYLE_PROPERTIES = {
    "fill", "stroke", "color", "opacity", "fill-opacity", "stroke-opacity", "fill-rule",
    "clip-rule", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stop-color", "stop-opacity", "font-size",
    "font-weight", "font-style", "text-anchor", "text-decoration", "dominant-baseline",
    "alignment-baseline", "baseline-shift", "display",
    "visibility", "vector-effect", "shape-rendering", "paint-order",
}  # fmt: skip
# What only a style attribute may set, not a <style>: what places letters, whose element
# the text reading (svgtext.py) must know, and a stylesheet may set on many at once.
PLACING_PROPERTIES = {
    "font-size", "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "display", "visibility",
}  # fmt: skip
REFERENCE_PROPERTIES = MARKER_ATTRIBUTES | {"clip-path", "mask", "filter"}

SVG_SUFFIXES = {".svg"}
XLINK_HREF = "http://www.w3.org/1999/xlink href"


@dataclass(frozen=True)
class Measure:
    """What an image costs to print, or why it is refused.

    ``pixels`` are those the engine decodes (a raster image's, or those of the raster
    images inside an SVG); ``shapes`` the elements it draws (1 for a raster image).
    """

    pixels: int = 0
    shapes: int = 1
    problem: str | None = None
    kind: str | None = None  # "raster" or "svg": what the engine would open it as; None if neither
    texts: tuple[tuple[int, str], ...] = ()  # an SVG's (line, text) printed or read aloud
    printed: tuple[tuple[int, str], ...] = ()  # of those, the lines its <text> prints


class _RefusedError(Exception):
    """Raised inside the expat handlers to stop parsing at the first problem."""


def measure(path: Path) -> Measure:
    """Measure the image file at ``path``: its size, its pixels, and for an SVG its drawing.

    Measured by what the file holds, never by its name: the engine opens any file it
    is given as an image with Pillow, or failing that as an SVG, whatever it is
    called. Never decodes pixels and never follows a reference out of the file, so it
    costs no more than reading the file once (at most limits.MAX_IMAGE_BYTES); a pipe
    or a device is refused unread.
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        return Measure(problem=f"cannot be read: {error.strerror or error}")
    if size > limits.MAX_IMAGE_BYTES:
        return Measure(problem=_too_large(size))
    try:
        data = limits.read_bounded(path, limits.MAX_IMAGE_BYTES, "save it smaller")
    except LeafletPressError as error:
        return Measure(problem=error.problems[0].message)
    return measure_bytes(data, path.parent)


def measure_bytes(data: bytes, folder: Path | None = None) -> Measure:
    """Measure an image's bytes as the engine would open them, by their content.

    XML (an SVG, whatever its name or MIME type) is measured as a drawing; anything
    else as a raster image, which Pillow identifies from its first bytes. ``kind``
    of the result is None when the bytes are neither (a stylesheet, a font).
    """
    if len(data) > limits.MAX_IMAGE_BYTES:
        kind = "svg" if looks_like_xml(data) else measure_raster(data).kind
        return Measure(problem=_too_large(len(data)), kind=kind)
    if looks_like_xml(data):
        return measure_svg(data, folder)
    return measure_raster(data)


def looks_like_xml(data: bytes) -> bool:
    """Whether ``data`` could be parsed as XML (so the engine could draw it as an SVG).

    XML starts with ``<`` after an optional byte-order mark and white space, or is
    UTF-16 (which expat recognises by its first two bytes).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        return True
    return data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<")


def _too_large(size: int) -> str:
    return (
        f"is {size / 1e6:.1f} MB; {limits.MAX_IMAGE_BYTES // 1_000_000} MB at most: "
        "save it smaller (print needs no more than 300 pixels an inch)"
    )


def measure_raster(source: Path | bytes) -> Measure:
    """Pixels of a raster image (a file or its bytes), read from its header alone.

    Pillow warns (DecompressionBombWarning, truncated or odd files) through Python's
    warnings, which would print raw on standard error: they are caught here and
    become our own refusal, so the writer reads one line that says what to do.
    """
    from PIL import Image

    cap = limits.MAX_IMAGE_PIXELS // 1_000_000
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            opened = io.BytesIO(source) if isinstance(source, bytes) else source
            with Image.open(opened) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return Measure(problem=f"claims more than {cap} million pixels", kind="raster")
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same here
        return Measure(problem="is not an image that can be read; save it again as PNG or JPEG")
    if width * height > limits.MAX_IMAGE_PIXELS:
        return Measure(
            problem=f"is {width:,} x {height:,} pixels; {cap} million pixels at most: "
            "scale it down",
            kind="raster",
        )
    odd = [w for w in caught if not issubclass(w.category, Image.DecompressionBombWarning)]
    if odd:
        return Measure(
            problem=f"looks damaged ({_sentence(odd[0].message)}); save it again as PNG or JPEG",
            kind="raster",
        )
    return Measure(pixels=width * height, kind="raster")


def measure_svg(data: bytes, folder: Path | None = None) -> Measure:
    """Measure an SVG drawing's bytes without letting it do more work than its size.

    Refused: a DOCTYPE that declares anything (so no entity can expand), a file
    that is not well-formed, more than MAX_SVG_ELEMENTS elements or MAX_SVG_DEPTH levels,
    references that go round in a circle, chains of them deeper than
    MAX_SVG_REFERENCE_DEPTH, more than MAX_SVG_EXPANDED elements once every reference
    is expanded, an SVG inside the SVG (as an ``<image>``), and ``data:`` or sibling
    raster images beyond the pixel bound. ``folder`` is where relative ``<image>``
    files are measured; references elsewhere are left to the fetcher, which refuses them.
    Returns the pixels of the raster images it holds, each counted once (the engine
    decodes each address once).
    """
    tree = _SvgTree()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = tree.doctype
    parser.EntityDeclHandler = tree.entity
    parser.StartElementHandler = tree.start
    parser.EndElementHandler = tree.end
    parser.CharacterDataHandler = tree.characters
    tree.parser = parser
    try:
        parser.Parse(data, True)
        tree.check_text()
        expanded, depth = tree.expanded()
        if depth > MAX_SVG_REFERENCE_DEPTH:
            raise _RefusedError(
                f"an SVG whose references (<use>) go {depth} deep; "
                f"{MAX_SVG_REFERENCE_DEPTH} at most: simplify the drawing"
            )
        if expanded > MAX_SVG_EXPANDED:
            raise _RefusedError(
                f"an SVG that draws more than {MAX_SVG_EXPANDED:,} shapes once its <use> "
                "copies are expanded and its markers drawn at every vertex; simplify the "
                "drawing, or save it as PNG"
            )
        pixels = sum(_image_pixels(href, folder) for href in dict.fromkeys(tree.images))
        # Read aloud: <title> and <desc>, as written; printed: the lines <text> makes.
        spoken = [text for text, aloud in zip(tree.texts, tree.spoken, strict=True) if aloud]
        printed = tuple(tree.drawn.lines())
        texts = tuple(sorted((line, " ".join(text.split())) for line, text in [*spoken, *printed]))
        return Measure(pixels, expanded, kind="svg", texts=texts, printed=printed)
    except _RefusedError as refusal:
        return Measure(problem=f"is {refusal}", kind="svg")
    except expat.ExpatError as error:
        return Measure(
            problem=f"is not an SVG that can be read ({expat.ErrorString(error.code)}, "
            f"line {error.lineno}); save it again from the drawing program",
            kind="svg",
        )


class _SvgTree:
    """The shape of an SVG as expat reads it: children, ids and references of each element."""

    def __init__(self) -> None:
        self.children: list[list[int]] = []
        self.references: list[list[str]] = []  # ids each element draws once
        self.marker_references: list[list[str]] = []  # ids it draws at every vertex
        self.ids: dict[str, list[int]] = {}  # elements by id, as a reference may name it
        self.images: list[str] = []
        self.open: list[int] = []
        self.multipliers: list[int] = []  # marker copies an element draws (one per vertex)
        self.weights: list[int] = []  # an element's own cost in shapes (vertices, letters)
        self.inherited: list[dict[str, str]] = []  # fill, stroke, markers, font family
        self.texts: list[tuple[int, str]] = []  # (line, text) of <text>, <title>, <desc>
        self.text_depth = 0  # open elements inside the outermost text element
        self.text_chars = 0
        self.style: list[str] | None = None  # the text of an open <style>
        self.style_line = 0
        self.holds_text: set[int] = set()  # text elements, by index
        self.spoken: list[bool] = []  # for each of self.texts: <title> or <desc>, read aloud
        self.drawn = DrawnWords()  # the letters <text> prints, placed as the engine does
        self.parser = None

    def doctype(self, _name, _system_id, _public_id, has_internal_subset) -> None:
        """Refuse a DOCTYPE that declares anything: entities are how XML bombs and XXE work.

        Drawing programs write a bare ``<!DOCTYPE svg PUBLIC ...>``; that declares
        nothing and no parser here fetches it, so it is allowed.
        """
        if has_internal_subset:
            self.entity()

    def entity(self, *_args) -> None:
        raise _RefusedError(
            "an SVG that declares entities (in its DOCTYPE); save it again without them"
        )

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        index = len(self.children)
        if index >= MAX_SVG_ELEMENTS:
            raise _RefusedError(
                f"an SVG of more than {MAX_SVG_ELEMENTS:,} elements; simplify the drawing, "
                "or save it as PNG"
            )
        if len(self.open) >= MAX_SVG_DEPTH:
            raise _RefusedError(
                f"an SVG whose elements are nested more than {MAX_SVG_DEPTH} deep; "
                "flatten its groups"
            )
        local_tag = tag.rsplit(" ", 1)[-1]
        line = self.parser.CurrentLineNumber if self.parser else 0
        if local_tag in ("font", "font-face"):
            raise _RefusedError(
                f"an SVG that carries a font of its own (<{local_tag}>, line {line}); "
                "its text must use the packaged typeface, Atkinson Hyperlegible"
            )
        if self.open:
            self.children[self.open[-1]].append(index)
        self.children.append([])
        self.open.append(index)
        own = _local_attributes(attributes)
        if "style" in own:
            # The engine lets style="" override the attributes (Node.cascade).
            own.update(_check_style(own["style"], "style attribute", line, declarations=True))
        for spacing in ("letter-spacing", "textLength"):
            if spacing in own:  # widths the text reading cannot estimate
                raise _RefusedError(
                    f"an SVG that spaces its letters with {spacing} (line {line}); "
                    "leave the spacing to the typeface"
                )
        # The engine reads `font="16px Serif"` as a font family too (Node.cascade).
        if len((own.get("font") or "").split(maxsplit=1)) == 2:
            own["font-size"], own["font-family"] = own["font"].split(maxsplit=1)
        parent = self.inherited[-1] if self.inherited else {}
        inherited = dict(parent)
        for key in (*INHERITED_REFERENCES, "font-family"):
            if key in own and own[key].strip() != "inherit":
                inherited[key] = own[key]
        family = inherited.get("font-family", "")
        if "font-family" in own and not _is_packaged(family):
            # Any element's family reaches the text it holds or copies (a <use> passes
            # its own to the element it copies), so none may name another typeface.
            raise _RefusedError(
                f"an SVG that names another typeface on line {line}; "
                'give its text font-family="Atkinson Hyperlegible, sans-serif"'
            )
        refs = []
        for key in OWN_REFERENCES:
            if key in own and not (key == "href" and local_tag == "image"):
                refs += _fragments(own[key])
        for key in ("fill", "stroke"):
            if "url(" in inherited.get(key, ""):
                refs += _fragments(inherited[key])
        markers = [f for key in MARKER_ATTRIBUTES for f in _fragments(inherited.get(key, ""))]
        if "id" in own:
            self.ids.setdefault(_normal_id(own["id"]), []).append(index)
        if local_tag == "image" and "href" in own:
            self.images.append(own["href"].strip())
        self.references.append(refs)
        self.marker_references.append(markers)
        vertices = _vertices(own)
        self.multipliers.append(vertices if markers else 1)
        self.weights.append(1 + vertices // VERTICES_PER_SHAPE)
        self.inherited.append(inherited)
        if len(self.images) > MAX_SVG_IMAGES:
            raise _RefusedError(f"an SVG with more than {MAX_SVG_IMAGES} images; simplify it")
        if local_tag == "style":
            self.style = []
            self.style_line = line
        if self.text_depth or local_tag in SVG_TEXT_TAGS:
            if not self.text_depth:
                self.texts.append((line, ""))
                self.spoken.append(local_tag != "text")
            self.text_depth += 1
        try:
            self.drawn.start(local_tag, own, line)
        except PlacementError as error:
            raise _RefusedError(str(error)) from None
        if local_tag in ("text", "tspan", "textPath", "tref"):
            self.holds_text.add(index)
            if not _is_packaged(family):
                raise _RefusedError(
                    f"an SVG whose text on line {line} is not set in the packaged typeface; "
                    'give it font-family="Atkinson Hyperlegible, sans-serif"'
                )

    def characters(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)
        self.drawn.characters(data, self.parser.CurrentLineNumber if self.parser else 0)
        if self.text_depth:
            line, text = self.texts[-1]
            self.texts[-1] = (line, text + data)
            self.text_chars += len(data.strip())
            # Each letter is laid out (positioned letters one by one): a shape's cost.
            self.weights[self.open[-1]] += len(data.strip())
            if self.text_chars > MAX_SVG_TEXT_CHARS:
                raise _RefusedError(
                    f"an SVG of more than {MAX_SVG_TEXT_CHARS:,} characters of text; "
                    "put the words in the leaflet, or simplify the drawing"
                )

    def end(self, _tag: str) -> None:
        self.open.pop()
        self.inherited.pop()
        self.drawn.end()
        if self.text_depth:
            self.text_depth -= 1
        if self.style is not None and _tag.rsplit(" ", 1)[-1] == "style":
            css, self.style = "".join(self.style), None
            _check_style(css, "<style>", self.style_line, declarations=False)

    def check_text(self) -> None:
        """Refuse text that hides characters from the checks or that the typeface lacks.

        The SVG's words print (or are read aloud) like the leaflet's own, so they obey
        the same rules as leaflet text (text.value_problem), naming the SVG's line.
        """
        from .text import value_problem

        for line, text in self.texts:
            problem = value_problem(text, multiline=True)
            if problem is not None:
                raise _RefusedError(f"an SVG whose text on line {line} {problem}")

    def expanded(self) -> tuple[int, int]:
        """(elements drawn once references are expanded, deepest chain of references).

        Each element counts itself, its children and whatever it refers to, so a
        reference costs the size of what it copies. Computed once per element, in
        post-order, without recursion (a malicious file must not exhaust Python's stack),
        and capped just above the bound so numbers stay small. A reference back to an
        element still being measured is a circle, which the engine would follow forever.
        """
        cap = MAX_SVG_EXPANDED + 1
        count: list[int | None] = [None] * len(self.children)
        depth: list[int] = [0] * len(self.children)
        for root in range(len(self.children)):
            if count[root] is not None:
                continue
            on_path: set[int] = set()
            stack: list[tuple[int, bool]] = [(root, False)]
            while stack:
                index, done = stack.pop()
                targets = [t for r in self.references[index] for t in self.ids.get(r, ())]
                marked = [t for r in self.marker_references[index] for t in self.ids.get(r, ())]
                if done:
                    on_path.discard(index)
                    if any(t in self.holds_text for t in targets + marked):
                        raise _RefusedError(
                            "an SVG that draws its text again through a reference (<use>, "
                            "a marker or pattern); write each text once, with x and y"
                        )
                    if any(c in self.holds_text for c in self.children[index]):
                        self.holds_text.add(index)
                    total = self.weights[index] + sum(count[c] for c in self.children[index])
                    total += sum(count[t] for t in targets)
                    # A marker is drawn at every vertex of the shape that names it.
                    total += sum(count[t] for t in marked) * self.multipliers[index]
                    count[index] = min(total, cap)
                    depth[index] = max(
                        [depth[c] for c in self.children[index]]
                        + [depth[t] + 1 for t in targets + marked]
                        + [0]
                    )
                    continue
                if count[index] is not None:
                    continue
                if index in on_path:
                    raise _RefusedError("an SVG whose references (<use>) go round in a circle")
                on_path.add(index)
                stack.append((index, True))
                for following in self.children[index] + targets + marked:
                    if following in on_path:
                        raise _RefusedError("an SVG whose references (<use>) go round in a circle")
                    if count[following] is None:
                        stack.append((following, False))
        return (count[0] or 0, depth[0]) if count else (0, 0)


def _vertices(attributes: dict[str, str]) -> int:
    """Vertices of a path, polyline, polygon or line: where markers are drawn.

    Counted from the numbers of its ``d`` or ``points`` (two per vertex, so an arc's
    seven numbers count more than one vertex: never fewer than are drawn).
    """
    geometry = attributes.get("d", "") + " " + attributes.get("points", "")
    return max(2, len(_NUMBER.findall(geometry.encode())) // 2 + 1)


def _local_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """An element's attributes by local name (``xlink:href`` and ``href`` are one)."""
    local = {}
    for name, value in attributes.items():
        key = name.rsplit(" ", 1)[-1]
        if name == XLINK_HREF or name == "href":
            key = "href"
        elif " " in name:
            key = "{" + name  # another namespace's attribute: not the engine's
        local.setdefault(key, value)
    return local


def _fragments(value: str) -> list[str]:
    """Every id a reference value could name, in the form ``_normal_id`` gives ids.

    The engine takes the fragment of the URL, inside ``url()`` or not, and may keep
    or drop quotes, spaces and percent-escapes around it; every reading is counted,
    which can only count a reference the engine would not follow, never miss one.
    """
    found = []
    for piece in value.split("#")[1:]:
        found.append(_normal_id(piece))
        found.append(_normal_id(re.split(r"[)'\"\s]", piece, maxsplit=1)[0]))
    return [f for f in dict.fromkeys(found) if f]


def _normal_id(value: str) -> str:
    return unquote(value).strip(" \t\r\n\f'\"")


def _is_packaged(family: str) -> bool:
    """Whether a font-family value asks for the packaged typeface first."""
    first = family.split(",")[0].strip().strip("'\"").lower()
    return first == PACKAGED_FAMILY


def _check_style(css: str, where: str, line: int, declarations: bool) -> dict[str, str]:
    """Refuse CSS (a <style>, or a style attribute's declarations) that the measures
    and the checks could not see through, read as the engine reads it (tinycss2, so
    escapes such as ``u\\72l(`` are decoded first): any @import or @font-face, any
    ``url()``, a font named, a reference to another element, or anything that moves
    shapes or letters. Colours, strokes, opacity and (in a style attribute) font
    sizes may be set. Returns the declarations, as the engine would read them.
    """
    import tinycss2

    allowed = STYLE_PROPERTIES if declarations else STYLE_PROPERTIES - PLACING_PROPERTIES
    found: dict[str, str] = {}
    if declarations:
        rules = [tinycss2.parse_blocks_contents(css)]
    else:
        rules = []
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule":
                raise _RefusedError(
                    f"an SVG whose {where} loads a font or a file, or refers to other elements "
                    f"(@{rule.lower_at_keyword}, line {line}); set those as attributes of the "
                    "shapes"
                )
            if rule.type == "qualified-rule":
                rules.append(tinycss2.parse_blocks_contents(rule.content))
    for items in rules:
        for item in items:
            if item.type != "declaration" or item.name.startswith("-"):
                continue  # the engine skips what is not a declaration, and -vendor ones
            name = item.lower_name
            if _has_url(item.value) or name in REFERENCE_PROPERTIES or "href" in name:
                raise _RefusedError(
                    f"an SVG whose {where} loads a font or a file, or refers to other "
                    f"elements ({name}{' url()' if _has_url(item.value) else ''}, line {line}); "
                    "set those as attributes of the shapes"
                )
            if name.startswith("font") and name not in STYLE_PROPERTIES:
                raise _RefusedError(
                    f"an SVG whose {where} names a font ({name}, line {line}); give the text "
                    'font-family="Atkinson Hyperlegible, sans-serif" as an attribute'
                )
            if name not in allowed:
                raise _RefusedError(
                    f"an SVG whose {where} sets {name} (line {line}), which only an attribute "
                    "of the shape may set; set it there"
                )
            found[name] = tinycss2.serialize(item.value).strip()
    return found


def _has_url(tokens) -> bool:
    """Whether CSS tokens hold a ``url()``, as a URL token or a function, at any depth."""
    pending = list(tokens)
    while pending:
        token = pending.pop()
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            return True
        pending.extend(getattr(token, "arguments", None) or getattr(token, "content", None) or [])
    return False


def _image_pixels(href: str, folder: Path | None) -> int:
    """Pixels of one ``<image>`` of an SVG; raises _RefusedError for one beyond the bounds."""
    try:
        return _measured_image_pixels(href, folder)
    except (ValueError, OSError):  # bad base64, a NUL in a path: not an image we can read
        raise _RefusedError(
            "an SVG with an image inside that cannot be read; save the drawing again"
        ) from None


def _measured_image_pixels(href: str, folder: Path | None) -> int:
    """Pixels of an ``<image>`` of an SVG, measured by its content whatever its name.

    A file named ``big.css`` is decoded by the engine as the PNG it holds, and one
    that holds XML is drawn as an SVG, so the name decides nothing here.
    """
    parts = urlsplit(href)
    if parts.scheme.lower() == "data":
        header, _, payload = href.partition(",")
        mime = header[5:].split(";")[0].strip().lower()
        data = (
            base64.b64decode(payload + "=" * (-len(payload) % 4), validate=False)
            if header.lower().endswith(";base64")
            else unquote_to_bytes(payload)
        )
        if "svg" in mime:
            data = b"<"  # whatever it holds, the engine tries it as an SVG first
    elif not (parts.scheme or parts.netloc or parts.path):
        # "#id" or "": the engine fetches this very drawing and draws it inside itself.
        raise _RefusedError("an SVG with another SVG inside it; save the drawing as one file")
    elif parts.scheme or parts.netloc or folder is None:
        return 0  # the web or another place: the fetcher refuses it when drawing
    else:
        path = (folder / unquote(parts.path)).resolve()
        if folder.resolve() not in path.parents or not path.exists():
            return 0  # not beside the drawing, or missing: the fetcher refuses it when drawing
        try:
            data = limits.read_bounded(path, limits.MAX_IMAGE_BYTES, "save it smaller")
        except LeafletPressError as error:
            message = error.problems[0].message
            raise _RefusedError(f"an SVG with an image inside that {message}") from None
    if looks_like_xml(data):
        raise _RefusedError("an SVG with another SVG inside it; save the drawing as one file")
    found = measure_raster(data)
    if found.problem is not None:
        raise _RefusedError(f"an SVG with an image inside that {found.problem}")
    return found.pixels


def _sentence(message: object) -> str:
    """A warning's text as one short clause, without Pillow's trailing advice."""
    text = " ".join(str(message).split())
    return text.split(". ")[0].rstrip(".")[:120]

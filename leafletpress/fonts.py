"""Fonts come from installed Python packages, never the machine, so PDFs look the same anywhere."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import struct
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import fontpkg_noto_sans_tamil as noto_tamil
import justmytype_intl_cjk as noto_cjk

# Atkinson Hyperlegible is designed for low-vision readers; it draws Latin (English,
# Malay). Noto Sans Tamil and Noto Sans SC draw the scripts it lacks. Every stack
# names Atkinson first, so Latin words inside Chinese or Tamil text (SCS, MRI) and
# the digits are set in the Latin face, and the engine falls back per character.
LATIN_FAMILY = "Atkinson Hyperlegible"
TAMIL_FAMILY = "Noto Sans Tamil"
CHINESE_FAMILY = "Noto Sans SC"
FAMILIES = (LATIN_FAMILY, CHINESE_FAMILY, TAMIL_FAMILY)

LATIN_FACES = (
    ("AtkinsonHyperlegible-Regular.ttf", 400, "normal"),
    ("AtkinsonHyperlegible-Bold.ttf", 700, "normal"),
    ("AtkinsonHyperlegible-Italic.ttf", 400, "italic"),
    ("AtkinsonHyperlegible-BoldItalic.ttf", 700, "italic"),
)
# Raised when _instance cuts different bytes, so faces cut the old way are cut again.
# 2: the face keeps the package's date, not the time of the cut (same bytes everywhere).
CUT_VERSION = 2
WEIGHTS = (400, 700)  # Chinese and Tamil have no italics: emphasis is by weight


@dataclass(frozen=True)
class VariableFont:
    """A packaged variable font, cut into static regular and bold faces once per machine.

    The packages ship only variable fonts, whose default instance may be Thin (Noto
    Sans SC's is), and the engine would embed the whole variation data or fake the
    bold. Instancing Noto Sans SC takes about 20 seconds a weight, so the faces are
    made once, kept in the cache folder and reused by every later run.
    """

    family: str
    source: Path
    package: str
    # The code points the family is used for. Noto Sans SC also draws Cyrillic, Greek,
    # arrows and ticks, in another style than Atkinson: a Cyrillic е in "cure" or a →
    # is refused as unprintable rather than drawn in the Chinese face.
    blocks: tuple[tuple[int, int], ...]

    def characters(self) -> frozenset[int]:
        """What this family draws for the leaflets: its character map, within its blocks."""
        return _family_characters(self)

    def face(self, weight: int) -> Path:
        return cache_dir() / f"{self.family.replace(' ', '')}-{weight}-{self.key}.ttf"

    @property
    def key(self) -> str:
        """Changes when the package's font file does (a new version), or the way faces
        are cut (CUT_VERSION), so stale faces are never used."""
        stat = self.source.stat()
        made = f"{self.source.name}:{stat.st_size}:{CUT_VERSION}"
        return hashlib.sha256(made.encode()).hexdigest()[:12]


TAMIL = VariableFont(
    TAMIL_FAMILY,
    Path(noto_tamil.ROOT) / "files" / "NotoSansTamil[wdth,wght].ttf",
    "fontpkg-noto-sans-tamil",
    ((0x0B80, 0x0BFF), (0x11FC0, 0x11FFF)),  # Tamil, Tamil Supplement
)
CHINESE = VariableFont(
    CHINESE_FAMILY,
    Path(noto_cjk.__file__).parent / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf",
    "justmytype-intl-cjk",
    (
        (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
        (0x3000, 0x303F),  # CJK symbols and punctuation: 。、《》「」
        (0x31C0, 0x31EF),  # CJK strokes
        (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
        (0x4E00, 0x9FFF),  # CJK Unified Ideographs
        (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # full-width forms: ，：（）！？
        (0x20000, 0x3134F),  # the supplementary ideographs (rare names)
    ),
)
VARIABLE_FONTS = (CHINESE, TAMIL)


def cache_dir() -> Path:
    """Where the static faces are kept: $LEAFLETPRESS_CACHE, else the user's cache folder."""
    chosen = os.environ.get("LEAFLETPRESS_CACHE")
    if chosen:
        return Path(chosen) / "fonts"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "leafletpress" / "fonts"


# Seconds to cut one face, measured on a 2-core machine: said to the user beforehand.
CUT_SECONDS = {CHINESE_FAMILY: 25, TAMIL_FAMILY: 1}


def faces_ready(font: VariableFont) -> bool:
    """Whether every static face of ``font`` is in the cache and whole (its hash matches)."""
    return all(_face_whole(font.face(weight)) for weight in WEIGHTS)


def fonts_to_prepare(text: str) -> list[VariableFont]:
    """The variable fonts ``text`` needs whose static faces are not ready yet."""
    needed = {ord(char) for char in text} - latin_characters()
    return [f for f in VARIABLE_FONTS if needed & f.characters() and not faces_ready(f)]


def preparing_message(todo: list[VariableFont]) -> str:
    """What the first run says before it cuts faces (``Preparing fonts ...``)."""
    names = " and ".join(font.family for font in todo)
    seconds = sum(CUT_SECONDS[font.family] for font in todo) * len(WEIGHTS) // 2 + 5
    return (
        f"Preparing fonts: cutting {names} into {cache_dir()}, once for this machine "
        f"(about {seconds} s); later runs reuse them."
    )


def ensure_faces(font: VariableFont) -> list[Path]:
    """The static faces of ``font``, made now if this machine has none yet, or none whole.

    A lock file keeps two processes (build workers, test workers) from making the
    same faces at once; the second waits and then finds them. Each face is written
    to a temporary name and renamed, with its SHA-256 beside it: a face whose hash
    does not match (a disk error, an interrupted copy, an edit) is made again.
    """
    faces = [font.face(weight) for weight in WEIGHTS]
    if all(_face_whole(face) for face in faces):
        return faces
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _face_whole.cache_clear()  # another process may have made them while we waited
        missing = [(w, f) for w, f in zip(WEIGHTS, faces, strict=True) if not _face_whole(f)]
        if missing:
            _cut(font.source, missing)
            _face_whole.cache_clear()
            _remove_stale(font, faces)
    return faces


def _remove_stale(font: VariableFont, faces: list[Path]) -> None:
    """Faces of ``font`` cut from an older package or the old way (another key): 10 MB
    each for Chinese, never read again."""
    keep = {name for face in faces for name in (face.name, _hash_file(face).name)}
    prefix = font.face(WEIGHTS[0]).name.split("-")[0] + "-"
    for old in cache_dir().glob(prefix + "*"):
        if old.name not in keep and not old.name.endswith(".part"):
            old.unlink(missing_ok=True)


def _cut(source: Path, missing: list[tuple[int, Path]]) -> None:
    """Cut each (weight, face) of ``missing`` from ``source``: one process a weight, so
    the machine's two cores halve the wait."""
    if len(missing) > 1:
        with ProcessPoolExecutor(len(missing)) as pool:
            jobs = [pool.submit(_instance, source, weight, face) for weight, face in missing]
            for job in jobs:
                job.result()
    else:
        _instance(source, *missing[0])


def _hash_file(face: Path) -> Path:
    return face.with_name(face.name + ".sha256")


@functools.cache
def _face_whole(face: Path) -> bool:
    """The face exists and its SHA-256 is the one written when it was cut (read once
    per process: about 20 ms for a 10 MB face)."""
    try:
        expected = _hash_file(face).read_text(encoding="ascii").strip()
        return hashlib.sha256(face.read_bytes()).hexdigest() == expected
    except OSError:
        return False


def _instance(source: Path, weight: int, target: Path) -> None:
    """Write the static face of ``source`` at ``weight`` (other axes at their default)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    with TTFont(source) as variable:
        axes = {axis.axisTag: axis.defaultValue for axis in variable["fvar"].axes}
        axes["wght"] = weight
        static = instancer.instantiateVariableFont(variable, axes, updateFontNames=True)
        # Keep the package's own date in the face (not the time of the cut), so every
        # machine cuts the same bytes, and the same inputs give the same PDF everywhere.
        static.recalcTimestamp = False
        partial = target.with_suffix(f".{os.getpid()}.part")
        static.save(partial)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    _hash_file(target).unlink(missing_ok=True)  # never a new face with an old hash
    os.replace(partial, target)
    hashed = target.with_suffix(f".{os.getpid()}.hash")
    hashed.write_text(digest + "\n", encoding="ascii")
    os.replace(hashed, _hash_file(target))


def font_dirs() -> list[Path]:
    """Folders the renderer may read font files from."""
    return [Path(atkinson.ROOT) / "files", cache_dir()]


def font_face_css(text: str = "") -> str:
    """``@font-face`` rules that point at the packaged font files by absolute file URL.

    The Latin faces always; the Chinese and Tamil ones only when ``text`` (everything
    the document prints) has a character only they draw, so an English leaflet never
    waits for the Chinese faces to be made, nor loads 20 MB of them.
    """
    files = Path(atkinson.ROOT) / "files"
    faces = [(LATIN_FAMILY, files / name, weight, style) for name, weight, style in LATIN_FACES]
    needed = {ord(char) for char in text} - latin_characters()
    for font in VARIABLE_FONTS:
        if needed & font.characters():
            for weight, face in zip(WEIGHTS, ensure_faces(font), strict=True):
                faces.append((font.family, face, weight, "normal"))
    return "".join(
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f'  src: url("{path.as_uri()}") format("truetype");\n'
        f"  font-weight: {weight};\n"
        f"  font-style: {style};\n"
        "}\n"
        for family, path, weight, style in faces
    )


def font_files() -> list[Path]:
    """The packaged font files: inputs of every PDF (the static faces derive from them)."""
    files = Path(atkinson.ROOT) / "files"
    return [files / filename for filename, _, _ in LATIN_FACES] + [
        font.source for font in VARIABLE_FONTS
    ]


@functools.cache
def latin_characters() -> frozenset[int]:
    regular = Path(atkinson.ROOT) / "files" / LATIN_FACES[0][0]
    return frozenset(cmap_code_points(regular.read_bytes()))


@functools.cache
def font_characters(path: Path) -> frozenset[int]:
    return frozenset(cmap_code_points(path.read_bytes()))


@functools.cache
def _family_characters(font: VariableFont) -> frozenset[int]:
    return frozenset(
        code
        for code in font_characters(font.source)
        if any(low <= code <= high for low, high in font.blocks)
    )


@functools.cache
def printable_characters() -> frozenset[int]:
    """Code points some packaged typeface can draw, read once per process from the cmaps.

    A character none of them has would be drawn from whatever font the machine
    has, or as an empty box, so leaflets, brand files and handouts are checked
    against this set (see text.py). The faces of a family share one character
    set, so one file of each is read. The tables are read here rather than with
    fontTools, so that ``list`` and ``check`` stay quick to start
    (tests/test_incremental.py).
    """
    found = set(latin_characters())
    for font in VARIABLE_FONTS:
        found |= font.characters()
    return frozenset(found)


def cmap_code_points(font: bytes) -> set[int]:
    """The code points a TrueType/OpenType font maps to a glyph, from its ``cmap`` table.

    Reads the Unicode subtables of format 4 (the Basic Multilingual Plane) and 12
    (all planes), the two every Unicode font carries; a code point mapped to glyph 0
    (.notdef) has no glyph. Raises ValueError for a font without either.
    """
    tables = {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", font[20 + 16 * i : 24 + 16 * i])[0]
        for i in range(struct.unpack(">H", font[4:6])[0])
    }
    cmap = tables[b"cmap"]
    found: set[int] = set()
    count = struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(
            ">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
        )
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue
        table = cmap + offset
        kind = struct.unpack(">H", font[table : table + 2])[0]
        if kind == 4:
            found |= _format_4(font, table)
        elif kind == 12:
            found |= _format_12(font, table)
    if not found:
        raise ValueError("the font has no Unicode character map of format 4 or 12")
    return found


def _format_4(font: bytes, table: int) -> set[int]:
    segments = struct.unpack(">H", font[table + 6 : table + 8])[0] // 2
    ends = table + 14
    starts = ends + 2 * segments + 2
    deltas = starts + 2 * segments
    ranges = deltas + 2 * segments

    def field(base: int, i: int) -> int:
        return struct.unpack(">H", font[base + 2 * i : base + 2 * i + 2])[0]

    found = set()
    for i in range(segments):
        end, start, delta, offset = (field(ends, i), field(starts, i), field(deltas, i),
                                     field(ranges, i))  # fmt: skip
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = ranges + 2 * i + offset + 2 * (code - start)
                glyph = struct.unpack(">H", font[at : at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


def _format_12(font: bytes, table: int) -> set[int]:
    groups = struct.unpack(">I", font[table + 12 : table + 16])[0]
    found = set()
    for i in range(groups):
        start, end, glyph = struct.unpack(">III", font[table + 16 + 12 * i : table + 28 + 12 * i])
        found.update(code for offset, code in enumerate(range(start, end + 1)) if glyph + offset)
    return found

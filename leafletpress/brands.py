"""Load and validate brand files: who publishes a leaflet and how it is coloured.

A brand is ``brands/<name>.toml``. Colours are checked as hex values (so nothing
but a colour can reach the stylesheet) and for contrast, so every brand prints
legibly. Contact fields that are empty are simply not printed.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import LeafletPressError, Problem
from .limits import MAX_BRAND_BYTES, image_problem, read_bounded
from .model import DEFAULT_BRAND, Brand, Colours
from .text import email_problem, has_letters, value_problem

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
URL_RE = re.compile(r"^https://[^\s<>\"']+$")
MIN_CONTRAST = 4.5  # WCAG 2.2, 1.4.3: normal-size text
PAGE_WHITE = "#FFFFFF"
BODY_TEXT = "#1A1A1A"

TOP_KEYS = {"name", "description", "logo", "footer", "colours", "contact"}
COLOUR_KEYS = {"primary", "accent", "on_primary"}
CONTACT_KEYS = {"phone", "email", "address", "hours", "website", "booking_url"}


def discover_brands(brands_dir: Path) -> list[str]:
    """Every brand file's name, sorted."""
    if not brands_dir.is_dir():
        return []
    return sorted(p.stem for p in brands_dir.glob("*.toml") if NAME_RE.match(p.stem))


def load_brands(brands_dir: Path, keys: list[str]) -> list[Brand]:
    """Load several brands, reporting the problems of all of them together."""
    brands, problems = [], []
    for key in keys:
        try:
            brands.append(load_brand(brands_dir, key))
        except LeafletPressError as error:
            problems.extend(error.problems)
    if problems:
        raise LeafletPressError(problems)
    return brands


def load_brand(brands_dir: Path, key: str = DEFAULT_BRAND) -> Brand:
    """Read ``brands/<key>.toml``. Raises LeafletPressError naming the file and key."""
    from .jobs import FILE_NAME_WORDS  # jobs imports this module

    path = brands_dir / f"{key}.toml"
    if key in FILE_NAME_WORDS:
        raise LeafletPressError(
            Problem(
                path,
                f"is named like a part of PDF file names ('{key}'), so its PDFs would replace "
                "or pass for another variant's; rename the brand file",
            )
        )
    if not path.exists():  # a pipe or a device exists: read_bounded says what it is
        known = ", ".join(discover_brands(brands_dir)) or "none"
        raise LeafletPressError(Problem(path, f"no such brand file; known brands: {known}"))
    if not path.resolve().is_relative_to(brands_dir.resolve()):
        raise LeafletPressError(
            Problem(path, "is a link to a file outside brands/; copy the file here instead")
        )
    raw = read_bounded(path, MAX_BRAND_BYTES, "a brand file needs a few lines")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LeafletPressError(Problem(path, "is not UTF-8 text; save it as UTF-8")) from None
    except RecursionError:
        raise LeafletPressError(Problem(path, "is nested too deeply; see the README")) from None
    except tomllib.TOMLDecodeError as error:
        line = _toml_error_line(str(error))
        reason = str(error).split(" (at")[0]
        if reason == "Illegal character '\\n'":
            # What tomllib says when a line ends inside a quoted value.
            reason = 'a quote is not closed; end the text with " on the same line'
        raise LeafletPressError(Problem(path, f"TOML error: {reason}", line)) from None
    return _validate(key, path, data, toml_key_lines(raw.decode("utf-8-sig")))


def toml_key_lines(text: str) -> dict[str, int]:
    """File line of each ``table.key`` (and ``[table]``) in a simple TOML file."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = re.match(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            lines.setdefault(header.group(1), number)
            table = header.group(1) + "."
            continue
        key = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if key:
            lines.setdefault(table + key.group(1), number)
    return lines


# The key a brand problem is about: the first quoted or dotted key its message names.
MESSAGE_KEY_RE = re.compile(r"'([A-Za-z0-9_.-]+)'|\b((?:colours|contact)\.[a-z_]+)")


def _validate(key: str, path: Path, data: dict[str, Any], key_lines: dict[str, int]) -> Brand:
    problems: list[Problem] = []

    def problem(message: str) -> None:
        """A problem on the line of the key it names, or of its table when the key is missing."""
        found = MESSAGE_KEY_RE.search(message)
        name = (found.group(1) or found.group(2)) if found else ""
        line = key_lines.get(name) or key_lines.get(name.split(".")[0])
        problems.append(Problem(path, message, line))

    for unknown in sorted(set(data) - TOP_KEYS):
        problem(f"unknown key '{unknown}'; known keys: {', '.join(sorted(TOP_KEYS))}")
    colours_raw = data.get("colours", {})
    contact_raw = data.get("contact", {})
    colours_table = isinstance(colours_raw, dict)
    if not colours_table:
        problem("'colours' must be a table: [colours]")
        colours_raw = {}
    if not isinstance(contact_raw, dict):
        problem("'contact' must be a table: [contact]")
        contact_raw = {}
    for unknown in sorted(set(colours_raw) - COLOUR_KEYS):
        problem(f"unknown key 'colours.{unknown}'; known: {', '.join(sorted(COLOUR_KEYS))}")
    for unknown in sorted(set(contact_raw) - CONTACT_KEYS):
        problem(f"unknown key 'contact.{unknown}'; known: {', '.join(sorted(CONTACT_KEYS))}")

    name = data.get("name")
    if name is not None and not isinstance(name, str):
        problem("'name' must be text in quotes: name = \"Clinic name\"")
    elif not isinstance(name, str) or not name.strip():
        problem("'name' is missing; add a line like name = \"Clinic name\"")
    elif len(name) > 200:
        problem("'name' is too long (200 characters at most)")
    elif (text_problem := value_problem(name.strip())) is not None:
        problem(f"'name' {text_problem}")
    elif not has_letters(name):
        problem("'name' has no letters; write the clinic's name")
    for text_key in ("description", "footer"):
        value = data.get(text_key, "")
        if not isinstance(value, str):
            problem(f"'{text_key}' must be text in quotes")
        elif len(value) > 200:
            problem(f"'{text_key}' is too long (200 characters at most)")
        elif (text_problem := value_problem(value.strip())) is not None:
            problem(f"'{text_key}' {text_problem}")

    colours: dict[str, str] = {}
    for role in sorted(COLOUR_KEYS) if colours_table else ():  # else said once, above
        value = colours_raw.get(role)
        if value is None:
            problem(f"'colours.{role}' is missing; add a line like {role} = \"#0B5563\"")
        elif not isinstance(value, str) or not HEX_RE.fullmatch(value):
            problem(f"'colours.{role}' must be a colour like \"#0B5563\" (got {_shown(value)})")
        else:
            colours[role] = value.upper()
    if len(colours) == len(COLOUR_KEYS):
        for fg, bg, what in (
            (colours["on_primary"], colours["primary"], "colours.on_primary on colours.primary"),
            (colours["primary"], PAGE_WHITE, "colours.primary on white (headings)"),
            (BODY_TEXT, colours["accent"], "body text on colours.accent (boxes)"),
        ):
            ratio = contrast_ratio(fg, bg)
            if ratio < MIN_CONTRAST:
                problem(
                    f"{what} has contrast {ratio:.1f}:1, below {MIN_CONTRAST}:1; "
                    "choose a darker or lighter colour"
                )

    contact: dict[str, str] = {}
    for contact_key in sorted(CONTACT_KEYS):
        value = contact_raw.get(contact_key, "")
        if not isinstance(value, str):
            problem(f"'contact.{contact_key}' must be text in quotes")
            continue
        value = value.strip()
        if len(value) > 200:
            problem(f"'contact.{contact_key}' is too long (200 characters at most)")
        elif (text_problem := value_problem(value)) is not None:
            problem(f"'contact.{contact_key}' {text_problem}")
        elif value and contact_key in ("website", "booking_url") and not URL_RE.match(value):
            problem(
                f"'contact.{contact_key}' must be a web address starting https:// "
                f"(got {_shown(value)})"
            )
        elif value and contact_key == "email" and email_problem(value):
            problem(
                "'contact.email' must be an email address like clinic@example.com "
                f"(got {_shown(value)})"
            )
        elif value:
            contact[contact_key] = value

    logo = None
    if data.get("logo") is not None and not isinstance(data["logo"], str):
        problem("'logo' must be a file name in quotes: logo = \"clinic.svg\"")
    elif data.get("logo"):
        logo_name = data["logo"]
        logo = (path.parent / logo_name).resolve()
        if path.parent.resolve() not in logo.parents or not logo.is_file():
            kind = {".svg": "SVG", ".png": "PNG"}.get(Path(logo_name).suffix.lower(), "logo file")
            problem(f"'logo' file {logo_name} not found; put the {kind} beside {path.name}")
            logo = None
        elif logo.suffix.lower() not in (".svg", ".png"):
            problem(f"'logo' must be an SVG (or PNG) file, not {logo.suffix or logo_name}")
            logo = None
        elif (too_large := image_problem(logo)) is not None:
            problem(f"'logo' file {logo_name} {too_large}")
            logo = None

    if problems:
        raise LeafletPressError(problems)
    return Brand(
        key=key,
        path=path,
        name=name.strip(),
        description=str(data.get("description", "")).strip(),
        colours=Colours(**colours),
        logo=logo,
        footer=str(data.get("footer", "")).strip(),
        contact=contact,
    )


def _shown(value: Any) -> str:
    """A value quoted in a message, cut short: a brand file can hold a very long one."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _relative_luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None

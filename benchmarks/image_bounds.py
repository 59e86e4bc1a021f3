#!/usr/bin/env python3
"""Time what inputs at the image and size bounds cost, for the README's Safety table.

Usage:  .venv/bin/python benchmarks/image_bounds.py

Each case builds (``build --skip-checks``) or checks a made-up leaflet in a
temporary project, in a new process (``python build.py ...``), so the times are
what a user waits, start-up included. A plain leaflet is timed first, to compare
with. It needs the test extras (it borrows the test suite's fixture project).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FixtureProject  # noqa: E402
from imagemakers import png_header, use_fan  # noqa: E402
from PIL import Image  # noqa: E402

from leafletpress import limits  # noqa: E402

BOMB = ROOT / "tests" / "hostile" / "images" / "svg-use-bomb.svg"


def timed(root: Path, *args: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--project", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    outcome = "refused" if result.returncode else "ok"
    return f"{seconds:5.2f} s  {outcome}"


def project(base: Path, name: str, body: str) -> FixtureProject:
    made = FixtureProject(base / name)
    made.valid_leaflet(body=f"## A heading\n\n{body}\n")
    return made


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="leafletpress-bounds-"))
    rows = []
    try:
        started = time.perf_counter()
        limits.image_problem(BOMB)
        rows.append(("SVG bomb measured (no build)", f"{time.perf_counter() - started:5.3f} s"))

        root = project(base, "plain", "Some text.").root
        rows.append(("a plain leaflet", timed(root, "build", "--skip-checks")))

        root = project(base, "bomb", "![A drawing](picture.svg)").root
        shutil.copy(BOMB, root / "leaflets" / "sample" / "picture.svg")
        rows.append(("SVG bomb (a million shapes)", timed(root, "build", "--skip-checks")))

        root = project(base, "fan", "![A drawing](picture.svg)").root
        (root / "leaflets" / "sample" / "picture.svg").write_text(use_fan(99, 190))
        rows.append(("SVG of 19,000 shapes", timed(root, "build", "--skip-checks")))

        photos = "\n\n".join(f"![Photo {n}](p{n}.png)" for n in range(2))
        made = project(base, "pixels", photos)
        root = made.root
        for n in range(2):
            Image.new("RGB", (5000, 5000), (40 * n, 90, 200)).save(
                root / "leaflets" / "sample" / f"p{n}.png"
            )
        rows.append(("2 images of 5000 x 5000 (50 Mpx)", timed(root, "build", "--skip-checks")))

        (root / "leaflets" / "sample" / "p2.png").write_bytes(png_header(5000, 5000))
        made.valid_leaflet(body="## A heading\n\n" + photos + "\n\n![Photo 2](p2.png)\n")
        rows.append(("3 images of 5000 x 5000 (75 Mpx)", timed(root, "build", "--skip-checks")))

        root = project(base, "sources", "About 12 in 100 people, and 37% of them.").root
        (root / "sources").mkdir()
        for n in range(2):
            (root / "sources" / f"s{n}.txt").write_bytes(b"word 12 and more words. " * 41_000)
        rows.append(("check, sources of 2 x 0.98 MB", timed(root, "check")))
        (root / "sources" / "big.txt").write_bytes(b"x" * 50_000_000)
        rows.append(("check, a 50 MB source file", timed(root, "check")))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    for name, result in rows:
        print(f"{name:<{width}}  {result}")
    print(f"\n{platform.machine()}, Python {platform.python_version()}, {platform.system()}")


if __name__ == "__main__":
    main()

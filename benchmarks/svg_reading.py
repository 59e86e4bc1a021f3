#!/usr/bin/env python3
"""Time how long measuring takes to refuse the SVG bombs of issue 29, for the README.

Usage:  .venv/bin/python benchmarks/svg_reading.py

Each drawing is measured (``images.measure``) as the checks and the renderer measure
it before the engine sees it; the engine itself is never run. The shipped diagrams
are measured too, to show what a real drawing costs.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leafletpress import images  # noqa: E402

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="440" height="80">{}</svg>'
SQUARE = '<rect width="1" height="1"/>'


def nested_uses(href: str) -> str:
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    for level in range(1, 7):
        uses = "".join(f'<use href="{href}{level - 1}"/>' for _ in range(10))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return SVG.format("<defs>" + "".join(groups) + f'</defs><use href="{href}6"/>')


def cases() -> list[tuple[str, str]]:
    points = " ".join(f"{i % 400} {i % 70}" for i in range(30_000))
    d = "M0 0" + " l1 1" * 30_000
    return [
        ('nested <use href="bomb.svg#gN"> (1.7 KB)', nested_uses("bomb.svg#g")),
        (
            'marker-mid="#m" of 300 squares on a 30,000-point polyline',
            SVG.format(
                f'<defs><marker id="m">{SQUARE * 300}</marker></defs>'
                f'<polyline marker-mid="#m" points="{points}"/>'
            ),
        ),
        (
            "a 30,000-vertex path copied 10 times",
            SVG.format(f'<defs><path id="p" d="{d}"/></defs>' + '<use href="#p"/>' * 10),
        ),
    ]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="leafletpress-svg-"))
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    rows = [(name, text) for name, text in cases()]
    for name, text in rows:
        path = folder / "bomb.svg"
        path.write_text(text)
        started = time.perf_counter()
        found = images.measure(path)
        seconds = time.perf_counter() - started
        print(f"{seconds:6.3f} s  {'refused' if found.problem else 'passed '}  {name}")
    for path in sorted(ROOT.glob("leaflets/*/*.svg")):
        started = time.perf_counter()
        found = images.measure(path)
        seconds = time.perf_counter() - started
        print(f"{seconds:6.3f} s  {found.shapes} shapes  {path.name}")


if __name__ == "__main__":
    main()

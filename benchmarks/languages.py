#!/usr/bin/env python3
"""Measure each language's build: cold time, warm time per PDF and file size, side by side.

Usage:  .venv/bin/python benchmarks/languages.py [--repeat N]

For each of English, Chinese, Malay and Tamil it measures, on the machine at hand:
  1. the cold build of the three leaflets (`build --lang L --force -j 1`, a fresh
     interpreter; the static Chinese and Tamil faces already made, as after the first run);
  2. the warm time per PDF: one renderer in this process, each leaflet rendered after a
     first untimed render, median of N;
  3. the size of each PDF (the largest of the three).
Then the full matrix of every language (`--all-variants`, -j 2) against the engine's
limit (engine import + PDFs x mean warm time / 2 workers), and the same with -j 1.
Also the one-off cost of cutting the static faces from the packaged variable fonts (into a
scratch cache).
Each timing is the median of N runs (default 3). Numbers go in the README, not in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py"), "build"]


def timed(command: list[str], repeat: int, env=None) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_ms_per_pdf(lang: str, repeat: int) -> float:
    from leafletpress.brands import load_brand
    from leafletpress.content import discover_slugs, load_leaflet
    from leafletpress.jobs import Job
    from leafletpress.project import Project
    from leafletpress.render import Renderer

    project = Project.at(ROOT)
    renderer = Renderer(project)
    brand = load_brand(project.brands_dir)
    times = []
    for slug in discover_slugs(project.leaflets_dir):
        leaflet = load_leaflet(project.leaflets_dir / slug / f"{lang}.md")
        job = Job(leaflet, brand, Path(os.devnull))
        renderer.pdf(job)  # untimed: fonts and stylesheets load once
        for _ in range(repeat):
            start = time.perf_counter()
            renderer.pdf(job)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def import_seconds() -> float:
    probe = (
        "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([PYTHON, "-c", probe], check=True, capture_output=True,
                             text=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return statistics.median(runs)


def face_cutting_seconds() -> float:
    """The one-off cost of the static faces, into a scratch cache (both fonts, both weights)."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "LEAFLETPRESS_CACHE": scratch}
        probe = (
            "from leafletpress import fonts\n"
            "for font in fonts.VARIABLE_FONTS: fonts.ensure_faces(font)\n"
        )
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", probe], check=True, cwd=ROOT, env=env)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    from leafletpress.model import LANGS

    rows = []
    warm = {}
    with tempfile.TemporaryDirectory() as out:
        for lang in LANGS:
            folder = Path(out) / lang
            cold = timed([*BUILD, "--lang", lang, "--force", "-j", "1", "-o", str(folder)],
                         options.repeat)  # fmt: skip
            warm[lang] = warm_ms_per_pdf(lang, options.repeat)
            sizes = [p.stat().st_size for p in folder.glob("*.pdf")]
            rows.append((lang, cold, warm[lang], max(sizes) / 1000, len(sizes)))
        matrix_dir = Path(out) / "matrix"
        matrix = timed([*BUILD, "--all-variants", "--force", "-j", "2", "-o", str(matrix_dir)],
                       options.repeat)  # fmt: skip
        serial = timed([*BUILD, "--all-variants", "--force", "-j", "1", "-o", str(matrix_dir)],
                       options.repeat)  # fmt: skip
        pdfs = len(list(matrix_dir.glob("*.pdf")))
    english = warm["en"]
    print(
        "| Language | Cold build, 3 leaflets (s) | Warm per PDF (ms) | vs English "
        "| Largest PDF (KB) |"
    )
    print("|---|---|---|---|---|")
    for lang, cold, ms, kb, _ in rows:
        print(f"| `{lang}` | {cold:.2f} | {ms:.0f} | {ms / english:.2f}x | {kb:.0f} |")
    mean_warm = statistics.mean(warm.values()) / 1000
    limit = import_seconds() + pdfs * mean_warm / 2
    print()
    print(f"Matrix, every language (`--all-variants -j 2`, {pdfs} PDFs): {matrix:.1f} s; "
          f"engine limit {limit:.1f} s; ratio {matrix / limit:.2f}x. "
          f"With -j 1: {serial:.1f} s: two workers are {serial / matrix:.2f}x faster.")  # fmt: skip
    print(f"One-off: cutting the static Chinese and Tamil faces: {face_cutting_seconds():.1f} s.")
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.")


if __name__ == "__main__":
    main()

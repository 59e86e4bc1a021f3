#!/usr/bin/env python3
"""Measure the fixture leaflet in each script: cold time, warm time per PDF, size, pages.

Usage:  .venv/bin/python benchmarks/languages.py [--repeat N] [--skip-first-run]

The fixture is tests/languages/leaflets/sample (the same short leaflet in English,
Chinese, Malay and Tamil; about two pages each), copied into a scratch project. For each
language it measures on the machine at hand:
  1. cold: one PDF in a fresh interpreter (`build sample --lang L --force -j 1`), the
     static Chinese and Tamil faces already prepared, as on every run after the first;
  2. warm: one renderer in this process, the PDF rendered after a first untimed render;
  3. the PDF's size and pages.
Then, apart, the first run on a machine: the same cold build with an empty font cache
(LEAFLETPRESS_CACHE pointed at a scratch folder), which cuts the static faces.
Each timing is the median of N runs (default 3). Numbers go in the README, not in tests.

``--shipped`` measures the shipped leaflets instead (issue 24): the three English and the
three Chinese, in the same run, each a cold build of all three (`build --lang L --force
-j 1` in a fresh interpreter), then warm milliseconds per PDF and each PDF's size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
FIXTURE = ROOT / "tests" / "languages" / "leaflets" / "sample"
LANGS = ("en", "zh-Hans", "ms", "ta")


def scratch_project(folder: Path) -> Path:
    for name in ("templates", "styles", "brands"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copytree(FIXTURE, folder / "leaflets" / "sample")
    return folder


def cold_build(project: Path, lang: str, env: dict | None = None) -> float:
    command = [PYTHON, str(ROOT / "build.py"), "-q", "--project", str(project), "build",
               "sample", "--lang", lang, "--force", "-j", "1"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def warm_ms(project: Path, lang: str, repeat: int) -> float:
    from leafletpress.brands import load_brand
    from leafletpress.content import load_leaflet
    from leafletpress.jobs import Job
    from leafletpress.project import Project
    from leafletpress.render import Renderer

    lp = Project.at(project)
    renderer = Renderer(lp)
    job = Job(load_leaflet(lp.leaflets_dir / "sample" / f"{lang}.md"),
              load_brand(lp.brands_dir), Path(os.devnull))  # fmt: skip
    renderer.pdf(job)  # untimed: fonts and stylesheets load once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        renderer.pdf(job)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


SHIPPED_LANGS = ("en", "zh-Hans")


def shipped(repeat: int) -> None:
    """The shipped leaflets, English against Chinese: cold build, warm ms, sizes."""
    import pypdf

    from leafletpress.brands import load_brand
    from leafletpress.content import load_leaflet
    from leafletpress.jobs import Job
    from leafletpress.project import Project
    from leafletpress.render import Renderer

    lp = Project.at(ROOT)
    slugs = sorted(p.parent.name for p in lp.leaflets_dir.glob("*/zh-Hans.md"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for lang in SHIPPED_LANGS:  # untimed first: the faces are prepared
            command = [PYTHON, str(ROOT / "build.py"), "-q", "build", *slugs, "--lang", lang,
                       "--force", "-j", "1", "-o", str(out)]  # fmt: skip
            subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        times = {lang: [] for lang in SHIPPED_LANGS}
        for _ in range(repeat):  # interleaved, so both languages meet the same machine load
            for lang in SHIPPED_LANGS:
                command = [PYTHON, str(ROOT / "build.py"), "-q", "build", *slugs, "--lang",
                           lang, "--force", "-j", "1", "-o", str(out)]  # fmt: skip
                start = time.perf_counter()
                subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
                times[lang].append(time.perf_counter() - start)
        cold = {lang: statistics.median(values) for lang, values in times.items()}
        renderer = Renderer(lp)
        brand = load_brand(lp.brands_dir)
        print("| Leaflet | Language | Pages | Warm per PDF (ms) | Size (KB) |")
        print("|---|---|---|---|---|")
        for slug in slugs:
            for lang in SHIPPED_LANGS:
                job = Job(load_leaflet(lp.leaflets_dir / slug / f"{lang}.md"), brand,
                          Path(os.devnull))  # fmt: skip
                renderer.pdf(job)  # untimed: fonts and stylesheets load once
                runs = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    renderer.pdf(job)
                    runs.append(time.perf_counter() - start)
                pdf = out / (f"{slug}.pdf" if lang == "en" else f"{slug}--{lang}.pdf")
                pages = len(pypdf.PdfReader(pdf).pages)
                print(f"| {slug} | `{lang}` | {pages} | {statistics.median(runs) * 1000:.0f} "
                      f"| {pdf.stat().st_size / 1000:.0f} |")  # fmt: skip
    print(f"\nCold build of the {len(slugs)} leaflets: "
          + ", ".join(f"`{lang}` {seconds:.2f} s" for lang, seconds in cold.items())
          + f" (Chinese {cold['zh-Hans'] / cold['en']:.2f}x English).")  # fmt: skip
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-first-run", action="store_true")
    parser.add_argument(
        "--shipped", action="store_true", help="the shipped leaflets, en vs zh-Hans"
    )
    options = parser.parse_args()
    if options.shipped:
        shipped(options.repeat)
        return
    import pypdf

    with tempfile.TemporaryDirectory() as scratch:
        project = scratch_project(Path(scratch) / "project")
        dist = project / "dist"
        cold_build(project, "zh-Hans")  # untimed: make sure the faces are prepared
        cold_build(project, "ta")
        rows = {}
        for lang in LANGS:
            cold = statistics.median(cold_build(project, lang) for _ in range(options.repeat))
            pdf = dist / ("sample.pdf" if lang == "en" else f"sample--{lang}.pdf")
            pages = len(pypdf.PdfReader(pdf).pages)
            rows[lang] = (cold, warm_ms(project, lang, options.repeat), pdf.stat().st_size, pages)
        first = {}
        if not options.skip_first_run:
            for lang in ("zh-Hans", "ta"):
                with tempfile.TemporaryDirectory() as cache:
                    env = {**os.environ, "LEAFLETPRESS_CACHE": cache}
                    first[lang] = cold_build(project, lang, env)
    english = rows["en"]
    print(
        "| Language | Pages | Cold, one PDF (s) | Warm per PDF (ms) | Warm vs English | Size (KB) |"
    )
    print("|---|---|---|---|---|---|")
    for lang, (cold, warm, size, pages) in rows.items():
        print(f"| `{lang}` | {pages} | {cold:.2f} | {warm:.0f} | {warm / english[1]:.2f}x "
              f"| {size / 1000:.0f} |")  # fmt: skip
    for lang, seconds in first.items():
        print(f"\nFirst run on a machine (`--lang {lang}`, empty font cache, faces cut): "
              f"{seconds:.1f} s.", end="")  # fmt: skip
    print(f"\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measure the build's speed against the engine's own limits, side by side, in one run.

Usage:  .venv/bin/python benchmarks/speed.py [--repeat N] [--markdown] [--update-readme]

It measures, on the machine at hand:
  1. `--help`, from a cold interpreter;
  2. the cold default build (three leaflets) against the `weasyprint` command run
     once per PDF on the same HTML;
  3. the full variant matrix with -j 1 and -j 2;
  4. the engine's own warm time per PDF on the matrix's HTML (the limit:
     engine import + PDFs x warm per-PDF time / 2 workers);
  5. a no-op rebuild of the matrix;
  6. the peak resident memory of the build's processes.
Each timing is the median of N runs (default 3). Nothing here is a test: numbers
depend on the machine, so they go in the README, not in assertions.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py")]
WEASYPRINT = str(Path(PYTHON).with_name("weasyprint"))


def timed(command: list[str], repeat: int, before=None) -> float:
    """Median wall time of ``command`` over ``repeat`` runs; ``before`` runs untimed first."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(command: list[str]) -> float:
    """Largest resident set of any process in ``command``'s tree, in MB (Linux: KB units)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [PYTHON, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip()) / 1024


def engine_limit(html_dir: Path) -> tuple[float, float, int]:
    """(engine import seconds, warm seconds per PDF, PDFs) measured in fresh processes."""
    import_probe = (
        "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
    )
    imports = [
        float(
            subprocess.run(
                [PYTHON, "-c", import_probe], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(3)
    ]
    warm_probe = """
import sys, time
from pathlib import Path
import weasyprint
files = sorted(Path(sys.argv[1]).glob("*.html"))
weasyprint.HTML(filename=str(files[0])).write_pdf(pdf_variant="pdf/ua-1")  # warm up
start = time.perf_counter()
for path in files:
    weasyprint.HTML(filename=str(path)).write_pdf(pdf_variant="pdf/ua-1")
print((time.perf_counter() - start) / len(files), len(files))
"""
    out = subprocess.run(
        [PYTHON, "-c", warm_probe, str(html_dir)], check=True, capture_output=True, text=True
    )
    warm, count = out.stdout.split()
    return statistics.median(imports), float(warm), int(count)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}), {platform.machine()}, "
        f"Python {platform.python_version()}, WeasyPrint {metadata.version('weasyprint')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    parser.add_argument(
        "--update-readme", action="store_true", help="also write the table into README.md"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="leafletpress-bench-"))
    try:
        results = run(work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, args.markdown)
    if args.update_readme:
        update_readme(results)


def update_readme(results: dict[str, float]) -> None:
    """Replace the table between the README's speed-table markers with this run's."""
    import contextlib
    import io

    table = io.StringIO()
    with contextlib.redirect_stdout(table):
        report(results, markdown=True)
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- speed-table -->\n", "<!-- /speed-table -->"
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(before + start + table.getvalue() + end + after, encoding="utf-8")


def run(work: Path, repeat: int) -> dict[str, float]:
    r: dict[str, float] = {}
    r["help"] = timed([*BUILD, "--help"], repeat + 2)

    # The same HTML the build renders, written once, for the engine's own command.
    html = work / "html"
    subprocess.run([*BUILD, "-q", "build", "--html", "-o", str(html)], check=True)
    pages = sorted(html.glob("*.html"))

    def weasyprint_per_pdf() -> None:
        for page in pages:
            subprocess.run(
                [WEASYPRINT, "-q", "--pdf-variant", "pdf/ua-1", str(page), str(work / "x.pdf")],
                check=True,
            )

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        weasyprint_per_pdf()
        times.append(time.perf_counter() - start)
    r["weasyprint_x3"] = statistics.median(times)
    r["cold_default"] = timed([*BUILD, "-q", "build", "--force", "-o", str(work / "cold")], repeat)

    matrix = ["-q", "build", "--all-variants", "--force"]
    r["matrix_j1"] = timed([*BUILD, *matrix, "-j", "1", "-o", str(work / "j1")], repeat)
    r["matrix_j2"] = timed([*BUILD, *matrix, "-j", "2", "-o", str(work / "j2")], repeat)
    r["noop"] = timed([*BUILD, "-q", "build", "--all-variants", "-o", str(work / "j2")], repeat)
    r["pdfs"] = len(list((work / "j2").glob("*.pdf")))

    matrix_html = work / "matrix-html"
    subprocess.run(
        [*BUILD, "-q", "build", "--all-variants", "--html", "-o", str(matrix_html)], check=True
    )
    r["engine_import"], r["engine_warm"], r["engine_pdfs"] = engine_limit(matrix_html)
    r["limit_j2"] = r["engine_import"] + r["pdfs"] * r["engine_warm"] / 2

    r["rss_j2"] = peak_rss_mb([*BUILD, *matrix, "-j", "2", "-o", str(work / "rss")])
    r["rss_j1"] = peak_rss_mb([*BUILD, *matrix, "-j", "1", "-o", str(work / "rss1")])
    return r


def versus(a: float, b: float, unit: str = "") -> str:
    """'a s vs b s = a/b': a measurement beside what it is compared with."""
    return f"{a:.2f} s vs {b:.2f} s = {a / b:.2f}{unit}"


def report(r: dict[str, float], markdown: bool) -> None:
    n = int(r["pdfs"])
    rows = [
        ("`--help`", f"{r['help']:.2f} s", "under 0.3 s", r["help"] < 0.3),
        (
            "cold default build (3 PDFs) vs `weasyprint` x 3",
            versus(r["cold_default"], r["weasyprint_x3"]),
            "at most 0.6",
            r["cold_default"] / r["weasyprint_x3"] <= 0.6,
        ),
        (
            f"matrix ({n} PDFs) `-j 2` vs the limit",
            versus(r["matrix_j2"], r["limit_j2"]),
            "at most 1.3",
            r["matrix_j2"] / r["limit_j2"] <= 1.3,
        ),
        (
            "matrix `-j 1` vs `-j 2`",
            versus(r["matrix_j1"], r["matrix_j2"], "x"),
            "at least 1.8x",
            r["matrix_j1"] / r["matrix_j2"] >= 1.8,
        ),
        (
            "no-op rebuild of the matrix vs a full `-j 2` build",
            versus(r["noop"], r["matrix_j2"]),
            "at most 0.35",
            r["noop"] / r["matrix_j2"] <= 0.35,
        ),
        (
            "peak memory of any build process (`-j 2`, `-j 1`)",
            f"{r['rss_j2']:.0f} MB, {r['rss_j1']:.0f} MB",
            "each worker under 150 MB",
            r["rss_j2"] < 150,
        ),
    ]
    limit = (
        f"The limit: engine import {r['engine_import']:.2f} s + {n} PDFs x warm "
        f"{r['engine_warm'] * 1000:.0f} ms / 2 workers = {r['limit_j2']:.2f} s "
        "(measured on the same HTML, in one warm WeasyPrint process)."
    )
    if markdown:
        print("| measure | result | target | met |\n|---|---|---|---|")
        for name, result, target, met in rows:
            print(f"| {name} | {result} | {target} | {'yes' if met else '**no**'} |")
        print(f"\n{limit}\nMachine: {machine()}.")
        return
    width = max(len(row[0]) for row in rows)
    for name, result, target, met in rows:
        verdict = "met" if met else "NOT MET"
        print(f"{name.replace('`', ''):<{width}}  {result:<34}  {target:<24}  {verdict}")
    print(limit)
    print(f"Machine: {machine()}")


if __name__ == "__main__":
    main()

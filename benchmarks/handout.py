#!/usr/bin/env python3
"""Time the handout command as a doctor runs it: a fresh process each time, wall clock.

Usage:  .venv/bin/python benchmarks/handout.py [--runs 5]

Each run starts a new Python process (``python build.py handout ...``), so import
and engine start-up are counted, as they are when a doctor types the command.
It prints one row per case with the median, fastest and slowest wall time, the
file size and the page count, then the machine it ran on. The patient is made up;
the PDFs go to a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "2 leaflets": ["overview", "scs-what-to-expect"],
    "3 leaflets": ["overview", "scs-what-to-expect", "when-to-see-a-specialist"],
}
PERSONAL = [
    "--patient",
    "Benchmark Patient",
    "--doctor",
    "Dr Benchmark",
    "--note",
    "Walk for 20 minutes every day.\nKeep a pain diary.",
    "--next-step",
    "Book a review in six weeks",
    "--next-step",
    "Bring your pain diary",
]


def run_once(slugs: list[str], folder: Path) -> tuple[float, int, int]:
    """One cold run; returns (seconds, bytes, pages)."""
    target = folder / "benchmark.pdf"
    # The example partner has contact details; the shipped default brand has none yet.
    brand = ["--brand", "example-partner"]
    command = [sys.executable, str(ROOT / "build.py"), "handout", *slugs, *brand, *PERSONAL]
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "-o", str(target), "--force"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the handout command failed:\n{result.stderr}")
    pages = int(re.search(r"(\d+) pages", result.stderr).group(1))
    return elapsed, target.stat().st_size, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (default 5)")
    args = parser.parse_args()

    print(f"{'case':<12} {'median':>8} {'fastest':>8} {'slowest':>8} {'size':>8} {'pages':>6}")
    with tempfile.TemporaryDirectory(prefix="leafletpress-benchmark-") as temp:
        for name, slugs in CASES.items():
            results = [run_once(slugs, Path(temp)) for _ in range(args.runs)]
            times = [seconds for seconds, _, _ in results]
            _, size, pages = results[-1]
            print(
                f"{name:<12} {statistics.median(times):>7.2f}s {min(times):>7.2f}s "
                f"{max(times):>7.2f}s {size / 1024:>6.0f}KB {pages:>6}"
            )
    print(
        f"\n{args.runs} cold runs per case (a new process each); "
        f"{os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()}, WeasyPrint {version('weasyprint')}, "
        f"{platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    main()

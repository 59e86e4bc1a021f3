#!/usr/bin/env python3
"""Time a two-leaflet handout asked of the web app: the first request, and warm ones.

Usage:  .venv/bin/python benchmarks/serve_latency.py [--starts 20] [--warm 20] [--workers 2]

Each start runs the real ``python build.py serve`` on a free loopback port, waits until
``/healthz`` says ready, then times, over HTTP (``POST /api/handout``, wall clock, the
whole PDF received):

- the **first** request that server answers (its worker is warm: engine, fonts and
  stylesheets loaded; the leaflets not yet read);
- after the last start, ``--warm`` more requests one after another (**warm**).

It also reports the time from starting the command to ``/healthz`` ready, and the
memory (resident set) of each worker process. The patient is made up; nothing is
written anywhere but a temporary folder removed at the end. The brand is the
example partner's, which has every contact detail a handout's cover may need.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODY = {
    "leaflets": ["overview", "scs-what-to-expect"],
    "patient": "Benchmark Patient",
    "doctor": "Dr Benchmark",
    "notes": ["Walk for 20 minutes every day.\nKeep a pain diary."],
    "next_steps": ["Book a review in six weeks", "Bring your pain diary"],
    "brand": "example-partner",
}


def start(workers: int, folder: Path) -> tuple[subprocess.Popen, str, float]:
    """Start ``serve``; return the process, its address and the seconds until it is ready."""
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"]
        + ["--workers", str(workers)],
        cwd=folder,
        env={**os.environ, "TMPDIR": str(folder)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    line = server.stdout.readline().decode()
    found = re.search(r"http://\S+?/", line)
    if found is None:
        server.kill()
        sys.exit(f"serve did not start: {line!r}")
    address = found.group(0)
    while True:
        try:
            with urllib.request.urlopen(address + "healthz"):
                return server, address, time.perf_counter() - started
        except urllib.error.HTTPError:
            time.sleep(0.02)


def handout(address: str) -> tuple[float, int]:
    """One request; returns (seconds, bytes of PDF)."""
    request = urllib.request.Request(
        address + "api/handout",
        data=json.dumps(BODY).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as answer:
        pdf = answer.read()
    return time.perf_counter() - started, len(pdf)


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Resident memory (MB) of the server's worker processes."""
    listing = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss=,args="], capture_output=True, text=True
    ).stdout
    return [int(line.split()[0]) // 1024 for line in listing.splitlines() if "spawn_main" in line]


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(30)


def row(name: str, values: list[float]) -> str:
    return (
        f"{name:<22}{statistics.median(values):>8.2f}s{min(values):>8.2f}s"
        f"{max(values):>8.2f}s{len(values):>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=20, help="servers started (first request)")
    parser.add_argument("--warm", type=int, default=20, help="warm requests after the last start")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    ready, first, warm, memory, size = [], [], [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        for number in range(options.starts):
            server, address, seconds = start(options.workers, Path(folder))
            try:
                ready.append(seconds)
                elapsed, size = handout(address)
                first.append(elapsed)
                if number == options.starts - 1:
                    for _ in range(options.warm):
                        warm.append(handout(address)[0])
                    memory = worker_memory(server)
            finally:
                stop(server)
    print(f"{'measure':<22}{'median':>9}{'fastest':>9}{'slowest':>9}{'runs':>6}")
    print(row("start to ready", ready))
    print(row("first request", first))
    print(row("warm request", warm))
    print()
    print(
        f"Two leaflets (overview, scs-what-to-expect) with a cover, {size // 1024} KB; "
        f"{options.workers} workers, each {', '.join(f'{m} MB' for m in memory)} after the runs."
    )
    print(
        f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
        f"WeasyPrint {version('weasyprint')}, {platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    main()

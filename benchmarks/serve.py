#!/usr/bin/env python3
"""Warm handouts from the web app against the cold command line (issue 25).

Usage:  .venv/bin/python benchmarks/serve.py [--warm 50] [--workers 2] [--soak 1000]

In one run, on the shipped leaflets with the example partner's brand (it has the
contact details a handout's cover needs):

- **cold**: ``python build.py handout overview scs-what-to-expect ...`` as a doctor
  types it, a new process each time (median of ``--cold`` runs);
- **warm**: the same two-leaflet handout asked of ``build.py serve`` over HTTP
  (``POST /api/handout``, the whole PDF received), ``--warm`` requests one after
  another once each worker has laid the leaflets out: median and 95th percentile;
- **eight at once**: eight requests for eight different patients at the same time;
  each must succeed and its PDF hold its own patient's name and no other;
- **throughput**: handouts a second with 1, 2 and 8 clients asking without pause;
- **memory**: the resident memory of each worker after 0, 250, ... ``--soak``
  handouts (different patients, notes and steps), which must level off;
- **a kept layout**: in this process, the memory one laid-out leaflet holds (every
  shipped leaflet, language and edition laid out and kept), which bounds kept.MAX_KEPT.

The patients are made up; nothing is written anywhere but a temporary folder removed
at the end. Not a test: the numbers go in the README's Web app section.
"""

from __future__ import annotations

import argparse
import gc
import io
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
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUGS = ["overview", "scs-what-to-expect"]
BRAND = "example-partner"


def body(patient: str, number: int = 0) -> dict:
    return {
        "leaflets": SLUGS,
        "patient": patient,
        "doctor": "Dr Benchmark",
        "notes": [f"Walk for {20 + number % 40} minutes every day.\nKeep a pain diary."],
        "next_steps": ["Book a review in six weeks", f"Bring your pain diary ({number})"],
        "brand": BRAND,
    }


def cold(folder: Path) -> float:
    """One command-line handout, from starting Python to the PDF written."""
    args = [sys.executable, str(ROOT / "build.py"), "--project", str(ROOT), "handout", *SLUGS]
    args += ["--patient", "Cold Patient", "--doctor", "Dr Benchmark", "--brand", BRAND]
    args += ["--note", "Walk for 20 minutes every day.\nKeep a pain diary."]
    args += ["--next-step", "Book a review in six weeks", "--next-step", "Bring your pain diary"]
    target = folder / "cold.pdf"
    started = time.perf_counter()
    subprocess.run([*args, "-o", str(target), "--force"], check=True, capture_output=True)
    return time.perf_counter() - started


def start(workers: int, folder: Path) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--project", str(ROOT), "serve"]
        + ["--port", "0", "--workers", str(workers)],
        cwd=folder,
        env={**os.environ, "TMPDIR": str(folder)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    found = re.search(r"http://\S+?/", server.stdout.readline().decode())
    if found is None:
        server.kill()
        sys.exit("serve did not start")
    address = found.group(0)
    while True:
        try:
            with urllib.request.urlopen(address + "healthz"):
                return server, address
        except urllib.error.HTTPError:
            time.sleep(0.05)


def handout(address: str, patient: str, number: int = 0) -> tuple[float, bytes]:
    request = urllib.request.Request(
        address + "api/handout",
        data=json.dumps(body(patient, number)).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        pdf = answer.read()
    return time.perf_counter() - started, pdf


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Resident memory (MB) of the server's worker processes."""
    listing = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss=,args="], capture_output=True, text=True
    ).stdout
    return [int(line.split()[0]) // 1024 for line in listing.splitlines() if "spawn_main" in line]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def throughput(address: str, clients: int, per_client: int) -> float:
    def client(number: int) -> None:
        for count in range(per_client):
            handout(address, f"Client{number} Patient{count}", count)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return clients * per_client / (time.perf_counter() - started)


def kept_layout_memory() -> tuple[int, float, float]:
    """Lay out every shipped leaflet in every language and edition for the brand and keep
    them: (layouts, MB of Python objects each, MB of resident memory each)."""
    import resource
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from leafletpress import open_project
    from leafletpress.brands import load_brand
    from leafletpress.content import discover_languages, discover_slugs, load_leaflet
    from leafletpress.handout import pack_job
    from leafletpress.kept import Kept
    from leafletpress.model import EDITIONS
    from leafletpress.render import Renderer

    project = open_project(ROOT)
    renderer = Renderer(project)
    renderer.warm_up()
    brand = load_brand(project.brands_dir, BRAND)
    kept = Kept(renderer, size=10_000)
    jobs = []
    for slug in discover_slugs(project.leaflets_dir):
        for lang in discover_languages(project.leaflets_dir / slug):
            leaflet = load_leaflet(project.leaflets_dir / slug / f"{lang}.md")
            for edition in EDITIONS:
                jobs.append(pack_job(leaflet, brand, edition))
    kept.leaflet(jobs[0])  # the first layout pays one-off costs (fonts, caches)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    for job in jobs[1:]:
        kept.leaflet(job)
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    count = len(jobs) - 1
    return count, traced / count / 1e6, grown / 1024 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", type=int, default=5, help="command-line handouts timed")
    parser.add_argument("--warm", type=int, default=50, help="warm requests timed")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--soak", type=int, default=1000, help="handouts before the last RSS")
    options = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        colds = [cold(folder) for _ in range(options.cold)]
        server, address = start(options.workers, folder)
        try:
            # Each worker lays the two leaflets out on its first handout; ask each once.
            with ThreadPoolExecutor(options.workers) as pool:
                list(pool.map(lambda n: handout(address, f"Warmup Patient{n}"), range(8)))
            warm = [handout(address, f"Warm Patient{n}", n)[0] for n in range(options.warm)]
            names = [f"Patient {letter}{letter.lower()}zelwood" for letter in "ABCDEFGH"]
            with ThreadPoolExecutor(8) as pool:
                pdfs = list(pool.map(lambda n: handout(address, n)[1], names))
            own = [
                [other for other in names if other in pdf_text(pdf)] == [name]
                for name, pdf in zip(names, pdfs, strict=True)
            ]
            rates = {
                clients: throughput(address, clients, 24 // clients * 2) for clients in (1, 2, 8)
            }
            memory = [(0, worker_memory(server))]
            done, step = 0, max(1, options.soak // 4)
            while done < options.soak:
                with ThreadPoolExecutor(4) as pool:
                    list(
                        pool.map(
                            lambda n: handout(address, f"Soak Patient{n}", n),
                            range(done, done + step),
                        )
                    )
                done += step
                memory.append((done, worker_memory(server)))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    count, traced, resident = kept_layout_memory()
    median = statistics.median(warm)
    cold_median = statistics.median(colds)
    print(f"{'measure':<44}{'value':>12}")
    cold_name = f"cold command-line handout, median of {len(colds)}"
    print(f"{cold_name:<44}{cold_median * 1000:>10.0f} ms")
    print(f"{'warm handout over HTTP, median of ' + str(len(warm)):<44}{median * 1000:>10.0f} ms")
    print(
        f"{'warm handout over HTTP, 95th percentile':<44}{percentile(warm, 0.95) * 1000:>10.0f} ms"
    )
    print(f"{'warm median / cold median':<44}{median / cold_median:>11.2f}x")
    print(f"{'8 patients at once: succeeded, own name only':<44}{sum(own):>10}/8")
    for clients, rate in rates.items():
        print(f"{f'throughput, {clients} client(s)':<44}{rate:>8.1f} /s")
    for handouts, sizes in memory:
        shown = ", ".join(f"{size}" for size in sizes)
        print(f"{f'worker RSS after {handouts} handouts':<44}{shown:>9} MB")
    layout_name = f"one kept layout (mean of {count})"
    print(f"{layout_name:<44}{traced:>6.1f} MB objects, {resident:.1f} MB RSS")
    print()
    print(
        f"Two leaflets ({', '.join(SLUGS)}) with a cover, {len(pdfs[0]) // 1024} KB, "
        f"{options.workers} workers; {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, WeasyPrint {version('weasyprint')}, "
        f"{platform.system()} {platform.release()}; load average before: {load:.2f}"
    )


if __name__ == "__main__":
    main()

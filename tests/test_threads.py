"""Rendering in threads, as a web server does: two handouts at once, each correct.

The engine's process-wide set-up happens once (engine.py); a render changes nothing
process-wide (no environment variable, no logger setting), so two threads rendering
different handouts in one process get the same PDFs as one after the other.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import date

import pdffacts
from conftest import ROOT

from leafletpress import handout as handout_stage
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflet
from leafletpress.project import Project
from leafletpress.render import Renderer

PATIENTS = ("Zelda Quorvath-Test", "Ysolde Brannigan-Test")


def packs():
    leaflet = load_leaflet(ROOT / "leaflets" / "when-to-see-a-specialist" / "en.md")
    brand = load_brand(ROOT / "brands")
    return [
        handout_stage.make_handout(
            patient, [leaflet], brand, day=date(2026, 11, 20 + number), notes=[f"Note {number}."]
        )
        for number, patient in enumerate(PATIENTS)
    ]


def test_two_threads_render_two_different_handouts_at_once(tmp_path, monkeypatch):
    renderer = Renderer(Project.at(ROOT))  # one renderer, shared, as a web worker keeps it
    made = packs()
    alone = [handout_stage.render_handout(pack, renderer).pdf for pack in made]

    changed: list[str] = []
    real_setitem = type(os.environ).__setitem__

    def spy(environ, key, value):
        changed.append(key)
        real_setitem(environ, key, value)

    monkeypatch.setattr(type(os.environ), "__setitem__", spy)
    engine_log = logging.getLogger("weasyprint")
    before = (engine_log.propagate, list(engine_log.handlers))

    start = threading.Barrier(len(made))
    results: dict[int, bytes] = {}
    failures: list[BaseException] = []

    def render(number: int) -> None:
        try:
            start.wait(timeout=60)
            results[number] = handout_stage.render_handout(made[number], renderer).pdf
        except BaseException as error:  # noqa: BLE001 (reported by the test below)
            failures.append(error)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(len(made))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert failures == [] and sorted(results) == [0, 1], failures
    assert [results[0], results[1]] == alone  # byte for byte what each makes alone
    for number, patient in enumerate(PATIENTS):
        path = tmp_path / f"pack-{number}.pdf"
        path.write_bytes(results[number])
        text = pdffacts.text(path)
        assert patient in text and f"Note {number}." in text
        assert PATIENTS[1 - number] not in text
    assert changed == []  # nothing process-wide was changed per render
    assert (engine_log.propagate, list(engine_log.handlers)) == before

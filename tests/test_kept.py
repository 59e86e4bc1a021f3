"""Warm handouts (issue 25): a worker keeps laid-out leaflets and joins them to each new
cover; the pack is the same PDF, byte for byte, as one laid out anew or made by the
command line; a changed leaflet is picked up at once; nothing of the patient is kept."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import conftest
import pdffacts
import pytest
from conftest import TODAY, FixtureProject, run
from webclient import api_body, scanning_worker

from leafletpress import open_project, services
from leafletpress.kept import Kept
from leafletpress.web import create_app
from leafletpress.web.workers import Pool

# Made up here, not in webclient (which a scanning worker imports), so that finding it
# in a worker means a handout left it there.
PATIENT = "Zora " + "Vagel" + "dwin"
NOTE = "Bring the " + "KP-" + "5512" + " scan."
PACK = dict(
    doctor="Dr Lim Wei Ling",
    notes=[NOTE, "Walk for 20 minutes a day."],
    next_steps=["Book the trial", "Review in six weeks"],
    brand="example-partner",
    day=TODAY,
    today=TODAY,
)
SLUGS = ["overview", "scs-what-to-expect"]


def wait_ready(pool: Pool) -> Pool:
    deadline = time.monotonic() + 60
    while not pool.ready():
        assert time.monotonic() < deadline, "no worker became ready"
        time.sleep(0.05)
    return pool


@pytest.fixture(scope="module")
def shipped():
    project = open_project(conftest.SHIPPED)
    return project, services.Renderer(project)


def test_a_pack_of_kept_leaflets_is_the_same_pdf_as_one_laid_out_anew(shipped):
    project, renderer = shipped
    kept = Kept(renderer)
    anew = services.handout(project, SLUGS, PATIENT, renderer=renderer, **PACK)
    first = services.handout(project, SLUGS, PATIENT, renderer=renderer, kept=kept, **PACK)
    laid_out = kept.laid_out  # the two leaflets and the page left blank
    again = services.handout(
        project, SLUGS, "Another Patient", renderer=renderer, kept=kept, **PACK
    )
    assert kept.laid_out == laid_out == 3  # the second pack laid out its cover alone
    assert first.pdf == anew.pdf
    # The second patient's pack differs in its cover only: same pages, same leaflets.
    assert again.pages == anew.pages and again.pdf != anew.pdf


def test_the_command_line_and_the_web_app_give_the_same_pdf(tmp_path):
    out = tmp_path / "cli.pdf"
    steps = [arg for step in PACK["next_steps"] for arg in ("--next-step", step)]
    notes = [arg for note in PACK["notes"] for arg in ("--note", note)]
    result = run(
        "handout", *SLUGS, "--patient", PATIENT, "--doctor", PACK["doctor"], *notes, *steps,
        "--brand", "example-partner", "--date", TODAY.isoformat(), "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    client = create_app(conftest.SHIPPED, today=lambda: TODAY).test_client()
    body = api_body(
        leaflets=SLUGS,
        patient=PATIENT,
        doctor=PACK["doctor"],
        date=TODAY.isoformat(),
        notes=PACK["notes"],
        next_steps=PACK["next_steps"],
        brand="example-partner",
    )
    for _ in range(2):  # laid out anew, then from the leaflets the app kept
        answer = client.post("/api/handout", json=body)
        assert answer.status_code == 200, answer.data[:300]
        assert answer.data == out.read_bytes()


def test_threads_sharing_the_kept_leaflets_each_get_only_their_own_patient(tmp_path):
    """The in-process app (tests, scripts) shares one Kept between its threads."""
    made = FixtureProject(tmp_path / "project")
    made.valid_leaflet("sample")
    client = create_app(made.root, today=lambda: TODAY).test_client()
    names = [f"Patient {letter}{letter.lower()}velworth" for letter in "ABCDEFGH"]

    def make(name: str) -> bytes:
        body = api_body(leaflets=["sample"], patient=name, notes=[])
        answer = client.post("/api/handout", json=body)
        assert answer.status_code == 200, answer.data[:300]
        return answer.data

    with ThreadPoolExecutor(8) as threads:
        pdfs = list(threads.map(make, names))
    for name, pdf in zip(names, pdfs, strict=True):
        text = pdffacts.text(_saved(tmp_path, pdf))
        assert [other for other in names if other in text] == [name]


def test_at_most_so_many_layouts_are_kept_the_least_used_dropped_first(shipped):
    project, renderer = shipped
    kept = Kept(renderer, size=2)
    for slug in ["overview", "scs-what-to-expect", "overview"]:
        services.handout(project, [slug], PATIENT, renderer=renderer, kept=kept, **PACK)
        assert len(kept) <= 2
    # Each pack needed its leaflet and the blank page: the second dropped the first
    # leaflet, so the third laid it out again.
    assert kept.laid_out == 4


def _leaflet_text(project: Path, words: str) -> None:
    body = f"## A heading\n\n{words}\n"
    (project / "leaflets" / "sample" / "en.md").write_text(
        conftest.VALID_FRONT_MATTER + "\n" + body, encoding="utf-8"
    )


def test_a_running_server_uses_a_changed_leaflet_on_the_next_request(tmp_path):
    made = FixtureProject(tmp_path / "project")
    made.valid_leaflet("sample", body="## A heading\n\nThe first words.\n")
    pool = wait_ready(Pool(made.root, 1))
    try:
        client = create_app(made.root, maker=pool, today=lambda: TODAY).test_client()
        texts = []
        for words in ["The first words.", "The second words.", None, "A broken leaflet"]:
            if words == "A broken leaflet":
                (made.root / "leaflets" / "sample" / "en.md").write_text("---\ntitle: [\n")
            elif words is not None:
                _leaflet_text(made.root, words)
            answer = client.post("/api/handout", json=api_body(leaflets=["sample"]))
            if words == "A broken leaflet":
                assert answer.status_code == 422  # refused at once, not printed as it was
                break
            assert answer.status_code == 200, answer.data[:300]
            path = tmp_path / f"{len(texts)}.pdf"
            path.write_bytes(answer.data)
            texts.append(pdffacts.text(path))
    finally:
        pool.close()
    assert "The first words." in texts[0]
    assert "The second words." in texts[1] and "The first words." not in texts[1]
    assert "The second words." in texts[2]  # unchanged: kept


def test_after_a_handout_no_live_object_in_the_worker_holds_the_patients_details(tmp_path):
    made = FixtureProject(tmp_path / "project")
    made.valid_leaflet("sample")
    pool = wait_ready(Pool(made.root, 1, target=scanning_worker))
    try:
        client = create_app(made.root, maker=pool, today=lambda: TODAY).test_client()
        body = api_body(leaflets=["sample"], patient=PATIENT, notes=[NOTE])
        for _ in range(2):  # the second from the kept leaflet
            answer = client.post("/api/handout", json=body)
            assert answer.status_code == 200, answer.data[:300]
            assert PATIENT in pdffacts.text(_saved(tmp_path, answer.data))
        del answer
        worker = pool.idle.get(timeout=10)
        found = {}
        for needle in [PATIENT.split()[1], NOTE.split()[2]]:
            worker.conn.send(("scan", needle))
            found[needle] = worker.conn.recv()
        pool.idle.put(worker)
    finally:
        pool.close()
    assert found == {PATIENT.split()[1]: [], NOTE.split()[2]: []}


def _saved(folder: Path, pdf: bytes) -> Path:
    path = folder / "pack.pdf"
    path.write_bytes(pdf)
    return path

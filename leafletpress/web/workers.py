"""Rendering in worker processes: each keeps one warm renderer; HTTP threads hand it work.

Why processes, not the server's threads: the render time limit (``engine``) works only in
a process's main thread, and a render that crashes its process (a fault in a C library)
must not take the server down. Each worker is a process started with ``spawn`` that
loads the engine once, then makes one handout at a time, in its main thread, for as long
as the server runs, keeping the leaflets it has laid out (``kept.py``), so that a warm
handout lays out only its cover. A request waits for a free worker; a worker that dies while making
one is replaced, and that request alone gets a 500 with one line.

The request and the PDF travel through a pipe between the processes, in memory: nothing
of the patient's touches a disk.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import signal
import threading
from pathlib import Path

from .making import HandoutSpec, Outcome, make

log = logging.getLogger("leafletpress.web")

# How long a request waits for a free worker before it is told to try again: a handout
# takes about a second, so a minute means the workers are stuck, not busy.
WAIT_FOR_WORKER_SECONDS = 60
# How long a worker may take for one handout before it is ended: the engine stops a
# render at MAX_RENDER_SECONDS (30 s); this catches one that fails to stop.
RENDER_WAIT_SECONDS = 45
CRASHED = "the renderer stopped while making this handout (a bug, not your input); try again"
STUCK = "the renderer took too long with this handout and was stopped; try again"
BUSY = "every renderer is busy; try again in a minute"


def default_workers() -> int:
    """One worker per core: a handout keeps a core busy for about a second."""
    return os.cpu_count() or 1


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, project_root: Path, context, target=None):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(
            target=target or _work,
            args=(theirs, str(project_root)),
            daemon=True,
            name="leafletpress-render",
        )
        self.process.start()
        theirs.close()

    def wait_ready(self) -> bool:
        """Wait until the worker has warmed up; False if it died first."""
        try:
            return self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # already gone, or closed
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


class Pool:
    """``size`` warm worker processes; calling the pool makes one handout in one of them."""

    def __init__(
        self, project_root: Path, size: int | None = None, target=None, start: bool = True
    ):
        self.project_root = Path(project_root)
        self.target = target  # what a worker process runs (tests give one that crashes)
        self.size = size or default_workers()
        self.context = multiprocessing.get_context("spawn")
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        self.started = threading.Event()  # at least one worker has warmed up
        self.lock = threading.Lock()
        self.all: set[Worker] = set()
        if start:
            self.start()

    def start(self) -> None:
        """Start the workers (in the background: ``ready`` says when one is warm)."""
        for _ in range(self.size):
            self._start_one()

    def _start_one(self) -> None:
        """Start a worker in the background; it joins the idle ones once warm."""

        def warm() -> None:
            with self.lock:
                if self.closed:
                    return
                worker = Worker(self.project_root, self.context, self.target)
                self.all.add(worker)
            if worker.wait_ready() and not self.closed:
                self.started.set()
                self.idle.put(worker)
                return
            if not self.closed:
                worker.process.join(5)
                log.error("a renderer failed to start (exit %s)", worker.process.exitcode)
            self._forget(worker)

        threading.Thread(target=warm, daemon=True, name="leafletpress-warm").start()

    def _forget(self, worker: Worker) -> None:
        with self.lock:
            self.all.discard(worker)
        worker.stop()

    def _replace(self, worker: Worker) -> None:
        self._forget(worker)
        if not self.closed:
            self._start_one()

    def ready(self) -> bool:
        return self.started.is_set() and not self.closed

    def __call__(self, spec: HandoutSpec) -> Outcome:
        while True:
            try:
                worker = self.idle.get(timeout=WAIT_FOR_WORKER_SECONDS)
            except queue.Empty:
                return Outcome(problems=[(None, BUSY)], status=503)
            if worker.process.is_alive():
                break
            self._replace(worker)  # died while idle: its place is taken, and we wait on
        try:
            worker.conn.send(spec)
            if not worker.conn.poll(RENDER_WAIT_SECONDS):
                log.error("a renderer took longer than %d s and was stopped", RENDER_WAIT_SECONDS)
                self._replace(worker)
                return Outcome(problems=[(None, STUCK)], status=500)
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            log.error("a renderer stopped while making a handout (exit %s); replaced", code)
            self._replace(worker)
            return Outcome(problems=[(None, CRASHED)], status=500)
        self.idle.put(worker)
        return outcome

    def close(self) -> None:
        """Stop every worker (the server is stopping)."""
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for worker in workers:
            worker.stop()


def _work(conn, project_root: str) -> None:
    """A worker's life: warm up, then make handouts one by one until told to stop."""
    # Ctrl-C in the terminal reaches every process of the group: the server stops the
    # workers itself, in order, so they ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .. import open_project, services

    project = open_project(project_root)
    renderer = services.Renderer(project)
    renderer.warm_up()
    kept = services.Kept(renderer)  # the leaflets it lays out, for the next handouts
    laid_out = kept.laid_out
    _out_of_the_collectors_way()
    conn.send("ready")
    while True:
        try:
            spec = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        if spec is None:
            return
        try:
            outcome = make(project, spec, renderer, kept)
        except Exception as error:  # a bug: said in one line, never with its message
            outcome = Outcome(
                problems=[
                    (None, f"Leaflet Press failed ({type(error).__name__}; a bug, not your input)")
                ],
                status=500,
            )
        conn.send(outcome)
        # Nothing of this patient's waits here for the next request.
        del spec, outcome
        if kept.laid_out != laid_out:
            laid_out = kept.laid_out
            _out_of_the_collectors_way()


def _out_of_the_collectors_way() -> None:
    """Collect, then move every object left (the engine, the kept layouts: some hundred
    thousand) where Python's cyclic collector no longer walks them on each collection:
    about 12 ms of a 170 ms handout before, 4 ms after (measured). Done again whenever
    the worker has laid out something new, so a dropped layout is still collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()

"""What a warm process keeps between handouts: laid-out leaflets, and the gate's verdicts.

A handout is a cover, laid out for the patient, followed by leaflets that are the same
for every patient. A web worker keeps the laid-out pages of the leaflets it has handed
out, per (leaflet, lang, edition, brand), and joins them to each new cover, so a warm
handout lays out only its cover (handout.py). Each kept layout is checked against the
build's fingerprint of its job (manifest.fingerprint: the leaflet, its images, the
brand, templates, stylesheets, fonts, versions) before it is used, and laid out again
when any of them changed. At most ``size`` layouts are kept, the least recently used
dropped first.

The gate's verdict on a handout's files is kept too, per leaflets, language, brand and
day, as long as no file under the project's leaflets/, brands/, sources/, templates/ or
styles/ has changed (their names, sizes, times and inodes, read with one walk).

Nothing of a patient is kept here: the cover is never kept, and no key or value holds
a personal detail. One Kept belongs to one Renderer (one project).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import Laid
from .manifest import files_digest, fingerprint
from .model import Job
from .render import Renderer

# Laid-out leaflets kept per process. Measured (benchmarks/serve.py): a four-page leaflet
# laid out holds about 3.9 MB of objects; 24 of them, every shipped leaflet in every
# language and edition for one brand, up to about 100 MB a worker (README).
MAX_KEPT = 24
MAX_VERDICTS = 64  # kept gate verdicts: a few bytes each, but bounded all the same
# Files walked to see whether the project changed; past this, nothing is kept (a project
# this large is not one a clinic writes, and walking it would cost more than checking).
MAX_WALKED = 20_000
WATCHED = ("leaflets", "brands", "sources", "templates", "styles")


@dataclass(frozen=True)
class _Layout:
    fingerprint: str  # of its inputs (manifest.fingerprint for a leaflet)
    state: tuple | None  # of the project's files when the fingerprint was last taken
    laid: Laid


class Kept:
    """Laid-out leaflets and gate verdicts of one project, bounded; safe between threads."""

    def __init__(self, renderer: Renderer, size: int = MAX_KEPT):
        self.renderer = renderer
        self.size = size
        self._layouts: OrderedDict[Hashable, _Layout] = OrderedDict()
        self._verdicts: OrderedDict[Hashable, Any] = OrderedDict()
        self._state: tuple | None = None
        self._lock = threading.Lock()
        # One pack at a time per Kept (a worker has one thread anyway): kept pages are
        # shared between packs, and eight threads laying out at once in one process, with
        # the engine's one font map, have been seen to abort it (tests/test_kept.py).
        self.one_at_a_time = threading.Lock()
        self.laid_out = 0  # leaflets laid out (not found kept): for tests and benchmarks

    # -- laid-out leaflets ----------------------------------------------------------

    def leaflet(self, job: Job) -> Laid:
        """``job`` laid out: the kept layout when its fingerprint is unchanged, else new."""
        key = ("leaflet", job.leaflet.slug, job.leaflet.lang, job.edition, job.brand.key)
        return self._kept(
            key, lambda: fingerprint(job, self.renderer), lambda: self.renderer.layout_job(job)
        )

    def part(self, key: Hashable, files: list[Path], extra: str, make: Callable[[], Laid]) -> Laid:
        """A laid-out part that is not a leaflet (the blank page), by ``key``; laid out
        again by ``make`` when one of ``files`` or ``extra`` (its words, say) changed."""

        def digest() -> str:
            return files_digest(hashlib.sha256(extra.encode("utf-8")), files)

        return self._kept(("part", key), digest, make)

    def _kept(self, key: Hashable, digest: Callable[[], str], make: Callable[[], Laid]) -> Laid:
        """The layout kept for ``key`` if its inputs' ``digest`` is unchanged, else ``make()``.

        The digest (reading and hashing the inputs, some 5 ms a leaflet) is taken again
        only when a watched file has changed since it was last taken; the fonts and the
        tools' versions, in the digest too, do not change while a process runs.
        """
        state = project_state(self.renderer.project.root)
        with self._lock:
            found = self._layouts.get(key)
        if found is not None and state is not None and found.state == state:
            with self._lock:
                self._layouts.move_to_end(key)
            return found.laid
        fingerprint = digest()
        if found is None or found.fingerprint != fingerprint:
            found = _Layout(fingerprint, state, make())
            self.laid_out += 1
        with self._lock:
            self._layouts[key] = _Layout(fingerprint, state, found.laid)
            self._layouts.move_to_end(key)
            while len(self._layouts) > self.size:
                self._layouts.popitem(last=False)
        return found.laid

    def __len__(self) -> int:
        return len(self._layouts)

    # -- gate verdicts --------------------------------------------------------------

    def remembered(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """What ``make`` gave for ``key`` while no watched file has changed; else ``make()``."""
        state = project_state(self.renderer.project.root)
        if state is None:
            return make()
        with self._lock:
            if state != self._state:
                self._verdicts.clear()
                self._state = state
            if key in self._verdicts:
                self._verdicts.move_to_end(key)
                return self._verdicts[key]
        made = make()
        with self._lock:
            if state == self._state:
                self._verdicts[key] = made
                while len(self._verdicts) > MAX_VERDICTS:
                    self._verdicts.popitem(last=False)
        return made


def project_state(root: Path) -> tuple | None:
    """Name, size, change time and inode of every file and folder under the watched
    folders of ``root``; None when there are more than MAX_WALKED (then keep nothing)."""
    entries: list[tuple] = []
    for name in WATCHED:
        for folder, folders, files in os.walk(root / name):
            folders.sort()
            for entry in [folder, *(os.path.join(folder, f) for f in sorted(files))]:
                try:
                    stat = os.lstat(entry)
                except OSError:
                    continue
                entries.append(
                    (entry, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                )
                if len(entries) > MAX_WALKED:
                    return None
    return tuple(entries)

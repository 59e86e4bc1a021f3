"""Incremental builds: skip every PDF whose inputs have not changed since it was written.

A small manifest beside the output (``.leafletpress-manifest.json``) maps each PDF
to a fingerprint of everything that went into it: the leaflet and the images it
names, the brand and its logo, the templates and stylesheets the job uses, the
fonts, the job's options and the versions of Leaflet Press and WeasyPrint. Checking
it reads and hashes a few small files and never imports the rendering engine.

Only the files a leaflet names are hashed, never everything in its folder (a 2 GB
video left beside a leaflet was read whole on every build), and each is hashed in
chunks, once per process for a given size, time stamp and inode.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import urllib.parse
from functools import cache
from importlib import metadata
from pathlib import Path

import jinja2
from jinja2 import meta

from . import __version__, fonts
from .errors import LeafletPressError
from .i18n import words
from .jobs import Job
from .limits import MAX_IMAGE_BYTES, read_bounded
from .markdown import parse
from .output import folder_problem, write_atomic
from .render import Renderer

MANIFEST_NAME = ".leafletpress-manifest.json"
FORMAT = 1
# An entry is some 120 bytes: this holds 40,000 PDFs, and reads in a few milliseconds.
MAX_MANIFEST_BYTES = 5_000_000


class Manifest:
    """Fingerprints of the PDFs in one output folder, as last written."""

    def __init__(self, folder: Path, renderer: Renderer):
        self.path = folder / MANIFEST_NAME
        self.renderer = renderer
        # Why the manifest found could not be used (None: there was none, or it is fine).
        self.damaged: str | None = None
        self.entries: dict[str, str] = {}
        if not os.path.lexists(self.path):
            return  # the first build into this folder
        try:
            self.entries = _entries(self.path)
        except LeafletPressError as error:
            # "is not a regular file (a pipe, device or folder)", "is larger than ...":
            # the advice after the semicolon is for inputs the user must mend.
            self.damaged = error.problems[0].message.split(";")[0]
        except _UnusableError as reason:
            self.damaged = str(reason)

    def is_fresh(self, job: Job) -> bool:
        """True when ``job``'s PDF exists and was made from exactly these inputs."""
        return job.output.is_file() and self.entries.get(job.output.name) == self.fingerprint(job)

    def forget(self, jobs: list[Job]) -> None:
        """Drop the entries of ``jobs``, about to be rebuilt, and save at once.

        A build killed part-way has written some new PDFs and not others. Were the
        old entries kept, going back to the old inputs would find them matching and
        keep PDFs made from the new ones; without them, those PDFs are rebuilt.
        """
        dropped = [self.entries.pop(job.output.name, None) for job in jobs]
        if self.damaged or any(entry is not None for entry in dropped):
            self.save()  # a damaged manifest is replaced at once, so it is said only once
            self.damaged = None

    def record(self, job: Job) -> None:
        """Vouch for ``job``'s PDF, just written; saved at once so a kill loses no more."""
        self.entries[job.output.name] = self.fingerprint(job)
        self.save()

    def save(self) -> None:
        """Write the manifest; LeafletPressError naming the folder if it cannot be written."""
        data = {"format": FORMAT, "pdfs": dict(sorted(self.entries.items()))}
        try:
            write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
        except OSError as error:
            raise LeafletPressError(folder_problem(self.path.parent, error)) from None

    def fingerprint(self, job: Job) -> str:
        """A digest of every input of ``job``; any change to one of them changes it."""
        return fingerprint(job, self.renderer)


def fingerprint(job: Job, renderer: Renderer) -> str:
    """A digest of every input of ``job``'s PDF: its leaflet and the images it names, its
    brand and logo, the templates and stylesheets of its layout, the fonts, its options
    and the tools' versions. Any change to one of them changes it. (The web app's kept
    layouts are checked against it too, see kept.py.)"""
    leaflet, brand = job.leaflet, job.brand
    digest = hashlib.sha256()
    options = (
        job.output.name,
        brand.key,
        job.edition,
        job.layout,
        job.draft,
        job.print_ready,
        job.fold_marks,
    )
    printed_words = repr(words(leaflet.lang))  # the furniture's words (i18n.py)
    for part in (*tool_versions(), *map(str, options), printed_words):
        digest.update(part.encode("utf-8") + b"\0")
    files = [leaflet.path, *images_named(leaflet.path), brand.path]
    if brand.logo is not None:
        files.append(brand.logo)
    files += renderer.stylesheet_files(job.layout, job.edition, job.print_ready)
    files += templates_used(renderer.env, renderer.template_name(job.layout))
    files += fonts.font_files()
    return files_digest(digest, files)


def files_digest(digest, files: list[Path]) -> str:
    """``digest`` (a hashlib object) updated with each file's name and contents."""
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0" + _file_digest(path) + b"\0")
    return digest.hexdigest()


class _UnusableError(ValueError):
    """The manifest's text is not a manifest this version writes."""


def _entries(path: Path) -> dict[str, str]:
    """The fingerprints in the manifest at ``path``.

    Read like every other input (``limits.read_bounded``): a pipe, a device or a link
    to one is refused before a byte is read, and no more than MAX_MANIFEST_BYTES are.
    Raises LeafletPressError for a file that cannot be read and _UnusableError for one that
    is not a manifest: bad JSON, JSON nested past Python's recursion limit (a
    RecursionError), or another shape. The manifest is only a cache, so the caller
    rebuilds in either case.
    """
    data = read_bounded(path, MAX_MANIFEST_BYTES, "delete it")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _UnusableError("is not a manifest Leaflet Press wrote") from None
    pdfs = parsed.get("pdfs") if isinstance(parsed, dict) else None
    if (
        not isinstance(parsed, dict)
        or parsed.get("format") != FORMAT
        or not isinstance(pdfs, dict)
        or not all(isinstance(v, str) for v in pdfs.values())
    ):
        raise _UnusableError("is not a manifest this version of Leaflet Press wrote")
    return dict(pdfs)


@cache
def tool_versions() -> tuple[str, ...]:
    versions = [f"leafletpress {__version__}"]
    for package in (
        "weasyprint",
        "pydyf",
        "fontpkg-atkinson-hyperlegible",
        "fontpkg-noto-sans-tamil",
        "justmytype-intl-cjk",
        "fonttools",
        "segno",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return tuple(versions)


def images_named(leaflet_file: Path) -> list[Path]:
    """The files beside the leaflet that it (or an SVG it names) names: its images.

    A file counts when its name, as written or URL-encoded, appears in the text as a
    whole word; that may count a file the text only mentions, never misses one an
    image uses. Only names are compared, so no other file in the folder is read.
    """
    try:
        beside = {p.name: p for p in leaflet_file.parent.iterdir() if p.suffix != ".md"}
    except OSError:
        return []
    named: dict[str, Path] = {}
    texts = [_read_for_names(leaflet_file)]
    # The images print loads, as Python-Markdown reads their addresses: a reference,
    # <angle brackets>, percent-encoding (%61d.svg is ad.svg).
    printed = {
        posixpath.basename(urllib.parse.unquote(urllib.parse.urlsplit(image.src).path))
        for image in parse(texts[0]).images
    }
    while texts:
        text = texts.pop()
        for name, path in beside.items():
            if name in named or not (_names(text, name) or name in printed) or not path.is_file():
                continue
            named[name] = path
            if path.suffix.lower() == ".svg":  # an SVG can use the images beside it
                texts.append(_read_for_names(path))
    return sorted(named.values())


def _names(text: str, name: str) -> bool:
    return any(
        re.search(rf"(?<![\w.-]){re.escape(form)}(?![\w.-])", text)
        for form in {name, urllib.parse.quote(name)}
    )


def _read_for_names(path: Path) -> str:
    """The text of a leaflet or SVG, for names; no more than an image may hold."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_IMAGE_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def templates_used(env: jinja2.Environment, name: str) -> list[Path]:
    """``name`` and every template it extends or includes, as files, found by parsing."""
    seen: dict[str, Path] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            continue  # the render reports it, naming the template
        seen[current] = Path(filename)
        with contextlib.suppress(jinja2.TemplateSyntaxError):  # the render reports it
            pending.extend(t for t in meta.find_referenced_templates(env.parse(source)) if t)
    return sorted(seen.values())


def _file_digest(path: Path) -> bytes:
    try:
        stat = path.stat()
    except OSError:
        return b"missing"
    return _cached_digest(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


@cache
def _cached_digest(path: Path, size: int, mtime_ns: int, inode: int) -> bytes:
    """Hash a file once per process for a given size, time stamp and inode (fonts are
    shared by every job), in chunks, so a large file never sits whole in memory."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return b"unreadable"

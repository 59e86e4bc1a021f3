"""Leaflet Press: turns reviewed Markdown leaflets into accessible, print-ready A4 PDFs.

The public API, for a script or a web app; the command line calls the same functions,
so the same gate applies whoever calls (see README, "Using Leaflet Press from Python"):

- ``open_project(path)``: the project at ``path`` (leaflets/, templates/, styles/, brands/)
- ``check(project, slugs=(), today=None)``: the content checks' Report
- ``build(project, slugs=(), out_dir=..., ...)``: PDFs written, a BuildResult
- ``make_handout(project, slugs, patient, ...)``: one patient's pack as PDF bytes, a
  HandoutResult (``services.handout``; ``leafletpress.handout`` is the handout module)
- ``write_handout(path, pdf, draft=None)``: write it for its owner only, never replacing a file
- ``LeafletPressError`` (a problem in the files), ``RequestError`` (a wrong request),
  ``RefusedError`` (the gate refused: nothing printed)

Names are imported on first use, so ``import leafletpress`` stays cheap for the
command line's start-up.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

__version__ = "0.1.0"

_API = {
    "check": "services",
    "build": "services",
    "make_handout": ("services", "handout"),
    "listing": "services",
    "BuildEvents": "services",
    "BuildResult": "services",
    "HandoutResult": "services",
    "write_handout": "handout",
    "Project": "project",
    "LeafletPressError": "errors",
    "RequestError": "errors",
    "RefusedError": "errors",
    "Problem": "errors",
}

__all__ = ["__version__", "open_project", *_API]


def open_project(path: str | Path = "."):
    """The Leaflet Press project at ``path``; raises LeafletPressError if it is not one."""
    from .project import Project

    return Project.at(Path(path))


def __getattr__(name: str):
    if name in _API:
        module, attribute = _API[name] if isinstance(_API[name], tuple) else (_API[name], name)
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'leafletpress' has no attribute {name!r}")

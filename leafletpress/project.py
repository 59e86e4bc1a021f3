"""Where a project keeps its leaflets, templates, styles and brands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import LeafletPressError


@dataclass(frozen=True)
class Project:
    """The folders of one Leaflet Press project, all below one root.

    Everything the renderer may read lives here (plus the installed font packages):
    the URL fetcher refuses any file outside these folders.
    """

    root: Path

    @property
    def leaflets_dir(self) -> Path:
        return self.root / "leaflets"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def styles_dir(self) -> Path:
        return self.root / "styles"

    @property
    def brands_dir(self) -> Path:
        return self.root / "brands"

    @classmethod
    def find(cls, start: Path) -> Project:
        """The project holding ``start``: it or the nearest folder above it that is one.

        Run from ``leaflets/overview/`` (to edit a leaflet, say), the command works on
        the project around it, as git finds its repository. Raises LeafletPressError,
        naming ``start``, when no folder up to the root is a project.
        """
        start = start.resolve()
        for folder in (start, *start.parents):
            if not cls(folder)._missing():
                return cls(folder)
        return cls.at(start)

    def _missing(self) -> list[str]:
        """The project folders that ``root`` lacks."""
        return [
            d.name
            for d in (self.leaflets_dir, self.templates_dir, self.styles_dir)
            if not d.is_dir()
        ]

    @classmethod
    def at(cls, root: Path) -> Project:
        """Open the project at ``root``; raises LeafletPressError if it is not one."""
        root = root.resolve()
        project = cls(root)
        missing = project._missing()
        if missing:
            raise LeafletPressError(
                f"{root} is not a Leaflet Press project (no {_either(missing)} folder); "
                "run the command in the project folder (or a folder inside it) "
                "or pass --project DIR"
            )
        return project


def _either(names: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

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
    def at(cls, root: Path) -> Project:
        """Open the project at ``root``; raises LeafletPressError if it is not one."""
        root = root.resolve()
        project = cls(root)
        missing = [
            d.name
            for d in (project.leaflets_dir, project.templates_dir, project.styles_dir)
            if not d.is_dir()
        ]
        if missing:
            raise LeafletPressError(
                f"{root} is not a Leaflet Press project (no {_either(missing)} folder); "
                "run the command from the project folder or pass --project DIR"
            )
        return project


def _either(names: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

"""A URL fetcher for WeasyPrint that reads only the project's own files, never the network."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .images import measure_raster, measure_svg
from .limits import MAX_ASSET_BYTES, image_problem

MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class ProjectOnlyFetcher(URLFetcher):
    """Serve ``file:`` URLs inside ``allowed`` folders (links resolved first) and ``data:`` URLs.

    A ``data:`` image (inside an SVG, or a stylesheet) is measured like an image file:
    it would otherwise reach the engine's decoder unbounded (a 1.4 GB PNG inside an SVG).
    Everything else (``http:``, ``https:``, ``ftp:``, files elsewhere, unknown file
    types, files or images beyond the bounds of ``limits``) raises, which WeasyPrint
    reports as a warning and skips.
    """

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = [Path(os.path.realpath(p)) for p in allowed]

    def fetch(self, url: str, headers=None):  # noqa: D102 (WeasyPrint's API)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return self._fetch_data(url, headers)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refused {url!r}: Leaflet Press never fetches from the network")
        path = Path(os.path.realpath(unquote(parts.path)))
        if not any(path == root or root in path.parents for root in self.allowed):
            raise ValueError(f"refused {url!r}: only files inside the project can be used")
        mime = MIME_TYPES.get(path.suffix.lower())
        if mime is None:
            raise ValueError(f"refused {url!r}: not a stylesheet, image or font")
        # Leaflet images were measured by the Markdown stage; a stylesheet's were not.
        if mime.startswith("image/") and (problem := image_problem(path)) is not None:
            raise ValueError(f"refused {url!r}: the image {problem}")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_ASSET_BYTES + 1)
        except OSError as error:
            raise ValueError(f"refused {url!r}: {error.strerror or error}") from None
        if len(data) > MAX_ASSET_BYTES:
            raise ValueError(f"refused {url!r}: larger than {MAX_ASSET_BYTES // 1_000_000} MB")
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    def _fetch_data(self, url: str, headers=None):
        """Decode a ``data:`` URL, refusing one too large, or an image beyond the bounds."""
        response = super().fetch(url, headers)
        data = response.read(MAX_ASSET_BYTES + 1)
        if len(data) > MAX_ASSET_BYTES:
            raise ValueError(f"refused a data: URL larger than {MAX_ASSET_BYTES // 1_000_000} MB")
        mime = response.headers.get_content_type()
        if mime.startswith("image/"):
            found = measure_svg(data) if "svg" in mime else measure_raster(data)
            if found.problem is not None:
                raise ValueError(f"refused a data: image that {found.problem}")
        return URLFetcherResponse(response.url, data, {"Content-Type": mime})

"""A URL fetcher for WeasyPrint that reads only the project's own files, never the network."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import fonts
from .errors import LeafletPressError
from .images import measure_bytes
from .limits import MAX_ASSET_BYTES, MAX_FONT_BYTES, read_bounded

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

    Every file and ``data:`` image (inside an SVG, or a stylesheet) is measured by its
    content like an image file: it would otherwise reach the engine's decoder unbounded
    (a 1.4 GB PNG inside an SVG). Fonts come only from the packaged typeface.
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
        is_font = mime.startswith("font/")
        if is_font and not any(
            Path(os.path.realpath(d)) in path.parents for d in fonts.font_dirs()
        ):
            # A font beside a leaflet or a logo could draw any words over the text
            # the checks read; only the packaged typefaces print.
            raise ValueError(f"refused {url!r}: only the packaged typefaces can be used")
        try:
            data = (
                read_bounded(path, MAX_FONT_BYTES, "the packaged fonts are smaller")
                if is_font
                else read_bounded(path, MAX_ASSET_BYTES, "stylesheets are far smaller")
            )
        except LeafletPressError as error:
            raise ValueError(f"refused {url!r}: {error.problems[0].message}") from None
        self._refuse_unbounded_image(url, mime, data, path.parent)
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    @staticmethod
    def _refuse_unbounded_image(url: str, mime: str, data: bytes, folder: Path | None) -> None:
        """Raise unless ``data`` is within the image bounds, measured by its content.

        The engine opens whatever it is given where an image belongs with Pillow, and
        failing that as an SVG, whatever its name or MIME type: a PNG of 169 million
        pixels named ``big.css`` inside an SVG was decoded whole (1.5 GB). So every
        file and ``data:`` URL is measured by what it holds; an image served under a
        stylesheet's or a font's name is refused, and so is a font from a ``data:`` URL.
        """
        if url.startswith("data:") and mime.startswith("font/"):
            raise ValueError("refused a data: font: only the packaged typefaces can be used")
        found = measure_bytes(data, folder)
        where = "a data: URL" if url.startswith("data:") else repr(url)
        if mime.startswith("image/"):
            if found.problem is not None and url.startswith("data:"):
                raise ValueError(f"refused a data: image that {found.problem}")
            if found.problem is not None:
                raise ValueError(f"refused {where}: the image {found.problem}")
        elif found.kind is not None:
            raise ValueError(
                f"refused {where}: it holds an image but is served as {mime}; "
                "name an image for what it is (.png, .jpg, .svg)"
            )

    def _fetch_data(self, url: str, headers=None):
        """Decode a ``data:`` URL, refusing one too large, or an image beyond the bounds."""
        response = super().fetch(url, headers)
        data = response.read(MAX_ASSET_BYTES + 1)
        if len(data) > MAX_ASSET_BYTES:
            raise ValueError(f"refused a data: URL larger than {MAX_ASSET_BYTES // 1_000_000} MB")
        mime = response.headers.get_content_type()
        self._refuse_unbounded_image(url, mime, data, None)
        return URLFetcherResponse(response.url, data, {"Content-Type": mime})

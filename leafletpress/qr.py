"""QR codes for booking links, drawn as vector SVG so they stay sharp at any print size."""

from __future__ import annotations

import segno


def qr_data_uri(url: str, dark: str = "#000000") -> str:
    """A ``data:`` URI of an SVG QR code for ``url``, with the quiet zone scanners need.

    Medium error correction survives a crease or a smudge on a folded leaflet. The
    code is black on white whatever the brand colours, because scanners need contrast.
    """
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4, dark=dark, light="#FFFFFF", nl=False)

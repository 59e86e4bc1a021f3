"""Made-up images for the hostile-input tests and the image-bounds benchmark."""

from __future__ import annotations

import struct
import zlib


def png_header(width: int, height: int, colour_type: int = 2) -> bytes:
    """A PNG file that claims ``width`` x ``height`` pixels and holds none: a bomb's header.

    ``colour_type`` 2 is RGB, 6 is RGBA (four bytes a pixel once decoded).
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def use_fan(fan: int, copies: int) -> str:
    """An SVG of a group of ``fan`` squares, shown ``copies`` times through <use>."""
    squares = "".join(f'<rect x="{i}" width="1" height="1"/>' for i in range(fan))
    uses = "".join(f'<use href="#g" y="{i}"/>' for i in range(copies))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        f'<defs><g id="g">{squares}</g></defs>{uses}</svg>'
    )

"""A leaflet's Markdown body as the plain text a reader reads, block by block, with file lines.

The checks need words and sentences, not HTML: what a heading says, what each list
item says, and on which line of the file each starts, so a finding can name the
line a writer should edit. The blocks come from ``markdown.parse`` (and, with the
leaflet's folder, from ``markup.to_html``), read from the tree Python-Markdown makes
for print (``printed``), so the checks read the words that are printed; this module
keeps the names the checks use.
"""

from __future__ import annotations

from .markdown import Block, Body, Image, read

__all__ = ["Block", "Body", "Image", "read"]

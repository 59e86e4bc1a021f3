"""A leaflet's Markdown body as the plain text a reader reads, block by block, with file lines.

The checks need words and sentences, not HTML: what a heading says, what each list
item says, and on which line of the file each starts, so a finding can name the
line a writer should edit. The blocks come from ``markdown.parse``, the same
Python-Markdown block parse that print uses, so the checks read the headings,
lists and paragraphs that are printed; this module keeps the names the checks use.
"""

from __future__ import annotations

from .markdown import Block, Body, Image, inline_text, read

__all__ = ["Block", "Body", "Image", "inline_text", "read"]

"""Leaflet Press: turns reviewed Markdown leaflets into accessible, print-ready A4 PDFs."""

__version__ = "0.1.0"

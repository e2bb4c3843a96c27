"""Attachments made inert: nothing a note attaches can run a script in the site's origin.

A linked SVG opened on its own is a document, and its scripts would run with the site's
origin; it is copied through Cloudflare's svg-hush allow-list (``py_svg_hush``), which
keeps drawing elements and styles and drops scripts, event handlers, ``foreignObject``,
``javascript:`` and other external URLs (raster images as ``data:`` URLs are kept). An
SVG that does not parse is published empty. Files a browser would open as a page (HTML,
XHTML, XML) are published as text: :func:`noteforge.paths.attachment_file` gives them a
``.txt`` name. Every other attachment is copied as it is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

_EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"/>\n'
_KEPT_DATA_URLS = {"image": ["png", "jpeg", "gif", "webp"]}


def copy_attachment(source: Path, target: Path) -> None:
    """Copy one attachment into the site, an SVG sanitised."""
    if source.suffix.lower() == ".svg":
        target.write_bytes(inert_svg(source.read_bytes()))
    else:
        shutil.copyfile(source, target)


def inert_svg(data: bytes) -> bytes:
    """An SVG document with nothing active left in it (empty if it is not valid SVG)."""
    from py_svg_hush import filter_svg  # a Rust extension: loaded only when there is an SVG

    try:
        return filter_svg(data, keep_data_url_mime_types=_KEPT_DATA_URLS)
    except ValueError:
        return _EMPTY_SVG

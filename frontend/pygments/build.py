"""Write the theme's code-highlighting stylesheet, ``templates/static/pygments.css``.

The stylesheet is committed, like the JavaScript bundles, so a site's bytes do not depend
on the Pygments installed where it is built: Pygments changes its styles' colours between
releases. Run it by hand after deciding to adopt a newer Pygments' colours::

    python frontend/pygments/build.py

Highlighted code uses Pygments' class names (``HtmlFormatter``), which are stable across
releases; this file only colours them: the ``default`` style, and ``monokai`` for dark mode.
"""

from __future__ import annotations

from pathlib import Path

import pygments
from pygments.formatters import HtmlFormatter

LIGHT, DARK = "default", "monokai"
SCOPE = "pre code"
OUTPUT = Path(__file__).resolve().parents[2] / "templates" / "static" / "pygments.css"


def stylesheet() -> str:
    """The light style, and the dark one under ``prefers-color-scheme: dark``."""
    light = HtmlFormatter(style=LIGHT).get_style_defs(SCOPE)  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style=DARK).get_style_defs(SCOPE)  # type: ignore[no-untyped-call]
    header = f"/* Written by frontend/pygments/build.py with Pygments {pygments.__version__}. */\n"
    return f"{header}{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


if __name__ == "__main__":
    OUTPUT.write_text(stylesheet(), encoding="utf-8")
    print(f"wrote {OUTPUT}")

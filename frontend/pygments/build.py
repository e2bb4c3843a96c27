"""Write the theme's code-highlighting stylesheet, ``templates/static/pygments.css``.

The stylesheet is committed, like the JavaScript bundles, so a site's bytes do not depend
on the Pygments installed where it is built: Pygments changes its styles' colours between
releases. Run it by hand after deciding to adopt a newer Pygments' colours::

    python frontend/pygments/build.py

Highlighted code uses Pygments' class names (``HtmlFormatter``), which are stable across
releases; this file only colours them: the ``default`` style, and ``monokai`` for dark mode
(under the system's dark preference unless the reader chose light, and whenever the reader
chose dark: ``<html data-theme>``). The block's background is the theme's ``--code-bg`` on
``pre``, never the styles' own on ``code``: an inline ``code`` paints a band behind each line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygments
from pygments.formatters import HtmlFormatter

LIGHT, DARK = "default", "monokai"
SCOPE = "pre code"
DARK_CHOSEN = ":root[data-theme=dark] pre code"
DARK_BY_SYSTEM = ":root:not([data-theme=light]) pre code"
_BACKGROUND = re.compile(r"background(?:-color)?: #[0-9A-Fa-f]+;? ?")
_COMMENT = re.compile(r" /\*.*\*/$")
OUTPUT = Path(__file__).resolve().parents[2] / "templates" / "static" / "pygments.css"


def stylesheet() -> str:
    """The light style, then the dark one twice: chosen by the reader, and by the system."""
    light = _colours(LIGHT, SCOPE)
    chosen = _colours(DARK, DARK_CHOSEN)
    by_system = _colours(DARK, DARK_BY_SYSTEM)
    header = f"/* Written by frontend/pygments/build.py with Pygments {pygments.__version__}. */\n"
    return f"{header}{light}\n{chosen}\n@media (prefers-color-scheme: dark) {{\n{by_system}\n}}\n"


def _colours(style: str, scope: str) -> str:
    """A style's token colours under ``scope``, without the code element's own background
    (and without Pygments' comments naming each token type: they would double the size)."""
    defs = HtmlFormatter(style=style).get_style_defs(scope)  # type: ignore[no-untyped-call]
    rules = [_COMMENT.sub("", line) for line in defs.splitlines() if line.startswith(scope)]
    rules = [_BACKGROUND.sub("", rule) if rule.startswith(scope + " {") else rule for rule in rules]
    return "\n".join(rule for rule in rules if not rule.endswith("{ }"))


if __name__ == "__main__":
    OUTPUT.write_text(stylesheet(), encoding="utf-8")
    print(f"wrote {OUTPUT}")

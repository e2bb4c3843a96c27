"""Text made fit for XML 1.0, the one rule every XML output of noteforge goes through.

XML 1.0 allows only tab, line feed, carriage return and the characters from U+0020 on,
less the surrogates and U+FFFE and U+FFFF; even as character references the others make a
document ill-formed. A note title may hold any of them (YAML's ``"\\x01"``, a file name),
so the feed, the sitemap and GraphML drop them.
"""

from __future__ import annotations

import re

_FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _FORBIDDEN_IN_XML.sub("", text)

"""The prose status line: "This is a new hypothesis (May 22, 2026) — not yet an active thesis."

A sentence opening with "This …"/"It …" followed by is/was/became/remains names the
status that comes first after the verb: a hypothesis, an active thesis, or retired. A
date in parentheses or after "since"/"on"/"as of" is when the note entered that status.
Later mentions in the same sentence ("not yet an active thesis") do not count.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from noteforge.model import Status

_STATUS_SENTENCE = re.compile(
    r"^(?:this|it)\b[^.;:]{0,40}?\b(?:is|was|has\s+been|became|remains)\s+"
    r"(?:now\s+|still\s+)?(?:an?\s+)?(?:(?:new|working|open)\s+)?"
    r"(?P<kind>hypothesis|active\s+thesis|retired)\b",
    re.IGNORECASE,
)
_DATE_TEXT = (
    r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"  # May 22, 2026
    r"|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}"  # 22 May 2026
    r"|\d{4}-\d{2}-\d{2}"  # 2026-05-22
)
_STATUS_DATE = re.compile(
    rf"^\s*\(\s*(?:since\s+|as\s+of\s+|on\s+)?(?P<paren>{_DATE_TEXT})\s*\)"
    rf"|\b(?:since|on|as\s+of)\s+(?P<prose>{_DATE_TEXT})"
)
_KIND = {"hypothesis": Status.HYPOTHESIS, "active thesis": Status.ACTIVE, "retired": Status.RETIRED}
_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def match_status(sentence: str) -> tuple[Status, date | None] | None:
    """The status and start date a sentence declares, or ``None`` if it is not a status line."""
    found = _STATUS_SENTENCE.match(sentence.strip())
    if not found:
        return None
    kind = _KIND[" ".join(found.group("kind").casefold().split())]
    dated = _STATUS_DATE.search(sentence.strip()[found.end() :])
    since = parse_prose_date(dated.group("paren") or dated.group("prose")) if dated else None
    return kind, since


_AS_OF = re.compile(rf"\bas\s+of\s+(?P<date>{_DATE_TEXT})", re.IGNORECASE)


def as_of_date(text: str) -> date | None:
    """The date a fact says it holds as of: "… (as of 2026-05-01)", "as of May 1, 2026"."""
    found = _AS_OF.search(text)
    return parse_prose_date(found.group("date")) if found else None


def parse_prose_date(text: str) -> date | None:
    """A date written as "May 22, 2026", "22 May 2026" or "2026-05-22"."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    cleaned = " ".join(text.replace(",", " ").replace(".", " ").replace("Sept ", "Sep ").split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None

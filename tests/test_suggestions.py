""" "Did you mean" answers carried from one build to the next are those a fresh build gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from noteforge.record import NO_SUGGESTIONS
from noteforge.resolve import build_index, carry_suggestions, resolve_links
from tests.helpers import parse

# Short names over few letters, so that many are close to each other.
_NAMES = st.text(alphabet="abcde", min_size=3, max_size=7)


def _index_of(names: list[str], wanted: list[str]):  # type: ignore[no-untyped-def]
    """An index of one note per name, plus a note linking to every wanted name."""
    notes = [parse(f"# {name}\n", f"{name}.md") for name in dict.fromkeys(names)]
    notes.append(parse("# links\n\n" + " ".join(f"[[{w}]]" for w in wanted), "zzz-links.md"))
    return tuple(notes), build_index(notes)


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(_NAMES, min_size=1, max_size=12),
    after=st.lists(_NAMES, min_size=1, max_size=12),
    wanted=st.lists(_NAMES, min_size=1, max_size=8),
)
def test_carried_answers_equal_fresh_answers(before: list[str], after: list[str], wanted: list[str]) -> None:
    notes, old = _index_of(before, wanted)
    resolve_links(notes, old)
    made = old.suggestions_made()
    notes, fresh = _index_of(after, wanted)
    notes, carried = _index_of(after, wanted)
    carry_suggestions(carried, made)
    assert resolve_links(notes, carried).diagnostics == resolve_links(notes, fresh).diagnostics


def test_nothing_to_carry_leaves_the_memo_empty() -> None:
    _, index = _index_of(["alpha", "beta"], ["alpah"])
    carry_suggestions(index, NO_SUGGESTIONS)
    assert index.suggestions == {}


def test_an_unchanged_name_set_reuses_every_answer_without_comparing() -> None:
    notes, old = _index_of(["alpha", "beta"], ["alpah", "gamma"])
    resolve_links(notes, old)
    _, new = _index_of(["alpha", "beta"], ["alpah", "gamma"])
    carry_suggestions(new, old.suggestions_made())
    assert new.suggestions == {"alpah": "alpha", "gamma": None}

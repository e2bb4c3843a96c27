"""A note's Dataview data: its inline fields and its task list items, read from the tokens."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from noteforge.model import InlineField, Task
from noteforge.syntax.inline_fields import OPEN
from noteforge.syntax.tokens import every_token

_TASK_ITEM = "task-list-item"
_CHECKED = 'checked="checked"'


def read_inline_fields(tokens: Sequence[Token], lines: Sequence[str]) -> tuple[InlineField, ...]:
    """Every inline field of the note, in order, with its file line and column (1-based)."""
    fields: list[InlineField] = []
    for token in tokens:
        if token.type != "inline" or not token.children or "::" not in token.content:
            continue
        first_line = token.map[0] if token.map else 0
        cursors: dict[int, int] = {}
        for child in every_token(token.children):
            if child.type == OPEN:
                line = min(first_line + int(child.meta["line"]), max(len(lines) - 1, 0))
                fields.append(_field(child, line, lines, cursors))
    return tuple(fields)


def _field(token: Token, line: int, lines: Sequence[str], cursors: dict[int, int]) -> InlineField:
    """The field of an ``inline_field_open`` token on file line ``line`` (0-based); ``cursors``
    holds, by line, where the last field found there starts, so equal fields get their own."""
    raw = str(token.meta["raw"])
    text = lines[line] if lines else ""
    found = text.find(raw, cursors.get(line, -1) + 1)
    cursors[line] = max(found, cursors.get(line, -1))
    return InlineField(
        str(token.meta["key"]), str(token.meta["value"]), line + 1, found + 1 if found >= 0 else 1
    )


def read_tasks(tokens: Sequence[Token]) -> tuple[Task, ...]:
    """The note's task list items at any depth, in order: text after the checkbox, ticked or not."""
    tasks: list[Task] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.attrGet("class") != _TASK_ITEM:
            continue
        inline = next((t for t in tokens[index + 1 : index + 3] if t.type == "inline"), None)
        if inline is None or not inline.children:
            continue
        box = inline.children[0]
        line = (token.map or [0])[0] + 1
        tasks.append(Task(inline.content.strip(), _CHECKED in box.content, line))
    return tuple(tasks)

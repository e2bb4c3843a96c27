"""Query results as HTML: the tables, cards and lists of bases and Dataview queries.

:class:`Queries` is the site model's :class:`~noteforge.linker.QueryHtml`: the linker asks it
for a note's query blocks and embedded base views, and it answers with plain, escaped HTML
(links relative to the page), so results read from ``file://`` and are searchable. Each
query is run over the wiki's rows (:class:`~noteforge.query.corpus.WikiCorpus`) at most once
per page; a result depends on the whole wiki, so a page with a query has every note in its
key (:func:`queried_notes`, :mod:`noteforge.views.keys`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from markupsafe import Markup, escape

from noteforge.config import SiteSettings
from noteforge.diagnostics import diagnostic
from noteforge.graph import Embed, Wiki
from noteforge.linker import Linker
from noteforge.model import Diagnostic, Note, QueryBlock, QueryLanguage, Task
from noteforge.paths import attachment_file, base_page, heading_slug, note_page
from noteforge.query.bases import ResultRow as BaseRow
from noteforge.query.bases import ViewResult, run_view
from noteforge.query.corpus import WikiCorpus
from noteforge.query.dataview import UNSUPPORTED, run_query
from noteforge.query.rows import Row
from noteforge.query.values import FileValue, LinkValue, ObjectValue, Value, display
from noteforge.querylang.bases import BaseSpec, ViewType, load_base
from noteforge.querylang.dataview import DataviewSyntaxError, QueryType, parse_query
from noteforge.resolve import AttachmentTarget
from noteforge.views.base import Page

LIST_SEPARATOR = ", "


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row of a result: the file it is about (``None`` for a Dataview row, whose cells
    hold its link), a value per column, its card's image."""

    row: Row | None
    cells: tuple[Value, ...]
    image: Value = None


@dataclass(frozen=True, slots=True)
class ResultGroup:
    """Rows (or a ``TASK`` query's tasks) under one heading, ``label``, when ``grouped``."""

    label: Value
    rows: tuple[ResultRow, ...]
    grouped: bool = False
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True, slots=True)
class ResultTable:
    """A query's result as a page shows it: its layout (``table``, ``cards``, ``list``,
    ``tasks``), a caption, the column labels, the groups of rows, one summary per column
    (``None`` where there is none), whether cards have images, and notes for the reader
    (what was not supported)."""

    layout: str
    caption: str
    columns: tuple[str, ...]
    groups: tuple[ResultGroup, ...]
    summaries: tuple[tuple[str, Value] | None, ...] = ()
    has_image: bool = False
    notes: tuple[str, ...] = ()
    code: str = ""  # a query shown as written (``code`` layout)
    link_first: bool = True  # the first column names the row's file: it links to it

    @property
    def count(self) -> int:
        """How many rows (or tasks) the result has."""
        return sum(len(group.rows) + len(group.tasks) for group in self.groups)


def queried_notes(wiki: Wiki) -> frozenset[str]:
    """The notes whose own HTML shows a query: a query block, or an embedded base."""
    with_blocks = {note.slug for note in wiki.notes if note.queries}
    embedding = {
        slug
        for slug, embeds in wiki.embeds.items()
        for embed in embeds
        if isinstance(embed.target, AttachmentTarget) and embed.target.path.lower().endswith(".base")
    }
    return frozenset(with_blocks | embedding)


class ResultHtml:
    """Writes results as HTML for one page (its links are the page's ``linker``'s)."""

    def __init__(self, wiki: Wiki, linker: Linker, copied: frozenset[str], bases: Iterable[str]) -> None:
        self._wiki = wiki
        self._linker = linker
        self._copied = copied
        self._bases = frozenset(bases)
        self._slugs = {note.path: note.slug for note in wiki.notes}

    def result(self, table: ResultTable) -> str:
        """A whole result: caption, the rows in their layout, notes for the reader."""
        parts = [f'<figure class="query query-{escape(table.layout)}">']
        count = f"{table.count} result" + ("" if table.count == 1 else "s")
        caption = f'<span class="query-caption">{escape(table.caption)}</span> ' if table.caption else ""
        if table.layout != "code":
            parts.append(f'<figcaption>{caption}<span class="query-count">{count}</span></figcaption>')
        parts += (f'<p class="query-note">{escape(note)}</p>' for note in table.notes)
        if table.layout == "code":
            parts.append(f'<pre><code class="language-dataview">{escape(table.code)}</code></pre>')
        elif table.count == 0:
            parts.append('<p class="query-empty">No results.</p>')
        elif table.layout == "cards":
            parts.append(self._cards(table))
        elif table.layout == "tasks":
            parts.append(self._tasks(table))
        elif table.layout == "list":
            parts.append(self._list(table))
        else:
            parts.append(self._table(table))
        parts.append("</figure>")
        return "".join(parts)

    def _table(self, table: ResultTable) -> str:
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in table.columns)
        parts = [f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>']
        for group in table.groups:
            parts.append("<tbody>")
            if group.grouped:
                label = self.value(group.label) or "(none)"
                span = max(len(table.columns), 1)
                parts.append(
                    f'<tr class="query-group"><th colspan="{span}" scope="rowgroup">{label}</th></tr>'
                )
            for row in group.rows:
                cells = self._cells(table, row)
                shown = (
                    f"<td{_cell_class(value)}>{cell}</td>"
                    for cell, value in zip(cells, row.cells, strict=True)
                )
                parts.append("<tr>" + "".join(shown) + "</tr>")
            parts.append("</tbody>")
        if any(summary is not None for summary in table.summaries):
            summaries = "".join(self._summary(summary) for summary in table.summaries)
            parts.append(f'<tfoot><tr class="query-summaries">{summaries}</tr></tfoot>')
        parts.append("</table></div>")
        return "".join(parts)

    def _summary(self, summary: tuple[str, Value] | None) -> str:
        if summary is None:
            return "<td></td>"
        name, value = summary
        return f'<td><span class="query-summary-name">{escape(name)}</span> {self.value(value)}</td>'

    def _cards(self, table: ResultTable) -> str:
        parts = []
        for group in table.groups:
            if group.grouped:
                parts.append(f'<h4 class="query-group">{self.value(group.label) or "(none)"}</h4>')
            parts.append('<ul class="query-cards">')
            for row in group.rows:
                cells = self._cells(table, row)
                image = self._image(row.image) if table.has_image else ""
                title = cells[0] if cells or row.row is None else self._file_link(row.row)
                fields = "".join(
                    f"<dt>{escape(label)}</dt><dd>{cell}</dd>"
                    for label, cell in zip(table.columns[1:], cells[1:], strict=True)
                    if cell
                )
                body = f"<dl>{fields}</dl>" if fields else ""
                parts.append(
                    f'<li class="query-card">{image}<p class="query-card-title">{title}</p>{body}</li>'
                )
            parts.append("</ul>")
        return "".join(parts)

    def _list(self, table: ResultTable) -> str:
        parts = []
        for group in table.groups:
            if group.grouped:
                parts.append(f'<h4 class="query-group">{self.value(group.label) or "(none)"}</h4>')
            items = []
            for row in group.rows:
                cells = [cell for cell in self._cells(table, row) if cell]
                if not cells and row.row is not None:
                    cells = [self._file_link(row.row)]
                head, rest = (cells[0], cells[1:]) if cells else ("", [])
                extra = f'<span class="query-fields">{" · ".join(rest)}</span>' if rest else ""
                items.append(f"<li>{head}{' ' if extra else ''}{extra}</li>")
            parts.append(f'<ul class="query-list">{"".join(items)}</ul>')
        return "".join(parts)

    def _tasks(self, table: ResultTable) -> str:
        parts = []
        for group in table.groups:
            parts.append(f'<h4 class="query-group">{self.value(group.label) or "(none)"}</h4>')
            items = "".join(
                f'<li class="task-list-item"><input class="task-list-item-checkbox" type="checkbox" disabled'
                f"{' checked' if task.completed else ''}> {escape(task.text)}</li>"
                for task in group.tasks
            )
            parts.append(f'<ul class="query-tasks">{items}</ul>')
        return "".join(parts)

    def _cells(self, table: ResultTable, row: ResultRow) -> list[str]:
        cells = [self.value(value) for value in row.cells]
        if table.link_first and cells and row.row is not None:
            cells[0] = self._file_link(row.row, str(Markup(cells[0]).striptags()) or None)
        return cells

    def _image(self, value: Value) -> str:
        url = self._url_of(value)
        if url is None:
            return ""
        return f'<img class="query-card-image" src="{escape(url)}" alt="" loading="lazy">'

    def _url_of(self, value: Value) -> str | None:
        if isinstance(value, tuple):
            value = value[0] if value else None
        if isinstance(value, LinkValue | FileValue) and value.path is not None:
            return self._path_url(value.path)
        return None

    def _file_link(self, row: Row, text: str | None = None) -> str:
        url = self._path_url(row.path)
        shown = escape(text or row.basename)
        return f'<a class="internal" href="{escape(url)}">{shown}</a>' if url else str(shown)

    def _path_url(self, path: str) -> str | None:
        """The URL of a file of the wiki from this page; ``None`` when the site has no copy."""
        slug = self._slugs.get(path)
        if slug is not None:
            return self._linker.relative(note_page(slug))
        if path in self._bases:
            return self._linker.relative(base_page(path))
        if path in self._copied:
            return self._linker.relative(attachment_file(path))
        return None

    def value(self, value: Value) -> str:
        """A value as HTML: text escaped, links as links, lists joined, nothing as nothing."""
        return "".join(self._value(value))

    def _value(self, value: Value) -> Iterator[str]:
        if value is None:
            return
        if isinstance(value, bool):
            yield f'<span class="query-bool">{"true" if value else "false"}</span>'
        elif isinstance(value, LinkValue):
            yield self._link(value)
        elif isinstance(value, FileValue):
            yield self._link(LinkValue(value.path, posixpath.basename(value.path)))
        elif isinstance(value, tuple):
            yield LIST_SEPARATOR.join(self.value(item) for item in value if item is not None)
        elif isinstance(value, ObjectValue):
            yield "; ".join(f"{escape(key)}: {self.value(item)}" for key, item in value.items)
        else:
            yield str(escape(display(value)))

    def _link(self, link: LinkValue) -> str:
        shown = escape(link.display or link.text.rpartition("/")[2].removesuffix(".md"))
        if link.path is None:
            if link.text.startswith(("http://", "https://")):
                return f'<a class="external" href="{escape(link.text)}">{shown}</a>'
            ref = self._linker.to_missing(link.text)
            return f'<a class="missing" href="{escape(ref.href)}">{shown}</a>'
        url = self._path_url(link.path)
        return f'<a class="internal" href="{escape(url)}">{shown}</a>' if url else str(shown)


def _cell_class(value: Value) -> str:
    """The class of a table cell by its value's type: numbers line up, dates do not wrap."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return ' class="query-number"'
    if isinstance(value, date):
        return ' class="query-date"'
    return ""


@dataclass(frozen=True, slots=True)
class BaseView:
    """One view of a base on the base's own page: its name, its anchor and its result."""

    name: str
    anchor: str
    html: Markup


@dataclass(frozen=True, slots=True)
class BasePage(Page):
    """The page of an Obsidian base: each of its views, in order, run with ``this`` the
    base itself; the file's path; its problems."""

    template: ClassVar[str] = "base-page.html"
    source: str
    views: tuple[BaseView, ...]
    diagnostics: tuple[Diagnostic, ...]


class Queries:
    """The queries of one build's pages: the wiki's rows (made once), each base, and each
    result, run once and kept (:meth:`run_all` runs them all before the pages are made in
    worker processes, which then share the results)."""

    def __init__(self, wiki: Wiki, config: SiteSettings, today: date) -> None:
        self._wiki = wiki
        self._corpus = WikiCorpus(wiki, wiki.files, config, today)
        self._bases = {spec.path: spec for spec in wiki.bases}
        self._copied = frozenset(wiki.attachments())
        self._results: dict[tuple[str, int | str | None, str | None], ViewResult] = {}
        self._blocks: dict[tuple[str, int], tuple[ResultTable, tuple[Diagnostic, ...]]] = {}

    def html(self, linker: Linker) -> ResultHtml:
        """The writer of results for the linker's page."""
        return ResultHtml(self._wiki, linker, self._copied, self._bases)

    def block(self, note: Note, index: int, linker: Linker) -> str:
        """The result of query block ``index`` of ``note``."""
        return self.html(linker).result(self._block(note, index)[0])

    def base(self, path: str, view: str | None, this: Note, linker: Linker) -> str | None:
        """A view of the base at ``path`` embedded in ``this`` (``None``: no such view)."""
        spec = self._bases.get(path)
        if spec is None or (view is not None and not any(v.name == view for v in spec.views)):
            return None
        return self.html(linker).result(view_table(self._view(spec, view, this.path)))

    def base_page(self, path: str) -> str | None:
        """The site path of the base's page, if ``path`` is a base."""
        return base_page(path) if path in self._bases else None

    def base_views(self, path: str, linker: Linker) -> tuple[BaseView, ...]:
        """Every view of the base at ``path``, as its own page shows them (``this``: the base)."""
        spec = self._bases[path]
        writer = self.html(linker)
        return tuple(
            BaseView(view.name, "view-" + heading_slug(view.name), Markup(writer.result(table)))
            for number, view in enumerate(spec.views)
            for table in [view_table(self._view(spec, number, path), caption=False)]
        )

    def run_all(self) -> tuple[Diagnostic, ...]:
        """Run every query the site shows, once, and return the problems found running them."""
        found: list[Diagnostic] = []
        for spec in self._bases.values():
            for number in range(len(spec.views)):
                found += self._view(spec, number, spec.path).diagnostics
        for note in self._wiki.notes:
            for index in range(len(note.queries)):
                found += self._block(note, index)[1]
        for slug, embeds in self._wiki.embeds.items():
            path = self._wiki.note(slug).path
            for embed in embeds:
                target = embed.target
                base = self._bases.get(target.path) if isinstance(target, AttachmentTarget) else None
                if base is not None:
                    found += self._embed_diagnostics(base, embed.fragment or None, path, embed)
        return tuple(found)

    def _embed_diagnostics(
        self, spec: BaseSpec, view: str | None, path: str, embed: Embed
    ) -> list[Diagnostic]:
        if view is not None and not any(v.name == view for v in spec.views):
            names = ", ".join(f"'{v.name}'" for v in spec.views) or "none"
            message = f"no view named '{view}' in {spec.path} (its views: {names}); shown as a link"
            return [diagnostic("NF526", path, embed.line, embed.col, message)]
        return list(self._view(spec, view, path).diagnostics)

    def _view(self, spec: BaseSpec, view: int | str | None, this: str) -> ViewResult:
        key = (spec.path, view, this)
        if key not in self._results:
            self._results[key] = run_view(spec, view, self._corpus, self._corpus.row(this))
        return self._results[key]

    def _block(self, note: Note, index: int) -> tuple[ResultTable, tuple[Diagnostic, ...]]:
        """A query block's result, and the problems of running it (at the note's lines),
        run once (by :meth:`run_all`, before the pages are made)."""
        key = (note.path, index)
        if key not in self._blocks:
            self._blocks[key] = self._run_block(note, index)
        return self._blocks[key]

    def _run_block(self, note: Note, index: int) -> tuple[ResultTable, tuple[Diagnostic, ...]]:
        block = note.queries[index]
        this = self._corpus.row(note.path)
        if block.language is QueryLanguage.BASE:
            spec, _ = load_base(block.source, note.path, block.line)  # parse reported its syntax
            result = run_view(spec, None, self._corpus, this)
            return view_table(result, caption=False), result.diagnostics
        return dataview_table(block, note.path, self._corpus, this)


def view_table(result: ViewResult, caption: bool = True) -> ResultTable:
    """A base view's result as a page shows it."""
    layout = {ViewType.CARDS: "cards", ViewType.LIST: "list"}.get(result.type, "table")
    count = len(result.columns)
    summaries: list[tuple[str, Value] | None] = [None] * count
    for summary in result.summaries:
        summaries[summary.column] = (summary.name, summary.value)
    groups = tuple(
        ResultGroup(
            group.key, tuple(ResultRow(row.row, row.cells, row.image) for row in group.rows), result.grouped
        )
        for group in result.groups
    )
    return ResultTable(
        layout,
        result.name if caption else "",
        tuple(column.label for column in result.columns),
        groups,
        tuple(summaries),
        has_image=any(row.image is not None for group in groups for row in group.rows),
        notes=tuple(f"Not shown as in Obsidian: {what}." for what in result.unsupported),
    )


def _result_row(row: BaseRow) -> ResultRow:
    return ResultRow(row.row, row.cells, row.image)


def dataview_table(
    block: QueryBlock, path: str, corpus: WikiCorpus, this: Row | None
) -> tuple[ResultTable, tuple[Diagnostic, ...]]:
    """A Dataview block's result, and the problems of running it (at the note's lines); a
    query that does not parse (reported by parse) shows only that."""
    try:
        query = parse_query(block.source)
    except DataviewSyntaxError as error:
        note = f"This Dataview query does not parse ({error.message}); it is shown as written."
        return ResultTable("code", "", (), (), notes=(note,), code=block.source), ()
    result = run_query(query, corpus, this)
    problems = tuple(
        diagnostic(problem.code, path, problem.line + block.line - 1, problem.col, problem.message)
        for problem in result.problems
    )
    notes = tuple(problem.message for problem in result.problems if problem.code == UNSUPPORTED)
    if result.type is QueryType.TASK:
        groups = tuple(ResultGroup(group.key, (), True, group.tasks) for group in result.task_groups)
        return ResultTable("tasks", "", (), groups, notes=notes, link_first=False), problems
    if result.type is QueryType.LIST:
        rows = tuple(ResultRow(None, item.parts) for item in result.items)
        items = ResultTable("list", "", (), (ResultGroup(None, rows),), notes=notes, link_first=False)
        return items, problems
    rows = tuple(ResultRow(None, cells) for cells in result.rows)
    table = ResultTable(
        "table", "", result.headers, (ResultGroup(None, rows),), notes=notes, link_first=False
    )
    return table, problems

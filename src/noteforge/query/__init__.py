"""Queries over the compiled wiki: Obsidian Bases views and Dataview queries.

Every file of the wiki is a :class:`~noteforge.query.rows.Row` (its ``file.*`` fields, its
note properties, its research record); a query's syntax tree (:mod:`noteforge.querylang`)
is evaluated over those rows into typed results, which the site model renders as plain
HTML tables, cards and lists.
"""

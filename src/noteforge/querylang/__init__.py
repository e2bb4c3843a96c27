"""The query languages' syntax: Obsidian Bases files and expressions, Dataview's DQL.

Pure text to typed syntax trees (parsed with lark), with positions for diagnostics. Parse
uses it to report a broken query in a note; :mod:`noteforge.query` evaluates the trees.
"""

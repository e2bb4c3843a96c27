"""The theme: the folders templates and assets come from, first match wins.

The built-in theme is the repository's top-level ``templates/`` folder, shipped inside
the wheel as ``noteforge/templates``. A wiki's own ``templates/`` folder (beside its
``noteforge.yaml``) comes first: a template or ``static/`` asset there replaces the
built-in file of the same name. This module only finds and hashes files; the render stage
loads them.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

BUILTIN_PREFIX = "builtin"
# Note templates live in ``notes/`` in each theme folder: ``notes/<type>.md``.
NOTE_TEMPLATES = "notes"
_PACKAGED_THEME = Path(__file__).parent / "templates"
# In a source checkout (an editable install) the theme is the repository's templates/.
_CHECKOUT_THEME = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True, slots=True)
class Theme:
    """The theme folders of a build, first match wins: the wiki's own ``templates/``
    folder (if any) before the built-in theme. A template or a ``static/`` asset of the
    wiki's folder replaces the built-in file with the same name; new ones are added."""

    folders: tuple[Path, ...]

    def static_assets(self) -> dict[str, Path]:
        """Each asset under the themes' ``static/`` folders by its relative path, the first
        folder's file winning; never a link that leads out of its ``static/`` folder."""
        assets: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for path in _static_files(static):
                if _stays_in(path, static):
                    assets[path.relative_to(static).as_posix()] = path
        return dict(sorted(assets.items()))

    def links_out_of_static(self) -> list[Path]:
        """The files under the themes' ``static/`` folders that are symbolic links (or lie
        in linked folders) leading out of their ``static/`` folder: never published."""
        return [
            path
            for static in (folder / "static" for folder in self.folders)
            for path in _static_files(static)
            if not _stays_in(path, static)
        ]

    def files(self) -> list[tuple[str, Path]]:
        """Every file of every theme folder, by folder order then path."""
        return [
            (f"{index}/{path.relative_to(folder).as_posix()}", path)
            for index, folder in enumerate(self.folders)
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        ]


def _static_files(static: Path) -> list[Path]:
    return [path for path in sorted(static.rglob("*")) if path.is_file()]


def _stays_in(path: Path, folder: Path) -> bool:
    """Whether ``path``, its links followed, is inside ``folder`` (its links followed too)."""
    return path.resolve().is_relative_to(folder.resolve())


def builtin_theme() -> Path:
    """The folder of the built-in theme (templates and ``static/`` assets)."""
    return _PACKAGED_THEME if _PACKAGED_THEME.is_dir() else _CHECKOUT_THEME


def site_theme(overrides: Path | None = None) -> Theme:
    """The built-in theme, under the wiki's ``overrides`` folder when there is one."""
    builtin = builtin_theme()
    if overrides is None or not overrides.is_dir() or overrides.resolve() == builtin.resolve():
        return Theme((builtin,))
    return Theme((overrides, builtin))


def theme_digest(theme: Theme) -> str:
    """A digest of every file of the theme (templates and assets, overrides included)."""
    digest = hashlib.sha256()
    for name, path in theme.files():
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def note_types(theme: Theme) -> tuple[str, ...]:
    """The note types, sorted: one per note template ``notes/<type>.md`` in any of the
    theme's folders. This is the registry of note types: ``noteforge new`` writes them and
    parse accepts them (through ``ParseSettings.note_types``)."""
    return tuple(
        sorted({path.stem for folder in theme.folders for path in (folder / NOTE_TEMPLATES).glob("*.md")})
    )


@functools.cache
def builtin_note_types() -> tuple[str, ...]:
    """The note types of the built-in theme alone (the default ``ParseSettings.note_types``)."""
    return note_types(site_theme())

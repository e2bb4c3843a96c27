"""noteforge: compile a folder of research notes into typed records, a link graph and a static site.

The public API mirrors the command line: :func:`find_project` finds a wiki as the
command line does (:func:`project_of` takes its folders as given), :func:`load_wiki` runs
the pipeline on it up to the cross-reference graph, :func:`build_site` runs it to the end
and writes the site.
``load_wiki`` is imported on first use, so importing noteforge stays cheap.
"""

from typing import TYPE_CHECKING, Any

from noteforge._version import __version__
from noteforge.build import BuildResult, build_site
from noteforge.config import Config, ParseSettings, SiteSettings
from noteforge.model import Diagnostic, Fact, Link, LinkKind, Note, Question, Relation, Severity, Status
from noteforge.project import Project, find_project, project_of

if TYPE_CHECKING:
    from noteforge.pipeline import load_wiki


def __getattr__(name: str) -> Any:
    if name == "load_wiki":
        from noteforge.pipeline import load_wiki

        return load_wiki
    raise AttributeError(f"module 'noteforge' has no attribute {name!r}")


__all__ = [
    "BuildResult",
    "Config",
    "Diagnostic",
    "Fact",
    "Link",
    "LinkKind",
    "Note",
    "ParseSettings",
    "Project",
    "Question",
    "Relation",
    "Severity",
    "SiteSettings",
    "Status",
    "__version__",
    "build_site",
    "find_project",
    "load_wiki",
    "project_of",
]

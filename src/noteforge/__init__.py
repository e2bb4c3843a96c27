"""noteforge: compile a folder of research notes into typed records, a link graph and a static site.

The public API mirrors the command line: :func:`load_wiki` runs the pipeline up to the
cross-reference graph, :func:`build_site` runs it to the end and writes the site.
"""

from noteforge._version import __version__
from noteforge.build import BuildResult, build_site, load_wiki
from noteforge.config import Config
from noteforge.model import Diagnostic, Fact, Link, LinkKind, Note, Question, Relation, Severity, Status

__all__ = [
    "BuildResult",
    "Config",
    "Diagnostic",
    "Fact",
    "Link",
    "LinkKind",
    "Note",
    "Question",
    "Relation",
    "Severity",
    "Status",
    "__version__",
    "build_site",
    "load_wiki",
]

"""Print pip constraints pinning every dependency of pyproject.toml to its lower bound.

``pip install -c <(python3 .ci/lowest-constraints.py) '.[test]'`` then installs the
oldest versions noteforge claims to support, so CI checks that those claims hold.
Requirements without a ``>=`` bound are left to pip.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def lowest_constraints(pyproject: dict[str, object]) -> list[str]:
    """``name==version`` for each ``name>=version`` requirement, runtime and extras alike."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    pins = [match.expand(r"\1==\2") for text in requirements if (match := LOWER_BOUND.match(text))]
    return sorted(set(pins), key=str.casefold)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "pyproject.toml")
    print("\n".join(lowest_constraints(tomllib.loads(path.read_text(encoding="utf-8")))))


if __name__ == "__main__":
    main()

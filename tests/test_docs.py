"""The documentation stays in step with the code it describes."""

from __future__ import annotations

import re

from noteforge.diagnostics import CODES
from tests.helpers import REPO


def test_every_diagnostic_code_has_its_section() -> None:
    text = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^## (NF\d{3}): (.+)$", text, re.MULTILINE))
    assert documented == {code: entry.title for code, entry in CODES.items()}


def test_readme_starts_with_the_two_set_up_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    assert block.group(1).splitlines() == [
        "pip install . && noteforge build",
        "pip install '.[test]' && python -m pytest",
    ]
    assert "python3 -m pip install '.[test]' && python3 -m pytest" in (REPO / ".ci" / "run").read_text()

"""The documentation stays in step with the code it describes."""

from __future__ import annotations

import dataclasses
import re

import noteforge.views  # noqa: F401  (defines every page class)
from noteforge.config import CONFIG_KEYS
from noteforge.diagnostics import CODES
from noteforge.views.base import Page
from tests.helpers import REPO


def test_every_diagnostic_code_has_its_section() -> None:
    text = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^## (NF\d{3}): (.+)$", text, re.MULTILINE))
    assert documented == {code: entry.title for code, entry in CODES.items()}


def test_readme_starts_with_the_two_set_up_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    build, test = block.group(1).splitlines()
    assert build == "pip install . && noteforge build"
    assert "apt-get install -y chromium" in test
    assert test.endswith("pip install '.[test]' && python -m pytest")
    assert f"\n{test}\n" in (REPO / ".ci" / "run").read_text(), "CI runs the README's test command as it is"


def page_classes() -> list[type[Page]]:
    found: list[type[Page]] = []
    pending: list[type[Page]] = [Page]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


def test_theming_lists_every_field_each_template_receives() -> None:
    text = (REPO / "docs" / "theming.md").read_text(encoding="utf-8")
    shared = {field.name for field in dataclasses.fields(Page)}
    for name in shared:
        assert f"| `{name}` |" in text, f"the shared page field {name} is not documented"
    for page in page_classes():
        heading = re.search(
            rf"^### .*`{re.escape(page.template)}` \({page.__name__}\).*$", text, re.MULTILINE
        )
        assert heading, f"docs/theming.md has no section for {page.template} ({page.__name__})"
        section = text[heading.end() :].split("\n### ", 1)[0]
        for field in dataclasses.fields(page):
            if field.name not in shared:
                assert f"`{field.name}`" in section, f"{page.__name__}.{field.name} is not in docs/theming.md"


def test_theming_lists_every_block_of_the_base_template() -> None:
    text = (REPO / "docs" / "theming.md").read_text(encoding="utf-8")
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    blocks = re.findall(r"{% block (\w+) %}", base)
    documented = re.findall(
        r"^\| `(\w+)` \|", text.split("### Blocks of `base.html`")[1].split("###")[0], re.MULTILINE
    )
    assert documented == blocks


def test_every_config_key_is_documented() -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in CONFIG_KEYS:
        assert re.search(rf"^### `{key}`", text, re.MULTILINE), f"config key {key} has no section"

"""Each stage's settings: what parse reads apart from what the site reads, each with a
digest that is stable across processes and changes with any field."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from typing import Any

from noteforge.config import HomeOption, ParseSettings, SiteSettings, View, parse_config
from noteforge.model import SectionKind, Status
from tests.helpers import REPO

# One changed value per field; a field added without one fails the coverage test below.
PARSE_VARIANTS: dict[str, Any] = {
    "section_names": ((SectionKind.WHY, ("why",)),),
    "note_types": ("entity",),
    "qualifier_phrases": ("claim",),
    "identifier_keys": ("isin",),
    "status_words": (("live", Status.ACTIVE),),
    "trusted_html": True,
    "external_images": True,
}
SITE_VARIANTS: dict[str, Any] = {
    "site_title": "Chips desk",
    "base_url": "https://example.org/",
    "severities": (("NF201", "error"),),
    "status_labels": ((Status.ACTIVE, "Live"),),
    "stale_after_days": 30,
    "expected_sections": (("entity", (SectionKind.FACTS,)),),
    "qualifier_phrases": ("claim",),
    "home": HomeOption("Start.md", "noteforge.yaml", 1, 1),
    "views": ((View.GAPS, False),),
}


def test_every_field_has_a_variant() -> None:
    assert {f.name for f in dataclasses.fields(ParseSettings)} == set(PARSE_VARIANTS)
    assert {f.name for f in dataclasses.fields(SiteSettings)} == set(SITE_VARIANTS)


def test_a_digest_changes_with_any_field() -> None:
    for settings, variants in ((ParseSettings(), PARSE_VARIANTS), (SiteSettings(), SITE_VARIANTS)):
        digests = {settings.digest} | {
            dataclasses.replace(settings, **{name: value}).digest for name, value in variants.items()
        }
        assert len(digests) == len(variants) + 1, type(settings).__name__


def test_equal_settings_have_equal_digests() -> None:
    assert ParseSettings().digest == ParseSettings().digest
    assert SiteSettings(site_title="A").digest == SiteSettings(site_title="A").digest
    assert ParseSettings().digest != SiteSettings().digest


def test_digests_are_the_same_in_another_process() -> None:
    script = (
        "from noteforge.config import parse_config\n"
        "c = parse_config(open('noteforge.yaml', encoding='utf-8').read(), 'noteforge.yaml')\n"
        "print(c.parse.digest, c.site.digest)\n"
    )
    config = parse_config((REPO / "noteforge.yaml").read_text(encoding="utf-8"), "noteforge.yaml")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == [config.parse.digest, config.site.digest]


def test_the_config_file_sets_each_stage_apart() -> None:
    config = parse_config("site_title: Desk\nsection_names:\n  facts: [Fakten]\n", "c.yaml")
    assert (
        config.site.site_title == "Desk"
        and config.parse == parse_config("section_names:\n  facts: [Fakten]\n", "c.yaml").parse
    ), "the title is no parse setting"
    assert config.parse.section_kind("Fakten") is SectionKind.FACTS
    assert config.site == parse_config("site_title: Desk\n", "c.yaml").site, (
        "section names are no site setting"
    )

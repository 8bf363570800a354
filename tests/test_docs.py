"""The documentation's reference tables are the declarations, and every model has its page."""

from __future__ import annotations

import pytest

from planner.docgen import DOCS, refreshed
from planner.registry import get_spec, model_keys


@pytest.mark.parametrize("key", model_keys())
def test_model_page_is_current(key):
    spec = get_spec(key)
    path = DOCS / f"{key}.md"
    assert path.exists(), f"docs/models/{key}.md is missing"
    text = path.read_text(encoding="utf-8")
    assert refreshed(text, spec) == text, f"run `python -m planner.docgen` to refresh docs/models/{key}.md"
    for field in spec.fields:
        assert f"`{field.name}`" in text


def test_the_rulebook_page_lists_every_rule_with_its_sources():
    from models.rules import ALL

    text = (DOCS.parent / "rules.md").read_text(encoding="utf-8")
    assert "## Where the review was wrong" in text
    for rule in ALL:
        assert f"`{rule.id}`" in text, rule.id
        for step in rule.steps:
            assert step.source.url in text and step.since in text

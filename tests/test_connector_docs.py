"""docs/connectors.md documents every built-in type with a sources.toml example that is valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hub.config import SourceConfig, parse_sources
from hub.plugins import build_registry

DOC = Path(__file__).parent.parent / "docs" / "connectors.md"
REGISTRY = build_registry(entry_points=False)


def examples() -> list[SourceConfig]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    return [s for block in blocks for s in parse_sources(block, DOC).sources]


def test_every_built_in_connector_type_has_a_section_and_an_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = {s.type for s in examples()}
    for name in REGISTRY.connectors:
        assert f"## `{name}`" in text, f"no section for {name}"
        assert name in documented, f"no sources.toml example for {name}"


@pytest.mark.parametrize("source", examples(), ids=lambda s: s.id)
def test_each_example_is_accepted_by_its_connector(source: SourceConfig) -> None:
    REGISTRY.connector(source.type).parse_options(source)

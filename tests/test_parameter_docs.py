"""docs/parameters.md is generated from the schema; it must not be stale, and every parameter has full metadata."""

from __future__ import annotations

from pathlib import Path

from simtoolkit.scenario import load_schema
from simtoolkit.scenario.docs import render

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_parameter_docs_are_current():
    assert DOCS.read_text(encoding="utf-8") == render(load_schema()), (
        "docs/parameters.md is stale: run `.venv/bin/python -m simtoolkit.scenario.docs`")


def test_every_parameter_has_labels_unit_source():
    for key, p in load_schema().params.items():
        assert p.zh and p.en and p.source, key
        assert p.source.startswith(("assumption", "00", "published")), f"{key}: source must name a seed file, a published source, or say assumption"

"""Typical ranges (schema typical_min/typical_max, what a dashboard slider spans) as a policy designer reads them:
every money parameter has one, its bounds are round numbers, and every shipped scenario's values lie inside it."""

from __future__ import annotations

import math

import pytest

from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.schema import load_schema

from conftest import SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.toml")) + sorted((SCENARIOS / "examples").glob("*.toml"))
# (scenario, key) → why its value may lie outside the typical range (none today: a value here must say why)
OUTSIDE: dict[tuple[str, str], str] = {}


def is_round(x: float) -> bool:
    """At most two significant digits (150,000 and 0.001 are round; 17,500 and 11,270 are not)."""
    if x == 0:
        return True
    scale = 10 ** (math.floor(math.log10(abs(x))) - 1)
    return math.isclose(x / scale, round(x / scale))


def values(raw) -> list[float]:
    """A number as written, or each year's number of a dated value."""
    return list(raw.values()) if isinstance(raw, dict) else [raw]


def test_the_roundness_check_can_fail():
    assert is_round(150_000) and is_round(0.001) and is_round(20) and is_round(2_000)
    assert not is_round(17_500) and not is_round(11_270)


def test_every_money_parameter_has_a_round_typical_range():
    money = [p for p in load_schema().params.values() if p.kind in ("number", "integer") and "元" in p.unit]
    assert len(money) > 20
    missing = [p.key for p in money if p.typical_min is None or p.typical_max is None]
    assert not missing, missing
    ragged = [(p.key, p.typical_min, p.typical_max) for p in money if not (is_round(p.typical_min) and is_round(p.typical_max))]
    assert not ragged, ragged


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_values_lie_inside_their_typical_range(path):
    scenario = load_scenario(path)
    outside = []
    for key in scenario.values:
        param = scenario.schema.params[key]
        if param.kind not in ("number", "integer") or param.typical_min is None:
            continue
        for value in values(scenario.raw(key)):
            if not param.typical_min <= value <= param.typical_max and (path.stem, key) not in OUTSIDE:
                outside.append((key, value, (param.typical_min, param.typical_max)))
    assert not outside, outside

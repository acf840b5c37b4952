"""Controls span a parameter's typical range (schema `typical_min`/`typical_max`), apart from its validity bounds:
a value typed beyond the typical range but valid is accepted and shown, an invalid one gets a message beside it."""

from __future__ import annotations

import ipywidgets as widgets

from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.schema import load_schema
from simtoolkit.ui.catalogue import SCENARIO_DIR
from simtoolkit.ui.controls import ParamControl, static_bound

AWARD = "policy.stars.award_per_star"


def award_control(changes: list[str]) -> ParamControl:
    """Qingxu's star-award control, recording the keys it announces."""
    schema = load_schema()
    value = load_scenario(SCENARIO_DIR / "qingxu.toml").value(AWARD)  # 1,000 元/星
    return ParamControl(schema.params[AWARD], value, schema, "zh", [2023, 2024], changes.append)


def test_every_typical_range_lies_within_the_valid_range():
    schema = load_schema()
    for key, p in schema.params.items():
        if p.typical_min is None and p.typical_max is None:
            continue
        low, high = static_bound(schema, p.min, upper=False), static_bound(schema, p.max, upper=True)
        assert p.typical_min is not None and p.typical_max is not None, key
        assert p.typical_min < p.typical_max, key
        assert low is None or p.typical_min >= low, key
        assert high is None or p.typical_max <= high, key


def test_the_award_slider_spans_the_typical_range_with_the_handle_inside():
    # stars.toml: valid 0–100,000 元/星, typical 0–5,000, step 100; 1,000 sits at 1,000 / 5,000 = 20 % of the slider
    control = award_control([])
    slider = control.editor
    assert isinstance(slider, widgets.FloatSlider)
    assert (slider.min, slider.max, slider.step) == (0, 5000, 100)
    assert 0.1 < (slider.value - slider.min) / (slider.max - slider.min) < 0.9
    assert control.exact.value == 1000


def test_a_valid_value_beyond_the_typical_range_is_taken_and_shown():
    changes: list[str] = []
    control = award_control(changes)
    control.exact.value = 20000  # beyond typical 5,000, within valid 100,000
    assert control.value() == 20000 and control.editor.max >= 20000 and control.editor.value == 20000
    assert changes == [AWARD] and control.error.value == ""


def test_a_value_beyond_validity_is_refused_with_a_message_beside_the_control():
    changes: list[str] = []
    control = award_control(changes)
    control.exact.value = 200000  # over the valid 100,000: not clamped silently, not used
    assert control.value() == 1000 and changes == []
    assert "有效范围" in control.error.value and "100,000" in control.error.value


def test_the_box_follows_the_slider():
    control = award_control([])
    control.editor.value = 1500
    assert control.exact.value == 1500

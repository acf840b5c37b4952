"""Every Chinese label of the budget report renders with the bundled CJK font: no glyph may be missing."""

from __future__ import annotations

import io
import warnings

import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

from simtoolkit.budget.words import WORDS
from simtoolkit.ledger import items, payers
from simtoolkit.report.fonts import FAMILY, register
from simtoolkit.rules import roles


def render(texts: list[str]) -> None:
    """Draw each text on a figure with matplotlib's missing-glyph warnings raised as errors."""
    register()
    fig = Figure()
    ax = fig.add_subplot()
    for k, text in enumerate(texts):
        ax.text(0.0, k / max(len(texts), 1), text)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        fig.savefig(io.BytesIO(), format="png")


def chinese_labels() -> list[str]:
    """Every zh word of the report, with sample values, and every item, payer and role label."""
    sample = {"year": 2023, "when": "期初", "n": 3, "scenario": "清徐", "baseline": "清徐(改革前)", "reps": 2, "seed": 1,
              "years": 3, "level": 90, "rate": 3, "reading": "保底(不低于当年等次的初评星级)"}
    texts = [zh.format(**sample) for zh, _ in WORDS.values()]
    texts += [t.zh for t in (*items(), *payers())] + [roles.label(code, "zh") for code in roles.CODES]
    texts += ["清源镇 徐沟镇 东于镇 孟封镇 马峪乡 柳杜乡 西谷乡 王答乡 集义乡", "−1,234.56 万元 ★"]
    return texts


def test_the_bundled_font_is_used():
    register()
    assert findfont(FontProperties(family=[FAMILY]), fallback_to_default=False).endswith(".ttc")


def test_every_chinese_label_has_its_glyphs():
    render(chinese_labels())


def test_a_missing_glyph_fails():
    # Noto Sans CJK has no emoji, so this must raise: the check above can fail.
    with pytest.raises(UserWarning, match="missing"):
        render(["\U0001F600"])

"""参数与假设 reads in Chinese: every source of every shipped scenario's Chinese sheet is Chinese (seeds by their place,
assumptions as 假设), with only codes, file paths and names of people or methods left in Latin letters; the English
sheet keeps the English sources."""

from __future__ import annotations

import re

import pytest

from simtoolkit.budget.report import assumption_block
from simtoolkit.report.vocabulary import source
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.schema import load_schema

from conftest import SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.toml")) + sorted((SCENARIOS / "examples").glob("*.toml"))
# codes a Chinese reader meets as they are: file paths, dotted parameter keys, snake_case codes, section marks
CODE = re.compile(r"[\w./-]*[/._§][\w./-]*|§\w+")
PROSE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'’]+[A-Za-z]{2,}){2,}")  # three Latin words in a row


def english_prose(text: str) -> list[str]:
    """Runs of three or more Latin words left once codes are taken out."""
    return PROSE.findall(CODE.sub(" ", text))


def test_the_prose_check_can_fail():
    # the check itself: English prose is caught, codes and the Chinese renderings are not
    assert english_prose("assumption: county finance pays village heads' pay")
    assert english_prose("（the count: assumption, pro rata）")
    assert not english_prose("假设：见 scripts/calibrate_qingxu.py 与 behaviour.heads.effort_initial（AR(1)）")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_chinese_sheet_sources_are_chinese(path):
    sheet = assumption_block(load_scenario(path), "zh").frame
    english = {key: text for key, text in zip(sheet["键"], sheet["来源"]) if english_prose(text)}
    assert not english, english
    assert not [t for t in sheet["来源"] if re.search(r"\d{3}_[0-9a-f]{16}\.txt", t)]  # seeds by place, not by file


@pytest.mark.parametrize("path", SHIPPED[:1], ids=lambda p: p.stem)
def test_english_sheet_keeps_english_sources(path):
    sheet = assumption_block(load_scenario(path), "en").frame
    assert not [t for t in sheet["Source"] if t.startswith("假设")]
    assert any(t.startswith("assumption") for t in sheet["Source"])


def test_every_schema_source_has_a_chinese_rendering():
    # not only the parameters the shipped scenarios set: a user's scenario may set any of them
    english = {p.key: source(p, "zh") for p in load_schema().params.values() if english_prose(source(p, "zh"))}
    assert not english, english

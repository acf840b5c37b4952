"""One vocabulary for every code and shared word a person sees, in Chinese and English.

Codes are labelled where they are defined: ledger items and payers (`ledger/items.toml`), roles
(`world/roles.py`), grades (`rules/grades.py`), parameters and groups (the schema), first-secretary
record columns (the schema's records); the few codes defined nowhere else (member categories,
choices, metric kinds) are in `terms.toml` beside this file. Words several faces share (year,
total, n stars, …) are here once; each face keeps only its own words and picks them with `pick`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from simtoolkit.ledger import items, payers
from simtoolkit.rules.grades import LABELS_ZH as GRADES_ZH, NAMES as GRADE_NAMES
from simtoolkit.scenario.schema import PARAMETER_DIR, load_schema
from simtoolkit.world import roles

WORDS = {
    "year": ("年份", "year"),
    "total": ("合计", "total"),
    "stars": ("{n}星", "{n}★"),
    "item": ("项目", "item"),
    "payer": ("支付方", "payer"),
    "role": ("岗位", "role"),
    "township": ("乡镇", "township"),
    "heads": ("人数", "heads"),
    "mean": ("均值", "mean"),
    "band": ("{level}%区间", "{level}% band"),
    "yuan": ("元", "yuan"),
    "wan_yuan": ("万元", "10,000 yuan"),
    "written": ("已写入 {path}", "written to {path}"),
}


def pick(words: dict[str, tuple[str, str]], key: str, lang: str, **fmt) -> str:
    """The 'zh' or 'en' text of `key` in a face's (zh, en) table of words, else in the shared words, formatted."""
    zh, en = words[key] if key in words else WORDS[key]
    return (zh if lang == "zh" else en).format(**fmt)


def word(key: str, lang: str, **fmt) -> str:
    """A word shared by several faces, in 'zh' or 'en'."""
    return pick(WORDS, key, lang, **fmt)


@cache
def _terms() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Code → (zh, en) for every code with a label, and the metric kinds."""
    with (Path(__file__).parent / "terms.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    labels = {code: (zh, en) for code, (zh, en) in doc["terms"].items()}
    with (PARAMETER_DIR / "first_secretary.toml").open("rb") as fh:
        records = tomllib.load(fh).get("records", {}).get("columns", {})
    labels |= {code: (c["zh"], c.get("en", code.replace("_", " "))) for code, c in records.items() if "zh" in c}
    labels |= {code: (zh, en) for code, zh, en in roles.ROLES}
    labels |= {name: (zh, name.replace("_", " ")) for name, zh in zip(GRADE_NAMES, GRADES_ZH)}
    labels |= {t.code: (t.zh, t.en) for t in (*items(), *payers())}
    return labels, {kind: tuple(v) for kind, v in doc["metrics"].items()}


def known(code: str) -> bool:
    """True when `code` has a label."""
    return code in _terms()[0]


def term(code: str, lang: str) -> str:
    """The label of any code a person sees (item, payer, role, grade, choice, metric); the code itself when unknown."""
    labels, metrics = _terms()
    if code in labels:
        return pick(labels, code, lang)
    kind, _, what = code.partition(":")
    if kind == "stars" and what:
        return pick(metrics, "stars", lang, n=what)
    if kind == "cost" and what:
        return pick(metrics, what, lang) if what in metrics else term(what, lang)
    return code


def grade(code: int, lang: str) -> str:
    """The name of a grade code (0 excellent … 3 unqualified; '—' for none)."""
    return term(GRADE_NAMES[code], lang) if 0 <= code < len(GRADE_NAMES) else "—"


def parameter(key: str, lang: str) -> str:
    """A parameter's label, or a group's, from the schema; the key itself when unknown."""
    schema = load_schema()
    found = schema.params.get(key) or schema.groups.get(key)
    return found.label(lang) if found else key

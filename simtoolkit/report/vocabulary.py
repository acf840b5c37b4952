"""One vocabulary for every code and shared word a person sees, in Chinese and English.

Codes are labelled where they are defined: ledger items and payers (`ledger/items.toml`), roles
(`rules/roles.py`), grades (`rules/grades.py`), parameters and groups (the schema), first-secretary
record columns (the schema's records); the few codes defined nowhere else (member categories,
choices, metric kinds) are in `terms.toml` beside this file. Words several faces share (year,
total, n stars, …) are here once; each face keeps only its own words and picks them with `pick`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from simtoolkit.ledger import items, payers
from simtoolkit.ledger.vocabulary import declared
from simtoolkit.rules.grades import LABELS_ZH as GRADES_ZH, NAMES as GRADE_NAMES
from simtoolkit.scenario.schema import PARAMETER_DIR, load_schema
from simtoolkit.rules import roles

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
    "borrowed": ("借用自{place}", "borrowed from {place}"),
}


def pick(words: dict[str, tuple[str, str]], key: str, lang: str, **fmt) -> str:
    """The 'zh' or 'en' text of `key` in a face's (zh, en) table of words, else in the shared words, formatted."""
    zh, en = words[key] if key in words else WORDS[key]
    return (zh if lang == "zh" else en).format(**fmt)


def word(key: str, lang: str, **fmt) -> str:
    """A word shared by several faces, in 'zh' or 'en'."""
    return pick(WORDS, key, lang, **fmt)


@cache
def _doc() -> dict:
    """terms.toml, read once."""
    with (Path(__file__).parent / "terms.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def _terms() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Code → (zh, en) for every code with a label, and the metric kinds."""
    doc = _doc()
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
    return code in _terms()[0] or declared(code) is not None or roles.declared(code) is not None


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
    own = declared(code)  # a scenario's own ledger item (policy.own_items)
    if own is not None:
        return own.label(lang)
    role = roles.declared(code)  # a scenario's own role (policy.own_roles)
    return code if role is None else role[0 if lang == "zh" else 1]


def indicator(name: str, lang: str) -> str:
    """The label of a run's indicator (indicators.csv), families such as member_points_p90 from their stem."""
    labels = _doc()["indicators"]
    if name in labels:
        return pick(labels, name, lang)
    stem, _, suffix = name.rpartition("_")
    if stem in labels and suffix in ("p10", "p50", "p90"):
        return f"{pick(labels, stem, lang)} {suffix.upper()}"
    if stem in labels:  # a category's own value: member_points_mean_A, mean_stars_category_1
        if "{x}" in labels[stem][0]:
            return pick(labels, stem, lang, x=suffix)
        return f"{pick(labels, stem, lang)}({term(suffix, lang)})" if lang == "zh" else f"{pick(labels, stem, lang)} ({term(suffix, lang)})"
    return name


def grade(code: int, lang: str) -> str:
    """The name of a grade code (0 excellent … 3 unqualified; '—' for none)."""
    return term(GRADE_NAMES[code], lang) if 0 <= code < len(GRADE_NAMES) else "—"


def parameter(key: str, lang: str) -> str:
    """A parameter's label, or a group's, from the schema; the key itself when unknown."""
    schema = load_schema()
    found = schema.params.get(key) or schema.groups.get(key)
    return found.label(lang) if found else key


def source(param, lang: str, own: str = "") -> str:
    """A parameter's source as a reader cites it, in the reader's language: seed files by their place and document
    (quoted sentences kept), a bare "assumption" as 假设 in Chinese; `own`: the value's own source where the scenario
    cites one (docs/scenarios.md), shown instead."""
    return cite(own or (param.source_zh if lang == "zh" and param.source_zh else param.source), lang)


def cite(text: str, lang: str) -> str:
    """A source text as a reader cites it: seed files by their place and document, a bare "assumption" in the reader's
    language."""
    doc = _doc()
    for kind, (zh, en) in doc["source_kinds"].items():
        if text == kind or text.startswith(kind + " ") or text.startswith(kind + ":"):
            rest = text[len(kind):]
            text = (zh if lang == "zh" else en) + (rest.replace(": ", "：", 1) if lang == "zh" and rest.startswith(": ") else rest)
    for name, (zh, en) in doc["sources"].items():
        text = text.replace(name + ": ", f"{zh}：" if lang == "zh" else f"{en}: ").replace(name, zh if lang == "zh" else en)
    return text


def borrowed(place: str, lang: str) -> str:
    """'借用自清徐县' / 'borrowed from Qingxu' for a value a scenario borrows from another place ('' when it does not)."""
    if not place:
        return ""
    places = _doc()["places"]
    name = pick(places, place, lang) if place in places else place
    return pick(WORDS, "borrowed", lang, place=name)


def value(param, written, lang: str) -> str:
    """A parameter's value as written, for a reader: numbers with separators and the unit, codes by their labels,
    dated values year by year, table rows one after another."""
    unit = "" if param.unit in ("", "%") else f" {param.unit}"
    if isinstance(written, dict) and written and all(str(k).isdigit() for k in written):
        since = "{year}年起 {value}" if lang == "zh" else "from {year}: {value}"
        return (";" if lang == "zh" else "; ").join(since.format(year=y, value=value(param, v, lang)) for y, v in written.items())
    if isinstance(written, bool):
        return ("是" if written else "否") if lang == "zh" else ("yes" if written else "no")
    if isinstance(written, (int, float)):
        return f"{_number(written)}{'%' if param.unit == '%' else unit}"
    if isinstance(written, str):
        return term(written, lang)
    if isinstance(written, list) and all(isinstance(v, dict) for v in written):
        columns = {c.name: (c.zh if lang == "zh" else c.en) for c in param.columns}
        comma, semicolon = ("，", ";") if lang == "zh" else (", ", "; ")
        return semicolon.join(comma.join(f"{columns.get(k, k)} {_shown(v, lang)}" for k, v in row.items()) for row in written)
    if isinstance(written, list):
        return ("、" if lang == "zh" else ", ").join(_shown(v, lang) for v in written)
    return str(written)


def _shown(item, lang: str) -> str:
    """One number or code inside a list or a table row."""
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        return _number(item)
    return term(str(item), lang)


def _number(x: float) -> str:
    """A number as a Chinese table writes it: separators from 10,000 on (a year stays 2026)."""
    return f"{x:,g}" if abs(x) >= 10_000 else f"{x:g}"

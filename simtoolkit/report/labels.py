"""Words of the reports in Chinese and English (items and payers come from the ledger vocabulary)."""

from __future__ import annotations

WORDS = {
    "stars_title": ("星级分布(参评主干人数,均值 [{level}%区间])", "Star distribution (rated heads, mean [{level}% band])"),
    "costs_title": ("各项支出(元,均值 [{level}%区间])", "Cost by item (yuan, mean [{level}% band])"),
    "year": ("年份", "year"),
    "stars": ("{n}星", "{n}★"),
    "total": ("合计", "total"),
    "item": ("项目", "item"),
    "replications": ("重复 {reps} 次,种子 {seed},{years} 年", "{reps} replications, seed {seed}, {years} years"),
    "written": ("已写入 {path}", "written to {path}"),
    "outstanding": ("模拟期末已决定未支付: {yuan} 元", "decided but unpaid at the end of the horizon: {yuan} yuan"),
}


def pick(words: dict[str, tuple[str, str]], key: str, lang: str, **fmt) -> str:
    """The 'zh' or 'en' text of `key` in a (zh, en) vocabulary, formatted; each area keeps its own vocabulary."""
    zh, en = words[key]
    return (zh if lang == "zh" else en).format(**fmt)


def word(key: str, lang: str, **fmt) -> str:
    """A word of the run command's tables."""
    return pick(WORDS, key, lang, **fmt)

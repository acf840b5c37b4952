"""Ledger vocabulary: item and payer codes with zh/en labels, read from items.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Term:
    """An item or payer: code, labels, and (payers) whether it is a public budget."""

    code: str
    zh: str
    en: str
    fiscal: bool = False

    def label(self, lang: str) -> str:
        """The label in 'zh' or 'en'."""
        return self.zh if lang == "zh" else self.en


# A rule's schema group file may declare its own items (`[items.<code>]` with zh/en), after the shared ones.
GROUP_FILES = Path(__file__).resolve().parents[1] / "scenario" / "parameters"


@cache
def _load() -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """Read the vocabulary file and the schema group files' own items once."""
    with (Path(__file__).parent / "items.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    items = [Term(code, v["zh"], v["en"]) for code, v in doc["items"].items()]
    for path in sorted(GROUP_FILES.glob("*.toml")):
        with path.open("rb") as fh:
            own = tomllib.load(fh).get("items", {})
        clash = set(own) & {t.code for t in items}
        if clash:
            raise ValueError(f"{path.name}: ledger items {sorted(clash)} are declared already")
        items += [Term(code, v["zh"], v["en"]) for code, v in own.items()]
    payers = tuple(Term(code, v["zh"], v["en"], v["fiscal"]) for code, v in doc["payers"].items())
    return tuple(items), payers


def items() -> tuple[Term, ...]:
    """Every ledger item, in report order."""
    return _load()[0]


def payers() -> tuple[Term, ...]:
    """Every payer, in report order."""
    return _load()[1]


@cache
def _positions() -> tuple[dict[str, int], dict[str, int]]:
    """Code → position, for items and for payers (looked up on every booking)."""
    return {t.code: i for i, t in enumerate(items())}, {t.code: i for i, t in enumerate(payers())}


def item_index(code: str) -> int:
    """Position of an item code (raises KeyError naming it)."""
    try:
        return _positions()[0][code]
    except KeyError:
        raise KeyError(f"unknown ledger item {code!r}") from None


def payer_index(code: str) -> int:
    """Position of a payer code (raises KeyError naming it)."""
    try:
        return _positions()[1][code]
    except KeyError:
        raise KeyError(f"unknown payer {code!r}") from None


def label(code: str, lang: str) -> str:
    """The label of an item or payer code in a language; the code itself when unknown."""
    for term in (*items(), *payers()):
        if term.code == code:
            return term.label(lang)
    return code

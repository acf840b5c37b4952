"""Ledger vocabulary: item and payer codes with zh/en labels, read from items.toml."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .role_terms import ROLES


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


def vocabulary_digest() -> str:
    """A digest of the ledger's axes — the shared items, payers and roles in array order: a stored record's cost cells
    are positions on them, so a store written under another vocabulary must not be read (a new item shifts them)."""
    codes = [t.code for t in items()] + ["|"] + [t.code for t in payers()] + ["|"] + [code for code, _, _ in ROLES]
    return hashlib.sha256(",".join(codes).encode()).hexdigest()[:16]


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
    """The label of an item or payer code in a language (a scenario's own items too); the code itself when unknown."""
    for term in (*items(), *payers(), *_DECLARED.values()):
        if term.code == code:
            return term.label(lang)
    return code


# ---- a scenario's own items (policy.own_items) ----------------------------------------------------------------
# A run's items are the shared ones above, in their positions, then the scenario's own in the order it declares them
# (`run_codes`): a run without own items has exactly the shared vocabulary, so its arrays and outputs are unchanged.
# The arrays of a run say which own items they hold (Result.own_items, Record.own_items); only the labels of own
# items are kept for the process (`declare`), for reports to show them.
_DECLARED: dict[str, Term] = {}


def declare(terms: tuple[Term, ...]) -> None:
    """Keep the labels of a scenario's own items (a later scenario declaring the same code relabels it)."""
    _DECLARED.update((t.code, t) for t in terms)


def declared(code: str) -> Term | None:
    """A scenario's own item of that code, when one was declared in this process."""
    return _DECLARED.get(code)


def run_codes(own: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The item codes of a run, in array order: the shared items, then the scenario's own."""
    return tuple(t.code for t in items()) + tuple(own)


def union_codes(owns) -> tuple[str, ...]:
    """The item codes of several runs together (a comparison, a sweep): the shared items, then every own item once."""
    return run_codes(tuple(dict.fromkeys(code for own in owns for code in own)))

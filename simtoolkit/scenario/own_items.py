"""A scenario's own cost items (policy.own_items) and the money blocks that book under one: the checks the schema cannot
state (codes, clashes with the shared items, a payer for every block), and the terms a run's ledger appends."""

from __future__ import annotations

import re
from typing import Any

from simtoolkit.ledger import items
from simtoolkit.ledger.vocabulary import Term, declare

from .errors import Problem
from .load import suggest

KEY = "policy.own_items.items"
CODE = re.compile(r"[a-z][a-z0-9_]*")
# the money blocks that may book under a declared item (`item`), with their own item when they name none
BLOCKS = {"policy.star_pay": "star_pay", "policy.service_subsidy": "service_subsidy"}


def _rows(values: dict[str, Any]) -> list[dict]:
    """The declared rows whose columns are all text (else the schema's checks have said why)."""
    rows = values.get(KEY, [])
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, dict) and all(isinstance(r.get(c), str) for c in ("code", "zh", "en", "payer"))]


def own_terms(values: dict[str, Any]) -> tuple[Term, ...]:
    """The scenario's own items as ledger terms, in the order declared (none without policy.own_items)."""
    return tuple(Term(r["code"], r["zh"], r["en"]) for r in _rows(values))


def own_item_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """One problem per malformed or clashing code, per code declared twice, per block naming an unknown item or no payer."""
    file, problems = origins.get(KEY, top), []
    shared = {t.code: t for t in items()}
    seen: set[str] = set()
    for i, row in enumerate(_rows(values)):
        code, where = row["code"], f"{KEY}[{i}].code"
        if not CODE.fullmatch(code):
            problems.append(Problem(file, where, f"{code!r} is not a code: lower-case letters, digits and _, starting with a letter"))
        elif code in shared:
            problems.append(Problem(file, where, f"{code!r} is a shared ledger item already ({shared[code].zh} / {shared[code].en}): "
                                                 "use it, or declare another code"))
        elif code in seen:
            problems.append(Problem(file, where, f"{code!r} is declared twice"))
        seen.add(code)
    known = [*shared, *seen]  # a block naming a declared code whose declaration is refused is not refused again
    own = {r["code"]: r for r in _rows(values)}
    for group, default in BLOCKS.items():
        if not any(k.startswith(group + ".") for k in values):
            continue
        item = values.get(f"{group}.item", default)
        if isinstance(item, str) and item not in known:
            problems.append(Problem(origins.get(f"{group}.item", top), f"{group}.item", f"unknown ledger item {item!r}"
                                    + suggest(item, known) + f": declare it in {KEY}"))
        elif f"{group}.payer" not in values and item not in own:
            problems.append(Problem(top, f"{group}.payer", "missing required key (only an item declared in "
                                                           f"{KEY} brings its own payer)"))
    return problems


def own_codes(values: dict[str, Any]) -> tuple[str, ...]:
    """The codes the scenario declares, in order (a run's ledger appends them to the shared items)."""
    return tuple(t.code for t in own_terms(values))


def keep_labels(values: dict[str, Any]) -> None:
    """Let reports label the scenario's own items (the ledger vocabulary keeps them for the process)."""
    declare(own_terms(values))

"""Checks of a cost-sharing table (policy.cost_sharing.shares) that its schema cannot state: items the ledger knows
(shared, or the scenario's own), shares that sum positive for each item and year, each payer once in a split."""

from __future__ import annotations

from typing import Any

from simtoolkit.ledger import items

from .errors import Problem
from .load import suggest
from .own_items import own_codes

KEY = "policy.cost_sharing.shares"
COLUMNS = {"item": str, "from_year": int, "payer": str, "share": (int, float)}


def _readable(rows: Any) -> bool:
    """True when every row has the four columns of the right types (else the schema's checks have said why)."""
    return isinstance(rows, list) and all(
        isinstance(r, dict) and all(isinstance(r.get(c), t) and not isinstance(r.get(c), bool) for c, t in COLUMNS.items())
        for r in rows)


def cost_sharing_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """One problem per unknown item, per split whose shares do not sum positive, per payer written twice in a split."""
    rows = values.get(KEY)
    if not _readable(rows):
        return []
    file, known = origins.get(KEY, top), [t.code for t in items()] + list(own_codes(values))
    problems, splits = [], {}
    for i, row in enumerate(rows):
        if row["item"] not in known:
            problems.append(Problem(file, f"{KEY}[{i}].item", f"unknown ledger item {row['item']!r}" + suggest(row["item"], known)))
        splits.setdefault((row["item"], row["from_year"]), []).append(i)
    every_share_zero = sum(r["share"] for r in rows) <= 0  # the schema's check of a share column says so once
    for (item, year), at in splits.items():
        if not every_share_zero and sum(rows[i]["share"] for i in at) <= 0:
            problems.append(Problem(file, f"{KEY}[{at[0]}].share", f"the shares of {item} from {year} sum to 0: at least one must be positive"))
        payers = [rows[i]["payer"] for i in at]
        for i in at:
            if payers.count(rows[i]["payer"]) > 1 and payers.index(rows[i]["payer"]) != at.index(i):
                problems.append(Problem(file, f"{KEY}[{i}].payer", f"{rows[i]['payer']} is written twice for {item} from {year}"))
    return problems

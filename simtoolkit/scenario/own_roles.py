"""A scenario's own paid roles (policy.own_roles): the checks the schema cannot state (codes, clashes with the shared
roles, how many, ages in order), and the labels reports show."""

from __future__ import annotations

from typing import Any

from simtoolkit.ledger.role_terms import OWN_MAX, ROLES, declare

from .errors import Problem
from .own_items import CODE

KEY = "policy.own_roles.roles"
SHARED = {code: (zh, en) for code, zh, en in ROLES}


def _rows(values: dict[str, Any]) -> list[dict]:
    """The declared rows whose labels are text (else the schema's checks have said why)."""
    rows = values.get(KEY, [])
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, dict) and all(isinstance(r.get(c), str) for c in ("code", "zh", "en"))]


def own_role_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """One problem per malformed or shared code, per row leaving before it enters, and for too many roles."""
    file, problems = origins.get(KEY, top), []
    for i, row in enumerate(_rows(values)):
        code = row["code"]
        if not CODE.fullmatch(code):
            problems.append(Problem(file, f"{KEY}[{i}].code", f"{code!r} is not a code: lower-case letters, digits and _, "
                                                              "starting with a letter"))
        elif code in SHARED:
            zh, en = SHARED[code]
            problems.append(Problem(file, f"{KEY}[{i}].code", f"{code!r} is a shared role already ({zh} / {en}): use it, "
                                                              "or declare another code"))
        entry, leave = row.get("entry_age"), row.get("leave_age")
        if isinstance(entry, int) and isinstance(leave, int) and leave <= entry:
            problems.append(Problem(file, f"{KEY}[{i}].leave_age", f"{leave} is not above the entry age {entry}: a holder "
                                                                   "must serve at least a year"))
    if len(_rows(values)) > OWN_MAX:
        problems.append(Problem(file, KEY, f"{len(_rows(values))} roles declared: at most {OWN_MAX}"))
    return problems


def keep_role_labels(values: dict[str, Any]) -> None:
    """Let reports label the scenario's own roles (kept for the process, as own items' labels are)."""
    declare((r["code"], r["zh"], r["en"]) for r in _rows(values))


def own_role_codes(values: dict[str, Any]) -> tuple[str, ...]:
    """The codes the scenario declares, in order (a run's role axis appends them to the shared roles)."""
    return tuple(r["code"] for r in _rows(values))

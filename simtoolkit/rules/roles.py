"""Role codes of the people in the agent tables; heads are the roles in the star system."""

from __future__ import annotations

import numpy as np

from simtoolkit.ledger.role_terms import OWN_MAX, ROLES, declared

CODES = tuple(code for code, _, _ in ROLES)
HEAD_ROLES = CODES[:5]
SECRETARY_ROLES = ("secretary_director", "secretary", "community_secretary", "sent_secretary")
# A run's roles are the shared ones above, in their positions, then the scenario's own (policy.own_roles) in the order
# it declares them (`run_codes`), as a run's ledger items are: a run without own roles has exactly the shared roles.
# Lookups by role code are OWN_MAX codes longer than the shared roles, so an own role's code indexes them too.
LOOKUP = len(CODES) + OWN_MAX


def own(P) -> tuple[str, ...]:
    """The codes of the scenario's own roles (policy.own_roles), in the order declared."""
    return tuple(row["code"] for row in P.get("policy.own_roles.roles", []))


def run_codes(own_roles: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The role codes of a run, in code order: the shared roles, then the scenario's own."""
    return CODES + tuple(own_roles)


def code(name: str, own_roles: tuple[str, ...] = ()) -> int:
    """The integer code of a role name (a scenario's own role: after the shared ones, in `own_roles`' order)."""
    return run_codes(own_roles).index(name)


def codes(names) -> np.ndarray:
    """Integer codes of several role names."""
    return np.array([code(n) for n in names], dtype=np.int8)


def among(role: np.ndarray, names) -> np.ndarray:
    """Whether each role code is one of `names` (a table lookup: cheaper than np.isin on every call)."""
    table = np.zeros(LOOKUP, bool)  # an own role's code (a former accountant among the retirees) is in no shared list
    table[codes(names)] = True
    return table[role]


def label(role: int | str, lang: str) -> str:
    """The zh/en label of a role (by code or name; a scenario's own role by name, as declared)."""
    if isinstance(role, str) and role not in CODES and declared(role) is not None:
        return declared(role)[0 if lang == "zh" else 1]
    index = role if isinstance(role, (int, np.integer)) else code(role)
    return ROLES[index][1] if lang == "zh" else ROLES[index][2]

"""Role codes of the people in the agent tables; heads are the roles in the star system."""

from __future__ import annotations

import numpy as np

# Order matters: the code is the position. Labels are for reports.
ROLES = (
    ("secretary_director", "村党组织书记兼村委会主任(“一肩挑”)", "Secretary also director"),
    ("secretary", "村党组织书记", "Village party secretary"),
    ("director", "村委会主任", "Village director"),
    ("community_secretary", "社区党组织书记", "Community party secretary"),
    ("sent_secretary", "选派书记", "Secretary sent from a government unit"),
    ("deputy", "专职副职", "Full-time deputy"),
    ("clerk", "专职文书", "Full-time clerk"),
    ("first_secretary", "第一书记", "First secretary"),
    ("household", "农户", "Household"),
    ("party_member", "党员", "Party member"),
    ("village", "村(集体)", "Village (collective)"),  # a payment to the village itself (policy.branch_rating's awards)
)
CODES = tuple(code for code, _, _ in ROLES)
HEAD_ROLES = CODES[:5]
SECRETARY_ROLES = ("secretary_director", "secretary", "community_secretary", "sent_secretary")


def code(name: str) -> int:
    """The integer code of a role name."""
    return CODES.index(name)


def codes(names) -> np.ndarray:
    """Integer codes of several role names."""
    return np.array([code(n) for n in names], dtype=np.int8)


def among(role: np.ndarray, names) -> np.ndarray:
    """Whether each role code is one of `names` (a table lookup: cheaper than np.isin on every call)."""
    table = np.zeros(len(CODES), bool)
    table[codes(names)] = True
    return table[role]


def label(role: int | str, lang: str) -> str:
    """The zh/en label of a role (by code or name)."""
    index = role if isinstance(role, (int, np.integer)) else code(role)
    return ROLES[index][1] if lang == "zh" else ROLES[index][2]

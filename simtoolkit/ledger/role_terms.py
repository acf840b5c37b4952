"""The roles of the ledger's role axis: the shared roles with zh/en labels, and the labels of a scenario's own roles
(policy.own_roles) declared in this process. `simtoolkit/rules/roles.py` gives them codes; the scenario's checks read
them here, below the rules."""

from __future__ import annotations

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
# A scenario may declare this many roles of its own (policy.own_roles): lookups by role code are this much longer.
OWN_MAX = 8
_DECLARED: dict[str, tuple[str, str]] = {}  # the labels of own roles declared in this process (reports show them)


def declare(rows) -> None:
    """Keep the labels of a scenario's own roles, `(code, zh, en)` each (a later scenario may relabel a code)."""
    _DECLARED.update((code, (zh, en)) for code, zh, en in rows)


def declared(name: str) -> tuple[str, str] | None:
    """The (zh, en) labels of a scenario's own role declared in this process, else None."""
    return _DECLARED.get(name)

"""Pay of heads: annual pay by role, base part monthly, performance part by grade (RULES.md §A.8 pay)."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import roles

from .grades import NONE


# The pay parameter of each head role.
ROLE_PAY = {"secretary_director": "annual_pay_secretary_director", "secretary": "annual_pay_other",
            "director": "annual_pay_other", "community_secretary": "annual_pay_community_secretary",
            "sent_secretary": "annual_pay_sent_secretary"}


def annual_pay(role: np.ndarray, P, years_indexed: np.ndarray | None = None) -> np.ndarray:
    """“一肩挑”…6.8万元/年, 其他村主干…5.8万元/年, 选派…3万元/年: annual pay by role.

    `years_indexed` (per role code, from `years_indexed`) grows pay by policy.pay.indexation_rate
    a year beyond each parameter's last dated value, when the scenario sets a rate.
    """
    pay = P.policy.pay
    table = np.zeros(len(roles.CODES))
    for name, key in ROLE_PAY.items():
        table[roles.code(name)] = getattr(pay, key)
    rate = pay.get("indexation_rate")
    if rate and years_indexed is not None:
        table *= (1.0 + rate) ** years_indexed
    return table[role]


def years_indexed(scenario, year: int) -> np.ndarray:
    """Per role code: years after the last dated value of its pay (a plain value counts as dated run.start_year)."""
    start = scenario.value("run.start_year")
    years = np.zeros(len(roles.CODES))
    for name, key in ROLE_PAY.items():
        raw = scenario.raw(f"policy.pay.{key}")
        last = max(int(y) for y in raw) if isinstance(raw, dict) else start
        years[roles.code(name)] = max(0, year - max(last, start))
    return years


def monthly_base(annual: np.ndarray, performance_share: float) -> np.ndarray:
    """The base part of annual pay, paid monthly."""
    return annual * (1.0 - performance_share) / 12.0


def performance_coefficient(grades: np.ndarray, role: np.ndarray, P) -> np.ndarray:
    """绩效由原来100%提高到150% / 80%提高到100%: the share of standard performance pay by grade and role."""
    perf = P.policy.performance
    graded = np.isin(role, roles.codes(perf.graded_roles))
    reform = np.array([perf.excellent, perf.qualified, perf.basic, perf.unqualified, 0.0])
    other = np.array([perf.other_excellent, perf.other_qualified, perf.other_basic, perf.other_unqualified, 0.0])
    index = np.where(grades == NONE, 4, grades)
    return np.where(graded, reform[index], other[index])


def performance_pay(annual: np.ndarray, performance_share: float, coefficient: np.ndarray, months_served: np.ndarray) -> np.ndarray:
    """The year's performance pay: standard performance part × coefficient, pro rata to months served."""
    return annual * performance_share * coefficient * np.clip(months_served, 0, 12) / 12.0

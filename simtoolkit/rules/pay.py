"""Pay of heads: annual pay by role, base part monthly, performance part by grade (RULES.md §A.8 pay)."""

from __future__ import annotations

import numpy as np

from simtoolkit.world import roles

from .grades import NONE


def annual_pay(role: np.ndarray, P) -> np.ndarray:
    """“一肩挑”…6.8万元/年, 其他村主干…5.8万元/年, 选派…3万元/年: annual pay by role."""
    pay = P.policy.pay
    table = np.zeros(len(roles.CODES))
    table[roles.code("secretary_director")] = pay.annual_pay_secretary_director
    table[roles.code("secretary")] = pay.annual_pay_other
    table[roles.code("director")] = pay.annual_pay_other
    table[roles.code("community_secretary")] = pay.annual_pay_community_secretary
    table[roles.code("sent_secretary")] = pay.annual_pay_sent_secretary
    return table[role]


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

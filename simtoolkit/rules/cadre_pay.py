"""Full-time cadres' pay (RULES.md §C.5): base + performance, base ≥ a multiple of local disposable income,
annual income floors by role, and the quarterly evaluation tied to part of the performance pay (§C.4)."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import pay, roles

from .grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED

STAFF_PAY = {"deputy": "annual_pay_deputy", "clerk": "annual_pay_clerk"}


def staff_annual_pay(role: np.ndarray, cp) -> np.ndarray:
    """The standard annual pay of deputies and clerks (0 for other roles)."""
    table = np.zeros(len(roles.CODES))
    for name, key in STAFF_PAY.items():
        table[roles.code(name)] = getattr(cp, key)
    return table[role]


def income_floor(role: np.ndarray, floors: list[dict]) -> np.ndarray:
    """支书、主任年收入不低于4.2万元,“一肩挑”的不低于5万元: each cadre's floor by role (0 where none)."""
    table = np.zeros(len(roles.CODES))
    for row in floors:
        table[roles.code(row["role"])] = row["yuan"]
    return table[role]


def standard_pay(annual, performance_share: float, income: float, multiple: float, floor) -> tuple[np.ndarray, np.ndarray]:
    """Yearly (base, standard performance pay).

    基本报酬…达到当地人均可支配收入的3倍以上: base = max(annual × (1 − share), multiple × income);
    performance = annual × share, raised where base + performance falls short of the income floor.
    """
    base = np.maximum(annual * (1.0 - performance_share), multiple * income)
    performance = annual * performance_share
    return base, performance + np.maximum(floor - base - performance, 0.0)


def standard(role: np.ndarray, P, scenario, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Yearly (base, standard performance pay, income floor) of every cadre in `year`: under `policy.cadre_pay` the
    full-time cadres' standard (deputies' and clerks' own pay, the base at least a multiple of the disposable income
    published by then, performance raised to the floor); else annual pay split by the performance share, no floor."""
    annual = pay.annual_pay(role, P, pay.years_indexed(scenario, year))
    share = P.policy.pay.performance_share
    if not scenario.has("policy.cadre_pay"):
        return annual * (1.0 - share), annual * share, np.zeros(len(role))
    cp = P.policy.cadre_pay
    annual = annual + staff_annual_pay(role, cp)
    floor = income_floor(role, cp.income_floors)
    income = disposable_income(scenario, year - cp.get("income_year_lag", 0))  # the figure published by then
    base, performance = standard_pay(annual, share, income, cp.base_income_multiple, floor)
    return base, performance, floor


def disposable_income(scenario, year: int) -> float:
    """Local disposable income in `year`, grown by income_growth a year after its last dated value."""
    key = "policy.cadre_pay.disposable_income"
    value, raw = scenario.value(key, year), scenario.raw(key)
    growth = scenario.value("policy.cadre_pay.income_growth") if "policy.cadre_pay.income_growth" in scenario.values else 0.0
    last = max(int(y) for y in raw) if isinstance(raw, dict) else scenario.value("run.start_year")
    return value * (1.0 + growth) ** max(0, year - last)


def quarter_grade(mean_score: np.ndarray, scored: np.ndarray, basic: float, qualified: float, excellent: float) -> np.ndarray:
    """季评价: the quarter's grade from its mean monthly score (NONE for cadres not in post that quarter)."""
    grade = np.where(mean_score >= excellent, EXCELLENT, np.where(mean_score >= qualified, QUALIFIED,
                     np.where(mean_score >= basic, BASIC, UNQUALIFIED)))
    return np.where(scored, grade, NONE).astype(np.int8)


def by_grade(grades: np.ndarray, values) -> np.ndarray:
    """A per-grade value (excellent, qualified, basic, unqualified) for each cadre; 0 where not graded."""
    table = np.append(np.asarray(values, dtype=np.float64), 0.0)
    return table[np.where(grades == NONE, len(table) - 1, grades)]


def quarterly_pay(performance: np.ndarray, quarterly_share: float, coefficient: np.ndarray, months: np.ndarray) -> np.ndarray:
    """评价结果与绩效报酬挂钩: a quarter of the quarterly part × the quarter's coefficient, pro rata to months in post."""
    return performance * quarterly_share / 4.0 * coefficient * np.clip(months, 0, 3) / 3.0


def annual_performance(performance: np.ndarray, quarterly_share: float, coefficient: np.ndarray, months: np.ndarray) -> np.ndarray:
    """年考核: the rest of the performance pay × the annual grade's coefficient, pro rata to months in post."""
    return performance * (1.0 - quarterly_share) * coefficient * np.clip(months, 0, 12) / 12.0


def floor_topup(earned: np.ndarray, floor: np.ndarray, months: np.ndarray) -> np.ndarray:
    """A year-end top-up that lifts pay earned to the floor (pro rata to months in post)."""
    return np.maximum(floor * np.clip(months, 0, 12) / 12.0 - earned, 0.0)

"""Every rule component of the package, found in its modules and put in calendar order (`Component.order`).

A new rule is a new module here: nothing else names it. Within a moment components act in this order; today's:
PerformancePayCarryIn 10; BasePay 20, RetirementSubsidy 30 (standing payments booked in January); the full-time
cadres' Attendance, CadrePay, EmployeePension, QuarterlyEvaluation, CadreRewards, Training, CadreExit 40–40.6,
ExitSubsidy 45, PartyMemberDuties 50, Gaoyang's GridProblems, VillagerPoints, MemberPoints, ThousandPoint 60–60.3,
FirstSecretaries 70 (the month); CadreRewards 40.4 (the villages' collective income grows), DisciplineEvents 80 (the
year's events); StarRating 90, BranchRating 95, Mentoring 100 (the rating);
PerformancePay 110, Pension 120, Recruitment 130 (the year's pay). `docs/rules.md` lists them all.
"""

from __future__ import annotations

import importlib
import pkgutil

from .component import Component

NOT_RULES = {"book", "catalogue", "component", "docs"}  # the rulebook's own machinery


def discover() -> tuple[type[Component], ...]:
    """The component classes defined in the rulebook's modules, by calendar order (then name)."""
    found = []
    for info in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        if info.name in NOT_RULES:
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        found += [c for c in vars(module).values()
                  if isinstance(c, type) and issubclass(c, Component) and c is not Component and c.__module__ == module.__name__]
    return tuple(sorted(found, key=lambda c: (c.order, c.__name__)))


CATALOGUE = discover()

"""The object-per-agent Mesa reference (benchmarks/mesa_reference.py) and CountyModel give the same star distribution.

Both run the core Qingxu rules on the same synthesised population. The first rating is compared:
000_e0b0dd193435af35.txt “评定为优秀等次的…评为二星…合格等次的评为一星”, with the excellent quota
and the county review; the draws differ (scalar draws per agent against named streams), so the
comparison is statistical: pooled star counts over replications and a chi-square test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from mesa_reference import ReferenceModel  # noqa: E402

CORE = {"policy.stars", "policy.review"}  # optional groups the reference implements
REPS = 8


@pytest.fixture(scope="module")
def core(tmp_path_factory):
    """Qingxu with every optional mechanism the reference leaves out switched off, and small villages."""
    qingxu = ROOT / "scenarios" / "qingxu.toml"
    base = load_scenario(qingxu)
    off = sorted(g.path for g in base.schema.groups.values() if g.optional and base.has(g.path) and g.path not in CORE)
    path = tmp_path_factory.mktemp("core") / "core.toml"
    path.write_text(f'extends = "{qingxu.as_posix()}"\ndisable = {off!r}\n'.replace("'", '"'), encoding="utf-8")
    return load_scenario(path).with_changes({"population.households_per_village": 40.0, "population.households_per_community": 40.0})


def reference_counts(scenario, reps: int) -> np.ndarray:
    """Stars held after the first rating, pooled over replications of the Mesa reference."""
    total = np.zeros(6, np.int64)
    for rep in range(reps):
        for stars, n in ReferenceModel(scenario, replication=rep, years=1).run()[0].items():
            total[stars] += n
    return total


def county_counts(scenario, reps: int) -> np.ndarray:
    """The same from CountyModel."""
    return sum(CountyModel(scenario, replication=rep, years=1).run().star_counts[0].sum(axis=(0, 1)) for rep in range(reps))


def differ(a: np.ndarray, b: np.ndarray) -> float:
    """Chi-square p-value that two star distributions are the same."""
    table = np.array([a, b])
    return stats.chi2_contingency(table[:, table.sum(0) > 0]).pvalue


@pytest.fixture(scope="module")
def county(core) -> np.ndarray:
    """CountyModel's pooled first-rating stars, computed once for both tests."""
    return county_counts(core, REPS)


def test_same_star_distribution(core, county):
    """About 200 heads × 8 replications each: the chi-square test cannot tell the two models apart."""
    ref = reference_counts(core, REPS)
    assert ref.sum() == county.sum()  # the same heads are rated (the same population and eligibility)
    assert differ(ref, county) > 1e-3
    assert ref[2] > 0 and ref[1] > ref[2]  # mostly one star, some two (the Qingxu pattern: 173 and 20 of 200)


def test_the_comparison_detects_a_different_rule(core, county):
    """Power check: a reference with twice the excellent quota (20 % instead of 10 %) is told apart."""
    wider = core.with_changes({"policy.grades.excellent_quota": 20.0})
    assert differ(reference_counts(wider, REPS), county) < 1e-3

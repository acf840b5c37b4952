"""The runner's and compare's contracts: what identifies a stored run, and what two scenarios must share."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import SCENARIOS
from simtoolkit.errors import InputError
from simtoolkit.experiments.compare import Comparison, compare, pair
from simtoolkit.experiments.record import Record, atomic_write
from simtoolkit.experiments.runner import (Failure, Job, NothingSucceeded, Outcome, RunStore, identity, model_digest, roster_digest,
                                           run_replications, simulate_replication)
from simtoolkit.ledger import item_index, items, payer_index
from simtoolkit.rules import roles
from simtoolkit.scenario import load_scenario
from simtoolkit.version import __version__
from simtoolkit.world.roster import Roster

QINGXU = SCENARIOS / "qingxu.toml"
CALLS: list[tuple[int, int]] = []


def counting(scenario, replication, seed, years):
    """The model run, counted with its horizon (sequential runs only)."""
    CALLS.append((replication, years))
    return simulate_replication(scenario, replication, seed, years)


def test_the_job_key_holds_the_seed_the_horizon_and_the_model_values_not_the_number_of_replications():
    scenario = load_scenario(QINGXU)
    key = Job("base", scenario, 5, 3, 2).key
    assert Job("other name", scenario, 50, 3, 2).key == key  # 5 and 50 replications share their first five runs
    assert Job("base", scenario, 5, 3, 3).key != key  # another horizon
    assert Job("base", scenario, 5, 4, 2).key != key  # another seed
    assert Job("base", scenario.with_changes({"policy.stars.award_per_star": 1001}), 5, 3, 2).key != key
    assert Job("base", scenario.with_changes({"run.replications": 7, "run.years": 9, "run.seed": 11}), 5, 3, 2).key == key


def test_another_horizon_reuses_nothing(tmp_path):
    scenario = load_scenario(QINGXU)
    CALLS.clear()
    first = run_replications(scenario, 2, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    again = run_replications(scenario, 2, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    longer = run_replications(scenario, 2, 3, 2, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert CALLS == [(0, 1), (1, 1), (0, 2), (1, 2)]  # the second call reused both, the two-year one ran both again
    assert (first.ran, again.reused, longer.reused, longer.ran) == (2, 2, 0, 2)


def test_compare_refuses_scenarios_that_start_in_different_years(cli, tmp_path):
    base = load_scenario(QINGXU)
    later = base.with_changes({"run.start_year": 2024})
    with pytest.raises(InputError, match="the base starts in 2023 and the reform in 2024"):
        compare(base, later, reps=1, years=1, executor="sequential", progress=False)
    reform = tmp_path / "later.toml"
    reform.write_text(f'extends = "{QINGXU}"\n[run]\nstart_year = 2024\n', encoding="utf-8")
    code, out, err = cli("compare", QINGXU, reform, "--reps", 1, "--years", 1, "--out", tmp_path / "out")
    assert code == 2 and "2023" in err and "2024" in err and not (tmp_path / "out").exists()


# ---- the store, the records and the pairing on records made by hand ----------------------------------------------
# Fast tests for the runner's mutation area (docs/testing.md): each builds its own tiny records, no model runs.


def tiny(replication: int, years: int = 2, max_stars: int = 2, rated: bool = True, start_year: int = 2023) -> Record:
    """A one-township record: two 一肩挑 heads at 1 star each year (none when not rated), 100 yuan of base pay a year."""
    counts = np.zeros((years, 1, len(roles.CODES), max_stars + 1), np.int32)
    if rated and max_stars:
        counts[:, 0, roles.code("secretary_director"), 1] = 2
    cells = np.array([(y, item_index("base_pay"), payer_index("county"), 0) for y in range(years)], np.int16)
    return Record(replication, start_year, years, ("东镇",), max_stars, counts, np.ones((1, len(roles.CODES)), bool), cells,
                  np.full(years, 10000, np.int64), (), np.zeros((0, years)))


def test_job_json_says_which_job_in_readable_text_and_is_written_once(tmp_path):
    scenario = load_scenario(QINGXU).with_changes({"policy.stars.award_per_star": 1001})
    job = Job("改革", scenario, 5, 3, 2)
    store = RunStore(tmp_path / "out")  # no folder yet: prepare makes runs/ and the job's folder in it
    store.prepare(job)
    path = tmp_path / "out" / "runs" / job.key / "job.json"
    text = path.read_text(encoding="utf-8")
    described = json.loads(text)
    assert described == {"name": "改革", "scenario": "qingxu", "files": [str(f) for f in scenario.files],
                         "changes": {"policy.stars.award_per_star": 1001}, "scenario_digest": scenario.digest,
                         "seed": 3, "years": 2, "roster": "", "toolkit_version": __version__, "format": 2}
    assert str(QINGXU) in described["files"][0] or described["files"][0].endswith("qingxu.toml")
    # a person reads it: the Chinese as it is, two spaces of indent, keys in alphabetical order, a final newline
    assert '\n  "name": "改革",\n' in text and text.endswith("}\n")
    assert list(described) == sorted(described)
    roster = Roster(heads=pd.DataFrame({"village": ["东村"]}))
    assert Job("改革", scenario, 5, 3, 2, roster).describe()["roster"] == roster_digest(roster) != ""
    path.write_text("kept\n", encoding="utf-8")
    store.prepare(job)  # a second run leaves the folder and its description as they are
    assert path.read_text(encoding="utf-8") == "kept\n"


def test_each_replication_is_stored_under_its_job_key_saying_whose_it_is(tmp_path):
    scenario = load_scenario(QINGXU)
    job = Job("base", scenario, 3, 3, 2)
    store = RunStore(tmp_path)
    assert store.folder(job) == tmp_path / "runs" / job.key
    assert store.path(job, 7) == tmp_path / "runs" / job.key / "rep-000007.npz"
    whose = {"job": job.key, "scenario_digest": model_digest(scenario), "roster": "", "seed": 3, "replication": 1, "years": 2}
    assert identity(job, 1) == whose
    assert store.identity(job, 1) == whose
    assert store.identity(job, 2) == {**whose, "replication": 2}  # the job's part kept once, the replication each time
    store.prepare(job)
    store.save(job, 1, tiny(1))
    assert Record.identity(store.path(job, 1)) == whose
    assert model_digest(scenario) != model_digest(scenario.with_changes({"policy.stars.award_per_star": 1001}))
    assert len(model_digest(scenario)) == 64 and len(job.key) == 20


def test_a_file_that_is_not_that_replication_is_run_again_with_a_warning(tmp_path, capsys):
    scenario = load_scenario(QINGXU)
    job, other_seed = Job("base", scenario, 5, 3, 2), Job("base", scenario, 5, 4, 2)
    store = RunStore(tmp_path)
    store.prepare(job)
    store.save(job, 0, tiny(0))  # replication 0 as it should be
    store.path(job, 1).write_bytes(store.path(job, 0).read_bytes())  # replication 0's file copied over replication 1's
    tiny(0).save(store.path(job, 2), store.identity(job, 2))  # says it is replication 2 but holds replication 0
    tiny(3).save(store.path(job, 3), store.identity(other_seed, 3))  # replication 3 of another seed
    tiny(4, years=3).save(store.path(job, 4), store.identity(job, 4))  # replication 4 over three years, not two
    store.save(job, 5, tiny(5))  # beyond the job's five replications: not read
    found = store.load(job)
    assert list(found) == [0] and found[0].replication == 0 and found[0].years == 2
    warnings = capsys.readouterr().err.splitlines()
    assert warnings == [
        f"warning: {store.path(job, 1)}: is not replication 1 of this run (its replication differ); running it again",
        f"warning: {store.path(job, 2)}: is not replication 2 of this run (its replication differ); running it again",
        f"warning: {store.path(job, 3)}: is not replication 3 of this run (its job, seed differ); running it again",
        f"warning: {store.path(job, 4)}: is not replication 4 of this run (its replication differ); running it again"]
    assert RunStore(tmp_path / "elsewhere").load(job) == {}  # no folder: nothing stored


def test_a_file_of_another_format_is_refused_by_name(tmp_path):
    path = tmp_path / "rep-000000.npz"
    np.savez(path, format=np.array(1), identity=np.array("{}"))
    with pytest.raises(ValueError, match=r"rep-000000.npz: stored with format 1, expected 2$"):
        Record.identity(path)
    with pytest.raises(ValueError, match=r"rep-000000.npz: stored with format 1, expected 2$"):
        Record.load(path)


def test_failures_csv_lists_each_failed_replication_and_goes_when_nothing_failed(tmp_path):
    store = RunStore(tmp_path)
    store.write_failures([Failure("reform", "qingxu", {"b": 2, "a": "一"}, 3, 5, 2, "ValueError: bad, worse (at x.py:1)")])
    raw = (tmp_path / "failures.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel reads the Chinese
    assert raw[len(codecs.BOM_UTF8):].decode("utf-8") == (
        "job,scenario,changes,replication,seed,years,error\n"
        'reform,qingxu,"{""a"": ""一"", ""b"": 2}",3,5,2,"ValueError: bad, worse (at x.py:1)"\n')
    store.write_failures([])
    assert not (tmp_path / "failures.csv").exists()
    store.write_failures([])  # and again, with no file to remove


def test_roster_digest_tells_rosters_apart_and_is_empty_without_one():
    heads = pd.DataFrame({"village": ["东村", "西村"], "stars": [1, 2]})
    assert roster_digest(None) == roster_digest(Roster()) == ""
    digest = roster_digest(Roster(heads=heads))
    assert len(digest) == 64 and digest == roster_digest(Roster(heads=heads.copy()))
    assert digest != roster_digest(Roster(retirees=heads))  # the same rows as former heads are another county
    assert digest != roster_digest(Roster(heads=heads.assign(stars=[1, 3])))
    assert roster_digest(Roster(heads=heads, retirees=heads)) not in (digest, roster_digest(Roster(retirees=heads)))
    scenario = load_scenario(QINGXU)
    assert Job("base", scenario, 1, 3, 2, Roster(heads=heads)).key != Job("base", scenario, 1, 3, 2).key


def test_a_record_sums_by_item_payer_and_public_budgets_in_integer_fen():
    # 2023: base pay 1,000 fen by the county (township 0) and 250 by the village collective (township 1);
    # 2024: a star award of 40 by the township and base pay of 7 by the county
    cells = np.array([(1, item_index("base_pay"), payer_index("county"), 1), (0, item_index("base_pay"), payer_index("village_collective"), 1),
                      (1, item_index("star_award"), payer_index("township"), 0), (0, item_index("base_pay"), payer_index("county"), 0)], np.int16)
    counts = np.zeros((2, 2, len(roles.CODES), 2), np.int32)
    counts[0, 0, 0] = [3, 1]  # 2023: three heads at 0★ and one at 1★ in township 0
    counts[1, 1, 1] = [0, 2]  # 2024: two at 1★ in township 1
    record = Record(0, 2023, 2, ("东镇", "西镇"), 1, counts, np.ones((2, len(roles.CODES)), bool), cells,
                    np.array([7, 250, 40, 1000], np.int64), (), np.zeros((0, 2)))
    by_item = record.cost_by_item()
    assert by_item.dtype == np.int64 and by_item.shape == (2, len(items()))  # every shared item, each year
    assert by_item[0, item_index("base_pay")] == 1250 and by_item[1, item_index("base_pay")] == 7
    assert by_item[1, item_index("star_award")] == 40 and by_item.sum() == 1297
    by_payer = record.cost_by_item_payer()
    assert by_payer[0, item_index("base_pay"), payer_index("village_collective")] == 250 and by_payer.sum() == 1297
    assert list(record.fiscal_fen()) == [1000, 47] and record.fiscal_fen().dtype == np.int64  # a village collective is no public budget
    assert record.total_yuan() == 12.97
    # levels the record lacks count zero: 3★ and 4★ of a scenario rating up to four
    assert record.stars_by_level(5).tolist() == [[3, 1, 0, 0, 0], [0, 2, 0, 0, 0]] and record.stars_by_level(5).dtype == np.int64
    frame = record.costs_frame("yuan")
    assert frame[["year", "item", "payer", "township"]].values.tolist() == [
        [2023, "base_pay", "county", "东镇"], [2023, "base_pay", "village_collective", "西镇"],
        [2024, "base_pay", "county", "西镇"], [2024, "star_award", "township", "东镇"]]
    assert frame["yuan"].tolist() == [10.0, 2.5, 0.07, 0.4]


def test_atomic_write_leaves_an_ordinary_file_or_nothing(tmp_path, monkeypatch):
    import os
    import stat

    ordinary = tmp_path / "ordinary"
    ordinary.write_bytes(b"")
    atomic_write(tmp_path / "kept", b"abc")
    assert (tmp_path / "kept").read_bytes() == b"abc"
    assert stat.S_IMODE((tmp_path / "kept").stat().st_mode) == stat.S_IMODE(ordinary.stat().st_mode)
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: renamed.append((a, b)) or real_replace(a, b))
    atomic_write(tmp_path / "again", b"x")
    assert Path(renamed[0][0]).parent == tmp_path  # written beside its place: a rename within one file system is atomic
    (tmp_path / "folder").mkdir()
    with pytest.raises(OSError):
        atomic_write(tmp_path / "folder", b"x")  # a folder cannot be replaced by a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "folder", "kept", "ordinary"]


def test_pair_keeps_the_replications_both_finished_and_notes_a_scenario_without_stars():
    # replication 1 failed in the base and 2 in the reform: 0 and 3 are paired. The base rates nobody (no stars),
    # the reform rates up to 2 stars, so both get the levels 0–2
    base = [tiny(0, max_stars=0), None, tiny(2, max_stars=0), tiny(3, max_stars=0)]
    reform = [tiny(0), tiny(1), None, tiny(3)]
    c = pair("b", "r", 5, 2, Outcome([], {"base": base, "reform": reform}))
    assert c.replications == [0, 3] and (c.seed, c.years, c.start_year) == (5, 2, 2023)
    assert c.names[-3:] == ["stars:0", "stars:1", "stars:2"] and c.base_values.shape == (2, 2, len(c.names))
    assert c.notes == ["the base has no star rating: its star counts are 0 at every level"]
    assert (c.reform_values[:, :, c.names.index("stars:1")] == 2).all() and c.base_values[:, :, -3:].sum() == 0
    # a scenario with stars where nobody is rated yet is no scenario without stars
    quiet = pair("b", "r", 5, 2, Outcome([], {"base": [tiny(0, rated=False)], "reform": [tiny(0, start_year=2030)]}))
    assert quiet.notes == [] and quiet.start_year == 2023
    unstarred = pair("b", "r", 5, 2, Outcome([], {"base": [tiny(0)], "reform": [tiny(0, max_stars=0)]}))
    assert unstarred.notes == ["the reform has no star rating: its star counts are 0 at every level"]
    failed = Outcome([], {"base": [None, tiny(1)], "reform": [tiny(0), None]})
    with pytest.raises(NothingSucceeded, match="no replication succeeded in both scenarios") as info:
        pair("b", "r", 5, 2, failed)
    assert info.value.outcome is failed  # the failures are reported from it


def hand_comparison() -> Comparison:
    """Two replications, 2023–2024; costs in fen. Differences reform − base: replication 0 +50 yuan then +60 (of which
    fiscal 0 then +20), one head from 0★ to 1★ each year; replication 1 +30 then +100 (fiscal 0, +40), two more at 1★ in 2024."""
    names = ["cost:total", "cost:fiscal", "stars:0", "stars:1"]
    base = np.array([[[10000, 6000, 3, 1], [20000, 10000, 2, 2]],
                     [[30000, 10000, 1, 3], [40000, 20000, 4, 0]]], np.float64)
    reform = np.array([[[15000, 6000, 2, 2], [26000, 12000, 1, 3]],
                       [[33000, 10000, 1, 3], [50000, 24000, 2, 2]]], np.float64)
    return Comparison(None, None, 5, 2, 2023, [0, 1], names, base, reform)


def test_comparison_tables_by_year_and_over_the_horizon_in_yuan():
    c = hand_comparison()
    # a 50 % band of two values a < b runs from a + (b − a)/4 to a + 3(b − a)/4
    table = c.table(0.5)
    assert list(table.columns) == ["year", "metric", "base_mean", "reform_mean", "diff_mean", "diff_low", "diff_high"]
    assert table[["year", "metric"]].values.tolist() == [[2023, "cost:total"], [2023, "cost:fiscal"], [2023, "stars:0"], [2023, "stars:1"],
                                                         [2024, "cost:total"], [2024, "cost:fiscal"], [2024, "stars:0"], [2024, "stars:1"]]
    rows = table.set_index(["year", "metric"])
    # 2023 total: base 100 and 300 yuan (mean 200), reform 150 and 330 (240), differences 50 and 30
    assert tuple(rows.loc[(2023, "cost:total")]) == pytest.approx((200, 240, 40, 35, 45))
    assert tuple(rows.loc[(2024, "cost:fiscal")]) == pytest.approx((150, 180, 30, 25, 35))  # differences 20 and 40 yuan
    assert tuple(rows.loc[(2024, "stars:1")]) == pytest.approx((1, 2.5, 1.5, 1.25, 1.75))  # heads, not divided by 100
    # the horizon: costs summed over 2023–2024 (differences 110 and 130 yuan), heads of the last year (2024)
    horizon = c.horizon(0.5).set_index(["year", "metric"])
    assert list(horizon.index) == [("2023-2024", m) for m in c.names]
    assert tuple(horizon.loc[("2023-2024", "cost:total")]) == pytest.approx((500, 620, 120, 115, 125))
    assert tuple(horizon.loc[("2023-2024", "stars:0")]) == pytest.approx((3, 1.5, -1.5, -1.75, -1.25))  # 2024: 2 and 4 → 1 and 2
    assert tuple(horizon.loc[("2023-2024", "stars:1")]) == pytest.approx((1, 2.5, 1.5, 1.25, 1.75))
    assert c.differences[1, 1].tolist() == [10000, 4000, -2, 2]
    assert (c.base_values[0, 0] == [10000, 6000, 3, 1]).all()  # the horizon sums a copy, not the comparison's values


def test_nonfiscal_cost_is_total_less_fiscal_after_the_fiscal_one():
    c = hand_comparison().with_nonfiscal()
    assert c.names == ["cost:total", "cost:fiscal", "cost:nonfiscal", "stars:0", "stars:1"]
    assert c.base_values[:, :, 2].tolist() == [[4000, 10000], [20000, 20000]]
    assert c.reform_values[:, :, 2].tolist() == [[9000, 14000], [23000, 26000]]
    assert c.base_values[1, 1].tolist() == [40000, 20000, 20000, 4, 0]
    assert hand_comparison().names == ["cost:total", "cost:fiscal", "stars:0", "stars:1"]  # a new comparison


def test_compare_takes_the_bases_run_settings_and_gives_both_the_same_seed():
    calls = []

    def fake(scenario, replication, seed, years, roster=None):
        calls.append((scenario.value("policy.stars.award_per_star"), replication, seed, years, roster is not None))
        return tiny(replication, years)

    base = load_scenario(QINGXU).with_changes({"run.replications": 2, "run.seed": 9, "run.years": 1})
    award = base.value("policy.stars.award_per_star")
    reform = base.with_changes({"policy.stars.award_per_star": award + 500, "run.replications": 3, "run.seed": 1, "run.years": 3})
    c = compare(base, reform, executor="sequential", progress=False, simulate=fake)
    assert sorted(calls) == [(award, 0, 9, 1, False), (award, 1, 9, 1, False), (award + 500, 0, 9, 1, False), (award + 500, 1, 9, 1, False)]
    assert (c.seed, c.years, c.replications) == (9, 1, [0, 1])
    calls.clear()
    roster = Roster(heads=pd.DataFrame({"village": ["东村"]}))
    c = compare(base, reform, reps=1, seed=4, years=2, reform_seed=6, roster=roster, executor="sequential", progress=False,
                simulate=fake)
    assert sorted(calls) == [(award, 0, 4, 2, True), (award + 500, 0, 6, 2, True)]
    assert (c.seed, c.years, c.replications) == (4, 2, [0])


def test_a_stored_file_is_never_unpickled(tmp_path):
    # a file whose identity (or replication) is a pickled object is refused, not unpickled: loading a pickle runs code
    path = tmp_path / "rep-000000.npz"
    np.savez(path, format=np.array(2), identity=np.array('{"job": "x"}', dtype=object))
    with pytest.raises(ValueError, match="allow_pickle"):
        Record.identity(path)
    tiny(0).save(path)
    with np.load(path) as z:
        fields = dict(z)
    np.savez(path, **{**fields, "replication": np.array(0, dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle"):
        Record.load(path)


def test_ctrl_c_just_after_the_rename_stays_a_ctrl_c(tmp_path, monkeypatch):
    # Ctrl-C landing between the rename and the end of atomic_write: the file is whole and in place, and the interrupt
    # reaches the runner as an interrupt (which keeps what is done), not as a failure to remove the temporary file
    import os

    real_replace = os.replace

    def replace_then_interrupt(a, b):
        real_replace(a, b)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "kept", b"abc")
    assert (tmp_path / "kept").read_bytes() == b"abc" and [p.name for p in tmp_path.iterdir()] == ["kept"]


def test_a_store_written_under_another_ledger_vocabulary_is_not_reused(tmp_path, monkeypatch):
    # A record keeps its costs as positions on the ledger's item axis: a shared item added in a later version (a new
    # block's own item) shifts the items after it, so runs stored before must not be read as today's.
    from simtoolkit.ledger import vocabulary

    scenario = load_scenario(QINGXU)
    CALLS.clear()
    run_replications(scenario, 1, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    key = Job("base", scenario, 1, 3, 1).key
    shared = vocabulary.items()
    monkeypatch.setattr(vocabulary, "items", lambda: shared[:3] + (vocabulary.Term("new_item", "新", "New"),) + shared[3:])
    assert Job("base", scenario, 1, 3, 1).key != key
    again = run_replications(scenario, 1, 3, 1, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert CALLS == [(0, 1), (0, 1)] and again.reused == 0

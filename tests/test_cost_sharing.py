"""Cost sharing between payers (issue 18, item 12: "any payment may be split among payers by shares, dated (e.g. county
and township 1:1 for pension contributions; province, city and county 5:3:2 for first secretaries' funds; city and
county 5:5 for pay in weak villages); the ledger keeps each payer's part, and every report's by-payer table shows
it"): ledger/shares.py, rulebook/cost_sharing.py, policy.cost_sharing, scenarios/examples/cost_sharing.toml."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from simtoolkit.ledger import Ledger, item_index, payer_index
from simtoolkit.ledger.shares import Split, weights
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS, refusals

EXAMPLE = SCENARIOS / "examples" / "cost_sharing.toml"
FIRST_SECRETARY_FUNDS = [  # "province, city and county 5:3:2 for first secretaries' funds", from 2024
    {"item": "first_secretary_stipend", "from_year": 2024, "payer": "province", "share": 5},
    {"item": "first_secretary_stipend", "from_year": 2024, "payer": "city", "share": 3},
    {"item": "first_secretary_stipend", "from_year": 2024, "payer": "county", "share": 2},
]


def shared_ledger(rows=FIRST_SECRETARY_FUNDS, months=24) -> Ledger:
    """A ledger of two years from 2023, one township and one role, with the share table `rows`."""
    ledger = Ledger(months=months, townships=1, roles=1, record_persons=True)
    ledger.share(rows, 2023)
    return ledger


def parts(ledger: Ledger, month: int, item: str = "first_secretary_stipend") -> dict[str, int]:
    """Fen booked in a month for an item, by payer (payers with nothing left out)."""
    row = ledger.monthly[month, item_index(item)]
    return {p: int(row[payer_index(p)]) for p in ("province", "city", "county", "township", "sending_unit") if row[payer_index(p)]}


def test_a_5_3_2_split_is_exact_in_fen_with_the_remainder_to_the_first_payer():
    # 100.01 yuan = 10,001 fen at 5:3:2 (weights summing to 10): city ⌊10,001 × 3 / 10⌋ = 3,000, county
    # ⌊10,001 × 2 / 10⌋ = 2,000, the province (written first) the rest, 10,001 − 5,000 = 5,001; the parts sum to 10,001
    ledger = shared_ledger()
    ledger.book(12, "first_secretary_stipend", "sending_unit", 0, 0, [100.01])
    assert parts(ledger, 12) == {"province": 5001, "city": 3000, "county": 2000}
    assert ledger.yearly[1, item_index("first_secretary_stipend")].sum() == 10001


def test_each_person_keeps_each_payers_part():
    # two people, 0.07 and 10 yuan: 7 fen → city ⌊21/10⌋ = 2, county ⌊14/10⌋ = 1, province 4; 1,000 fen → 500/300/200
    ledger = shared_ledger()
    ledger.book(12, "first_secretary_stipend", "county", 0, 0, [0.07, 10.0], person=[4, 9])
    rows = {payer: list(fen) for _, _, payer, _, fen in ledger.persons}
    assert rows == {payer_index("province"): [4, 500], payer_index("city"): [2, 300], payer_index("county"): [1, 200]}
    assert all(list(person) == [4, 9] for *_, person, _ in ledger.persons)


def test_before_its_first_year_an_item_stays_with_the_payer_booked():
    # the table starts in 2024: a payment in 2023 (month 5) is the sending unit's whole; other items are never split
    ledger = shared_ledger()
    ledger.book(5, "first_secretary_stipend", "sending_unit", 0, 0, [100.0])
    ledger.book(14, "base_pay", "county", 0, 0, [100.0])
    assert parts(ledger, 5) == {"sending_unit": 10000}
    assert parts(ledger, 14, "base_pay") == {"county": 10000}


def test_dated_rows_change_the_split_from_their_year():
    # county and township 1:1 from 2023, county alone (1:0) from 2024: 3 yuan in 2023 → 150 fen each; in 2024 all county
    rows = [{"item": "pension_contribution", "from_year": 2023, "payer": "county", "share": 1},
            {"item": "pension_contribution", "from_year": 2023, "payer": "township", "share": 1},
            {"item": "pension_contribution", "from_year": 2024, "payer": "county", "share": 1},
            {"item": "pension_contribution", "from_year": 2024, "payer": "township", "share": 0}]
    ledger = shared_ledger(rows)
    ledger.book(11, "pension_contribution", "county", 0, 0, [3.0])
    ledger.book(23, "pension_contribution", "county", 0, 0, [3.0])
    assert parts(ledger, 11, "pension_contribution") == {"county": 150, "township": 150}
    assert parts(ledger, 23, "pension_contribution") == {"county": 300}


def test_a_payable_is_split_by_the_shares_of_the_month_it_is_paid_and_a_standing_payment_in_each_month():
    # decided in December 2023 (unshared then), paid in February 2024: split 5:3:2 when booked, 1,000 yuan → 500/300/200
    ledger = shared_ledger()
    ledger.schedule(13, "first_secretary_stipend", "county", 0, 0, [1000.0])
    ledger.settle(13)
    assert parts(ledger, 13) == {"province": 50000, "city": 30000, "county": 20000}
    # 10 yuan a month for the 12 months of 2024: each month 500/300/200 fen, the year's view 12 times that
    standing = shared_ledger()
    standing.book_monthly(12, 12, "first_secretary_stipend", "county", 0, 0, [10.0])
    assert all(parts(standing, m) == {"province": 500, "city": 300, "county": 200} for m in range(12, 24))
    assert standing.yearly[1, item_index("first_secretary_stipend"), payer_index("city")].sum() == 12 * 300


def test_a_payer_at_0_gets_no_remainder():
    # county 0, township 1, city 1 from 2023: 1.01 yuan = 101 fen → city ⌊101 / 2⌋ = 50, the township (the first payer
    # above 0) the remaining 51, the county nothing
    rows = [{"item": "base_pay", "from_year": 2023, "payer": p, "share": s} for p, s in (("county", 0), ("township", 1), ("city", 1))]
    ledger = shared_ledger(rows)
    ledger.book(0, "base_pay", "county", 0, 0, [1.01])
    assert parts(ledger, 0, "base_pay") == {"township": 51, "city": 50}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**11), min_size=1, max_size=20), st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
def test_parts_are_exact_and_within_a_fen_of_the_share(fen, shares):
    # whatever the amounts and whole weights: the parts sum to each amount, none is negative, and each payer after the
    # first gets its exact share rounded down (fen × w / total, less than one fen below it)
    shares[0] = max(shares[0], 1)
    fen = np.array(fen, dtype=np.int64)
    split = Split(tuple(range(len(shares))), tuple(shares))
    parts = split.parts(fen)
    total = sum(shares)
    assert [p for p, _ in parts] == [0, *(p for p in range(1, len(shares)) if shares[p] > 0)]  # a payer at 0: no part
    assert np.array_equal(sum(part for _, part in parts), fen) and all((part >= 0).all() for _, part in parts)
    for payer, part in parts[1:]:
        exact = [f * shares[payer] // total for f in fen.tolist()]  # Python integers: no overflow
        assert part.tolist() == exact


def test_huge_weights_do_not_overflow():
    # shares 0.0001 : 999,999.9999 are weights 1 : 9,999,999,999 (total 10**10), and the remainder of 10**10 − 1 fen
    # times the second weight is about 10**20, beyond int64: the second payer gets ⌊10**11 × (10**10 − 1) / 10**10⌋ =
    # 99,999,999,990 and ⌊(10**10 − 1)² / 10**10⌋ = 9,999,999,998; the first the rest, 10 and 1
    fen = np.array([10**11, 10**10 - 1], dtype=np.int64)
    split = Split((0, 1), weights([0.0001, 999_999.9999]))
    (_, first), (_, second) = split.parts(fen)
    assert split.weights == (1, 9_999_999_999)
    assert second.tolist() == [99_999_999_990, 9_999_999_998] and first.tolist() == [10, 1]


def test_a_part_just_below_a_whole_fen_is_not_rounded_up():
    # weights 1 : 10**10 − 1 : 1 (total T = 10**10 + 1) and 5,000,000,001 fen = (T + 1) / 2: the second payer's exact
    # part is ⌊(T + 1)(T − 2) / 2T⌋ = ⌊(T − 1)/2 − 1/T⌋ = 4,999,999,999 — floating point would give 5,000,000,000;
    # the third ⌊5,000,000,001 / T⌋ = 0, the first the rest, 2
    split = Split((0, 1, 2), (1, 10**10 - 1, 1))
    parts = split.parts(np.array([5_000_000_001], dtype=np.int64))
    assert [(p, part.tolist()) for p, part in parts] == [(0, [2]), (1, [4_999_999_999]), (2, [0])]
    assert all(part.dtype == np.int64 for _, part in parts)


def test_an_unknown_item_is_named():
    with pytest.raises(KeyError, match="unknown ledger item 'pension'"):
        shared_ledger().book(0, "pension", "county", 0, 0, [1.0])


def test_shares_become_whole_weights_in_the_same_ratio():
    assert weights([0.5, 0.25]) == (2, 1) and all(type(w) is int for w in weights([0.5, 0.25]))
    assert weights([0, 0]) == (0, 0)  # refused at load; no division by zero here
    assert weights([5, 3, 2]) == (5, 3, 2)
    assert weights([50, 50]) == (1, 1)
    assert weights([0.3333, 0.6667]) == (3333, 6667)  # as written (thirds are 1 : 2, not decimals)
    assert weights([0.123456, 1]) == (247, 2000)  # read to 1/10,000: 0.1235 : 1 = 1,235 : 10,000 = 247 : 2,000


@pytest.fixture(scope="module")
def runs():
    """Qingxu and the example for three years (2023–2025), same seed; person rows kept in the example."""
    base = CountyModel(load_scenario(SCENARIOS / "qingxu.toml", {"run.years": 3}))
    shared = CountyModel(load_scenario(EXAMPLE, {"run.years": 3}), record_persons=True)
    return base.run(), shared.run(), shared


def test_qingxus_pension_contributions_are_half_the_townships_from_2025(runs):
    # The example: "from 2025 the pension contributions ... are paid half by the county and half by the township: 1:1".
    # Qingxu's contribution is 600 yuan a year per head in post (“县财政缴纳”), booked in December: in December 2025
    # each head's 60,000 fen is 30,000 county and 30,000 township; in 2023 and 2024 the county pays all of it.
    base, shared, model = runs
    county, township = payer_index("county"), payer_index("township")
    for item in ("pension_contribution", "pension_star_topup"):
        i = item_index(item)
        before, after = shared.yearly_fen[:2, i].sum(axis=(2, 3)), shared.yearly_fen[2, i].sum(axis=(1, 2))
        assert before[:, township].sum() == 0 and np.array_equal(before[:, county], base.yearly_fen[:2, i, county].sum(axis=(1, 2)))
        # the same money as Qingxu's (sharing changes who pays, not what), half each (even fen: 600 and 50 a star)
        assert after[county] == after[township] == base.yearly_fen[2, i, county].sum() // 2 > 0
    rows = [(payer, fen) for month, item, payer, _, fen in model.ledger.persons
            if month == 35 and item == item_index("pension_contribution")]
    assert {payer for payer, _ in rows} == {county, township}
    assert all(np.all(fen == 30000) for _, fen in rows)


def test_every_by_payer_table_shows_the_townships_part(runs):
    # costs.csv's rows (Result.costs_frame) and the budget report's by-payer sheet both sum the ledger's arrays
    from simtoolkit.budget.projection import project
    base, shared, _ = runs
    costs = shared.costs_frame()
    township = costs[(costs.payer == "township")]
    assert set(township.item) == {"pension_contribution", "pension_star_topup"} and set(township.year) == {2025}
    assert township.fen.sum() == shared.yearly_fen[2, :, payer_index("township")].sum()
    assert costs.fen.sum() == base.costs_frame().fen.sum()
    assert shared.stars_frame().equals(base.stars_frame())  # who pays changes nothing heads are paid, nor their stars
    by_payer = project([shared], [200], 0.9).by_payer
    row = by_payer[(by_payer.year == 2025) & (by_payer.payer == "township")]
    assert len(row) == 1 and row["mean"].iloc[0] * 100 == pytest.approx(township.fen.sum())


@pytest.mark.parametrize("edit, says", [
    (('payer = "township", share = 1 },\n  { item = "pension_star_topup"', 'payer = "townsip", share = 1 },\n  { item = "pension_star_topup"'),
     "policy.cost_sharing.shares[1].payer: expected one of county, township"),
    (('item = "pension_contribution", from_year = 2025, payer = "county"', 'item = "pension_contributions", from_year = 2025, payer = "county"'),
     "policy.cost_sharing.shares[0].item: unknown ledger item 'pension_contributions' (did you mean 'pension_contribution'?)"),
    (('"pension_star_topup", from_year = 2025, payer = "county", share = 1', '"pension_star_topup", from_year = 2025, payer = "county", share = 0'),
     None),
    (('payer = "township", share = 1 },\n  { item = "pension_star_topup"', 'payer = "county", share = 1 },\n  { item = "pension_star_topup"'),
     "policy.cost_sharing.shares[1].payer: county is written twice for pension_contribution from 2025"),
])
def test_bad_share_tables_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    assert edit[0] in EXAMPLE.read_text(encoding="utf-8")
    edits = [edit]
    if says is None:  # both of an item's shares 0: they do not sum positive
        edits.append(('"pension_star_topup", from_year = 2025, payer = "township", share = 1',
                      '"pension_star_topup", from_year = 2025, payer = "township", share = 0'))
        says = "policy.cost_sharing.shares[2].share: the shares of pension_star_topup from 2025 sum to 0"

    def edited(text: str) -> str:
        for e in edits:
            text = text.replace(*e)
        return text
    bad, err = refusals(EXAMPLE, edited, tmp_path, capsys)
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: {says}")

"""The ledger: yuan rounded to fen at booking, two exact views, payables booked in the month paid."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.ledger import Ledger, item_index, payer_index
from simtoolkit.ledger.ledger import to_fen


def make() -> Ledger:
    """A two-year ledger for 2 townships and 3 roles."""
    return Ledger(months=24, townships=2, roles=3)


def test_rounding_at_booking_and_both_views_agree():
    ledger = make()
    # three payments of 1/3 yuan round to 0.33 each: 0.99 yuan, not 1.00
    ledger.book(5, "base_pay", "county", [0, 0, 1], [0, 2, 1], [1 / 3, 1 / 3, 1 / 3])
    i, p = item_index("base_pay"), payer_index("county")
    assert ledger.monthly[5, i, p] == 99
    assert ledger.yearly[0, i, p, 0, 0] == 33 and ledger.yearly[0, i, p, 0, 2] == 33 and ledger.yearly[0, i, p, 1, 1] == 33
    assert ledger.yearly.sum() == ledger.monthly.sum() == 99


def test_scheduled_payment_is_booked_in_the_month_paid():
    ledger = make()
    # decided at the December review (month 11), paid two months later: February of year 2
    ledger.schedule(13, "star_award", "county", [1], [0], [2000.0])
    assert ledger.yearly.sum() == 0
    for month in range(12, 14):
        ledger.settle(month)
    assert ledger.yearly[1, item_index("star_award"), payer_index("county"), 1, 0] == 200000
    assert ledger.yearly[0].sum() == 0


def test_payments_due_after_the_horizon_stay_outstanding():
    ledger = make()
    ledger.schedule(25, "performance_pay", "county", [0], [0], [1500.5])
    ledger.settle(25)
    assert ledger.yearly.sum() == 0 and ledger.outstanding_fen() == 150050


def test_negative_payment_is_refused():
    with pytest.raises(ValueError, match="negative payment"):
        make().book(0, "base_pay", "county", [0], [0], [-1.0])


def test_person_rows_only_when_asked():
    ledger = Ledger(months=12, townships=1, roles=1, record_persons=True)
    ledger.book(0, "base_pay", "county", 0, 0, np.array([10.0, 20.0]), person=np.array([7, 8]))
    month, item, payer, person, fen = ledger.persons[0]
    assert list(person) == [7, 8] and list(fen) == [1000, 2000]
    unrecorded = make()
    unrecorded.book(0, "base_pay", "county", 0, 0, np.array([10.0]), person=np.array([7]))
    assert unrecorded.persons == []  # ids given, but persons not asked for


def test_scheduled_payments_keep_their_persons():
    # an award decided in December for person 7, paid in February: the person row is the month paid
    ledger = Ledger(months=24, townships=1, roles=1, record_persons=True)
    ledger.schedule(13, "star_award", "county", 0, 0, np.array([1000.0]), person=np.array([7]))
    for month in range(24):
        ledger.settle(month)
    assert [(m, list(person), list(fen)) for m, _, _, person, fen in ledger.persons] == [(13, [7], [100000])]


def test_a_standing_monthly_payment_is_the_same_as_booking_each_month():
    # 1,500.50 yuan a month to a head in township 1 (role 0) and 2,000 to one in township 0 (role 2), from
    # March (month 2) to December: 10 months × 3,500.50 = 35,005 yuan in year 1, 3,500.50 in each of months 2..11
    standing, each = Ledger(months=24, townships=2, roles=3, record_persons=True), Ledger(months=24, townships=2, roles=3, record_persons=True)
    standing.book_monthly(2, 10, "base_pay", "county", [1, 0], [0, 2], [1500.5, 2000.0], [7, 8])
    for m in range(2, 12):
        each.book(m, "base_pay", "county", [1, 0], [0, 2], [1500.5, 2000.0], [7, 8])
    i, p = item_index("base_pay"), payer_index("county")
    assert standing.yearly[0, i, p].sum() == 3_500_500 and standing.yearly[0, i, p, 1, 0] == 1_500_500
    assert standing.monthly[2:12, i, p].tolist() == [350_050] * 10 and standing.monthly[:2].sum() == standing.monthly[12:].sum() == 0
    assert np.array_equal(standing.yearly, each.yearly) and np.array_equal(standing.monthly, each.monthly)
    assert [(m, int(f.sum())) for m, _, _, _, f in standing.persons] == [(m, int(f.sum())) for m, _, _, _, f in each.persons]


def test_a_standing_payment_may_not_run_into_the_next_year():
    # November (month 10) for 3 months would reach January of year 2: refused, nothing booked
    ledger = make()
    with pytest.raises(ValueError, match=r"months 10\.\.12 span two years"):
        ledger.book_monthly(10, 3, "base_pay", "county", [0], [0], [100.0])
    assert ledger.monthly.sum() == 0


def test_outstanding_sums_every_payable_of_every_month_after_the_horizon():
    # three payables after a 24-month horizon, two of them due in the same month:
    # 1,000.50 + 200.25 (month 25) + 30.00 (month 30) = 1,230.75 yuan = 123,075 fen; two payers, two items
    ledger = make()
    ledger.schedule(25, "performance_pay", "county", [0], [0], [1000.5])
    ledger.schedule(25, "star_award", "township", [1, 1], [2, 2], [100.0, 100.25])
    ledger.schedule(30, "performance_pay", "county", [0], [1], [30.0])
    ledger.schedule(23, "star_award", "county", [0], [0], [7.0])  # due within the horizon: paid, not outstanding
    ledger.settle(23)
    assert ledger.outstanding_fen() == 123075
    assert ledger.monthly.sum() == 700


def test_the_ledger_holds_integer_fen_in_calendar_years():
    # a 13-month horizon has two calendar years; a payment in month 12 is the second year's (December is month 11)
    ledger = Ledger(months=13, townships=2, roles=2)
    assert ledger.monthly.dtype == np.int64 and ledger.yearly.dtype == np.int64 and ledger.yearly.shape[0] == 2
    ledger.book(12, "base_pay", "county", [0, 1], 1, 2.5)  # one amount for two heads: 250 fen each
    ledger.book(12, "star_award", "county", 1, [0, 1], 1.0)  # one township, two roles: 100 fen each
    assert ledger.yearly[1, item_index("base_pay"), payer_index("county")].tolist() == [[0, 250], [0, 250]]
    assert ledger.yearly[1, item_index("star_award"), payer_index("county")].tolist() == [[0, 0], [100, 100]]
    assert ledger.yearly[0].sum() == 0


def test_amounts_are_rounded_to_the_fen_once_in_double_precision():
    # a float32 amount of 72,965.55 is exactly 72,965.5546875 yuan: 7,296,555 fen (float32 arithmetic would give 7,296,554)
    assert to_fen(np.array([72965.55], np.float32)).tolist() == [7296555] and to_fen(0.005).dtype == np.int64


def test_a_booking_at_the_horizon_stays_outstanding():
    # month 24 is the first month after a 24-month horizon: booked there, the amount is decided but unpaid
    ledger = make()
    ledger.book(24, "star_award", "county", [0], [0], [12.0])
    assert ledger.monthly.sum() == 0 and ledger.outstanding_fen() == 1200


def test_a_standing_payment_stops_at_the_horizon():
    # 100 yuan a month from month 12 for 12 months on an 18-month ledger: months 12..17 only (6 × 100), nothing owed after;
    # one month from December books December alone; from month 24 (after the horizon) nothing at all
    ledger = Ledger(months=18, townships=1, roles=1)
    ledger.book_monthly(12, 12, "base_pay", "county", [0], [0], [100.0])
    ledger.book_monthly(11, 1, "base_pay", "county", [0], [0], [7.0])
    ledger.book_monthly(24, 12, "base_pay", "county", [0], [0], [100.0])
    ledger.book_monthly(18, 6, "base_pay", "county", [0], [0], [100.0])  # from the first month after the horizon
    i, p = item_index("base_pay"), payer_index("county")
    assert ledger.monthly[:, i, p].tolist() == [0] * 11 + [700] + [10000] * 6
    assert ledger.outstanding_fen() == 0


def test_unknown_codes_are_named():
    with pytest.raises(KeyError, match="unknown ledger item 'bonus'"):
        item_index("bonus")
    with pytest.raises(KeyError, match="unknown payer 'bank'"):
        payer_index("bank")

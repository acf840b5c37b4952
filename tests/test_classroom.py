"""The classroom's session (issue 23): a trainee's effort changes only their head and what follows from it (common
random numbers), silent trainees keep the model's best response, what a page shows is what the ledger booked, and a
replay plays the same session again."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.classroom.debrief import path_frame, replay_log
from simtoolkit.classroom.record import paid_in_year
from simtoolkit.classroom.seats import pick_slots
from simtoolkit.classroom.session import Session
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.ui.catalogue import SCENARIO_DIR

YEARS, SEATS, PLAYER = 3, 25, 4


@pytest.fixture(scope="module")
def qingxu():
    return load_scenario(SCENARIO_DIR / "qingxu.toml")


IDLE = 0.1  # a trainee's choice far below any head's best response (the calibrated steady state is about 0.6)


def started(scenario, **kw) -> Session:
    """A session open and started, nobody joined yet."""
    s = Session(scenario, SEATS, years=YEARS, **kw)
    s.open()
    s.start()
    return s


def first_year(scenario, effort: float | None) -> tuple[Session, list[tuple]]:
    """One year with seat PLAYER choosing `effort` (None: everyone silent), and every stream the model asked for."""
    s = started(scenario)
    if effort is not None:
        s.choose(s.seats[PLAYER], effort)
    asked, original = [], s.model.streams.rng
    s.model.streams.rng = lambda *key, **kw: asked.append(key) or original(*key, **kw)
    s.advance()
    return s, asked


def test_a_choice_changes_only_that_heads_effort_and_monthly_scores(qingxu):
    silent, asked_silent = first_year(qingxu, None)
    keen, asked_keen = first_year(qingxu, IDLE)
    slot = keen.seats[PLAYER].slot
    other = np.arange(len(keen.model.world.heads)) != slot
    # the same named streams, in the same order: the trainee's choice adds or removes no draw
    assert asked_keen == asked_silent
    # year 1's effort: the trainee's own choice, everyone else's as in the silent class
    assert keen.seats[PLAYER].periods[0]["effort"] == IDLE
    plain = CountyModel(qingxu, years=YEARS)  # the model's own year-1 effort (after the burn-in: a best response)
    assert silent.seats[PLAYER].periods[0]["effort"] == pytest.approx(float(plain.world.heads.effort[slot]))
    assert silent.seats[PLAYER].periods[0]["effort"] > IDLE + 0.2
    # the monthly scores are the head's own performance plus its own noise: only the trainee's move
    q_silent, q_keen = silent.model.history.quantitative[0], keen.model.history.quantitative[0]
    assert np.array_equal(q_silent[other], q_keen[other])
    assert q_keen[slot] < q_silent[slot]  # little effort against the best response: a lower share of full marks
    assert [m["score"] for m in keen.seats[PLAYER - 1].months] == [m["score"] for m in silent.seats[PLAYER - 1].months]


def test_a_choice_leaves_the_other_heads_annual_scores(qingxu):
    silent, _ = first_year(qingxu, None)
    keen, _ = first_year(qingxu, IDLE)
    other = np.arange(len(keen.model.world.heads)) != keen.seats[PLAYER].slot
    assert np.array_equal(silent.model.history.score[0][other], keen.model.history.score[0][other])


def test_silent_trainees_keep_the_best_response_and_change_nothing(qingxu):
    # a class where nobody chooses runs exactly the model without the trainees' component
    s = started(qingxu)
    while not s.finished:
        s.advance()
    plain = CountyModel(qingxu, years=YEARS, record_persons=True)
    plain.run()
    assert np.array_equal(s.model.ledger.monthly, plain.ledger.monthly)
    assert np.array_equal(s.model.history.stars, plain.history.stars)
    assert np.array_equal(s.model.world.heads.effort, plain.world.heads.effort)
    for seat in s.seats:
        assert all(p["chosen"] is None and p["effort"] == p["best"] for p in seat.periods)


def test_pay_shown_is_what_the_ledger_booked_to_the_head(qingxu):
    s = started(qingxu)
    for k in range(YEARS):
        for i, seat in enumerate(s.seats):
            s.choose(seat, (i * 7 + k * 3) % 11 / 10)
        s.advance()
    h = s.model.history
    for k in range(YEARS):
        # the ledger's person rows of the year, summed per person independently of the session's bookkeeping
        rows = [(p, f) for month, _, _, p, f in s.model.ledger.persons if month // 12 == k]
        person, fen = np.concatenate([p for p, _ in rows]), np.concatenate([f for _, f in rows])
        for seat in s.seats:
            mine = np.isin(person, seat.persons)
            assert round(sum(seat.pay.get(k, {}).values()), 2) == pytest.approx(fen[mine].sum() / 100, abs=0.005)
            assert seat.years[k]["grade"] == h.grade[k, seat.slot] and seat.years[k]["stars"] == h.stars[k, seat.slot]
    assert np.array_equal(paid_in_year(s.model.ledger, 0, h.person[0])[[x.slot for x in s.seats]],
                          [round(100 * sum(x.pay.get(0, {}).values())) for x in s.seats])


def test_a_quarters_choice_acts_from_that_quarter_on(qingxu):
    def year_of_quarters(effort):
        s = started(qingxu)
        s.set_mode("quarter")
        s.advance()
        if effort is not None:
            s.choose(s.seats[PLAYER], effort)
        for _ in range(3):
            s.advance()
        return [m["score"] for m in s.seats[PLAYER].months]

    silent, keen = year_of_quarters(None), year_of_quarters(IDLE)
    assert silent[:3] == keen[:3]  # the first quarter was played before the choice
    assert all(k < q for k, q in zip(keen[3:6], silent[3:6]))  # same noise, a lower performance share in its quarter
    assert silent[6:] == keen[6:]  # a choice holds for its period: silent again, the best response, the same scores


def test_a_replay_plays_the_same_session(qingxu):
    s = started(qingxu)
    s.choose(s.seats[1], 0.9)
    s.set_mode("quarter")
    s.advance()
    s.choose(s.seats[2], 0.1)
    for _ in range(3):
        s.advance()
    s.set_mode("year")
    while not s.finished:
        s.choose(s.seats[3], 0.3)
        s.advance()
    again = started(qingxu, script=replay_log(s)["periods"])
    while not again.finished:
        again.advance()
    assert path_frame(again).equals(path_frame(s))
    assert np.array_equal(again.model.ledger.monthly, s.model.ledger.monthly)


def test_seats_are_heads_spread_over_the_townships(qingxu):
    heads = CountyModel(qingxu, years=1).world.heads
    slots = pick_slots(heads, SEATS)
    assert len(set(slots)) == SEATS
    assert len(set(heads.township[slots])) == len(set(heads.township))  # every township has trainees
    with pytest.raises(ValueError, match="only"):
        pick_slots(heads, len(heads) + 1)


def test_exports_hold_every_seat_and_year(qingxu):
    import io

    import openpyxl

    from simtoolkit.classroom.debrief import csv_bytes, workbook_bytes

    s = started(qingxu)
    s.choose(s.seats[0], 0.8)
    while not s.finished:
        s.advance()
    paths = path_frame(s)
    assert len(paths) == SEATS * YEARS and paths["best_response"].str.len().gt(0).all()
    assert paths.loc[paths["seat"] == 1, "chosen_effort"].tolist() == ["0.80", "", ""]  # chose in year 1, then silent
    data = csv_bytes(paths)
    assert data.startswith("\ufeffseat,trainee,slot,year,chosen_effort,effort,best_response,score,grade,rank".encode("utf-8"))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(s)), read_only=True)
    assert book.sheetnames == ["paths", "months", "county"]
    assert book["months"].max_row == 1 + SEATS * 12 * YEARS and book["county"].max_row == 1 + YEARS

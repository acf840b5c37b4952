"""End to end (issue 23): the trainer's page and 25 trainee pages as separate browser contexts of Debian's headless
Chromium join one class on 127.0.0.1 and play three simulated years with different efforts, some trainees silent.
Each trainee's page must show their own head's grade, stars and pay, equal to the model's record and ledger for that
head; the trainer's debrief lists all 25; no request leaves 127.0.0.1. Screenshots go to docs/img/ with
SIMTOOLKIT_UPDATE_SCREENSHOT=1 (docs/classroom.md), else to a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from browser import ARGS, CHROMIUM, local_only
from simtoolkit.classroom import Background, Session
from simtoolkit.report.vocabulary import grade
from simtoolkit.scenario import load_scenario
from simtoolkit.ui.catalogue import SCENARIO_DIR

DOC_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "img"
SEATS, YEARS, WAIT_MS = 25, 3, 60_000

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (bin/setup-browser)")


def effort_of(seat: int, year: int) -> float | None:
    """A trainee's choice: every fourth trainee stays silent, the others vary by seat and year."""
    return None if seat % 4 == 3 else ((seat * 3 + year * 5) % 11) / 10


def snapshot(page, folder: Path, name: str, full_page: bool = True) -> None:
    """A screenshot for the docs (docs/img/ when asked)."""
    path = (DOC_IMAGES if os.environ.get("SIMTOOLKIT_UPDATE_SCREENSHOT") == "1" else folder) / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)


def ledger_pay(model, slot: int, k: int) -> str:
    """Yuan booked in year index `k` to whoever held the slot up to then, from the ledger's person rows, as the page writes it."""
    ids = np.unique(model.history.person[: k + 1, slot])
    fen = sum(int(f[np.isin(p, ids)].sum()) for month, _, _, p, f in model.ledger.persons if month // 12 == k)
    return f"{fen / 100:,.2f}"


def test_a_class_of_25_plays_three_years(tmp_path):
    from playwright.sync_api import sync_playwright

    session = Session(load_scenario(SCENARIO_DIR / "qingxu.toml"), SEATS, years=YEARS)
    blocked: list[str] = []

    with Background(session) as room, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            def new_page():
                context = browser.new_context(viewport={"width": 1100, "height": 900})
                context.route("**/*", local_only(blocked))
                page = context.new_page()
                page.set_default_timeout(WAIT_MS)
                return page

            trainer = new_page()
            trainer.goto(room.trainer_link())
            trainer.click("#open")
            trainer.wait_for_selector("#phase:has-text('已开放加入')")
            trainees = []
            for i in range(SEATS):
                page = new_page()
                page.goto(room.join_link())
                page.fill("#name", f"学员{i + 1}")
                page.click("#join")
                page.wait_for_url("**/seat/**")
                page.wait_for_selector("#seat-info")
                trainees.append(page)
            trainer.wait_for_selector(f"#joined:has-text('{SEATS}/{SEATS}')")
            trainer.click("#start")
            for k in range(YEARS):
                for i, page in enumerate(trainees):
                    choice = effort_of(i, k)
                    if choice is None:
                        continue
                    page.eval_on_selector("#effort", "(e, v) => { e.value = v; e.dispatchEvent(new Event('input')); }", str(round(100 * choice)))
                    page.click("#confirm")
                    page.wait_for_selector("#choice-text:not(:empty)")
                trainer.click("#next")
                year = session.model.start_year + k
                for page in trainees:
                    page.wait_for_selector(f"#year:has-text('{year}')")
                check_pages(session, trainees, k)
                if k == 0:
                    snapshot(trainer, tmp_path, "classroom-trainer")
                    snapshot(trainees[1], tmp_path, "classroom-trainee")
            trainer.wait_for_selector("#debrief .path >> nth=0")
            assert trainer.locator("#debrief .path").count() == SEATS
            names = trainer.locator("#debrief .path h3").all_inner_texts()
            assert [n.split(" · ")[1] for n in names] == [f"学员{i + 1}" for i in range(SEATS)]
            trainer.evaluate("document.getElementById('debrief').scrollIntoView()")
            snapshot(trainer, tmp_path, "classroom-debrief", full_page=False)  # the debrief's first paths
            first = trainees[0]  # English on request: the same head's grade in English words
            first.click("#language")
            slot = session.seats[0].slot
            first.wait_for_selector(f"#grade:has-text('{grade(int(session.model.history.grade[YEARS - 1, slot]), 'en')}')")
            for i, seat in enumerate(session.seats):  # what each chose is what the model ran, silent ones at the best response
                for k, period in enumerate(seat.periods):
                    want = effort_of(i, k)
                    assert period["effort"] == pytest.approx(period["best"] if want is None else want)
        finally:
            browser.close()
    assert blocked == []


def check_pages(session, trainees, k: int) -> None:
    """Each trainee page's grade, stars and pay of year index `k` equal the model's record and ledger for its head."""
    model = session.model
    for seat, page in zip(session.seats, trainees):
        shown = {name: page.inner_text(f"#{name}") for name in ("grade", "stars", "pay")}
        assert shown == {"grade": grade(int(model.history.grade[k, seat.slot]), "zh"), "stars": str(model.history.stars[k, seat.slot]),
                         "pay": ledger_pay(model, seat.slot, k)}, f"seat {seat.number}, year {k + 1}"

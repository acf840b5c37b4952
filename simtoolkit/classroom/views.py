"""What each page shows, as plain data in the page's language (the pages only lay it out)."""

from __future__ import annotations

from simtoolkit.report.vocabulary import grade, term
from simtoolkit.rules import roles

from .seats import Seat
from .session import Session
from .words import money, percent, word


def period_label(session: Session, lang: str) -> str:
    """The period now open: a year, or a quarter of it."""
    m = min(session.model.month, session.model.horizon - 1)
    year = session.model.start_year + m // 12
    if session.mode == "quarter":
        return word("period_quarter", lang, year=year, q=m % 12 // 3 + 1)
    return word("period_year", lang, year=year)


def common(session: Session, lang: str) -> dict:
    """What every page shows: the phase and the period."""
    return {"version": session.version, "phase": session.phase, "phase_text": word(f"phase_{session.phase}", lang),
            "mode": session.mode, "period": period_label(session, lang), "periods_done": session.period,
            "finished": session.finished, "lang": lang}


def year_rows(seat: Seat, start_year: int, lang: str) -> list[dict]:
    """A seat's completed years: score, grade, rank within the quota, stars, pay and awards by item, events."""
    rows = []
    for y in seat.years:
        paid = seat.pay.get(y["year"] - start_year, {})
        events = [word(k, lang, n=y["negatives"]) for k in ("negatives", "punished", "left") if y[k]]
        rows.append({"year": y["year"], "score": f"{y['score']:.1f}", "grade": grade(y["grade"], lang),
                     "rank": word("rank_of", lang, rank=y["rank"], size=y["group_size"], places=y["excellent_places"]),
                     "stars": str(y["stars"]), "pay": money(sum(paid.values())),
                     "pay_items": [{"item": term(item, lang), "yuan": money(v)} for item, v in sorted(paid.items())],
                     "events": ("、" if lang == "zh" else "; ").join(events) or word("no_events", lang)})
    return rows


def trainee_view(session: Session, seat: Seat, lang: str) -> dict:
    """A trainee's page: their head, this period's choice, the months and years so far."""
    heads, model = session.model.world.heads, session.model
    last = seat.periods[-1] if seat.periods else None
    return common(session, lang) | {
        "seat": seat.number, "name": seat.name,
        "head": {"township": str(model.world.townships.name[heads.township[seat.slot]]), "village": int(heads.village[seat.slot]),
                 "role": roles.label(int(heads.role[seat.slot]), lang)},
        "choice": seat.choice, "choice_text": word("chosen", lang, effort=percent(seat.choice)) if seat.choice is not None else "",
        "suggestion": session.suggestion(seat), "suggestion_text": word("suggestion", lang, effort=percent(session.suggestion(seat))),
        "last": None if last is None else {"effort": percent(last["effort"]), "best": percent(last["best"]),
                                            "silent": last["chosen"] is None},
        "months": [{"month": word("month", lang, m=r["month"] % 12 + 1), "score": f"{r['score']:.1f}",
                    "satisfaction": f"{100 * r['satisfaction']:.1f}%"} for r in seat.months[-12:]],  # the latest year's
        "years": year_rows(seat, model.start_year, lang)}


def seat_row(session: Session, seat: Seat, lang: str) -> dict:
    """A seat on the trainer's page: who sits there, whether they chose, and their head's last year."""
    y = year_rows(seat, session.model.start_year, lang)[-1:] or [{}]
    last = seat.periods[-1] if seat.periods else None
    return {"seat": seat.number, "name": seat.name, "answered": seat.choice is not None,
            "effort": percent(last["effort"]) if last else "—", "best": percent(last["best"]) if last else "—",
            "silent": bool(last and last["chosen"] is None)} | {k: y[0].get(k, "—") for k in ("score", "grade", "rank", "stars", "pay")}


def trainer_view(session: Session, lang: str) -> dict:
    """The trainer's page: the seats, the trainees against the model's heads, stars, cost, and the debrief at the end."""
    from .debrief import debrief_rows

    return common(session, lang) | {
        "code": session.code, "joined": sum(s.joined for s in session.seats), "total": len(session.seats),
        "seats": [seat_row(session, s, lang) for s in session.seats], "county": session.costs,
        "debrief": debrief_rows(session, lang) if session.finished else []}

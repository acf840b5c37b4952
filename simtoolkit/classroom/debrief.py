"""The session's debrief and its exports: each trainee's path, the best responses, how the quota ranked them."""

from __future__ import annotations

import io
import json

import pandas as pd

from simtoolkit.experiments.outputs import csv_bytes
from simtoolkit.report.vocabulary import grade

from .session import Session
from .words import money, percent, word


def path_frame(session: Session) -> pd.DataFrame:
    """One row per seat and year: the efforts chosen and in force, the best response, score, grade, rank, stars, pay."""
    rows, start = [], session.model.start_year
    for s in session.seats:
        for y in s.years:
            periods = [p for p in s.periods if start + p["month"] // 12 == y["year"]]
            rows.append({"seat": s.number, "trainee": s.name, "slot": s.slot, "year": y["year"],
                         "chosen_effort": ";".join("" if p["chosen"] is None else f"{p['chosen']:.2f}" for p in periods),
                         "effort": ";".join(f"{p['effort']:.2f}" for p in periods),
                         "best_response": ";".join(f"{p['best']:.2f}" for p in periods),
                         "score": y["score"], "grade": y["grade"], "rank": y["rank"], "group_size": y["group_size"],
                         "excellent_places": y["excellent_places"], "stars": y["stars"],
                         "pay_yuan": round(sum(s.pay.get(y["year"] - start, {}).values()), 2),
                         "negatives": y["negatives"], "punished": y["punished"], "left": y["left"]})
    return pd.DataFrame(rows)


def debrief_rows(session: Session, lang: str) -> list[dict]:
    """Each seat's path for the trainer's page, in the page's language."""
    frame = path_frame(session)
    out = []
    for s in session.seats:
        mine = frame[frame["seat"] == s.number]
        out.append({"seat": s.number, "name": s.name or "—", "years": [
            {"year": int(r.year), "chosen": " / ".join(percent(float(c)) if c else word("silent", lang) for c in r.chosen_effort.split(";")),
             "best": " / ".join(percent(float(b)) for b in r.best_response.split(";")), "score": f"{r.score:.1f}",
             "grade": grade(int(r.grade), lang), "rank": word("rank_of", lang, rank=r.rank, size=r.group_size, places=r.excellent_places),
             "stars": str(r.stars), "pay": money(r.pay_yuan)} for r in mine.itertuples()]})
    return out


def months_frame(session: Session) -> pd.DataFrame:
    """One row per seat and month: the monthly score and the village's satisfaction."""
    return pd.DataFrame([{"seat": s.number, "year": session.model.start_year + r["month"] // 12, "month": r["month"] % 12 + 1,
                          "score": r["score"], "satisfaction": r["satisfaction"]} for s in session.seats for r in s.months])


def county_frame(session: Session) -> pd.DataFrame:
    """One row per year: the county's cost and the trainees' heads against the model's."""
    rows = []
    for c in session.costs:
        row = {"year": c["year"], "cost_yuan": c["yuan"], "stars": ";".join(map(str, c["stars"]))}
        for who in ("trainees", "model"):
            row |= {f"{who}_{k}": v for k, v in c[who].items()}
        rows.append(row)
    return pd.DataFrame(rows)


def workbook_bytes(session: Session) -> bytes:
    """The session as a workbook: paths, months, county."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        for name, frame in (("paths", path_frame(session)), ("months", months_frame(session)), ("county", county_frame(session))):
            frame.to_excel(book, sheet_name=name, index=False)
    return buffer.getvalue()


__all__ = ["csv_bytes", "debrief_rows", "path_frame", "months_frame", "county_frame", "workbook_bytes", "replay_json"]


def replay_log(session: Session) -> dict:
    """What a replay needs: the scenario, seed, years, seats and every period's choices."""
    return {"scenario": session.source, "seed": session.model.streams.seed, "years": session.model.years,
            "seats": [{"seat": s.number, "slot": s.slot, "name": s.name} for s in session.seats],
            "periods": [{"months": session.period_months[k],
                         "choices": [s.periods[k]["chosen"] for s in session.seats]} for k in range(session.period)]}


def replay_json(session: Session) -> bytes:
    """The replay log as UTF-8 JSON."""
    return (json.dumps(replay_log(session), ensure_ascii=False, indent=1) + "\n").encode("utf-8")

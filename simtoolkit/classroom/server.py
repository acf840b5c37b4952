"""The classroom's web server: one tornado process serving the trainer's and the trainees' pages and their data.

Pages are plain HTML with one small script and stylesheet served from here (no CDN: no request leaves the
machine). Pages long-poll their data: a request waits until the session's version passes the page's, so a
new year reaches every page as soon as it is computed, at the cost of one idle connection per page.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import time
from pathlib import Path

import tornado.web
from tornado.locks import Condition

from . import debrief, views
from .session import Session
from .words import page_words, word

STATIC = Path(__file__).parent / "static"
WAIT_SECONDS = 20  # a long poll returns unchanged after this, so proxies and sleeping laptops do not hold it forever
LANGS = ("zh", "en")
EXPORTS = {"paths.csv": ("text/csv", lambda s: debrief.csv_bytes(debrief.path_frame(s))),
           "months.csv": ("text/csv", lambda s: debrief.csv_bytes(debrief.months_frame(s))),
           "county.csv": ("text/csv", lambda s: debrief.csv_bytes(debrief.county_frame(s))),
           "session.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", debrief.workbook_bytes),
           "replay.json": ("application/json", debrief.replay_json)}


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address (or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Classroom:
    """The session, the address it is served on, who may do what, and the pages waiting for a change."""

    def __init__(self, session: Session, host: str, port: int, guarded: bool | None = None):
        """`guarded` (default: any host but loopback): every page needs the session's code."""
        self.session, self.host, self.port = session, host, port
        self.guarded = not is_loopback(host) if guarded is None else guarded
        self.changed = Condition()
        self.auto_seconds, self.deadline, self._timer = 0, None, None

    @property
    def address(self) -> str:
        """The base address pages are served on."""
        return f"http://{self.host}:{self.port}"

    def join_link(self) -> str:
        """The link trainees open: the join page with the session's code."""
        return f"{self.address}/j/{self.session.code}"

    def trainer_link(self) -> str:
        """The trainer's page with the trainer's token."""
        return f"{self.address}/trainer?t={self.session.trainer_token}"

    def notify(self) -> None:
        """Wake every page waiting for a change."""
        self.changed.notify_all()

    async def wait(self, since: int) -> None:
        """Return when the session's version passes `since`, or after WAIT_SECONDS."""
        end = time.monotonic() + WAIT_SECONDS
        while self.session.version <= since and time.monotonic() < end:
            await self.changed.wait(timeout=end - time.monotonic())

    async def advance(self) -> None:
        """Run the next period off the event loop (pages keep being served), then wake them."""
        await asyncio.get_running_loop().run_in_executor(None, self.session.advance)
        self.schedule()
        self.notify()

    def schedule(self) -> None:
        """Advance by itself after `auto_seconds` while running (0: only by the trainer's click)."""
        if self._timer is not None:
            asyncio.get_running_loop().call_soon(self._timer.cancel)
            self._timer, self.deadline = None, None
        s = self.session
        if self.auto_seconds > 0 and s.phase == "running" and not s.finished:
            loop = asyncio.get_running_loop()
            self.deadline = time.time() + self.auto_seconds
            self._timer = loop.call_later(self.auto_seconds, lambda: asyncio.ensure_future(self.advance()))


class Base(tornado.web.RequestHandler):
    """A handler of the classroom: tokens checked, language picked, JSON out."""

    def initialize(self, room: Classroom):
        self.room = room

    def set_default_headers(self) -> None:
        # pages load nothing from elsewhere, and a browser is told so
        self.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")

    @property
    def lang(self) -> str:
        """The page's language: Chinese unless ?lang=en."""
        lang = self.get_query_argument("lang", "zh")
        return lang if lang in LANGS else "zh"

    def need_session_token(self) -> None:
        """With another host than loopback, the request must carry the session's code (?s=) or be the trainer's."""
        if self.room.guarded and not (self._given("s", self.room.session.code) or self._given("t", self.room.session.trainer_token)):
            raise tornado.web.HTTPError(403, "the session's code is needed (the join link)")

    def need_trainer_token(self) -> None:
        """The trainer's controls and data need the trainer's token (?t=), on any host."""
        if not self._given("t", self.room.session.trainer_token):
            raise tornado.web.HTTPError(403, "the trainer's token is needed (the trainer's link)")

    def _given(self, name: str, secret: str) -> bool:
        """Whether the query carries this secret."""
        return hmac.compare_digest(self.get_query_argument(name, "").upper() if name == "s" else self.get_query_argument(name, ""), secret)

    def body(self) -> dict:
        """The request's JSON body."""
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400, "the body is not JSON") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, "the body is not a JSON object")
        return data

    def send(self, data: dict) -> None:
        """JSON out."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def page(self, kind: str) -> None:
        """The one HTML page, told which page it is."""
        html = (STATIC / "page.html").read_text(encoding="utf-8").replace("{{kind}}", kind).replace("{{lang}}", self.lang)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(html.replace("{{title}}", word("title", self.lang)))

    def since(self) -> int:
        """The version the page already shows."""
        try:
            return int(self.get_query_argument("since", "-1"))
        except ValueError:
            return -1

    def write_error(self, status_code: int, **kwargs) -> None:
        """One line, no traceback."""
        reason = kwargs.get("exc_info", (None, None))[1]
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(getattr(reason, "log_message", None) or self._reason)


class JoinPage(Base):
    """The join form; /j/CODE fills in the code (and is the join link)."""

    def get(self, code: str = "") -> None:
        if self.room.guarded and not hmac.compare_digest(code.upper(), self.room.session.code):
            raise tornado.web.HTTPError(403, "open the join link the trainer shows (address/j/CODE)")
        self.page("join")


class JoinApi(Base):
    """POST {name, code}: a seat and its page's key."""

    def post(self) -> None:
        data = self.body()
        if not hmac.compare_digest(str(data.get("code", "")).strip().upper(), self.room.session.code):
            raise tornado.web.HTTPError(403, "wrong join code")
        seat = self.room.session.join(str(data.get("name", "")))
        if seat is None:
            raise tornado.web.HTTPError(409, "the class is not open or every seat is taken")
        self.room.notify()
        self.send({"seat": seat.number, "page": f"/seat/{seat.key}?s={self.room.session.code}"})


class SeatPage(Base):
    """A trainee's page."""

    def get(self, key: str) -> None:
        self.need_session_token()
        if self.room.session.seat(key) is None:
            raise tornado.web.HTTPError(404, "no such seat")
        self.page("trainee")


class SeatApi(Base):
    """GET: the trainee's data once it changes; POST {effort}: their choice for the period."""

    def seat(self, key: str):
        self.need_session_token()
        seat = self.room.session.seat(key)
        if seat is None:
            raise tornado.web.HTTPError(404, "no such seat")
        return seat

    async def get(self, key: str) -> None:
        seat = self.seat(key)
        await self.room.wait(self.since())
        self.send(views.trainee_view(self.room.session, seat, self.lang) | self.room_view())

    def post(self, key: str) -> None:
        seat = self.seat(key)
        try:
            self.room.session.choose(seat, float(self.body().get("effort")))
        except (TypeError, ValueError) as exc:
            raise tornado.web.HTTPError(400, str(exc)) from None
        self.room.notify()
        self.send({"ok": True})

    def room_view(self) -> dict:
        """What the room adds: the words, the deadline, the address."""
        left = None if self.room.deadline is None else max(0, round(self.room.deadline - time.time()))
        return {"words": page_words(self.lang), "seconds_left": left,
                "address": self.room.address}


class TrainerPage(Base):
    """The trainer's page."""

    def get(self) -> None:
        self.need_trainer_token()
        self.page("trainer")


class TrainerApi(SeatApi):
    """GET: the trainer's data once it changes; POST an action: open, start, pause, next, mode, auto."""

    async def get(self, action: str | None = None) -> None:
        self.need_trainer_token()
        await self.room.wait(self.since())
        self.send(views.trainer_view(self.room.session, self.lang) | self.room_view() |
                  {"join_link": self.room.join_link(), "guarded": self.room.guarded, "auto_seconds": self.room.auto_seconds})

    async def post(self, action: str) -> None:
        self.need_trainer_token()
        s, data = self.room.session, self.body()
        if action == "next":
            await self.room.advance()
        elif action in ("open", "start", "pause"):
            getattr(s, action)()
            self.room.schedule()
        elif action == "mode":
            try:
                s.set_mode(str(data.get("mode")))
            except ValueError as exc:
                raise tornado.web.HTTPError(400, str(exc)) from None
        elif action == "auto":
            self.room.auto_seconds = max(0, int(data.get("seconds", 0) or 0))
            self.room.schedule()
            s.version += 1  # pages show the new deadline
        else:
            raise tornado.web.HTTPError(404, f"unknown action {action!r}")
        self.room.notify()
        self.send({"ok": True, "version": s.version})


class Export(Base):
    """The session's files: paths, months and county as CSV, the workbook, the replay log."""

    def get(self, name: str) -> None:
        self.need_trainer_token()
        if name not in EXPORTS:
            raise tornado.web.HTTPError(404, f"no export {name!r}")
        kind, make = EXPORTS[name]
        self.set_header("Content-Type", kind)
        self.set_header("Content-Disposition", f'attachment; filename="classroom-{name}"')
        self.finish(make(self.room.session))


class Root(Base):
    """The address alone: to the join page."""

    def get(self) -> None:
        self.redirect("/join" + (f"?{self.request.query}" if self.request.query else ""))


def application(room: Classroom) -> tornado.web.Application:
    """The routes of a classroom."""
    arg = {"room": room}
    return tornado.web.Application([
        (r"/", Root, arg), (r"/join", JoinPage, arg), (r"/j/([A-Za-z0-9]+)", JoinPage, arg), (r"/api/join", JoinApi, arg),
        (r"/seat/([A-Za-z0-9_-]+)", SeatPage, arg), (r"/api/seat/([A-Za-z0-9_-]+)", SeatApi, arg),
        (r"/trainer", TrainerPage, arg), (r"/api/trainer", TrainerApi, arg), (r"/api/trainer/([a-z]+)", TrainerApi, arg),
        (r"/export/([a-z]+\.[a-z]+)", Export, arg),
        (r"/static/(classroom\.(?:js|css))", tornado.web.StaticFileHandler, {"path": str(STATIC)}),
    ], compress_response=True)

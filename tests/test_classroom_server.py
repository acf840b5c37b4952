"""The classroom's server and command (issue 23): loopback by default; with another host every page needs the session's
code and the trainer's controls the trainer's token; pages load nothing from elsewhere; bad input is one line and exit 2."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from simtoolkit.classroom import Background, Session, is_loopback
from simtoolkit.classroom.server import STATIC
from simtoolkit.scenario import load_scenario
from simtoolkit.ui.catalogue import SCENARIO_DIR


@pytest.fixture(scope="module")
def session():
    return Session(load_scenario(SCENARIO_DIR / "qingxu.toml"), 3, years=2)


def status(url: str, body: dict | None = None) -> int:
    """The HTTP status of a GET (or a POST with a JSON body)."""
    data = None if body is None else json.dumps(body).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def answer(url: str, body: dict) -> dict:
    """A POST's JSON answer."""
    with urllib.request.urlopen(urllib.request.Request(url, data=json.dumps(body).encode()), timeout=30) as r:
        return json.loads(r.read())


def test_loopback_is_told_from_other_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("classroom.local")


def test_with_another_host_every_page_needs_the_code_and_controls_the_trainer_token(session):
    # served on loopback but guarded as for another host (the test must not listen on the room's network)
    with Background(session, guarded=True) as room:
        base, code, t = room.address, session.code, session.trainer_token
        assert status(f"{base}/join") == 403 and status(f"{base}/j/WRONG1") == 403
        assert status(f"{base}/j/{code}") == 200
        assert status(f"{base}/api/trainer/open?s={code}", {}) == 403  # the code alone is no trainer
        assert status(f"{base}/api/trainer/open?t={t}", {}) == 200
        assert status(f"{base}/api/join", {"name": "x", "code": "WRONG1"}) == 403
        page = answer(f"{base}/api/join", {"name": "李四", "code": code})["page"]
        key = page.split("/")[2].split("?")[0]
        assert status(f"{base}/seat/{key}") == 403 and status(f"{base}/api/seat/{key}?since=999999") == 403
        assert status(f"{base}{page}") == 200
        assert status(f"{base}/api/seat/{key}?s={code}", {"effort": 0.5}) == 200
        assert status(f"{base}/api/seat/{key}?s={code}", {"effort": 1.5}) == 400
        assert status(f"{base}/api/seat/nosuchseat?s={code}", {"effort": 0.5}) == 404
        for path in ("/trainer", "/api/trainer", "/export/paths.csv", "/export/session.xlsx", "/export/replay.json"):
            assert status(f"{base}{path}?s={code}") == 403, path
            assert status(f"{base}{path}?t={t}&since=999999") == 200, path
        assert status(f"{base}/api/trainer/next?s={code}", {}) == 403


def test_on_loopback_pages_are_open_but_controls_still_need_the_trainer(session):
    with Background(session) as room:
        assert not room.guarded
        assert status(f"{room.address}/join") == 200
        assert status(f"{room.address}/trainer") == 403
        assert status(f"{room.address}/api/trainer/pause", {}) == 403


def test_pages_load_nothing_from_elsewhere():
    # every page is page.html with the script and stylesheet served from the package: no address outside them
    for name in ("page.html", "classroom.js", "classroom.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), name
        assert "@import" not in text and "url(" not in text, name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def classroom(*args: str) -> subprocess.CompletedProcess:
    """`simtoolkit classroom` with arguments that must fail before serving."""
    return subprocess.run([sys.executable, "-m", "simtoolkit.cli.main", "classroom", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args, says", [
    (["nosuch.toml"], "nosuch.toml"),
    (["QINGXU", "--seats", "0"], "--seats"),
    (["QINGXU", "--seats", "many"], "--seats"),
    (["QINGXU", "--seats", "100000"], "--seats 100000"),
    (["QINGXU", "--port", "70000"], "--port"),
    (["QINGXU", "--host", "no.such.host.invalid"], "--host"),
    (["QINGXU", "--replay", "nosuch.json"], "--replay"),
])
def test_bad_input_is_one_line_and_exit_2(args, says):
    done = classroom(*[str(SCENARIO_DIR / "qingxu.toml") if a == "QINGXU" else a for a in args])
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith(("error", "simtoolkit: error"))]
    assert len(lines) == 1 and says in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = classroom(str(SCENARIO_DIR / "qingxu.toml"), "--port", str(busy.getsockname()[1]))
    assert done.returncode == 2 and "--port" in done.stderr and "Traceback" not in done.stderr


def test_the_command_listens_on_loopback_only_and_prints_its_links():
    from test_dashboard_browser import listeners

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "simtoolkit.cli.main", "classroom", str(SCENARIO_DIR / "qingxu.toml"),
                               "--port", str(port), "--seats", "2"], stdout=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline() for _ in range(3)]
        assert lines[0].startswith(f"simtoolkit classroom: listening on http://127.0.0.1:{port}/")
        assert re.search(rf"trainer: http://127\.0\.0\.1:{port}/trainer\?t=\S+", lines[1])
        assert re.search(rf"trainees: http://127\.0\.0\.1:{port}/j/([A-Z0-9]{{6}}) \(join code \1\)", lines[2])
        deadline = time.monotonic() + 60
        while not listeners(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert listeners(port) == {f"127.0.0.1:{port}"}
    finally:
        server.terminate()
        server.wait(10)

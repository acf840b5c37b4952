"""`simtoolkit classroom SCENARIO [--seats N] [--host 127.0.0.1] [--port P]`: a training session in the browser, where
each trainee plays a village head while the county's model runs (issue 23)."""

from __future__ import annotations

import argparse
import json
import socket
from pathlib import Path

from simtoolkit.cli.options import RUN_OPTIONS, port_number, scenario_changes, whole_number
from simtoolkit.errors import InputError

DEFAULT_SEATS, DEFAULT_PORT, DEFAULT_HOST = 25, 8700, "127.0.0.1"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("classroom", help="a training session: trainees play village heads in their browsers (127.0.0.1 unless --host)")
    p.add_argument("scenario", help="scenario TOML file (any place or reform)")
    p.add_argument("--seats", type=whole_number(1), default=DEFAULT_SEATS, help=f"trainees' seats (default {DEFAULT_SEATS})")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1; another address makes every page need the session's code)")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--years", type=whole_number(1), help="years the class plays (default: the scenario's run.years)")
    p.add_argument("--seed", type=whole_number(0), help="random seed (default: the scenario's run.seed)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change a parameter (repeatable)")
    p.add_argument("--replay", type=Path, metavar="FILE", help="a session's replay.json: its choices are played again")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check everything, start the session, print the links, serve until Ctrl-C (exit 130)."""
    from simtoolkit.classroom import Classroom, Session, serve
    from simtoolkit.scenario import load_scenario

    script = read_replay(args.replay) if args.replay else None
    given = {"run.years": args.years, "run.seed": args.seed}
    scenario = load_scenario(args.scenario, {**scenario_changes(args.set), **{k: v for k, v in given.items() if v is not None}}, RUN_OPTIONS)
    check_listen(args.host, args.port)
    try:
        session = Session(scenario, args.seats, source=str(args.scenario), script=script)
    except ValueError as exc:
        raise InputError([f"--seats {args.seats}: {exc}"]) from None
    room = Classroom(session, args.host, args.port)
    print(f"simtoolkit classroom: listening on {room.address}/ (Ctrl-C stops)", flush=True)
    print(f"  trainer: {room.trainer_link()}", flush=True)
    print(f"  trainees: {room.join_link()} (join code {session.code})", flush=True)
    try:
        serve(room)
    except KeyboardInterrupt:
        print("simtoolkit classroom: stopped", flush=True)
        return 130
    return 0


def check_listen(host: str, port: int) -> None:
    """Fail at once, naming the option, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InputError([f"--host {host}: not an address of this machine"]) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError([f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); choose another port or host"]) from None


def read_replay(path: Path) -> list[dict]:
    """The periods of a session's replay file."""
    try:
        periods = json.loads(path.read_text(encoding="utf-8"))["periods"]
        assert all(isinstance(p["months"], int) and isinstance(p["choices"], list) for p in periods)
    except FileNotFoundError:
        raise InputError([f"--replay {path}: file not found"]) from None
    except (ValueError, KeyError, TypeError, AssertionError):
        raise InputError([f"--replay {path}: not a classroom replay file (replay.json from the trainer's page)"]) from None
    return periods

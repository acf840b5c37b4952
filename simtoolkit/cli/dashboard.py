"""`simtoolkit dashboard [--port N] [--no-browser]`: serve the dashboard notebook with Voilà on 127.0.0.1 until interrupted."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import simtoolkit
from simtoolkit.cli.options import port_number as _port
from simtoolkit.errors import InputError
from simtoolkit.ui.page import NAME as TEMPLATE, offline_template

NOTEBOOK = Path(simtoolkit.__file__).resolve().parents[1] / "notebooks" / "dashboard.ipynb"
HOST = "127.0.0.1"  # loopback only: the app runs code on this machine for whoever reaches it
DEFAULT_PORT = 8866
CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS = 600, 60  # kernels of closed pages are shut down after 10 idle minutes
STOP_SECONDS = 10


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("dashboard", help="serve the interactive policy dashboard on 127.0.0.1 (Voilà)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.add_argument("--reforms", type=Path, metavar="DIR",
                   help="folder where 'save as reform' writes (default $SIMTOOLKIT_REFORMS or ~/simtoolkit-reforms)")
    p.set_defaults(handler=run)


def voila_command(port: int, open_browser: bool, notebook: Path = NOTEBOOK) -> list[str]:
    """The Voilà command line: loopback only, idle kernels culled, no tracebacks sent to the page."""
    return [sys.executable, "-m", "voila", str(notebook), f"--Voila.ip={HOST}", f"--Voila.port={port}",
            "--Voila.port_retries=0", f"--Voila.open_browser={open_browser}",
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
            f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
            "--VoilaConfiguration.show_tracebacks=False", f"--template={TEMPLATE}"]


def run(args: argparse.Namespace) -> int:
    """Run Voilà in its own process group and stop it cleanly on Ctrl-C (exit 130)."""
    if not NOTEBOOK.is_file():
        raise InputError([f"{NOTEBOOK}: dashboard notebook not found (is simtoolkit installed from its source tree?)"])
    check_free(args.port)
    print(f"simtoolkit dashboard: http://{HOST}:{args.port}/ (Ctrl-C stops)", flush=True)
    # its own session, so Ctrl-C reaches only us and Voilà is stopped in order, without its tracebacks
    pages = tempfile.TemporaryDirectory(prefix="simtoolkit-page-")  # the offline page template, gone when we stop
    env = {**os.environ, **({"SIMTOOLKIT_REFORMS": str(args.reforms.resolve())} if getattr(args, "reforms", None) else {}),
           "JUPYTER_PATH": os.pathsep.join(filter(None, [str(offline_template(Path(pages.name))), os.environ.get("JUPYTER_PATH")]))}
    server = subprocess.Popen(voila_command(args.port, not args.no_browser), start_new_session=True, env=env)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops Voilà too, like Ctrl-C
    try:
        code = server.wait()
    except KeyboardInterrupt:
        stop(server)
        print("simtoolkit dashboard: stopped", file=sys.stderr)
        return 130
    if code != 0:
        raise InputError([f"Voilà exited with code {code} (is port {args.port} on {HOST} already in use?)"])
    return 0


def check_free(port: int) -> None:
    """Fail at once, naming the port, when something already listens on it."""
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            raise InputError([f"--port {port}: {HOST}:{port} is already in use; choose another port"]) from None


def stop(server: subprocess.Popen) -> None:
    """Terminate the server, and kill it if it does not stop in time."""
    server.terminate()
    try:
        server.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _interrupt(signum, frame) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt

"""Classroom latency and memory (issue 23): from the trainer's "next year" to every trainee page showing the new year.

Starts `simtoolkit classroom` (the command itself, in its own process) on a free loopback port, opens the trainer's
page and `--trainees` trainee pages in Debian's headless Chromium (one browser, a context per page, as separate
browsers would be), joins them all, then for each of `--years` years lets every trainee but every fourth choose an
effort on their page and clicks "next year" on the trainer's page. It reports per year (seconds):

- all pages: the click → the last trainee page showing the finished year (the pages are checked one after the other
  after the click; a page already showing it counts at the moment it is checked, so this is an upper bound);
- and the server process's resident memory after the year and its peak (VmHWM, /proc), with its CPU seconds.

Goals (issue 23): under 2 s and under 2 GB on 2 cores. Reported, never asserted.

Usage (from the repository root):
    .venv/bin/python benchmarks/classroom_latency.py [--trainees 25] [--years 5] [--scenario scenarios/qingxu.toml]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args) -> tuple[subprocess.Popen, str, str]:
    """The command in its own process; its trainer and join links from what it prints."""
    server = subprocess.Popen([sys.executable, "-m", "simtoolkit.cli.main", "classroom", args.scenario, "--seats", str(args.trainees),
                               "--years", str(args.years), "--port", str(free_port())],
                              stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    links = {}
    while len(links) < 2:
        line = server.stdout.readline()
        if not line:
            raise SystemExit(f"the classroom did not start (exit {server.wait()})")
        found = re.match(r"\s+(trainer|trainees): (\S+)", line)
        if found:
            links[found[1]] = found[2]
    return server, links["trainer"], links["trainees"]


def memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "qingxu.toml"))
    parser.add_argument("--trainees", type=int, default=25)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    server, trainer_link, join_link = start_server(args)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pages = [browser.new_context().new_page() for _ in range(args.trainees + 1)]
            trainer, trainees = pages[0], pages[1:]
            trainer.goto(trainer_link)
            trainer.click("#open")
            trainer.wait_for_selector("#phase:has-text('已开放加入')")
            for i, page in enumerate(trainees):
                page.goto(join_link)
                page.fill("#name", f"trainee {i + 1}")
                page.click("#join")
                page.wait_for_selector("#seat-info")
            trainer.click("#start")
            start_year = int(re.search(r"\d{4}", trainer.inner_text("#period"))[0])
            for k in range(args.years):
                for i, page in enumerate(trainees):
                    if i % 4 != 3:
                        page.eval_on_selector("#effort", "(e, v) => { e.value = v; }", str((i * 15 + k * 25) % 101))
                        page.click("#confirm")
                        page.wait_for_selector("#choice-text:not(:empty)")
                cpu = cpu_seconds(server.pid)
                started = time.perf_counter()
                trainer.click("#next")
                last = 0.0
                for page in trainees:
                    page.wait_for_selector(f"#year:has-text('{start_year + k}')", timeout=120_000)
                    last = time.perf_counter() - started
                rss, peak = memory(server.pid)
                rows.append((start_year + k, last, rss, peak, cpu_seconds(server.pid) - cpu))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f"# {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} CPUs, load {load_before[0]:.2f} → "
          f"{os.getloadavg()[0]:.2f}; {args.trainees} trainees, {Path(args.scenario).name}")
    print("| year | next → all pages (s) | server RSS (MB) | server peak (MB) | server CPU (s) |\n|---|---|---|---|---|")
    for year, last, rss, peak, cpu in rows:
        print(f"| {year} | {last:.2f} | {rss:.0f} | {peak:.0f} | {cpu:.2f} |")
    print(f"| median | {statistics.median(r[1] for r in rows):.2f} | | max {max(r[3] for r in rows):.0f} | |")


if __name__ == "__main__":
    main()

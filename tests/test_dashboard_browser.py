"""End to end: `simtoolkit dashboard` serves the Voilà app on 127.0.0.1; headless Chromium (Debian's, installed by
bin/setup-browser) moves the star-award slider and waits for the headline the Python API gives for the new award,
opens the inspector, then switches the review off in its section header and waits for the headline of the same
reform as a TOML file, and switches to English, the rebuild's steps counted beside a bar. At load, after the move and in the inspector it takes a screenshot (docs/img/ with
SIMTOOLKIT_UPDATE_SCREENSHOT=1) and checks the page: no English code in the Chinese text, no broken image; the
star-award handle sits inside its slider; no request leaves 127.0.0.1."""

from __future__ import annotations

import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from browser import ARGS, CHROMIUM, local_only

from simtoolkit.experiments.replicate import replicate
from simtoolkit.scenario import load_scenario
from simtoolkit.ui.catalogue import SCENARIO_DIR

# the pictures of docs/dashboard.md; a test run writes them only when asked (SIMTOOLKIT_UPDATE_SCREENSHOT=1), else to a temp folder
DOC_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "img"
WORDS_ALLOWED = {"English"}  # the language switch names the other language in its own words
REPS, YEARS = 6, 5
AWARD = "policy.stars.award_per_star"
START_SECONDS, PAGE_MS, RESULT_MS = 60, 120_000, 90_000


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, server: subprocess.Popen, seconds: float) -> None:
    """Wait until the server accepts connections on 127.0.0.1 (a bare TCP check: a page request starts a kernel)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"simtoolkit dashboard exited with {server.returncode}: {server.stderr.read()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"the dashboard did not listen on 127.0.0.1:{port} within {seconds} s")


SOCKET_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))


def listeners(port: int, tables=SOCKET_TABLES) -> set[str]:
    """Addresses listening on TCP `port`, as "address:port", read from the kernel's socket tables (IPv4 and IPv6).

    Read from /proc rather than `ss`, which may be missing: a check that sees nothing must not pass for one that
    sees only loopback (test_listeners_tell_loopback_from_every_interface shows it telling them apart)."""
    assert tables[0].exists(), f"no {tables[0]}: cannot tell which addresses listen"
    found = set()
    for table in tables:
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)  # 32-bit words in the machine's byte order
                if sys.byteorder == "little":
                    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(f"{ipaddress.ip_address(raw)}:{port}")
    return found


def kernel_hex(address: str) -> str:
    """An address as /proc/net/tcp prints it: each 32-bit word in the machine's byte order, in hex."""
    raw = ipaddress.ip_address(address).packed
    if sys.byteorder == "little":
        raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return raw.hex().upper()


def test_listeners_tell_loopback_from_every_interface(tmp_path):
    # the check the dashboard test makes, on a socket of ours listening on loopback, and on a table written by hand
    # in the kernel's format: port 0x1F90 = 8080 on 127.0.0.1 (IPv4), on every interface (0.0.0.0), on ::1 and on ::
    with socket.socket() as local:
        local.bind(("127.0.0.1", 0))
        local.listen()
        port = local.getsockname()[1]
        assert listeners(port) == {f"127.0.0.1:{port}"}
    assert listeners(port) == set()  # closed: nobody listens any more
    header = "  sl  local_address rem_address   st\n"
    tcp, tcp6 = tmp_path / "tcp", tmp_path / "tcp6"
    tcp.write_text(header + f"   0: {kernel_hex('127.0.0.1')}:1F90 00000000:0000 0A\n   1: {kernel_hex('0.0.0.0')}:1F90 00000000:0000 0A\n"
                   f"   2: {kernel_hex('0.0.0.0')}:1F91 00000000:0000 01\n")  # 8081: connected, not listening
    tcp6.write_text(header + f"   0: {kernel_hex('::1')}:1F90 {'0' * 32}:0000 0A\n   1: {kernel_hex('::')}:1F90 {'0' * 32}:0000 0A\n")
    assert listeners(8080, (tcp, tcp6)) == {"127.0.0.1:8080", "0.0.0.0:8080", "::1:8080", ":::8080"}
    assert listeners(8081, (tcp, tcp6)) == set()


@pytest.fixture()
def server():
    """`simtoolkit dashboard --no-browser` on a free loopback port, always stopped afterwards."""
    port = free_port()
    # one worker: starting a process pool only adds time to a short test (tests/test_dashboard_logic.py checks the pool)
    env = dict(os.environ, SIMTOOLKIT_DASHBOARD_REPS=str(REPS), SIMTOOLKIT_DASHBOARD_YEARS=str(YEARS), SIMTOOLKIT_DASHBOARD_WORKERS="1")
    process = subprocess.Popen([sys.executable, "-m", "simtoolkit.cli.main", "dashboard", "--port", str(port), "--no-browser"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_listening(port, process, START_SECONDS)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)  # the command stops Voilà and its kernels, then exits
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def expected_total(award: float) -> float:
    """Mean total cost over the replications for this award, from the Python API."""
    scenario = load_scenario(SCENARIO_DIR / "qingxu.toml").with_changes({AWARD: award})
    results = replicate(scenario, REPS, scenario.value("run.seed"), YEARS)
    return sum(r.total_yuan() for r in results) / REPS


def reform_total(folder: Path, award: float, disable: list[str]) -> float:
    """Mean total cost of a reform file that `simtoolkit run` would read: the award changed, groups disabled."""
    reform = folder / "reform.toml"
    reform.write_text(f'extends = "{(SCENARIO_DIR / "qingxu.toml").as_posix()}"\ndisable = {disable!r}\n'.replace("'", '"')
                      + f"[policy.stars]\naward_per_star = {award!r}\n", encoding="utf-8")
    scenario = load_scenario(reform)
    results = replicate(scenario, REPS, scenario.value("run.seed"), YEARS)
    return sum(r.total_yuan() for r in results) / REPS


WAIT_FOR_TOTAL = """target => {
    const box = document.querySelector('.simtk-headlines .simtk-final');
    const cell = box && box.querySelector('#simtk-total-cost .simtk-value');
    return cell && Math.abs(parseFloat(cell.dataset.value) - target) < 0.01;
}"""


def wait_for_total(page, target: float) -> None:
    """Wait for the final total-cost headline to equal `target`; on time-out say what the page shows instead."""
    try:
        page.wait_for_function(WAIT_FOR_TOTAL, arg=target, timeout=RESULT_MS)
    except PlaywrightTimeout:
        shown = page.evaluate("(document.querySelector('#simtk-total-cost .simtk-value') || {dataset: {}}).dataset.value")
        status = page.locator(".simtk-status").inner_text()
        raise AssertionError(f"total cost shown {shown}, expected {target:.2f} (status: {status})") from None


def english_words(page) -> set[str]:
    """Latin words of three letters or more in the page's visible text (codes such as secretary_director)."""
    return set(re.findall(r"[A-Za-z_]{3,}", page.inner_text(".simtk-dashboard"))) - WORDS_ALLOWED


def broken_images(page) -> list[str]:
    """Images on the page that did not load."""
    return page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 60))")


def handle_position(slider) -> float:
    """Where a slider's handle sits along its track, 0 (left end) to 1 (right end)."""
    track, handle = slider.locator(".noUi-base").bounding_box(), slider.locator(".noUi-handle").bounding_box()
    return (handle["x"] + handle["width"] / 2 - track["x"]) / track["width"]


def snapshot(page, folder: Path, name: str) -> None:
    """A screenshot of the whole app."""
    path = (DOC_IMAGES if os.environ.get("SIMTOOLKIT_UPDATE_SCREENSHOT") == "1" else folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.querySelector('.simtk-dashboard').scrollHeight")
    page.set_viewport_size({"width": 1700, "height": height + 120})  # the whole app in one picture
    page.evaluate("document.querySelector('.simtk-dashboard').scrollIntoView()")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def check_page(page) -> None:
    """What every state of the Chinese page must satisfy."""
    assert not english_words(page), english_words(page)
    assert not broken_images(page), broken_images(page)


REBUILDING = re.compile(r"rebuilding the controls… (\d+)/(\d+)")
WATCH_STATUS = """() => {
    window.simtkSteps = [];
    const status = () => document.querySelector('.simtk-status');
    const bar = () => document.querySelector('.simtk-progress');
    new MutationObserver(() => {
        if (status() && bar() && getComputedStyle(bar()).visibility === 'visible') window.simtkSteps.push(status().innerText);
    }).observe(document.querySelector('.simtk-dashboard'), {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def switch_to_english(page) -> list[str]:
    """Switch the page to English and wait for its results; the status texts shown beside a visible bar meanwhile."""
    page.evaluate(WATCH_STATUS)
    page.locator(".simtk-language button", has_text="English").click()
    page.wait_for_function("document.querySelector('.simtk-status').innerText.startsWith('updated')", timeout=RESULT_MS)
    return page.evaluate("window.simtkSteps")


def test_slider_moves_headline_to_the_api_value(server, tmp_path):
    port, process = server
    assert listeners(port) == {f"127.0.0.1:{port}"}  # loopback only, and something does listen there
    blocked = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
                                                       args=ARGS, viewport={"width": 1700, "height": 1150})
        try:
            context.route("**/*", local_only(blocked))  # only 127.0.0.1 is reachable from the page
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/", timeout=PAGE_MS)
            page.wait_for_selector(".simtk-headlines .simtk-final", timeout=PAGE_MS)
            check_page(page)
            snapshot(page, tmp_path, "dashboard-load")
            page.locator(".simtk-section-title", has_text="星级评定").first.click()  # open the star-rating section
            slider = page.locator(f".simtk-{AWARD.replace('.', '-')}")
            # the section's widgets are drawn when it opens: wait for the handle (under load it may take a moment)
            slider.locator(".noUi-handle").wait_for(state="visible", timeout=PAGE_MS)
            # Qingxu's 1,000 元/星 on the typical 0–5,000 sits a fifth along, not at an end of 0–100,000
            assert 0.05 < handle_position(slider) < 0.95, handle_position(slider)
            before = float(slider.locator(".widget-readout").inner_text().replace(",", ""))
            slider.locator(".noUi-handle").focus()
            page.keyboard.press("ArrowRight")  # one step up, as a user would with the keyboard
            after = float(slider.locator(".widget-readout").inner_text().replace(",", ""))
            assert after > before
            target = expected_total(after)
            wait_for_total(page, target)
            shown = page.locator("#simtk-total-cost .simtk-value").inner_text()
            assert shown == f"{target / 10_000:,.1f} 万元"
            check_page(page)
            snapshot(page, tmp_path, "dashboard")
            page.get_by_role("tab", name="个体查看").click()
            check_page(page)  # before its first run: nothing broken
            page.locator(".simtk-inspect").click()
            page.wait_for_selector(".simtk-inspector-figure svg", timeout=RESULT_MS)
            check_page(page)
            snapshot(page, tmp_path, "dashboard-inspector")
            page.get_by_role("tab", name="结果").click()
            # switch the review off in its section header: the headline follows to a reform file's value
            page.locator(".simtk-switch-policy-review input").uncheck()
            wait_for_total(page, reform_total(tmp_path, after, ["policy.review"]))
            steps = switch_to_english(page)
            counted = [tuple(map(int, m.groups())) for m in map(REBUILDING.search, steps) if m]
            assert any(0 < done < total for done, total in counted), steps  # the page showed the steps as they came
        finally:
            context.close()
    assert not blocked, blocked  # nothing asked of another address (an icon font from a CDN was)
    process.send_signal(signal.SIGINT)  # Ctrl-C: Voilà stopped, exit 130, no traceback
    assert process.wait(30) == 130
    assert "Traceback" not in process.stderr.read()

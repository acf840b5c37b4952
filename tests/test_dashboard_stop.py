"""Stopping the dashboard is quiet: its pool workers ignore Ctrl-C, so interrupting the kernel's process group
(what stopping the page does) prints no KeyboardInterrupt traceback from each worker."""

from __future__ import annotations

import signal

from simtoolkit.ui.ensemble import process_pool


def test_pool_workers_ignore_ctrl_c():
    pool = process_pool(2)
    try:
        handlers = {pool.submit(signal.getsignal, signal.SIGINT).result(timeout=120) for _ in range(4)}
    finally:
        pool.shutdown()
    assert handlers == {signal.SIG_IGN}

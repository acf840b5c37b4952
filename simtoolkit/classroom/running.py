"""Running a classroom's server: in the foreground for the command, or in a background thread for tests and benchmarks."""

from __future__ import annotations

import asyncio
import threading

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from .server import Classroom, application
from .session import Session


async def _serve(room: Classroom, started: threading.Event | None, stop: asyncio.Event) -> None:
    """Listen on the room's address until `stop` is set."""
    sockets = bind_sockets(room.port, address=room.host)
    room.port = sockets[0].getsockname()[1]  # port 0: any free port, the one given
    server = HTTPServer(application(room))
    server.add_sockets(sockets)
    if started is not None:
        started.set()
    await stop.wait()
    server.stop()


def serve(room: Classroom) -> None:
    """Serve until interrupted (Ctrl-C raises KeyboardInterrupt out of here)."""
    asyncio.run(_serve(room, None, asyncio.Event()))


class Background:
    """A classroom served from a daemon thread on loopback; `stop()` ends it (tests and benchmarks)."""

    def __init__(self, session: Session, host: str = "127.0.0.1", port: int = 0, guarded: bool | None = None):
        self.room = Classroom(session, host, port, guarded)
        self._started, self._loop, self._stop = threading.Event(), None, None
        self._thread = threading.Thread(target=self._run, daemon=True, name="classroom")

    def _run(self) -> None:
        """The thread: its own event loop with the server."""
        async def main():
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            await _serve(self.room, self._started, self._stop)
        asyncio.run(main())

    def __enter__(self) -> Classroom:
        """Start and wait until listening."""
        self._thread.start()
        if not self._started.wait(30):
            raise RuntimeError("the classroom did not start within 30 s")
        return self.room

    def __exit__(self, *exc) -> None:
        """Stop the server and its thread."""
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

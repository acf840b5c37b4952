"""What the browser tests share: Debian's Chromium, its headless flags, and a route that keeps pages on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


def local_only(blocked: list[str]):
    """A route handler: requests to 127.0.0.1 go on, any other is aborted and noted in `blocked`."""
    def keep_local(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    return keep_local

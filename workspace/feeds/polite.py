"""Being a polite reader: robots.txt is asked before any page of a host, and requests to one
host are spaced by a delay (or the host's Crawl-delay, when longer).

robots.txt is fetched with the same limits as a page and kept for a day (in memory and in
SQLite, so a `watch` restarted every few minutes does not ask again). As search engines do:
no robots.txt (4xx) allows everything; a server error or a network failure disallows the host
until the next try, since its rules are unknown.
"""

from __future__ import annotations

import sqlite3
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from workspace import ParallaxError
from workspace.feeds import http
from workspace.store import db as database

ROBOTS_MAX_BYTES = 512 * 1024  # what search engines read of a robots.txt
ROBOTS_MAX_AGE = 24 * 3600.0
MAX_CRAWL_DELAY = 60.0  # a Crawl-delay above this is read as this
AGENT = "parallax"


@dataclass
class Politeness:
    """Per-host delay and robots.txt for one process; `fetch` goes through both."""

    conn: sqlite3.Connection | None = None
    delay: float = 2.0
    respect_robots: bool = True
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, float, str]] = field(
        default_factory=dict
    )

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets Parallax read `url`, and why not when it does not."""
        if not self.respect_robots:
            return True, ""
        host = _host(url)
        parser, _, why = self._rules(url)
        if parser is None:
            return (why == ""), why
        if parser.can_fetch(AGENT, url):
            return True, ""
        return False, f"robots.txt of {host} disallows it"

    def wait(self, url: str) -> None:
        """Sleep until the host's delay has passed since the last request to it."""
        host = _host(url)
        delay = self.delay
        parser = self._robots.get(host, (None, 0.0, ""))[0]
        if parser is not None:
            crawl = parser.crawl_delay(AGENT)
            if crawl:
                delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY))
        last = self._last.get(host)
        if last is not None:
            remaining = last + delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> http.Response:
        """robots.txt first, then the host's delay, then the conditional GET."""
        ok, why = self.allowed(url)
        if not ok:
            raise RobotsRefusal(f"{url}: {why}; not fetched")
        self.wait(url)
        return http.get(url, etag=etag, last_modified=last_modified)

    def _rules(self, url: str) -> tuple[urllib.robotparser.RobotFileParser | None, float, str]:
        host = _host(url)
        cached = self._robots.get(host)
        now = time.time()
        if cached is not None and now - cached[1] < ROBOTS_MAX_AGE:
            return cached
        stored = self._stored(host)
        if stored is not None and now - stored[2] < ROBOTS_MAX_AGE:
            rules = _rules_from(stored[0], stored[1], host)
            self._robots[host] = (rules[0], stored[2], rules[1])
            return self._robots[host]
        parts = urlparse(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self.wait(robots_url)
        try:
            response = http.get(robots_url, max_bytes=ROBOTS_MAX_BYTES)
            body = response.body.decode("utf-8", "replace") if response.status == 200 else ""
            status = response.status
        except ParallaxError as exc:
            # Unknown rules: not now, but ask again on the next run (not stored).
            self._robots[host] = (None, now, f"robots.txt of {host} could not be read ({exc})")
            return self._robots[host]
        self._store(host, body, status, now)
        parser, why = _rules_from(body, status, host)
        self._robots[host] = (parser, now, why)
        return self._robots[host]

    def _stored(self, host: str) -> tuple[str, int, float] | None:
        if self.conn is None:
            return None
        row = self.conn.execute(
            "SELECT body, status, fetched FROM robots WHERE host = ?", (host,)
        ).fetchone()
        return (str(row[0]), int(row[1]), float(row[2])) if row else None

    def _store(self, host: str, body: str, status: int, when: float) -> None:
        conn = self.conn
        if conn is None:
            return

        def write() -> None:
            with database.transaction(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO robots (host, body, status, fetched)"
                    " VALUES (?, ?, ?, ?)",
                    (host, body, status, when),
                )

        database.retry_locked(write)


class RobotsRefusal(ParallaxError):
    """robots.txt does not let Parallax read a URL (or could not be read)."""


def _rules_from(
    body: str, status: int, host: str
) -> tuple[urllib.robotparser.RobotFileParser | None, str]:
    parser = urllib.robotparser.RobotFileParser()
    if status == 200:
        parser.parse(body.splitlines())
        return parser, ""
    if 400 <= status < 500:
        parser.parse([])  # no robots.txt: everything is allowed
        return parser, ""
    return None, f"robots.txt of {host} answered HTTP {status}; the host is left alone for now"


def _host(url: str) -> str:
    parts = urlparse(url)
    return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")

"""A local server for feed tests: pages and feeds that can change between requests, ETag and
Last-Modified with 304 answers, redirects, an endless feed, and a log of what was asked.

Binds 127.0.0.1 only; every response is bounded (the endless feed stops after ~64 MB, which
the client's size limit cuts long before).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""  # for 3xx
    validators: bool = True  # send ETag and Last-Modified, answer 304 when they match


@dataclass
class Site:
    """What the server serves (mutable while it runs) and what it was asked."""

    pages: dict[str, Page | str] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    base: str = ""

    def set_html(self, path: str, title: str, paragraphs: list[str]) -> None:
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        html = (
            f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>\n{body}</article>"
            f"<footer>© 2026 Example Outlet. All rights reserved.</footer></body></html>"
        )
        self.pages[path] = Page(html.encode("utf-8"))

    def requests(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers, _ in self.log if p == path]


def rss(items: list[tuple[str, str, str]], title: str = "Example feed") -> bytes:
    """An RSS 2.0 document of (title, link, pubDate) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "</item>"
        for t, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>{entries}</channel></rss>"
    ).encode()


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.log.append((self.path, dict(self.headers.items()), time.monotonic()))
            page = site.pages.get(self.path)
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page == "endless-feed":
                self._endless()
                return
            if page == "drip":
                self._drip()
                return
            assert isinstance(page, Page)
            if 300 <= page.status < 400:
                self.send_response(page.status)
                self.send_header("Location", page.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            if page.validators and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(page.body)

        def _drip(self) -> None:
            """A byte every 0.1 s for at most 10 s: never idle long enough to time out."""
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            item = b"<item><title>x</title><link>http://127.0.0.1/x</link></item>" * 1000
            try:
                self.wfile.write(b"<?xml version='1.0'?><rss><channel>")
                for _ in range(1000):
                    self.wfile.write(item)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

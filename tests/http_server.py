"""A local HTTP server for tests: pages, errors, slow and endless responses, redirects.

A route may also be a function that writes the whole response itself (drip-fed bodies or
headers); every request's path is appended to `requests` when a list is given.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, str, bytes]  # status, content type, body
Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def serve(
    routes: dict[str, Route | str | Handler], requests: list[str] | None = None
) -> Iterator[str]:
    """Serve `routes` on 127.0.0.1; special values: 'slow', 'endless', 'loop'."""

    class RequestHandler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if requests is not None:
                requests.append(self.path)
            route = routes.get(self.path)
            if callable(route):
                route(self)
                return
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            if route == "slow":
                time.sleep(3)
                self.send_response(200)
                self.end_headers()
                return
            if route == "loop":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.end_headers()
                return
            if route == "endless":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    for _ in range(100_000):
                        self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            assert not isinstance(route, str)
            status, content_type, body = route
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def trickle(events: list[str], *, every: float = 0.2, headers_too: bool = False) -> Handler:
    """A route that sends one byte every `every` seconds (of the body, or of the headers),
    for at most 60 s; appends "client left" to `events` when the client hangs up."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        try:
            if headers_too:
                request.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            else:
                request.send_response(200)
                request.send_header("Content-Type", "text/html")
                request.end_headers()
            for _ in range(int(60 / every)):
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            events.append("client left")

    return handler


def wait_for(events: list[str], what: str, timeout: float = 30) -> bool:
    """Wait (bounded) until `what` appears in `events`."""
    deadline = time.monotonic() + timeout
    while what not in events and time.monotonic() < deadline:
        time.sleep(0.05)
    return what in events

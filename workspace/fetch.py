"""HTTP(S) downloads for articles, the Argos index and models: streamed to a file on disk,
hashed on the way, capped in size and in total time.

A per-read socket timeout alone does not bound a download: a server that sends one byte every
few seconds (or drips its headers) never trips it. A watchdog therefore shuts the connection's
socket down at the overall deadline, whatever phase the download is in, and a download that
stalls (too little data for too long) stops early. Only http:// and https:// are ever opened,
including after redirects.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from workspace import ParallaxError

READ_TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
STALL_SECONDS = 60.0  # a download that gets less than STALL_BYTES in this long stops
STALL_BYTES = 64 * 1024
_CHUNK = 256 * 1024
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
USER_AGENT = "parallax/0.1 (+offline reader)"


@dataclass(frozen=True)
class Downloaded:
    """A finished download: where it is on disk and what the server said about it."""

    path: Path
    size: int
    sha256: str
    url: str  # after redirects
    content_type: str
    charset: str | None


def check_url(url: str) -> str:
    """Refuse anything but an http(s) URL with a host, before any network access."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ParallaxError(f"only http:// and https:// URLs can be fetched (got {url!r})")
    return url


def check_sha256(value: str, option: str = "--sha256") -> str:
    """A SHA-256 checksum is 64 hexadecimal characters; checked before anything is fetched."""
    value = value.strip()
    if not _SHA256.match(value):
        raise ParallaxError(
            f"{option} must be 64 hexadecimal characters (got {len(value)} characters)"
        )
    return value.lower()


def download(
    url: str,
    destination: Path,
    *,
    max_bytes: int,
    deadline_seconds: float,
    read_timeout: float = READ_TIMEOUT_SECONDS,
    expected_sha256: str | None = None,
    check_response: Callable[[str, Message], None] | None = None,
    what: str = "",
) -> Downloaded:
    """GET `url` into `destination` (created, never overwritten); the file is removed on any
    failure. `check_response(content_type, headers)` may refuse a response before its body
    is read; `expected_sha256` is compared with the hash computed while streaming."""
    check_url(url)
    what = what or url
    if expected_sha256 is not None:
        expected_sha256 = check_sha256(expected_sha256)
    watchdog = _Watchdog()
    timer = threading.Timer(deadline_seconds, watchdog.expire)
    timer.daemon = True
    opener = _opener(watchdog)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    timer.start()
    try:
        try:
            with opener.open(request, timeout=min(read_timeout, deadline_seconds)) as response:
                content_type = response.headers.get_content_type()
                if check_response is not None:
                    check_response(content_type, response.headers)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise _too_large(what, max_bytes)
                size, digest = _stream(response, destination, max_bytes, what, watchdog)
                result = Downloaded(destination, size, digest, response.geturl(), content_type,
                                    response.headers.get_content_charset())  # fmt: skip
        except ParallaxError:
            raise
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400 and "not allowed" in str(exc.msg):
                raise ParallaxError(
                    f"{what}: redirects elsewhere than http(s); only http:// and https:// URLs"
                    " can be fetched"
                ) from None
            if 300 <= exc.code < 400:
                raise ParallaxError(f"{what}: too many redirects") from None
            raise ParallaxError(f"{what}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise _network_error(exc, what, watchdog, deadline_seconds, read_timeout) from None
    except BaseException:
        destination.unlink(missing_ok=True)
        raise
    finally:
        timer.cancel()
    if expected_sha256 is not None and result.sha256 != expected_sha256:
        destination.unlink(missing_ok=True)
        raise ParallaxError(
            f"checksum mismatch for {what} (got {result.sha256[:12]}…); nothing installed"
        )
    return result


def _stream(
    response: Any, destination: Path, max_bytes: int, what: str, watchdog: _Watchdog
) -> tuple[int, str]:
    digest = hashlib.sha256()
    total = 0
    window_start, window_bytes = time.monotonic(), 0
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := response.read1(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(what, max_bytes)
            digest.update(chunk)
            try:
                out.write(chunk)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise ParallaxError(f"{what}: the disk is full; download stopped") from None
                raise
            window_bytes += len(chunk)
            now = time.monotonic()
            if now - window_start >= STALL_SECONDS:
                if window_bytes < STALL_BYTES:
                    raise ParallaxError(
                        f"{what}: less than {STALL_BYTES // 1024} KB in {STALL_SECONDS:g} s;"
                        " the server is too slow, stopped"
                    )
                window_start, window_bytes = now, 0
        if watchdog.expired:
            raise ConnectionAbortedError("deadline")
    return total, digest.hexdigest()


def _too_large(what: str, max_bytes: int) -> ParallaxError:
    return ParallaxError(f"{what}: larger than {max_bytes / 2**20:g} MB; stopped")


def _network_error(
    exc: BaseException, what: str, watchdog: _Watchdog, deadline: float, read_timeout: float
) -> ParallaxError:
    if watchdog.expired:
        return ParallaxError(f"{what}: took longer than {deadline:g} s; stopped")
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError):
        return ParallaxError(f"{what}: timed out after {read_timeout:g} s without data")
    if isinstance(exc, ValueError):
        return ParallaxError(f"{what}: not a valid URL ({exc})")
    if isinstance(exc, urllib.error.URLError):
        return ParallaxError(f"{what}: cannot fetch ({reason}); are you offline?")
    return ParallaxError(f"{what}: connection failed ({reason})")


class _Watchdog:
    """Knows every socket a download opened; `expire` shuts them all down (from the timer)."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _tracked(base: type[http.client.HTTPConnection], watchdog: _Watchdog) -> Any:
    class Tracked(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            watchdog.track(self.sock)

    return Tracked


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_tracked(http.client.HTTPConnection, self.watchdog), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        self.ssl_context = ssl.create_default_context()
        super().__init__(context=self.ssl_context)
        self.watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _tracked(http.client.HTTPSConnection, self.watchdog), req, context=self.ssl_context
        )


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)  # never follow a redirect to file:, ftp:, data: ...
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(watchdog: _Watchdog) -> urllib.request.OpenerDirector:
    """Only http(s), proxies from the environment, bounded redirects: no file:, ftp:, data:."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(watchdog),
        _HTTPSHandler(watchdog),
        urllib.request.HTTPDefaultErrorHandler(),
        _LimitedRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener

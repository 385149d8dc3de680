"""Read an article's raw text from a file, an http(s) URL or stdin, with limits.

Local sources must be regular files (a device such as /dev/zero or a FIFO is refused, never
read without end); every read is bounded; URLs are streamed to disk with a size cap, a read
timeout and an overall deadline (`workspace.fetch`).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from workspace import ParallaxError
from workspace.fetch import download
from workspace.ingest.encoding import decode_bytes

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
URL_TIMEOUT_SECONDS = 15.0  # without any data
URL_DEADLINE_SECONDS = 60.0  # for the whole page
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")


@dataclass(frozen=True)
class RawSource:
    """Text as read, before extraction: `is_html` says whether to pull the main text out."""

    text: str
    is_html: bool
    origin: str  # a path, a URL or "stdin"
    url: str = ""


def read_source(source: str) -> RawSource:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        _check_size(len(data), "stdin")
        text = decode_bytes(data, "stdin")
        return RawSource(text, _looks_like_html(text), "stdin")
    if source.startswith(("http://", "https://")):
        return fetch_url(source)
    path = Path(source).expanduser()
    data = read_local_file(path, source)
    text = decode_bytes(data, source)
    is_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or _looks_like_html(text)
    return RawSource(text, is_html, str(path))


def read_local_file(path: Path, source: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is refused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ParallaxError(f"{source}: no such file") from None
    except OSError as exc:
        raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ParallaxError(f"{source} is a directory; name the article files in it")
    _check_regular(info, source)
    _check_size(info.st_size, source, limit)
    try:
        # O_NONBLOCK: if the path became a FIFO since stat(), open() must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(fd), source)
        os.set_blocking(fd, True)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    _check_size(len(data), source, limit)
    return data


def _check_regular(info: os.stat_result, source: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ParallaxError(
            f"{source} is not a regular file (a device, FIFO or socket); save the text to a file"
            " or pipe it in with -"
        )


def _check_size(size: int, source: str, limit: int = MAX_ARTICLE_BYTES) -> None:
    if size > limit:
        raise ParallaxError(f"{source} is larger than {limit // (1024 * 1024)} MB; not an article")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def fetch_url(
    url: str, *, timeout: float = URL_TIMEOUT_SECONDS, deadline: float | None = None
) -> RawSource:
    """GET `url` to a temporary file: bounded size, read timeout and overall deadline, at most
    a few redirects (http(s) only); HTML or plain text only."""

    def check(content_type: str, headers: Message) -> None:
        if content_type not in _HTML_TYPES + _TEXT_TYPES:
            raise ParallaxError(f"{url}: not an HTML or text page ({content_type})")

    with tempfile.TemporaryDirectory(prefix="parallax-fetch-") as tmp:
        got = download(
            url, Path(tmp) / "page", max_bytes=MAX_ARTICLE_BYTES,
            deadline_seconds=URL_DEADLINE_SECONDS if deadline is None else deadline,
            read_timeout=timeout, check_response=check, what=url,
        )  # fmt: skip
        data = got.path.read_bytes()
    text = _decode_response(data, got.charset, url)
    return RawSource(text, got.content_type in _HTML_TYPES, url, url=url)


def _decode_response(data: bytes, charset: str | None, url: str) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, url)

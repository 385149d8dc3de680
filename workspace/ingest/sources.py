"""Read an article's raw text from a file, an http(s) URL or stdin, with limits.

Local sources must be regular files (a device such as /dev/zero or a FIFO is refused, never
read without end); every read is bounded; URLs are streamed to disk with a size cap, a read
timeout and an overall deadline (`workspace.fetch`).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from workspace import ParallaxError
from workspace.ingest.encoding import decode_bytes
from workspace.store.files import read_local_file

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
    data = read_local_file(path, source, MAX_ARTICLE_BYTES)
    text = decode_bytes(data, source)
    is_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or _looks_like_html(text)
    return RawSource(text, is_html, str(path))


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

    from workspace.fetch import download  # ssl and http load only when a URL is fetched

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

"""Read an article's raw text from a file, an http(s) URL or stdin, with limits."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from workspace import ParallaxError
from workspace.ingest.encoding import decode_bytes

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
URL_TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
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
    if not path.exists():
        raise ParallaxError(f"{source}: no such file")
    if path.is_dir():
        raise ParallaxError(f"{source} is a directory; name the article files in it")
    try:
        size = path.stat().st_size
        _check_size(size, source)
        data = path.read_bytes()
    except OSError as exc:
        raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    text = decode_bytes(data, source)
    is_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or _looks_like_html(text)
    return RawSource(text, is_html, str(path))


def _check_size(size: int, source: str) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise ParallaxError(
            f"{source} is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB; not an article"
        )


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch_url(url: str, *, timeout: float = URL_TIMEOUT_SECONDS) -> RawSource:
    """GET `url` with a timeout, a redirect limit and a size limit; HTML or plain text only."""
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "parallax/0.1 (+offline reader)"})
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in _HTML_TYPES + _TEXT_TYPES:
                raise ParallaxError(f"{url}: not an HTML or text page ({content_type})")
            data = _read_limited(response, url)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise ParallaxError(f"{url}: too many redirects") from None
        raise ParallaxError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ParallaxError(f"{url}: cannot fetch ({exc.reason})") from None
    except TimeoutError:
        raise ParallaxError(f"{url}: timed out after {timeout:g} s") from None
    except OSError as exc:
        raise ParallaxError(f"{url}: connection failed ({exc})") from None
    text = _decode_response(data, charset, url)
    return RawSource(text, content_type in _HTML_TYPES, url, url=url)


def _read_limited(response, url: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = response.read(64 * 1024)
        if not chunk:
            break
        total += len(chunk)
        if total > MAX_ARTICLE_BYTES:
            raise ParallaxError(f"{url}: response larger than {MAX_ARTICLE_BYTES // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode_response(data: bytes, charset: str | None, url: str) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, url)

"""Conditional GET for feeds, robots.txt and re-fetched pages, with `add URL`'s limits.

`ingest.sources.fetch_url` reads a page for `add`; a re-fetch needs more of the response than
the text: the status (304 Not Modified, 404/410 Gone), the URL after redirects (an article that
now redirects elsewhere), and the validators (ETag, Last-Modified) for the next request. The
limits are add's: size (MAX_ARTICLE_BYTES), time without data (URL_TIMEOUT_SECONDS), at most
MAX_REDIRECTS redirects, plus an overall deadline so a server that drips bytes cannot hold a
watch loop. Only http(s) is opened, after redirects too.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from workspace import ParallaxError
from workspace.ingest.sources import MAX_ARTICLE_BYTES, URL_TIMEOUT_SECONDS

MAX_REDIRECTS = 5  # as `add URL`
DEADLINE_SECONDS = 60.0  # for the whole response
USER_AGENT = "parallax/0.1 (+offline reader)"


@dataclass(frozen=True)
class Response:
    """What the server said: `status` 200 with a body, 304 (not modified), or an error status
    (`body` empty). `url` is where the response came from after redirects."""

    status: int
    url: str
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str = ""
    last_modified: str = ""
    requested: str = ""  # the URL asked for

    @property
    def redirected(self) -> bool:
        return bool(self.url) and self.url != self.requested


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).scheme not in ("http", "https"):
            raise ParallaxError(f"{req.full_url}: redirects to a non-http(s) URL; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def get(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int = MAX_ARTICLE_BYTES,
    timeout: float = URL_TIMEOUT_SECONDS,
    deadline: float = DEADLINE_SECONDS,
) -> Response:
    """GET `url`, sending the validators of the last response. HTTP errors come back as a
    status (the caller decides what a 404 means); network failures and limits raise
    ParallaxError with one line."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ParallaxError(f"only http:// and https:// URLs can be fetched (got {url!r})")
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers=headers)
    started = time.monotonic()
    try:
        with opener.open(request, timeout=min(timeout, deadline)) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(url, max_bytes)
            body = _read(response, url, max_bytes, started, deadline)
            return Response(
                status=response.status, url=response.geturl(), body=body,
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset(),
                etag=response.headers.get("ETag", "")[:300],
                last_modified=response.headers.get("Last-Modified", "")[:100], requested=url,
            )  # fmt: skip
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return Response(304, exc.url or url, etag=etag, last_modified=last_modified,
                            requested=url)  # fmt: skip
        if 300 <= exc.code < 400 and "not allowed" in str(exc.msg):
            raise ParallaxError(f"{url}: redirects to a non-http(s) URL; not followed") from None
        if 300 <= exc.code < 400:
            raise ParallaxError(f"{url}: too many redirects") from None
        return Response(exc.code, exc.url or url, requested=url)
    except ParallaxError:
        raise
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ParallaxError(f"{url}: timed out after {timeout:g} s without data") from None
        raise ParallaxError(f"{url}: cannot fetch ({exc.reason})") from None
    except TimeoutError:
        raise ParallaxError(f"{url}: timed out after {timeout:g} s without data") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ParallaxError(f"{url}: connection failed ({exc})") from None


def _read(response, url: str, max_bytes: int, started: float, deadline: float) -> bytes:
    chunks, total = [], 0
    while chunk := response.read1(64 * 1024):
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(url, max_bytes)
        if time.monotonic() - started > deadline:
            raise ParallaxError(f"{url}: took longer than {deadline:g} s; stopped")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> ParallaxError:
    return ParallaxError(f"{url}: larger than {max_bytes / 2**20:g} MB; stopped")

"""Re-fetch an article's URL and keep a new version when its main text changed.

The page goes through what `add` does (main text, cleaning, page clutter) and is compared,
beyond white space and typography, with the text last fetched. What is not a new version, and
says why: 304 Not Modified or the same text, 404/410 (the page is gone), a page that now
redirects elsewhere (another path or host), and a paywall or error stub (a page that shrank
to a fraction of the article, or says it is for subscribers only).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np

from workspace import ParallaxError
from workspace.compare.align import Encode
from workspace.feeds import http
from workspace.feeds.polite import Politeness, RobotsRefusal
from workspace.feeds.versiondiff import (
    VersionDiff,
    diff_versions,
    normalise_sentence,
    text_changed,
)
from workspace.feeds.versions import store_new_text
from workspace.ingest.clutter import remove_clutter
from workspace.ingest.encoding import decode_bytes
from workspace.ingest.html import extract_html
from workspace.ingest.text import clean_text
from workspace.ingest.title import clean_page_title
from workspace.store import db as database
from workspace.store.models import Article
from workspace.store.workspace import Workspace, text_hash

STUB_SHARE = 0.35  # a page keeping less than this share of the article's words is a stub
_PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers only|for subscribers|sign in to read"
    r"|already a subscriber|доступ(?:но|ен) только (?:для )?подписчик|оформите подписку"
    r"|чтобы (?:продолжить|читать) (?:чтение|дальше)|подпишитесь, чтобы"
    r"|жазылушыларға ғана|оқу үшін жазылыңыз",
    re.IGNORECASE,
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")

# outcomes
NEW_VERSION, UNCHANGED, GONE, REDIRECTED, STUB, FAILED, SKIPPED = (
    "new version", "unchanged", "gone", "redirected", "stub", "failed", "skipped",
)  # fmt: skip


@dataclass(frozen=True)
class RefreshResult:
    article_id: str
    outcome: str  # one of the outcomes above
    detail: str = ""
    version: int | None = None  # the new current version, for NEW_VERSION
    diff: VersionDiff | None = None


@dataclass(frozen=True)
class PageText:
    title: str
    body: str
    paywall: bool = False  # the page (clutter included) asks for a subscription


def page_text(response: http.Response, outlet: str = "", title_hint: str = "") -> PageText:
    """The article's main text and title from a fetched page, as `add` would store them."""
    if response.content_type not in _HTML_TYPES + _TEXT_TYPES:
        raise ParallaxError(f"{response.url}: not an HTML or text page ({response.content_type})")
    text = _decode(response)
    title, site = "", ""
    if response.content_type in _HTML_TYPES:
        extracted = extract_html(text, response.url)
        text, title, site = extracted.text, extracted.title, extracted.site
    return clean_page(text, title=title, site=site, outlet=outlet, title_hint=title_hint)


def clean_page(
    text: str, *, title: str = "", site: str = "", outlet: str = "", title_hint: str = ""
) -> PageText:
    """A page's text (extracted, or pasted) as `add` keeps it: cleaned, clutter removed."""
    text = clean_text(text)
    page_title = clean_page_title(clean_text(title), site)
    cleaned = remove_clutter(text, title=page_title or title_hint, outlet=outlet)
    # Subscription notices are page clutter, so they are looked for before it is removed.
    return PageText(page_title, cleaned.text, bool(_PAYWALL.search(text)))


def compare_texts(
    old_body: str,
    old_title: str,
    page: PageText,
    language: str,
    *,
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
) -> VersionDiff | None:
    """The diff from the stored text to a fetched one; None when nothing changed beyond
    white space, line breaks, typography and page clutter (no new version then)."""
    new_title = page.title or old_title
    title_changed = normalise_sentence(new_title) != normalise_sentence(old_title)
    if not title_changed and not text_changed(old_body, page.body, language):
        return None
    return diff_versions(
        old_body, page.body, language, old_title=old_title, new_title=new_title,
        encode=encode, reference=reference,
    )  # fmt: skip


def _decode(response: http.Response) -> str:
    if response.charset:
        try:
            return response.body.decode(response.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(response.body, response.url)


def refresh_article(
    ws: Workspace,
    article: Article,
    politeness: Politeness,
    *,
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
) -> RefreshResult:
    """Fetch `article.url` again and store a new version if the main text changed."""
    if not article.url.startswith(("http://", "https://")):
        return RefreshResult(article.id, SKIPPED, "no http(s) URL to fetch again")
    state = _page_state(ws, article)
    same_url = state is not None and state["url"] == article.url
    try:
        response = politeness.fetch(
            article.url,
            etag=str(state["etag"]) if same_url and state else "",
            last_modified=str(state["last_modified"]) if same_url and state else "",
        )
    except RobotsRefusal as exc:
        return RefreshResult(article.id, SKIPPED, str(exc))
    except ParallaxError as exc:
        _record(ws, article, None, "", f"failed: {exc}")
        return RefreshResult(article.id, FAILED, str(exc))
    if response.status == 304:
        _record(ws, article, response, _hash_or(state), "not modified")
        return RefreshResult(article.id, UNCHANGED, "not modified (HTTP 304)")
    if response.status in (404, 410):
        _record(ws, article, response, _hash_or(state), f"gone ({response.status})")
        return RefreshResult(article.id, GONE, f"HTTP {response.status}: the page is gone;"
                             " the last text is kept, no new version")  # fmt: skip
    if response.status != 200:
        _record(ws, article, response, _hash_or(state), f"HTTP {response.status}")
        return RefreshResult(article.id, FAILED, f"HTTP {response.status}; try again later")
    if _elsewhere(article.url, response.url):
        _record(ws, article, None, _hash_or(state), f"redirects to {response.url}")
        return RefreshResult(article.id, REDIRECTED, f"now redirects to {response.url}: another"
                             " page, not a new version of this one")  # fmt: skip
    try:
        page = page_text(response, article.outlet, article.title)
    except ParallaxError as exc:
        _record(ws, article, None, _hash_or(state), f"failed: {exc}")
        return RefreshResult(article.id, FAILED, str(exc))
    stub = stub_reason(article.body, page.body, page.paywall)
    if stub:
        _record(ws, article, None, _hash_or(state), "stub")
        return RefreshResult(article.id, STUB, stub)
    new_hash = text_hash(" ".join([page.title, *page.body.split()]))
    diff = None
    if state is None or state["text_hash"] != new_hash:
        diff = compare_texts(article.body, article.title, page, article.language, encode=encode,
                             reference=reference)  # fmt: skip
    if diff is None:
        _record(ws, article, response, new_hash, "unchanged")
        return RefreshResult(article.id, UNCHANGED, "the main text is the same")
    version = store_new_text(
        ws, article, body=page.body, title=page.title or article.title,
        significant=diff.significant, summary=diff.summary(),
    )  # fmt: skip
    _record(ws, article, response, new_hash, "new version")
    return RefreshResult(article.id, NEW_VERSION, diff.summary(), version, diff)


def stub_reason(old_body: str, new_body: str, paywall: bool = False) -> str:
    """Why a fetched text is a paywall or error stub rather than a version, or ''."""
    old_words, new_words = len(old_body.split()), len(new_body.split())
    if (paywall or _PAYWALL.search(new_body)) and not _PAYWALL.search(old_body):
        return "the page now asks for a subscription (a paywall stub); not a new version"
    if old_words >= 40 and new_words < STUB_SHARE * old_words:
        return (f"the page now has {new_words} words of the article's {old_words} (a stub or an"
                " error page); not a new version")  # fmt: skip
    return ""


def _elsewhere(asked: str, got: str) -> bool:
    """A redirect to another page: a different host (www. aside) or path (a trailing slash
    aside); http→https and tracking parameters are the same page."""
    a, b = urlparse(asked), urlparse(got)
    host_a = (a.hostname or "").removeprefix("www.")
    host_b = (b.hostname or "").removeprefix("www.")
    return host_a != host_b or a.path.rstrip("/") != b.path.rstrip("/")


def _page_state(ws: Workspace, article: Article):
    return ws.db.execute(
        "SELECT url, etag, last_modified, text_hash FROM page_state WHERE article_id = ?",
        (article.id,),
    ).fetchone()


def _hash_or(state) -> str:
    return str(state["text_hash"]) if state is not None else ""


def _record(
    ws: Workspace, article: Article, response: http.Response | None, hashed: str, status: str
) -> None:
    """What the page answered; validators only from a response whose text was taken."""

    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "INSERT INTO page_state (article_id, url, etag, last_modified, text_hash,"
                " checked, status) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(article_id) DO UPDATE SET url = excluded.url,"
                " etag = CASE WHEN ? THEN excluded.etag ELSE page_state.etag END,"
                " last_modified = CASE WHEN ? THEN excluded.last_modified"
                " ELSE page_state.last_modified END,"
                " text_hash = excluded.text_hash, checked = excluded.checked,"
                " status = excluded.status",
                (article.id, article.url, response.etag if response else "",
                 response.last_modified if response else "", hashed, time.time(), status[:300],
                 response is not None, response is not None),
            )  # fmt: skip

    database.retry_locked(write)


def remember_added(ws: Workspace, article: Article) -> None:
    """An article just taken from its page counts as checked now (no re-fetch this pass)."""
    _record(ws, article, None, text_hash(" ".join([article.title, *article.body.split()])),
            "added")  # fmt: skip


def recently_checked(ws: Workspace, article_id: str, seconds: float) -> bool:
    row = ws.db.execute(
        "SELECT checked FROM page_state WHERE article_id = ?", (article_id,)
    ).fetchone()
    return row is not None and row[0] is not None and time.time() - float(row[0]) < seconds

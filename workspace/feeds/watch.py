"""Poll the workspace's feeds, take their new items, and re-fetch recent articles.

One pass (`watch_once`): every feed is asked with a conditional GET (ETag/Last-Modified); a
feed that did not change costs one request. New items (by link, across all feeds: the same
item in two feeds is taken once) are added like `parallax add URL`, into the story that
`choose_story` picks. Then articles added or re-fetched in the last days, and not checked
recently, are fetched again (`refresh_article`): a changed main text becomes a new version.
Every request passes robots.txt and the per-host delay. Events go to a callback as they
happen and only counters are kept, so memory stays flat however many items pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from workspace import ParallaxError
from workspace.feeds.parse import FeedItem, looks_like_feed, normalise_link, parse_feed
from workspace.feeds.polite import Politeness, RobotsRefusal
from workspace.feeds.refresh import (
    NEW_VERSION,
    RefreshResult,
    recently_checked,
    refresh_article,
    remember_added,
)
from workspace.feeds.registry import FeedConfig, load_feeds
from workspace.store import db as database
from workspace.store.workspace import Workspace

MAX_ATTEMPTS = 3  # an item whose page failed this often is left alone


@dataclass(frozen=True)
class WatchEvent:
    kind: str  # feed | item | refresh
    subject: str  # feed URL, item link or article id
    outcome: str
    detail: str = ""


@dataclass
class WatchReport:
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    items_seen: int = 0
    added: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0
    refreshed: int = 0
    new_versions: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # refresh outcome -> how many

    def summary(self) -> str:
        parts = [
            f"{self.feeds} feeds ({self.not_modified} not modified, {self.feed_errors} failed)",
            f"{self.added} new articles of {self.items_seen} items"
            f" ({self.already} already taken, {self.failed} failed, {self.skipped} skipped)",
            f"{self.refreshed} articles re-fetched, {self.new_versions} new versions",
        ]
        return "; ".join(parts)


def choose_story(ws: Workspace, feed: FeedConfig, item: FeedItem) -> str | None:
    """THE PLACE WHERE A NEW ITEM'S STORY IS CHOSEN.

    The feed's story (`feed add --story`), or None: then `add_article` reads the page and
    story grouping (`group.assign.assign_story`) places it with the story of the same event
    or starts one, as for `parallax add` without --story.
    """
    return feed.story or None


def watch_once(
    ws: Workspace,
    politeness: Politeness,
    *,
    recheck_after: float = 3600.0,
    recheck_days: float = 7.0,
    on_event: Callable[[WatchEvent], None] = lambda e: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> WatchReport:
    """One pass over every feed, then over recent articles (see the module docstring)."""
    report = WatchReport()
    known = _known_links(ws)
    for feed in load_feeds(ws):
        if cancelled():
            return report
        report.feeds += 1
        _poll(ws, feed, politeness, report, known, on_event, cancelled)
    if not cancelled():
        refresh_recent(ws, politeness, report, recheck_after, recheck_days, on_event, cancelled)
    return report


def watch(
    ws: Workspace,
    politeness: Politeness,
    *,
    interval: float,
    recheck_after: float = 3600.0,
    recheck_days: float = 7.0,
    on_event: Callable[[WatchEvent], None] = lambda e: None,
    on_pass: Callable[[WatchReport], None] = lambda r: None,
    cancelled: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Pass after pass, `interval` seconds apart, until `cancelled` (or Ctrl-C)."""
    while not cancelled():
        started = time.monotonic()
        on_pass(watch_once(ws, politeness, recheck_after=recheck_after, recheck_days=recheck_days,
                           on_event=on_event, cancelled=cancelled))  # fmt: skip
        remaining = interval - (time.monotonic() - started)
        while remaining > 0 and not cancelled():
            step = min(remaining, 1.0)
            sleep(step)
            remaining -= step


def _poll(
    ws: Workspace,
    feed: FeedConfig,
    politeness: Politeness,
    report: WatchReport,
    known: dict[str, str],
    on_event: Callable[[WatchEvent], None],
    cancelled: Callable[[], bool],
) -> None:
    state = ws.db.execute(
        "SELECT etag, last_modified FROM feed_state WHERE url = ?", (feed.url,)
    ).fetchone()
    try:
        response = politeness.fetch(
            feed.url, etag=state["etag"] if state else "",
            last_modified=state["last_modified"] if state else "",
        )  # fmt: skip
        if response.status == 304:
            report.not_modified += 1
            _feed_state(ws, feed.url, None, "not modified", 0)
            on_event(WatchEvent("feed", feed.url, "not modified"))
            return
        if response.status != 200:
            raise ParallaxError(f"{feed.url}: HTTP {response.status}")
        if not looks_like_feed(response.content_type, response.body):
            raise ParallaxError(f"{feed.url}: not a feed ({response.content_type})")
        parsed = parse_feed(response.body, response.url)
    except ParallaxError as exc:
        report.feed_errors += 1
        _feed_state(ws, feed.url, None, f"failed: {exc}", 0)
        on_event(WatchEvent("feed", feed.url, "failed", str(exc)))
        return
    skipped = ", ".join(f"{n} {why}" for why, n in parsed.skipped.items())
    on_event(WatchEvent("feed", feed.url, f"{len(parsed.items)} items",
                        f"skipped: {skipped}" if skipped else ""))  # fmt: skip
    for item in parsed.items:
        if cancelled():
            break
        report.items_seen += 1
        _take(ws, feed, item, politeness, report, known, on_event)
    # Validators are stored only after the items were handled: a pass killed half-way
    # asks for the whole feed again next time instead of missing its items.
    _feed_state(ws, feed.url, response, "ok", len(parsed.items))


def _take(
    ws: Workspace,
    feed: FeedConfig,
    item: FeedItem,
    politeness: Politeness,
    report: WatchReport,
    known: dict[str, str],
    on_event: Callable[[WatchEvent], None],
) -> None:
    from workspace.ingest.add import add_article

    key = item.key
    row = ws.db.execute(
        "SELECT feed_url, state, attempts, article_id FROM feed_items WHERE key = ?", (key,)
    ).fetchone()
    if row is not None and (row["state"] != "failed" or row["attempts"] >= MAX_ATTEMPTS):
        report.already += 1
        return
    if key in known:
        report.already += 1
        _item_state(ws, feed, item, "added", known[key], "already in the workspace")
        return
    try:
        ok, why = politeness.allowed(item.link)
        if not ok:
            raise RobotsRefusal(f"{item.link}: {why}; not fetched")
        politeness.wait(item.link)
        result = add_article(
            ws, item.link, story=choose_story(ws, feed, item), outlet=feed.outlet,
            language=feed.language, published=item.published or None, url=item.link,
        )  # fmt: skip
    except RobotsRefusal as exc:
        report.skipped += 1
        _item_state(ws, feed, item, "refused", None, str(exc))
        on_event(WatchEvent("item", item.link, "skipped", str(exc)))
        return
    except ParallaxError as exc:
        if "already in the workspace" in str(exc):
            report.already += 1
            _item_state(ws, feed, item, "duplicate", None, str(exc))
            on_event(WatchEvent("item", item.link, "already taken", str(exc)))
            return
        report.failed += 1
        _item_state(ws, feed, item, "failed", None, str(exc))
        on_event(WatchEvent("item", item.link, "failed", str(exc)))
        return
    report.added += 1
    known[key] = result.article.id
    remember_added(ws, result.article)
    _item_state(ws, feed, item, "added", result.article.id, "")
    on_event(WatchEvent("item", item.link, "added",
                        f"{result.article.id} in story {result.article.story}"))  # fmt: skip


def refresh_recent(
    ws: Workspace,
    politeness: Politeness,
    report: WatchReport,
    recheck_after: float,
    recheck_days: float,
    on_event: Callable[[WatchEvent], None],
    cancelled: Callable[[], bool],
) -> None:
    """Fetch again the articles with a URL added in the last `recheck_days` days that were
    not checked in the last `recheck_after` seconds."""
    since = (datetime.now(UTC) - timedelta(days=recheck_days)).isoformat()
    loaded, encode, reference = False, None, None  # the encoder loads for the first re-fetch
    for story in ws.stories():
        for article in ws.articles(story.slug):
            if cancelled():
                return
            if not article.url.startswith(("http://", "https://")):
                continue
            if article.added and article.added < since:
                continue
            if recently_checked(ws, article.id, recheck_after):
                continue
            if not loaded:
                loaded, (encode, reference) = True, diff_encoder(ws)
            result = refresh_article(ws, article, politeness, encode=encode, reference=reference)
            _count(report, result)
            on_event(WatchEvent("refresh", article.id, result.outcome, result.detail))


def diff_encoder(ws: Workspace):
    """The encoder's `encode` and reference vectors for version diffs, or (None, None)."""
    from workspace.embed.sentences import StoryEncoder

    encoder = StoryEncoder.open(ws)
    if not encoder.ready:
        return None, None
    return encoder.encode, encoder.reference()


def _count(report: WatchReport, result: RefreshResult) -> None:
    report.refreshed += 1
    report.counts[result.outcome] = report.counts.get(result.outcome, 0) + 1
    if result.outcome == NEW_VERSION:
        report.new_versions += 1


def _known_links(ws: Workspace) -> dict[str, str]:
    """Links of the articles already in the workspace (added by hand or before a rebuild)."""
    known: dict[str, str] = {}
    for story in ws.stories():
        for article in ws.articles(story.slug):
            if article.url:
                known[normalise_link(article.url)] = article.id
    return known


def _feed_state(ws: Workspace, url: str, response, status: str, items: int) -> None:
    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "INSERT INTO feed_state (url, etag, last_modified, checked, status, items)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
                " etag = CASE WHEN ? THEN excluded.etag ELSE feed_state.etag END,"
                " last_modified = CASE WHEN ? THEN excluded.last_modified"
                " ELSE feed_state.last_modified END,"
                " checked = excluded.checked, status = excluded.status,"
                " items = CASE WHEN ? THEN excluded.items ELSE feed_state.items END",
                (url, response.etag if response else "",
                 response.last_modified if response else "", time.time(), status[:300], items,
                 response is not None, response is not None, response is not None),
            )  # fmt: skip

    database.retry_locked(write)


def _item_state(
    ws: Workspace, feed: FeedConfig, item: FeedItem, state: str, article_id: str | None,
    detail: str,
) -> None:  # fmt: skip
    now = time.time()

    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "INSERT INTO feed_items (key, feed_url, link, title, published, article_id,"
                " state, detail, attempts, first_seen, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(key) DO UPDATE SET"
                " article_id = excluded.article_id, state = excluded.state,"
                " detail = excluded.detail, attempts = feed_items.attempts + 1,"
                " updated = excluded.updated",
                (item.key, feed.url, item.link, item.title, item.published, article_id, state,
                 detail[:500], now, now),
            )  # fmt: skip

    database.retry_locked(write)

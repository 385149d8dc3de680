"""The workspace's feeds: `feeds.toml` next to `parallax.toml`, one `[[feed]]` table each.

A file, not a table: the list is the user's, it survives a rebuild of `parallax.db`, and it
can be edited by hand. What a feed answered last lives in SQLite (`feed_state`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

from workspace import ParallaxError
from workspace.ingest.add import SUPPORTED_LANGUAGES
from workspace.ingest.text import clean_text
from workspace.store.files import read_toml, write_toml
from workspace.store.slugs import check_slug
from workspace.store.workspace import Workspace, now_iso

FEEDS_FILE = "feeds.toml"


@dataclass(frozen=True)
class FeedConfig:
    url: str
    outlet: str
    language: str = "auto"
    story: str = ""  # where new items go; '' lets the story be chosen per item
    added: str = ""


def feeds_path(ws: Workspace) -> Path:
    return ws.root / FEEDS_FILE


def load_feeds(ws: Workspace) -> list[FeedConfig]:
    path = feeds_path(ws)
    if not path.is_file():
        return []
    data = read_toml(path)
    entries = data.get("feed", [])
    if not isinstance(entries, list):
        raise ParallaxError(f"{path}: 'feed' must be a list of [[feed]] tables")
    feeds = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise ParallaxError(f"{path}: feed {number} has no url")
        feeds.append(FeedConfig(
            url=entry["url"], outlet=str(entry.get("outlet", "")),
            language=str(entry.get("language", "auto")), story=str(entry.get("story", "")),
            added=str(entry.get("added", "")),
        ))  # fmt: skip
    return feeds


def _save(ws: Workspace, feeds: list[FeedConfig]) -> None:
    write_toml(feeds_path(ws), {"feed": [{k: v for k, v in asdict(f).items() if v} for f in feeds]})


def check_feed_url(url: str) -> str:
    url = url.strip()
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ParallaxError(f"a feed is an http:// or https:// URL (got {url!r})")
    return url


def add_feed(
    ws: Workspace, url: str, *, outlet: str, language: str = "auto", story: str = ""
) -> FeedConfig:
    """Add a feed to feeds.toml; the same URL twice is refused."""
    url = check_feed_url(url)
    outlet = " ".join(clean_text(outlet).split())
    if not outlet:
        raise ParallaxError("--outlet is needed: the outlet's name, e.g. TASS")
    language = language.lower()
    if language != "auto" and language not in SUPPORTED_LANGUAGES:
        raise ParallaxError(
            f"unknown language {language!r}: use auto or one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    if story:
        check_slug(story)
    feeds = load_feeds(ws)
    if any(f.url == url for f in feeds):
        raise ParallaxError(f"{url} is already a feed of this workspace")
    feed = FeedConfig(url, outlet, language, story, now_iso())
    _save(ws, [*feeds, feed])
    return feed


def remove_feed(ws: Workspace, url: str) -> FeedConfig:
    """Remove a feed (its articles stay)."""
    feeds = load_feeds(ws)
    match = [f for f in feeds if f.url == url.strip()]
    if not match:
        known = ", ".join(f.url for f in feeds) or "none yet"
        raise ParallaxError(f"no feed {url!r} in this workspace (feeds: {known})")
    _save(ws, [f for f in feeds if f.url != url.strip()])
    return match[0]

"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds read with a safe XML parser.

A feed is untrusted XML. defusedxml refuses entity declarations (billion laughs, quadratic
blow-up) and external entities or DTD fetches (XXE) with an exception, which becomes one clear
line; a plain DOCTYPE without entities is allowed (old RSS 0.91 feeds carry one). Items without
a usable link are skipped and counted; items without dates are kept with no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse
from xml.etree.ElementTree import Element, ParseError

from workspace import ParallaxError
from workspace.ingest.text import clean_text

MAX_ITEMS = 1000  # a feed lists its latest items; more than this is not a news feed
_FEED_TYPES = ("xml", "rss", "atom", "rdf")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|from|ref)$", re.I)


@dataclass(frozen=True)
class FeedItem:
    """One entry: `link` is absolute http(s); `key` identifies it across feeds."""

    link: str
    title: str = ""
    published: str = ""  # ISO 8601 when the feed's date could be read, else as written
    guid: str = ""

    @property
    def key(self) -> str:
        return normalise_link(self.link)


@dataclass(frozen=True)
class Feed:
    kind: str  # rss | atom | rdf
    title: str
    items: list[FeedItem]
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> how many items


def normalise_link(url: str) -> str:
    """The same article under one key: no fragment, no tracking parameters, lower-case host."""
    parts = urlparse(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    return urlunparse(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", "", query, "")
    )


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """A feed's content type, or XML that opens like a feed (some servers say text/html)."""
    if any(kind in content_type for kind in _FEED_TYPES):
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def parse_feed(data: bytes, url: str = "") -> Feed:
    """Items of an RSS or Atom document; ParallaxError for anything else or anything hostile."""
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException

    where = url or "the feed"
    try:
        # forbid_dtd=False: a bare DOCTYPE is harmless; entities and external references are
        # still refused (forbid_entities, forbid_external default to True).
        root = safe_tree.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise ParallaxError(
            f"{where}: refused an unsafe feed ({type(exc).__name__}: entity declarations and"
            " external references are not read)"
        ) from None
    except ParseError as exc:
        raise ParallaxError(f"{where}: not a readable XML feed ({exc})") from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise ParallaxError(f"{where}: an RSS document without a <channel>")
        return _read(channel, _children(channel, "item"), "rss", url)
    if kind == "feed":
        return _read(root, _children(root, "entry"), "atom", url)
    if kind == "RDF":
        channel = _child(root, "channel")
        return _read(channel if channel is not None else root, _children(root, "item"), "rdf", url)
    raise ParallaxError(f"{where}: not an RSS or Atom feed (the document is <{kind}>)")


def _read(head: Element, entries: list[Element], kind: str, url: str) -> Feed:
    items: list[FeedItem] = []
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    for entry in entries:
        if len(items) >= MAX_ITEMS:
            skipped["over the item limit"] = skipped.get("over the item limit", 0) + 1
            continue
        link = _entry_link(entry, kind, url)
        if not link:
            skipped["no http(s) link"] = skipped.get("no http(s) link", 0) + 1
            continue
        item = FeedItem(
            link=link,
            title=_one_line(_text(entry, "title")),
            published=_date(_first_text(entry, "pubDate", "published", "updated", "date")),
            guid=_one_line(_first_text(entry, "guid", "id"))[:500],
        )
        if item.key in seen:
            skipped["listed twice"] = skipped.get("listed twice", 0) + 1
            continue
        seen.add(item.key)
        items.append(item)
    return Feed(kind, _one_line(_text(head, "title")), items, skipped)


def _entry_link(entry: Element, kind: str, base: str) -> str:
    candidates: list[str] = []
    for link in _children(entry, "link"):
        href = link.get("href")
        if href is not None:  # Atom: rel="alternate" (or none) is the page
            if link.get("rel", "alternate") == "alternate":
                candidates.insert(0, href)
            continue
        candidates.append(link.text or "")
    guid = _child(entry, "guid")
    if guid is not None and guid.get("isPermaLink", "true").lower() == "true":
        candidates.append(guid.text or "")
    if kind == "atom":
        candidates.append(_text(entry, "id"))
    for candidate in candidates:
        absolute = urljoin(base, clean_text(candidate).strip()) if candidate.strip() else ""
        parts = urlparse(absolute)
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
    return ""


def _date(raw: str) -> str:
    """RFC 822 (RSS) or ISO 8601 (Atom) as ISO 8601 in UTC; unreadable dates as written."""
    raw = _one_line(raw)
    if not raw:
        return ""
    parsed: datetime | None = None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return raw[:64]
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if _local(child.tag) == name]


def _child(parent: Element, name: str) -> Element | None:
    return next((child for child in parent if _local(child.tag) == name), None)


def _text(parent: Element, name: str) -> str:
    child = _child(parent, name)
    return "".join(child.itertext()) if child is not None else ""


def _first_text(parent: Element, *names: str) -> str:
    for name in names:
        value = _text(parent, name)
        if value.strip():
            return value
    return ""


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())[:500]

"""What changed in a story since the user last looked, and whether each edit moved an outlet
toward the other outlets or away from them.

The "last seen" mark is a time per story (SQLite `seen_marks`). For each article, the text it
had at the mark is diffed with its current text (one diff however many versions came
between). A fact that changed is looked up in the story's other articles, in any language:
a corrected number that the other outlets report moved the outlet *toward* them; a number
the others report that an edit replaced moved it *away*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from workspace.compare.align import Encode
from workspace.compare.evidence import name_key
from workspace.compare.text import normalise_number
from workspace.feeds.facts import Fact, FactChange, quote_key, sentence_facts
from workspace.feeds.versiondiff import VersionDiff, diff_versions, sentences_of
from workspace.feeds.versions import Version, list_versions
from workspace.store import db as database
from workspace.store.models import Article
from workspace.store.workspace import Workspace

TOWARD, AWAY, NEITHER = "toward", "away", "neither"


@dataclass(frozen=True)
class Movement:
    """One fact change read against the other outlets of the story."""

    fact: FactChange
    direction: str  # toward | away | neither
    with_old: tuple[str, ...]  # outlets reporting the old value
    with_new: tuple[str, ...]  # outlets reporting the new value

    @property
    def description(self) -> str:
        if self.direction == TOWARD:
            return f"now agrees with {', '.join(self.with_new)}"
        if self.direction == AWAY:
            return f"no longer agrees with {', '.join(self.with_old)}"
        if self.with_old and self.with_new:
            return "other outlets report both values"
        return "no other outlet reports either value"


@dataclass
class ArticleChanges:
    article_id: str
    outlet: str
    language: str
    title: str
    versions: int  # texts the article has had
    new_article: bool  # added after the mark
    diff: VersionDiff | None  # text at the mark → current text
    movements: list[Movement] = field(default_factory=list)


@dataclass
class StoryChanges:
    story: str
    seen: str  # the mark ('' when never looked)
    articles: list[ArticleChanges]  # only those that changed or are new

    @property
    def significant(self) -> list[ArticleChanges]:
        return [a for a in self.articles if a.new_article or (a.diff and a.diff.significant)]


def last_seen(ws: Workspace, slug: str) -> str:
    row = ws.db.execute("SELECT seen FROM seen_marks WHERE story = ?", (slug,)).fetchone()
    return str(row[0]) if row else ""


def precise_now() -> str:
    """Now, to the microsecond: a mark and an edit in the same second stay in order."""
    return datetime.now(UTC).isoformat()


def as_time(value: str) -> datetime:
    """An ISO time as a datetime (UTC when it has no zone; the epoch's start when unreadable)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def mark_seen(ws: Workspace, slug: str, when: str | None = None) -> str:
    ws.story(slug)
    when = when or precise_now()

    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute("INSERT OR REPLACE INTO seen_marks (story, seen) VALUES (?, ?)",
                          (slug, when))  # fmt: skip

    database.retry_locked(write)
    return when


def text_at(versions: list[Version], when: str) -> Version:
    """The version that was current at `when` (ISO time): the oldest one replaced after it."""
    for version in versions:
        if not version.current and as_time(version.replaced) > as_time(when):
            return version
    return versions[-1]


def story_changes(
    ws: Workspace,
    slug: str,
    *,
    since: str | None = None,
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
) -> StoryChanges:
    """Changes of every article of `slug` since `since` (default: the last-seen mark)."""
    ws.story(slug)
    seen = last_seen(ws, slug) if since is None else since
    articles = ws.articles(slug)
    values = {a.id: article_values(a) for a in articles}
    out: list[ArticleChanges] = []
    for article in articles:
        versions = list_versions(ws, article)
        new_article = bool(seen) and as_time(article.added) > as_time(seen)
        base = versions[0] if not seen or new_article else text_at(versions, seen)
        diff = None
        if not base.current:
            diff = diff_versions(
                base.body, article.body, article.language, old_title=base.title,
                new_title=article.title, encode=encode, reference=reference,
            )  # fmt: skip
        if diff is None and not new_article:
            continue
        others = {a.outlet: values[a.id] for a in articles if a.id != article.id}
        movements = [movement(f, others, article.language)
                     for f in (diff.fact_changes if diff else [])]  # fmt: skip
        out.append(ArticleChanges(article.id, article.outlet, article.language, article.title,
                                  len(versions), new_article, diff, movements))  # fmt: skip
    return StoryChanges(slug, seen, out)


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*(?:[  ]\d{3})*")


def _value_keys(fact: Fact) -> set[tuple[str, str]]:
    """Keys that find one value in any language: numbers by their digits, others by key."""
    if fact.kind == "number":
        return {("number", _number(m)) for m in _DIGITS.findall(fact.text)}
    return {(fact.kind, fact.key)}


def _number(written: str) -> str:
    value = normalise_number(re.sub(r"[  ]", "", written))
    try:
        return f"{float(value):g}"
    except ValueError:
        return value


def article_values(article: Article) -> set[tuple[str, str]]:
    """Every value an article reports, as keys that meet across languages."""
    keys: set[tuple[str, str]] = set()
    for sentence in sentences_of(article.body, article.language):
        for fact in sentence_facts(sentence, article.language, article.published):
            keys |= _value_keys(fact)
    return keys


def _text_keys(kind: str, text: str, language: str) -> set[tuple[str, str]]:
    if not text:
        return set()
    if kind == "number":
        return {("number", _number(m)) for m in _DIGITS.findall(text)}
    if kind == "name":
        return {("name", name_key(text.split()[-1]))}
    if kind == "quote":
        return {("quote", quote_key(text))}
    facts = [f for f in sentence_facts(text, language) if f.kind == kind]
    return {k for f in facts for k in _value_keys(f)}


def movement(
    change: FactChange, others: dict[str, set[tuple[str, str]]], language: str = ""
) -> Movement:
    """Whether `change` brought its outlet toward the outlets in `others` or away from them."""
    old_keys = _text_keys(change.kind, change.old, language)
    new_keys = _text_keys(change.kind, change.new, language)
    with_old = tuple(sorted(o for o, keys in others.items() if old_keys and old_keys <= keys))
    with_new = tuple(sorted(o for o, keys in others.items() if new_keys and new_keys <= keys))
    if with_new and not with_old:
        direction = TOWARD
    elif with_old and not with_new:
        direction = AWAY
    else:
        direction = NEITHER
    return Movement(change, direction, with_old, with_new)

"""Dataclasses for what the workspace holds: stories, articles, editions, segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: str = ""
    notes: str = ""
    pivot_language: str = "en"


@dataclass(frozen=True)
class Edition:
    """An existing translation of an article, e.g. the outlet's own English page.

    Editions are written by people (`translator = "human"`) and are never confused with
    machine output.
    """

    article_id: str
    language: str
    body: str
    translator: str = "human"
    url: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class Article:
    id: str
    story: str
    outlet: str
    language: str
    script: str
    title: str
    body: str
    url: str = ""
    published: str = ""
    added: str = ""
    content_hash: str = ""
    path: Path | None = None
    editions: tuple[Edition, ...] = field(default=())
    place: str = ""  # where it was filed, from its dateline ("ASTANA, Nov 12 (Reuters) -")
    clutter: tuple[str, ...] = ()  # page clutter dropped when it was added, kept for the record


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article with a stable id (content hash + position)."""

    article_id: str
    sentence_id: str
    paragraph: int
    position: int
    text: str
    text_hash: str
    language: str = ""  # when it differs from the article's (a quote in another language)

"""Corrections by the user: move an article, merge two stories, split a story, accept a
suggested grouping. Every one is remembered (placements `moved`, stories `accepted` or made by
hand), so that grouping again never undoes it.

An article moves as files: its Markdown file, its editions and its versions go to the other
story's folder by rename (nothing is copied or rewritten; a name already taken there stops the
move before anything changes). A story that grouping made and that is left empty goes to
`.trash/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workspace import ParallaxError
from workspace.group.records import (
    ACCEPTED,
    AUTO,
    HAND,
    forget_story,
    place,
    set_origin,
    story_origin,
)
from workspace.store.models import Article
from workspace.store.workspace import Workspace


@dataclass(frozen=True)
class MoveResult:
    article: str
    source: str
    target: str
    removed_story: bool  # the source story was left empty and went to .trash/


def _files_of(ws: Workspace, article: Article) -> list[tuple[Path, Path]]:
    """(from, to) for every file of the article, relative to its story folder."""
    assert article.path is not None
    folder = ws.story_dir(article.story)
    files = [article.path.relative_to(folder)]
    files += [e.path.relative_to(folder) for e in article.editions if e.path is not None]
    versions = folder / "versions" / article.id
    if versions.is_dir():
        files.append(versions.relative_to(folder))
    return [(folder / f, f) for f in files]


def move_article(ws: Workspace, article_id: str, story: str, *, how: str = "moved") -> MoveResult:
    """Move an article to another existing story and remember that the user put it there."""
    with ws.writing("move articles"):
        return _move_locked(ws, article_id, story, how)


def _move_locked(ws: Workspace, article_id: str, story: str, how: str) -> MoveResult:
    ws.story(story)  # a one-line error naming the stories when it does not exist
    article = ws.article(article_id)
    source = article.story
    if source == story:
        place(ws.db, article.id, story, how)
        return MoveResult(article.id, source, story, False)
    target = ws.writable_story_dir(story)
    ws.writable_story_dir(source)
    moves = _files_of(ws, article)
    for _, relative in moves:
        if (target / relative).exists():
            raise ParallaxError(
                f"cannot move {article.id}: {ws.relative(target / relative)} already exists"
            )
    for path, relative in moves:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, target / relative)
    ws.sync(story)
    ws.sync(source)
    place(ws.db, article.id, story, how)
    return MoveResult(article.id, source, story, _drop_if_empty(ws, source))


def _drop_if_empty(ws: Workspace, slug: str, *, any_origin: bool = False) -> bool:
    """Send a story with no article left to .trash/ (only one grouping made, unless asked)."""
    if not ws.has_story(slug) or ws.article_paths(slug):
        return False
    if not any_origin and story_origin(ws.db, slug) != AUTO:
        return False
    folder = ws.story_dir(slug)
    trash = ws.root / ".trash" / "stories"
    trash.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    os.rename(folder, trash / f"{slug}.{stamp}")
    forget_story(ws.db, slug)
    return True


def merge_stories(ws: Workspace, into: str, other: str) -> list[MoveResult]:
    """Move every article of `other` into `into`; `other` goes to .trash/ once empty. The
    result is the user's grouping: it is accepted, and grouping leaves it alone."""
    if into == other:
        raise ParallaxError(f"cannot merge story {into!r} with itself")
    ws.story(into)
    ws.story(other)
    with ws.writing("merge stories"):
        ws.sync(other)
        results = [_move_locked(ws, a.id, into, "moved") for a in ws.articles(other)]
        _drop_if_empty(ws, other, any_origin=True)
        if story_origin(ws.db, into) == AUTO:
            set_origin(ws.db, into, ACCEPTED)
    return results


def split_story(ws: Workspace, story: str, article_ids: list[str]) -> tuple[str, list[MoveResult]]:
    """Move the given articles of `story` into a new story of their own (made by hand)."""
    from workspace.group.assign import free_slug

    ws.story(story)
    if not article_ids:
        raise ParallaxError("name the articles to split off (see 'parallax show STORY')")
    with ws.writing("split a story"):
        articles = [ws.article(a) for a in article_ids]
        stray = [a.id for a in articles if a.story != story]
        if stray:
            raise ParallaxError(f"not in story {story!r}: {', '.join(stray)}")
        if len({a.id for a in articles}) == len(ws.article_paths(story)):
            raise ParallaxError(f"that is every article of {story!r}: nothing would be left")
        slug = free_slug(ws, articles[0].title)
        ws.create_story(slug, title=articles[0].title)
        set_origin(ws.db, slug, HAND)
        results = [_move_locked(ws, a.id, slug, "moved") for a in articles]
        if story_origin(ws.db, story) == AUTO:
            set_origin(ws.db, story, ACCEPTED)
    return slug, results


def accept_story(ws: Workspace, story: str) -> str:
    """Confirm a story grouping made: it is kept as it is from now on. Returns its origin
    before (`auto`, or `accepted`/`hand` when there was nothing to accept)."""
    ws.story(story)
    origin = story_origin(ws.db, story)
    if origin == AUTO:
        ws.ensure_writable("accept a story")
        set_origin(ws.db, story, ACCEPTED)
    return origin

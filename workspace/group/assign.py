"""Placing one new article: join the story that reports the same event, or start a new one,
and say which and why (the closest story, its score, the evidence both share)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from workspace.embed import Encoder, get_encoder
from workspace.group.profile import (
    ArticleProfile,
    build_profile,
    load_profiles,
    reference_vectors,
    store_profile,
    stored_sentence_vectors,
)
from workspace.group.records import AUTO, place, set_origin
from workspace.group.score import StoryIndex, StoryScore
from workspace.group.settings import DEFAULT_SETTINGS, GroupingSettings
from workspace.store.models import Article
from workspace.store.slugs import slugify
from workspace.store.workspace import Workspace, segment_article

NEW_ARTICLE = "\x00new"


@dataclass(frozen=True)
class Assignment:
    """Where an article goes and the evidence for it."""

    story: str
    created: bool  # a new story
    closest: StoryScore | None  # the best existing story, joined or not
    runner_up: StoryScore | None  # the second best, when it is a close call
    uncertain: bool
    threshold: float
    method: str  # "meaning" (encoder) or "names, numbers and words" (no encoder)

    @property
    def score(self) -> float | None:
        return self.closest.score if self.closest else None

    def describe(self) -> str:
        """One line: which story and why."""
        best = self.closest
        if not self.created and best is not None:
            line = f"joined story {self.story} (score {best.score:.2f} ≥ {self.threshold:.2f}"
            line += f"; {_evidence(best, self.method)})"
        elif best is None:
            line = f"new story {self.story} (no other story to compare with)"
        else:
            line = (
                f"new story {self.story} (closest: {best.story}, score {best.score:.2f}"
                f" < {self.threshold:.2f}; {_evidence(best, self.method)})"
            )
        if self.uncertain and self.runner_up is not None:
            line += (
                f"; uncertain: story {self.runner_up.story} is close"
                f" ({self.runner_up.score:.2f}), check with 'parallax show'"
            )
        if self.method != "meaning":
            line += f"; by {self.method} only (no sentence encoder)"
        return line


def _evidence(score: StoryScore, method: str) -> str:
    label = "meaning" if method == "meaning" else "overlap"
    parts = [f"{label} {score.similarity:.2f}"]
    if score.shared:
        parts.append("shared: " + ", ".join(score.shared))
    if score.date_note:
        parts.append(score.date_note)
    return "; ".join(parts)


def decide(
    scores: Sequence[StoryScore], index: StoryIndex, settings: GroupingSettings = DEFAULT_SETTINGS
) -> tuple[StoryScore | None, StoryScore | None, bool, bool, float]:
    """(closest, runner-up, join?, uncertain?, threshold) from the ranked story scores."""
    threshold = settings.join if index.uses_vectors else settings.lexical_join
    best = scores[0] if scores else None
    second = scores[1] if len(scores) > 1 else None
    join = best is not None and best.score >= threshold
    close = (
        best is not None
        and second is not None
        and second.score >= threshold - settings.uncertain_margin
        and best.score - second.score < settings.uncertain_margin
    )
    return best, second if close else None, join, close, threshold


_indexes: dict[tuple[str, str, int], StoryIndex] = {}


def open_index(
    ws: Workspace,
    encoder: Encoder | None,
    settings: GroupingSettings = DEFAULT_SETTINGS,
    *,
    fresh: bool = False,
) -> StoryIndex:
    """Every article's profile (built now for those that have none or a stale one); `fresh`
    for a caller that changes the index as it goes (regrouping)."""
    conn = ws.db
    profiles, missing = load_profiles(conn, encoder.key if encoder else "")
    for article_id, _story in missing:
        try:
            article = ws.article(article_id)
        except Exception:  # unreadable file: `check` reports it; it just takes no part
            continue
        profile = profile_for(ws, article, encoder, settings)
        profiles.append(profile)
    if encoder is None:
        return StoryIndex(profiles, None, settings)
    key, dim = encoder.key, encoder.dim

    def loader(p: ArticleProfile) -> np.ndarray | None:
        return stored_sentence_vectors(conn, key, p.sentence_hashes, dim)

    if fresh:
        return StoryIndex(profiles, reference_vectors(conn, encoder), settings, loader)
    # A process that adds many articles keeps its index and brings it up to date with the
    # stored profiles (unchanged ones are the same objects: see load_profiles).
    cache_key = (str(ws.db_path), key, id(settings))
    index = _indexes.get(cache_key)
    if index is None:
        index = StoryIndex([], reference_vectors(conn, encoder), settings, loader)
        _indexes.clear()  # one workspace at a time
        _indexes[cache_key] = index
    index.refresh(profiles, loader)
    return index


def profile_for(
    ws: Workspace,
    article: Article,
    encoder: Encoder | None,
    settings: GroupingSettings = DEFAULT_SETTINGS,
) -> ArticleProfile:
    """Build and store the profile of an article already in the workspace."""
    sentences = [s.text for s in ws.sentences(article.id)]
    profile = build_profile(ws.db, article, sentences, encoder, settings)
    store_profile(ws.db, profile, article.content_hash)
    return profile


def profile_new_article(
    conn: sqlite3.Connection,
    article: Article,
    encoder: Encoder | None,
    settings: GroupingSettings = DEFAULT_SETTINGS,
) -> ArticleProfile:
    """The profile of an article not saved yet (segmented in memory, as `sync` would)."""
    sentences = [s.text for s in segment_article(article)]
    profile = build_profile(conn, article, sentences, encoder, settings)
    # Its id is not known until it is saved; a placeholder keeps it from being taken for an
    # article already stored under the same name.
    return replace(profile, article_id=NEW_ARTICLE)


def assign_story(
    ws: Workspace,
    article: Article,
    *,
    profile: ArticleProfile | None = None,
    encoder: Encoder | None = None,
    settings: GroupingSettings = DEFAULT_SETTINGS,
) -> Assignment:
    """Choose the story of a new article (not saved yet). The caller holds the workspace's
    write lock, creates the story if `created`, saves the article and calls `record`."""
    encoder = encoder if encoder is not None else encoder_or_none()
    if profile is None:
        profile = profile_new_article(ws.db, article, encoder, settings)
    index = open_index(ws, encoder if profile.vector is not None else None, settings)
    scores = index.score(profile)
    best, runner_up, join, uncertain, threshold = decide(scores, index, settings)
    if join and best is not None:
        story, created = best.story, False
    else:
        story, created = free_slug(ws, article.title), True
    method = "meaning" if index.uses_vectors else "names, numbers and words"
    return Assignment(story, created, best, runner_up, uncertain, threshold, method)


def record(
    ws: Workspace, article: Article, assignment: Assignment, profile: ArticleProfile
) -> None:
    """Remember an automatic placement (and the story's origin when grouping started it)."""
    if assignment.created:
        set_origin(ws.db, assignment.story, AUTO)
    place(
        ws.db, article.id, assignment.story, "auto", assignment.score, assignment.uncertain,
        assignment.describe(),
    )  # fmt: skip
    store_profile(ws.db, replace(profile, article_id=article.id), article.content_hash)


def free_slug(ws: Workspace, title: str) -> str:
    """A story name from the title that no story uses yet (a second event with the same
    headline is a story of its own, not a silent join)."""
    base = slugify(title)
    slug, n = base, 2
    while ws.has_story(slug) or ws.story_dir(slug).exists():
        slug, n = f"{base[:44]}-{n}", n + 1
    return slug


def encoder_or_none() -> Encoder | None:
    try:
        return get_encoder()
    except Exception:  # a broken C library must not stop an add: names and numbers remain
        return None

"""An article as story grouping sees it: the mean vector of its lead sentences and the evidence
two outlets in different languages can share (names and places across scripts, numbers, dates),
with its published day.

Profiles are derived data, stored in `group_profiles` (one row per article, keyed by the
article's content hash and the encoder), so that placing a new article among thousands reads
rows, not files. A profile whose article changed, or made by another encoder, is built again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from workspace.compare.dates import extract_dates, published_day
from workspace.compare.evidence import has_content, sentence_keys
from workspace.compare.text import content_terms
from workspace.embed import Encoder
from workspace.embed.reference import (
    reference_inputs,
    seed_reference_vectors,
)
from workspace.embed.vectors import cached, decode_vector, encoder_input, input_hash, vectors_for
from workspace.group.settings import DEFAULT_SETTINGS, GroupingSettings
from workspace.store import db as database
from workspace.store.models import Article

MAX_TERMS = 200  # lexical evidence kept per article (for grouping without an encoder)


@dataclass(frozen=True, eq=False)
class ArticleProfile:
    article_id: str
    language: str
    vector: np.ndarray | None  # unit mean of the lead sentences' vectors; None without encoder
    keys: frozenset[str]  # "#1200" numbers, "@tokay" names and places in any script
    days: frozenset[str]  # ISO days the lead names (events), not the published day
    published: str  # ISO day, or ""
    terms: frozenset[str]  # content words of the lead, for same-language lexical evidence
    encoder: str = ""
    story: str = ""
    sentence_hashes: tuple[str, ...] = ()  # vector-cache keys of the sentences matched one by one
    sentence_vectors: np.ndarray | None = None  # held for a new article only (not stored)

    @property
    def published_day(self) -> date | None:
        return date.fromisoformat(self.published) if self.published else None


def lead_texts(article: Article, sentences: Sequence[str], settings: GroupingSettings) -> list[str]:
    """The title (unless the text starts with it) and the first sentences that say something."""
    lead = [s for s in sentences if has_content(s)][: settings.lead_sentences]
    title = article.title.strip()
    if title and not (lead and lead[0].strip().startswith(title[:40])):
        lead.insert(0, title)
    return lead


def build_profile(
    conn: sqlite3.Connection,
    article: Article,
    sentences: Sequence[str],
    encoder: Encoder | None,
    settings: GroupingSettings = DEFAULT_SETTINGS,
) -> ArticleProfile:
    """The article's profile; its lead sentences' vectors go through the vector cache, so the
    vectors `add` computes for the whole article afterwards are not computed twice."""
    lead = lead_texts(article, sentences, settings)
    vector = None
    matched: list[str] = []
    sentence_vectors = None
    if encoder is not None and lead:
        body = [s for s in sentences if has_content(s)][: settings.matched_sentences]
        matched = list(
            dict.fromkeys(t for t in (encoder_input(s, article.language) for s in body) if t)
        )
        inputs = [t for t in (encoder_input(s, article.language) for s in lead) if t]
        if inputs:
            found = vectors_for(conn, encoder, list(dict.fromkeys(inputs + matched)))
            by_text = dict(zip(dict.fromkeys(inputs + matched), found, strict=True))
            mean = np.stack([by_text[t] for t in inputs]).mean(axis=0)
            norm = float(np.linalg.norm(mean))
            vector = (mean / norm).astype(np.float32) if norm > 0 else None
            if matched:
                sentence_vectors = np.stack([by_text[t] for t in matched])
    keys: set[str] = set()
    days: set[str] = set()
    terms: set[str] = set()
    published = published_day(article.published)
    anchor = published.isoformat() if published else ""
    for text in lead:
        keys |= sentence_keys(text)
        days |= {d.day.isoformat() for d in extract_dates(text, anchor) if d.day is not None}
        if len(terms) < MAX_TERMS:
            terms.update(t for t in content_terms(text) if len(t) > 2 and not t.isdigit())
    return ArticleProfile(
        article_id=article.id,
        language=article.language,
        vector=vector,
        keys=frozenset(keys),
        days=frozenset(days),
        published=anchor,
        terms=frozenset(sorted(terms)[:MAX_TERMS]),
        encoder=encoder.key if encoder is not None and vector is not None else "",
        story=article.story,
        sentence_hashes=tuple(input_hash(t) for t in matched) if vector is not None else (),
        sentence_vectors=sentence_vectors if vector is not None else None,
    )


def store_profile(conn: sqlite3.Connection, profile: ArticleProfile, content_hash: str) -> None:
    evidence = json.dumps(
        {"language": profile.language, "keys": sorted(profile.keys), "days": sorted(profile.days),
         "published": profile.published, "sentences": list(profile.sentence_hashes)},
        ensure_ascii=False,
    )  # fmt: skip
    blob = profile.vector.astype(np.float16).tobytes() if profile.vector is not None else None

    def write() -> None:
        with database.transaction(conn):
            conn.execute(
                "INSERT OR REPLACE INTO group_profiles"
                " (article_id, content_hash, encoder, vector, evidence, terms)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    profile.article_id,
                    content_hash,
                    profile.encoder,
                    blob,
                    evidence,
                    " ".join(sorted(profile.terms)),
                ),
            )

    database.retry_locked(write)


# Decoded profiles by (database, article, content hash, encoder, with words): a process that
# adds many articles (a feed watcher, a batch) decodes each stored profile once.
_decoded: dict[tuple[str, str, str, str, bool], ArticleProfile] = {}
_MAX_DECODED = 200_000


def load_profiles(
    conn: sqlite3.Connection, encoder_key: str, dim: int = 384
) -> tuple[list[ArticleProfile], list[tuple[str, str]]]:
    """Every indexed article's stored profile (with its story), and the (id, story) of articles
    whose profile is missing, stale (the file changed) or made by another encoder."""
    profiles: list[ArticleProfile] = []
    missing: list[tuple[str, str]] = []
    wanted: list[tuple[str, str]] = []
    database_name = str(conn.execute("PRAGMA database_list").fetchone()[2]) or str(id(conn))
    with_terms = not encoder_key
    rows = conn.execute(
        "SELECT a.id, a.story, a.content_hash AS current, p.content_hash, p.encoder"
        " FROM articles a LEFT JOIN group_profiles p ON p.article_id = a.id"
        " ORDER BY a.story, a.id"
    )
    for row in rows:
        if (
            row["content_hash"] is None
            or row["content_hash"] != row["current"]
            or (encoder_key and row["encoder"] != encoder_key)
        ):
            missing.append((row["id"], row["story"]))
            continue
        key = (database_name, row["id"], row["current"], row["encoder"], with_terms)
        known = _decoded.get(key)
        if known is None:
            wanted.append((row["id"], row["story"]))
            continue
        if known.story != row["story"]:  # moved: keep one object per state of the article
            known = _decoded[key] = replace(known, story=row["story"])
        profiles.append(known)
    # Words are read only when there is no encoder: they are what grouping falls back on.
    terms = "terms" if with_terms else "''"
    for start in range(0, len(wanted), 500):
        chunk = dict(wanted[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT article_id AS id, content_hash, encoder, vector, evidence, {terms} AS terms"
            f" FROM group_profiles WHERE article_id IN ({marks})",
            tuple(chunk),
        ):
            profile = replace(_decode(row, dim), story=chunk[row["id"]])
            if len(_decoded) >= _MAX_DECODED:
                _decoded.clear()
            key = (database_name, row["id"], row["content_hash"], row["encoder"], with_terms)
            _decoded[key] = profile
            profiles.append(profile)
    return profiles, missing


def _decode(row: sqlite3.Row, dim: int) -> ArticleProfile:
    data = json.loads(row["evidence"])
    vector = decode_vector(row["vector"], dim) if row["vector"] is not None else None
    return ArticleProfile(
        article_id=row["id"],
        language=str(data.get("language", "")),
        vector=vector,
        keys=frozenset(data.get("keys", ())),
        days=frozenset(data.get("days", ())),
        published=str(data.get("published", "")),
        terms=frozenset((row["terms"] or "").split()),
        encoder=row["encoder"] if vector is not None else "",
        sentence_hashes=tuple(data.get("sentences", ())) if vector is not None else (),
    )


_references: dict[str, np.ndarray] = {}


def reference_vectors(conn: sqlite3.Connection, encoder: Encoder) -> np.ndarray:
    """Vectors of ordinary news sentences in ru, kk and en (`embed.reference`). Their mean is
    what every news article has in common: removing it spreads the cosines of unrelated
    articles around zero. Each sentence's nearest of them is the bar its match in another
    article must clear (a margin, as the aligner uses)."""
    if encoder.key not in _references:
        seed_reference_vectors(conn, encoder)
        texts = reference_inputs()
        _references[encoder.key] = vectors_for(conn, encoder, texts).astype(np.float32)
    return _references[encoder.key]


def stored_sentence_vectors(
    conn: sqlite3.Connection, encoder_key: str, hashes: Sequence[str], dim: int = 384
) -> np.ndarray | None:
    """The cached vectors of an article's matched sentences (None when some are gone)."""
    found, _ = cached(conn, encoder_key, dim, hashes)
    rows = [found[h] for h in hashes if h in found]
    return np.stack(rows) if rows else None


def centred(vectors: Iterable[np.ndarray], mean: np.ndarray) -> np.ndarray:
    """Rows minus the common mean, unit length again."""
    matrix = np.stack(list(vectors)) - mean
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)

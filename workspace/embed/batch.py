"""Sentence vectors for a whole workspace as a resumable batch step (`parallax embed`), for one
article as it is added, and the vector cache's part of `parallax check`.

Work goes article by article in batches of the encoder; each batch is committed before the next
starts, so a killed run keeps what it finished and a rerun encodes only what is missing. Memory
stays flat: nothing but one article's sentences and one batch of vectors is held at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workspace.embed import Encoder, get_encoder
from workspace.embed.vectors import (
    cached,
    decode_vector,
    encoder_input,
    input_hash,
    vectors_for,
)
from workspace.store import db as database
from workspace.store.models import Article
from workspace.store.workspace import Workspace


@dataclass
class EmbedProgress:
    done: int = 0  # sentences encoded in this run
    total: int = 0  # sentences that had no vector when the run started
    articles: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None


def _inputs(ws: Workspace, article: Article) -> list[str]:
    return [encoder_input(s.text, article.language) for s in ws.sentences(article.id)]


def embed_article(ws: Workspace, article: Article, encoder: Encoder | None = None) -> int:
    """Encode an article's sentences that have no vector yet; returns how many were encoded
    (0 when no encoder is available: comparison will say so)."""
    encoder = encoder or get_encoder()
    if encoder is None:
        return 0
    texts = [t for t in _inputs(ws, article) if t]
    found, _ = cached(ws.db, encoder.key, encoder.dim, [input_hash(t) for t in texts])
    missing = [t for t in texts if input_hash(t) not in found]
    vectors_for(ws.db, encoder, missing)
    return len(set(missing))


def embed_workspace(
    ws: Workspace,
    stories: list[str] | None = None,
    *,
    encoder: Encoder | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[EmbedProgress], None] = lambda p: None,
) -> EmbedProgress:
    """Encode every sentence of the given stories (all by default) that has no vector."""
    encoder = encoder or get_encoder()
    if encoder is None:
        from workspace import ParallaxError
        from workspace.embed import encoder_status

        status = encoder_status()
        raise ParallaxError(f"no sentence encoder: {status.detail}")
    slugs = stories or [s.slug for s in ws.stories()]
    for slug in slugs:
        ws.story(slug)
    progress = EmbedProgress()
    plan: list[Article] = []
    for slug in slugs:
        ws.sync(slug)
        for article in ws.articles(slug):
            texts = {input_hash(t) for t in _inputs(ws, article) if t}
            found, _ = cached(ws.db, encoder.key, encoder.dim, texts)
            if len(found) < len(texts):
                plan.append(article)
                progress.total += len(texts) - len(found)
    on_progress(progress)
    for article in plan:
        if cancelled():
            raise InterruptedError
        progress.done += embed_article(ws, article, encoder)
        progress.articles += 1
        on_progress(progress)
    return progress


@dataclass
class VectorCheck:
    rows: int = 0
    damaged: int = 0
    other_encoders: dict[str, int] = field(default_factory=dict)


def check_vectors(ws: Workspace, encoder_key: str | None, dim: int = 384) -> VectorCheck:
    """Read every cached vector: damaged rows (wrong size, not finite, not unit length) and rows
    of encoders other than the current one."""
    report = VectorCheck()
    for row in ws.db.execute("SELECT encoder, dim, vector FROM vectors"):
        report.rows += 1
        if encoder_key is not None and row["encoder"] != encoder_key:
            report.other_encoders[row["encoder"]] = report.other_encoders.get(row["encoder"], 0) + 1
            continue
        if decode_vector(row["vector"], int(row["dim"]) if row["dim"] else dim) is None:
            report.damaged += 1
    return report


def drop_damaged_vectors(ws: Workspace, dim: int = 384) -> int:
    """Delete rows that do not decode to a unit vector; they are encoded again when needed."""
    bad = [
        (row["text_hash"], row["encoder"])
        for row in ws.db.execute("SELECT text_hash, encoder, dim, vector FROM vectors")
        if decode_vector(row["vector"], int(row["dim"]) if row["dim"] else dim) is None
    ]
    with database.transaction(ws.db):
        ws.db.executemany("DELETE FROM vectors WHERE text_hash = ? AND encoder = ?", bad)
    return len(bad)

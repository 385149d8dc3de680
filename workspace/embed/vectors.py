"""The vector cache: (hash of the encoder's input, encoder name@version) → a float16 vector.

Like the translation memory, it is derived data: a sentence is encoded once per encoder
version, whoever asks first (adding an article, a comparison, or `parallax embed`). A damaged
row (wrong size, not finite, not unit length) is encoded again and replaced, never trusted; a
new encoder version has rows of its own and leaves the old ones alone.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from workspace.embed import Encoder
from workspace.store import db as database

BATCH = 64  # texts per encoder call: long enough to use every core, short enough to cancel
MAX_INPUT_CHARS = 8_000  # ~2,000 tokens, i.e. four of the encoder's 512-token windows
_SQL_CHUNK = 500
_SPACES = re.compile(r"\s+")


def encoder_input(text: str, language: str = "") -> str:
    """What the encoder reads: white space collapsed, Latin-script Kazakh in Cyrillic (the
    encoder saw Kazakh in Cyrillic), and no more than MAX_INPUT_CHARS characters."""
    text = _SPACES.sub(" ", text).strip()
    if language == "kk":
        from workspace.ingest.kazakh import to_cyrillic
        from workspace.ingest.language import detect_script

        if detect_script(text) == "Latn":
            text = to_cyrillic(text)
    return text[:MAX_INPUT_CHARS]


def input_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class VectorStats:
    """What lookups cost: cache hits, texts encoded, damaged rows replaced."""

    cached: int = 0
    encoded: int = 0
    damaged: int = 0
    seconds: float = 0.0


def decode_vector(blob: bytes, dim: int) -> np.ndarray | None:
    """A stored vector, or None when the row is damaged."""
    if not isinstance(blob, bytes) or len(blob) != dim * 2:
        return None
    vector = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    if not np.all(np.isfinite(vector)):
        return None
    norm = float(np.linalg.norm(vector))
    if abs(norm - 1.0) > 0.02:
        return None
    return vector / norm


def _encode_blob(vector: np.ndarray) -> bytes:
    return vector.astype(np.float16).tobytes()


def cached(
    conn: sqlite3.Connection, encoder_key: str, dim: int, hashes: Iterable[str]
) -> tuple[dict[str, np.ndarray], set[str]]:
    """Cached vectors by input hash, and the hashes whose rows are damaged."""
    found: dict[str, np.ndarray] = {}
    damaged: set[str] = set()
    unique = sorted(set(hashes))
    for start in range(0, len(unique), _SQL_CHUNK):
        chunk = unique[start : start + _SQL_CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT text_hash, vector FROM vectors WHERE encoder = ? AND text_hash IN ({marks})",
            (encoder_key, *chunk),
        ):
            vector = decode_vector(row[1], dim)
            if vector is None:
                damaged.add(row[0])
            else:
                found[row[0]] = vector
    return found, damaged


def store_vectors(
    conn: sqlite3.Connection, encoder_key: str, items: Sequence[tuple[str, np.ndarray]]
) -> None:
    """Write vectors (replacing damaged rows) in one transaction."""
    if not items:
        return
    now = time.time()
    rows = [(h, encoder_key, int(v.shape[0]), _encode_blob(v), now) for h, v in items]

    def write() -> None:
        with database.transaction(conn):
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (text_hash, encoder, dim, vector, created)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    database.retry_locked(write)


def vectors_for(
    conn: sqlite3.Connection,
    encoder: Encoder,
    texts: Sequence[str],
    *,
    stats: VectorStats | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> np.ndarray:
    """Unit vectors for `texts` (already `encoder_input`), from the cache or encoded now."""
    stats = stats if stats is not None else VectorStats()
    started = time.monotonic()
    hashes = [input_hash(t) for t in texts]
    found, damaged = cached(conn, encoder.key, encoder.dim, hashes)
    stats.damaged += len(damaged)
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in found:
            missing.setdefault(h, t)
    stats.cached += len(texts) - sum(1 for h in hashes if h in missing)
    pending = list(missing.items())
    for start in range(0, len(pending), BATCH):
        if cancelled():
            raise InterruptedError
        batch = pending[start : start + BATCH]
        vectors = encoder.encode([t for _, t in batch])
        items = [(h, vectors[i]) for i, (h, _) in enumerate(batch)]
        store_vectors(conn, encoder.key, items)
        found.update(items)
        stats.encoded += len(batch)
    stats.seconds += time.monotonic() - started
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([found[h] for h in hashes])

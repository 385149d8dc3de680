"""The translation memory: (source hash, source lang, target lang, model id) → translation.

Re-translating unchanged text costs nothing: the engine asks the memory first. Rows are
written with INSERT OR IGNORE so a sentence is stored once per model, however often a job is
killed and resumed; a forced re-translation replaces a row only when its new text is written,
so a killed `--force` run loses nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from workspace.store import db as database

_CHUNK = 500  # SQLite host-parameter batches


@dataclass(frozen=True)
class MemoryEntry:
    source_hash: str
    source_lang: str
    target_lang: str
    model_id: str
    source_text: str
    target_text: str
    score: float | None
    route: str
    created: float = 0.0


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _select(
    conn: sqlite3.Connection, hashes: Iterable[str], where: str, params: tuple[str, ...]
) -> dict[str, MemoryEntry]:
    """Entries for the given source hashes (in chunks of host parameters); later rows win."""
    found: dict[str, MemoryEntry] = {}
    for chunk in _chunks(sorted(set(hashes))):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT source_hash, source_lang, target_lang, model_id, source_text, target_text,"
            f" score, route, created FROM translations WHERE source_hash IN ({marks}) AND {where}",
            (*chunk, *params),
        ):
            found[row[0]] = MemoryEntry(*row)
    return found


def lookup(
    conn: sqlite3.Connection,
    hashes: Iterable[str],
    source: str,
    target: str,
    model_id: str,
    *,
    newer_than: float | None = None,
) -> dict[str, MemoryEntry]:
    """Entries of one model for the given source hashes (with `newer_than`, only entries
    written at or after that time: older ones are due to be translated again)."""
    where = "source_lang = ? AND target_lang = ? AND model_id = ?"
    found = _select(conn, hashes, where, (source, target, model_id))
    if newer_than is None:
        return found
    return {h: e for h, e in found.items() if e.created >= newer_than}


def latest(
    conn: sqlite3.Connection, hashes: Iterable[str], source: str, target: str
) -> dict[str, MemoryEntry]:
    """The newest entry of any model for each source hash."""
    where = "source_lang = ? AND target_lang = ? ORDER BY created"
    return _select(conn, hashes, where, (source, target))


def store(
    conn: sqlite3.Connection, entries: Iterable[MemoryEntry], *, replace: bool = False
) -> int:
    """Insert entries that are not there yet (with `replace`, overwrite those that are);
    return how many rows were written. Own transaction."""
    entries = list(entries)
    if not entries:
        return 0
    with database.transaction(conn):
        return insert(conn, entries, replace=replace)


def insert(
    conn: sqlite3.Connection, entries: Iterable[MemoryEntry], *, replace: bool = False
) -> int:
    """`store` inside the caller's transaction (a cluster driver commits rows and job progress
    together); return how many rows were written."""
    rows = [
        (e.source_hash, e.source_lang, e.target_lang, e.model_id, e.source_text, e.target_text,
         e.score, e.route, e.created or time.time())
        for e in entries
    ]  # fmt: skip
    before = conn.total_changes
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    conn.executemany(
        f"{verb} INTO translations (source_hash, source_lang, target_lang, model_id,"
        " source_text, target_text, score, route, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return conn.total_changes - before

"""The workspace's SQLite database: derived data only (segments, translations, jobs).

Everything here can be rebuilt from the article files, except the translation memory, which
can be rebuilt by translating again. WAL mode and a busy timeout let the TUI and a batch job
share one workspace.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from workspace import ParallaxError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 30_000

# Each migration takes the schema from version N-1 to N. Never edit one that has shipped:
# add a new one, so that every old workspace upgrades along the same path.
MIGRATIONS: list[str] = [
    # 1: the article index and segments
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        story TEXT NOT NULL,
        path TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        language TEXT NOT NULL,
        script TEXT NOT NULL,
        outlet TEXT NOT NULL,
        title TEXT NOT NULL,
        mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE INDEX articles_story ON articles(story);
    CREATE TABLE segments (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        PRIMARY KEY (article_id, sentence_id)
    );
    CREATE INDEX segments_hash ON segments(text_hash);
    """,
    # 2: translation memory and batch jobs
    """
    CREATE TABLE translations (
        source_hash TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        model_id TEXT NOT NULL,
        source_text TEXT NOT NULL,
        target_text TEXT NOT NULL,
        score REAL,
        route TEXT NOT NULL,
        created REAL NOT NULL,
        PRIMARY KEY (source_hash, source_lang, target_lang, model_id)
    );
    CREATE INDEX translations_lookup ON translations(source_hash, source_lang, target_lang);
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        story TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        model TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        pid INTEGER,
        heartbeat REAL,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX jobs_state ON jobs(state);
    CREATE UNIQUE INDEX jobs_open ON jobs(article_id, target_lang)
        WHERE state IN ('queued', 'running');
    """,
    # 3: sentence vectors, keyed by the hash of what the encoder read and the encoder's version
    """
    CREATE TABLE vectors (
        text_hash TEXT NOT NULL,
        encoder TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        created REAL NOT NULL,
        PRIMARY KEY (text_hash, encoder)
    );
    """,
    # 4: which segmenter indexed an article (older ones are re-segmented on sync), and the
    # language of a sentence when it is not its article's (a quote in another language)
    """
    ALTER TABLE articles ADD COLUMN segmenter INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE segments ADD COLUMN language TEXT;
    """,
    # 5: per-worker progress of a runner that spreads jobs over workers (a Ray cluster)
    """
    CREATE TABLE job_workers (
        runner_pid INTEGER NOT NULL,
        worker TEXT NOT NULL,
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER,
        device TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        batches INTEGER NOT NULL DEFAULT 0,
        sentences INTEGER NOT NULL DEFAULT 0,
        in_flight INTEGER NOT NULL DEFAULT 0,
        restarts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        started REAL NOT NULL,
        updated REAL NOT NULL,
        PRIMARY KEY (runner_pid, worker)
    );
    """,
    # 6: feeds and re-fetching (the list of feeds is feeds.toml, versions are files): what a
    # feed or page answered last (validators for conditional GET), the items already taken,
    # robots.txt per host, and when the user last looked at a story's changes
    """
    CREATE TABLE feed_state (
        url TEXT PRIMARY KEY,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        checked REAL,
        status TEXT NOT NULL DEFAULT '',
        items INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_items (
        key TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        link TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        article_id TEXT,
        state TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        first_seen REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX feed_items_state ON feed_items(state);
    CREATE TABLE page_state (
        article_id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        text_hash TEXT NOT NULL DEFAULT '',
        checked REAL,
        status TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE robots (
        host TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        status INTEGER NOT NULL,
        fetched REAL NOT NULL
    );
    CREATE TABLE seen_marks (
        story TEXT PRIMARY KEY,
        seen TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open the workspace DB in WAL mode with a busy timeout, migrating it if it is old."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise ParallaxError(f"cannot open the workspace database {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    if migrate:
        retry_locked(lambda: apply_migrations(conn))
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection) -> None:
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise ParallaxError(
            f"this workspace was written by a newer Parallax (schema {version} > {SCHEMA_VERSION});"
            " upgrade Parallax"
        )
    if version == SCHEMA_VERSION:
        return
    with transaction(conn):
        version = schema_version(conn)  # another process may have migrated meanwhile
        for number in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction taken up front (BEGIN IMMEDIATE) so writers queue on the busy timeout."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def retry_locked(action: Callable[[], T], *, attempts: int = 5) -> T:
    """Run `action`, retrying when SQLite still reports a lock after its own busy timeout."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == attempts - 1:
                raise ParallaxError(
                    "the workspace database stayed locked by another Parallax process;"
                    " try again when it finishes"
                ) from None
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")

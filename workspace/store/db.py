"""The workspace's SQLite database: derived data only (segments, translations, jobs).

Everything here can be rebuilt from the article files, except the translation memory, which
can be rebuilt by translating again. WAL mode and a busy timeout let the TUI and a batch job
share one workspace. A workspace we may not write is read through an in-memory copy of its
database (so reading commands work and nothing is written); a damaged database is reported in
one line that names `parallax check --repair`, which moves it aside and rebuilds.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

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
    # 6: `translate --force` marks a job instead of deleting translations up front: entries
    # older than force_since are translated again and replaced only when the new one is written
    """
    ALTER TABLE jobs ADD COLUMN force_since REAL;
    """,
    # 7: feeds and re-fetching (the list of feeds is feeds.toml, versions are files): what a
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
    # 8: story grouping. Where a story came from (a story with no row was made by hand, as
    # every story of an older workspace was: grouping never merges or re-sorts those), where
    # each article was put and why (automatically, by hand with --story, or moved by the user,
    # which re-grouping never undoes), and each article's grouping profile (lead-sentence
    # vector and cross-language evidence), so that assigning one article reads rows, not files
    """
    CREATE TABLE story_origin (
        story TEXT PRIMARY KEY,
        origin TEXT NOT NULL CHECK (origin IN ('hand', 'auto', 'accepted')),
        updated REAL NOT NULL
    );
    CREATE TABLE article_placement (
        article_id TEXT PRIMARY KEY,
        story TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('auto', 'hand', 'moved')),
        score REAL,
        uncertain INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '',
        updated REAL NOT NULL
    );
    CREATE TABLE group_profiles (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        encoder TEXT NOT NULL DEFAULT '',
        vector BLOB,
        evidence TEXT NOT NULL,
        terms TEXT NOT NULL DEFAULT ''
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


DAMAGED = "the workspace database is damaged: run parallax check --repair"


class DatabaseDamaged(ParallaxError):
    """The database file cannot be read as a Parallax database (corrupt, not SQLite)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(DAMAGED)
        self.detail = detail


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open the workspace DB in WAL mode with a busy timeout, migrating it if it is old."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise ParallaxError(f"cannot open the workspace database {path}: {exc}") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            retry_locked(lambda: apply_migrations(conn))
    except BaseException as exc:
        conn.close()
        if is_damage(exc):
            raise DatabaseDamaged(str(exc)) from None
        raise
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """An in-memory copy of the DB at `path` (or an empty one): reading commands work on a
    workspace we may not write (sync indexes into the copy), and nothing reaches the disk."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=True)
    if path.exists():
        last: Exception | None = None
        # mode=ro needs the WAL's -shm file (or a folder to create it in); immutable=1 reads
        # the main file alone, which is all there is once the last writer has closed.
        for options in ("mode=ro", "immutable=1"):
            try:
                source = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True)
                try:
                    source.backup(memory)
                finally:
                    source.close()
                last = None
                break
            except sqlite3.Error as exc:
                last = exc
        if last is not None:
            memory.close()
            if is_damage(last):
                raise DatabaseDamaged(str(last)) from None
            raise ParallaxError(f"cannot read the workspace database {path}: {last}") from None
    memory.row_factory = sqlite3.Row
    memory.execute("PRAGMA foreign_keys = ON")
    try:
        apply_migrations(memory)
    except sqlite3.DatabaseError as exc:
        memory.close()
        raise DatabaseDamaged(str(exc)) from None
    return memory


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error means the file itself is bad (not a lock or a full disk)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        return "malformed" in text or "no such table" in text or "no such column" in text
    return not isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError)


def user_error(exc: BaseException) -> str | None:
    """One line for an error a user can act on (damaged or read-only database, full disk,
    permissions); None for anything else, which is a bug and keeps its traceback."""
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if is_damage(exc):
            return DAMAGED
        if "readonly" in text or "read-only" in text:
            return "the workspace is read-only; this command needs to write to it"
        if "disk is full" in text:
            return "the disk is full: the workspace database could not be written"
        if "locked" in text or "busy" in text:
            return (
                "the workspace database stayed locked by another Parallax process;"
                " try again when it finishes"
            )
        if isinstance(exc, sqlite3.OperationalError):
            return f"the workspace database could not be used ({text})"
        return None
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"the disk is full{where}; nothing more was written"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied{where} (is the workspace read-only?)"
        return f"{exc.strerror or exc}{where}"
    return None


def writable(path: Path) -> bool:
    """Whether this process may write the DB at `path` (and its folder, for the WAL)."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


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

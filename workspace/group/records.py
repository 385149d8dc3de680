"""What grouping remembers in SQLite: where a story came from and where each article was put.

A story with no row was made by hand (with `--story`, or before grouping existed): grouping
never merges it, splits it or takes articles out of it. An article placed by hand or moved by
the user keeps its place when the workspace is grouped again. Losing these rows (a repaired
database) is safe: every story then counts as made by hand and nothing moves by itself.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from workspace.store import db as database

HAND, AUTO, ACCEPTED = "hand", "auto", "accepted"


@dataclass(frozen=True)
class Placement:
    article_id: str
    story: str
    how: str  # auto | hand | moved
    score: float | None
    uncertain: bool
    reason: str


def story_origins(conn: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT story, origin FROM story_origin")}


def story_origin(conn: sqlite3.Connection, story: str) -> str:
    row = conn.execute("SELECT origin FROM story_origin WHERE story = ?", (story,)).fetchone()
    return str(row[0]) if row else HAND


def set_origin(conn: sqlite3.Connection, story: str, origin: str) -> None:
    def write() -> None:
        with database.transaction(conn):
            conn.execute(
                "INSERT OR REPLACE INTO story_origin (story, origin, updated) VALUES (?, ?, ?)",
                (story, origin, time.time()),
            )

    database.retry_locked(write)


def forget_story(conn: sqlite3.Connection, story: str) -> None:
    def write() -> None:
        with database.transaction(conn):
            conn.execute("DELETE FROM story_origin WHERE story = ?", (story,))

    database.retry_locked(write)


def place(
    conn: sqlite3.Connection,
    article_id: str,
    story: str,
    how: str,
    score: float | None = None,
    uncertain: bool = False,
    reason: str = "",
) -> None:
    def write() -> None:
        with database.transaction(conn):
            conn.execute(
                "INSERT OR REPLACE INTO article_placement"
                " (article_id, story, how, score, uncertain, reason, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article_id, story, how, score, int(uncertain), reason, time.time()),
            )

    database.retry_locked(write)


def placements(conn: sqlite3.Connection) -> dict[str, Placement]:
    return {
        row[0]: Placement(row[0], row[1], row[2], row[3], bool(row[4]), row[5])
        for row in conn.execute(
            "SELECT article_id, story, how, score, uncertain, reason FROM article_placement"
        )
    }


def grouping_state(conn: sqlite3.Connection, story: str, articles: int) -> tuple[str, bool]:
    """How a story was grouped, as `stories --json` and the TUI show it: `hand`, `accepted`,
    `automatic` (a story grouping started with one article) or `suggested` (articles grouped
    automatically, waiting for `parallax accept`); and whether a placement in it was a close
    call between two stories."""
    origin = story_origin(conn, story)
    uncertain = conn.execute(
        "SELECT 1 FROM article_placement p JOIN articles a ON a.id = p.article_id"
        " WHERE a.story = ? AND p.uncertain = 1 AND p.how = 'auto' LIMIT 1",
        (story,),
    ).fetchone()
    if origin == AUTO:
        return ("suggested" if articles > 1 else "automatic"), uncertain is not None
    return origin, False

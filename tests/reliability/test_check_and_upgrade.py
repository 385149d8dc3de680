"""`parallax check`, repair, and opening a workspace made by the first schema."""

from __future__ import annotations

import sqlite3

from tests.cli.helpers import run
from tests.conftest import add_text
from workspace.store import db as database
from workspace.store.workspace import Workspace, init_workspace


def test_check_finds_problems_and_repair_fixes_them(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    a = add_text(ws, "s", "Floods hit Almaty. Two people died.", "wire", "en")
    add_text(ws, "s", "Schools are closed. Rescuers came.", "agency", "en")
    assert run("-w", ws.root, "check").code == 0
    with database.transaction(ws.db):
        ws.db.execute("DELETE FROM segments WHERE article_id = ?", (a,))
        ws.db.execute("INSERT INTO jobs (article_id, story, target_lang, state, created, updated, pid)"
                      " VALUES ('x', 's', 'en', 'running', 0, 0, 999999999)")  # fmt: skip
    files = {p: p.read_bytes() for p in (ws.root / "stories").rglob("*.md")}
    result = run("-w", ws.root, "check")
    assert result.code == 1
    assert "segments do not match" in result.err and "process is gone" in result.err
    repaired = run("-w", ws.root, "check", "--repair")
    assert repaired.code == 0, repaired.err
    assert "workspace ok after repair" in repaired.out
    assert {p: p.read_bytes() for p in files} == files  # article files untouched
    ws.close()


def test_a_broken_article_file_is_reported_not_deleted(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    add_text(ws, "s", "Floods hit Almaty. Two people died.", "wire", "en")
    broken = ws.root / "stories" / "s" / "hand-made.md"
    broken.write_text("+++\nthis is = = not toml\n+++\nbody\n", encoding="utf-8")
    result = run("-w", ws.root, "check", "--repair")
    assert "not valid TOML" in result.err
    assert broken.exists()
    ws.close()


def test_a_workspace_made_by_the_first_schema_opens_and_migrates(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    add_text(ws, "s", "Floods hit Almaty. Two people died.", "wire", "en")
    ws.close()
    # Rebuild the database exactly as schema 1 left it (articles and segments only).
    path = ws.root / "parallax.db"
    path.unlink()
    old = sqlite3.connect(path)
    old.executescript(database.MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    reopened = Workspace(ws.root)
    assert database.schema_version(reopened.db) == database.SCHEMA_VERSION
    tables = {
        r[0] for r in reopened.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"translations", "jobs", "articles", "segments"} <= tables
    reopened.sync()
    assert len(reopened.sentences(reopened.articles("s")[0].id)) == 2
    assert run("-w", ws.root, "check").code == 0
    reopened.close()


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    add_text(ws, "s", "Floods hit Almaty. Two people died.", "wire", "en")
    ws.db.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    ws.close()
    result = run("-w", ws.root, "stories")
    assert result.code == 1 and "newer Parallax" in result.err

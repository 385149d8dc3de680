"""A damaged database never blocks the workspace: commands say so in one line, `check
--repair` moves it aside, salvages the translation memory and rebuilds from the files. A
read-only workspace (tested as a non-root user: root ignores file permissions) can be read by
every reading command and the TUI, and writing commands refuse in one line."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import run
from workspace.store.db import DAMAGED
from workspace.store.workspace import Workspace
from workspace.translate import memory

EN = "Floods hit Almaty on Saturday. Two people died. Schools are closed on Monday."
EN2 = "Two people died in floods in Almaty. The city closed schools."
RU = "Наводнение в Алматы в субботу. Погибли два человека. Школы закрыты."
READERS = [["stories"], ["stories", "--json"], ["show", "s"], ["show", "s", "--json"],
           ["compare", "s", "--json"], ["compare", "s"], ["translate", "s", "--dry-run"],
           ["jobs"]]  # fmt: skip


def make(root: Path, translations: int = 3000) -> Path:
    ws = root / "ws"
    assert run("init", ws).code == 0
    for name, text in (("en.txt", EN), ("en2.txt", EN2), ("ru.txt", RU)):
        (root / name).write_text(text, encoding="utf-8")
        assert run("-w", ws, "add", root / name, "--story", "s").code == 0
    with Workspace(ws) as opened:
        memory.store(opened.db, [
            memory.MemoryEntry(hashlib.sha1(str(i).encode()).hexdigest(), "ru", "en", "m@1",
                               f"исходный текст {i}", f"translated text {i}", -0.3, "direct")
            for i in range(translations)
        ])  # fmt: skip
    checkpoint(ws)
    return ws


def checkpoint(ws: Path) -> None:
    conn = sqlite3.connect(ws / "parallax.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def translation_count(ws: Path) -> int:
    with Workspace(ws) as opened:
        return opened.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]


def damage(ws: Path, how: str) -> None:
    path = ws / "parallax.db"
    data = bytearray(path.read_bytes())
    if how == "not a database":
        data[:100] = b"\xde\xad" * 50
    elif how == "cut in half":
        data = data[: len(data) // 2]
    else:  # the index pages of the article text (segments) overwritten with junk
        conn = sqlite3.connect(path)
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r[0] for r in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('segments', 'articles')"
            " AND rootpage > 0")]  # fmt: skip
        conn.close()
        for root in roots:
            data[(root - 1) * page : root * page] = b"\xff" * page
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["not a database", "cut in half", "index pages overwritten"])
def test_a_damaged_database_is_one_line_and_repair_rebuilds_it(tmp_path, how):
    ws = make(tmp_path)
    before = translation_count(ws)
    files = {p: p.read_bytes() for p in (ws / "stories").rglob("*.md")}
    damage(ws, how)
    for args in (*READERS, ["add", tmp_path / "en.txt", "--story", "t"], ["translate", "s"]):
        result = run("-w", ws, *args)
        assert "Traceback" not in result.err, (args, result.err)
        if result.code:
            assert result.err == f"parallax: error: {DAMAGED}\n", (args, result.err)
            if "--json" in args:
                assert json.loads(result.out) == {"error": DAMAGED}
    checked = run("-w", ws, "check")
    assert checked.code == 1 and "database is damaged" in checked.err
    repaired = run("-w", ws, "check", "--repair")
    assert repaired.code == 0, repaired.err
    assert "workspace ok after repair" in repaired.out
    assert list(ws.glob("parallax.db.corrupt-*"))  # kept aside, never deleted
    shown = json.loads(run("-w", ws, "show", "s", "--json").out)
    assert len(shown["articles"]) == 3
    assert {p: p.read_bytes() for p in files} == files  # article files untouched
    kept = translation_count(ws)
    if how == "index pages overwritten":
        assert kept == before  # the memory's own pages were intact: all of it salvaged
    else:
        assert kept <= before
        assert "could not read" in repaired.out or kept == before


def test_check_repair_survives_a_bad_file_and_keeps_the_old_index_until_the_new_is_built(
    tmp_path,
):
    ws = make(tmp_path, translations=10)
    (ws / "stories" / "s" / "zz.md").write_bytes(b"\x00\x01\xff" * 100)
    result = run("-w", ws, "check", "--repair")
    assert "Traceback" not in result.err
    assert "zz.md" in result.err
    assert len(json.loads(run("-w", ws, "show", "s", "--json").out)["articles"]) == 3


# -- read-only, as a process without root's permission bypass ---------------------------------

# Root ignores file permissions through these capabilities; dropped from the bounding set (and
# so from what the child may ever hold), root is checked like any user. (Switching to another
# uid does not work here: the interpreter lives under /root, mode 0700.)
NO_BYPASS = ["--bounding-set=-dac_override,-dac_read_search,-fowner,-chown,-linux_immutable"]


def _tree(root: Path) -> dict[str, tuple[int, int, bytes]]:
    out = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        out[str(path)] = (
            info.st_mode,
            info.st_mtime_ns,
            path.read_bytes() if path.is_file() else b"",
        )
    return out


def _unprivileged(args: list[str], script: str = "") -> subprocess.CompletedProcess[str]:
    code = script or "from workspace.cli import main; main()"
    return subprocess.run(["setpriv", *NO_BYPASS, "--", sys.executable, "-c", code, *args],
                          capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, TEXTUAL_ANIMATIONS="none"))  # fmt: skip


@pytest.fixture
def read_only(tmp_path):
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to run without root's permission bypass")
    probe = _unprivileged([], f"open({str(tmp_path / 'probe')!r}, 'w')")
    tmp_path.chmod(0o555)
    denied = _unprivileged([], f"open({str(tmp_path / 'probe2')!r}, 'w')")
    tmp_path.chmod(0o755)
    if probe.returncode != 0 or denied.returncode == 0:
        pytest.skip("cannot drop root's permission bypass on this machine")
    ws = make(tmp_path, translations=50)
    # The index is stale: a file was edited after it was indexed (read-only use must still
    # see it, without writing the index).
    edited = next((ws / "stories" / "s").glob("*.md"))
    edited.write_text(edited.read_text() + "\nA sentence added by hand later.\n")
    yield ws
    for path in [ws, *ws.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)


def _lock(ws: Path) -> None:
    for path in [ws, *ws.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


@pytest.mark.parametrize("wal", [False, True], ids=["closed cleanly", "with a WAL left behind"])
def test_a_read_only_workspace_reads_and_refuses_writes_in_one_line(read_only, tmp_path, wal):
    ws = read_only
    if wal:  # a copy taken while a writer had it open: the WAL and its index are there
        holder = sqlite3.connect(ws / "parallax.db")
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("UPDATE jobs SET updated = 1")
        holder.execute(
            "INSERT INTO translations VALUES ('h', 'ru', 'en', 'm@2', 'a', 'b', 0, 'r', 1)"
        )
        assert (ws / "parallax.db-wal").exists()
        shutil.copy(ws / "parallax.db-wal", tmp_path / "wal")
        shutil.copy(ws / "parallax.db-shm", tmp_path / "shm")
        holder.close()
        shutil.copy(tmp_path / "wal", ws / "parallax.db-wal")
        shutil.copy(tmp_path / "shm", ws / "parallax.db-shm")
    _lock(ws)
    before = _tree(ws)
    for args in READERS:
        result = _unprivileged(["-w", str(ws), *args])
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    shown = json.loads(_unprivileged(["-w", str(ws), "show", "s", "--json"]).stdout)
    assert sum(a["sentences"] for a in shown["articles"]) == 3 + 2 + 3 + 1  # the edit is seen
    (tmp_path / "new.txt").write_text("A new article about something else entirely.")
    writers = [["add", str(tmp_path / "new.txt"), "--story", "s"], ["translate", "s"],
               ["check", "--repair"], ["remove", shown["articles"][0]["id"]],
               ["translate", "s", "--force"]]  # fmt: skip
    for args in writers:
        result = _unprivileged(["-w", str(ws), *args])
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "read-only" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.strip().count("\n") == 0, result.stderr
    assert _tree(ws) == before  # nothing written, not even the index


def test_the_tui_loads_a_story_from_a_read_only_workspace(read_only):
    ws = read_only
    _lock(ws)
    script = f"""
import asyncio, sys
from workspace.tui.app import make_app
from workspace.tui.screens.story import StoryScreen
from workspace.tui.widgets.story_table import StoryTable

async def main():
    app = make_app({str(ws)!r}, "s")
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(40):
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, StoryScreen) and screen.view is not None:
                print("rows", screen.query_one(StoryTable).row_count)
                return
        print("summary", screen.query_one("#story-summary").render())
asyncio.run(main())
"""
    result = _unprivileged([], script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("rows") and int(result.stdout.split()[1]) > 0, result.stdout


def test_slow_damage_reports_do_not_hang(tmp_path):
    """A damaged database is reported, not retried forever (a lock is retried, damage not)."""
    ws = make(tmp_path, translations=10)
    damage(ws, "not a database")
    began = time.monotonic()
    result = run("-w", ws, "stories")
    assert result.code == 1 and DAMAGED in result.err
    assert time.monotonic() - began < 30  # a hang guard, not a speed claim

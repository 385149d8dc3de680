"""`translate --force` translates again without deleting first: stopped at any moment, every
old translation is still there, and a rerun finishes only what was not yet replaced."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.cli.test_translate import PARALLAX, db_counts, make_workspace


def memory(ws: Path) -> dict[tuple[str, str, str, str], float]:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        return {
            (r[0], r[1], r[2], r[3]): r[4]
            for r in conn.execute(
                "SELECT source_hash, source_lang, target_lang, model_id, created FROM translations"
            )
        }
    finally:
        conn.close()


def forced_jobs(ws: Path) -> int:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        return conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE force_since IS NOT NULL AND state IN"
            " ('queued', 'running')"
        ).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def translated(tmp_path, model_files):
    ws = make_workspace(tmp_path, model_files["ru-en"], articles=20)
    env = dict(os.environ, PARALLAX_WORKSPACE=str(ws))
    done = subprocess.run([*PARALLAX, "translate", "--all"], env=env, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 0, done.stderr
    before = memory(ws)
    assert len(before) == db_counts(ws)[1] > 100
    return ws, before


def _start_forced(ws: Path) -> subprocess.Popen:
    env = dict(os.environ, PARALLAX_CHUNK_SENTENCES="4", PARALLAX_WORKSPACE=str(ws))
    return subprocess.Popen([*PARALLAX, "translate", "--all", "--force"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _wait(condition, process: subprocess.Popen, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the forced run ended before the kill"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _safe(check):  # type: ignore[no-untyped-def]
    def wrapped() -> bool:
        try:
            return bool(check())
        except sqlite3.OperationalError:
            return False

    return wrapped


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
@pytest.mark.parametrize("when", ["jobs queued", "some replaced"])
def test_a_forced_run_stopped_early_keeps_every_old_translation(translated, sig, when):
    ws, before = translated
    started = time.time()
    process = _start_forced(ws)
    if when == "jobs queued":
        _wait(_safe(lambda: forced_jobs(ws) > 0), process)
    else:
        _wait(_safe(lambda: sum(c >= started for c in memory(ws).values()) >= 8), process)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    after = memory(ws)
    assert set(after) == set(before)  # not one translation lost
    replaced = sum(after[k] != before[k] for k in before)
    assert replaced < len(before), "killed too late to test anything"
    if sig == signal.SIGTERM:
        assert "Traceback" not in err
    # The rerun resumes the forced jobs and replaces only what is still old.
    rerun = subprocess.run([*PARALLAX, "translate", "--all"], capture_output=True, text=True,
                           env=dict(os.environ, PARALLAX_WORKSPACE=str(ws)), timeout=300,
                           stdin=subprocess.DEVNULL)  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    final = memory(ws)
    assert set(final) == set(before)
    assert all(final[k] != before[k] for k in before)  # every entry was translated again
    line = next(x for x in rerun.stdout.splitlines() if x.startswith("translated"))
    model_calls = int(line.split("(")[1].split()[0])
    assert model_calls == len(before) - replaced  # nothing replaced twice


def test_a_bad_beam_is_one_line_before_anything_happens(translated):
    ws, before = translated
    for beam in ("0", "-3"):
        result = run("-w", ws, "translate", "--all", "--force", "--beam", beam)
        assert result.code == 1 and "beam size must be at least 1" in result.err
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert memory(ws) == before and forced_jobs(ws) == 0

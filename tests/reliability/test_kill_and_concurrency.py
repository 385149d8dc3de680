"""A long batch job killed at many points, and a second process working at the same time."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.cli.helpers import run
from tests.cli.test_translate import PARALLAX, db_counts, make_workspace


def file_hashes(ws: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in (ws / "stories").rglob("*.md")
    }


def duplicate_rows(ws: Path) -> int:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        return conn.execute(
            "SELECT COUNT(*) FROM (SELECT source_hash, model_id, COUNT(*) c FROM translations"
            " GROUP BY source_hash, source_lang, target_lang, model_id HAVING c > 1)"
        ).fetchone()[0]
    finally:
        conn.close()


def test_sigkill_at_ten_seeded_points_loses_and_duplicates_nothing(tmp_path, model_files):
    ws = make_workspace(tmp_path, model_files["ru-en"], articles=100, sentences=10)
    originals = file_hashes(ws)
    _, distinct = db_counts(ws)
    rng = random.Random(20261126)
    points = sorted(rng.sample(range(20, distinct - 20), 10))
    env = dict(os.environ, PARALLAX_CHUNK_SENTENCES="8", PARALLAX_WORKSPACE=str(ws))
    killed_at = []
    for point in points:
        process = subprocess.Popen([*PARALLAX, "translate", "--all"], env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if db_counts(ws)[0] >= point:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        done, _ = db_counts(ws)
        killed_at.append(done)
        assert duplicate_rows(ws) == 0
        assert file_hashes(ws) == originals
    assert len(set(killed_at)) >= 5, f"kills did not land at distinct points: {killed_at}"
    final = subprocess.run([*PARALLAX, "translate", "--all"], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert final.returncode == 0, final.stderr
    memory, distinct = db_counts(ws)
    assert memory == distinct and duplicate_rows(ws) == 0
    jobs = json.loads(run("-w", ws, "jobs", "--json").out)
    assert jobs and {j["state"] for j in jobs} == {"done"}  # no job stuck in "running"
    assert run("-w", ws, "check").code == 0
    assert file_hashes(ws) == originals


def test_a_batch_job_and_a_second_process_share_the_workspace(tmp_path, model_files):
    """For a minute, batch jobs run back to back (--force keeps them busy) while a second
    process adds, compares and shows: no lock error reaches the user, nothing is lost."""
    ws = make_workspace(tmp_path, model_files["ru-en"], articles=40, sentences=10)
    env = dict(os.environ, PARALLAX_CHUNK_SENTENCES="4", PARALLAX_WORKSPACE=str(ws))
    errors, adds, jobs_run = [], 0, 0
    job = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if job is None or job.poll() is not None:
            if job is not None:
                assert job.returncode == 0, job.stderr.read()
                jobs_run += 1
            job = subprocess.Popen([*PARALLAX, "translate", "--all", "--force"], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        source = tmp_path / f"extra{adds}.txt"
        source.write_text(f"Дополнительная статья номер {adds}. Она пришла во время перевода.")
        for args in (
            ["add", str(source), "--story", "extra", "--lang", "ru"],
            ["compare", "s0", "--json"],
            ["show", "s1", "--json"],
        ):
            result = subprocess.run([*PARALLAX, *args], env=env, stdin=subprocess.DEVNULL,
                                    capture_output=True, text=True, timeout=60)  # fmt: skip
            if result.returncode != 0:
                errors.append(result.stderr)
        adds += 1
    assert job is not None
    job.wait(timeout=300)
    assert job.returncode == 0, job.stderr.read()
    assert errors == [], errors[:3]
    assert jobs_run >= 1
    shown = json.loads(run("-w", ws, "show", "extra", "--json").out)
    assert len(shown["articles"]) == adds  # nothing lost
    assert run("-w", ws, "check").code == 0

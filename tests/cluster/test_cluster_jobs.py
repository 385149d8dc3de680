"""`parallax translate --ray` on the session's Ray: same output as the local engine, and the
kill-safety of a local run when the driver, one worker or every worker is killed."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.cli.test_translate import PARALLAX, db_counts, make_workspace
from tests.reliability.test_kill_and_concurrency import duplicate_rows

WORDS = {
    "ru": [
        "газ",
        "поставки",
        "соглашение",
        "министр",
        "граница",
        "регион",
        "трубопровод",
        "цена",
        "зима",
        "год",
    ],
    "kk": ["газ", "жеткізу", "келісім", "министр", "шекара", "өңір", "құбыр", "баға", "қыс", "жыл"],
    "en": [
        "gas",
        "supplies",
        "agreement",
        "minister",
        "border",
        "region",
        "pipeline",
        "price",
        "winter",
        "year",
    ],
}


def article_text(language: str, seed: int, sentences: int) -> str:
    rng = random.Random(seed)
    return " ".join(
        " ".join(rng.choice(WORDS[language]) for _ in range(rng.randint(3, 14))).capitalize()
        + f" {seed}-{i}."
        for i in range(sentences)
    )


def story_workspace(root: Path, packages: list[Path]) -> Path:
    """Russian, Kazakh and English articles, each translatable into English and Russian."""
    ws = root / "ws"
    assert run("init", ws, "--local-models").code == 0
    for package in packages:
        assert run("-w", ws, "models", "install", package).code == 0
    for n, language in enumerate(["ru", "ru", "kk", "kk", "en"]):
        source = root / f"{n}.txt"
        source.write_text(article_text(language, n, 24), encoding="utf-8")
        added = run(
            "-w", ws, "add", source, "--story", "s", "--outlet", f"o{n}", "--lang", language
        )
        assert added.code == 0, added.err
    return ws


def memory_rows(ws: Path) -> list[tuple]:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        return conn.execute(
            "SELECT source_hash, source_lang, target_lang, model_id, source_text, target_text,"
            " score, route FROM translations ORDER BY source_hash, source_lang, target_lang,"
            " model_id"
        ).fetchall()
    finally:
        conn.close()


def workers_json(ws: Path) -> list[dict]:
    return json.loads(run("-w", ws, "jobs", "--json", "--workers").out)


def test_a_story_on_ray_comes_out_identical_to_the_local_engine(
    tmp_path, model_files, kk_en_package, free_cpus
):
    packages = [model_files["ru-en"], model_files["en-ru"], kk_en_package]
    local = story_workspace(tmp_path / "local", packages)
    remote = story_workspace(tmp_path / "ray", packages)
    # Into English (direct routes), then into Russian: kk goes kk→en→ru, and its first leg
    # is already in the memory, so the driver hands it to the workers instead of redoing it.
    for target in ("en", "ru"):
        assert run("-w", local, "translate", "s", "--to", target).code == 0
        result = run("-w", remote, "translate", "s", "--to", target, "--ray")
        assert result.code == 0, result.err
        assert "worker w2" in result.out
    ours, theirs = memory_rows(local), memory_rows(remote)
    assert len(ours) > 150 and ours == theirs
    assert {r[3] for r in theirs} >= {"translate-kk_en@1.0>translate-en_ru@1.0"}
    workers = workers_json(remote)
    assert [w["worker"] for w in workers] == ["w1", "w2"]
    assert all(w["state"] == "done" and w["batches"] > 0 for w in workers)
    assert sum(w["sentences"] for w in workers) == 24 + 2 * 24  # kk ×2 (pivot) + en → ru
    jobs = json.loads(run("-w", remote, "jobs", "--json").out)
    assert {j["state"] for j in jobs} == {"done"}


def start_driver(ws: Path, address: str, **env: str) -> subprocess.Popen:
    environment = dict(os.environ, PARALLAX_CHUNK_SENTENCES="4", PARALLAX_WORKSPACE=str(ws), **env)
    return subprocess.Popen(
        [*PARALLAX, "translate", "--all", "--ray", address], env=environment,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_until(condition, what: str, process: subprocess.Popen, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except sqlite3.OperationalError:  # a table not there yet, or a lock
            value = None
        if value:
            return value
        if process.poll() is not None:
            raise AssertionError(f"driver ended before {what}: {process.communicate()}")
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def worker_pids(ws: Path) -> dict[str, int]:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        rows = conn.execute("SELECT worker, pid FROM job_workers WHERE state = 'working'")
        return {name: pid for name, pid in rows if pid}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_ws_template(tmp_path_factory, model_files):
    return make_workspace(tmp_path_factory.mktemp("big"), model_files["ru-en"], 60, 12)


@pytest.fixture
def big_ws(tmp_path, big_ws_template):
    """720 sentences in 60 articles, not translated yet (a fresh copy for each test)."""
    copy = tmp_path / "ws"
    shutil.copytree(big_ws_template, copy)
    return copy


def test_killed_driver_resumes_without_redoing_or_losing_work(big_ws, ray_address, free_cpus):
    driver = start_driver(big_ws, ray_address)
    wait_until(lambda: db_counts(big_ws)[0] >= 8, "first commits", driver)
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=30)
    done_before, distinct = db_counts(big_ws)
    assert 0 < done_before < distinct, "killed too late to test resumption"
    assert duplicate_rows(big_ws) == 0
    assert {w["state"] for w in workers_json(big_ws)} == {"gone"}
    rerun = start_driver(big_ws, ray_address)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    memory, distinct = db_counts(big_ws)
    assert memory == distinct and duplicate_rows(big_ws) == 0  # every sentence exactly once
    summary = next(line for line in out.splitlines() if line.startswith("translated"))
    assert int(summary.split("(")[1].split()[0]) == distinct - done_before  # nothing redone
    jobs = json.loads(run("-w", big_ws, "jobs", "--json").out)
    assert {j["state"] for j in jobs} == {"done"} and all(j["done"] == j["total"] for j in jobs)


def test_a_worker_killed_mid_job_is_restarted_and_its_units_retried(big_ws, ray_address, free_cpus):
    driver = start_driver(big_ws, ray_address)
    pids = wait_until(lambda: worker_pids(big_ws), "workers", driver)
    wait_until(lambda: db_counts(big_ws)[0] >= 8, "first commits", driver)
    os.kill(pids["w1"], signal.SIGKILL)
    done_at_kill, distinct = db_counts(big_ws)
    assert done_at_kill < distinct, "killed too late: the job was over"
    out, err = driver.communicate(timeout=300)
    assert driver.returncode == 0, err
    memory, distinct = db_counts(big_ws)
    assert memory == distinct and duplicate_rows(big_ws) == 0
    w1 = next(w for w in workers_json(big_ws) if w["worker"] == "w1")
    assert w1["restarts"] >= 1 and w1["pid"] != pids["w1"], (w1, out)
    jobs = json.loads(run("-w", big_ws, "jobs", "--json").out)
    assert {j["state"] for j in jobs} == {"done"}


def test_losing_every_worker_leaves_the_jobs_queued_to_resume(big_ws, ray_address, free_cpus):
    driver = start_driver(big_ws, ray_address, PARALLAX_RAY_MAX_RESTARTS="0")
    pids = wait_until(
        lambda: len(worker_pids(big_ws)) == 2 and worker_pids(big_ws), "workers", driver
    )
    wait_until(lambda: db_counts(big_ws)[0] >= 8, "first commits", driver)
    for pid in pids.values():
        os.kill(pid, signal.SIGKILL)
    out, err = driver.communicate(timeout=120)
    assert driver.returncode == 1
    assert err.strip().splitlines()[-1].startswith("parallax: error: lost the Ray cluster")
    assert "Traceback" not in err
    done_before, distinct = db_counts(big_ws)
    assert 0 < done_before < distinct and duplicate_rows(big_ws) == 0
    jobs = json.loads(run("-w", big_ws, "jobs", "--json").out)
    assert "running" not in {j["state"] for j in jobs} and "queued" in {j["state"] for j in jobs}
    assert {w["state"] for w in workers_json(big_ws)} == {"lost"}
    # Resumable anywhere: this machine's engine finishes it.
    local = subprocess.run([*PARALLAX, "translate", "--all"], capture_output=True, text=True,
                           env=dict(os.environ, PARALLAX_WORKSPACE=str(big_ws)), timeout=300)  # fmt: skip
    assert local.returncode == 0, local.stderr
    memory, distinct = db_counts(big_ws)
    assert memory == distinct and duplicate_rows(big_ws) == 0

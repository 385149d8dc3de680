"""`parallax translate` as a user runs it: real processes, killed and resumed."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import run

PARALLAX = [sys.executable, "-c", "from workspace.cli import main; main()"]


def make_workspace(root: Path, model: Path, articles: int, sentences: int = 12) -> Path:
    ws = root / "ws"
    assert run("init", ws, "--local-models").code == 0
    assert run("-w", ws, "models", "install", model).code == 0
    rng = random.Random(3)
    words = [
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
    ]
    for a in range(articles):
        text = " ".join(
            f"{' '.join(rng.choice(words) for _ in range(rng.randint(4, 12))).capitalize()} {a}-{i}."
            for i in range(sentences)
        )
        source = root / f"a{a}.txt"
        source.write_text(text, encoding="utf-8")
        assert (
            run(
                "-w", ws, "add", source, "--story", f"s{a % 5}", "--outlet", f"o{a}", "--lang", "ru"
            ).code
            == 0
        )
    return ws


def db_counts(ws: Path) -> tuple[int, int]:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        memory = conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        distinct = conn.execute("SELECT COUNT(DISTINCT text_hash) FROM segments").fetchone()[0]
    finally:
        conn.close()
    return memory, distinct


def start(ws: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PARALLAX_CHUNK_SENTENCES="4", PARALLAX_WORKSPACE=str(ws))
    return subprocess.Popen(
        [*PARALLAX, "translate", "--all", *args], env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for_progress(ws: Path, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done = db_counts(ws)[0]
        except sqlite3.OperationalError:
            done = 0
        if done >= at_least:
            return done
        time.sleep(0.02)
    raise AssertionError("no progress")


@pytest.fixture
def big_ws(tmp_path, model_files):
    return make_workspace(tmp_path, model_files["ru-en"], articles=20)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killed_job_resumes_without_redoing_work(big_ws, sig):
    process = start(big_ws)
    wait_for_progress(big_ws, 8)
    process.send_signal(sig)
    process.wait(timeout=30)
    done_before, distinct = db_counts(big_ws)
    assert 0 < done_before < distinct, "killed too late to test resumption"
    if sig != signal.SIGKILL:
        assert process.returncode != 0
        assert "Traceback" not in process.stderr.read()
    rerun = start(big_ws)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    memory, distinct = db_counts(big_ws)
    assert memory == distinct  # every sentence exactly once
    first_line = [line for line in out.splitlines() if line.startswith("translated")][0]
    model_calls = int(first_line.split("(")[1].split()[0])
    assert model_calls == distinct - done_before  # nothing redone
    jobs = json.loads(run("-w", big_ws, "jobs", "--json").out)
    assert {j["state"] for j in jobs} == {"done"}
    assert all(j["done"] == j["total"] for j in jobs)


def test_progress_lines_without_a_terminal_and_json_dry_run(tmp_path, model_files):
    ws = make_workspace(tmp_path, model_files["ru-en"], articles=3, sentences=4)
    dry = run("-w", ws, "translate", "--all", "--dry-run", "--json")
    plan = json.loads(dry.out)
    assert plan["pending_sentences"] == 12
    assert all(a["pending_sentences"] == 4 for a in plan["articles"])
    process = start(ws)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "progress: 12/12 sentences" in out
    again = json.loads(run("-w", ws, "translate", "--all", "--dry-run", "--json").out)
    assert again["pending_sentences"] == 0 and again["sentences_in_memory"] == 12
    shown = json.loads(run("-w", ws, "show", "s0", "--json").out)
    assert shown["articles"][0]["translated"] == {"en": 4}


def test_no_model_for_a_language_names_the_install_command(tmp_path):
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    (tmp_path / "kk.txt").write_text(
        "Қазақстан мен Ресей келісімге қол қойды. Келісім он жылға жасалды."
    )
    run("-w", ws, "add", tmp_path / "kk.txt", "--story", "s")
    result = run("-w", ws, "translate", "s")
    assert result.code == 1
    assert "parallax models install kk" in result.err
    assert "Traceback" not in result.err
    jobs = json.loads(run("-w", ws, "jobs", "--json").out)
    assert jobs[0]["state"] == "failed" and "install" in jobs[0]["error"]


def test_models_cli_lists_routes_and_refuses_bad_packages(tmp_path, model_files):
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    assert run("-w", ws, "models", "install", model_files["ru-en"]).code == 0
    listed = json.loads(run("-w", ws, "models", "list", "--json").out)
    assert "ru-en" in {p for m in listed for p in m["pairs"]}
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"junk")
    result = run("-w", ws, "models", "install", bad)
    assert result.code == 1 and "not a zip" in result.err and result.err.count("\n") == 1
    assert (
        run("-w", ws, "models", "import-ct2", model_files["nllb-dir"], "--langs", "kk,ru,en").code
        == 0
    )
    routes = {(r["source"], r["target"]): r["route"] for r in
              json.loads(run("-w", ws, "models", "routes", "--json").out)}  # fmt: skip
    assert routes[("kk", "en")].startswith("multilingual")
    assert routes[("ru", "en")].startswith("direct")
    for code in ("translate-ru_en", "nllb-tiny-ct2"):
        assert run("-w", ws, "models", "remove", code).code == 0

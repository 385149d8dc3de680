"""What goes wrong around `--ray`: one line each, and nothing queued half-way."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.cli.test_translate import make_workspace

BLOCK_RAY = """
import sys
class NoRay:
    def find_spec(self, name, path=None, target=None):
        if name == "ray" or name.startswith("ray."):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, NoRay())
"""


def job_count(ws: Path) -> int:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        return conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
    finally:
        conn.close()


def parallax(ws: Path, *args: str, prelude: str = "", **env: str) -> subprocess.CompletedProcess:
    code = prelude + "\nfrom workspace.cli import main\nmain()\n"
    environment = dict(os.environ, PARALLAX_WORKSPACE=str(ws), **env)
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=environment, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("parallax: error: ")
    return lines[0]


@pytest.fixture
def small_ws(tmp_path, model_files):
    return make_workspace(tmp_path, model_files["ru-en"], articles=2, sentences=4)


def test_without_ray_installed_one_line_names_the_extra(small_ws):
    result = parallax(small_ws, "translate", "--all", "--ray", prelude=BLOCK_RAY)
    assert 'pip install "parallax-workspace[cluster]"' in one_error_line(result)
    assert job_count(small_ws) == 0  # nothing queued
    # Everything else works without Ray, and never imports it.
    code = (
        BLOCK_RAY + "import workspace.translate.cluster, workspace.translate.worker\n"
        "from workspace.cli import main\n"
        "main(['translate', '--all'])\n"
    )
    local = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=dict(os.environ, PARALLAX_WORKSPACE=str(small_ws)), timeout=120)  # fmt: skip
    assert local.returncode == 0, local.stderr
    assert "translated 8 sentences" in local.stdout


def test_importing_workspace_and_its_cli_never_imports_ray():
    code = (
        "import sys\n"
        "import workspace.translate.cluster.driver, workspace.translate.cluster.pool\n"
        "import workspace.translate.worker, workspace.cli.translate\n"
        "from workspace.cli import main\n"
        "try:\n    main(['translate', '--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'ray' not in sys.modules, 'ray was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


def test_an_address_where_nothing_listens_fails_at_once_and_queues_nothing(small_ws):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when we connect
    result = parallax(small_ws, "translate", "--all", "--ray", f"127.0.0.1:{port}")
    assert "nothing listens" in one_error_line(result)
    assert job_count(small_ws) == 0


def test_an_address_that_is_not_ray_fails_within_the_timeout_and_queues_nothing(small_ws):
    with socket.socket() as server:  # accepts connections, never speaks Ray
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        address = f"127.0.0.1:{server.getsockname()[1]}"
        result = parallax(
            small_ws, "translate", "--all", "--ray", address, PARALLAX_RAY_CONNECT_TIMEOUT="3"
        )
    assert "no answer within 3 s" in result.stderr.strip().splitlines()[-1]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert job_count(small_ws) == 0


def test_cuda_without_a_gpu_is_one_line_before_anything_is_queued(small_ws, ray_address):
    local = run("-w", small_ws, "translate", "--all", "--device", "cuda")
    assert local.code == 1 and "CUDA" in local.err and local.err.count("\n") == 1
    on_ray = run("-w", small_ws, "translate", "--all", "--ray", "--device", "cuda")
    assert on_ray.code == 1 and "has no GPUs" in on_ray.err and on_ray.err.count("\n") == 1
    bad_type = run("-w", small_ws, "translate", "--all", "--compute-type", "float16")
    assert bad_type.code == 1 and "does not run on cpu" in bad_type.err
    assert job_count(small_ws) == 0


def test_a_worker_without_the_model_package_stops_the_run_before_queueing(
    small_ws, ray_address, free_cpus, monkeypatch
):
    from workspace.translate.cluster import pool
    from workspace.translate.shipping import ShippedPackage

    def missing_on_workers(model):
        return ShippedPackage(model.model_id, model.path.name, shared_path="/nonexistent/pkg")

    monkeypatch.setattr(pool, "shared_package", missing_on_workers)
    result = run("-w", small_ws, "translate", "--all", "--ray", "--shared-models")
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert "has no model package at /nonexistent/pkg" in result.err
    assert job_count(small_ws) == 0
    # The same workers read the real path when it is there (one machine: it always is).
    monkeypatch.undo()
    shared = run("-w", small_ws, "translate", "--all", "--ray", "--shared-models")
    assert shared.code == 0, shared.err


def test_a_story_another_runner_holds_is_refused_not_translated_twice(
    small_ws, ray_address, free_cpus
):
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert run("-w", small_ws, "translate", "--all", "--dry-run").code == 0
        from workspace.store.workspace import Workspace
        from workspace.translate import jobs

        ws = Workspace(small_ws)
        jobs.queue_jobs(ws, jobs.plan_translation(ws, [], all_stories=True))
        ws.db.execute("UPDATE jobs SET state = 'running', pid = ?, heartbeat = strftime('%s')",
                      (holder.pid,))  # fmt: skip
        ws.close()
        for extra in (["--ray"], []):  # a Ray run while a local one runs, and the reverse
            result = run("-w", small_ws, "translate", "--all", *extra)
            assert result.code == 1 and result.err.count("\n") == 1, result.err
            assert f"another parallax process (pid {holder.pid})" in result.err
        rows = json.loads(run("-w", small_ws, "jobs", "--json").out)
        assert {(r["state"], r["done"]) for r in rows} == {("running", 0)}
    finally:
        holder.kill()
        holder.wait()
    # The holder is gone: its jobs are taken back and finished.
    assert run("-w", small_ws, "translate", "--all", "--ray").code == 0
    rows = json.loads(run("-w", small_ws, "jobs", "--json").out)
    assert {r["state"] for r in rows} == {"done"}

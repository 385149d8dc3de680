"""Batch jobs on this machine: the local engine vs Ray with 1 and 2 actors, same outputs.

Builds the random-weight model with Argos dimensions (bench/translate.py's builder: 6+6
layers, d_model 512, ~30k vocabulary, end-of-sentence bias tuned so outputs are about as long
as inputs), puts news sentences (UD ru_gsd) into articles of 30 sentences in a scratch
workspace, and runs the same translation job, from an empty memory each time:

  local   run_jobs with the local engine (inter_threads = cores, intra_threads = 1)
  ray N   run_cluster_jobs on a Ray started here, N actors of 1 thread each

Each is run `--repeats` times and the best time is kept (other processes share the CPU).
Every run's translations must equal the first local run's, row for row. Also measured:
Ray's per-batch overhead (an empty unit's round trip to an actor, and how much of a job the
actors sat idle per unit), the actors' start-up, and a projection of hours per million
30-sentence articles per core.
Last line: RESULT ray2/local=<local time / ray2 time> overhead_ms_per_batch=<round trip>

    python bench/translate_cluster.py [--sentences 600] [--repeats 2] [--ud DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
# bench/translate.py: scratch dirs (never the user's models), UD text, the model builder.
import translate as argos_bench  # noqa: E402

# A Ray started here stays on the loopback interface.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

ARTICLE_SENTENCES = 30


def make_workspace(paragraphs: list[list[str]], model_package: Path) -> Path:
    """A workspace whose articles hold the UD sentences, 30 to an article."""
    from workspace.store.files import atomic_write_text, render_front_matter
    from workspace.store.workspace import init_workspace
    from workspace.translate.packages import install_package_file

    ws = init_workspace(argos_bench.SCRATCH / "cluster-ws", local_models=True)
    install_package_file(model_package, ws.packages_dir)
    ws.create_story("bench", title="UD news")
    sentences = [s for p in paragraphs for s in p]
    for a in range(0, len(sentences), ARTICLE_SENTENCES):
        body = " ".join(sentences[a : a + ARTICLE_SENTENCES])
        meta = {"id": f"a{a:05d}", "outlet": f"outlet {a}", "language": "ru", "script": "Cyrl",
                "title": f"Article {a}"}  # fmt: skip
        atomic_write_text(
            ws.stories_dir / "bench" / f"a{a:05d}.md", render_front_matter(meta, body)
        )
    ws.sync()
    ws.close()
    return ws.root


def fresh_copy(template: Path, name: str) -> Path:
    target = argos_bench.SCRATCH / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def translations(root: Path) -> list[tuple]:
    conn = sqlite3.connect(root / "parallax.db")
    try:
        return conn.execute(
            "SELECT source_hash, target_text, score FROM translations ORDER BY source_hash"
        ).fetchall()
    finally:
        conn.close()


def run_local(template: Path, name: str) -> tuple[float, Path]:
    from workspace.store.workspace import Workspace
    from workspace.translate.engine import Engine
    from workspace.translate.jobs import installed_models, plan_translation, queue_jobs, run_jobs

    root = fresh_copy(template, name)
    ws = Workspace(root)
    engine = Engine()
    for model in installed_models(ws):
        engine.translator(model)  # loading is not translating (the Ray actors load at start)
    queue_jobs(ws, plan_translation(ws, ["bench"]))
    began = time.perf_counter()
    report = run_jobs(ws, engine)
    elapsed = time.perf_counter() - began
    assert not report.failures and report.progress.done, report
    ws.close()
    return elapsed, root


@dataclass
class RayRun:
    seconds: float  # the job, from the first claim to the last commit
    startup: float  # models shipped and loaded by every actor
    units: int
    busy: float  # seconds the actors spent translating, summed over actors
    root: Path


def run_ray(template: Path, name: str, workers: int) -> RayRun:
    from workspace.store.workspace import Workspace
    from workspace.translate.cluster import ClusterSettings, run_cluster_jobs, start_pool
    from workspace.translate.jobs import plan_translation, queue_jobs

    root = fresh_copy(template, name)
    ws = Workspace(root)
    plan = plan_translation(ws, ["bench"])
    began = time.perf_counter()
    pool = start_pool(ws, plan, ClusterSettings(workers=workers))
    startup = time.perf_counter() - began
    try:
        queue_jobs(ws, plan)
        began = time.perf_counter()
        report = run_cluster_jobs(ws, pool)
        elapsed = time.perf_counter() - began
        units = sum(w.batches for w in pool.workers)
        busy = sum(w.busy_seconds for w in pool.workers)
    finally:
        pool.close()
    assert not report.failures and report.progress.done, report
    ws.close()
    return RayRun(elapsed, startup, units, busy, root)


def empty_round_trip_ms(template: Path, trips: int = 200) -> float:
    """Median round trip of a unit with no sentences to one actor: Ray's cost per batch."""
    from workspace.store.workspace import Workspace
    from workspace.translate.cluster import ClusterSettings, start_pool
    from workspace.translate.engine import DecodeOptions
    from workspace.translate.jobs import plan_translation
    from workspace.translate.worker import RouteSpec, WorkUnit

    ws = Workspace(fresh_copy(template, "round-trip"))
    pool = start_pool(ws, plan_translation(ws, ["bench"]), ClusterSettings(workers=1))
    try:
        spec = RouteSpec("ru", "en", ((next(iter(pool.model_ids)), "ru", "en"),))
        unit = WorkUnit(0, spec, (), DecodeOptions.argos())
        actor = pool.workers[0].actor
        pool.ray.get(actor.translate.remote(unit))
        times = []
        for _ in range(trips):
            began = time.perf_counter()
            pool.ray.get(actor.translate.remote(unit))
            times.append(time.perf_counter() - began)
    finally:
        pool.close()
        ws.close()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=600, help="at most this many")
    parser.add_argument("--repeats", type=int, default=2, help="runs per setting (best kept)")
    parser.add_argument("--ud", type=Path, default=argos_bench.DEFAULT_UD)
    args = parser.parse_args()

    from workspace.translate.cluster import connect

    cores = os.cpu_count() or 1
    paragraphs = argos_bench.news_paragraphs(args.ud, args.sentences)
    sentences = [s for p in paragraphs for s in p]
    print(f"text: {len(sentences)} UD sentences; cores: {cores}")
    model, package = argos_bench.tuned_model(sentences)
    template = make_workspace(paragraphs, package)

    ray, _ = connect(None)  # a Ray on this machine, every core
    print(f"ray {ray.__version__}: {ray.cluster_resources().get('CPU', 0):.0f} CPUs")
    best: dict[str, float] = {}
    runs: dict[str, RayRun] = {}
    reference: list[tuple] | None = None
    identical: dict[str, bool] = {}
    for repeat in range(args.repeats):
        for setting in ("local", "ray1", "ray2"):
            name = f"{setting}-{repeat}"
            if setting == "local":
                elapsed, root = run_local(template, name)
            else:
                run = run_ray(template, name, int(setting[-1]))
                elapsed, root = run.seconds, run.root
                if setting not in runs or run.seconds < runs[setting].seconds:
                    runs[setting] = run
            rows = translations(root)
            reference = reference or rows
            identical[setting] = identical.get(setting, True) and rows == reference
            best[setting] = min(best.get(setting, elapsed), elapsed)
            print(f"  run {repeat + 1} {setting:<5} {elapsed:7.2f} s", flush=True)
    assert reference is not None
    n = len(reference)
    print(
        f"job: {n} distinct sentences in {math.ceil(len(sentences) / ARTICLE_SENTENCES)} articles"
    )
    print(f"{'setting':<30} {'seconds':>8} {'sent/s':>8} {'vs local':>9} identical")
    for setting, label in (("local", f"local engine ({cores} threads)"),
                           ("ray1", "Ray, 1 actor x 1 thread"), ("ray2", "Ray, 2 actors x 1 thread")):  # fmt: skip
        t = best[setting]
        print(f"{label:<30} {t:8.2f} {n / t:8.2f} {best['local'] / t:9.2f}"
              f" {'yes' if identical[setting] else 'NO'}")  # fmt: skip
    for setting in ("ray1", "ray2"):
        run = runs[setting]
        actors = int(setting[-1])
        idle = (run.seconds * actors - run.busy) / run.units * 1000
        print(f"{setting}: {run.units} units, start-up {run.startup:.1f} s (models shipped and"
              f" loaded), actors busy {run.busy / (run.seconds * actors):.1%} of the job:"
              f" {idle:.0f} ms idle per unit")  # fmt: skip
    round_trip = empty_round_trip_ms(template)
    print(f"per-batch overhead: an empty unit's round trip to an actor {round_trip:.1f} ms"
          " (median of 200; hidden while 2 units per actor are in flight)")  # fmt: skip
    per_core = n / best["ray2"] / min(2, cores)
    hours = 1_000_000 * ARTICLE_SENTENCES / per_core / 3600
    print(f"projection: {per_core:.2f} sentences/s per core (Ray, 2 actors) -> {hours:,.0f}"
          f" core-hours per million {ARTICLE_SENTENCES}-sentence articles"
          f" ({hours / 100:,.0f} hours on 100 cores)")  # fmt: skip
    if not all(identical.values()):
        sys.exit("outputs differ between the local engine and Ray")
    print(
        f"RESULT ray2/local={best['local'] / best['ray2']:.2f}"
        f" overhead_ms_per_batch={round_trip:.1f}"
    )


if __name__ == "__main__":
    main()

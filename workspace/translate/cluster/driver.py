"""The driver loop: units out to the actors, results in, one commit per unit."""

from __future__ import annotations

import math
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from workspace import ParallaxError
from workspace.store import db as database
from workspace.store.workspace import Workspace, text_hash
from workspace.translate import memory
from workspace.translate.cluster.pool import Worker, WorkerPool, first_line
from workspace.translate.engine import DecodeOptions
from workspace.translate.jobs import (
    CHUNK_SENTENCES,
    ClaimedWork,
    Progress,
    RunReport,
    _requeue_mine,
    claim_work,
    fail_route,
    finish_work,
    record_chunk,
)
from workspace.translate.memory import MemoryEntry
from workspace.translate.pipeline import SourceSentence
from workspace.translate.routes import Route
from workspace.translate.shipping import ShippedPackage
from workspace.translate.worker import RouteSpec, UnitResult, WorkUnit
from workspace.translate.workers import register_workers, set_state, update_worker

STALL_SECONDS = float(os.environ.get("PARALLAX_RAY_STALL_SECONDS", "600"))
UNITS_IN_FLIGHT = 2  # per worker: one decoding, one waiting, so none idles while we commit
MIN_UNIT_SENTENCES = 16
HEARTBEAT_SECONDS = 15.0


class ClusterLost(Exception):
    """Every worker is gone, or none answered for too long."""


def make_units(
    ws: Workspace,
    claimed: ClaimedWork,
    workers: int,
    options: DecodeOptions,
    unit_sentences: int = CHUNK_SENTENCES,
    packages: Sequence[ShippedPackage] = (),
) -> list[tuple[Route, WorkUnit]]:
    """Each route's pending sentences, in length order, cut into units: at most
    `unit_sentences`, and small enough that every worker gets a few of a small job."""
    units: list[tuple[Route, WorkUnit]] = []
    for route, pending in claimed.work:
        if not pending:
            continue
        size = max(MIN_UNIT_SENTENCES, math.ceil(len(pending) / (workers * UNITS_IN_FLIGHT)))
        size = min(unit_sentences, size)
        known = _known_legs(ws, route, pending, claimed.refresh_before(route))
        spec = RouteSpec.of(route)
        ids = {model_id for model_id, _, _ in spec.steps}
        route_packages = tuple(p for p in packages if p.model_id in ids)
        for start in range(0, len(pending), size):
            chunk = tuple(pending[start : start + size])
            legs = tuple(e for s in chunk for e in known.get(s.text_hash, ()))
            unit = WorkUnit(len(units), spec, chunk, options, legs, route_packages)
            units.append((route, unit))
    return units


def _known_legs(
    ws: Workspace, route: Route, pending: list[SourceSentence], newer_than: float | None = None
) -> dict[str, list[MemoryEntry]]:
    """For a pivot route, the legs the memory already has, by source hash (a worker cannot
    look them up, and must not redo them); in a forced run, only legs written since."""
    if len(route.steps) == 1:
        return {}
    first, second = route.steps
    one = memory.lookup(
        ws.db, [s.text_hash for s in pending], first.source, first.target, first.model.model_id,
        newer_than=newer_than,
    )  # fmt: skip
    middles = {text_hash(e.target_text): e for e in one.values()}
    two = memory.lookup(
        ws.db, middles, second.source, second.target, second.model.model_id, newer_than=newer_than
    )
    known: dict[str, list[MemoryEntry]] = {}
    for source_hash, leg in one.items():
        known[source_hash] = [leg]
        if (after := two.get(text_hash(leg.target_text))) is not None:
            known[source_hash].append(after)
    return known


def run_cluster_jobs(
    ws: Workspace,
    pool: WorkerPool,
    *,
    options: DecodeOptions | None = None,
    only_model: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[Progress], None] = lambda p: None,
    unit_sentences: int = CHUNK_SENTENCES,
) -> RunReport:
    """`run_jobs` on the pool's actors: same claims, same commits, same report."""
    options = options or DecodeOptions.argos()
    claimed, report = claim_work(ws, only_model=only_model)
    progress = report.progress
    me = os.getpid()
    try:
        _leave_uncovered(ws, claimed, pool, report)
        register_workers(ws, me, [(w.name, w.host, w.pid, w.device) for w in pool.live])
        units = make_units(
            ws, claimed, max(1, len(pool.live)), options, unit_sentences, pool.packages
        )
        progress.current = f"ray: {len(pool.live)} workers"
        on_progress(progress)
        if units:
            _drive(ws, pool, claimed, report, units, cancelled, on_progress)
        finish_work(ws, claimed, report)
        set_state(ws, me, "done")
    except InterruptedError:
        report.cancelled = True
        _requeue_mine(ws)
        set_state(ws, me, "stopped")
        return report
    except ClusterLost as exc:
        _requeue_mine(ws)
        set_state(ws, me, "lost", str(exc))
        raise ParallaxError(
            f"lost the Ray cluster: {exc}; {progress.done} sentences were saved and the jobs"
            " are queued again: rerun to finish (with --ray, or without it on this machine)"
        ) from None
    except BaseException:
        # Ctrl-C, SIGTERM, a bug: committed units stay, the rest goes back to the queue.
        _requeue_mine(ws)
        set_state(ws, me, "stopped")
        raise
    on_progress(progress)
    return report


def _leave_uncovered(
    ws: Workspace, claimed: ClaimedWork, pool: WorkerPool, report: RunReport
) -> None:
    """Jobs queued after the actors started may need a model they were not given: those go
    back to the queue for the next run rather than fail."""
    for route, pending in list(claimed.work):
        missing = [s.model.model_id for s in route.steps if s.model.model_id not in pool.model_ids]
        if not missing or not pending:
            continue
        hashes = {s.text_hash for s in pending}
        jobs = [j for j, left in claimed.remaining.items() if left & hashes]
        with database.transaction(ws.db):
            ws.db.executemany(
                "UPDATE jobs SET state = 'queued', pid = NULL, updated = ? WHERE id = ?",
                [(time.time(), j) for j in jobs],
            )
        for j in jobs:
            del claimed.remaining[j]
        claimed.work.remove((route, pending))
        report.progress.total -= len(pending)
        report.notes.append(
            f"{len(jobs)} jobs need {', '.join(missing)}, which the workers were not given"
            " (queued meanwhile); they stay queued: rerun to translate them"
        )


def _drive(
    ws: Workspace,
    pool: WorkerPool,
    claimed: ClaimedWork,
    report: RunReport,
    units: list[tuple[Route, WorkUnit]],
    cancelled: Callable[[], bool],
    on_progress: Callable[[Progress], None],
) -> None:
    """Keep every live worker busy, commit each result as it lands, reassign lost work."""
    ray = pool.ray
    progress = report.progress
    me = os.getpid()
    todo = deque(units)
    failed_routes: set[str] = set()
    in_flight: dict[Any, tuple[Route, WorkUnit, Worker]] = {}
    last_answer = last_beat = time.monotonic()
    while todo or in_flight:
        if cancelled():
            raise InterruptedError
        for worker in sorted(pool.live, key=lambda w: w.in_flight):
            while todo and worker.in_flight < UNITS_IN_FLIGHT:
                route, unit = todo.popleft()
                if route.model_id in failed_routes:
                    continue
                in_flight[worker.actor.translate.remote(unit)] = (route, unit, worker)
                worker.in_flight += 1
        if not in_flight:
            if todo and not pool.live:
                raise ClusterLost("no worker is left")
            continue
        ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=1.0)
        now = time.monotonic()
        if not ready:
            if now - last_answer > STALL_SECONDS:
                raise ClusterLost(f"no worker answered for {STALL_SECONDS:.0f} s")
            if now - last_beat > HEARTBEAT_SECONDS:
                _heartbeat(ws)
                last_beat = now
            continue
        last_answer = last_beat = now
        ref = ready[0]
        route, unit, worker = in_flight.pop(ref)
        worker.in_flight -= 1
        try:
            result: UnitResult = ray.get(ref)
        except ray.exceptions.RayActorError as exc:
            # Ray already restarted and retried as often as allowed: this worker is gone.
            todo.appendleft((route, unit))
            if worker.alive:
                worker.alive = False
                report.notes.append(f"Ray worker {worker.name} lost: {first_line(exc)}")
                _write_worker(ws, me, worker, state="lost", error=first_line(exc))
            if not pool.live:
                raise ClusterLost(f"every worker is gone (last: {first_line(exc)})") from None
            continue
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if getattr(exc, "cause", None) is not None else exc
            reason = first_line(cause)
            failed_routes.add(route.model_id)
            fail_route(
                ws, claimed, route, f"Ray worker {worker.name} on {worker.host}: {reason}", report
            )
            continue
        if result.pid != worker.pid:
            worker.restarts += 1  # Ray restarted the actor and retried this unit on it
            worker.host, worker.pid = result.host, result.pid
        worker.batches += 1
        worker.sentences += len(unit.sentences)
        worker.busy_seconds += result.seconds
        counters = dict(host=worker.host, pid=worker.pid, batches=worker.batches,
                        sentences=worker.sentences, in_flight=worker.in_flight,
                        restarts=worker.restarts)  # fmt: skip
        record_chunk(
            ws, claimed, {s.text_hash for s in unit.sentences}, result.entries,
            also=partial(update_worker, ws.db, me, worker.name, **counters),
            replace=claimed.refresh_before(route) is not None,
        )  # fmt: skip
        progress.done += len(unit.sentences)
        progress.model_calls += result.model_calls
        on_progress(progress)


def _write_worker(ws: Workspace, me: int, worker: Worker, **fields: object) -> None:
    def write() -> None:
        with database.transaction(ws.db):
            update_worker(ws.db, me, worker.name, **fields)

    database.retry_locked(write)


def _heartbeat(ws: Workspace) -> None:
    """While units are out, tell other processes this driver is alive."""

    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "UPDATE jobs SET heartbeat = ? WHERE pid = ? AND state = 'running'",
                (time.time(), os.getpid()),
            )

    database.retry_locked(write)

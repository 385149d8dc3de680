"""Batch jobs on a Ray cluster: the jobs of `run_jobs`, translated by a pool of Ray actors.

The driver (the `parallax translate` process) plans, queues and claims jobs exactly as a local
run does, and alone writes SQLite. Each actor wraps a `BatchTranslator` that loaded every
model it needs once; the driver cuts each route's pending sentences (sorted by length) into
units, keeps two units per actor in flight (`ray.wait`), and commits each result as it
arrives: memory rows, job counters and the worker's counters in one transaction.

Kill-safety is the local one: a killed driver leaves committed units and jobs whose pid is
dead (the next run takes them back); its actors die with it (Ray ends actors whose owner is
gone). A killed actor is restarted by Ray, which retries its units (`max_restarts`,
`max_task_retries`); the memory's INSERT OR IGNORE keeps a row once whatever happens. A
worker lost for good hands its units to the others; with none left the jobs go back to the
queue and the run stops with one line.

Ray is imported here only, and only when a cluster run starts.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.store import db as database
from workspace.store.workspace import Workspace, text_hash
from workspace.translate import memory
from workspace.translate.engine import DecodeOptions
from workspace.translate.jobs import (
    CHUNK_SENTENCES,
    ClaimedWork,
    Plan,
    Progress,
    RunReport,
    _requeue_mine,
    claim_work,
    fail_route,
    finish_work,
    installed_models,
    process_alive,
    record_chunk,
)
from workspace.translate.memory import MemoryEntry
from workspace.translate.packages import InstalledModel
from workspace.translate.pipeline import SourceSentence
from workspace.translate.routes import Route, find_route
from workspace.translate.shipping import ShippedPackage, pack_package, shared_package
from workspace.translate.worker import BatchTranslator, RouteSpec, UnitResult, WorkerInfo, WorkUnit
from workspace.translate.workers import register_workers, set_state, update_worker

RAY_HINT = 'pip install "parallax-workspace[cluster]"'
NAMESPACE = "parallax"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CONNECT_TIMEOUT = float(os.environ.get("PARALLAX_RAY_CONNECT_TIMEOUT", "20"))
START_TIMEOUT = float(os.environ.get("PARALLAX_RAY_START_TIMEOUT", "300"))
STALL_SECONDS = float(os.environ.get("PARALLAX_RAY_STALL_SECONDS", "600"))
MAX_RESTARTS = int(os.environ.get("PARALLAX_RAY_MAX_RESTARTS", "3"))
UNITS_IN_FLIGHT = 2  # per worker: one decoding, one waiting, so none idles while we commit
MIN_UNIT_SENTENCES = 16
HEARTBEAT_SECONDS = 15.0


@dataclass(frozen=True)
class ClusterSettings:
    address: str | None = None  # None: start Ray on this machine
    workers: int | None = None  # default: one per CPU of the cluster (one per GPU with cuda)
    device: str = "cpu"  # cpu, cuda or auto (cuda when the cluster has GPUs)
    compute_type: str = "default"
    shared_models: bool = False  # workers read packages from the driver's path (NFS)
    threads: int = 1  # CTranslate2 threads per CPU worker (the CPUs it reserves)


def import_ray() -> Any:
    """Ray, or the one line that says how to get it."""
    try:
        import ray
    except ImportError:
        raise ParallaxError(f"--ray needs Ray, which is not installed: {RAY_HINT}") from None
    return ray


def connect(address: str | None, timeout: float = CONNECT_TIMEOUT) -> tuple[Any, bool]:
    """Ray connected to `address`, or to a new Ray on this machine when None; returns (ray,
    whether this call started it). An address that does not answer fails within `timeout`."""
    host = _split_address(address)[0] if address else "127.0.0.1"
    if host in LOOPBACK:
        # Ray on this machine stays on the loopback interface (its default is the machine's
        # network address), and may use this user's token, as `ray.init("auto")` would.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        if address and (Path.home() / ".ray" / "auth_token").is_file():
            os.environ.setdefault("RAY_AUTH_MODE", "token")
    ray = import_ray()
    if ray.is_initialized():
        return ray, False  # a process that already has Ray (a notebook, the tests) keeps it
    quiet: dict[str, Any] = dict(
        namespace=NAMESPACE, log_to_driver=False, logging_level=logging.ERROR
    )
    if address is None:
        # In the main thread: Ray ties the processes it starts to the thread that started them.
        ray.init(include_dashboard=False, **quiet)
        return ray, True
    if address != "auto":
        _probe(address, timeout)
    outcome: dict[str, BaseException] = {}

    def init() -> None:
        try:
            ray.init(address=address, **quiet)
        except BaseException as exc:  # Ray raises SystemExit when its GCS never answers
            outcome["error"] = exc

    thread = threading.Thread(target=init, name="ray-connect", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or "error" in outcome:
        reason = (
            f"no answer within {timeout:.0f} s"
            if thread.is_alive()
            else str(outcome["error"]).strip().splitlines()[0]
            if str(outcome["error"]).strip()
            else type(outcome["error"]).__name__
        )
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: {reason} (is it a Ray head"
            " node? with token authentication, set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN)"
        )
    return ray, False


def _split_address(address: str) -> tuple[str, int | None]:
    rest = address.split("://", 1)[1] if "://" in address else address
    rest = rest.split("/", 1)[0]
    if rest.startswith("["):  # [::1]:6379
        host, _, port = rest[1:].partition("]")
        port = port.lstrip(":")
    else:
        host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
    return host, int(port) if port.isdigit() else None


def _probe(address: str, timeout: float) -> None:
    """A plain TCP connect first: a wrong host or port fails now, not after Ray's retries."""
    host, port = _split_address(address)
    if port is None:
        return
    try:
        socket.create_connection((host, port), timeout=min(timeout, 5.0)).close()
    except ConnectionRefusedError:
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: nothing listens on port {port}"
            " (`ray start --head` prints the address to use)"
        ) from None
    except socket.gaierror:
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: unknown host"
        ) from None
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise ParallaxError(f"cannot connect to the Ray cluster at {address}: {reason}") from None


# -- the actor pool ---------------------------------------------------------------------------


class TranslatorActor(BatchTranslator):
    """What runs in each Ray actor: a BatchTranslator whose failures to start or to load a
    model come back as one clear line (in `WorkerInfo.error`), not a dead actor's traceback.

    Models arrive by `load` and with every unit rather than as constructor arguments, so an
    actor that Ray restarts loads them again from the units it is retried with."""

    def __init__(self, **settings: Any) -> None:
        self.error = ""
        try:
            super().__init__(**settings)
        except Exception as exc:
            self.error = _one_line(exc)

    def load(self, packages: Sequence[ShippedPackage]) -> WorkerInfo:
        if not self.error:
            try:
                return super().load(packages)
            except Exception as exc:
                self.error = _one_line(exc)
        return WorkerInfo(socket.gethostname(), os.getpid(), "", error=self.error)

    def translate(self, unit: WorkUnit) -> UnitResult:
        if self.error:
            raise ParallaxError(self.error)
        return self(unit)


def _one_line(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, ParallaxError) else f"{type(exc).__name__}: {exc}"


@dataclass
class Worker:
    name: str
    actor: Any
    host: str = ""
    pid: int = 0
    device: str = ""
    alive: bool = True
    in_flight: int = 0
    batches: int = 0
    sentences: int = 0
    restarts: int = 0


@dataclass
class WorkerPool:
    """Ray actors, each with every model the run needs loaded; started before anything is
    queued, so a bad address, a missing GPU or a worker without a model stops the run first."""

    ray: Any
    workers: list[Worker]
    model_ids: set[str]
    started_ray: bool = False
    packages: list[ShippedPackage] = field(default_factory=list)

    @property
    def live(self) -> list[Worker]:
        return [w for w in self.workers if w.alive]

    def close(self) -> None:
        """End the actors (and the local Ray this run started); the driver's work is saved."""
        for worker in self.workers:
            with contextlib.suppress(Exception):  # already gone with its node
                self.ray.kill(worker.actor, no_restart=True)
        self.workers = []
        self.packages = []
        if self.started_ray:
            self.ray.shutdown()


def models_needed(
    ws: Workspace, plan: Plan, *, force: bool = False, only_model: str | None = None
) -> list[InstalledModel]:
    """The models of every route the run will take: the plan's, and those of jobs already
    queued (a run claims them too)."""
    models = installed_models(ws)
    routes: list[Route] = [
        item.route for item in plan.items if item.route and (item.pending or force)
    ]
    for row in ws.db.execute(
        "SELECT j.target_lang, j.pid, j.state, a.language FROM jobs j JOIN articles a"
        " ON a.id = j.article_id WHERE j.state IN ('queued', 'running')"
    ):
        if row["state"] == "running" and process_alive(row["pid"]):
            continue
        route = find_route(models, row["language"], row["target_lang"], only_model)
        if route:
            routes.append(route)
    needed: dict[str, InstalledModel] = {}
    for route in routes:
        for step in route.steps:
            needed.setdefault(step.model.model_id, step.model)
    return list(needed.values())


def start_pool(
    ws: Workspace,
    plan: Plan,
    settings: ClusterSettings,
    *,
    force: bool = False,
    only_model: str | None = None,
) -> WorkerPool:
    """Connect, ship the models, start the actors and wait until each has loaded them."""
    ray, started = connect(settings.address)
    try:
        return _start_actors(ray, started, ws, plan, settings, force, only_model)
    except BaseException:
        if started:
            ray.shutdown()
        raise


def _start_actors(
    ray: Any,
    started: bool,
    ws: Workspace,
    plan: Plan,
    settings: ClusterSettings,
    force: bool,
    only_model: str | None,
) -> WorkerPool:
    resources = ray.cluster_resources()
    cpus, gpus = int(resources.get("CPU", 0)), int(resources.get("GPU", 0))
    device = settings.device
    if device == "auto":
        device = "cuda" if gpus else "cpu"
    if device == "cuda" and not gpus:
        raise ParallaxError(
            "--device cuda: the Ray cluster has no GPUs (`ray status` lists its resources);"
            " use --device cpu"
        )
    threads = max(1, settings.threads)
    per_worker = {"num_cpus": 1, "num_gpus": 1} if device == "cuda" else {"num_cpus": threads}
    capacity = gpus if device == "cuda" else cpus // threads
    count = settings.workers or capacity
    if count < 1 or count > capacity:
        what = f"{gpus} GPUs" if device == "cuda" else f"{cpus} CPUs"
        raise ParallaxError(
            f"--workers {count}: the Ray cluster has {what}, room for {capacity} workers"
            + (f" of {threads} threads" if device != "cuda" else "")
        )
    models = models_needed(ws, plan, force=force, only_model=only_model)
    pool = WorkerPool(ray, [], {m.model_id for m in models}, started)
    if not models:
        return pool  # nothing to translate: no actors
    for model in models:
        if settings.shared_models:
            pool.packages.append(shared_package(model))
        else:
            data, digest = pack_package(model)
            ref = ray.put(data)
            pool.packages.append(
                ShippedPackage(model.model_id, model.path.name, len(data), digest, archive=ref)
            )
    actor_class = ray.remote(TranslatorActor)
    for index in range(count):
        name = f"w{index + 1}"
        actor = actor_class.options(
            name=f"parallax-{os.getpid()}-{name}", namespace=NAMESPACE,
            max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS,
            scheduling_strategy="SPREAD", **per_worker,
        ).remote(device=device, compute_type=settings.compute_type, threads=threads)  # fmt: skip
        pool.workers.append(Worker(name, actor))
    try:
        _wait_ready(ray, pool)
    except BaseException:
        pool.close()
        raise
    return pool


def _wait_ready(ray: Any, pool: WorkerPool) -> None:
    refs = {worker.actor.load.remote(pool.packages): worker for worker in pool.workers}
    ready, waiting = ray.wait(list(refs), num_returns=len(refs), timeout=START_TIMEOUT)
    for ref in ready:
        worker = refs[ref]
        try:
            info: WorkerInfo = ray.get(ref)
        except ray.exceptions.RayError as exc:
            raise ParallaxError(
                f"Ray worker {worker.name} did not start: {_first_line(exc)}"
            ) from None
        if info.error:
            raise ParallaxError(f"Ray worker {worker.name} on {info.host}: {info.error}")
        worker.host, worker.pid, worker.device = info.host, info.pid, info.device
    if waiting and not ready:
        raise ParallaxError(
            f"no Ray worker started within {START_TIMEOUT:.0f} s (the cluster has"
            f" {ray.available_resources().get('CPU', 0):.0f} CPUs free; `ray status` says more)"
        )
    for ref in waiting:  # some never got a place: go on with those that did
        refs[ref].alive = False
        ray.kill(refs[ref].actor, no_restart=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- the driver -------------------------------------------------------------------------------


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
        known = _known_legs(ws, route, pending)
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
    ws: Workspace, route: Route, pending: list[SourceSentence]
) -> dict[str, list[MemoryEntry]]:
    """For a pivot route, the legs the memory already has, by source hash (a worker cannot
    look them up, and must not redo them)."""
    if len(route.steps) == 1:
        return {}
    first, second = route.steps
    one = memory.lookup(
        ws.db, [s.text_hash for s in pending], first.source, first.target, first.model.model_id
    )
    middles = {text_hash(e.target_text): e for e in one.values()}
    two = memory.lookup(ws.db, middles, second.source, second.target, second.model.model_id)
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
                report.notes.append(f"Ray worker {worker.name} lost: {_first_line(exc)}")
                _write_worker(ws, me, worker, state="lost", error=_first_line(exc))
            if not pool.live:
                raise ClusterLost(f"every worker is gone (last: {_first_line(exc)})") from None
            continue
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if getattr(exc, "cause", None) is not None else exc
            reason = _first_line(cause)
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
        counters = dict(host=worker.host, pid=worker.pid, batches=worker.batches,
                        sentences=worker.sentences, in_flight=worker.in_flight,
                        restarts=worker.restarts)  # fmt: skip
        record_chunk(
            ws, claimed, {s.text_hash for s in unit.sentences}, result.entries,
            also=partial(update_worker, ws.db, me, worker.name, **counters),
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

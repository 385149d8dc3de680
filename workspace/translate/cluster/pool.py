"""The actors of a cluster run: each loads every model the run needs, before anything is queued."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workspace import ParallaxError
from workspace.store.workspace import Workspace
from workspace.translate.cluster.connect import NAMESPACE, connect
from workspace.translate.jobs import Plan, installed_models, process_alive
from workspace.translate.packages import InstalledModel
from workspace.translate.routes import Route, find_route
from workspace.translate.shipping import ShippedPackage, pack_package, shared_package
from workspace.translate.worker import BatchTranslator, UnitResult, WorkerInfo, WorkUnit

START_TIMEOUT = float(os.environ.get("PARALLAX_RAY_START_TIMEOUT", "300"))
MAX_RESTARTS = int(os.environ.get("PARALLAX_RAY_MAX_RESTARTS", "3"))


@dataclass(frozen=True)
class ClusterSettings:
    address: str | None = None  # None: start Ray on this machine
    workers: int | None = None  # default: one per CPU of the cluster (one per GPU with cuda)
    device: str = "cpu"  # cpu, cuda or auto (cuda when the cluster has GPUs)
    compute_type: str = "default"
    shared_models: bool = False  # workers read packages from the driver's path (NFS)
    threads: int = 1  # CTranslate2 threads per CPU worker (the CPUs it reserves)


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
    busy_seconds: float = 0.0  # time spent translating units, as the actor measured it


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
    from workspace.translate.engine import COMPUTE_TYPES, DEVICES

    if settings.device not in DEVICES or settings.compute_type not in COMPUTE_TYPES:
        raise ParallaxError(
            f"--device is one of {', '.join(DEVICES)}; --compute-type one of"
            f" {', '.join(COMPUTE_TYPES)}"
        )
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
                f"Ray worker {worker.name} did not start: {first_line(exc)}"
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


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

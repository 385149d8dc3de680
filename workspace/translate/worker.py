"""What one worker does with a unit of work: the callable class that Ray actors wrap.

Ray Data's pattern: the constructor loads every model once (unpacked from the bytes the
driver shipped, or from a shared path), `__call__` translates one unit. Nothing here imports
Ray, so the same class runs in this process (tests, the bench) and in an actor. A unit is
translated by the same pipeline and engine as a local job: equal-length batches, so every
sentence comes out exactly as the local engine (and Argos) would write it.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.translate.engine import DecodeOptions, Engine, resolve_device
from workspace.translate.memory import MemoryEntry
from workspace.translate.packages import InstalledModel
from workspace.translate.pipeline import ScratchMemory, SourceSentence, translate_sentences
from workspace.translate.routes import Route, Step
from workspace.translate.shipping import ShippedPackage, open_package

SCRATCH_PREFIX = "parallax-worker-"


@dataclass(frozen=True)
class RouteSpec:
    """A route by model ids, which mean the same on every machine (paths do not)."""

    source: str
    target: str
    steps: tuple[tuple[str, str, str], ...]  # (model id, source, target) per leg

    @classmethod
    def of(cls, route: Route) -> RouteSpec:
        steps = tuple((s.model.model_id, s.source, s.target) for s in route.steps)
        return cls(route.source, route.target, steps)


@dataclass(frozen=True)
class WorkUnit:
    """Sentences of one route for one worker call; `known` holds the legs of a pivot that the
    driver's memory already has, so a worker never redoes them."""

    id: int
    route: RouteSpec
    sentences: tuple[SourceSentence, ...]
    options: DecodeOptions
    known: tuple[MemoryEntry, ...] = ()
    packages: tuple[ShippedPackage, ...] = ()  # the route's models, for a worker that lacks them


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    entries: list[MemoryEntry]  # new memory rows of every leg
    model_calls: int
    host: str
    pid: int
    seconds: float


@dataclass(frozen=True)
class WorkerInfo:
    host: str
    pid: int
    device: str
    models: list[str] = field(default_factory=list)
    error: str = ""  # why this worker cannot translate (set by the actor wrapper)


class BatchTranslator:
    """Translates `WorkUnit`s with the models it was given, each loaded once."""

    def __init__(
        self,
        packages: Sequence[ShippedPackage] = (),
        *,
        device: str = "cpu",
        compute_type: str = "default",
        threads: int = 1,
    ) -> None:
        self.device = resolve_device(device, compute_type)
        self.engine = Engine(device=self.device, threads=threads, compute_type=compute_type)
        _remove_stale_scratch()
        self._scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        self.models: dict[str, InstalledModel] = {}
        self.load(packages)

    def load(self, packages: Sequence[ShippedPackage]) -> WorkerInfo:
        """Unpack (or find) and load each model not loaded yet; a model that fails, fails here."""
        for shipped in packages:
            if shipped.model_id in self.models:
                continue
            model = open_package(shipped, _resolve(shipped.archive), self._scratch)
            self.engine.translator(model)
            self.engine.package(model)
            self.models[shipped.model_id] = model
        return self.info()

    def info(self) -> WorkerInfo:
        return WorkerInfo(socket.gethostname(), os.getpid(), self.device, sorted(self.models))

    def __call__(self, unit: WorkUnit) -> UnitResult:
        began = time.perf_counter()
        self.load(unit.packages)  # a restarted actor starts empty
        steps = []
        for model_id, source, target in unit.route.steps:
            if model_id not in self.models:
                raise ParallaxError(
                    f"worker on {socket.gethostname()} was not given model {model_id}"
                )
            steps.append(Step(self.models[model_id], source, target))
        route = Route(unit.route.source, unit.route.target, tuple(steps))
        memory = ScratchMemory(known=list(unit.known))
        _, calls = translate_sentences(memory, self.engine, route, unit.sentences, unit.options)
        return UnitResult(
            unit.id, memory.new, calls, socket.gethostname(), os.getpid(),
            time.perf_counter() - began,
        )  # fmt: skip

    def close(self) -> None:
        """Drop the unpacked packages (a Ray actor's temp dir also goes when it exits)."""
        shutil.rmtree(self._scratch, ignore_errors=True)


def _remove_stale_scratch() -> None:
    """Unpacked packages of workers that were killed (no `close`) go when the next one starts."""
    from workspace.translate.jobs import process_alive

    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = path.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _resolve(archive: Any) -> bytes | None:
    """Bytes as given, or fetched from Ray's object store when the driver sent a reference."""
    if archive is None or isinstance(archive, bytes):
        return archive
    import ray

    data: bytes = ray.get(archive)
    return data

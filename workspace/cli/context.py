"""Shared CLI state: where the workspace is and how to print."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from workspace.store.workspace import Workspace, find_workspace


@dataclass
class CliState:
    workspace_path: Path | None = None

    def workspace(self) -> Workspace:
        return find_workspace(self.workspace_path)


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def console() -> Console:
    return Console(highlight=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class _Counts(Protocol):
    done: int
    total: int

    @property
    def rate(self) -> float: ...

    @property
    def eta_seconds(self) -> float | None: ...


class ProgressPrinter:
    """Progress of a long job: a Rich bar on a terminal; plain lines (every 5 s) for cron and
    CI. Call it with anything that has done/total/rate/eta_seconds; `close()` at the end."""

    def __init__(self, verb: str, unit: str) -> None:
        self.unit = unit
        self._last = 0.0
        self._bar: Progress | None = None
        if sys.stdout.isatty():
            self._bar = Progress(
                TextColumn(verb), BarColumn(), MofNCompleteColumn(),
                TextColumn(f"{{task.fields[rate]:.1f}} {unit}/s"), TimeRemainingColumn(),
                console=console(), transient=False,
            )  # fmt: skip
            self._task = self._bar.add_task(verb, total=None, rate=0.0)
            self._bar.start()

    def __call__(self, p: _Counts) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=p.done, total=p.total or None, rate=p.rate)
            return
        now = time.monotonic()
        if now - self._last >= 5 or p.done == p.total:
            self._last = now
            eta = f", eta {p.eta_seconds:.0f} s" if p.eta_seconds is not None else ""
            print(f"progress: {p.done}/{p.total} {self.unit}, {p.rate:.1f}/s{eta}", flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()

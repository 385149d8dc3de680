"""Per-worker progress of a runner that spreads jobs over workers (a Ray cluster).

One row per (driver pid, worker) in `job_workers`. Only the driver writes them, in the same
transactions as the translations its workers sent back, so the counters never run ahead of
what is committed. `parallax jobs` and the TUI read them.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass

from workspace.store import db as database
from workspace.store.workspace import Workspace


@dataclass(frozen=True)
class WorkerRow:
    runner_pid: int
    worker: str
    host: str
    pid: int | None
    device: str
    state: str  # starting, working, lost, done, stopped
    batches: int
    sentences: int
    in_flight: int
    restarts: int
    error: str | None
    started: float
    updated: float
    runner_alive: bool

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def register_workers(ws: Workspace, runner_pid: int, rows: list[tuple[str, str, int, str]]) -> None:
    """Rows for a new runner's workers, (name, host, pid, device) each; rows of runners that
    are gone are dropped, so the table shows the running ones and the last one that ran."""
    from workspace.translate.jobs import process_alive

    now = time.time()

    def write() -> None:
        with database.transaction(ws.db):
            for (pid,) in ws.db.execute("SELECT DISTINCT runner_pid FROM job_workers").fetchall():
                if pid == runner_pid or not process_alive(pid):
                    ws.db.execute("DELETE FROM job_workers WHERE runner_pid = ?", (pid,))
            ws.db.executemany(
                "INSERT INTO job_workers (runner_pid, worker, host, pid, device, state, started,"
                " updated) VALUES (?, ?, ?, ?, ?, 'working', ?, ?)",
                [
                    (runner_pid, name, host, pid, device, now, now)
                    for name, host, pid, device in rows
                ],
            )

    database.retry_locked(write)


def update_worker(conn: sqlite3.Connection, runner_pid: int, worker: str, **fields: object) -> None:
    """Set some columns of one worker's row; call inside the caller's transaction."""
    names = sorted(fields)
    assignments = ", ".join(f"{name} = ?" for name in names)
    conn.execute(
        f"UPDATE job_workers SET {assignments}, updated = ? WHERE runner_pid = ? AND worker = ?",
        (*(fields[name] for name in names), time.time(), runner_pid, worker),
    )


def set_state(ws: Workspace, runner_pid: int, state: str, error: str | None = None) -> None:
    """Final state of every worker of a runner that is still marked working."""

    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "UPDATE job_workers SET state = ?, in_flight = 0, error = COALESCE(?, error),"
                " updated = ? WHERE runner_pid = ? AND state = 'working'",
                (state, error, time.time(), runner_pid),
            )

    database.retry_locked(write)


def list_workers(ws: Workspace) -> list[WorkerRow]:
    """Workers of live runners and of the last runner that finished, newest runner first."""
    from workspace.translate.jobs import process_alive

    rows = ws.db.execute(
        "SELECT runner_pid, worker, host, pid, device, state, batches, sentences, in_flight,"
        " restarts, error, started, updated FROM job_workers ORDER BY started DESC, length(worker), worker"
    ).fetchall()
    alive = {pid: process_alive(pid) for pid in {row["runner_pid"] for row in rows}}
    newest_gone = next((row["runner_pid"] for row in rows if not alive[row["runner_pid"]]), None)
    shown = []
    for row in rows:
        runner = row["runner_pid"]
        if alive[runner] or runner == newest_gone:
            values = dict(row)
            if not alive[runner] and values["state"] == "working":
                values["state"] = "gone"  # its driver was killed before it could say so
                values["in_flight"] = 0
            shown.append(WorkerRow(**values, runner_alive=alive[runner]))
    return shown

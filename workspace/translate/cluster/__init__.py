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

    connect   join a cluster (bounded in time) or start Ray on this machine
    pool      the actors: models shipped, loaded, ready before anything is queued
    driver    units out, results in, one commit per unit

Ray is imported only when a cluster run starts; importing this package does not.
"""

from workspace.translate.cluster.connect import NAMESPACE, RAY_HINT, connect, import_ray
from workspace.translate.cluster.driver import make_units, run_cluster_jobs
from workspace.translate.cluster.pool import ClusterSettings, WorkerPool, start_pool

__all__ = [
    "NAMESPACE", "RAY_HINT", "ClusterSettings", "WorkerPool", "connect", "import_ray",
    "make_units", "run_cluster_jobs", "start_pool",
]  # fmt: skip

"""Batch translation jobs: one per (article, target language), resumable after any kill.

Jobs live in SQLite. A runner claims queued jobs (and jobs whose runner died), pools the
pending sentences of every article that shares a route, and translates them in chunks sorted
by length. Each chunk's translations and the jobs' progress counters are committed before the
next chunk starts, so a SIGKILL loses at most the chunk in flight and a rerun redoes nothing
that was committed. A forced job (`--force`) carries the time it was forced: memory entries
older than that are translated again and replaced one by one as new ones are written, so
stopping a forced run never loses a translation.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from workspace import ParallaxError
from workspace.store import db as database
from workspace.store.locks import process_alive
from workspace.store.models import Article, Sentence
from workspace.store.workspace import Workspace
from workspace.translate import memory
from workspace.translate.engine import DecodeOptions, Engine
from workspace.translate.memory import MemoryEntry
from workspace.translate.packages import InstalledModel, list_installed
from workspace.translate.pipeline import SourceSentence, translate_sentences
from workspace.translate.routes import Route, find_route, no_route_message

# Sentences per commit. Large enough that equal-length batches fill up (pending sentences are
# sorted by length first), small enough that a kill loses seconds of work.
CHUNK_SENTENCES = int(os.environ.get("PARALLAX_CHUNK_SENTENCES", "256"))
HEARTBEAT_STALE_SECONDS = 600
HOST = socket.gethostname()


@dataclass(frozen=True)
class PlanItem:
    article_id: str
    story: str
    outlet: str
    language: str
    target: str
    sentences: int
    pending: int  # sentences the memory does not have yet for this route
    route: Route | None
    reason: str = ""  # why nothing will be translated (no route, already in pivot, ...)


@dataclass(frozen=True)
class Plan:
    target: str
    items: list[PlanItem]

    @property
    def pending_sentences(self) -> int:
        return sum(item.pending for item in self.items)

    @property
    def in_memory(self) -> int:
        return sum(item.sentences - item.pending for item in self.items if item.route)

    def to_dict(self) -> dict[str, object]:
        return {
            "target": self.target,
            "pending_sentences": self.pending_sentences,
            "sentences_in_memory": self.in_memory,
            "articles": [
                {
                    "article_id": i.article_id,
                    "story": i.story,
                    "outlet": i.outlet,
                    "language": i.language,
                    "sentences": i.sentences,
                    "pending_sentences": i.pending,
                    "route": i.route.describe() if i.route else None,
                    "reason": i.reason,
                }  # fmt: skip
                for i in self.items
            ],
        }


@dataclass
class Progress:
    done: int = 0
    total: int = 0
    jobs_done: int = 0
    jobs_failed: int = 0
    jobs_total: int = 0
    model_calls: int = 0
    started: float = field(default_factory=time.monotonic)
    current: str = ""

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None


@dataclass(frozen=True)
class JobRow:
    id: int
    article_id: str
    story: str
    target: str
    model: str | None
    state: str
    done: int
    total: int
    error: str | None
    updated: float
    force_since: float | None = None  # a forced job redoes entries older than this


_JOB_COLUMNS = (
    "id, article_id, story, target_lang, model, state, done, total, error, updated, force_since"
)


@dataclass
class RunReport:
    progress: Progress
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)  # worth telling, not failures


def installed_models(ws: Workspace) -> list[InstalledModel]:
    return list_installed(ws.packages_dir)


def _articles(ws: Workspace, stories: list[str], all_stories: bool) -> list[Article]:
    if not stories and not all_stories:
        raise ParallaxError("name the stories to translate, or pass --all")
    slugs = [s.slug for s in ws.stories()] if all_stories else stories
    articles = []
    for slug in slugs:
        ws.story(slug)
        ws.sync(slug)
        articles.extend(ws.articles(slug))
    return articles


def plan_translation(
    ws: Workspace,
    stories: list[str],
    *,
    all_stories: bool = False,
    target: str = "en",
    only_model: str | None = None,
) -> Plan:
    """What `translate` would do: per article, its route and how many sentences are pending."""
    from workspace.translate.packages import LANGUAGE_CODE

    if not LANGUAGE_CODE.match(target):
        raise ParallaxError(f"--to {target!r} is not a language code (e.g. en, ru, kk)")
    models = installed_models(ws)
    items = []
    for article in _articles(ws, stories, all_stories):
        sentences = ws.sentences(article.id)
        base = dict(article_id=article.id, story=article.story, outlet=article.outlet,
                    language=article.language, target=target, sentences=len(sentences))  # fmt: skip
        if article.language == target:
            items.append(PlanItem(**base, pending=0, route=None, reason=f"already in {target}"))  # type: ignore[arg-type]
            continue
        edition = next((e for e in article.editions if e.language == target), None)
        if edition is not None:
            # The outlet's own translation is read instead of a machine one.
            reason = f"already has an {target} edition ({edition.translator})"
            items.append(PlanItem(**base, pending=0, route=None, reason=reason))  # type: ignore[arg-type]
            continue
        route = find_route(models, article.language, target, only_model)
        if route is None:
            reason = no_route_message(article.language, target)
            if only_model:
                reason = f"model {only_model!r} does not translate {article.language}→{target}"
            items.append(PlanItem(**base, pending=len(sentences), route=None, reason=reason))  # type: ignore[arg-type]
            continue
        have = memory.lookup(
            ws.db, [s.text_hash for s in sentences], route.source, target, route.model_id
        )
        pending = sum(1 for s in sentences if s.text_hash not in have)
        items.append(PlanItem(**base, pending=pending, route=route))  # type: ignore[arg-type]
    return Plan(target, items)


def queue_jobs(ws: Workspace, plan: Plan, *, force: bool = False) -> int:
    """Queue one job per article that needs work (or fails for want of a route).

    All of a plan's jobs are queued in one transaction: a run stopped while queueing leaves
    all of them or none. `force` deletes nothing: each job is marked with the time it was
    forced, and the runner replaces each older translation only when it has written the
    new one."""
    ws.ensure_writable("translate")
    queued = 0
    now = time.time()
    with database.transaction(ws.db):
        for item in plan.items:
            if item.route is None and item.reason.startswith("already"):
                continue
            forced = now if force and item.route is not None else None
            if item.route is not None and item.pending == 0 and not forced:
                continue
            exists = ws.db.execute(
                "SELECT id FROM jobs WHERE article_id = ? AND target_lang = ?"
                " AND state IN ('queued', 'running')",
                (item.article_id, item.target),
            ).fetchone()
            if exists:
                if forced:
                    ws.db.execute(
                        "UPDATE jobs SET force_since = ? WHERE id = ?", (forced, exists["id"])
                    )
                continue
            ws.db.execute(
                "INSERT INTO jobs (article_id, story, target_lang, model, state, done, total,"
                " created, updated, force_since) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
                (item.article_id, item.story, item.target,
                 item.route.model_id if item.route else None, item.sentences, now, now, forced),
            )  # fmt: skip
            queued += 1
    return queued


def release_dead_jobs(ws: Workspace) -> int:
    """Jobs marked running whose process is gone (or silent for long) go back to the queue."""
    stale_before = time.time() - HEARTBEAT_STALE_SECONDS
    released = 0
    with database.transaction(ws.db):
        for row in ws.db.execute(
            "SELECT id, pid, heartbeat FROM jobs WHERE state = 'running'"
        ).fetchall():
            if row["pid"] == os.getpid():
                continue
            if not process_alive(row["pid"]) or (row["heartbeat"] or 0) < stale_before:
                ws.db.execute(
                    "UPDATE jobs SET state = 'queued', pid = NULL, updated = ? WHERE id = ?",
                    (time.time(), row["id"]),
                )
                released += 1
    return released


def held_elsewhere(ws: Workspace, plan: Plan) -> dict[int, int]:
    """Jobs of the plan's articles that another live runner holds: {pid: jobs}. Claims make
    two runners never write the same job; this lets a second one say so instead of idling."""
    release_dead_jobs(ws)
    wanted = {item.article_id for item in plan.items}
    held: dict[int, int] = {}
    for row in ws.db.execute(
        "SELECT article_id, pid FROM jobs WHERE state = 'running' AND target_lang = ?",
        (plan.target,),
    ):
        if row["article_id"] in wanted and row["pid"] and row["pid"] != os.getpid():
            held[row["pid"]] = held.get(row["pid"], 0) + 1
    return held


def list_jobs(ws: Workspace, *, limit: int = 200) -> list[JobRow]:
    release_dead_jobs(ws)
    rows = ws.db.execute(
        f"SELECT {_JOB_COLUMNS}"
        " FROM jobs ORDER BY CASE state WHEN 'running' THEN 0 WHEN 'queued' THEN 1"
        " WHEN 'failed' THEN 2 ELSE 3 END, id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [JobRow(*row) for row in rows]


def _claim(ws: Workspace) -> list[JobRow]:
    now = time.time()
    with database.transaction(ws.db):
        rows = ws.db.execute(
            f"SELECT {_JOB_COLUMNS} FROM jobs WHERE state = 'queued' ORDER BY id"
        ).fetchall()
        ws.db.executemany(
            "UPDATE jobs SET state = 'running', pid = ?, heartbeat = ?, updated = ? WHERE id = ?",
            [(os.getpid(), now, now, row["id"]) for row in rows],
        )
    return [JobRow(*row) for row in rows]


def _finish(ws: Workspace, job_id: int, state: str, error: str | None = None) -> None:
    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "UPDATE jobs SET state = ?, error = ?, pid = NULL, updated = ? WHERE id = ?",
                (state, error, time.time(), job_id),
            )

    database.retry_locked(write)


@dataclass
class ClaimedWork:
    """The jobs one runner claimed, pooled by route: what is left to translate, and for whom."""

    jobs: dict[int, JobRow]
    work: list[tuple[Route, list[SourceSentence]]]  # pending sentences per route, by length
    remaining: dict[int, set[str]]  # job id -> text hashes the memory still lacks
    totals: dict[int, int]  # job id -> sentences of its article
    route_of: dict[int, str]  # job id -> model id of the route it takes
    # route key -> when its forced jobs were forced: older memory entries are redone, replaced
    refresh: dict[str, float] = field(default_factory=dict)

    def refresh_before(self, route: Route) -> float | None:
        return self.refresh.get(route_key(route))


def route_key(route: Route) -> str:
    return f"{route.model_id}|{route.source}|{route.target}"


def claim_work(ws: Workspace, *, only_model: str | None = None) -> tuple[ClaimedWork, RunReport]:
    """Claim every queued job (and any whose runner died) and pool their pending sentences by
    route; jobs that cannot run (article gone, no route) fail here and are in the report."""
    ws.ensure_writable("translate")
    release_dead_jobs(ws)
    jobs = _claim(ws)
    progress = Progress(jobs_total=len(jobs))
    report = RunReport(progress)
    models = installed_models(ws)
    # Group jobs by route so sentences of many articles share batches.
    groups: dict[str, tuple[Route, list[tuple[JobRow, list[Sentence]]]]] = {}
    for job in jobs:
        try:
            article = ws.article(job.article_id)
        except ParallaxError as exc:
            _fail(ws, job, str(exc), report)
            continue
        route = find_route(models, article.language, job.target, only_model)
        if route is None:
            _fail(ws, job, no_route_message(article.language, job.target), report)
            continue
        sentences = ws.sentences(article.id)
        groups.setdefault(route_key(route), (route, []))[1].append((job, sentences))
    # What is left to do, per job, as sets of text hashes.
    remaining: dict[int, set[str]] = {}
    totals: dict[int, int] = {}
    work: list[tuple[Route, list[SourceSentence]]] = []
    starting: list[tuple[int, int, int]] = []  # (done, total, job id)
    refresh: dict[str, float] = {}
    for route, members in groups.values():
        all_hashes = {s.text_hash: s for _, sents in members for s in sents}
        have = memory.lookup(ws.db, all_hashes, route.source, route.target, route.model_id)
        needed: set[str] = set()
        for job, sents in members:
            # A forced job needs what is missing or older than the moment it was forced.
            remaining[job.id] = {
                s.text_hash for s in sents
                if s.text_hash not in have
                or (job.force_since is not None and have[s.text_hash].created < job.force_since)
            }  # fmt: skip
            needed |= remaining[job.id]
            totals[job.id] = len(sents)
            starting.append((len(sents) - len(remaining[job.id]), len(sents), job.id))
        forced = [job.force_since for job, _ in members if job.force_since is not None]
        if forced:
            refresh[route_key(route)] = max(forced)
        pending = [SourceSentence(h, all_hashes[h].text) for h in needed]
        pending.sort(key=lambda s: (len(s.text), s.text_hash))
        work.append((route, pending))
        progress.total += len(pending)
    with database.transaction(ws.db):
        ws.db.executemany("UPDATE jobs SET done = ?, total = ? WHERE id = ?", starting)
    members_by_id = {job.id: job for _, ms in groups.values() for job, _ in ms}
    route_of = {job.id: route.model_id for route, ms in groups.values() for job, _ in ms}
    return ClaimedWork(members_by_id, work, remaining, totals, route_of, refresh), report


def run_jobs(
    ws: Workspace,
    engine: Engine,
    *,
    options: DecodeOptions | None = None,
    only_model: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_progress: Callable[[Progress], None] = lambda p: None,
    chunk_sentences: int = CHUNK_SENTENCES,
) -> RunReport:
    """Run every queued job (and any whose runner died) to completion or cancellation."""
    options = options or DecodeOptions.argos()
    claimed, report = claim_work(ws, only_model=only_model)
    progress = report.progress
    on_progress(progress)
    try:
        for route, pending in claimed.work:
            progress.current = route.describe()
            for start in range(0, len(pending), chunk_sentences):
                if cancelled():
                    raise InterruptedError
                chunk = pending[start : start + chunk_sentences]
                try:
                    _, calls = translate_sentences(
                        ws.db, engine, route, chunk, options, cancelled=cancelled,
                        refresh_before=claimed.refresh_before(route),
                    )  # fmt: skip
                except ParallaxError as exc:
                    fail_route(ws, claimed, route, str(exc), report)
                    break
                progress.model_calls += calls
                progress.done += len(chunk)
                translated = {s.text_hash for s in chunk}
                record_chunk(ws, claimed, translated)
                on_progress(progress)
        finish_work(ws, claimed, report)
    except InterruptedError:
        report.cancelled = True
        _requeue_mine(ws)
        return report
    except BaseException:
        # Ctrl-C, SIGTERM (raised as KeyboardInterrupt by the CLI) or a bug: what was committed
        # stays, the rest goes back to the queue for the next run.
        _requeue_mine(ws)
        raise
    on_progress(progress)
    return report


def fail_route(
    ws: Workspace, claimed: ClaimedWork, route: Route, reason: str, report: RunReport
) -> None:
    """Fail the jobs that still wait for `route`'s model (it would not load, for one)."""
    for job_id, left in claimed.remaining.items():
        if left and claimed.route_of[job_id] == route.model_id:
            _fail(ws, claimed.jobs[job_id], reason, report)


def finish_work(ws: Workspace, claimed: ClaimedWork, report: RunReport) -> None:
    """Mark done every claimed job that has all its sentences and did not fail."""
    for job_id, left in claimed.remaining.items():
        job = claimed.jobs[job_id]
        if not left and not any(f[0] == job.article_id for f in report.failures):
            _finish(ws, job_id, "done")
            report.progress.jobs_done += 1


def record_chunk(
    ws: Workspace,
    claimed: ClaimedWork,
    translated: set[str],
    entries: Sequence[MemoryEntry] = (),
    also: Callable[[], None] = lambda: None,
    replace: bool = False,
) -> None:
    """Progress counters and heartbeat for every job the chunk touched, in one transaction,
    with the chunk's memory `entries` when the caller has not stored them (a cluster driver)
    and whatever else `also` writes (per-worker counters)."""
    now = time.time()
    updates = []
    for job_id, left in claimed.remaining.items():
        if left & translated:
            left -= translated
            updates.append((claimed.totals[job_id] - len(left), now, now, job_id))

    def write() -> None:
        with database.transaction(ws.db):
            memory.insert(ws.db, entries, replace=replace)
            ws.db.executemany(
                "UPDATE jobs SET done = ?, heartbeat = ?, updated = ? WHERE id = ?", updates
            )
            ws.db.execute(
                "UPDATE jobs SET heartbeat = ? WHERE pid = ? AND state = 'running'",
                (now, os.getpid()),
            )
            also()

    database.retry_locked(write)


def _fail(ws: Workspace, job: JobRow, reason: str, report: RunReport) -> None:
    _finish(ws, job.id, "failed", reason)
    report.failures.append((job.article_id, reason))
    report.progress.jobs_failed += 1


def _requeue_mine(ws: Workspace) -> None:
    def write() -> None:
        with database.transaction(ws.db):
            ws.db.execute(
                "UPDATE jobs SET state = 'queued', pid = NULL, updated = ?"
                " WHERE state = 'running' AND pid = ?",
                (time.time(), os.getpid()),
            )

    database.retry_locked(write)

"""`parallax translate` and `parallax jobs`: batch translation with progress."""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from workspace.cli.context import ProgressPrinter, console, err_console, print_json, state


def register(app: typer.Typer) -> None:
    app.command()(translate)
    app.command()(jobs)


def translate(
    ctx: typer.Context,
    stories: Annotated[list[str] | None, typer.Argument(help="Stories to translate.")] = None,
    all_stories: Annotated[bool, typer.Option("--all", help="Every story.")] = False,
    to: Annotated[str, typer.Option("--to", help="Target language.")] = "en",
    model: Annotated[str | None, typer.Option(help="Use only this model (code).")] = None,
    force: Annotated[bool, typer.Option(help="Translate again what the memory has.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be done.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --dry-run: JSON.")] = False,
    beam: Annotated[int, typer.Option(help="Beam size (Argos uses 4; 2 is faster).")] = 4,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="Translate on a Ray cluster (HOST:PORT, ray://HOST:PORT, auto), or on a Ray"
            " started on this machine when no address is given. Needs parallax-workspace[cluster].",
        ),
    ] = None,  # fmt: skip
    workers: Annotated[
        int | None,
        typer.Option(
            help="With --ray: actors (default one per CPU of the cluster, one per GPU with"
            " cuda). Without: CPU threads (default every core).",
            min=1,
        ),
    ] = None,
    device: Annotated[
        str, typer.Option(help="cpu, cuda, or auto (cuda where there is a GPU).")
    ] = "cpu",
    compute_type: Annotated[
        str,
        typer.Option(
            help="CTranslate2 compute type: default (the model's own: int8 for Argos,"
            " identical to Argos), int8, int8_float16, float16, ..."
        ),
    ] = "default",
    shared_models: Annotated[
        bool,
        typer.Option(
            "--shared-models",
            help="With --ray: workers read the models from this machine's model path (a"
            " shared filesystem) instead of receiving them through Ray's object store.",
        ),
    ] = False,
) -> None:
    """Translate articles (queued as resumable jobs; rerun after a kill to finish)."""
    from workspace import ParallaxError
    from workspace.translate.engine import DecodeOptions, Engine, resolve_device
    from workspace.translate.jobs import held_elsewhere, plan_translation, queue_jobs, run_jobs

    if ray is not None and ":" not in ray and ray not in ("auto", "local"):
        # `--ray STORY`: the flag took a story name (no address lacks a colon but "auto").
        stories, ray = [ray, *(stories or [])], "local"
    if shared_models and ray is None:
        raise ParallaxError("--shared-models is for --ray runs")
    options = DecodeOptions(beam_size=beam)  # a bad value is one line before anything happens
    ws = state(ctx).workspace()
    plan = plan_translation(ws, stories or [], all_stories=all_stories, target=to, only_model=model)
    if dry_run:
        if as_json:
            print_json(plan.to_dict())
        else:
            _print_plan(plan)
        return
    if ray is None:
        device = resolve_device(device, compute_type)  # before anything is queued
    _refuse_if_held(plan, held_elsewhere(ws, plan), force)
    pool = None
    if ray is not None:
        from workspace.translate.cluster import ClusterSettings, run_cluster_jobs, start_pool

        settings = ClusterSettings(
            address=None if ray == "local" else ray, workers=workers, device=device,
            compute_type=compute_type, shared_models=shared_models,
        )  # fmt: skip
        pool = start_pool(ws, plan, settings, force=force, only_model=model)
    try:
        queue_jobs(ws, plan, force=force)
        for item in plan.items:
            if item.route is not None and (item.pending or force):
                console().print(
                    Text(f"{item.article_id}: {item.pending} sentences, {item.route.describe()}")
                )
        cancel = threading.Event()
        _stop_on_sigterm()
        show = ProgressPrinter("translating", "sentences")
        if pool is not None:
            report = run_cluster_jobs(
                ws, pool, options=options, only_model=model, cancelled=cancel.is_set,
                on_progress=show,
            )  # fmt: skip
        else:
            engine = Engine(device=device, threads=workers, compute_type=compute_type)
            report = run_jobs(
                ws, engine, options=options, only_model=model, cancelled=cancel.is_set,
                on_progress=show,
            )  # fmt: skip
        show.close()
        if pool is not None:
            for w in pool.workers:
                restarted = f", restarted {w.restarts}x" if w.restarts else ""
                lost = "" if w.alive else ", lost"
                console().print(
                    Text(f"worker {w.name} ({w.host} pid {w.pid}, {w.device}): {w.batches} units,"
                         f" {w.sentences} sentences{restarted}{lost}")
                )  # fmt: skip
    finally:
        if pool is not None:
            pool.close()
    p = report.progress
    console().print(
        f"translated {p.done} sentences ({p.model_calls} by a model, the rest from memory) "
        f"in {time.monotonic() - p.started:.1f} s; jobs: {p.jobs_done} done, {p.jobs_failed} failed"
    )
    for note in report.notes:
        err_console().print(f"parallax: note: {escape(note)}")
    for article_id, reason in report.failures:
        err_console().print(f"parallax: failed: {escape(article_id)}: {escape(reason)}")
    if report.failures:
        raise typer.Exit(1)


def _refuse_if_held(plan, held: dict[int, int], force: bool) -> None:
    """Another runner (local or Ray) holds some of these jobs: it finishes them, never both.
    When it holds all the work asked for, say so and stop; else note it and go on."""
    from workspace import ParallaxError

    if not held:
        return
    wanted = sum(1 for i in plan.items if i.route is not None and (i.pending or force))
    who = ", ".join(f"pid {pid}" for pid in sorted(held))
    message = (
        f"{sum(held.values())} of these jobs are being run by another parallax process ({who});"
        " it will finish them ('parallax jobs' shows its progress)"
    )
    if sum(held.values()) >= wanted:
        raise ParallaxError(message)
    err_console().print(f"parallax: note: {escape(message)}")


def _stop_on_sigterm() -> None:
    """SIGTERM stops like Ctrl-C: committed work stays, the rest is queued for the next run."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _print_plan(plan) -> None:
    table = Table("article", "outlet", "lang", "sentences", "pending", "route")
    for item in plan.items:
        table.add_row(
            escape(item.article_id), escape(item.outlet), escape(item.language), str(item.sentences),
            str(item.pending), escape(item.route.describe() if item.route else item.reason),
        )  # fmt: skip
    out = console()
    out.print(table)
    out.print(
        f"would translate {plan.pending_sentences} sentences into {plan.target}; "
        f"{plan.in_memory} already in the translation memory"
    )


def jobs(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_workers: Annotated[
        bool,
        typer.Option("--workers", help="With --json: the workers of Ray runs, not the jobs."),
    ] = False,
) -> None:
    """Translation jobs: queued, running, done, failed (with the last error); below them the
    workers of a Ray run (running, or the last one) with what each has translated."""
    from workspace.translate.jobs import list_jobs
    from workspace.translate.workers import list_workers

    ws = state(ctx).workspace()
    rows = list_jobs(ws)
    workers = list_workers(ws)
    if as_json:
        print_json([w.to_dict() for w in workers] if show_workers else [r.__dict__ for r in rows])
        return
    table = Table("id", "state", "article", "to", "done", "model", "error")
    for row in rows:
        table.add_row(
            str(row.id), escape(row.state), escape(row.article_id), escape(row.target),
            f"{row.done}/{row.total}", escape(row.model or "-"), escape(row.error or ""),
        )  # fmt: skip
    console().print(table if rows else "no jobs yet: 'parallax translate STORY' queues some")
    if workers:
        runners = ", ".join(
            f"pid {pid} ({'running' if alive else 'finished'})"
            for pid, alive in dict.fromkeys((w.runner_pid, w.runner_alive) for w in workers)
        )
        grid = Table(
            "worker", "host", "pid", "device", "state", "units", "sentences", "in flight",
            "restarts", "error", title=f"Ray workers of driver {runners}",
        )  # fmt: skip
        for w in workers:
            grid.add_row(
                w.worker, escape(w.host), str(w.pid or "-"), w.device, w.state, str(w.batches),
                str(w.sentences), str(w.in_flight), str(w.restarts), escape(w.error or ""),
            )  # fmt: skip
        console().print(grid)

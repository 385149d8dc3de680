"""`parallax translate` and `parallax jobs`: batch translation with progress."""

from __future__ import annotations

import signal
import sys
import threading
import time
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from workspace.cli.context import console, err_console, print_json, state


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
) -> None:
    """Translate articles (queued as resumable jobs; rerun after a kill to finish)."""
    from workspace.translate.engine import DecodeOptions, Engine
    from workspace.translate.jobs import plan_translation, queue_jobs, run_jobs

    options = DecodeOptions(beam_size=beam)  # a bad value is one line before anything happens
    ws = state(ctx).workspace()
    plan = plan_translation(ws, stories or [], all_stories=all_stories, target=to, only_model=model)
    if dry_run:
        if as_json:
            print_json(plan.to_dict())
        else:
            _print_plan(plan)
        return
    queued = queue_jobs(ws, plan, force=force)
    for item in plan.items:
        if item.route is not None and (item.pending or force):
            console().print(
                Text(f"{item.article_id}: {item.pending} sentences, {item.route.describe()}")
            )
    cancel = threading.Event()
    _stop_on_sigterm()
    show = _progress_printer(queued)
    report = run_jobs(
        ws, Engine(), options=options, only_model=model,
        cancelled=cancel.is_set, on_progress=show,
    )  # fmt: skip
    show.close()
    p = report.progress
    console().print(
        f"translated {p.done} sentences ({p.model_calls} by a model, the rest from memory) "
        f"in {time.monotonic() - p.started:.1f} s; jobs: {p.jobs_done} done, {p.jobs_failed} failed"
    )
    for article_id, reason in report.failures:
        err_console().print(f"parallax: failed: {escape(article_id)}: {escape(reason)}")
    if report.failures:
        raise typer.Exit(1)


def _stop_on_sigterm() -> None:
    """SIGTERM stops like Ctrl-C: committed work stays, the rest is queued for the next run."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _progress_printer(queued: int):
    """A Rich progress bar on a terminal; plain lines (every 5 s) for cron and CI."""
    from workspace.translate.jobs import Progress as JobProgress

    if sys.stdout.isatty():
        bar = Progress(
            TextColumn("translating"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} sent/s"), TimeRemainingColumn(),
            console=console(), transient=False,
        )  # fmt: skip
        task = bar.add_task("translate", total=None, rate=0.0)
        bar.start()

        def show(p: JobProgress) -> None:
            bar.update(task, completed=p.done, total=p.total or None, rate=p.rate)

        show.close = bar.stop  # type: ignore[attr-defined]
        return show
    last = [0.0]

    def plain(p: JobProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or p.done == p.total:
            last[0] = now
            eta = f", eta {p.eta_seconds:.0f} s" if p.eta_seconds is not None else ""
            print(f"progress: {p.done}/{p.total} sentences, {p.rate:.1f}/s{eta}", flush=True)

    plain.close = lambda: None  # type: ignore[attr-defined]
    return plain


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


def jobs(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Translation jobs: queued, running, done, failed (with the last error)."""
    from workspace.translate.jobs import list_jobs

    rows = list_jobs(state(ctx).workspace())
    if as_json:
        print_json([row.__dict__ for row in rows])
        return
    table = Table("id", "state", "article", "to", "done", "model", "error")
    for row in rows:
        table.add_row(
            str(row.id), escape(row.state), escape(row.article_id), escape(row.target),
            f"{row.done}/{row.total}", escape(row.model or "-"), escape(row.error or ""),
        )  # fmt: skip
    console().print(table if rows else "no jobs yet: 'parallax translate STORY' queues some")

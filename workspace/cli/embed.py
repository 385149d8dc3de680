"""`parallax embed`: sentence vectors for existing stories, as a resumable batch step."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from workspace.cli.context import ProgressPrinter, console, state


def register(app: typer.Typer) -> None:
    app.command()(embed)


def embed(
    ctx: typer.Context,
    stories: Annotated[list[str] | None, typer.Argument(help="Stories (default: all).")] = None,
) -> None:
    """Encode every sentence that has no vector yet (rerun after a kill to finish)."""
    from workspace.embed.batch import embed_workspace

    ws = state(ctx).workspace()
    cancel = threading.Event()
    show = ProgressPrinter("encoding", "sentences")
    try:
        progress = embed_workspace(ws, stories or None, cancelled=cancel.is_set, on_progress=show)
    finally:
        show.close()
    console().print(
        f"encoded {progress.done} sentences of {progress.articles} articles"
        f" ({progress.rate:.1f}/s); every sentence now has a vector"
    )

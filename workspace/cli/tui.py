"""`parallax tui`: open the Textual app (or print the story when there is no terminal)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.columns import Columns
from rich.panel import Panel
from rich.text import Text

from workspace.cli.context import console, state
from workspace.store.workspace import Workspace


def register(app: typer.Typer) -> None:
    @app.command()
    def tui(
        ctx: typer.Context,
        story: Annotated[str | None, typer.Argument(help="Story to open.")] = None,
    ) -> None:
        """Open the terminal UI (on a story, if named)."""
        open_tui(state(ctx).workspace(), story)


def open_tui(ws: Workspace, story: str | None) -> None:
    """Run the Textual app on a terminal; elsewhere print the story side by side and return."""
    if story is not None:
        ws.story(story)  # a clear error before any screen opens
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print_side_by_side(ws, story or (ws.stories()[0].slug if ws.stories() else None))
        return
    from workspace.tui.app import make_app

    make_app(ws, story).run()


def print_side_by_side(ws: Workspace, slug: str | None) -> None:
    """A plain, non-interactive view: one column per article, original and pivot text."""
    out = console()
    if slug is None:
        out.print("no stories yet: add articles with 'parallax add'")
        return
    story = ws.story(slug)
    ws.sync(slug)
    panels = []
    for article in ws.articles(slug):
        body = Text()
        edition = next((e for e in article.editions if e.language == story.pivot_language), None)
        for sentence in ws.sentences(article.id):
            body.append(sentence.text + "\n")
        if edition is not None:
            body.append(f"\n[{edition.language}, human translation]\n", style="dim")
            body.append(edition.body, style="dim")
        title = Text(f"{article.outlet} · {article.language} · {article.published}")
        panels.append(Panel(body, title=title, expand=True))
    out.print(Text(story.title, style="bold"))
    out.print(Columns(panels, equal=True, expand=True))

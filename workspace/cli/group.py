"""Story grouping commands: `group`, `move`, `merge`, `split`, `accept`."""

from __future__ import annotations

import threading
from typing import Annotated

import typer
from rich.markup import escape

from workspace.cli.context import ProgressPrinter, console, state


def register(app: typer.Typer) -> None:
    app.command()(group)
    app.command()(move)
    app.command()(merge)
    app.command()(split)
    app.command()(accept)


def group(
    ctx: typer.Context,
    all_articles: Annotated[
        bool,
        typer.Option("--all", help="Place every automatically grouped article again."),
    ] = False,
) -> None:
    """Group articles into stories again: those left alone in a story (or --all). Stories made
    by hand or accepted, and articles you moved, stay as they are."""
    from workspace.group.regroup import group_workspace

    ws = state(ctx).workspace()
    cancel = threading.Event()
    show = ProgressPrinter("grouping", "articles")
    try:
        report = group_workspace(ws, all_articles=all_articles, on_progress=show,
                                 cancelled=cancel.is_set)  # fmt: skip
    finally:
        show.close()
    out = console()
    for moved in report.moved:
        out.print(
            f"moved {escape(moved.article)} from {escape(moved.source)} to {escape(moved.target)}"
        )
    how = "" if report.method == "meaning" else f" by {report.method} only (no sentence encoder)"
    out.print(
        f"grouped {report.examined} articles{how}: {len(report.moved)} moved,"
        f" {report.kept} stayed, {len(report.new_stories)} new stories;"
        f" {report.fixed} kept where you or a hand-made story put them"
    )


def move(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help="Article id (see 'parallax show').")],
    story: Annotated[str, typer.Argument(help="Story to move it to.")],
) -> None:
    """Move an article to another story; grouping will not move it again."""
    from workspace.group.moves import move_article

    result = move_article(state(ctx).workspace(), article, story)
    line = f"moved {escape(result.article)} from {escape(result.source)} to {escape(result.target)}"
    if result.removed_story:
        line += f"; story {escape(result.source)} was left empty (kept in .trash/stories/)"
    console().print(line)


def merge(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="The story that stays.")],
    other: Annotated[str, typer.Argument(help="The story whose articles join it.")],
) -> None:
    """Merge two stories: the articles of the second join the first."""
    from workspace.group.moves import merge_stories

    results = merge_stories(state(ctx).workspace(), story, other)
    console().print(f"merged {escape(other)} into {escape(story)}: {len(results)} articles moved")


def split(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="The story to split.")],
    articles: Annotated[list[str], typer.Argument(help="Articles that form a new story.")],
) -> None:
    """Move some articles of a story into a new story of their own."""
    from workspace.group.moves import split_story

    slug, results = split_story(state(ctx).workspace(), story, articles)
    console().print(
        f"split {len(results)} articles of {escape(story)} into new story {escape(slug)}"
    )


def accept(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="A story grouping made or suggested.")],
) -> None:
    """Confirm a story grouping made: it is kept as it is from now on."""
    from workspace.group.moves import accept_story

    before = accept_story(state(ctx).workspace(), story)
    if before == "auto":
        console().print(f"accepted story {escape(story)}: grouping will not change it")
    else:
        how = "made by hand" if before == "hand" else "already accepted"
        console().print(f"story {escape(story)} is {how}: nothing to accept")

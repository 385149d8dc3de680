"""`parallax framing STORY`: how each outlet names the same thing, most salient first."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workspace.cli.context import console, err_console, print_json, state


def register(app: typer.Typer) -> None:
    app.command()(framing)


def framing(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story slug.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the entries as a JSON list.")
    ] = False,
) -> None:
    """Show how outlets name the same place, event, action or group differently."""
    from workspace.compare import compare_story
    from workspace.compare.framing import empty_reason

    comparison = compare_story(state(ctx).workspace(), story)
    for note in comparison.notes:
        err_console().print(Text(f"parallax: note: {note}"))
    if as_json:
        print_json([e.to_dict() for e in comparison.framing])
        return
    if not comparison.framing:
        console().print(Text(f"{story}: {empty_reason(comparison)}"))
        return
    out = console()
    out.print(Text(f"{story}: {len(comparison.framing)} referents named differently, "
                   "most salient first", style="bold"))  # fmt: skip
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("referent", ratio=1)
    table.add_column("outlet: wording (sentence)", ratio=3)
    for number, entry in enumerate(comparison.framing, 1):
        head = Text(entry.referent)
        head.append(f"\n{entry.salience}: " + "; ".join(entry.reasons), style="dim")
        body = Text()
        for outlet, wordings in entry.wordings.items():
            if body:
                body.append("\n")
            body.append(f"{outlet}: ", style="cyan")
            body.append(" | ".join(f"{w.text} ({w.sentence_id})" for w in wordings))
        table.add_row(str(number), head, body)
    out.print(table)

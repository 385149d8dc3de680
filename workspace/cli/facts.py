"""`parallax facts STORY`: the story's fact table (slots, every outlet's values, agreement)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from workspace.cli.context import console, err_console, print_json


def register(app: typer.Typer) -> None:
    app.command()(facts)


def facts(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story slug.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the fact table as JSON.")] = False,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="Show only the slots whose values contradict.")
    ] = False,
) -> None:
    """The facts of a story across outlets: what is counted or dated, each outlet's value,
    how many agree, which contradict, and what a machine translation changed (⚠)."""
    from workspace.cli.context import state
    from workspace.compare import compare_story
    from workspace.compare.story_facts import story_facts

    comparison = compare_story(state(ctx).workspace(), story)
    for note in comparison.notes:
        err_console().print(Text(f"parallax: note: {note}"))
    table = story_facts(comparison, conflicts_only=conflicts)
    if as_json:
        print_json(table.to_dict())
        return
    _print_table(table)


def _print_table(table) -> None:
    out = console()
    head = Text(f"{table.story}: {len(table.rows)} slots", style="bold")
    head.append(f", {table.contradictions} contradict")
    if table.flags:
        head.append(f", {len(table.flags)} changed by a machine translation")
    out.print(head)
    for note in table.notes:
        out.print(Text(note, style="dim"))
    for row in table.rows:
        line = Text("≠ " if row.contradiction else "  ", style="bold red")
        line.append(row.what, style="bold")
        line.append(f" ({row.kind})  ", style="dim")
        line.append(row.counts)
        if row.mt_caused:
            line.append("  ⚠", style="yellow")
        out.print(line)
        for o in row.outlets:
            value = Text(f"    {o.outlet}: ", style="cyan")
            value.append(" / ".join(o.values))
            value.append(f"  [{', '.join(o.sentence_ids)}]", style="dim")
            for flag in o.flags:
                value.append(f"  ⚠ {flag}", style="yellow")
            out.print(value)
    shown = {s for row in table.rows for s in row.sentence_ids}
    rest = [f for f in table.flags if f.sentence_id not in shown]
    if rest:
        out.print(Text("What machine translations changed:", style="bold"))
        for flag in rest:
            out.print(Text(f"  ⚠ {flag.outlet} [{flag.sentence_id}]: {flag.message}"))
    if table.quotes:
        out.print(Text("One quote worded two ways:", style="bold"))
        for quote in table.quotes:
            for outlet, spans in quote.spans.items():
                line = Text(f"  {outlet}: ", style="cyan")
                for span in spans:
                    line.append(span.text + " ", style="bold yellow" if span.changed else "")
                out.print(line)
            out.print(Text(f"    [{', '.join(quote.sentence_ids)}]", style="dim"))

"""`parallax compare STORY`: side-by-side summary, JSON, Markdown and HTML reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workspace.cli.context import console, err_console


def register(app: typer.Typer) -> None:
    app.command()(compare)


def compare(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story slug.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    md: Annotated[Path | None, typer.Option("--md", help="Write a Markdown report.")] = None,
    html_file: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report.")
    ] = None,
) -> None:
    """Compare the articles of a story: aligned claims, differences, what only one outlet says."""
    from workspace.cli.context import state
    from workspace.compare import compare_story
    from workspace.compare.report import to_html, to_json, to_markdown
    from workspace.store.files import atomic_write_text

    comparison = compare_story(state(ctx).workspace(), story)
    for note in comparison.notes:
        err_console().print(Text(f"parallax: note: {note}"))
    if md:
        atomic_write_text(md, to_markdown(comparison))
        err_console().print(Text(f"wrote {md}"))
    if html_file:
        atomic_write_text(html_file, to_html(comparison))
        err_console().print(Text(f"wrote {html_file}"))
    if as_json:
        print(to_json(comparison))
        return
    if md or html_file:
        return
    _print_summary(comparison)


def _member_text(m) -> Text:
    """The member's words, changed ones highlighted; an untranslated original is marked."""
    if m.diff:
        body = Text()
        for span in m.diff:
            body.append(span.text + " ", style="bold yellow" if span.changed else "")
        return body
    body = Text(m.text)
    if m.pivot_text is None:
        body.append("  (not translated)", style="dim")
    return body


def _print_summary(c) -> None:
    out = console()
    out.print(Text(f"{c.story}: {len(c.articles)} articles, {len(c.groups)} aligned groups, "
                   f"{len(c.unique)} unique claims, {len(c.discrepancies)} discrepancies", style="bold"))  # fmt: skip
    for d in c.discrepancies:
        line = Text("  ")
        line.append(d.kind.upper(), style="bold red")
        line.append(f" {d.description}  ")
        line.append("; ".join(f"{o}: {v}" for o, v in d.values.items()), style="dim")
        out.print(line)
    table = Table(show_lines=True, expand=True)
    for article in c.articles:
        table.add_column(Text(article.name), ratio=1)
    for g in c.groups:
        cells = []
        for article in c.articles:
            body = Text()
            for m in (m for m in g.members if m.article_id == article.id):
                if body:
                    body.append("\n")
                body.append_text(_member_text(m))
            cells.append(body if body else Text("—", style="dim"))
        table.add_row(*cells)
    out.print(table)
    if c.unique:
        out.print(Text("Only one outlet says:", style="bold"))
        for u in c.unique:
            line = Text(f"  {u.outlet}: ", style="cyan")
            line.append(u.text)
            out.print(line)

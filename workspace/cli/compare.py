"""`parallax compare STORY`: side-by-side summary, JSON, Markdown and HTML reports."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workspace import ParallaxError
from workspace.cli.context import console, err_console, print_json
from workspace.ingest.text import strip_controls


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
    from workspace.compare.report import to_html, to_markdown

    comparison = compare_story(state(ctx).workspace(), story)
    for note in comparison.notes:
        err_console().print(Text(f"parallax: note: {note}"))
    if md:
        write_report(md, to_markdown(comparison))
        err_console().print(Text(f"wrote {md}"))
    if html_file:
        write_report(html_file, to_html(comparison))
        err_console().print(Text(f"wrote {html_file}"))
    if as_json:
        print_json(comparison.to_dict())
        return
    if md or html_file:
        return
    _print_summary(comparison)


def write_report(path: Path, text: str) -> None:
    """Write a report where the user asked. A regular file (or a new path) is replaced
    atomically; anything else — /dev/stdout, a FIFO, a terminal, `>(wc -c)`, a symlink — is
    opened and written through, so a special file or a link is never replaced by a regular
    file. Reports may be shown on a terminal: no control character is written."""
    data = strip_controls(text).encode("utf-8")
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ParallaxError(f"cannot write {path} ({exc.strerror})") from None
    try:
        if info is None or stat.S_ISREG(info.st_mode):
            from workspace.store.files import atomic_write_bytes

            atomic_write_bytes(path, data)
            return
        if stat.S_ISDIR(info.st_mode):
            raise ParallaxError(f"{path} is a directory; name a file for the report")
        with open(path, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise ParallaxError(f"cannot write {path} ({exc.strerror or exc})") from None


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
    not_comparable = [a.name for a in c.articles if a.id not in c.comparable]
    if not_comparable:
        out.print(Text(
            f"not comparable (no {c.pivot_language} text and no sentence encoder): "
            + ", ".join(not_comparable), style="yellow"
        ))  # fmt: skip
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
            if not body:
                body = Text("—" if article.id in c.comparable else "not comparable", style="dim")
            cells.append(body)
        table.add_row(*cells)
    out.print(table)
    if c.unique:
        against = len(c.comparable)
        out.print(Text(f"Only one outlet says (of the {against} outlets that could be compared):",
                       style="bold"))  # fmt: skip
        for u in c.unique:
            line = Text(f"  {u.outlet}: ", style="cyan")
            line.append(u.text)
            out.print(line)

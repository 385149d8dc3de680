"""Shared CLI state: where the workspace is and how to print.

Every line the CLI prints goes through `console()`/`err_console()` (Rich) or `print_json`:
they are the one place where data is made safe for a terminal. The consoles drop escape
sequences, control, bidi and zero-width characters from every piece of text they render and
never emit a hyperlink; commands still hand data to Rich as `Text` (or escaped), so markup in
data stays literal text.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import typer
from rich.console import Console, ConsoleOptions, RenderableType, RenderHook, RenderResult
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.segment import Segment
from rich.text import Text

from workspace.ingest.text import replace_dangerous, strip_controls
from workspace.store.workspace import Workspace, find_workspace


@dataclass
class CliState:
    workspace_path: Path | None = None
    opened: list[Workspace] = field(default_factory=list)

    def workspace(self) -> Workspace:
        ws = find_workspace(self.workspace_path)
        self.opened.append(ws)
        return ws


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


class _Sanitized:
    """Renders another renderable with every text segment stripped of terminal controls."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment  # cursor moves of Rich's own live displays
                continue
            style = segment.style.update_link(None) if segment.style else None
            yield Segment(strip_controls(segment.text), style)


class _StripControls(RenderHook):
    def process_renderables(self, renderables: list[Any]) -> list[Any]:
        return [_Sanitized(r) for r in renderables]


def safe_console(**kwargs: Any) -> Console:
    """A Rich console whose every rendered segment is stripped of terminal controls."""
    out = Console(highlight=False, **kwargs)
    out.push_render_hook(_StripControls())
    return out


def console() -> Console:
    return safe_console()


def err_console() -> Console:
    return safe_console(stderr=True, soft_wrap=True)


def safe_json(data: Any) -> str:
    """JSON whose strings carry dangerous characters as \\u escapes: the data round-trips
    unchanged, yet a terminal showing the JSON gets no control, bidi or zero-width character."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return replace_dangerous(text, lambda m: _json_escape(m.group()))


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def print_json(data: Any) -> None:
    sys.stdout.write(safe_json(data) + "\n")


def close_workspaces(cli_state: CliState) -> None:
    """At the end of every command: name each file that could not be read (it was skipped,
    not fatal), then close the workspaces the command opened."""
    skipped: dict[Path, str] = {}
    for ws in cli_state.opened:
        skipped.update(ws.skipped)
        ws.close()
    cli_state.opened.clear()
    if skipped:
        out = err_console()
        for reason in skipped.values():
            out.print(Text(f"parallax: warning: skipped {reason}"))


def print_lines(lines: Iterable[str], *, stderr: bool = True) -> None:
    """Plain lines (no Rich), made terminal-safe: for errors printed outside a command."""
    stream = sys.stderr if stderr else sys.stdout
    for line in lines:
        stream.write(strip_controls(line).replace("\n", " ") + "\n")


class _Counts(Protocol):
    done: int
    total: int

    @property
    def rate(self) -> float: ...

    @property
    def eta_seconds(self) -> float | None: ...


class ProgressPrinter:
    """Progress of a long job: a Rich bar on a terminal; plain lines (every 5 s) for cron and
    CI. Call it with anything that has done/total/rate/eta_seconds; `close()` at the end."""

    def __init__(self, verb: str, unit: str) -> None:
        self.unit = unit
        self._last = 0.0
        self._bar: Progress | None = None
        if sys.stdout.isatty():
            self._bar = Progress(
                TextColumn(verb), BarColumn(), MofNCompleteColumn(),
                TextColumn(f"{{task.fields[rate]:.1f}} {unit}/s"), TimeRemainingColumn(),
                console=console(), transient=False,
            )  # fmt: skip
            self._task = self._bar.add_task(verb, total=None, rate=0.0)
            self._bar.start()

    def __call__(self, p: _Counts) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=p.done, total=p.total or None, rate=p.rate)
            return
        now = time.monotonic()
        if now - self._last >= 5 or p.done == p.total:
            self._last = now
            eta = f", eta {p.eta_seconds:.0f} s" if p.eta_seconds is not None else ""
            print(f"progress: {p.done}/{p.total} {self.unit}, {p.rate:.1f}/s{eta}", flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()

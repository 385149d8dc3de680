"""A one-line status of the translation job running in this app (or in another process)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class JobBar(Horizontal):
    DEFAULT_CSS = """
    JobBar { height: 1; display: none; }
    JobBar.-active { display: block; }
    JobBar > Static { width: auto; padding: 0 1; }
    JobBar > ProgressBar { width: 40; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="job-label")
        yield ProgressBar(total=None, show_eta=True, id="job-progress")

    def update_progress(self, done: int, total: int, rate: float, label: str) -> None:
        self.add_class("-active")
        rate_text = f" · {rate:.1f}/s" if rate else ""
        self.query_one("#job-label", Static).update(Text(f"{label} {done}/{total}{rate_text}"))
        self.query_one("#job-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def finish(self, message: str) -> None:
        self.add_class("-active")
        self.query_one("#job-label", Static).update(Text(message))
        self.query_one("#job-progress", ProgressBar).update(total=1, progress=1)

"""Messages workers send to the UI (workers talk back only through messages).

Workspace data reaches the UI already cleaned by the core (it is cleaned where it is read);
error and status text, which may quote file names or come from any exception, is made a
clean, plain line here, where it enters the UI.
"""

from __future__ import annotations

from textual.message import Message

from workspace.compare.view import StoryView
from workspace.ingest.text import clean_line
from workspace.store.summary import StorySummary


def describe(error: BaseException) -> str:
    """One clean line for an exception shown in the UI (same wording as the CLI's)."""
    from workspace.store.db import user_error

    return clean_line(user_error(error) or str(error) or type(error).__name__)


class StoriesLoaded(Message):
    def __init__(self, summaries: list[StorySummary], skipped: list[str] | None = None) -> None:
        self.summaries = summaries
        self.skipped = [clean_line(reason) for reason in skipped or []]
        super().__init__()


class StoryLoaded(Message):
    def __init__(self, view: StoryView) -> None:
        self.view = view
        super().__init__()


class LoadFailed(Message):
    def __init__(self, error: str) -> None:
        self.error = clean_line(error)
        super().__init__()


class JobProgressed(Message):
    """Frequent; a newer one replaces an older one still in the queue."""

    def __init__(self, done: int, total: int, rate: float) -> None:
        self.done, self.total, self.rate = done, total, rate
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgressed)


class JobFinished(Message):
    def __init__(self, summary: str, failed: bool) -> None:
        self.summary = clean_line(summary)
        self.failed = failed
        super().__init__()


class WorkspaceChanged(Message):
    """Translations landed (from this app's job or another process): views should reload."""

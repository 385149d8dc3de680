"""Messages workers send to the UI (workers talk back only through messages)."""

from __future__ import annotations

from textual.message import Message

from workspace.compare.view import StoryView
from workspace.store.summary import StorySummary


class StoriesLoaded(Message):
    def __init__(self, summaries: list[StorySummary]) -> None:
        self.summaries = summaries
        super().__init__()


class StoryLoaded(Message):
    def __init__(self, view: StoryView) -> None:
        self.view = view
        super().__init__()


class LoadFailed(Message):
    def __init__(self, error: str) -> None:
        self.error = error
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
        self.summary = summary
        self.failed = failed
        super().__init__()


class WorkspaceChanged(Message):
    """Translations landed (from this app's job or another process): views should reload."""

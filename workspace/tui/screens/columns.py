"""Choose which outlets the story grid shows: a checklist over the story screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static


class ColumnsScreen(ModalScreen[list[str] | None]):
    """Space ticks an outlet, Enter keeps the choice, Esc leaves the columns as they were.
    Dismissed with the ids of the articles to show."""

    BINDINGS = [
        # priority: the list would otherwise take Enter as "tick this one"
        Binding("enter", "done", "Show these", priority=True, id="columns.done"),
        Binding("escape", "cancel", "Cancel", id="columns.cancel"),
    ]
    DEFAULT_CSS = """
    ColumnsScreen { align: center middle; }
    ColumnsScreen > Vertical { width: 60; height: auto; max-height: 80%;
                               border: round $primary; background: $surface; }
    ColumnsScreen SelectionList { height: auto; max-height: 30; }
    """

    def __init__(self, choices: list[tuple[str, str, bool]]) -> None:
        """`choices`: (outlet, article id, shown now) per article, in column order."""
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Columns: space to tick, Enter to show, Esc to cancel", style="bold"))
            yield Static(
                Text("In the grid: h hides the cursor's column, P pins it to the left, "
                     "m makes columns compact", style="dim")
            )  # fmt: skip
            yield SelectionList[str](
                *[(Text(outlet), article_id, shown) for outlet, article_id, shown in self.choices],
                id="columns-list",
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)

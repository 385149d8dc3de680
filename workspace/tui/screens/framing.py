"""How each outlet names the same thing: the story's framing entries, most salient first.

Enter on a wording closes the screen and the story screen jumps to that sentence.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workspace.compare.framing import FramingEntry
from workspace.ingest.text import clean_text

SALIENCE_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}


def entry_header(number: int, entry: FramingEntry) -> Text:
    """The entry's title line: number, salience, referent and why it ranks where it does."""
    text = Text()
    text.append(f"{number}. ", style="bold")
    text.append(f"{entry.salience:<6} ", style=SALIENCE_STYLES.get(entry.salience, ""))
    text.append(clean_text(entry.referent), style="bold")
    text.append("  " + clean_text("; ".join(entry.reasons)), style="dim")
    return text


class FramingScreen(Screen[str | None]):
    """Dismissed with the sentence id of the wording chosen (None on Escape)."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="framing.back"),
    ]

    def __init__(self, story: str, entries: list[FramingEntry], empty: str = "") -> None:
        super().__init__(id="framing-screen")
        self.story = story
        self.entries = entries
        self.empty = empty

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="framing-summary")
        yield OptionList(id="framing-list")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Framing"
        self.sub_title = self.story
        summary = Text()
        if self.entries:
            summary.append(f"{len(self.entries)} referents named differently, most salient "
                           "first · Enter jumps to the sentence", style="bold")  # fmt: skip
        else:
            summary.append(clean_text(self.empty or "no framing differences"), style="bold")
        self.query_one("#framing-summary", Static).update(summary)
        options = self.query_one("#framing-list", OptionList)
        for number, entry in enumerate(self.entries, 1):
            options.add_option(Option(entry_header(number, entry), disabled=True))
            for outlet, wordings in entry.wordings.items():
                for w in wordings:
                    line = Text("   ")
                    line.append(clean_text(outlet) + ": ", style="cyan")
                    line.append(clean_text(w.text))
                    line.append(f"  ({w.sentence_id}{', headline' if w.headline else ''})",
                                style="dim")  # fmt: skip
                    options.add_option(Option(line, id=f"{number}:{w.sentence_id}:{outlet}"))
        options.focus()

    @on(OptionList.OptionSelected, "#framing-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        self.dismiss(option_id.split(":")[1] if ":" in option_id else None)

    def action_close(self) -> None:
        self.dismiss(None)

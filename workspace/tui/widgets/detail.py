"""The selected sentence: original, pivot text, where the translation came from, confidence."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workspace.compare.view import Row, SentenceView


class SentenceDetail(Static):
    DEFAULT_CSS = """
    SentenceDetail { height: 7; padding: 0 1; border-top: solid $primary; overflow-y: hidden; }
    """

    def show(
        self,
        sentence: SentenceView | None,
        row: Row | None,
        discrepancies: list[str],
        comparable: bool = True,
    ) -> None:
        if sentence is None and not comparable:
            self.update(Text(
                "Not comparable: this outlet has no text in the pivot language and no sentence"
                " encoder could read it, so whether it reports this is unknown.", style="dim"
            ))  # fmt: skip
            return
        if sentence is None:
            self.update(Text("No sentence here: this outlet does not report it.", style="dim"))
            return
        text = Text()
        text.append("original  ", style="bold")
        text.append(sentence.original + "\n")
        if sentence.pivot is not None and sentence.source != "original":
            text.append("pivot     ", style="bold")
            text.append(sentence.pivot + "\n")
        text.append("source    ", style="bold")
        text.append(sentence.source)
        if sentence.confidence is not None:
            style = "bold yellow" if sentence.low_confidence else ""
            text.append(f"   confidence {sentence.confidence:.0%}", style=style)
            if sentence.low_confidence:
                text.append(" (low)", style=style)
        if row is not None and row.kind == "unique":
            text.append("\n★ only this outlet reports this", style="magenta")
        for line in discrepancies:
            text.append("\n≠ ", style="bold red")
            text.append(line)
        self.update(text)

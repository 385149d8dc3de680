"""The story's fact table as a list: one option per slot (what is counted or dated, each
outlet's values, how many agree; ≠ when they contradict, ⚠ beside a value a machine translation
changed), then quotes worded two ways with the differing words highlighted, then what machine
translations changed elsewhere. Enter jumps to a sentence of the chosen entry (again: the next).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workspace.compare.story_facts import FactRow, QuoteWording, StoryFacts
from workspace.ingest.text import clean_text


class FactsList(OptionList):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sentences: dict[str, list[str]] = {}  # option id -> sentence ids, in order
        self._next: dict[str, int] = {}

    def show(self, facts: StoryFacts | None) -> None:
        """Replace the options by the fact table (one batch: one refresh, even on 10×100)."""
        self.clear_options()
        self.sentences, self._next = {}, {}
        if facts is None:
            return
        options: list[Option] = []
        for index, row in enumerate(facts.rows):
            options.append(self._option(f"slot-{index}", _row_text(row), row.sentence_ids))
        for index, quote in enumerate(facts.quotes):
            options.append(self._option(f"quote-{index}", _quote_text(quote), quote.sentence_ids))
        shown = {sid for row in facts.rows for sid in row.sentence_ids}
        for index, flag in enumerate(facts.flags):
            if flag.sentence_id in shown:
                continue
            text = Text("⚠ ", style="bold yellow")
            text.append(f"{clean_text(flag.outlet)}: {clean_text(flag.message)}")
            options.append(self._option(f"flag-{index}", text, [flag.sentence_id]))
        if not options:
            note = "; ".join(facts.notes) or "no facts to compare"
            options.append(Option(Text(clean_text(note), style="dim"), disabled=True))
        self.add_options(options)

    def _option(self, option_id: str, text: Text, sentence_ids: list[str]) -> Option:
        self.sentences[option_id] = list(dict.fromkeys(sentence_ids))
        return Option(text, id=option_id)

    def next_sentence(self, option_id: str) -> str | None:
        """The sentence to jump to for this option: its first, then each next on a repeat."""
        sentences = self.sentences.get(option_id) or []
        if not sentences:
            return None
        position = self._next.get(option_id, 0)
        self._next[option_id] = (position + 1) % len(sentences)
        return sentences[position % len(sentences)]


def _row_text(row: FactRow) -> Text:
    text = Text()
    text.append("≠ " if row.contradiction else "  ", style="bold red")
    text.append(clean_text(row.what), style="bold")
    text.append(f"  {clean_text(row.counts)}")
    if row.mt_caused:
        text.append("  ⚠", style="bold yellow")
    for outlet in row.outlets:
        text.append(f"\n  {clean_text(outlet.outlet)}: ", style="dim")
        text.append(clean_text(" / ".join(outlet.values)))
        for flag in outlet.flags:
            text.append(f"\n    ⚠ {clean_text(flag)}", style="yellow")
    return text


def _quote_text(quote: QuoteWording) -> Text:
    text = Text("“” ", style="bold magenta")
    text.append("one quote, worded two ways", style="bold")
    for outlet, spans in quote.spans.items():
        text.append(f"\n  {clean_text(outlet)}: ", style="dim")
        for span in spans:
            text.append(clean_text(span.text) + " ", style="reverse yellow" if span.changed else "")
    return text

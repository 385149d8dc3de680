"""One article's versions, and what changed from one to the next, sentence by sentence."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workspace.feeds.changes import AWAY, TOWARD
from workspace.feeds.versiondiff import SentenceChange
from workspace.feeds.view import VersionView, load_version_view
from workspace.ingest.text import clean_text


def diff_text(view: VersionView, show_minor: bool) -> Text:
    """The chosen change as plain text with styles (article text is never markup)."""
    text = Text()
    if view.diff is None:
        text.append("This article has one version: it has not changed since it was added.",
                    style="dim")  # fmt: skip
        return text
    text.append(f"version {view.older} → {(view.older or 0) + 1}: ", style="bold")
    text.append(view.diff.summary() + "\n")
    for m in view.movements:
        style = {TOWARD: "green", AWAY: "red"}.get(m.direction, "dim")
        text.append("≠ ", style="bold red")
        text.append(clean_text(m.fact.description) + "  ")
        text.append(m.description + "\n", style=style)
    hidden = 0
    for change in view.diff.all_changes:
        if not change.significant and not show_minor:
            hidden += 1
            continue
        text.append("\n")
        _change(text, change)
    if hidden:
        text.append(f"\n{hidden} minor changes hidden (m shows them)", style="dim")
    return text


def _change(text: Text, change: SentenceChange) -> None:
    text.append(f"{change.kind.upper():<9}", style="bold red" if change.facts else "bold")
    text.append(clean_text(change.reason) + "\n", style="" if change.significant else "dim")
    for prefix, spans, colour in (("- ", change.old_diff, "red"), ("+ ", change.new_diff, "green")):
        if not spans:
            continue
        text.append(prefix, style=colour)
        for i, span in enumerate(spans):
            if i:
                text.append(" ")
            text.append(
                clean_text(span.text), style=f"bold {colour} reverse" if span.changed else ""
            )
        text.append("\n")


class VersionsScreen(Screen[None]):
    BINDINGS = [
        Binding("m", "toggle_minor", "Minor changes", id="versions.minor"),
        Binding("escape", "app.pop_screen", "Back", id="versions.back"),
    ]

    class Loaded(Message):
        def __init__(self, view: VersionView) -> None:
            self.view = view
            super().__init__()

    class Failed(Message):
        def __init__(self, error: str) -> None:
            self.error = error
            super().__init__()

    def __init__(self, article_id: str) -> None:
        super().__init__(id="versions")
        self.article_id = article_id
        self.view: VersionView | None = None
        self.show_minor = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("loading…", style="dim"), id="versions-summary")
        with Horizontal(id="versions-body"):
            yield OptionList(id="versions-list")
            with VerticalScroll(id="version-diff-scroll"):
                yield Static(id="version-diff")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Parallax — versions"
        self.sub_title = self.article_id
        self.query_one("#versions-list").focus()
        self.load(None)

    @work(thread=True, exclusive=True, group="versions", exit_on_error=False)
    def load(self, older: int | None) -> None:
        try:
            with self.app.open_workspace() as ws:  # type: ignore[attr-defined]
                view = load_version_view(ws, self.article_id, older)
        except Exception as exc:  # shown in the UI; the app keeps running
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(view))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first = self.view is None
        self.view = view = message.view
        summary = Text()
        summary.append(f"{view.outlet} · {view.language} · ", style="bold")
        summary.append(view.title)
        summary.append(f"\n{len(view.versions)} versions", style="dim")
        if view.seen:
            summary.append(f" · ● changed since you last looked ({view.seen[:16]})", style="dim")
        self.query_one("#versions-summary", Static).update(summary)
        if first:
            options = self.query_one("#versions-list", OptionList)
            for version in view.versions:
                label = Text(f"v{version.number} ", style="bold")
                label.append(version.fetched[:16] or "-")
                if version.current:
                    label.append("  (current)", style="dim")
                else:
                    if view.is_new(version) and version.significant:
                        label.append(" ●", style="bold yellow")
                    label.append(f"\n  → {version.summary or 'changed'}",
                                 style="" if version.significant else "dim")  # fmt: skip
                options.add_option(Option(label, id=str(version.number)))
            if view.older is not None:
                options.highlighted = view.older - view.versions[0].number
        self._show()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#versions-summary", Static).update(
            Text(f"error: {message.error}", style="red")
        )

    def _show(self) -> None:
        if self.view is not None:
            self.query_one("#version-diff", Static).update(diff_text(self.view, self.show_minor))

    @on(OptionList.OptionSelected, "#versions-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        number = int(event.option.id or 0)
        if self.view is not None and number != self.view.older:
            self.load(number)

    def action_toggle_minor(self) -> None:
        self.show_minor = not self.show_minor
        self._show()

"""The stories of the workspace: outlets, languages, sentences, translation state; search."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from workspace.ingest.text import clean_line
from workspace.store.summary import StorySummary, summarize_workspace
from workspace.tui.messages import LoadFailed, StoriesLoaded, WorkspaceChanged, describe

_GROUPING_STYLES = {"automatic": "cyan", "suggested": "yellow", "accepted": "green"}


def _grouping_cell(summary: StorySummary) -> Text:
    """How the story was grouped: blank when made by hand; `a` accepts the others."""
    if summary.grouping == "hand":
        return Text("")
    label = summary.grouping + (" (uncertain)" if summary.uncertain else "")
    return Text(label, style=_GROUPING_STYLES.get(summary.grouping, ""))


class StoriesScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open_story", "Open", id="stories.open"),
        Binding("slash", "search", "Search", id="stories.search"),
        Binding("m", "app.models", "Models", id="stories.models"),
        Binding("T", "app.translate_all", "Translate all", id="stories.translate_all"),
        Binding("a", "accept", "Accept grouping", id="stories.accept"),
        Binding("r", "reload", "Reload", id="stories.reload"),
        Binding("q", "app.quit", "Quit", id="stories.quit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="stories")
        self.summaries: list[StorySummary] = []
        self.skipped: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="search stories, outlets, languages… (Esc to leave)", id="story-search"
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="stories-table")
        yield Static(id="stories-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Parallax — stories"
        self.sub_title = clean_line(self.app.root.name)  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        for label in (
            "story",
            "title",
            "articles",
            "outlets",
            "languages",
            "sentences",
            "translated",
            "grouping",
        ):
            table.add_column(label, key=label)
        self.query_one("#story-search").display = False
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def load(self) -> None:
        try:
            with self.app.open_workspace() as ws:  # type: ignore[attr-defined]
                summaries = summarize_workspace(ws)
                skipped = list(ws.skipped.values())
        except Exception as exc:  # shown in the UI; the app keeps running
            self.post_message(LoadFailed(describe(exc)))
            return
        self.post_message(StoriesLoaded(summaries, skipped))

    @on(StoriesLoaded)
    def _loaded(self, message: StoriesLoaded) -> None:
        self.summaries = message.summaries
        self.skipped = message.skipped
        self._fill(self.query_one("#story-search", Input).value)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#stories-hint", Static).update(Text(f"error: {message.error}", style="red"))

    @on(WorkspaceChanged)
    def _changed(self) -> None:
        self.load()

    def _fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        needle = query.lower().strip()
        for s in self.summaries:
            haystack = " ".join([s.slug, s.title, *s.outlets, *s.languages]).lower()
            if needle and needle not in haystack:
                continue
            sentences = sum(a.sentences for a in s.articles)
            done = sum(min(a.sentences, a.translated.get(s.pivot_language, 0)) for a in s.articles
                       if a.language != s.pivot_language and s.pivot_language not in a.editions)  # fmt: skip
            need = sum(a.sentences for a in s.articles
                       if a.language != s.pivot_language and s.pivot_language not in a.editions)  # fmt: skip
            state = "✓ all" if done >= need else f"{done}/{need}"
            table.add_row(Text(s.slug), Text(s.title), str(len(s.articles)), Text(", ".join(s.outlets)),
                          ", ".join(s.languages), str(sentences), state, _grouping_cell(s),
                          key=s.slug)  # fmt: skip
        hint = self.query_one("#stories-hint", Static)
        if not self.summaries:
            hint.update(
                Text(
                    "No stories yet. Add articles with: parallax add FILE --story NAME", style="dim"
                )
            )
        else:
            hint.update(
                Text(
                    "Enter opens a story · / searches · T translates every story"
                    " · a accepts a suggested grouping",
                    style="dim",
                )
            )
        if self.skipped:
            text = Text(f"skipped {len(self.skipped)} unreadable files: ", style="yellow")
            text.append("; ".join(self.skipped))
            hint.update(text)

    def action_accept(self) -> None:
        """Confirm the grouping of the story under the cursor (automatic or suggested)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        slug = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        summary = next((s for s in self.summaries if s.slug == slug), None)
        if summary is None or summary.grouping not in ("automatic", "suggested"):
            self.notify("this story was not grouped automatically: nothing to accept")
            return
        self.accept(summary.slug)

    @work(thread=True, exclusive=True, group="stories-accept", exit_on_error=False)
    def accept(self, slug: str) -> None:
        from workspace.group.moves import accept_story

        try:
            with self.app.open_workspace() as ws:  # type: ignore[attr-defined]
                accept_story(ws, slug)
        except Exception as exc:  # shown in the UI; the app keeps running
            self.post_message(LoadFailed(describe(exc)))
            return
        self.post_message(self.GroupingAccepted(slug))

    class GroupingAccepted(Message):
        def __init__(self, slug: str) -> None:
            self.slug = slug
            super().__init__()

    @on(GroupingAccepted)
    def _accepted(self, message: GroupingAccepted) -> None:
        self.notify(f"accepted the grouping of {message.slug}")
        self.load()

    def action_search(self) -> None:
        search = self.query_one("#story-search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#story-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#story-search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#story-search", Input)
        if search.has_focus:
            search.value = ""
            search.display = False
            self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#stories-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.open_story(event.row_key.value)  # type: ignore[attr-defined]

    def action_open_story(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.app.open_story(key)  # type: ignore[attr-defined]

"""The heart of Parallax: one story, its articles side by side, aligned, differences marked."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static

from workspace.compare.view import Row, StoryView, load_story_view
from workspace.feeds.changes import last_seen, mark_seen
from workspace.feeds.view import version_marks
from workspace.tui.messages import LoadFailed, StoryLoaded, WorkspaceChanged, describe
from workspace.tui.screens.versions import VersionsScreen
from workspace.tui.widgets.detail import SentenceDetail
from workspace.tui.widgets.facts_list import FactsList
from workspace.tui.widgets.job_bar import JobBar
from workspace.tui.widgets.story_table import Modes, StoryTable

VIEWS = ("pivot", "both", "original")


class StoryScreen(Screen[None]):
    BINDINGS = [
        Binding("v", "cycle_view", "View", id="story.view"),
        Binding("a", "toggle_aligned", "Align", id="story.aligned"),
        Binding("d", "toggle_diff", "Diff", id="story.diff"),
        Binding("n", "next_discrepancy", "≠ next", id="story.next_discrepancy"),
        Binding("p", "previous_discrepancy", "≠ prev", id="story.previous_discrepancy"),
        Binding("u", "next_unique", "★ next", id="story.next_unique"),
        Binding("U", "previous_unique", "Prev ★", show=False, id="story.previous_unique"),
        Binding("f", "toggle_facts", "Facts", id="story.facts"),
        Binding("slash", "search", "Search", id="story.search"),
        Binding("t", "translate", "Translate", id="story.translate"),
        Binding("V", "versions", "Versions", id="story.versions"),
        Binding("F", "framing", "Framing", id="story.framing"),
        Binding("x", "app.cancel_job", "Cancel job", show=False, id="story.cancel"),
        Binding("escape", "back", "Back", id="story.back"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__(id=f"story-{slug}")
        self.slug = slug
        self.view: StoryView | None = None
        self.modes = Modes()
        self.seen_before: str | None = None  # the last-seen mark when this screen opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("loading…", style="dim"), id="story-summary")
        with Horizontal(id="story-body"):
            yield StoryTable(id="story-table")
            with Vertical(id="facts-panel"):
                yield Static(Text("Facts across outlets (Enter jumps)", style="bold"),
                             id="facts-title")  # fmt: skip
                yield FactsList(id="facts-list")
        yield SentenceDetail(id="detail")
        yield Input(
            placeholder="search all columns (Enter: next match, Esc: close)", id="story-search"
        )
        yield JobBar(id="job-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Parallax"
        self.sub_title = self.slug
        self.query_one("#facts-panel").display = False
        self.query_one("#story-search").display = False
        self.query_one(StoryTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def load(self) -> None:
        try:
            with self.app.open_workspace() as ws:  # type: ignore[attr-defined]
                view = load_story_view(ws, self.slug)
                if self.seen_before is None:  # opening the story is looking at it
                    self.seen_before = last_seen(ws, self.slug)
                    mark_seen(ws, self.slug)
                view.column_marks = version_marks(ws, self.slug, since=self.seen_before)
        except Exception as exc:  # shown in the UI; the app keeps running
            self.post_message(LoadFailed(describe(exc)))
            return
        self.post_message(StoryLoaded(view))

    @on(StoryLoaded)
    def _loaded(self, message: StoryLoaded) -> None:
        self.view = message.view
        self.title = message.view.story.title
        self._render_table()
        self.query_one("#facts-list", FactsList).show(message.view.facts)
        self._summary()

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#story-summary", Static).update(
            Text(f"error: {message.error}", style="red")
        )

    @on(WorkspaceChanged)
    def _changed(self) -> None:
        self.load()

    def _summary(self) -> None:
        if self.view is None:
            return
        c = self.view.comparison
        text = Text()
        text.append(f"{len(self.view.articles)} articles · ", style="bold")
        text.append(f"{len(c.groups)} aligned · ")
        text.append(f"★ {len(c.unique)} only-one-outlet · ", style="magenta")
        text.append(f"≠ {len(c.discrepancies)} discrepancies", style="red")
        changed = sum("●" in mark for mark in self.view.column_marks.values())
        if changed:
            text.append(f" · ● {changed} changed since you last looked (V: versions)",
                        style="bold yellow")  # fmt: skip
        text.append(f"   view: {self.modes.view} · {'aligned' if self.modes.aligned else 'free'}"
                    f" · diff {'on' if self.modes.diff else 'off'}", style="dim")  # fmt: skip
        for note in c.notes:
            text.append(f"\n{note}", style="yellow")
        for reason in self.view.skipped:
            text.append(f"\nskipped {reason}", style="yellow")
        self.query_one("#story-summary", Static).update(text)

    def _render_table(self) -> None:
        if self.view is not None:
            self.query_one(StoryTable).show(self.view, self.modes)
            self._summary()

    @on(StoryTable.SentenceSelected)
    def _selected(self, message: StoryTable.SentenceSelected) -> None:
        lines = []
        if self.view is not None and message.row is not None:
            for index in message.row.discrepancies:
                d = self.view.discrepancies[index]
                lines.append(f"{d.kind}: " + "; ".join(f"{o}: {v}" for o, v in d.values.items()))
        self.query_one(SentenceDetail).show(
            message.sentence, message.row, lines, message.comparable
        )

    # -- modes -------------------------------------------------------------------------------

    def action_cycle_view(self) -> None:
        self.modes = Modes(VIEWS[(VIEWS.index(self.modes.view) + 1) % len(VIEWS)],
                           self.modes.aligned, self.modes.diff)  # fmt: skip
        self._render_table()

    def action_toggle_aligned(self) -> None:
        self.modes = Modes(self.modes.view, not self.modes.aligned, self.modes.diff)
        self._render_table()

    def action_toggle_diff(self) -> None:
        self.modes = Modes(self.modes.view, self.modes.aligned, not self.modes.diff)
        self._render_table()

    # -- jumps -------------------------------------------------------------------------------

    def _jump(self, predicate, forward: bool, what: str) -> None:
        if not self.query_one(StoryTable).jump(predicate, forward):
            self.notify(f"no {what} in this view", severity="warning", markup=False)

    def action_next_discrepancy(self) -> None:
        self._jump(lambda row: bool(row.discrepancies), True, "discrepancies")

    def action_previous_discrepancy(self) -> None:
        self._jump(lambda row: bool(row.discrepancies), False, "discrepancies")

    def action_next_unique(self) -> None:
        self._jump(lambda row: row.kind == "unique", True, "claims only one outlet makes")

    def action_previous_unique(self) -> None:
        self._jump(lambda row: row.kind == "unique", False, "claims only one outlet makes")

    def action_toggle_facts(self) -> None:
        panel = self.query_one("#facts-panel")
        panel.display = not panel.display
        if panel.display:
            self.query_one("#facts-list").focus()
        else:
            self.query_one(StoryTable).focus()

    @on(OptionList.OptionSelected, "#facts-list")
    def _fact_chosen(self, event: OptionList.OptionSelected) -> None:
        sentence_id = self.query_one(FactsList).next_sentence(event.option.id or "")
        if sentence_id is None:
            return
        if not self.modes.aligned:
            self.modes = Modes(self.modes.view, True, self.modes.diff)
            self._render_table()
        table = self.query_one(StoryTable)
        table.show_sentence(sentence_id)
        table.focus()

    # -- search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#story-search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#story-search")
    def _search(self, event: Input.Submitted) -> None:
        if not self.query_one(StoryTable).find(event.value):
            self.notify(f"no match for {event.value!r}", severity="warning", markup=False)

    def action_back(self) -> None:
        search = self.query_one("#story-search", Input)
        if search.display:
            search.display = False
            self.query_one(StoryTable).focus()
            return
        self.app.pop_screen()

    def action_versions(self) -> None:
        """The versions of the article under the cursor, and what changed between them."""
        if self.view is None or not self.view.articles:
            return
        column = self.query_one(StoryTable).cursor_coordinate.column
        article = self.view.articles[min(column, len(self.view.articles) - 1)]
        self.app.push_screen(VersionsScreen(article.id))

    def action_framing(self) -> None:
        """How each outlet names the same thing; Enter there jumps to the sentence here."""
        from workspace.compare.framing import empty_reason
        from workspace.tui.screens.framing import FramingScreen

        if self.view is None:
            return
        c = self.view.comparison
        screen = FramingScreen(self.slug, c.framing, "" if c.framing else empty_reason(c))
        self.app.push_screen(screen, self._jump_to_sentence)

    def _jump_to_sentence(self, sentence_id: str | None) -> None:
        if sentence_id is None:
            return
        if not self.modes.aligned:
            self.modes = Modes(self.modes.view, True, self.modes.diff)
            self._render_table()
        table = self.query_one(StoryTable)

        def holds(row: Row) -> bool:
            return any(s.sentence_id == sentence_id for ss in row.cells.values() for s in ss)

        if table.jump(holds) and self.view is not None:
            row = table.current_rows[table.cursor_coordinate.row]
            for column, article in enumerate(self.view.articles):
                if any(s.sentence_id == sentence_id for s in row.cells.get(article.id, [])):
                    table.move_cursor(column=column)
                    break
        else:
            self.notify(f"sentence {sentence_id} is not in this view", severity="warning",
                        markup=False)  # fmt: skip
        table.focus()

    def action_translate(self) -> None:
        self.app.start_translation([self.slug])  # type: ignore[attr-defined]

"""The side-by-side table: one column per article, one row per aligned group (or sentence)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workspace.compare.view import Row, SentenceView, StoryView


@dataclass(frozen=True)
class Modes:
    view: str = "pivot"  # pivot | original | both
    aligned: bool = True
    diff: bool = True


def sentence_text(sentence: SentenceView, modes: Modes, highlight_diff: bool) -> Text:
    """A cell's text. Article text is always plain text: never markup, never escapes."""
    text = Text()
    pivot, original = sentence.pivot, sentence.original
    if modes.view in ("pivot", "both"):
        if pivot is None:
            text.append(original, style="italic")
            text.append("  (not translated)", style="dim")
        elif highlight_diff and modes.diff and sentence.diff:
            for i, span in enumerate(sentence.diff):
                if i:
                    text.append(" ")
                text.append(span.text, style="bold black on yellow" if span.changed else "")
        else:
            text.append(pivot)
        if modes.view == "both" and pivot is not None and sentence.source != "original":
            text.append("\n")
            text.append(original, style="dim")
    else:
        text.append(original)
    if sentence.low_confidence:
        text.append(" ⚠", style="bold yellow")
    return text


def cell_text(row: Row, article_id: str, modes: Modes, comparable: bool = True) -> Text:
    sentences = row.cells.get(article_id, [])
    if not sentences:
        # An outlet that could not be compared may well report it: say so, not "absent".
        return Text("·" if comparable else "? not comparable", style="dim")
    cell = Text()
    if row.discrepancies:
        cell.append("≠ ", style="bold red")
    if row.kind == "unique":
        cell.append("★ only here: ", style="bold magenta")
    for i, sentence in enumerate(sentences):
        if i:
            cell.append("\n")
        cell.append_text(sentence_text(sentence, modes, row.kind == "group"))
    return cell


def wrapped_height(text: str, width: int) -> int:
    """Lines `text` takes when word-wrapped greedily at `width` cells (as Rich wraps)."""
    from rich.cells import cell_len

    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0, 1
        for word in paragraph.split(" "):
            size = cell_len(word)
            while size > width:  # a word longer than the column is folded
                if used:
                    count, used = count + 1, 0
                size -= width
                count += 1
            if used and used + 1 + size > width:
                count, used = count + 1, size
            else:
                used = used + (1 if used else 0) + size
        lines += count
    return max(lines, 1)


def build_cells(
    view: StoryView, modes: Modes, column_width: int
) -> tuple[list[list[Text]], list[int]]:
    """Every cell's text and every row's height in one mode (pure: runs in a worker too)."""
    cells = [
        [cell_text(row, a.id, modes, a.comparable) for a in view.articles]
        for row in view.rows(modes.aligned)
    ]
    heights = [max(wrapped_height(c.plain, column_width) for c in row) for row in cells]
    return cells, heights


class StoryTable(ScrollView, can_focus=True):
    """Every article as a column, one row per aligned group: rows stay in step because they
    are one grid. Drawn line by line (Textual's line API): a frame renders only the cells on
    screen, and each cell is rendered once per mode and cached, so switching modes or moving
    the cursor on a 10 × 100 story touches a screenful of cells, not all 1,250."""

    DEFAULT_CSS = """
    StoryTable { background: $surface; }
    StoryTable > .story-table--header { text-style: bold; background: $panel; }
    StoryTable > .story-table--cursor { background: $accent 40%; }
    StoryTable > .story-table--odd { background: $boost; }
    """
    COMPONENT_CLASSES = {"story-table--header", "story-table--cursor", "story-table--odd"}
    BINDINGS = [
        Binding("up", "cursor(-1, 0)", "Up", show=False, id="table.up"),
        Binding("down", "cursor(1, 0)", "Down", show=False, id="table.down"),
        Binding("left", "cursor(0, -1)", "Left", show=False, id="table.left"),
        Binding("right", "cursor(0, 1)", "Right", show=False, id="table.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.pagedown"),
        Binding("home", "edge(-1)", "First row", show=False, id="table.home"),
        Binding("end", "edge(1)", "Last row", show=False, id="table.end"),
        Binding("c", "choose_columns", "Columns", id="table.columns"),
        Binding("h", "hide_column", "Hide", show=False, id="table.hide"),
        Binding("P", "pin_column", "Pin", show=False, id="table.pin"),
        Binding("m", "toggle_compact", "Compact", show=False, id="table.compact"),
    ]

    # Compact mode: columns this narrow fit 8 outlets at 160 terminal columns (10 at 200).
    COMPACT_WIDTH = 18
    NORMAL_MIN_WIDTH = 24

    class SentenceSelected(Message):
        def __init__(
            self, sentence: SentenceView | None, row: Row | None, comparable: bool = True
        ) -> None:
            self.sentence = sentence
            self.row = row
            self.comparable = comparable  # whether the cursor's article could be compared
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.view: StoryView | None = None
        self.modes = Modes()
        self.current_rows: list[Row] = []
        self.column_width = 48
        self.columns: list[Text] = []
        self._cursor = (0, 0)
        self._cells: list[list[Text]] = []
        self._heights: list[int] = []
        self._tops: list[int] = []  # first line of each row
        self._built: dict[tuple[Modes, int], tuple[list[list[Text]], list[int]]] = {}
        self._lines: dict[tuple[int, int, bool], list[Strip]] = {}
        self.compact = False
        self.hidden: set[str] = set()  # article ids not shown
        self.pinned: list[str] = []  # article ids kept at the left, in pin order
        self.display_columns: list[int] = []  # article indexes shown, left to right
        self.first_scrolled = 0  # position in display_columns of the first unpinned column shown

    # -- data ------------------------------------------------------------------------------

    def show(self, view: StoryView, modes: Modes) -> None:
        """Show `view` in `modes`, keeping the cursor on the same row and article."""
        if view is not self.view:
            self._built.clear()
        self.view, self.modes = view, modes
        self.current_rows = view.rows(modes.aligned)
        self._arrange_columns()
        key = (modes, self.column_width)
        if key not in self._built:
            self._built[key] = build_cells(view, modes, self.column_width)
        if len(self._built) == 1:
            self._prepare_other_modes(view, self.column_width)
        self._cells, self._heights = self._built[key]
        self._tops, top = [], 0
        for height in self._heights:
            self._tops.append(top)
            top += height
        self._lines.clear()
        self.columns = []
        for article in view.articles:
            script = "-Latn" if article.language == "kk" and article.script == "Latn" else ""
            label = f"{article.outlet} · {article.language}{script}"
            if view.column_marks.get(article.id):
                label += f" · {view.column_marks[article.id]}"
            self.columns.append(
                Text(label + (f" · {article.published}" if article.published else ""))
            )
        # Horizontal scrolling is by whole columns (first_scrolled), never by cells: the
        # virtual width is the screen's, so no column is ever drawn cut.
        self.virtual_size = Size(self.size.width or 1, top + 1)
        row, column = self._cursor
        self.move_cursor(
            row=min(row, max(self.row_count - 1, 0)),
            column=min(column, max(len(self.display_columns) - 1, 0)),
        )
        self.refresh()

    def _arrange_columns(self) -> None:
        """Which articles are shown, in which order (pinned first), and how wide a column is."""
        assert self.view is not None
        ids = [a.id for a in self.view.articles]
        self.pinned = [i for i in self.pinned if i in ids and i not in self.hidden]
        order = [ids.index(i) for i in self.pinned]
        order += [n for n, i in enumerate(ids) if i not in self.hidden and n not in order]
        self.display_columns = order
        width = self.size.width or 160
        count = max(len(order), 1)
        if self.compact:
            fits = max(1, (width - 2) // (self.COMPACT_WIDTH + 1))
            shown = min(count, fits)
            self.column_width = max(self.COMPACT_WIDTH // 2, (width - 2) // shown - 1)
        else:
            shown = max(1, min(count, 2 if width < 120 else 3 if width < 200 else 4))
            self.column_width = max(self.NORMAL_MIN_WIDTH, (width - shown - 2) // shown)
        self.first_scrolled = min(self.first_scrolled, max(len(order) - len(self.pinned) - 1, 0))

    def columns_that_fit(self) -> int:
        return max(1, ((self.size.width or 160) + 1) // (self.column_width + 1))

    def visible_positions(self) -> list[int]:
        """Positions in display_columns drawn now: the pinned ones, then whole scrolled ones."""
        pinned = len(self.pinned)
        room = max(self.columns_that_fit() - pinned, 1 if pinned == 0 else 0)
        start = pinned + self.first_scrolled
        return [*range(min(pinned, self.columns_that_fit())),
                *range(start, min(start + room, len(self.display_columns)))]  # fmt: skip

    def set_columns(self, hidden: set[str]) -> None:
        """Show only the articles not in `hidden` (at least one stays shown)."""
        if self.view is None:
            return
        ids = {a.id for a in self.view.articles}
        if ids <= hidden:
            hidden = hidden - {self.view.articles[0].id}
        self.hidden = hidden & ids
        self.show(self.view, self.modes)

    @work(thread=True, exclusive=True, group="prepare-modes", exit_on_error=False)
    def _prepare_other_modes(self, view: StoryView, column_width: int) -> None:
        """Build every other mode's cells off the UI thread, so a mode switch only redraws."""
        for view_mode in ("both", "original", "pivot"):
            for aligned in (True, False):
                for diff in (True, False):
                    if self.view is not view:
                        return  # a newer load replaced this story
                    key = (Modes(view_mode, aligned, diff), column_width)
                    if key not in self._built:
                        self._built[key] = build_cells(view, key[0], column_width)

    @property
    def row_count(self) -> int:
        return len(self._cells)

    @property
    def cursor_coordinate(self) -> Coordinate:
        """The cursor as (row, article index) whatever the column order."""
        return Coordinate(self._cursor[0], self._article_at(self._cursor[1]))

    def _article_at(self, position: int) -> int:
        if not self.display_columns:
            return position
        return self.display_columns[min(position, len(self.display_columns) - 1)]

    def get_cell_at(self, coordinate: tuple[int, int]) -> Text:
        """The cell at (row, article index)."""
        return self._cells[coordinate[0]][coordinate[1]]

    def move_cursor(
        self, *, row: int | None = None, column: int | None = None, scroll: bool = True
    ) -> None:
        """Move to `row` and `column` (a position among the columns shown, left to right)."""
        if not self._cells:
            return
        last_column = max(len(self.display_columns) - 1, 0)
        new = (
            max(0, min(self._cursor[0] if row is None else row, self.row_count - 1)),
            max(0, min(self._cursor[1] if column is None else column, last_column)),
        )
        self._cursor = new
        if scroll:
            self._scroll_to_column(new[1])
            region = Region(0, self._tops[new[0]] + 1, 1, self._heights[new[0]])
            self.scroll_to_region(region, animate=False, spacing=None, immediate=True)
        self.refresh()
        sentence, current = self.selected()
        article = self._article_at(new[1])
        comparable = self.view is None or self.view.articles[article].comparable
        self.post_message(self.SentenceSelected(sentence, current, comparable))

    def _scroll_to_column(self, position: int) -> None:
        """Scroll by whole columns so that the column at `position` is on screen."""
        pinned = len(self.pinned)
        if position < pinned:
            return
        room = max(self.columns_that_fit() - pinned, 1)
        scrolled = position - pinned
        if scrolled < self.first_scrolled:
            self.first_scrolled = scrolled
        elif scrolled >= self.first_scrolled + room:
            self.first_scrolled = scrolled - room + 1

    # -- keys and mouse ----------------------------------------------------------------------

    def action_cursor(self, rows: int, columns: int) -> None:
        self.move_cursor(row=self._cursor[0] + rows, column=self._cursor[1] + columns)

    def action_page(self, direction: int) -> None:
        target = (
            self._tops[self._cursor[0]] + direction * max(self.size.height - 2, 1)
            if self._tops
            else 0
        )
        self.move_cursor(row=max(bisect_right(self._tops, target) - 1, 0))

    def action_edge(self, direction: int) -> None:
        self.move_cursor(row=0 if direction < 0 else self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        y = event.y + int(self.scroll_y) - 1
        shown = self.visible_positions()
        slot = event.x // (self.column_width + 1)
        if y >= 0 and self._tops and slot < len(shown):
            self.move_cursor(row=bisect_right(self._tops, y) - 1, column=shown[slot])

    def action_toggle_compact(self) -> None:
        """Narrow columns, so that 8 to 10 outlets fit side by side."""
        self.compact = not self.compact
        if self.view is not None:
            self.show(self.view, self.modes)
            self.notify("compact columns" if self.compact else "wide columns", timeout=2)

    def action_hide_column(self) -> None:
        """Hide the column under the cursor (c shows it again)."""
        if self.view is None or len(self.display_columns) <= 1:
            return
        article = self.view.articles[self._article_at(self._cursor[1])]
        self.set_columns(self.hidden | {article.id})
        self.notify(f"hid {article.outlet}; c chooses columns", timeout=3, markup=False)

    def action_pin_column(self) -> None:
        """Pin the column under the cursor at the left (again: unpin it)."""
        if self.view is None or not self.display_columns:
            return
        article = self.view.articles[self._article_at(self._cursor[1])]
        if article.id in self.pinned:
            self.pinned.remove(article.id)
        else:
            self.pinned.append(article.id)
        self.show(self.view, self.modes)
        position = self.display_columns.index(self.view.articles.index(article))
        self.move_cursor(column=position)

    def action_choose_columns(self) -> None:
        from workspace.tui.screens.columns import ColumnsScreen

        if self.view is None:
            return
        choices = [(a.outlet, a.id, a.id not in self.hidden) for a in self.view.articles]

        def chosen(shown: list[str] | None) -> None:
            if shown is not None and self.view is not None:
                self.set_columns({a.id for a in self.view.articles} - set(shown))

        self.app.push_screen(ColumnsScreen(choices), chosen)

    # -- drawing -----------------------------------------------------------------------------

    def _cell_lines(self, row: int, column: int, cursor: bool) -> list[Strip]:
        key = (row, column, cursor)
        if key not in self._lines:
            base: Style | None = None
            if cursor:
                base = self.get_component_rich_style("story-table--cursor")
            elif row % 2:
                base = self.get_component_rich_style("story-table--odd")
            options = self.app.console.options.update_width(self.column_width)
            lines = self.app.console.render_lines(self._cells[row][column], options, pad=True)
            lines = lines[: self._heights[row]]
            lines += [[Segment(" " * self.column_width)]] * (self._heights[row] - len(lines))
            strips = [Strip(line, self.column_width) for line in lines]
            self._lines[key] = [strip.apply_style(base) for strip in strips] if base else strips
        return self._lines[key]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_y = int(self.scroll_y)
        shown = self.visible_positions()
        gap = Strip([Segment(" ")], 1)
        parts: list[Strip] = []
        if y == 0:
            style = self.get_component_rich_style("story-table--header")
            for position in shown:
                label = self.columns[self._article_at(position)].copy()
                if position < len(self.pinned):
                    label = Text("▎").append_text(label)  # pinned: stays when scrolling
                label.truncate(self.column_width, overflow="ellipsis", pad=True)
                parts += [
                    Strip(list(label.render(self.app.console)), self.column_width).apply_style(
                        style
                    ),
                    gap,
                ]
        else:
            line = scroll_y + y - 1
            if not self._tops or line >= self._tops[-1] + self._heights[-1]:
                return Strip.blank(width, self.rich_style)
            row = bisect_right(self._tops, line) - 1
            within = line - self._tops[row]
            for position in shown:
                cursor = (row, position) == self._cursor and self.has_focus
                parts += [self._cell_lines(row, self._article_at(position), cursor)[within], gap]
        joined = Strip.join(parts) if parts else Strip.blank(0)
        return joined.crop(0, width).extend_cell_length(width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- queries -----------------------------------------------------------------------------

    def selected(self) -> tuple[SentenceView | None, Row | None]:
        if self.view is None or not self.current_rows:
            return None, None
        row = self.current_rows[min(self._cursor[0], len(self.current_rows) - 1)]
        article = self.view.articles[self._article_at(self._cursor[1])]
        sentences = row.cells.get(article.id, [])
        return (sentences[0] if sentences else None), row

    def jump(self, predicate, forward: bool = True) -> bool:
        """Move to the next (or previous) row matching `predicate`; True if one was found."""
        if not self.current_rows or self.view is None:
            return False
        start, count = self._cursor[0], len(self.current_rows)
        for step in range(1, count + 1):
            index = (start + step) % count if forward else (start - step) % count
            row = self.current_rows[index]
            if predicate(row):
                column = self._cursor[1]
                articles = [self.view.articles[i] for i in self.display_columns]
                if not row.cells.get(articles[column].id):
                    column = next(
                        (i for i, a in enumerate(articles) if row.cells.get(a.id)), column
                    )
                self.move_cursor(row=index, column=column)
                return True
        return False

    def show_sentence(self, sentence_id: str) -> bool:
        """Move to the cell that holds this sentence; True if it is in the current rows."""
        if self.view is None:
            return False
        for r, row in enumerate(self.current_rows):
            for c, article in enumerate(self.view.articles):
                if any(s.sentence_id == sentence_id for s in row.cells.get(article.id, [])):
                    self.move_cursor(row=r, column=c)
                    return True
        return False

    def find(self, query: str) -> bool:
        """Move to the next cell (any column) whose text contains `query`."""
        if self.view is None or not query:
            return False
        needle = query.lower()
        cells = [
            (r, c) for r in range(len(self.current_rows)) for c in range(len(self.display_columns))
        ]
        order = [rc for rc in cells if rc > self._cursor] + [
            rc for rc in cells if rc <= self._cursor
        ]
        for r, c in order:
            for s in self.current_rows[r].cells.get(self.view.articles[self._article_at(c)].id, []):
                if needle in s.original.lower() or (s.pivot and needle in s.pivot.lower()):
                    self.move_cursor(row=r, column=c)
                    return True
        return False

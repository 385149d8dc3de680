"""The side-by-side table: one column per article, one row per aligned group (or sentence)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

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


def cell_text(row: Row, article_id: str, modes: Modes) -> Text:
    sentences = row.cells.get(article_id, [])
    if not sentences:
        return Text("·", style="dim")
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


class StoryTable(DataTable[Text]):
    """Rows stay in step across columns because they are one table: scrolling moves all."""

    class SentenceSelected(Message):
        def __init__(self, sentence: SentenceView | None, row: Row | None) -> None:
            self.sentence = sentence
            self.row = row
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.view: StoryView | None = None
        self.modes = Modes()
        self.current_rows: list[Row] = []
        self._built: dict[tuple[Modes, int], list[tuple[list[Text], int]]] = {}

    def show(self, view: StoryView, modes: Modes) -> None:
        """(Re)build the table, keeping the cursor where it was."""
        previous = self.cursor_coordinate
        if view is not self.view:
            self._built.clear()
        self.view, self.modes = view, modes
        self.current_rows = view.rows(modes.aligned)
        self.clear(columns=True)
        width = self.size.width or 160
        visible = max(1, min(len(view.articles), 2 if width < 120 else 3 if width < 200 else 4))
        column_width = max(24, (width - 3 * visible - 2) // visible)
        for article in view.articles:
            script = "-Latn" if article.language == "kk" and article.script == "Latn" else ""
            label = Text(f"{article.outlet} · {article.language}{script}"
                         + (f" · {article.published}" if article.published else ""),
                         style="bold", no_wrap=True, overflow="ellipsis")  # fmt: skip
            self.add_column(label, width=column_width, key=article.id)
        for index, (cells, height) in enumerate(self._rows_for(modes, column_width)):
            self.add_row(*cells, height=height, key=str(index))
        if self.row_count:
            self.move_cursor(row=min(previous.row, self.row_count - 1),
                             column=min(previous.column, len(view.articles) - 1), scroll=True)  # fmt: skip

    def _rows_for(self, modes: Modes, column_width: int) -> list[tuple[list[Text], int]]:
        """Cells and heights of every row in these modes, built once per story load.

        Heights are computed here, not by DataTable: height=None renders every cell of every
        row up front (~1 s for 10 × 100); with fixed heights only visible rows render.
        """
        key = (modes, column_width)
        if key not in self._built:
            assert self.view is not None
            built = []
            for row in self.current_rows:
                cells = [cell_text(row, a.id, modes) for a in self.view.articles]
                built.append((cells, max(wrapped_height(c.plain, column_width) for c in cells)))
            self._built[key] = built
        return self._built[key]

    def selected(self) -> tuple[SentenceView | None, Row | None]:
        if self.view is None or not self.current_rows or not self.row_count:
            return None, None
        coordinate = self.cursor_coordinate
        row = self.current_rows[min(coordinate.row, len(self.current_rows) - 1)]
        article = self.view.articles[min(coordinate.column, len(self.view.articles) - 1)]
        sentences = row.cells.get(article.id, [])
        return (sentences[0] if sentences else None), row

    def jump(self, predicate, forward: bool = True) -> bool:
        """Move to the next (or previous) row matching `predicate`; True if one was found."""
        if not self.current_rows:
            return False
        start = self.cursor_coordinate.row
        count = len(self.current_rows)
        for step in range(1, count + 1):
            index = (start + step) % count if forward else (start - step) % count
            row = self.current_rows[index]
            if predicate(row):
                column = self.cursor_coordinate.column
                if self.view is not None and not row.cells.get(self.view.articles[column].id):
                    column = next(
                        i for i, a in enumerate(self.view.articles) if row.cells.get(a.id)
                    )
                self.move_cursor(row=index, column=column, scroll=True)
                return True
        return False

    def find(self, query: str) -> bool:
        """Move to the next cell (any column) whose text contains `query`."""
        if self.view is None or not query:
            return False
        needle = query.lower()
        start = (self.cursor_coordinate.row, self.cursor_coordinate.column)
        cells = [
            (r, c) for r in range(len(self.current_rows)) for c in range(len(self.view.articles))
        ]
        order = [rc for rc in cells if rc > start] + [rc for rc in cells if rc <= start]
        for r, c in order:
            for s in self.current_rows[r].cells.get(self.view.articles[c].id, []):
                if needle in s.original.lower() or (s.pivot and needle in s.pivot.lower()):
                    self.move_cursor(row=r, column=c, scroll=True)
                    return True
        return False

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        sentence, row = self.selected()
        self.post_message(self.SentenceSelected(sentence, row))

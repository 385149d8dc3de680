"""The story grid with 8 outlets at 160×45: compact mode, hiding, pinning, choosing columns,
and horizontal scrolling by whole columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.tui.conftest import settle
from workspace.store.files import atomic_write_text, render_front_matter
from workspace.store.workspace import Workspace, init_workspace
from workspace.tui.app import make_app
from workspace.tui.screens.columns import ColumnsScreen
from workspace.tui.widgets.story_table import StoryTable

SIZE = (160, 45)


@pytest.fixture
def eight_outlets(tmp_path: Path) -> Workspace:
    """Eight real reports of one state visit (tests/data/stories), one article file each."""
    story = json.loads((DATA / "stories" / "pakistan-state-visit.json").read_text("utf-8"))
    ws = init_workspace(tmp_path / "ws")
    ws.create_story("visit", title=story["title"])
    for letter, article in list(story["articles"].items())[:8]:
        meta = {key: article[key] for key in ("outlet", "language", "script", "title")}
        meta["id"] = f"{letter.lower()}-{article['language']}"
        atomic_write_text(
            ws.story_dir("visit") / f"{meta['id']}.md",
            render_front_matter(meta, "\n\n".join(article["sentences"])),
        )
    ws.sync("visit")
    yield ws
    ws.close()


def body_lines_are_whole_cells(table: StoryTable) -> bool:
    """Every drawn line is the visible columns' own lines side by side, each whole."""
    step = table.column_width + 1
    shown = table.visible_positions()
    for y in range(1, min(table.size.height, 20)):
        text = table.render_line(y).text
        line = int(table.scroll_y) + y - 1
        if not table._tops or line >= table._tops[-1] + table._heights[-1]:
            continue
        row = max(i for i, top in enumerate(table._tops) if top <= line)
        for slot, position in enumerate(shown):
            cell = table._cell_lines(row, table._article_at(position), False)
            expected = cell[line - table._tops[row]].text
            if text[slot * step : slot * step + table.column_width] != expected:
                return False
    return True


async def test_compact_mode_fits_eight_outlets_at_160_columns(eight_outlets):
    app = make_app(eight_outlets, "visit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StoryTable)
        assert len(table.display_columns) == 8
        assert len(table.visible_positions()) == 3
        await pilot.press("m")
        await settle(pilot)
        assert table.compact
        assert len(table.visible_positions()) == 8
        assert 8 * (table.column_width + 1) <= table.size.width
        assert body_lines_are_whole_cells(table)
        await pilot.press("m")
        assert not table.compact and len(table.visible_positions()) == 3


async def test_scrolling_right_moves_by_whole_columns(eight_outlets):
    app = make_app(eight_outlets, "visit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StoryTable)
        for column in range(1, 8):
            await pilot.press("right")
            shown = table.visible_positions()
            assert column in shown
            assert shown == list(range(shown[0], shown[0] + len(shown)))
            assert body_lines_are_whole_cells(table)
        assert table.first_scrolled == 8 - len(table.visible_positions())
        assert table.cursor_coordinate.column == 7


async def test_hide_pin_and_choose_columns(eight_outlets):
    app = make_app(eight_outlets, "visit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StoryTable)
        outlets = [a.outlet for a in table.view.articles]
        await pilot.press("h")  # hides the first column
        assert len(table.display_columns) == 7
        assert table.view.articles[table.display_columns[0]].outlet == outlets[1]
        await pilot.press("right", "right", "right", "P")  # pins the 4th shown column
        pinned = table.view.articles[table.display_columns[0]]
        assert pinned.outlet == outlets[4] and table.pinned == [pinned.id]
        await pilot.press("end", "right", "right", "right", "right", "right", "right")
        assert 0 in table.visible_positions()  # the pinned column stays on screen
        assert body_lines_are_whole_cells(table)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ColumnsScreen)
        await pilot.press("space")  # the first outlet (hidden) is ticked again
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ColumnsScreen)
        assert len(table.display_columns) == 8 and not table.hidden
        await pilot.press("c", "escape")
        assert len(table.display_columns) == 8

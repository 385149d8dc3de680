"""The story screen driven like a user drives it."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.tui.conftest import settle
from workspace.tui.app import make_app
from workspace.tui.screens.stories import StoriesScreen
from workspace.tui.screens.story import StoryScreen
from workspace.tui.widgets.detail import SentenceDetail
from workspace.tui.widgets.story_table import StoryTable


async def open_demo(pilot, slug):  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(pilot.app.screen, StoryScreen)
    return pilot.app.screen, pilot.app.screen.query_one(StoryTable)


async def test_stories_screen_lists_the_demo_and_enter_opens_it(demo):
    ws, slug = demo
    app = make_app(ws)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        table = app.screen.query_one("#stories-table")
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, StoriesScreen)


async def test_story_search_filters_stories(demo):
    ws, _ = demo
    app = make_app(ws)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzz")
        assert app.screen.query_one("#stories-table").row_count == 0
        app.screen.query_one("#story-search", Input).value = "steppe"
        await pilot.pause(0.05)
        assert app.screen.query_one("#stories-table").row_count == 1


async def test_modes_switch_and_rows_line_up_across_columns(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        screen, table = await open_demo(pilot, slug)
        aligned_rows = table.row_count
        assert table.columns and len(table.columns) == 3
        assert any(row.kind == "unique" for row in table.current_rows)
        assert any(len(row.cells) == 3 for row in table.current_rows)
        await pilot.press("a")
        assert not screen.modes.aligned and table.row_count != aligned_rows
        assert all(row.kind == "free" for row in table.current_rows)
        await pilot.press("a", "v")
        assert screen.modes.view == "both" and screen.modes.aligned
        await pilot.press("v")
        assert screen.modes.view == "original"
        first = table.get_cell_at(table.cursor_coordinate)
        assert any("\u0400" <= ch <= "\u04ff" for ch in first.plain)
        await pilot.press("d")
        assert not screen.modes.diff


async def test_jump_to_discrepancies_and_unique_claims(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        screen, table = await open_demo(pilot, slug)
        await pilot.press("n")
        _, row = table.selected()
        assert row is not None and row.discrepancies
        detail = str(screen.query_one(SentenceDetail).render())
        assert "≠" in detail
        await pilot.press("u")
        _, row = table.selected()
        assert row is not None and row.kind == "unique"
        await pilot.press("f")
        facts = screen.query_one("#facts-list", OptionList)
        assert facts.option_count == len(screen.view.facts.rows) == 6
        facts.highlighted = 1  # the second contradicting slot (the year)
        await pilot.press("enter")
        sentence, row = table.selected()
        assert sentence.sentence_id in screen.view.facts.rows[1].sentence_ids
        assert row.discrepancies


async def test_search_moves_to_a_match_in_any_column(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        screen, table = await open_demo(pilot, slug)
        await pilot.press("slash", *"nature reserves", "enter")
        sentence, _ = table.selected()
        assert sentence is not None and "nature reserves" in sentence.original
        await pilot.press("escape")
        assert not screen.query_one("#story-search").display


async def test_selecting_a_sentence_shows_original_and_route(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        screen, table = await open_demo(pilot, slug)
        table.move_cursor(row=0, column=1)
        await pilot.pause(0.05)
        detail = str(screen.query_one(SentenceDetail).render())
        assert "original" in detail and "human edition" in detail
        assert "Россия" in detail


async def test_article_markup_and_escapes_are_shown_as_text(tmp_path):
    from tests.conftest import add_text
    from workspace.store.workspace import init_workspace

    ws = init_workspace(tmp_path / "ws")
    add_text(
        ws,
        "s",
        "A [bold red]claim[/] and [link=http://x]link[/link] here. Second one.",
        "Wire",
        "en",
    )
    add_text(ws, "s", "Another [blink]report[/blink] of it here. Different words.", "Agency", "en")
    app = make_app(ws, "s")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StoryTable)
        cells = [table.get_cell_at((r, c)).plain for r in range(table.row_count) for c in range(2)]
        assert any("[bold red]claim[/]" in cell for cell in cells)
        assert any("[link=http://x]link[/link]" in cell for cell in cells)
    ws.close()

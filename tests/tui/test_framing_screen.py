"""The framing screen: F from the story screen, Enter jumps to the sentence in the grid."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.cli.test_framing import ORDER, WIRE
from tests.conftest import add_text
from tests.tui.conftest import settle
from workspace.store.workspace import init_workspace
from workspace.tui.app import make_app
from workspace.tui.screens.framing import FramingScreen
from workspace.tui.screens.story import StoryScreen
from workspace.tui.widgets.story_table import StoryTable


async def test_f_opens_framing_and_enter_jumps_to_the_wording_sentence(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    add_text(ws, "s", WIRE, "Northern Dispatch", "en")
    add_text(ws, "s", ORDER, "Order Today", "en")
    app = make_app(ws, "s")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.view is not None
        entries = story.view.comparison.framing
        assert entries
        await pilot.press("F")
        await pilot.pause(0.05)
        assert isinstance(app.screen, FramingScreen)
        options = app.screen.query_one("#framing-list", OptionList)
        # Headers (one per entry) cannot be chosen; every wording can.
        wanted = next(w for w in entries[0].wordings["Order Today"])
        index = next(
            i for i in range(options.option_count)
            if (options.get_option_at_index(i).id or "").split(":")[1:2] == [wanted.sentence_id]
        )  # fmt: skip
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert app.screen is story
        table = story.query_one(StoryTable)
        sentence, _ = table.selected()
        assert sentence is not None and sentence.sentence_id == wanted.sentence_id
        await pilot.press("F", "escape")
        assert app.screen is story


async def test_one_article_story_shows_an_empty_framing_table_said_plainly(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    add_text(ws, "s", WIRE, "Northern Dispatch", "en")
    app = make_app(ws, "s")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause(0.05)
        assert isinstance(app.screen, FramingScreen)
        summary = str(app.screen.query_one("#framing-summary", Static).render())
        assert "1 article" in summary
        assert app.screen.query_one("#framing-list", OptionList).option_count == 0

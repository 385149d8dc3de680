"""Version markers in the story view and the version diff screen."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.conftest import add_text
from tests.tui.conftest import settle
from workspace.feeds.versions import store_new_text
from workspace.store.workspace import Workspace
from workspace.tui.app import make_app
from workspace.tui.screens.story import StoryScreen
from workspace.tui.screens.versions import VersionsScreen
from workspace.tui.widgets.story_table import StoryTable

FIRST = (
    "Flooding in the north forced the evacuation of 1,200 residents on Monday, officials said.\n\n"
    "Rescuers built dams along the Ishim river to hold back the water.\n\n"
    '"We will rebuild every house," Governor Ivan Petrov said at a briefing.'
)
OTHER = (
    "Около 2 400 жителей эвакуированы из-за паводка на севере Казахстана, сообщили власти.\n\n"
    "Спасатели возводят дамбы вдоль реки Ишим."
)


def _story_with_a_corrected_article(ws: Workspace) -> str:
    article_id = add_text(ws, "floods", FIRST, "North", "en")
    add_text(ws, "floods", OTHER, "Vlast", "ru")
    article = ws.article(article_id)
    second = FIRST.replace("1,200", "2,400").replace("Rescuers built", "Rescuers biult")
    store_new_text(ws, article, body=second, title=article.title, significant=True,
                   summary="2 changed, 1 fact change")  # fmt: skip
    return article_id


def _diff_text(screen: VersionsScreen) -> str:
    rendered = screen.query_one("#version-diff", Static).render()
    return str(getattr(rendered, "plain", rendered))


async def test_versions_are_marked_and_the_diff_screen_shows_what_changed(ws: Workspace) -> None:
    article_id = _story_with_a_corrected_article(ws)
    app = make_app(ws, "floods")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        table = screen.query_one(StoryTable)
        labels = [c.plain for c in table.columns]
        column = next(i for i, a in enumerate(screen.view.articles) if a.id == article_id)
        assert labels[column].endswith("v2 ●")
        assert "v" not in labels[1 - column].split("·")[-1]
        summary = str(screen.query_one("#story-summary", Static).render())
        assert "1 changed since you last looked" in summary
        table.move_cursor(column=column)
        await pilot.press("V")
        await settle(pilot)
        versions = app.screen
        assert isinstance(versions, VersionsScreen) and versions.view is not None
        assert versions.query_one("#versions-list", OptionList).option_count == 2
        shown = _diff_text(versions)
        assert "number changed: 1,200 residents → 2,400 residents" in shown
        assert "now agrees with Vlast" in shown
        assert "minor changes hidden" in shown and "biult" not in shown
        await pilot.press("m")
        assert "biult" in _diff_text(versions)
        await pilot.press("escape")
        assert isinstance(app.screen, StoryScreen)
    # Opening the story was looking at it: the next visit keeps the count, not the mark.
    again = make_app(ws, "floods")
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        labels = [c.plain for c in again.screen.query_one(StoryTable).columns]
        assert labels[column].endswith("v2")


async def test_an_article_that_never_changed_says_so(ws: Workspace) -> None:
    add_text(ws, "floods", OTHER, "Vlast", "ru")
    app = make_app(ws, "floods")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        assert "has one version" in _diff_text(app.screen)

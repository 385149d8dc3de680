"""The facts panel (key f): the story's fact table, Enter jumps to the sentences of a slot,
quotes worded two ways show their differing words."""

from __future__ import annotations

from rich.text import Text

from tests.tui.conftest import settle
from workspace.compare.model import DiffSpan
from workspace.compare.story_facts import FactRow, OutletValues, QuoteWording, StoryFacts
from workspace.tui.app import make_app
from workspace.tui.screens.story import StoryScreen
from workspace.tui.widgets.facts_list import FactsList
from workspace.tui.widgets.story_table import StoryTable


def _plain(facts: FactsList, index: int) -> str:
    prompt = facts.get_option_at_index(index).prompt
    return prompt.plain if isinstance(prompt, Text) else str(prompt)


async def test_the_panel_lists_slots_with_values_and_agreement(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        await pilot.press("f")
        facts = screen.query_one(FactsList)
        assert facts.has_focus
        first = _plain(facts, 0)
        assert first.startswith("≠ cubic metres")
        assert "10 billion ×2 · 12 billion ×1" in first
        assert "Sever Press: 12 млрд куб. м" in first
        agreeing = [_plain(facts, i) for i in range(facts.option_count)]
        assert any("Tuesday ×3" in text and not text.startswith("≠") for text in agreeing)


async def test_enter_jumps_to_each_sentence_of_a_slot_in_turn(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        facts = screen.query_one(FactsList)
        table = screen.query_one(StoryTable)
        wanted = screen.view.facts.rows[0].sentence_ids
        seen = []
        for _ in wanted:
            facts.focus()
            facts.highlighted = 0
            await pilot.press("enter")
            sentence, _ = table.selected()
            seen.append(sentence.sentence_id)
            assert table.has_focus
        assert seen == wanted


async def test_quote_wording_and_translation_flags_are_shown(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        facts = app.screen.query_one(FactsList)
        spans = {
            "A": [DiffSpan("we will", False), DiffSpan("never", True), DiffSpan("agree", False)],
            "B": [DiffSpan("we will", False), DiffSpan("not", True), DiffSpan("agree", False)],
        }
        row = FactRow("date", "date", False, [("2022", 1), ("2002", 1)], [
            OutletValues("A", "a", ["2022"], ["2022"], ["a-1"],
                         ["the translation changed 2022 to 2002"]),
            OutletValues("B", "b", ["2022"], ["2022"], ["b-1"]),
        ], True)  # fmt: skip
        quote = QuoteWording(["A", "B"], ["a-2", "b-2"], spans, {"A": "x", "B": "y"})
        facts.show(StoryFacts("s", 2, [row], [], [quote], []))
        await pilot.pause(0.05)
        assert facts.option_count == 2
        assert "⚠ the translation changed 2022 to 2002" in _plain(facts, 0)
        prompt = facts.get_option_at_index(1).prompt
        assert isinstance(prompt, Text)
        marked = [prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)]
        assert [m.strip() for m in marked] == ["never", "not"]
        assert facts.sentences["quote-0"] == ["a-2", "b-2"]


async def test_an_empty_table_says_why(demo):
    ws, slug = demo
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        facts = app.screen.query_one(FactsList)
        facts.show(StoryFacts("s", 1, [], [], [], ["the story has one article"]))
        await pilot.pause(0.05)
        assert facts.option_count == 1
        assert "one article" in _plain(facts, 0)

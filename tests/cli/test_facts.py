"""`parallax facts STORY`: the story's fact table, in text and JSON, and its plain answers
when there is nothing to compare."""

from __future__ import annotations

import json

from tests.cli.helpers import run
from tests.conftest import add_text
from workspace.demo import demo_workspace
from workspace.store.workspace import init_workspace


def test_the_demo_story_table_lists_slots_values_and_agreement(tmp_path):
    ws, slug = demo_workspace(tmp_path / "demo")
    result = run("-w", ws.root, "facts", slug)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{slug}: 6 slots, 2 contradict")
    assert "≠ cubic metres (number)  10 billion ×2 · 12 billion ×1" in result.out
    assert "Sever Press: 12 млрд куб. м" in result.out
    assert "Tuesday ×3" in result.out  # вторник, сейсенбі and Tuesday are one weekday

    data = json.loads(run("-w", ws.root, "facts", slug, "--json").out)
    assert data["contradictions"] == 2 and data["mt_differences"] == 0
    cubic = data["slots"][0]
    assert cubic["what"] == "cubic metres" and cubic["contradiction"]
    assert cubic["counts"] == "10 billion ×2 · 12 billion ×1"
    by_outlet = {o["outlet"]: o for o in cubic["outlets"]}
    assert by_outlet["Sever Press"]["values"] == ["12 млрд куб. м"]
    assert all(o["sentence_ids"] for o in cubic["outlets"])

    conflicts = json.loads(run("-w", ws.root, "facts", slug, "--json", "--conflicts").out)
    assert [s["contradiction"] for s in conflicts["slots"]] == [True, True]
    text = run("-w", ws.root, "facts", slug, "--conflicts").out
    assert "Tuesday" not in text and "12 млрд" in text
    ws.close()


def test_unknown_story_is_one_line_without_traceback(tmp_path):
    init_workspace(tmp_path / "ws").close()
    result = run("-w", tmp_path / "ws", "facts", "nope")
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        "parallax: error: no story 'nope' in this workspace (stories: none yet)"
    ]
    assert "Traceback" not in result.err


def test_empty_one_article_and_factless_stories_say_so(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    ws.create_story("empty")
    result = run("-w", ws.root, "facts", "empty")
    assert result.code == 0, result.err
    assert "the story has no articles yet" in result.out

    add_text(ws, "one", "Floods hit 12 villages on Tuesday.\n\nRescuers worked all night.", "A")
    result = run("-w", ws.root, "facts", "one", "--json")
    assert json.loads(result.out)["notes"] == [
        "the story has one article: there is nothing to compare its facts with"
    ]

    add_text(ws, "plain", "Rescuers worked all night in the valley.", "A", "en")
    add_text(ws, "plain", "Rescuers worked through the night in the valley.", "B", "en")
    result = run("-w", ws.root, "facts", "plain")
    assert "no number or date is given by two outlets" in result.out
    assert run("-w", ws.root, "facts", "plain", "--conflicts").code == 0
    ws.close()


def test_hostile_outlet_names_and_values_stay_text(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    evil = "[bold red]Evil[/] \x1b[31mWire\x1b]8;;http://x\x07"
    add_text(ws, "s", "The ministry signed 37 memoranda with [link=http://x]partners[/link].",
             evil, "en")  # fmt: skip
    add_text(ws, "s", "The ministry signed 36 memoranda with its partners.", "Other", "en")
    result = run("-w", ws.root, "facts", "s")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "[bold red]Evil[/]" in result.out
    data = json.loads(run("-w", ws.root, "facts", "s", "--json").out)
    assert data["slots"][0]["contradiction"]
    ws.close()

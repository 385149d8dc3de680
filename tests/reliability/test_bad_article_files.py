"""One bad file never blocks a story or the workspace: it is skipped, named in every command
(and in the TUI), and the rest works; `check --repair` reports it and rebuilds around it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.tui.conftest import settle
from workspace.tui.app import make_app
from workspace.tui.screens.story import StoryScreen

EN = "Floods hit Almaty on Saturday. Two people died. Schools are closed."
EN2 = "Two people died in floods in Almaty. The city closed its schools."


def _fifo(path: Path) -> None:
    os.mkfifo(path)


BAD_FILES: dict[str, Callable[[Path], object]] = {
    "binary": lambda p: p.write_bytes(b"\x00\x01\x02binary\xff" * 50),
    "invalid TOML": lambda p: p.write_text("+++\nthis is = = not toml\n+++\n\nBody.\n"),
    "unclosed front matter": lambda p: p.write_text("+++\noutlet = 'x'\n\nBody without end.\n"),
    "not UTF-8": lambda p: p.write_bytes("+++\n+++\n\nПривет мир.".encode("cp1251")),
    "no front matter": lambda p: p.write_text("Just text, no header.\n"),
    "deeply nested TOML": lambda p: p.write_text("+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\n"),
    "a FIFO": _fifo,
    "a symlink to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
    "a folder": lambda p: p.mkdir(),
}


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    run("init", root)
    for name, text, story in (("a.txt", EN, "s"), ("b.txt", EN2, "s"), ("c.txt", EN, "other")):
        (tmp_path / name).write_text(text + (" Other." if story == "other" else ""))
        assert run("-w", root, "add", tmp_path / name, "--story", story).code == 0
    return root


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_article_file_is_skipped_and_named_by_every_command(ws, kind):
    BAD_FILES[kind](ws / "stories" / "s" / "zz.md")
    for args in (["show", "s"], ["show", "s", "--json"], ["stories"], ["stories", "--json"],
                 ["compare", "s"], ["compare", "s", "--json"], ["translate", "s", "--dry-run"],
                 ["tui", "s"]):  # fmt: skip
        result = run("-w", ws, *args)
        assert result.code == 0, (args, result.err)
        assert "Traceback" not in result.err
        if kind != "a folder":  # a folder named .md is not an article file at all
            assert "skipped stories/s/zz.md" in result.err, (args, result.err)
    shown = json.loads(run("-w", ws, "show", "s", "--json").out)
    assert len(shown["articles"]) == 2  # the good ones are all there
    translate = run("-w", ws, "translate", "s")
    assert "Traceback" not in translate.err and "zz.md" in translate.err
    if kind != "a folder":
        checked = run("-w", ws, "check")
        assert checked.code == 1 and "zz.md" in checked.err
    repaired = run("-w", ws, "check", "--repair")
    assert "Traceback" not in repaired.err
    assert len(json.loads(run("-w", ws, "show", "s", "--json").out)["articles"]) == 2
    assert (ws / "stories" / "s" / "zz.md").exists() or (
        ws / "stories" / "s" / "zz.md"
    ).is_symlink()


def test_a_broken_story_toml_or_edition_affects_only_itself(ws):
    (ws / "stories" / "other" / "story.toml").write_text("title = = broken\n")
    article = json.loads(run("-w", ws, "show", "s", "--json").out)["articles"][0]["id"]
    editions = ws / "stories" / "s" / "editions"
    editions.mkdir()
    (editions / f"{article}.ru.md").write_bytes(b"\xff\xfe\x00 broken")
    stories = run("-w", ws, "stories", "--json")
    assert stories.code == 0, stories.err
    assert [s["slug"] for s in json.loads(stories.out)] == ["s"]
    assert "skipped" in stories.err and "story.toml" in stories.err
    shown = run("-w", ws, "show", "s")
    assert shown.code == 0 and f"{article}.ru.md" in shown.err
    assert run("-w", ws, "compare", "s", "--json").code == 0


async def test_the_tui_names_the_skipped_file(ws):
    (ws / "stories" / "s" / "zz.md").write_bytes(b"\x00binary" * 20)
    app = make_app(ws)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        hint = str(app.screen.query_one("#stories-hint").render())
        assert "zz.md" in hint
    app = make_app(ws, "s")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen) and app.screen.view is not None
        assert len(app.screen.view.articles) == 2
        assert "zz.md" in str(app.screen.query_one("#story-summary").render())

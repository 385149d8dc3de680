"""Metadata per file: outlets per file (--outlet-from, --manifest), url and date shown,
outlet rename, hand edits of front matter, broken front matter, one article in two stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run

RU = "Россия и Казахстан подписали соглашение о поставках газа. Соглашение заключено на десять лет."
KK = "Қазақстан мен Ресей газ жеткізу туралы келісімге қол қойды. Келісім он жылға жасалды."
EN = "Kazakhstan and Russia signed a gas supply deal. The agreement runs for ten years."


@pytest.fixture
def wsdir(tmp_path: Path) -> Path:
    assert run("init", tmp_path / "ws").code == 0
    for name, text in (("ru", RU), ("kk", KK), ("en", EN)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path / "ws"


def articles(wsdir: Path, story: str = "gas") -> list[dict]:
    result = run("-w", wsdir, "show", story, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)["articles"]


def files(wsdir: Path) -> list[Path]:
    return sorted((wsdir / "stories").rglob("*.md"))


def test_outlet_from_gives_each_file_its_outlet(wsdir, tmp_path):
    result = run("-w", wsdir, "add", "--story", "gas", tmp_path / "en.txt", "--outlet", "Wire",
                 "--outlet-from", f"Sever Press={tmp_path / 'ru.txt'}",
                 "--outlet-from", f"Energy Portal={tmp_path / 'kk.txt'}")  # fmt: skip
    assert result.code == 0, result.err
    outlets = {a["language"]: a["outlet"] for a in articles(wsdir)}
    assert outlets == {"ru": "Sever Press", "kk": "Energy Portal", "en": "Wire"}


def test_outlet_from_needs_name_and_file(wsdir, tmp_path):
    result = run("-w", wsdir, "add", "--outlet-from", str(tmp_path / "ru.txt"))
    assert result.code == 1 and "OUTLET=FILE" in result.err and "Traceback" not in result.err


def test_manifest_sets_outlet_language_url_and_date_per_file(wsdir, tmp_path):
    (tmp_path / "m.toml").write_text(
        '[[article]]\nfile = "ru.txt"\noutlet = "Sever Press"\nurl = "https://sever.example/1"\n'
        'published = "2026-11-10"\n\n[[article]]\nfile = "kk.txt"\noutlet = "Energy Portal"\n'
        'lang = "kk"\n',
        encoding="utf-8",
    )
    result = run("-w", wsdir, "add", "--story", "gas", "--manifest", tmp_path / "m.toml")
    assert result.code == 0, result.err
    found = {a["outlet"]: a for a in articles(wsdir)}
    assert found["Sever Press"]["url"] == "https://sever.example/1"
    assert found["Sever Press"]["published"] == "2026-11-10"
    assert found["Energy Portal"]["language"] == "kk"
    shown = run("-w", wsdir, "show", "gas")
    assert "2026-11-10" in shown.out and "https://sever.example/1" in shown.out
    assert "published" in run("-w", wsdir, "stories").out
    assert json.loads(run("-w", wsdir, "stories", "--json").out)[0]["published"] == "2026-11-10"


def test_manifest_with_a_missing_file_adds_none_and_names_it(wsdir, tmp_path):
    (tmp_path / "m.toml").write_text(
        '[[article]]\nfile = "ru.txt"\noutlet = "A"\n\n[[article]]\nfile = "gone.txt"\n'
        'outlet = "B"\n',
        encoding="utf-8",
    )
    result = run("-w", wsdir, "add", "--story", "gas", "--manifest", tmp_path / "m.toml")
    assert result.code == 1 and "gone.txt" in result.err and "nothing added" in result.err
    assert files(wsdir) == []


@pytest.mark.parametrize(
    ("manifest", "message"),
    [("[[article]\n", "not valid TOML"), ('[[article]]\nfile = "ru.txt"\ncolour = "red"\n',
      "unknown key 'colour'"), ("title = 'x'\n", "no [[article]]")],
)  # fmt: skip
def test_bad_manifests_get_one_line(wsdir, tmp_path, manifest, message):
    (tmp_path / "m.toml").write_text(manifest, encoding="utf-8")
    result = run("-w", wsdir, "add", "--manifest", tmp_path / "m.toml")
    assert result.code == 1 and message in result.err and "Traceback" not in result.err
    assert files(wsdir) == []


def test_hand_edited_outlet_is_seen_by_every_command(wsdir, tmp_path):
    assert run("-w", wsdir, "add", "--story", "gas", tmp_path / "ru.txt").code == 0
    assert run("-w", wsdir, "show", "gas").code == 0  # indexed with the first outlet
    path = files(wsdir)[0]
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("outlet = "))
    path.write_text(text.replace(old, 'outlet = "Sever Press"'), encoding="utf-8")
    assert [a["outlet"] for a in articles(wsdir)] == ["Sever Press"]
    assert json.loads(run("-w", wsdir, "stories", "--json").out)[0]["outlets"] == ["Sever Press"]
    with_repair = run("-w", wsdir, "check", "--repair")
    assert with_repair.code == 0, with_repair.err
    assert [a["outlet"] for a in articles(wsdir)] == ["Sever Press"]
    from workspace.store.workspace import Workspace

    with Workspace(wsdir) as ws:
        row = ws.db.execute("SELECT outlet FROM articles").fetchone()
    assert row["outlet"] == "Sever Press"  # the index too, not only what show reads


def test_outlet_rename_rewrites_front_matter_and_keeps_the_text(wsdir, tmp_path):
    assert run("-w", wsdir, "add", "--story", "gas", tmp_path / "ru.txt", tmp_path / "kk.txt",
               "--outlet", "unknown outlet").code == 0  # fmt: skip
    before = {p: p.read_text(encoding="utf-8").split("+++")[-1] for p in files(wsdir)}
    result = run("-w", wsdir, "outlet", "rename", "unknown outlet", "Steppe Wire")
    assert result.code == 0 and "2 articles" in result.out
    assert {a["outlet"] for a in articles(wsdir)} == {"Steppe Wire"}
    assert {p: p.read_text(encoding="utf-8").split("+++")[-1] for p in files(wsdir)} == before
    missing = run("-w", wsdir, "outlet", "rename", "Nobody", "X")
    assert missing.code == 1 and "no article has the outlet 'Nobody'" in missing.err
    assert "Steppe Wire" in missing.err


def test_broken_front_matter_names_the_file_and_the_rest_still_works(wsdir, tmp_path):
    assert run("-w", wsdir, "add", "--story", "gas", tmp_path / "ru.txt", tmp_path / "en.txt",
               "--outlet", "A").code == 0  # fmt: skip
    broken = files(wsdir)[0]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace('outlet = "A"', 'outlet = "A'), encoding="utf-8")
    shown = run("-w", wsdir, "show", "gas", "--json")
    assert shown.code == 0
    assert len(json.loads(shown.out)["articles"]) == 1
    assert broken.name in shown.err and "not valid TOML" in shown.err
    checked = run("-w", wsdir, "check")
    assert checked.code == 1 and broken.name in checked.err
    assert broken.read_text(encoding="utf-8") != text  # nothing rewrote the user's file


def test_an_article_added_to_a_second_story_is_copied_with_a_message(wsdir, tmp_path):
    assert run("-w", wsdir, "add", "--story", "gas", tmp_path / "ru.txt", "--outlet", "Sever",
               "--url", "https://sever.example/1").code == 0  # fmt: skip
    again = run("-w", wsdir, "add", tmp_path / "ru.txt")
    assert again.code == 1 and "story 'gas'" in again.err and "--story" in again.err
    same = run("-w", wsdir, "add", "--story", "gas", tmp_path / "ru.txt")
    assert same.code == 1 and "already in the workspace" in same.err
    copied = run("-w", wsdir, "add", "--story", "energy", tmp_path / "ru.txt")
    assert copied.code == 0, copied.err
    assert "copied into story 'energy'" in copied.err and "story 'gas'" in copied.err
    copy = articles(wsdir, "energy")[0]
    assert (copy["outlet"], copy["url"]) == ("Sever", "https://sever.example/1")
    assert len(articles(wsdir, "gas")) == 1
    assert run("-w", wsdir, "check").code == 0

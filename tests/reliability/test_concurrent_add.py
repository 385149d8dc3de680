"""Adding the same file twice at once stores it once; `check` reports text stored twice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from tests.cli.helpers import run
from tests.cli.test_translate import PARALLAX


def test_the_same_file_added_by_two_processes_at_once_is_stored_once(tmp_path):
    ws = tmp_path / "ws"
    run("init", ws)
    env = dict(os.environ, PARALLAX_WORKSPACE=str(ws))
    rounds = 8
    for n in range(rounds):
        source = tmp_path / f"a{n}.txt"
        source.write_text(f"Round {n}: floods hit Almaty on Saturday. Two people died.")
        racers = [subprocess.Popen([*PARALLAX, "add", str(source), "--story", "s", "--lang", "en"],
                                   env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for _ in range(3)]  # fmt: skip
        outcomes = [(r.wait(timeout=120), r.stderr.read()) for r in racers]
        assert sorted(code for code, _ in outcomes) == [0, 1, 1], outcomes
        assert all("already in the workspace" in err for code, err in outcomes if code)
        assert all("Traceback" not in err for _, err in outcomes)
    articles = json.loads(run("-w", ws, "show", "s", "--json").out)["articles"]
    assert len(articles) == rounds
    assert len(list((ws / "stories" / "s").glob("*.md"))) == rounds
    assert run("-w", ws, "check").code == 0


def test_check_reports_text_stored_twice(tmp_path):
    ws = tmp_path / "ws"
    run("init", ws)
    (tmp_path / "a.txt").write_text("Floods hit Almaty on Saturday. Two people died.")
    run("-w", ws, "add", tmp_path / "a.txt", "--story", "s")
    original = next((ws / "stories" / "s").glob("*.md"))
    copy = ws / "stories" / "s" / "copy.md"
    shutil.copy(original, copy)
    copy.write_text(copy.read_text().replace(f'id = "{original.stem}"', 'id = "copy"'))
    result = run("-w", ws, "check")
    assert result.code == 1 and "same text" in result.err and "stored twice" in result.err
    assert original.exists() and copy.exists()  # reported, never deleted

"""`remove` keeps every removed version in .trash/, each under its own name."""

from __future__ import annotations

import json

from tests.cli.helpers import run


def test_every_removed_version_of_an_article_is_kept(tmp_path):
    ws = tmp_path / "ws"
    run("init", ws)
    source = tmp_path / "a.txt"
    texts = [f"Floods hit Almaty on Saturday. Version {n} of the report." for n in range(4)]
    for text in texts:
        source.write_text(text)
        assert (
            run("-w", ws, "add", source, "--story", "s", "--outlet", "tass", "--title", "T").code
            == 0
        )
        article = json.loads(run("-w", ws, "show", "s", "--json").out)["articles"][0]["id"]
        assert run("-w", ws, "remove", article).code == 0
    assert article == "tass-en-t"  # the same id every time
    trashed = sorted((ws / ".trash" / "s").glob("*.md"))
    assert len(trashed) == len(texts)
    kept = "".join(p.read_text() for p in trashed)
    assert all(text in kept for text in texts)  # no removal overwrote an earlier one
    assert not list((ws / "stories" / "s").glob("*.md"))

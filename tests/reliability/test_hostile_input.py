"""Every hostile input gets a clear error or a safe result: no crash, hang or escape."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.helpers import run
from tests.http_server import serve
from workspace.ingest.segment import segment

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"


@pytest.fixture
def wsdir(tmp_path):
    assert run("init", tmp_path / "ws").code == 0
    return tmp_path / "ws"


def outside_files(tmp_path: Path, wsdir: Path) -> set[Path]:
    return {p for p in tmp_path.rglob("*") if wsdir not in p.parents and p != wsdir}


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("empty.txt", "is empty"),
        ("binary.bin", "binary"),
        ("truncated-utf8.txt", "ok"),
        ("utf16-bom.txt", "ok"),
        ("cp1251.txt", "ok"),
        ("koi8r.txt", "ok"),
        ("mixed-scripts.txt", "ok"),
        ("zero-width-bidi.txt", "ok"),
        ("markup-escapes.txt", "ok"),
        ("script.html", "ok"),
        ("bad-front-matter.md", "not valid TOML"),
        ("unclosed-front-matter.md", "not closed"),
    ],
)
def test_each_hostile_file(wsdir, tmp_path, name, outcome):
    before = outside_files(tmp_path, wsdir)
    result = run("-w", wsdir, "add", HOSTILE / name, "--story", "h")
    assert "Traceback" not in result.err
    if outcome == "ok":
        assert result.code == 0, result.err
        body = "".join(
            p.read_text(encoding="utf-8") for p in (wsdir / "stories" / "h").glob("*.md")
        )
        for bad in ("\x1b", "\x07", "\u202e", "\u200b", "<script", "pwned", "onclick"):
            assert bad not in body
        if name in ("cp1251.txt", "koi8r.txt", "utf16-bom.txt", "truncated-utf8.txt"):
            assert "Президент Казахстана провёл встречу" in body
        assert run("-w", wsdir, "compare", "h", "--json").code == 0
    else:
        assert result.code == 1 and outcome in result.err and result.err.count("\n") == 1
    assert outside_files(tmp_path, wsdir) == before


def test_a_huge_file_and_a_50000_character_line(wsdir, tmp_path):
    line = "слово " * 8_500
    (tmp_path / "long-line.txt").write_text(line[:50_000], encoding="utf-8")
    big = ("Газ пойдёт по новому газопроводу. Цена не раскрывается. " * 30 + "\n\n") * 3000
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    for name in ("long-line.txt", "big.txt"):
        began = time.monotonic()
        result = run("-w", wsdir, "add", tmp_path / name, "--story", "big")
        assert result.code == 0, result.err
        assert time.monotonic() - began < 120
    shown = json.loads(run("-w", wsdir, "show", "big", "--json").out)
    assert {a["sentences"] for a in shown["articles"]} >= {1}


def test_path_traversal_in_story_names_never_escapes(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text("Floods hit Almaty on Saturday. Two died.", encoding="utf-8")
    for bad in ("../../x", "/etc", "..", "a/b", "A B", ".hidden"):
        result = run("-w", wsdir, "add", tmp_path / "a.txt", "--story", bad)
        assert result.code == 1 and "invalid story name" in result.err
        assert run("-w", wsdir, "show", bad).code == 1
    assert not (tmp_path / "x").exists()


def test_urls_that_redirect_forever_or_never_end(wsdir):
    with serve({"/loop": "loop", "/endless": "endless"}) as base:
        loop = run("-w", wsdir, "add", f"{base}/loop", "--story", "u")
        assert loop.code == 1 and "redirect" in loop.err
        began = time.monotonic()
        endless = run("-w", wsdir, "add", f"{base}/endless", "--story", "u")
        assert endless.code == 1 and "larger than" in endless.err
        assert time.monotonic() - began < 60


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["ru", "kk", "en"]))
def test_segmentation_never_loses_text_on_random_unicode(text, language):
    from workspace.ingest.text import clean_text

    cleaned = clean_text(text)
    sentences = [s for p in segment(cleaned, language) for s in p.sentences]
    assert "".join("".join(s.split()) for s in sentences) == "".join(cleaned.split())

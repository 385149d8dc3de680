"""`parallax framing STORY [--json]` and the framing list in `compare --json` and reports."""

from __future__ import annotations

import json

from tests.cli.helpers import run

WIRE = (
    "Police disperse protesters at Kyrgyz border crossing\n\n"
    "Police on Thursday dispersed about 300 protesters who had blocked the Korday border "
    "crossing with Kyrgyzstan, the regional police department said. "
    "Traffic resumed in the evening, officials told reporters."
)
ORDER = (
    "So-called activists blocking Kyrgyz border crossing removed by police\n\n"
    "Police on Thursday removed about 300 rioters who had blocked the Korday border "
    "crossing with Kyrgyzstan, the regional police department said. "
    "Traffic resumed in the evening, officials said."
)


def workspace_with(tmp_path, texts: dict[str, str]):
    ws = tmp_path / "ws"
    assert run("init", ws).code == 0
    for outlet, text in texts.items():
        path = tmp_path / f"{len(outlet)}-{abs(hash(outlet))}.txt"
        path.write_text(text, encoding="utf-8")
        result = run("-w", ws, "add", path, "--story", "s", "--outlet", outlet, "--lang", "en")
        assert result.code == 0, result.err
    return ws


def test_framing_json_lists_entries_with_outlets_wordings_and_sentence_ids(tmp_path):
    ws = workspace_with(tmp_path, {"Northern Dispatch": WIRE, "Order Today": ORDER})
    result = run("-w", ws, "framing", "s", "--json")
    assert result.code == 0, result.err
    entries = json.loads(result.out)
    assert isinstance(entries, list) and entries
    first = entries[0]
    assert {"referent", "salience", "reasons", "outlets"} <= set(first)
    assert any("rioters" in r or "so-called" in r.lower() for r in first["reasons"])
    outlets = first["outlets"]
    assert set(outlets) == {"Northern Dispatch", "Order Today"}
    wording = outlets["Northern Dispatch"][0]
    assert {"wording", "sentence_id", "original", "pivot", "headline"} <= set(wording)
    # compare --json carries the same list
    compared = json.loads(run("-w", ws, "compare", "s", "--json").out)
    assert compared["framing"] == entries
    # the human table
    table = run("-w", ws, "framing", "s")
    assert table.code == 0 and "most salient first" in table.out


def test_one_article_story_says_plainly_there_is_nothing_to_frame(tmp_path):
    ws = workspace_with(tmp_path, {"Northern Dispatch": WIRE})
    result = run("-w", ws, "framing", "s")
    assert result.code == 0, result.err
    assert "1 article" in result.out
    assert json.loads(run("-w", ws, "framing", "s", "--json").out) == []


def test_outlets_that_agree_give_an_empty_table_said_plainly(tmp_path):
    ws = workspace_with(tmp_path, {"Northern Dispatch": WIRE, "Copy Desk": WIRE.replace(
        "officials told reporters", "officials said")})  # fmt: skip
    result = run("-w", ws, "framing", "s")
    assert result.code == 0, result.err
    assert "no framing differences" in result.out


def test_unknown_story_is_a_one_line_error(tmp_path):
    ws = workspace_with(tmp_path, {"Northern Dispatch": WIRE})
    result = run("-w", ws, "framing", "nope")
    assert result.code != 0
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1


def test_hostile_wordings_are_escaped_in_terminal_and_reports(tmp_path):
    hostile = ORDER.replace("rioters", "[bold red]rioters[/] \x1b[31m<script>x</script>")
    ws = workspace_with(tmp_path, {"Northern Dispatch": WIRE, "Order <i>Today</i>": hostile})
    table = run("-w", ws, "framing", "s")
    assert table.code == 0, table.err
    assert "\x1b[31m" not in table.out
    html_file, md_file = tmp_path / "r.html", tmp_path / "r.md"
    assert run("-w", ws, "compare", "s", "--html", html_file, "--md", md_file).code == 0
    page = html_file.read_text()
    assert "Framing: how each outlet names the same thing" in page
    assert "<script>" not in page and "<i>Today</i>" not in page
    md = md_file.read_text()
    assert "## Framing" in md and "<script>" not in md

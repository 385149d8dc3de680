import json

from tests.cli.helpers import run
from workspace.demo import demo_workspace


def test_compare_the_demo_story_with_human_editions(tmp_path):
    ws, slug = demo_workspace(tmp_path / "demo")
    result = run("-w", ws.root, "compare", slug, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {a["language"] for a in data["articles"]} == {"en", "ru", "kk"}
    kinds = {d["kind"] for d in data["discrepancies"]}
    assert {"number", "date", "quote"} <= kinds
    numbers = next(d for d in data["discrepancies"] if d["kind"] == "number")
    # Values as each outlet wrote them, in its own language.
    assert set(numbers["values"].values()) == {
        "10 billion cubic meters", "12 млрд куб. м", "10 миллиард текше метр"
    }  # fmt: skip
    member = data["groups"][0]["members"][0]
    assert {"article_id", "outlet", "sentence_id", "pivot_text", "original_text"} <= set(member)
    assert any(u["pivot_text"].startswith("Critics say") for u in data["unique"])
    sources = {m["source"] for g in data["groups"] for m in g["members"]}
    assert sources == {"original", "human edition"}
    html_file, md_file = tmp_path / "r.html", tmp_path / "r.md"
    assert run("-w", ws.root, "compare", slug, "--html", html_file, "--md", md_file).code == 0
    assert "<table" in html_file.read_text() and "Discrepancies" in md_file.read_text()
    assert run("-w", ws.root, "compare", slug).code == 0


def test_missing_translations_are_named_with_the_command(tmp_path):
    ws = tmp_path / "ws"
    run("init", ws)
    (tmp_path / "en.txt").write_text("Floods hit Almaty on Saturday. Two people died.")
    (tmp_path / "ru.txt").write_text("Наводнение в Алматы в субботу. Погибли два человека.")
    run("-w", ws, "add", tmp_path / "en.txt", "--story", "s", "--outlet", "wire")
    run("-w", ws, "add", tmp_path / "ru.txt", "--story", "s", "--outlet", "agency")
    result = run("-w", ws, "compare", "s", "--json")
    assert result.code == 0
    assert "parallax translate s --to en" in result.err
    data = json.loads(result.out)
    missing = {a["outlet"]: a["missing_translations"] for a in data["articles"]}
    assert missing == {"wire": 0, "agency": 2}

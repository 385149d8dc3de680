"""`parallax edition add/remove`: editions paired with their original by content, bad input,
`check` on an edition that pairs badly, no machine translation queued for an edition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from workspace.store.files import parse_front_matter

DEMO = Path(__file__).resolve().parents[2] / "workspace" / "demo" / "story"
UNRELATED = (
    "The city council approved a new budget for public libraries on Friday. Opening hours will "
    "be extended on weekends. A children's reading room is planned for the spring. The mayor "
    "said the money comes from a tax on parking. Critics called the plan too small. Volunteers "
    "will run evening classes. The first branch to reopen is on River Street. Tickets for the "
    "book fair go on sale next week."
)


def body(path: Path) -> str:
    return parse_front_matter(path.read_text(encoding="utf-8"))[1]


@pytest.fixture
def wsdir(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    assert run("init", ws).code == 0
    (tmp_path / "ru.txt").write_text(body(DEMO / "sever-ru-gas-deal.md"), encoding="utf-8")
    edition = body(DEMO / "editions" / "sever-ru-gas-deal.en.md")
    # The outlet's English page has its paragraphs laid out differently: pairing is by content.
    (tmp_path / "en.txt").write_text(edition.replace("\n\n", " ", 3), encoding="utf-8")
    (tmp_path / "other.txt").write_text(UNRELATED, encoding="utf-8")
    added = run("-w", ws, "add", "--story", "gas", "--outlet", "Sever Press", tmp_path / "ru.txt")
    assert added.code == 0, added.err
    return ws


def article_id(wsdir: Path) -> str:
    return json.loads(run("-w", wsdir, "show", "gas", "--json").out)["articles"][0]["id"]


def test_edition_pairs_by_content_and_is_read_instead_of_a_translation(wsdir, tmp_path):
    aid = article_id(wsdir)
    result = run("-w", wsdir, "edition", "add", aid, tmp_path / "en.txt", "--lang", "en",
                 "--url", "https://sever.example/en")  # fmt: skip
    assert result.code == 0, result.err
    assert "sentences paired" in " ".join(result.out.split())  # rich wraps at 80 columns
    shown = json.loads(run("-w", wsdir, "show", "gas", "--json").out)["articles"][0]
    assert shown["editions"] == ["en"] and shown["edition_translators"] == {"en": "human"}
    compared = json.loads(run("-w", wsdir, "compare", "gas", "--json").out)
    article = compared["articles"][0]
    assert article["editions"] == ["en (human, https://sever.example/en)"]
    plan = json.loads(run("-w", wsdir, "translate", "gas", "--to", "en", "--dry-run",
                          "--json").out)  # fmt: skip
    item = plan["articles"][0]
    assert item["pending_sentences"] == 0 and "already has an en edition" in item["reason"]
    assert plan["pending_sentences"] == 0
    assert run("-w", wsdir, "check").code == 0


def test_an_edition_that_pairs_badly_is_reported_by_add_and_check(wsdir, tmp_path):
    aid = article_id(wsdir)
    result = run("-w", wsdir, "edition", "add", aid, tmp_path / "other.txt", "--lang", "en")
    assert result.code == 0
    assert "warning: edition of" in result.err
    checked = run("-w", wsdir, "check")
    assert "pairs badly with its original" in checked.err and f"{aid}.en.md" in checked.err


def test_bad_editions_get_one_line_and_nothing_is_written(wsdir, tmp_path):
    aid = article_id(wsdir)
    same = run("-w", wsdir, "edition", "add", aid, tmp_path / "ru.txt", "--lang", "ru")
    assert same.code == 1 and "is written in ru" in same.err
    missing = run("-w", wsdir, "edition", "add", "no-such-article", tmp_path / "en.txt",
                  "--lang", "en")  # fmt: skip
    assert missing.code == 1 and "no article 'no-such-article'" in missing.err
    for result in (same, missing):
        assert "Traceback" not in result.err
    assert not (wsdir / "stories" / "gas" / "editions").exists()


def test_an_edition_is_never_replaced_and_remove_moves_it_to_trash(wsdir, tmp_path):
    aid = article_id(wsdir)
    assert run("-w", wsdir, "edition", "add", aid, tmp_path / "en.txt", "--lang", "en").code == 0
    path = wsdir / "stories" / "gas" / "editions" / f"{aid}.en.md"
    before = path.read_bytes()
    again = run("-w", wsdir, "edition", "add", aid, tmp_path / "other.txt", "--lang", "en")
    assert again.code == 1 and "already has an en edition" in again.err
    assert path.read_bytes() == before
    removed = run("-w", wsdir, "edition", "remove", aid, "en")
    assert removed.code == 0 and ".trash/gas/" in removed.out
    assert not path.exists()
    assert list((wsdir / ".trash" / "gas").glob(f"{aid}.en.*.md"))
    gone = run("-w", wsdir, "edition", "remove", aid, "en")
    assert gone.code == 1 and "has no en edition" in gone.err

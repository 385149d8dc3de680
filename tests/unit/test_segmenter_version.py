"""A new segmenter re-segments old workspaces once; sentences in another language are marked."""

from __future__ import annotations

from tests.cli.helpers import run
from tests.conftest import add_text
from workspace.ingest.segment import SEGMENTER_VERSION
from workspace.store import db as database
from workspace.store.workspace import Workspace

BULLETS = "Key facts:\n• 10 bcm a year • 1,200 km pipeline • ten years"


def make_old_index(ws: Workspace, article_id: str) -> None:
    """Index the article as the first segmenter did: the bullets as one sentence."""
    with database.transaction(ws.db):
        ws.db.execute("UPDATE articles SET segmenter = 1 WHERE id = ?", (article_id,))
        ws.db.execute("DELETE FROM segments WHERE article_id = ?", (article_id,))
        ws.db.execute(
            "INSERT INTO segments (article_id, sentence_id, paragraph, position, text, text_hash)"
            " VALUES (?, 'x-0.0', 0, 0, ?, 'old')",
            (article_id, BULLETS),
        )


def test_articles_indexed_by_an_older_segmenter_are_segmented_again_on_sync(ws):
    article_id = add_text(ws, "s", BULLETS, "wire", "en")
    assert len(ws.sentences(article_id)) == 4
    make_old_index(ws, article_id)
    assert len(ws.sentences(article_id)) == 1
    assert ws.sync() == 1
    assert [s.text for s in ws.sentences(article_id)] == [
        "Key facts:", "• 10 bcm a year", "• 1,200 km pipeline", "• ten years"]  # fmt: skip
    row = ws.db.execute("SELECT segmenter FROM articles WHERE id = ?", (article_id,)).fetchone()
    assert row[0] == SEGMENTER_VERSION
    assert ws.sync() == 0  # once


def test_check_after_an_upgrade_does_not_report_every_article(ws):
    ids = [add_text(ws, "s", BULLETS + f" {n}", f"outlet{n}", "en") for n in range(3)]
    for article_id in ids:
        make_old_index(ws, article_id)
    files = {p: p.read_bytes() for p in (ws.root / "stories").rglob("*.md")}
    result = run("-w", ws.root, "check")
    assert result.code == 0, result.err
    assert "segments do not match" not in result.err
    assert "segmented 3 articles again" in result.out
    assert all(len(ws.sentences(article_id)) == 4 for article_id in ids)
    assert {p: p.read_bytes() for p in files} == files


def test_a_changed_file_is_still_reported_by_check_after_an_upgrade(ws):
    article_id = add_text(ws, "s", BULLETS, "wire", "en")
    make_old_index(ws, article_id)
    (path,) = (ws.root / "stories" / "s").glob("*.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = run("-w", ws.root, "check")
    assert result.code == 1 and "file changed since it was indexed" in result.err


def test_a_quote_in_another_language_is_stored_with_its_language(ws):
    text = (
        "Қазақстан мен Ресей газ жеткізу туралы келісімге қол қойды.\n\n"
        "«Мы готовы увеличить поставки, если спрос вырастет», — заявил Штерник.\n\n"
        "— Рас.\n\n"
        "Келісім он жылға жасалды."
    )
    article_id = add_text(ws, "s", text, "portal", "kk")
    languages = [(s.text[:12], s.language) for s in ws.sentences(article_id)]
    assert languages == [
        ("Қазақстан ме", ""),
        ("«Мы готовы у", "ru"),
        ("— Рас.", ""),
        ("Келісім он ж", ""),
    ]

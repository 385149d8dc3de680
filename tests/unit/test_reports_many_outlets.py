"""Reports for a story of many outlets: Markdown escapes only what Markdown needs, every report
names editions and machine translations with url and date, outlets that cannot be compared are
said to be so, and the HTML stays compact in a real headless browser."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import DATA
from workspace.compare import compare_articles
from workspace.compare.model import Comparison, PivotArticle, PivotSentence
from workspace.compare.report import to_html, to_markdown
from workspace.compare.view import ArticleView, Row, SentenceView
from workspace.tui.widgets.story_table import Modes, cell_text


def story_articles() -> list[PivotArticle]:
    """14 reports of one visit: 8 in English (the pivot), 6 in ru/kk with no translation."""
    story = json.loads((DATA / "stories" / "pakistan-state-visit.json").read_text("utf-8"))
    out = []
    for letter, a in story["articles"].items():
        english = a["language"] == "en"
        sentences = [
            PivotSentence(letter, f"{letter}-{i}", i, text if english else None, text,
                          "original" if english else "untranslated")
            for i, text in enumerate(a["sentences"])
        ]  # fmt: skip
        out.append(PivotArticle(letter, a["outlet"], a["language"], sentences,
                                missing=0 if english else len(sentences), title=a["title"],
                                url=f"https://example.org/{letter}", published=a["published"]))  # fmt: skip
    # One article read through its human edition, one through a machine translation.
    out[8] = replace(out[8], editions=("en (human, https://example.org/I/en)",))
    out[9] = replace(out[9], missing=0, sentences=[
        replace(s, pivot_text=f"(en) {s.original_text}", source="machine: argos ru→en")
        for s in out[9].sentences
    ])  # fmt: skip
    return out


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare_articles(story_articles(), story="pakistan-state-visit", pivot_language="en")


def test_outlets_with_no_pivot_text_are_not_comparable(comparison):
    not_comparable = {a.id for a in comparison.articles} - set(comparison.comparable)
    assert not_comparable == {"I", "K", "L", "M", "N"}
    assert {u.article_id for u in comparison.unique} <= set(comparison.comparable)
    assert set(comparison.coverage) == {a.name for a in comparison.articles
                                        if a.id in comparison.comparable}  # fmt: skip
    assert comparison.to_dict()["not_comparable"] == ["I", "K", "L", "M", "N"]


def test_the_grid_says_not_comparable_rather_than_absent():
    sentence = SentenceView("A", "A-0", "text", "text", "original")
    row = Row("group", {"A": [sentence]})
    assert cell_text(row, "B", Modes(), comparable=False).plain == "? not comparable"
    assert cell_text(row, "B", Modes(), comparable=True).plain == "·"
    assert ArticleView("B", "B", "ru", "Cyrl", "", "", []).comparable


def test_markdown_escapes_only_what_markdown_needs(comparison):
    md = to_markdown(comparison)
    assert "Kassym-Jomart" in md and "Kassym\\-Jomart" not in md
    assert "\\(" not in md and "\\)" not in md and "\\." not in md


def test_every_report_names_editions_machine_translations_urls_and_dates(comparison):
    for report in (to_markdown(comparison), to_html(comparison)):
        assert "en (human, https://example.org/I/en)" in report
        assert "machine translation (argos ru→en) of 10/10 sentences" in report
        assert "not translated: not comparable" in report
        for letter in "ABCDEFGHIJKLMN":
            assert f"https://example.org/{letter}" in report
        assert "2025-11-06" in report


def test_html_links_discrepancies_to_their_rows_and_says_how_coverage_reads(comparison):
    page = to_html(comparison)
    for d in comparison.discrepancies:
        if d.group_id is not None:
            assert f'href="#g{d.group_id + 1}"' in page and f'id="g{d.group_id + 1}"' in page
    assert "Read across" in page
    assert page.count("<h3>") == len({u.outlet for u in comparison.unique})


# -- the HTML in a real browser ---------------------------------------------------------------

BROWSER = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
WINDOW = (1280, 16000)


@pytest.mark.skipif(BROWSER is None, reason="no chromium or google-chrome on this machine")
def test_html_report_is_compact_and_clean_in_headless_chromium(comparison, tmp_path: Path):
    page = tmp_path / "report.html"
    page.write_text(to_html(comparison), encoding="utf-8")
    shot = tmp_path / "report.png"
    done = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0", "--force-device-scale-factor=1",
         f"--window-size={WINDOW[0]},{WINDOW[1]}",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert shot.is_file(), done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no errors, no blocked content, nothing logged at all
    width, height = png_size(shot)
    assert (width, height) == WINDOW
    content = content_height(shot)
    # 14 outlets × ~11 sentences: the whole report fits in a few screens, not 16,000 px.
    assert 1500 < content < 9000, content


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return struct.unpack(">II", data[16:24])


def content_height(path: Path, background: tuple[int, int, int] = (0xFA, 0xFA, 0xFA)) -> int:
    """Where the page's content ends: the first row of the plain background that runs to the
    bottom of the screenshot. Read from the PNG's filtered rows without decoding every pixel:
    a background row under a background row filters to zeros (Up, Paeth), to one pixel then
    zeros (Sub), to the pixels themselves (None) or to half a pixel then zeros (Average)."""
    import numpy as np

    data = path.read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    depth, colour = data[24], data[25]
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    rows = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    rows = rows.reshape(height, width * channels + 1)
    kinds, body = rows[:, 0], rows[:, 1:]
    pixel = np.array([*background, 255][:channels], dtype=np.uint8)
    rest_zero = ~body[:, channels:].any(axis=1)
    first = body[:, :channels]
    plain = np.tile(pixel, width)
    is_background = (
        ((kinds == 2) | (kinds == 4)) & rest_zero & ~first.any(axis=1)
        | (kinds == 1) & rest_zero & (first == pixel).all(axis=1)
        | (kinds == 3) & rest_zero & (first == pixel - pixel // 2).all(axis=1)
        | (kinds == 0) & (body == plain).all(axis=1)
    )
    bottom = height
    while bottom > 0 and is_background[bottom - 1]:
        bottom -= 1
    return bottom

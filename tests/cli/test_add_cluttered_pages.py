"""`parallax add` on pasted pages full of clutter: files, stdin and HTML."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from workspace.ingest.labelled import read_page

SOUTH_ASIA = read_page(DATA / "clutter" / "en-south-asia-times.txt")
REUTERS = read_page(DATA / "clutter" / "en-reuters.txt")
ONLY_CLUTTER = (
    "Dark Mode\nLogo\nShare on social media\nicon-facebook icon-twitter\nAdSense Advertisement\n"
)


@pytest.fixture
def wsdir(tmp_path):
    assert run("init", tmp_path / "ws").code == 0
    return tmp_path / "ws"


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    header, body = text.split("+++\n", 2)[1:]
    return tomllib.loads(header), body


def snapshot(wsdir):
    return {p: p.read_bytes() for p in sorted((wsdir / "stories").rglob("*")) if p.is_file()}


def test_a_cluttered_paste_keeps_its_sentences_and_takes_its_headline_as_title(wsdir, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(SOUTH_ASIA.text, encoding="utf-8")
    result = run("-w", wsdir, "add", source, "--outlet", "The South Asia Times")
    assert result.code == 0, result.err
    assert "23 lines of page clutter left out" in result.out
    stories = json.loads(run("-w", wsdir, "stories", "--json").out)
    assert [s["slug"] for s in stories] == ["kazakhstan-and-india-agree-to-expand-uranium-sup"]
    assert stories[0]["title"] == "Kazakhstan and India agree to expand uranium supplies"
    (path,) = (wsdir / "stories" / stories[0]["slug"]).glob("*.md")
    assert "dark-mode" not in path.name and path.name.startswith("the-south-asia-times-en-kaz")
    meta, body = front_matter(path)
    assert meta["title"] == "Kazakhstan and India agree to expand uranium supplies"
    assert meta["published"] == "2024-11-12"
    assert meta["clutter"][:3] == ["Dark Mode", "Logo", "Home"]
    for kept, line in zip(SOUTH_ASIA.labels, SOUTH_ASIA.lines, strict=True):
        if kept == "K":
            assert line in body
        elif kept == "D":
            assert line not in body.split("\n")


def test_stdin_gets_the_dateline_as_place_date_and_outlet(wsdir):
    result = run("-w", wsdir, "add", "-", "--story", "rates", stdin=REUTERS.text.encode())
    assert result.code == 0, result.err
    (path,) = (wsdir / "stories" / "rates").glob("*.md")
    meta, body = front_matter(path)
    assert (meta["outlet"], meta["place"], meta["published"]) == ("Reuters", "Astana", "2024-11-29")
    assert "ASTANA, Nov 29 (Reuters) -" in meta["clutter"]
    assert "\nKazakhstan's central bank raised its base rate" in body
    assert "(Reuters)" not in body
    shown = json.loads(run("-w", wsdir, "show", "rates", "--json").out)
    assert shown["articles"][0]["published"] == "2024-11-29"


def test_clutter_inside_an_html_article_is_removed_after_extraction(wsdir, tmp_path):
    paragraphs = [
        "Kazakhstan and Russia signed a gas supply agreement on Tuesday in Astana.",
        "Share on social media",
        "The deal runs for ten years and covers the northern regions.",
        "AdSense Advertisement",
        "He declined to comment on the price.",
        "Read more: Kazakhstan harvests record grain crop",
    ]
    page = (
        "<html><head><title>Gas deal signed | Steppe Wire</title></head><body><article>"
        "<h1>Gas deal signed</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )  # fmt: skip
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = run("-w", wsdir, "add", tmp_path / "page.html", "--story", "gas")
    assert result.code == 0, result.err
    (path,) = (wsdir / "stories" / "gas").glob("*.md")
    meta, body = front_matter(path)
    assert "He declined to comment on the price." in body
    for gone in ("Share on social media", "AdSense Advertisement", "Read more"):
        assert gone not in body
    assert meta["title"] == "Gas deal signed"


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_a_file_that_is_only_clutter_is_refused_and_nothing_is_added(wsdir, tmp_path, how):
    before = snapshot(wsdir)
    if how == "file":
        (tmp_path / "junk.txt").write_text(ONLY_CLUTTER, encoding="utf-8")
        result = run("-w", wsdir, "add", tmp_path / "junk.txt", "--story", "s")
    else:
        result = run("-w", wsdir, "add", "-", "--story", "s", stdin=ONLY_CLUTTER.encode())
    assert result.code == 1
    assert "only page clutter" in result.err and "nothing added" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert snapshot(wsdir) == before
    assert not (wsdir / "stories" / "s").exists()


def test_keep_clutter_adds_the_text_as_it_is(wsdir, tmp_path):
    (tmp_path / "junk.txt").write_text(ONLY_CLUTTER + "The deal was signed.\n", encoding="utf-8")
    result = run("-w", wsdir, "add", tmp_path / "junk.txt", "--story", "s", "--keep-clutter")
    assert result.code == 0, result.err
    (path,) = (wsdir / "stories" / "s").glob("*.md")
    meta, body = front_matter(path)
    assert "Dark Mode" in body and "clutter" not in meta


def test_the_same_article_pasted_with_other_clutter_is_found_as_a_duplicate(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text(REUTERS.text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Menu\nAdvertisement\n" + REUTERS.text, encoding="utf-8")
    assert run("-w", wsdir, "add", tmp_path / "a.txt", "--story", "s").code == 0
    again = run("-w", wsdir, "add", tmp_path / "b.txt", "--story", "s")
    assert again.code == 1 and "already in the workspace" in again.err

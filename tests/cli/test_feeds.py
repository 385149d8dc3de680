"""`parallax feed` and `parallax watch` against a local server: new items, conditional GET,
robots.txt, the same item in two feeds, hostile and endless feeds."""

from __future__ import annotations

import json
import tomllib

from tests.cli.helpers import run
from tests.feed_server import Page, Site, rss, serve
from tests.unit.test_feed_parsing import BILLION_LAUGHS
from workspace.store.workspace import Workspace

FLOODS = [
    "Flooding in the north forced the evacuation of 1,200 residents on Monday, officials said.",
    "Rescuers built dams along the Ishim river to hold back the water.",
    "The water level rose by 30 centimetres overnight and schools in three districts closed.",
]
DAMS = [
    "Rescue teams built earth dams along the Ishim river on Tuesday as the water kept rising.",
    "Some 1,200 residents have left their homes, the emergencies ministry said.",
]
BRIDGE = [
    "A new bridge over the Ishim river opened in Petropavlovsk after two years of work.",
    "The bridge is 420 metres long and carries four lanes of traffic.",
]


def _site() -> Site:
    site = Site()
    site.set_html("/floods", "Floods force evacuations in the north", FLOODS)
    site.set_html("/dams", "Rescuers build dams on the Ishim", DAMS)
    site.set_html("/bridge", "New bridge opens in Petropavlovsk", BRIDGE)
    return site


def _feed(site: Site, *paths: str, dated: bool = True) -> Page:
    items = [(p.strip("/"), site.base + p, "Mon, 01 Apr 2026 10:00:00 GMT" if dated else "")
             for p in paths]  # fmt: skip
    return Page(rss(items), "application/rss+xml; charset=utf-8")


def _watch(ws: Workspace, *more: str):  # type: ignore[no-untyped-def]
    result = run("-w", ws.root, "watch", "--once", "--delay", "0", *more)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result


def test_feed_add_list_remove_keeps_the_list_in_feeds_toml(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        site.pages["/feed.xml"] = _feed(site, "/floods")
        added = run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North",
                    "--lang", "en", "--story", "floods")  # fmt: skip
        assert added.code == 0, added.err
        assert "rss with 1 items" in added.out
        again = run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North")
        assert again.code == 1 and "already a feed" in again.err
        page = run("-w", ws.root, "feed", "add", f"{site.base}/floods", "--outlet", "North")
        assert page.code == 1 and "not a feed (text/html)" in page.err
        assert "Traceback" not in page.err
    saved = tomllib.loads((ws.root / "feeds.toml").read_text(encoding="utf-8"))
    assert saved["feed"][0]["url"] == f"{site.base}/feed.xml"
    assert saved["feed"][0]["story"] == "floods"
    listed = json.loads(run("-w", ws.root, "feed", "list", "--json").out)
    assert [f["outlet"] for f in listed] == ["North"]
    for bad, said in (("ftp://example.org/feed", "http:// or https://"),
                      ("https://example.org/f", "--outlet is needed")):  # fmt: skip
        result = run("-w", ws.root, "feed", "add", bad, "--no-check")
        assert result.code == 1 and said in result.err
    assert run("-w", ws.root, "feed", "remove", f"{site.base}/feed.xml").code == 0
    assert json.loads(run("-w", ws.root, "feed", "list", "--json").out) == []
    missing = run("-w", ws.root, "feed", "remove", "https://nowhere.example/feed")
    assert missing.code == 1 and "no feed" in missing.err


def test_watch_takes_new_items_once_and_asks_again_conditionally(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        site.pages["/feed.xml"] = _feed(site, "/floods", "/dams")
        run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North",
            "--story", "floods")  # fmt: skip
        first = _watch(ws)
        assert "2 new articles of 2 items" in first.out
        assert len(ws.articles("floods")) == 2
        assert {a.url for a in ws.articles("floods")} == {f"{site.base}/floods",
                                                          f"{site.base}/dams"}  # fmt: skip
        second = _watch(ws)
        assert "1 not modified" in second.out and "0 new articles" in second.out
        asked = site.requests("/feed.xml")[-1]
        assert asked.get("If-None-Match") and asked.get("If-Modified-Since")
        # Just added and not due yet: the pages were fetched once each.
        assert len(site.requests("/floods")) == 1
        site.pages["/feed.xml"] = _feed(site, "/bridge", "/floods", "/dams")
        third = _watch(ws)
        assert "1 new articles of 3 items (2 already taken" in third.out
        assert len(ws.articles("floods")) == 3


def test_the_same_item_in_two_feeds_is_taken_once(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        site.pages["/one.xml"] = _feed(site, "/floods")
        site.pages["/two.xml"] = Page(rss([("again", site.base + "/floods?utm_source=two", "")]),
                                      "application/rss+xml")  # fmt: skip
        for name in ("one", "two"):
            run("-w", ws.root, "feed", "add", f"{site.base}/{name}.xml", "--outlet", "North",
                "--story", "floods", "--no-check")  # fmt: skip
        result = _watch(ws)
    assert "1 new articles of 2 items (1 already taken" in result.out
    assert len(ws.articles("floods")) == 1


def test_an_article_added_by_hand_is_not_taken_again_from_a_feed(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        assert run("-w", ws.root, "add", f"{site.base}/floods", "--story", "floods").code == 0
        site.pages["/feed.xml"] = _feed(site, "/floods")
        run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North",
            "--story", "floods")  # fmt: skip
        result = _watch(ws)
    assert "0 new articles of 1 items (1 already taken" in result.out
    assert len(ws.articles("floods")) == 1


def test_robots_txt_is_respected_for_pages(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /bridge\n", "text/plain")
        site.pages["/feed.xml"] = _feed(site, "/floods", "/bridge")
        run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North",
            "--story", "floods")  # fmt: skip
        result = _watch(ws)
    assert "robots.txt" in result.out and "disallows" in result.out
    assert "1 new articles of 2 items" in result.out and "1 skipped" in result.out
    assert site.requests("/bridge") == []
    assert len(site.requests("/robots.txt")) == 1  # asked once, then remembered


def test_items_without_links_or_dates(ws: Workspace) -> None:
    site = _site()
    with serve(site):
        body = (
            "<rss version='2.0'><channel><title>t</title>"
            "<item><title>no link</title></item>"
            f"<item><title>no date</title><link>{site.base}/floods</link></item>"
            "</channel></rss>"
        ).encode()
        site.pages["/feed.xml"] = Page(body, "application/rss+xml")
        run("-w", ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "North",
            "--story", "floods")  # fmt: skip
        result = _watch(ws)
    assert "skipped: 1 no http(s) link" in result.out
    (article,) = ws.articles("floods")  # taken: a missing date is no reason to skip an item
    assert article.url.endswith("/floods")


def test_hostile_endless_and_broken_feeds_fail_cleanly_and_the_rest_goes_on(
    ws: Workspace,
) -> None:
    site = _site()
    with serve(site):
        site.pages["/laughs.xml"] = Page(BILLION_LAUGHS, "application/rss+xml")
        site.pages["/endless.xml"] = "endless-feed"
        site.pages["/gone.xml"] = Page(b"", status=410)
        site.pages["/html.xml"] = Page(b"<html><body>hello</body></html>", "text/html")
        site.pages["/good.xml"] = _feed(site, "/floods")
        for name in ("laughs", "endless", "gone", "html", "good"):
            run("-w", ws.root, "feed", "add", f"{site.base}/{name}.xml", "--outlet", "North",
                "--story", "floods", "--no-check")  # fmt: skip
        result = _watch(ws)
    lines = result.out
    assert "refused an unsafe feed" in lines
    assert "larger than 20 MB" in lines
    assert "HTTP 410" in lines
    assert "not a feed (text/html)" in lines
    assert "4 failed" in lines and "1 new articles of 1 items" in lines
    assert len(ws.articles("floods")) == 1


def test_watch_without_feeds_or_with_a_tiny_interval_says_what_to_do(ws: Workspace) -> None:
    result = run("-w", ws.root, "watch", "--once")
    assert result.code == 1 and "no feeds to watch" in result.err
    run("-w", ws.root, "feed", "add", "https://example.org/f", "--outlet", "X", "--no-check")
    result = run("-w", ws.root, "watch", "--interval", "1")
    assert result.code == 1 and "at least 10 seconds" in result.err

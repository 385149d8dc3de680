"""`parallax refresh`, `versions` and `changes` against edited pages on a local server."""

from __future__ import annotations

import json

from tests.cli.helpers import run
from tests.feed_server import Page, Site, serve
from workspace.feeds.versions import list_versions, store_new_text, versions_dir
from workspace.store.files import parse_front_matter
from workspace.store.workspace import Workspace

ORIGINAL = [
    "Flooding in the north forced the evacuation of 1,200 residents on Monday, officials said.",
    "Rescuers built dams along the Ishim river to hold back the water.",
    '"We will rebuild every house," Governor Ivan Petrov said at a briefing in Petropavlovsk.',
    "The water level rose by 30 centimetres overnight and schools in three districts closed.",
    "Emergency teams from neighbouring regions arrived by helicopter to help with the rescue.",
    "Residents were told to boil tap water until the authorities declare it safe to drink.",
]
CORRECTED = [ORIGINAL[0].replace("1,200", "2,400"), ORIGINAL[1], *ORIGINAL[3:],
             "The government promised compensation to every family whose home was damaged."]  # fmt: skip
OTHER_OUTLET = [
    "Около 2 400 жителей эвакуированы из-за паводка на севере Казахстана, сообщили власти.",
    "Спасатели возводят дамбы вдоль реки Ишим.",
]


def _added(ws: Workspace, site: Site, path: str, story: str = "floods", outlet: str = "North"):  # type: ignore[no-untyped-def]
    result = run("-w", ws.root, "add", site.base + path, "--story", story, "--outlet", outlet)
    assert result.code == 0, result.err
    return next(a for a in ws.articles(story) if a.url == site.base + path)


def _refresh(ws: Workspace, target: str) -> str:
    result = run("-w", ws.root, "refresh", target, "--delay", "0")
    assert "Traceback" not in result.err, result.err
    return result.out


def test_an_edited_page_becomes_a_new_version_and_nothing_is_lost(ws: Workspace) -> None:
    site = Site()
    with serve(site):
        site.set_html("/floods", "Floods force evacuations in the north", ORIGINAL)
        article = _added(ws, site, "/floods")
        assert "unchanged" in _refresh(ws, article.id)
        first_text = article.path.read_text(encoding="utf-8")
        site.set_html("/floods", "Thousands evacuated as floods hit the north", CORRECTED)
        out = _refresh(ws, article.id)
    assert "new version (version 2)" in out
    versions = list_versions(ws, ws.article(article.id))
    assert [v.number for v in versions] == [1, 2] and versions[-1].current
    saved = versions_dir(ws, article) / "1.md"
    meta, body = parse_front_matter(saved.read_text(encoding="utf-8"))
    assert body == parse_front_matter(first_text)[1]  # the old text, whole
    assert meta["of"] == article.id and meta["significant"] is True
    current = ws.article(article.id)
    assert "2,400 residents" in current.body and "1,200" not in current.body
    assert current.title == "Thousands evacuated as floods hit the north"
    assert len(ws.articles("floods")) == 1  # a version is not an article
    listed = json.loads(run("-w", ws.root, "versions", article.id, "--json").out)
    assert [v["version"] for v in listed] == [1, 2]
    assert "fact change" in listed[0]["change_to_next"]
    diff = run("-w", ws.root, "versions", article.id, "--diff", "1")
    assert diff.code == 0
    assert "number changed: 1,200 residents → 2,400 residents" in diff.out
    assert "quote removed: We will rebuild every house" in diff.out
    assert "HEADLINE" in diff.out and "ADDED" in diff.out
    check = run("-w", ws.root, "check")
    assert check.code == 0, check.out + check.err


def test_pages_that_are_not_new_versions_say_why(ws: Workspace) -> None:
    site = Site()
    with serve(site):
        for path in ("/gone", "/moved", "/paywall", "/clutter", "/stub", "/same"):
            site.set_html(path, "Floods force evacuations in the north " + path, ORIGINAL)
        articles = {path: _added(ws, site, path, story=f"s{i}")
                    for i, path in enumerate(("/gone", "/moved", "/paywall", "/clutter",
                                              "/stub", "/same"))}  # fmt: skip
        site.pages["/gone"] = Page(b"", status=410)
        site.pages["/moved"] = Page(b"", status=301, location=site.base + "/home")
        site.set_html("/home", "Front page", ["Latest news from the region and the world today."])
        site.set_html("/paywall", "Floods", [ORIGINAL[0], "Subscribe to continue reading."])
        site.set_html("/stub", "Floods", [ORIGINAL[0]])
        clutter = [*ORIGINAL, "Share", "Read also: New bridge opens in Petropavlovsk", "12:45"]
        site.set_html("/clutter", "Floods force evacuations in the north /clutter", clutter)
        page = site.pages["/same"]
        assert isinstance(page, Page)
        # The same words in other typography and line breaks.
        site.pages["/same"] = Page(page.body.replace(b'"We', "«We".encode())
                                   .replace(b'house,"', "house,»".encode())
                                   .replace(b"</p>\n<p>", b"</p><p>"))  # fmt: skip
        outcomes = {path: _refresh(ws, a.id) for path, a in articles.items()}
    assert "gone" in outcomes["/gone"] and "HTTP 410" in outcomes["/gone"]
    assert "redirected" in outcomes["/moved"] and "/home" in outcomes["/moved"]
    assert "stub" in outcomes["/paywall"] and "subscription" in outcomes["/paywall"]
    assert "stub" in outcomes["/stub"]
    assert "unchanged" in outcomes["/clutter"]
    assert "unchanged" in outcomes["/same"]
    for article in articles.values():
        assert len(list_versions(ws, ws.article(article.id))) == 1
        assert ws.article(article.id).body == article.body


def test_a_page_not_modified_is_asked_with_its_validators(ws: Workspace) -> None:
    site = Site()
    with serve(site):
        site.set_html("/floods", "Floods", ORIGINAL)
        article = _added(ws, site, "/floods")
        _refresh(ws, article.id)
        out = _refresh(ws, article.id)
        asked = site.requests("/floods")[-1]
    assert "not modified" in out
    assert asked.get("If-None-Match")


def test_refresh_a_story_and_see_what_changed_since_the_last_look(ws: Workspace) -> None:
    site = Site()
    with serve(site):
        site.set_html("/floods", "Floods force evacuations in the north", ORIGINAL)
        site.set_html("/ru", "Паводок на севере", OTHER_OUTLET)
        article = _added(ws, site, "/floods")
        _added(ws, site, "/ru", outlet="Vlast")
        first_look = run("-w", ws.root, "changes", "floods")
        assert "nothing changed" in first_look.out
        site.set_html("/floods", "Floods force evacuations in the north", CORRECTED)
        out = _refresh(ws, "floods")
    assert out.count("new version") == 1 and "unchanged" in out
    peek = json.loads(run("-w", ws.root, "changes", "floods", "--json", "--peek").out)
    (changed,) = peek["articles"]
    assert changed["id"] == article.id and changed["significant"]
    number = next(f for f in changed["fact_changes"] if f["kind"] == "number")
    assert number["direction"] == "toward" and number["with_new"] == ["Vlast"]
    shown = run("-w", ws.root, "changes", "floods")
    assert "now agrees with Vlast" in shown.out
    assert "nothing changed" in run("-w", ws.root, "changes", "floods").out


def test_a_crash_between_saving_the_version_and_the_article_keeps_one_copy(
    ws: Workspace,
) -> None:
    from tests.conftest import add_text

    article_id = add_text(ws, "floods", "\n\n".join(ORIGINAL), "North", "en")
    article = ws.article(article_id)
    folder = versions_dir(ws, article)
    folder.mkdir(parents=True)
    # As if a refresh had saved the old text and died before rewriting the article file.
    (folder / "1.md").write_text(article.path.read_text(encoding="utf-8"), encoding="utf-8")
    store_new_text(ws, article, body="\n\n".join(CORRECTED), title=article.title,
                   significant=True, summary="test")  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["1.md"]
    assert [v.number for v in list_versions(ws, ws.article(article_id))] == [1, 2]


def test_versions_and_refresh_bad_input(ws: Workspace) -> None:
    from tests.conftest import add_text

    article_id = add_text(ws, "floods", "\n\n".join(ORIGINAL), "North", "en")
    assert "skipped" in _refresh(ws, article_id)  # a file has no URL to fetch again
    one = run("-w", ws.root, "versions", article_id, "--diff", "0")
    assert one.code == 1 and "one version only" in one.err
    for args, said in ((("refresh", "nothing"), "no article or story"),
                       (("versions", "nothing"), "no article"),
                       (("changes", "nothing"), "no story")):  # fmt: skip
        result = run("-w", ws.root, *args)
        assert result.code == 1 and said in result.err and "Traceback" not in result.err

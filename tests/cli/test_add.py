import json
import os
import time

import pytest

from tests.cli.helpers import run
from tests.http_server import serve

RU = "Президент Казахстана провёл встречу с министром энергетики. Он заявил, что поставки газа начнутся зимой."
KK = (
    "Қазақстан Президенті энергетика министрімен кездесті. Ол газ жеткізу қыста басталатынын айтты."
)
KK_LATN = (
    "Qazaqstan Prezidentı energetika ministrımen kezdestı. Ol gaz jetkızu qysta bastalatynyn aitty."
)
EN = "The president of Kazakhstan met the energy minister. He said gas supplies would start in winter."


@pytest.fixture
def wsdir(tmp_path):
    assert run("init", tmp_path / "ws").code == 0
    return tmp_path / "ws"


def add(wsdir, *args, stdin=None):
    return run("--workspace", wsdir, "add", *args, stdin=stdin)


def snapshot(wsdir):
    return {p: p.read_bytes() for p in sorted((wsdir / "stories").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1251", "koi8_r"])
def test_russian_text_in_common_encodings_comes_out_right(wsdir, tmp_path, encoding):
    source = tmp_path / f"a.{encoding}.txt"
    source.write_bytes(RU.encode(encoding))
    result = add(wsdir, source, "--story", "s", "--outlet", "tass")
    assert result.code == 0, result.err
    shown = json.loads(run("-w", wsdir, "show", "s", "--json").out)
    article = shown["articles"][0]
    assert (article["language"], article["script"], article["outlet"]) == ("ru", "Cyrl", "tass")
    body = next((wsdir / "stories" / "s").glob("*.md")).read_text(encoding="utf-8")
    assert RU in body


def test_kazakh_cyrillic_latin_and_russian_are_told_apart(wsdir, tmp_path):
    for name, text in (("ru", RU), ("kk", KK), ("kkl", KK_LATN), ("en", EN)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        assert add(wsdir, tmp_path / f"{name}.txt", "--story", "s").code == 0
    articles = json.loads(run("-w", wsdir, "show", "s", "--json").out)["articles"]
    found = sorted((a["language"], a["script"]) for a in articles)
    assert found == [("en", "Latn"), ("kk", "Cyrl"), ("kk", "Latn"), ("ru", "Cyrl")]
    assert all(a["sentences"] == 2 for a in articles)


def test_story_name_comes_from_the_title_when_not_given(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text("Gas deal signed\n\n" + EN, encoding="utf-8")
    assert add(wsdir, tmp_path / "a.txt").code == 0
    stories = json.loads(run("-w", wsdir, "stories", "--json").out)
    assert [s["slug"] for s in stories] == ["gas-deal-signed"]


def test_stdin_and_html(wsdir, tmp_path):
    assert add(wsdir, "-", "--story", "s", stdin=EN.encode()).code == 0
    page = (
        "<html><head><title>Gas deal</title><script>alert('x')</script></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Gas deal</h1>"
        f"<p>{RU}</p><p>Цена газа не раскрывается, сообщили в министерстве.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert add(wsdir, tmp_path / "page.html", "--story", "s").code == 0
    bodies = "".join(p.read_text() for p in (wsdir / "stories" / "s").glob("*.md"))
    assert "Цена газа не раскрывается" in bodies
    assert "alert(" not in bodies


def test_urls_from_a_local_server(wsdir):
    page = f"<html><body><article><p>{EN}</p><p>{EN.replace('winter', 'spring')}</p></article></body></html>"
    routes = {
        "/ok": (200, "text/html; charset=utf-8", page.encode()),
        "/pdf": (200, "application/pdf", b"%PDF-1.4"),
        "/slow": "slow",
        "/loop": "loop",
    }
    with serve(routes) as base:
        ok = add(wsdir, f"{base}/ok", "--story", "web")
        assert ok.code == 0, ok.err
        for path, message in (("/missing", "HTTP 404"), ("/pdf", "not an HTML or text page"),
                              ("/loop", "redirect")):  # fmt: skip
            result = add(wsdir, f"{base}{path}", "--story", "web")
            assert result.code == 1 and message in result.err, result.err
            assert result.err.count("\n") == 1
        from workspace.ingest import sources

        began = time.monotonic()
        with pytest.raises(Exception, match="timed out"):
            sources.fetch_url(f"{base}/slow", timeout=0.5)
        assert time.monotonic() - began < 3
    articles = json.loads(run("-w", wsdir, "show", "web", "--json").out)["articles"]
    assert articles[0]["outlet"].startswith("127.0.0.1")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\x00\x01\x02\xff" * 100, "binary"), (b"   \n\n  ", "is empty")],
)
def test_bad_files_give_one_clear_line_and_change_nothing(wsdir, tmp_path, content, message):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    before = snapshot(wsdir)
    result = add(wsdir, source, "--story", "s")
    assert result.code == 1
    assert message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert snapshot(wsdir) == before


def test_missing_file_unknown_language_and_bad_story_name(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    cases = [
        ((tmp_path / "nope.txt", "--story", "s"), "no such file"),
        ((tmp_path / "a.txt", "--story", "s", "--lang", "xx"), "unknown language"),
        ((tmp_path / "a.txt", "--story", "../../x"), "invalid story name"),
    ]
    for args, message in cases:
        result = add(wsdir, *args)
        assert result.code == 1 and message in result.err, result.err
    assert not (wsdir.parent / "x").exists()


def test_same_article_twice_is_detected_and_kept_once(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    assert add(wsdir, tmp_path / "a.txt", "--story", "s").code == 0
    before = snapshot(wsdir)
    for story in ("s", None):  # the story that holds it, or no story named: kept once
        again = add(wsdir, tmp_path / "a.txt", *(["--story", story] if story else []))
        assert again.code == 1 and "already in the workspace" in again.err
        assert "of story 's'" in again.err
    assert snapshot(wsdir) == before
    # Another story named on purpose gets a copy (docs/editions.md), and is told where it is.
    copied = add(wsdir, tmp_path / "a.txt", "--story", "other")
    assert copied.code == 0 and "copied into story 'other'" in copied.err


def test_same_title_and_outlet_never_overwrites(wsdir, tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{EN} Version {i}.", encoding="utf-8")
        assert (
            add(
                wsdir, tmp_path / f"{i}.txt", "--story", "s", "--title", "Same", "--outlet", "X"
            ).code
            == 0
        )
    files = list((wsdir / "stories" / "s").glob("*.md"))
    assert len(files) == 3
    assert (
        sorted(f"Version {i}." in "".join(p.read_text() for p in files) for i in range(3))
        == [True] * 3
    )


def test_markup_and_escapes_are_stored_as_text_and_shown_as_text(wsdir, tmp_path):
    text = "A [bold]claim[/bold] and [link=http://evil]link[/link] \x1b[31mred\x1b[0m here. Second sentence."
    (tmp_path / "m.txt").write_text(text, encoding="utf-8")
    assert add(wsdir, tmp_path / "m.txt", "--story", "s", "--title", "[red]T[/red]").code == 0
    body = next((wsdir / "stories" / "s").glob("*.md")).read_text()
    assert "[bold]claim[/bold]" in body and "\x1b" not in body
    shown = run("-w", wsdir, "show", "s")
    assert "[red]T[/red]" in shown.out


def test_a_5mb_article_is_added_within_seconds(wsdir, tmp_path):
    paragraph = (
        "Kazakhstan and Russia signed a gas deal on Tuesday. It runs for ten years. " * 40
    ) + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph))
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    began = time.monotonic()
    result = add(wsdir, tmp_path / "big.txt", "--story", "big")
    assert result.code == 0, result.err
    assert time.monotonic() - began < 60  # generous: a hang, not speed, is what this catches
    assert "sentences" in result.out


def test_workspace_discovery_by_env_and_walking_up(wsdir, tmp_path, monkeypatch):
    (wsdir / "stories" / "deep").mkdir()
    monkeypatch.chdir(wsdir / "stories" / "deep")
    assert run("stories").code == 0
    monkeypatch.chdir(tmp_path)
    outside = run("stories")
    assert outside.code == 1 and "not inside a Parallax workspace" in outside.err
    monkeypatch.setenv("PARALLAX_WORKSPACE", os.fspath(wsdir))
    assert run("stories").code == 0


def test_remove_moves_the_file_to_trash(wsdir, tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    add(wsdir, tmp_path / "a.txt", "--story", "s")
    article_id = json.loads(run("-w", wsdir, "show", "s", "--json").out)["articles"][0]["id"]
    assert run("-w", wsdir, "remove", article_id).code == 0
    assert json.loads(run("-w", wsdir, "show", "s", "--json").out)["articles"] == []
    assert list((wsdir / ".trash" / "s").glob("*.md"))

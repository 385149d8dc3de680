"""`parallax feed add/list/remove`, `watch`, `refresh`, `versions`, `changes`."""

from __future__ import annotations

import threading
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from workspace.cli.context import console, err_console, print_json, state

feed_app = typer.Typer(help="RSS and Atom feeds that `parallax watch` polls.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(feed_app, name="feed")
    app.command()(watch)
    app.command()(refresh)
    app.command()(versions)
    app.command()(changes)


@feed_app.command("add")
def feed_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed's http(s) URL (RSS or Atom).")],
    outlet: Annotated[str, typer.Option(help="The outlet's name, e.g. TASS.")] = "",
    lang: Annotated[str, typer.Option(help="ru, kk, en or auto (per article).")] = "auto",
    story: Annotated[
        str, typer.Option(help="Story for its new items (default: a story per article title).")
    ] = "",
    check: Annotated[
        bool, typer.Option(help="Fetch the feed once now to be sure it is one.")
    ] = True,
) -> None:
    """Add a feed (kept in feeds.toml)."""
    from workspace.feeds.parse import looks_like_feed, parse_feed
    from workspace.feeds.polite import Politeness
    from workspace.feeds.registry import add_feed, check_feed_url, load_feeds

    ws = state(ctx).workspace()
    url = check_feed_url(url)
    if any(f.url == url for f in load_feeds(ws)):
        from workspace import ParallaxError

        raise ParallaxError(f"{url} is already a feed of this workspace")
    items = ""
    if check:
        from workspace import ParallaxError

        response = Politeness(ws.db, delay=0).fetch(url)
        if response.status != 200:
            raise ParallaxError(f"{url}: HTTP {response.status}; not added (--no-check adds it)")
        if not looks_like_feed(response.content_type, response.body):
            raise ParallaxError(f"{url}: not a feed ({response.content_type}); not added")
        parsed = parse_feed(response.body, response.url)
        items = f", {parsed.kind} with {len(parsed.items)} items"
    feed = add_feed(ws, url, outlet=outlet, language=lang, story=story)
    console().print(
        Text(f"added feed {feed.url} ({feed.outlet}, {feed.language}{items})"), soft_wrap=True
    )


@feed_app.command("list")
def feed_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The feeds, what each answered last, and how many items were taken."""
    from workspace.feeds.registry import load_feeds

    ws = state(ctx).workspace()
    rows = []
    for feed in load_feeds(ws):
        status = ws.db.execute(
            "SELECT status, checked, items FROM feed_state WHERE url = ?", (feed.url,)
        ).fetchone()
        taken = ws.db.execute(
            "SELECT COUNT(*) FROM feed_items WHERE feed_url = ? AND state = 'added'", (feed.url,)
        ).fetchone()[0]
        rows.append({
            "url": feed.url, "outlet": feed.outlet, "language": feed.language,
            "story": feed.story, "status": status["status"] if status else "never checked",
            "items": status["items"] if status else 0, "articles": taken,
        })  # fmt: skip
    if as_json:
        print_json(rows)
        return
    if not rows:
        console().print("no feeds yet: add one with 'parallax feed add URL --outlet NAME'")
        return
    table = Table("feed", "outlet", "lang", "story", "last answer", "items", "articles")
    for r in rows:
        table.add_row(Text(r["url"]), Text(r["outlet"]), r["language"], Text(r["story"] or "-"),
                      Text(r["status"]), str(r["items"]), str(r["articles"]))  # fmt: skip
    console().print(table)


@feed_app.command("remove")
def feed_remove(
    ctx: typer.Context, url: Annotated[str, typer.Argument(help="The feed's URL.")]
) -> None:
    """Remove a feed; its articles stay."""
    from workspace.feeds.registry import remove_feed

    feed = remove_feed(state(ctx).workspace(), url)
    console().print(Text(f"removed feed {feed.url} (its articles stay)"), soft_wrap=True)


def watch(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between passes (at least 10).", min=0)
    ] = 900.0,
    delay: Annotated[
        float, typer.Option(help="Seconds between two requests to one host.", min=0)
    ] = 2.0,
    recheck_after: Annotated[
        float, typer.Option(help="Fetch an article again after this many seconds.", min=0)
    ] = 3600.0,
    recheck_days: Annotated[
        float, typer.Option(help="... while it was added less than this many days ago.", min=0)
    ] = 7.0,
    quiet: Annotated[bool, typer.Option(help="Only the summary of each pass.")] = False,
) -> None:
    """Poll the feeds: take new items, re-fetch recent articles, keep changed texts."""
    from workspace import ParallaxError
    from workspace.feeds.polite import Politeness
    from workspace.feeds.registry import load_feeds
    from workspace.feeds.watch import WatchEvent, WatchReport, watch_once
    from workspace.feeds.watch import watch as watch_loop

    ws = state(ctx).workspace()
    if not load_feeds(ws):
        raise ParallaxError("no feeds to watch: add one with 'parallax feed add URL --outlet NAME'")
    if not once and interval < 10:
        raise ParallaxError("--interval must be at least 10 seconds (or use --once)")
    out = console()

    def event(e: WatchEvent) -> None:
        if quiet or e.outcome in ("not modified", "unchanged"):
            return
        line = Text(f"{e.kind:<8}", style="dim")
        line.append(f"{e.outcome:<12}", style="bold" if e.outcome == "new version" else "")
        line.append(f" {e.subject}")
        if e.detail:
            line.append(f"  {e.detail}", style="dim")
        out.print(line, soft_wrap=True)

    def finished(report: WatchReport) -> None:
        out.print(Text(report.summary(), style="bold"), soft_wrap=True)

    politeness = Politeness(ws.db, delay=delay)
    common = {"recheck_after": recheck_after, "recheck_days": recheck_days, "on_event": event}
    if once:
        finished(watch_once(ws, politeness, **common))  # type: ignore[arg-type]
        return
    stop = threading.Event()
    try:
        watch_loop(ws, politeness, interval=interval, on_pass=finished, cancelled=stop.is_set,
                   **common)  # type: ignore[arg-type]  # fmt: skip
    except KeyboardInterrupt:
        stop.set()
        err_console().print("parallax: watch stopped")


def refresh(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(help="An article id or a story slug.")],
    delay: Annotated[
        float, typer.Option(help="Seconds between two requests to one host.", min=0)
    ] = 1.0,
) -> None:
    """Fetch articles again; keep a new version where the main text changed."""
    from workspace import ParallaxError
    from workspace.feeds.polite import Politeness
    from workspace.feeds.refresh import FAILED, NEW_VERSION, refresh_article
    from workspace.feeds.watch import diff_encoder

    ws = state(ctx).workspace()
    if ws.has_story(target):
        articles = ws.articles(target)
    else:
        try:
            articles = [ws.article(target)]
        except ParallaxError:
            raise ParallaxError(f"no article or story {target!r} in this workspace") from None
    politeness = Politeness(ws.db, delay=delay)
    encode, reference = diff_encoder(ws)
    out, failures = console(), 0
    for article in articles:
        result = refresh_article(ws, article, politeness, encode=encode, reference=reference)
        line = Text(f"{article.id}: ", style="bold")
        line.append(result.outcome, style="green" if result.outcome == NEW_VERSION else "")
        if result.version:
            line.append(f" (version {result.version})")
        if result.detail:
            line.append(f" — {result.detail}", style="dim")
        out.print(line, soft_wrap=True)
        failures += result.outcome == FAILED
    if failures and len(articles) == 1:
        raise typer.Exit(1)


def versions(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="Article id (see 'parallax show').")],
    diff: Annotated[
        int | None,
        typer.Option(help="Show what changed from version N to the next (0: the latest change)."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also show minor changes (spelling, punctuation).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List an article's versions, or show one change sentence by sentence."""
    from workspace import ParallaxError
    from workspace.feeds.versiondiff import diff_versions
    from workspace.feeds.versions import list_versions
    from workspace.feeds.watch import diff_encoder

    ws = state(ctx).workspace()
    article = ws.article(article_id)
    found = list_versions(ws, article)
    if diff is None:
        _print_versions(found, as_json)
        return
    if len(found) < 2:
        raise ParallaxError(f"{article.id} has one version only: nothing to diff")
    number = diff or found[-2].number
    older = next((v for v in found if v.number == number), None)
    if older is None or older.current:
        last = found[-2].number
        raise ParallaxError(f"--diff takes a version from 1 to {last} (the change to the next)")
    newer = found[found.index(older) + 1]
    encode, reference = diff_encoder(ws)
    result = diff_versions(
        older.body, newer.body, article.language, old_title=older.title,
        new_title=newer.title, encode=encode, reference=reference,
    )  # fmt: skip
    if as_json:
        from dataclasses import asdict

        print_json({"article": article.id, "from": older.number, "to": newer.number,
                    "significant": result.significant, "summary": result.summary(),
                    "changes": [asdict(c) for c in result.all_changes]})  # fmt: skip
        return
    _print_diff(article.id, older.number, newer.number, result, show_all)


def _print_versions(found, as_json: bool) -> None:
    if as_json:
        print_json([{"version": v.number, "title": v.title, "fetched": v.fetched,
                     "replaced": v.replaced, "current": v.current, "significant": v.significant,
                     "change_to_next": v.summary, "words": len(v.body.split())}
                    for v in found])  # fmt: skip
        return
    table = Table("version", "read", "replaced", "title", "change to the next")
    for v in found:
        change = "" if v.current else (v.summary or "-")
        table.add_row(
            f"{v.number}{' (current)' if v.current else ''}", v.fetched or "-",
            v.replaced or "-", Text(v.title),
            Text(change, style="" if v.significant else "dim"),
        )  # fmt: skip
    console().print(table)


def _print_diff(article_id: str, old: int, new: int, result, show_all: bool) -> None:
    out = console()
    out.print(
        Text(f"{article_id}: version {old} → {new}: {result.summary()}", style="bold"),
        soft_wrap=True,
    )
    hidden = 0
    for change in result.all_changes:
        if not change.significant and not show_all:
            hidden += 1
            continue
        head = Text(f"{change.kind.upper():<9}", style="bold red" if change.facts else "bold")
        head.append(change.reason, style="" if change.significant else "dim")
        out.print(head, soft_wrap=True)
        if change.old_diff:
            out.print(_spans("  - ", change.old_diff, "red"), soft_wrap=True)
        if change.new_diff:
            out.print(_spans("  + ", change.new_diff, "green"), soft_wrap=True)
    if hidden:
        out.print(
            Text(f"{hidden} minor changes hidden (--all shows them)", style="dim"), soft_wrap=True
        )


def _spans(prefix: str, spans, colour: str) -> Text:
    text = Text(prefix, style=colour)
    for i, span in enumerate(spans):
        if i:
            text.append(" ")
        text.append(span.text, style=f"bold {colour} reverse" if span.changed else "")
    return text


def changes(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story slug.")],
    peek: Annotated[bool, typer.Option(help="Do not mark the story as seen afterwards.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What changed in a story since you last looked, outlet against outlet."""
    from workspace.feeds.changes import mark_seen, story_changes
    from workspace.feeds.watch import diff_encoder

    ws = state(ctx).workspace()
    ws.story(story)
    encode, reference = diff_encoder(ws)
    found = story_changes(ws, story, encode=encode, reference=reference)
    if as_json:
        print_json({
            "story": story, "since": found.seen,
            "articles": [{
                "id": a.article_id, "outlet": a.outlet, "language": a.language,
                "versions": a.versions, "new_article": a.new_article,
                "summary": a.diff.summary() if a.diff else "",
                "significant": bool(a.diff and a.diff.significant),
                "fact_changes": [{"kind": m.fact.kind, "old": m.fact.old, "new": m.fact.new,
                                  "direction": m.direction, "with_old": list(m.with_old),
                                  "with_new": list(m.with_new)} for m in a.movements],
            } for a in found.articles],
        })  # fmt: skip
    else:
        _print_changes(found)
    if not peek:
        mark_seen(ws, story)


def _print_changes(found) -> None:
    out = console()
    since = f"since {found.seen}" if found.seen else "since the articles were added"
    if not found.articles:
        out.print(Text(f"{found.story}: nothing changed {since}"), soft_wrap=True)
        return
    out.print(
        Text(f"{found.story}: {len(found.articles)} articles changed {since}", style="bold"),
        soft_wrap=True,
    )
    for a in found.articles:
        line = Text(f"  {a.outlet} ({a.language}) ", style="cyan")
        line.append(a.article_id, style="dim")
        if a.new_article:
            line.append("  new article")
        if a.diff is not None:
            line.append(f"  {a.diff.summary()}", style="" if a.diff.significant else "dim")
            line.append(f"  [{a.versions} versions]", style="dim")
        out.print(line, soft_wrap=True)
        for m in a.movements:
            fact = Text(f"    {m.fact.description}  ")
            style = {"toward": "green", "away": "red"}.get(m.direction, "dim")
            fact.append(m.description, style=style)
            out.print(fact, soft_wrap=True)

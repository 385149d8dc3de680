"""Command definitions. Business logic lives in the library; these only wire and print."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from workspace.cli.context import (
    CliState,
    close_workspaces,
    console,
    err_console,
    print_json,
    state,
)

app = typer.Typer(
    help="Parallax: compare how outlets report one event across Russian, Kazakh and English.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace dir (else $PARALLAX_WORKSPACE, else walk up)."
        ),
    ] = None,
) -> None:
    ctx.obj = cli_state = CliState(workspace)
    ctx.call_on_close(lambda: close_workspaces(cli_state))
    if ctx.invoked_subcommand is None:
        from workspace.cli.tui import open_tui

        open_tui(state(ctx).workspace(), None)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to create it.")] = Path("."),
    local_models: Annotated[
        bool, typer.Option("--local-models", help="Keep models inside the workspace (models/).")
    ] = False,
) -> None:
    """Create a workspace (parallax.toml, stories/, parallax.db)."""
    from workspace.store.workspace import init_workspace

    ws = init_workspace(path, local_models=local_models)
    console().print(f"workspace ready at {escape(str(ws.root))}")


@app.command()
def add(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None, typer.Argument(help="Files, http(s) URLs, or - for stdin.")
    ] = None,
    story: Annotated[str | None, typer.Option(help="Story slug (default: from the title).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name, e.g. TASS.")] = None,
    outlet_from: Annotated[
        list[str] | None,
        typer.Option("--outlet-from", help="OUTLET=FILE: this file's outlet (repeatable)."),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(help="TOML file of [[article]] file/outlet/lang/title/url/published."),
    ] = None,
    lang: Annotated[str, typer.Option(help="ru, kk, en, ... or auto.")] = "auto",
    title: Annotated[str | None, typer.Option(help="Title (default: from the text).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the article was published.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date.")] = None,
    keep_clutter: Annotated[
        bool, typer.Option(help="Keep page clutter (share, ad, byline lines) in the text.")
    ] = False,
) -> None:
    """Add articles to a story. An article already in the workspace is not added twice
    (with --story naming another story, it is copied there)."""
    from workspace import ParallaxError
    from workspace.ingest.add import add_article
    from workspace.ingest.manifest import (
        check_files_exist,
        merge_requests,
        parse_outlet_from,
        read_manifest,
        with_defaults,
    )

    requests = merge_requests(
        sources or [],
        parse_outlet_from(outlet_from or []),
        read_manifest(manifest) if manifest is not None else [],
    )
    if not requests:
        raise ParallaxError("nothing to add: name files, URLs or -, --outlet-from or --manifest")
    if manifest is not None or outlet_from:
        check_files_exist(requests)
    ws = state(ctx).workspace()
    failures = 0
    for request in requests:
        r = with_defaults(request, outlet=outlet, language=lang, title=title, url=url,
                          published=published, story=story)  # fmt: skip
        try:
            result = add_article(
                ws, r.source, story=r.story, outlet=r.outlet, language=r.language or "auto",
                title=r.title, url=r.url, published=r.published, keep_clutter=keep_clutter,
                copy_to_story=True,
            )  # fmt: skip
        except ParallaxError as exc:
            if len(requests) == 1:
                raise
            err_console().print(f"parallax: error: {escape(str(exc))}")
            failures += 1
            continue
        if result.warning:
            err_console().print(f"parallax: warning: {escape(result.warning)}")
        a = result.article
        how = "detected" if result.detection else "given"
        console().print(
            f"added {escape(a.id)} to story {escape(a.story)}: {escape(a.outlet)}, "
            f"{escape(a.language)} ({escape(a.script)}, {how}), "
            f"{len(ws.sentences(a.id))} sentences"
            + (f"; {len(a.clutter)} lines of page clutter left out" if a.clutter else "")
        )
        if result.grouping is not None:
            console().print(f"  {escape(result.grouping.describe())}")
    if failures:
        raise typer.Exit(1)


@app.command()
def stories(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the stories of the workspace."""
    from workspace.store.summary import summarize_workspace

    summaries = summarize_workspace(state(ctx).workspace())
    if as_json:
        print_json([s.to_dict() for s in summaries])
        return
    table = Table("story", "title", "articles", "outlets", "languages", "sentences", "published")
    for s in summaries:
        table.add_row(
            escape(s.slug), escape(s.title), str(len(s.articles)),
            escape(_counted(s.outlets)), escape(", ".join(s.languages)),
            str(sum(a.sentences for a in s.articles)), escape(s.published or "-"),
        )  # fmt: skip
    console().print(table if summaries else "no stories yet: add articles with 'parallax add'")


def _counted(names: list[str]) -> str:
    """Each name once, in first-seen order, with how many articles have it: TASS, unknown ×3."""
    counts = Counter(names)
    return ", ".join(n if counts[n] == 1 else f"{n} ×{counts[n]}" for n in counts)


@app.command()
def show(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story slug.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Articles of a story: outlet, language, sentences, translation state."""
    from workspace.store.summary import summarize_story

    summary = summarize_story(state(ctx).workspace(), story)
    if as_json:
        print_json(summary.to_dict())
        return
    out = console()
    out.print(
        f"[bold]{escape(summary.title)}[/] ({escape(summary.slug)}),"
        f" pivot {escape(summary.pivot_language)}"
    )
    table = Table("article", "outlet", "lang", "sentences", "translated", "editions",
                  "published", "title")  # fmt: skip
    for a in summary.articles:
        translated = ", ".join(
            f"{lang} {n}/{a.sentences}" for lang, n in sorted(a.translated.items())
        )
        lang = a.language + ("-Latn" if a.language == "kk" and a.script == "Latn" else "")
        editions = ", ".join(f"{e} ({a.edition_translators.get(e, 'human')})" for e in a.editions)
        table.add_row(
            escape(a.id), escape(a.outlet), escape(lang), str(a.sentences),
            escape(translated or "-"), escape(editions or "-"), escape(a.published or "-"),
            escape(a.title),
        )  # fmt: skip
    out.print(table)
    # Addresses and dates in full, one line each (a narrow table would cut them).
    for a in summary.articles:
        where = " · ".join(x for x in (a.published, a.url) if x)
        if where:
            out.print(f"{escape(a.id)}: {escape(where)}", soft_wrap=True)


outlet_app = typer.Typer(help="Outlets: rename one everywhere.", no_args_is_help=True)
app.add_typer(outlet_app, name="outlet")


@outlet_app.command("rename")
def outlet_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The outlet's name now (see 'parallax show').")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename an outlet in the front matter of every article that has it."""
    renamed = state(ctx).workspace().rename_outlet(old, new)
    stories = sorted({a.story for a in renamed})
    console().print(
        f"renamed outlet {escape(old)} to {escape(new)}: {len(renamed)} articles"
        f" in {escape(', '.join(stories))}"
    )


edition_app = typer.Typer(
    help="Editions: an outlet's own translation of an article.", no_args_is_help=True
)
app.add_typer(edition_app, name="edition")


@edition_app.command("add")
def edition_add(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="The article (see 'parallax show').")],
    source: Annotated[str, typer.Argument(help="File, http(s) URL, or - for stdin.")],
    lang: Annotated[str, typer.Option(help="The edition's language, e.g. en.")],
    translator: Annotated[
        str, typer.Option(help="Who translated it (default: human, the outlet).")
    ] = "human",
    url: Annotated[str, typer.Option(help="Where the edition was published.")] = "",
) -> None:
    """Add an edition; its sentences are paired with the original's by content."""
    from workspace.ingest.edition import add_edition

    result = add_edition(
        state(ctx).workspace(), article_id, source, language=lang, translator=translator, url=url
    )
    if result.warning:
        err_console().print(f"parallax: warning: {escape(result.warning)}")
    e = result.edition
    console().print(
        f"added the {escape(e.language)} edition of {escape(e.article_id)}"
        f" ({escape(e.translator)}): {result.paired} of {result.sentences} sentences paired"
    )


@edition_app.command("remove")
def edition_remove(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="The article.")],
    lang: Annotated[str, typer.Argument(help="The edition's language.")],
) -> None:
    """Remove an edition (moved to .trash/ in the workspace, so it can be undone)."""
    from workspace.ingest.edition import remove_edition

    ws = state(ctx).workspace()
    moved = remove_edition(ws, article_id, lang)
    console().print(
        f"removed the {escape(lang)} edition of {escape(article_id)}"
        f" (kept as {escape(ws.relative(moved))})"
    )


@app.command()
def remove(
    ctx: typer.Context,
    article_ids: Annotated[list[str], typer.Argument(help="Article ids (see 'parallax show').")],
) -> None:
    """Remove articles (moved to .trash/ in the workspace, so it can be undone)."""
    ws = state(ctx).workspace()
    for article_id in article_ids:
        article = ws.remove_article(article_id)
        console().print(f"removed {escape(article.id)} (kept in .trash/{escape(article.story)}/)")


@app.command()
def check(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option(help="Rebuild derived data from the article files.")
    ] = False,
) -> None:
    """Verify the workspace: files parse, index matches, DB integrity, stuck jobs."""
    from workspace.store.check import check_workspace

    ws = state(ctx).workspace()
    report = check_workspace(ws, repair=repair)
    for problem in report.problems:
        err_console().print(f"problem: {escape(problem)}")
    for warning in report.warnings:
        err_console().print(f"warning: {escape(warning)}")
    for fix in report.repaired:
        console().print(f"repaired: {escape(fix)}")
    if report.problems and repair:
        after = check_workspace(ws)
        console().print(
            "workspace ok after repair" if after.ok else f"{len(after.problems)} problems remain"
        )
        if not after.ok:
            raise typer.Exit(1)
        return
    if report.problems:
        console().print(
            f"{len(report.problems)} problems; 'parallax check --repair' rebuilds derived data"
        )
        raise typer.Exit(1)
    warned = f"; {len(report.warnings)} warnings" if report.warnings else ""
    console().print(f"workspace ok: {report.files} article files checked{warned}")


@app.command()
def demo() -> None:
    """Open the demo story (created in your user data dir on first run)."""
    from workspace.cli.tui import open_tui
    from workspace.demo import demo_workspace

    ws, slug = demo_workspace()
    open_tui(ws, slug)


def _register_subcommands() -> None:
    from workspace.cli import compare, embed, facts, feeds, framing, group, models, translate, tui

    for module in (translate, models, compare, facts, framing, embed, tui, feeds, group):
        module.register(app)


_register_subcommands()

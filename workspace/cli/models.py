"""`parallax models …`: list, install, remove and route translation models."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from workspace.cli.context import console, print_json, state

models_app = typer.Typer(
    help="Translation models: list, install, remove, routes.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")


def _local_dir(ctx: typer.Context) -> Path | None:
    """The workspace's own package dir, when there is a workspace and it keeps its models."""
    from workspace import ParallaxError

    try:
        return state(ctx).workspace().packages_dir
    except ParallaxError:
        return None


def _install_dir(ctx: typer.Context) -> Path:
    from workspace.translate.packages import default_package_dir

    return _local_dir(ctx) or default_package_dir()


@models_app.command("list")
def list_models(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Installed models: languages, version, size, where."""
    from workspace.embed import encoder_status
    from workspace.translate.packages import list_installed

    models = list_installed(_local_dir(ctx))
    encoder = encoder_status()
    if as_json:
        print_json([
            {"code": m.code, "version": m.version, "family": m.family, "path": str(m.path),
             "pairs": [f"{a}-{b}" for a, b in m.pairs], "size_bytes": m.size_bytes(),
             "state": "installed", "detail": ""}
            for m in models
        ] + [{"code": encoder.name, "version": encoder.version, "family": "sentence-encoder",
              "path": "", "pairs": [], "size_bytes": 0, "state": encoder.state,
              "detail": encoder.detail}])  # fmt: skip
        return
    table = Table("model", "family", "languages", "version", "size", "where")
    for m in models:
        languages = (
            ", ".join(x.code for x in m.languages)
            if m.family == "nllb"
            else f"{m.from_code}→{m.to_code}"
        )
        table.add_row(escape(m.code), escape(m.family), escape(languages), escape(m.version),
                      f"{m.size_bytes() / 2**20:.1f} MB", escape(str(m.path)))  # fmt: skip
    out = console()
    out.print(
        table if models else "no translation models installed: see 'parallax models install --help'"
    )
    out.print(
        f"sentence encoder: {escape(encoder.name)} {escape(encoder.version)} — {encoder.state}"
        + (f" ({escape(encoder.detail)})" if encoder.detail else "")
        + ("; comparison aligns by meaning" if encoder.ready else "; comparison is lexical")
    )


@models_app.command()
def available() -> None:
    """Packages in the Argos index (needs the network)."""
    from workspace.translate.packages import available_packages

    table = Table("pair", "name", "version")
    for entry in available_packages():  # the index is outside data: every cell escaped
        table.add_row(escape(f"{entry.get('from_code')}-{entry.get('to_code')}"),
                      escape(f"{entry.get('from_name')} → {entry.get('to_name')}"),
                      escape(str(entry.get("package_version", ""))))  # fmt: skip
    console().print(table)


@models_app.command()
def install(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="FILE.argosmodel, a pair like ru-en, or kk.")],
    url: Annotated[
        str | None, typer.Option(help="For kk: archive URL or Hugging Face repo id.")
    ] = None,
    sha256: Annotated[str | None, typer.Option(help="For kk: expected SHA-256.")] = None,
) -> None:
    """Install a model from a file (offline), from the Argos index, or the Kazakh model."""
    from workspace.translate.packages import install_from_index, install_package_file

    target = _install_dir(ctx)
    if what.endswith(".argosmodel") or Path(what).is_file():
        model = install_package_file(Path(what), target)
    elif what == "kk":
        from workspace.translate.nllb import install_from_url

        config = _kazakh_config(ctx)
        source = url or config.get("kazakh_url") or os.environ.get("PARALLAX_KK_MODEL_URL")
        checksum = (
            sha256 or config.get("kazakh_sha256") or os.environ.get("PARALLAX_KK_MODEL_SHA256")
        )
        if not source:
            from workspace import ParallaxError

            raise ParallaxError(
                "no Kazakh model source configured: pass --url (archive URL or Hugging Face repo"
                " id) and --sha256, or set [models] kazakh_url/kazakh_sha256; see docs/models.md"
            )
        model = install_from_url(source, checksum or "", ["kk", "ru", "en"], target)
    else:
        model = install_from_index(what, target)
    console().print(
        f"installed {escape(model.code)} {escape(model.version)} in {escape(str(model.path))}"
    )


def _kazakh_config(ctx: typer.Context) -> dict[str, str]:
    from workspace import ParallaxError

    try:
        return dict(state(ctx).workspace().config.get("models", {}))
    except ParallaxError:
        return {}


@models_app.command()
def remove(
    ctx: typer.Context, code: Annotated[str, typer.Argument(help="Model code (see list).")]
) -> None:
    """Remove an installed model."""
    from workspace.translate.packages import remove_model

    model = remove_model(code, _local_dir(ctx))
    console().print(f"removed {escape(model.code)} from {escape(str(model.path))}")


@models_app.command()
def routes(
    ctx: typer.Context,
    languages: Annotated[str, typer.Option(help="Comma-separated languages.")] = "kk,ru,en",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How each language pair would be translated with the models installed."""
    from workspace.translate.packages import list_installed
    from workspace.translate.routes import route_table

    codes = [c.strip() for c in languages.split(",") if c.strip()]
    rows = route_table(list_installed(_local_dir(ctx)), codes)
    if as_json:
        print_json([{"source": s, "target": t, "route": r} for s, t, r in rows])
        return
    table = Table("from", "to", "route")
    for source, target, text in rows:
        table.add_row(escape(source), escape(target), escape(text))
    console().print(table)


@models_app.command("import-ct2")
def import_ct2(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Converted CTranslate2 model dir.")],
    langs: Annotated[str, typer.Option(help="Languages it serves, e.g. kk,ru,en.")] = "kk,ru,en",
    family: Annotated[str, typer.Option(help="Model family.")] = "nllb",
    code: Annotated[str, typer.Option(help="Package code (default from the dir name).")] = "",
) -> None:
    """Wrap a converted multilingual model (NLLB) as a package and install it (offline)."""
    from workspace.translate.nllb import import_ct2_dir

    model = import_ct2_dir(directory, [x.strip() for x in langs.split(",") if x.strip()],
                           _install_dir(ctx), family=family, code=code)  # fmt: skip
    pairs = ", ".join(f"{a}→{b}" for a, b in model.pairs)
    console().print(f"installed {escape(model.code)} ({escape(model.family)}: {escape(pairs)})")


@models_app.command("make-tiny")
def make_tiny(
    out: Annotated[Path, typer.Argument(help="Folder to write the package into.")] = Path("."),
    family: Annotated[str, typer.Option(help="argos (one pair) or nllb (multilingual).")] = "argos",
    source: Annotated[str, typer.Option("--from", help="Source language (argos).")] = "ru",
    target: Annotated[str, typer.Option("--to", help="Target language (argos).")] = "en",
    ct2_dir: Annotated[
        bool, typer.Option("--ct2-dir", help="A bare converted model dir (nllb).")
    ] = False,
) -> None:
    """Build a tiny random-weight model to try Parallax without downloads (output is gibberish)."""
    from workspace.translate.toymodel import build_model_dir, build_package

    path = (
        build_model_dir(out)
        if ct2_dir
        else build_package(out, from_code=source, to_code=target, family=family)
    )
    console().print(f"wrote {escape(str(path))} (random weights: its translations are gibberish)")

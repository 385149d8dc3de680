"""Metadata per file for `add`: `--outlet-from NAME=FILE` pairs and a small TOML manifest.

A manifest lists the articles of one `add`, each with its own outlet, language, title, url and
published date::

    [[article]]
    file = "tass.txt"          # relative to the manifest
    outlet = "TASS"
    lang = "ru"
    url = "https://tass.ru/..."
    published = "2024-11-12"

Every file is checked before anything is added: a manifest that names a missing file adds
none and names it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from workspace import ParallaxError
from workspace.ingest.text import clean_line

MANIFEST_KEYS = ("file", "outlet", "lang", "title", "url", "published", "story")


@dataclass(frozen=True)
class AddRequest:
    """One source to add and the metadata given for it (None: not given, use the default)."""

    source: str
    outlet: str | None = None
    language: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    story: str | None = None


def parse_outlet_from(values: list[str]) -> list[AddRequest]:
    """`NAME=FILE` pairs, split at the first '=' (an outlet name never needs one)."""
    requests = []
    for value in values:
        outlet, sep, source = value.partition("=")
        outlet, source = clean_line(outlet), source.strip()
        if not sep or not outlet or not source:
            raise ParallaxError(
                f"--outlet-from {value!r}: write it as OUTLET=FILE, e.g. TASS=tass.txt"
            )
        requests.append(AddRequest(source, outlet=outlet))
    return requests


def read_manifest(path: Path) -> list[AddRequest]:
    """The manifest's articles, file paths made absolute; one-line errors for bad manifests."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParallaxError(f"manifest {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParallaxError(f"manifest {path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParallaxError(f"manifest {path} is not valid TOML: {exc}") from None
    entries = data.get("article")
    if not isinstance(entries, list) or not entries:
        raise ParallaxError(f"manifest {path} lists no [[article]] entries")
    requests = []
    for n, entry in enumerate(entries, 1):
        where = f"manifest {path}, article {n}"
        if not isinstance(entry, dict):
            raise ParallaxError(f"{where}: not a table")
        unknown = sorted(set(entry) - set(MANIFEST_KEYS))
        if unknown:
            raise ParallaxError(
                f"{where}: unknown key {unknown[0]!r} (keys: {', '.join(MANIFEST_KEYS)})"
            )
        if any(not isinstance(v, str) for v in entry.values()):
            raise ParallaxError(f"{where}: every value must be a string")
        if not entry.get("file"):
            raise ParallaxError(f"{where}: no file")
        source = entry["file"]
        if not _is_url_or_stdin(source):
            source = str((path.parent / source).expanduser())
        requests.append(
            AddRequest(source, outlet=entry.get("outlet"), language=entry.get("lang"),
                       title=entry.get("title"), url=entry.get("url"),
                       published=entry.get("published"), story=entry.get("story"))
        )  # fmt: skip
    return requests


def merge_requests(
    sources: list[str], outlet_from: list[AddRequest], manifest: list[AddRequest]
) -> list[AddRequest]:
    """Positional sources, then `--outlet-from` files, then the manifest; a source named both
    positionally and in `--outlet-from` is added once, with that outlet."""
    outlets = {r.source: r for r in outlet_from}
    requests = [outlets.pop(source, AddRequest(source)) for source in sources]
    named = {r.source for r in requests}
    requests += [r for r in outlet_from if r.source in outlets and r.source not in named]
    return requests + manifest


def check_files_exist(requests: list[AddRequest]) -> None:
    """Refuse the whole batch, naming them, when local files are missing: add none."""
    missing = [
        r.source
        for r in requests
        if not _is_url_or_stdin(r.source) and not Path(r.source).expanduser().exists()
    ]
    if missing:
        raise ParallaxError(
            f"{len(missing)} file(s) not found: {', '.join(missing)}; nothing added"
        )


def with_defaults(request: AddRequest, **defaults: str | None) -> AddRequest:
    """`request` with every field it leaves unset taken from the command's options."""
    given = {k: v for k, v in defaults.items() if v is not None and getattr(request, k) is None}
    return replace(request, **given)


def _is_url_or_stdin(source: str) -> bool:
    return source == "-" or source.startswith(("http://", "https://"))

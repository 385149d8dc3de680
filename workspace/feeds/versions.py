"""Earlier texts of an article, kept as files: `stories/<slug>/versions/<article-id>/<n>.md`.

The article file always holds the newest text. Before it is rewritten, its whole current
content is saved as the next numbered version file (created whole or not at all, never
overwritten); only then is the article file replaced, atomically. A crash between the two
leaves the old text twice, never lost, and the next refresh does not save it a third time.
Version 1 is the text as first added; the current text is version len(files) + 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workspace import ParallaxError
from workspace.store.files import (
    atomic_create_text,
    atomic_write_text,
    parse_front_matter,
    render_front_matter,
)
from workspace.store.models import Article
from workspace.store.workspace import Workspace, content_hash

VERSIONS_DIR = "versions"
_NUMBERED = re.compile(r"^(\d{1,6})\.md$")


@dataclass(frozen=True)
class Version:
    """One text of an article. `replaced` is when a newer text took its place ('' for the
    current one); `summary` and `significant` describe the change to the next version."""

    number: int
    article_id: str
    title: str
    body: str
    url: str
    fetched: str  # when this text was read (added or re-fetched)
    replaced: str = ""
    significant: bool = True
    summary: str = ""
    path: Path | None = None
    current: bool = False


def versions_dir(ws: Workspace, article: Article) -> Path:
    return ws.story_dir(article.story) / VERSIONS_DIR / article.id


def _numbered_files(folder: Path) -> list[tuple[int, Path]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NUMBERED.match(path.name)
        if match and path.is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


def list_versions(ws: Workspace, article: Article) -> list[Version]:
    """Every text of `article`, oldest first; the last one is the article file itself."""
    out = []
    for number, path in _numbered_files(versions_dir(ws, article)):
        try:
            meta, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
        except (ParallaxError, UnicodeDecodeError):
            continue  # a damaged version file is skipped, never deleted
        out.append(Version(
            number=number, article_id=article.id, title=str(meta.get("title", "")), body=body,
            url=str(meta.get("url", "")),
            fetched=str(meta.get("fetched") or meta.get("added") or ""),
            replaced=str(meta.get("replaced", "")),
            significant=bool(meta.get("significant", True)), summary=str(meta.get("summary", "")),
            path=path,
        ))  # fmt: skip
    fetched = _current_meta(article).get("fetched") or article.added
    out.append(Version(
        number=(out[-1].number if out else 0) + 1, article_id=article.id, title=article.title,
        body=article.body, url=article.url, fetched=str(fetched or ""), path=article.path,
        current=True,
    ))  # fmt: skip
    return out


def version_count(ws: Workspace, article: Article) -> int:
    """How many texts the article has had (1 when it never changed)."""
    return len(_numbered_files(versions_dir(ws, article))) + 1


def _current_meta(article: Article) -> dict[str, object]:
    if article.path is None or not article.path.is_file():
        return {}
    meta, _ = parse_front_matter(article.path.read_text(encoding="utf-8"), article.path)
    return meta


def store_new_text(
    ws: Workspace, article: Article, *, body: str, title: str, significant: bool, summary: str
) -> int:
    """Save the article's current text as a version file, then write `body` (and `title`)
    into the article file; returns the new current version's number."""
    if article.path is None:
        raise ParallaxError(f"{article.id}: the article has no file")
    raw = article.path.read_text(encoding="utf-8")
    meta, old_body = parse_front_matter(raw, article.path)
    folder = versions_dir(ws, article)
    existing = _numbered_files(folder)
    newest_saved = existing[-1] if existing else None
    already = False
    if newest_saved is not None:
        try:
            _, saved_body = parse_front_matter(newest_saved[1].read_text(encoding="utf-8"))
            already = content_hash(saved_body) == content_hash(old_body)
        except (ParallaxError, UnicodeDecodeError):
            already = False
    now = datetime.now(UTC).isoformat()  # to the microsecond: see changes.precise_now
    if not already:
        number = (newest_saved[0] if newest_saved else 0) + 1
        version_meta = {k: v for k, v in meta.items() if k != "id"}
        version_meta.update({"of": article.id, "version": number, "replaced": now,
                             "significant": significant, "summary": summary})  # fmt: skip
        version_meta.setdefault("fetched", meta.get("added", ""))
        while True:
            try:
                atomic_create_text(
                    folder / f"{number}.md", render_front_matter(version_meta, old_body)
                )
                break
            except FileExistsError:
                number += 1  # another process saved one meanwhile: never overwrite it
        current = number + 1
    else:
        current = newest_saved[0] + 1 if newest_saved else 1
    meta.update({"title": title or meta.get("title", ""), "fetched": now, "version": current})
    atomic_write_text(article.path, render_front_matter(meta, body))
    ws.sync(article.story)
    return current

"""A workspace on disk: `parallax.toml`, `stories/<slug>/…md` article files, `parallax.db`.

Article files are the source of truth; the database is an index of them (plus derived data)
that `sync` brings up to date whenever files were added or edited by hand.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.ingest.segment import SEGMENTER_VERSION, segment
from workspace.ingest.sentence_language import detect_sentence_language
from workspace.store import db as database
from workspace.store.files import (
    atomic_create_text,
    atomic_write_text,
    parse_front_matter,
    read_toml,
    render_front_matter,
    write_toml,
)
from workspace.store.models import Article, Edition, Sentence, Story
from workspace.store.slugs import check_slug, slugify

CONFIG_FILE = "parallax.toml"
DB_FILE = "parallax.db"
ENV_VAR = "PARALLAX_WORKSPACE"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def init_workspace(path: Path, *, local_models: bool = False) -> Workspace:
    """Create a workspace at `path` (an existing one is left as it is and returned).

    With `local_models` the workspace keeps its translation models in `models/` and uses
    only those, so it can be moved to another machine and translate the same way.
    """
    path = path.expanduser().resolve()
    if (path / CONFIG_FILE).exists():
        return Workspace(path)
    if path.exists() and not path.is_dir():
        raise ParallaxError(f"{path} exists and is not a directory")
    path.mkdir(parents=True, exist_ok=True)
    (path / "stories").mkdir(exist_ok=True)
    write_toml(
        path / CONFIG_FILE,
        {
            "parallax": {"version": 1, "pivot_language": "en"},
            "models": {"local_packages": local_models},
        },
    )
    ws = Workspace(path)
    ws.db  # noqa: B018 - create the schema now, so the workspace is complete on disk
    return ws


def find_workspace(explicit: Path | None = None, cwd: Path | None = None) -> Workspace:
    """Find the workspace like git finds a repo: flag, then $PARALLAX_WORKSPACE, then walk up."""
    if explicit is not None:
        return _open_at(explicit.expanduser(), "--workspace")
    env = os.environ.get(ENV_VAR)
    if env:
        return _open_at(Path(env).expanduser(), ENV_VAR)
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONFIG_FILE).is_file():
            return Workspace(candidate)
    raise ParallaxError(
        "not inside a Parallax workspace: run 'parallax init PATH', or pass --workspace PATH"
    )


def _open_at(path: Path, how: str) -> Workspace:
    if not (path / CONFIG_FILE).is_file():
        raise ParallaxError(f"{path} ({how}) is not a Parallax workspace: no {CONFIG_FILE}")
    return Workspace(path.resolve())


class Workspace:
    """One workspace directory. Cheap to create; the DB connection opens on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config: dict[str, Any] = read_toml(root / CONFIG_FILE)
        self._db: sqlite3.Connection | None = None

    # -- paths and the database ---------------------------------------------------------------

    @property
    def stories_dir(self) -> Path:
        return self.root / "stories"

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    @property
    def packages_dir(self) -> Path | None:
        """Workspace-local Argos package dir when `[models] local_packages = true`."""
        if self.config.get("models", {}).get("local_packages"):
            return self.root / "models"
        return None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = database.connect(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stories ------------------------------------------------------------------------------

    def story_dir(self, slug: str) -> Path:
        return self.stories_dir / check_slug(slug)

    def stories(self) -> list[Story]:
        if not self.stories_dir.is_dir():
            return []
        found = []
        for path in sorted(self.stories_dir.iterdir()):
            if (path / "story.toml").is_file():
                found.append(self._read_story(path))
        return found

    def story(self, slug: str) -> Story:
        path = self.story_dir(slug)
        if not (path / "story.toml").is_file():
            known = ", ".join(s.slug for s in self.stories()) or "none yet"
            raise ParallaxError(f"no story {slug!r} in this workspace (stories: {known})")
        return self._read_story(path)

    def has_story(self, slug: str) -> bool:
        return (self.story_dir(slug) / "story.toml").is_file()

    def create_story(
        self, slug: str, title: str = "", date: str = "", notes: str = "", pivot: str = ""
    ) -> Story:
        path = self.story_dir(slug)
        if (path / "story.toml").is_file():
            return self._read_story(path)
        pivot = pivot or self.config.get("parallax", {}).get("pivot_language", "en")
        story = Story(slug, title or slug, date, notes, pivot)
        write_toml(
            path / "story.toml",
            {"title": story.title, "date": date, "notes": notes, "pivot_language": pivot},
        )
        return story

    def _read_story(self, path: Path) -> Story:
        data = read_toml(path / "story.toml")
        return Story(
            slug=path.name,
            title=str(data.get("title", path.name)),
            date=str(data.get("date", "")),
            notes=str(data.get("notes", "")),
            pivot_language=str(data.get("pivot_language", "en")),
        )

    # -- articles -----------------------------------------------------------------------------

    def article_paths(self, slug: str) -> list[Path]:
        path = self.story_dir(slug)
        return sorted(p for p in path.glob("*.md") if not p.name.startswith("."))

    def articles(self, slug: str) -> list[Article]:
        """Every article of a story, read from its file, with its editions."""
        return [self.read_article(path, slug) for path in self.article_paths(slug)]

    def read_article(self, path: Path, slug: str) -> Article:
        meta, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
        article_id = str(meta.get("id") or path.stem)
        editions = tuple(self._editions(slug, article_id))
        return Article(
            id=article_id,
            story=slug,
            outlet=str(meta.get("outlet", "unknown")),
            language=str(meta.get("language", "und")),
            script=str(meta.get("script", "")),
            title=str(meta.get("title", "")),
            body=body,
            url=str(meta.get("url", "")),
            published=str(meta.get("published", "")),
            added=str(meta.get("added", "")),
            content_hash=content_hash(body),
            path=path,
            editions=editions,
            place=str(meta.get("place", "")),
            clutter=tuple(str(line) for line in _as_list(meta.get("clutter"))),
        )

    def article(self, article_id: str) -> Article:
        row = self.db.execute(
            "SELECT story, path FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            self.sync()
            row = self.db.execute(
                "SELECT story, path FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        if row is None:
            raise ParallaxError(f"no article {article_id!r} in this workspace")
        return self.read_article(self.root / row["path"], row["story"])

    def _editions(self, slug: str, article_id: str) -> Iterator[Edition]:
        folder = self.story_dir(slug) / "editions"
        for path in sorted(folder.glob(f"{article_id}.*.md")):
            meta, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
            yield Edition(
                article_id=article_id,
                language=str(meta.get("language", path.stem.rsplit(".", 1)[-1])),
                body=body,
                translator=str(meta.get("translator", "human")),
                url=str(meta.get("url", "")),
                path=path,
            )

    def find_duplicate(self, body: str) -> str | None:
        """The id of an article whose text is identical to `body`, if any."""
        self.sync()
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash(body),)
        ).fetchone()
        return row["id"] if row else None

    def save_new_article(self, article: Article) -> Article:
        """Write a new article file; never overwrites: a taken id gets a numeric suffix."""
        folder = self.story_dir(article.story)
        folder.mkdir(parents=True, exist_ok=True)
        base = slugify(article.id, max_length=60)
        article_id, n = base, 2
        taken_ids = {row[0] for row in self.db.execute("SELECT id FROM articles")}
        added = article.added or now_iso()
        meta = {
            "outlet": article.outlet,
            "language": article.language,
            "script": article.script,
            "title": article.title,
            "url": article.url,
            "published": article.published,
            "added": added,
            "place": article.place or None,
            "clutter": list(article.clutter) or None,
        }
        while True:
            if article_id not in taken_ids:
                path = folder / f"{article_id}.md"
                try:
                    # Created whole or not at all: a concurrent `add` choosing the same id gets
                    # FileExistsError and moves on to the next suffix; readers never see half.
                    atomic_create_text(
                        path, render_front_matter({"id": article_id, **meta}, article.body)
                    )
                    break
                except FileExistsError:
                    pass
            article_id, n = f"{base}-{n}", n + 1
        saved = replace(article, id=article_id, path=path, added=added)
        self.sync(article.story)
        return saved

    def save_edition(self, edition: Edition, slug: str) -> Path:
        path = self.story_dir(slug) / "editions" / f"{edition.article_id}.{edition.language}.md"
        meta = {"of": edition.article_id, "language": edition.language,
                "translator": edition.translator, "url": edition.url}  # fmt: skip
        atomic_write_text(path, render_front_matter(meta, edition.body))
        return path

    def remove_article(self, article_id: str) -> Article:
        article = self.article(article_id)
        assert article.path is not None
        trash = self.root / ".trash" / article.story
        trash.mkdir(parents=True, exist_ok=True)
        # Moved, not deleted: a removal can be undone by moving the file back.
        os.replace(article.path, trash / article.path.name)
        for edition in article.editions:
            if edition.path is not None:
                os.replace(edition.path, trash / edition.path.name)
        with database.transaction(self.db):
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return article

    # -- the index ----------------------------------------------------------------------------

    def sync(self, slug: str | None = None) -> int:
        """Bring the article index and segments up to date with the files; return #re-indexed."""
        slugs = [slug] if slug else [s.slug for s in self.stories()]
        changed = 0
        for story_slug in slugs:
            changed += self._sync_story(story_slug)
        return changed

    def _sync_story(self, slug: str) -> int:
        indexed = {
            row["id"]: row
            for row in self.db.execute(
                "SELECT id, path, mtime_ns, size, content_hash, segmenter FROM articles"
                " WHERE story = ?",
                (slug,),
            )
        }
        by_path = {row["path"]: row for row in indexed.values()}
        seen: set[str] = set()
        changed = 0
        for path in self.article_paths(slug):
            stat = path.stat()
            rel = str(path.relative_to(self.root))
            match = by_path.get(rel)
            if (
                match
                and match["mtime_ns"] == stat.st_mtime_ns
                and match["size"] == stat.st_size
                and match["segmenter"] == SEGMENTER_VERSION
            ):
                seen.add(match["id"])
                continue
            try:
                article = self.read_article(path, slug)
            except ParallaxError:
                continue  # a broken file is reported by `parallax check`, never deleted
            seen.add(article.id)
            old = indexed.get(article.id)
            if (
                old is not None
                and old["content_hash"] == article.content_hash
                and old["segmenter"] == SEGMENTER_VERSION
            ):
                database.retry_locked(partial(self._touch, article, stat, rel))
                continue
            database.retry_locked(partial(self._index, article, stat, rel))
            changed += 1
        gone = set(indexed) - seen
        if gone:
            with database.transaction(self.db):
                self.db.executemany("DELETE FROM articles WHERE id = ?", [(g,) for g in gone])
        return changed

    def _touch(self, article: Article, stat: os.stat_result, rel: str) -> None:
        with database.transaction(self.db):
            self.db.execute(
                "UPDATE articles SET path = ?, mtime_ns = ?, size = ? WHERE id = ?",
                (rel, stat.st_mtime_ns, stat.st_size, article.id),
            )

    def _index(self, article: Article, stat: os.stat_result, rel: str) -> None:
        sentences = segment_article(article)
        with database.transaction(self.db):
            self.db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self.db.execute(
                "INSERT INTO articles (id, story, path, content_hash, language, script, outlet,"
                " title, mtime_ns, size, segmenter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.story, rel, article.content_hash, article.language,
                 article.script, article.outlet, article.title, stat.st_mtime_ns, stat.st_size,
                 SEGMENTER_VERSION),
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO segments (article_id, sentence_id, paragraph, position, text,"
                " text_hash, language) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(s.article_id, s.sentence_id, s.paragraph, s.position, s.text, s.text_hash,
                  _other_language(s.text, article.language)) for s in sentences],
            )  # fmt: skip

    def resegment_outdated(self) -> int:
        """Re-index unchanged articles segmented by an older segmenter; return how many.

        Sentence ids depend on the segmenter, so after an upgrade every article is segmented
        again, once (sync does the same for the stories it visits).
        """
        rows = self.db.execute(
            "SELECT story, path, content_hash FROM articles WHERE segmenter != ?",
            (SEGMENTER_VERSION,),
        ).fetchall()
        done = 0
        for row in rows:
            path = self.root / row["path"]
            try:
                article, stat = self.read_article(path, row["story"]), path.stat()
            except (ParallaxError, OSError, UnicodeDecodeError):
                continue  # `check` reports the file
            if article.content_hash == row["content_hash"]:
                database.retry_locked(partial(self._index, article, stat, row["path"]))
                done += 1
        return done

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.db.execute(
            "SELECT article_id, sentence_id, paragraph, position, text, text_hash,"
            " coalesce(language, '') FROM segments WHERE article_id = ?"
            " ORDER BY paragraph, position",
            (article_id,),
        ).fetchall()
        return [Sentence(*row) for row in rows]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _other_language(text: str, article_language: str) -> str | None:
    """The sentence's language when it is not the article's (stored only then)."""
    found = detect_sentence_language(text, article_language)
    return found if found != article_language else None


def segment_article(article: Article) -> list[Sentence]:
    """Sentences with ids derived from the article's content hash and position."""
    sentences = []
    prefix = article.content_hash[:8]
    for paragraph in segment(article.body, article.language):
        for position, text in enumerate(paragraph.sentences):
            sentences.append(
                Sentence(
                    article_id=article.id,
                    sentence_id=f"{prefix}-{paragraph.index}.{position}",
                    paragraph=paragraph.index,
                    position=position,
                    text=text,
                    text_hash=text_hash(text),
                )
            )
    return sentences

"""A workspace on disk: `parallax.toml`, `stories/<slug>/…md` article files, `parallax.db`.

Article files are the source of truth; the database is an index of them (plus derived data)
that `sync` brings up to date whenever files were added or edited by hand. Files are read as
untrusted input: one that cannot be read (binary, not UTF-8, broken front matter) is skipped
and remembered in `skipped` for the caller to report, and every string read from a file is
cleaned of control characters. Writers take the workspace lock and never write through a
story folder that leads outside the workspace.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.ingest.segment import SEGMENTER_VERSION, segment
from workspace.ingest.sentence_language import detect_sentence_language
from workspace.ingest.text import clean_line, clean_text
from workspace.store import db as database
from workspace.store.files import (
    atomic_create_text,
    atomic_write_text,
    parse_front_matter,
    read_local_file,
    read_toml,
    render_front_matter,
    write_toml,
)
from workspace.store.locks import exclusive_lock
from workspace.store.models import Article, Edition, Sentence, Story
from workspace.store.slugs import SLUG_PATTERN, check_slug, slugify

CONFIG_FILE = "parallax.toml"
DB_FILE = "parallax.db"
LOCK_FILE = ".parallax.lock"
ENV_VAR = "PARALLAX_WORKSPACE"
MAX_ARTICLE_FILE_BYTES = 64 * 1024 * 1024  # `add` stores at most 20 MB of text
WRITE_LOCK_WAIT_SECONDS = 120.0
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


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
        self.skipped: dict[Path, str] = {}  # files that could not be read -> why

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
    def read_only(self) -> bool:
        """True when this process may not write the workspace (its folder or database)."""
        return not (os.access(self.root, os.W_OK) and database.writable(self.db_path))

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            if self.read_only:
                self._db = database.connect_read_only(self.db_path)
            else:
                self._db = database.connect(self.db_path)
        return self._db

    def ensure_writable(self, action: str) -> None:
        """Refuse, in one line, an `action` that would write to a read-only workspace."""
        if self.read_only:
            raise ParallaxError(f"the workspace {self.root} is read-only: cannot {action}")

    @contextmanager
    def writing(self, action: str) -> Iterator[None]:
        """Hold the workspace's write lock (one adder or remover at a time) for `action`."""
        self.ensure_writable(action)
        with exclusive_lock(
            self.root / LOCK_FILE,
            f"another Parallax process kept the workspace busy; could not {action}",
            wait_seconds=WRITE_LOCK_WAIT_SECONDS,
        ):
            yield

    def skip(self, path: Path, reason: str) -> None:
        """Remember a file that could not be read, so that every command can report it."""
        self.skipped[path] = reason

    def relative(self, path: Path) -> str:
        """`path` as shown in messages: relative to the workspace when it is inside."""
        text, root = str(path), str(self.root)
        return text[len(root) + 1 :] if text.startswith(root + os.sep) else text

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

    def writable_story_dir(self, slug: str) -> Path:
        """The story's folder, refused when it (or `stories/`) leads outside the workspace."""
        folder = self.story_dir(slug)
        if not folder.resolve().is_relative_to(self.root.resolve()):
            raise ParallaxError(
                f"{self.relative(folder)} leads outside the workspace (a symlink?);"
                " refusing to write through it"
            )
        return folder

    def stories(self) -> list[Story]:
        """Every readable story; a bad folder name or story.toml is skipped and remembered."""
        if not self.stories_dir.is_dir():
            return []
        found = []
        for path in sorted(self.stories_dir.iterdir()):
            if path.name.startswith(".") or not (path / "story.toml").is_file():
                continue
            if not SLUG_PATTERN.match(path.name):
                self.skip(path, "not a valid story folder name (lower-case letters, digits, '-')")
                continue
            try:
                found.append(self._read_story(path))
            except ParallaxError as exc:
                self.skip(path / "story.toml", str(exc))
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
        path = self.writable_story_dir(slug)
        if (path / "story.toml").is_file():
            return self._read_story(path)
        pivot = _language(pivot or self.config.get("parallax", {}).get("pivot_language"), "en")
        story = Story(slug, clean_line(title) or slug, clean_line(date), clean_text(notes), pivot)
        write_toml(
            path / "story.toml",
            {"title": story.title, "date": story.date, "notes": story.notes,
             "pivot_language": pivot},
        )  # fmt: skip
        return story

    def _read_story(self, path: Path) -> Story:
        data = read_toml(path / "story.toml")
        return Story(
            slug=path.name,
            title=clean_line(str(data.get("title") or "")) or path.name,
            date=clean_line(str(data.get("date", ""))),
            notes=clean_text(str(data.get("notes", ""))),
            pivot_language=_language(data.get("pivot_language"), "en"),
        )

    # -- articles -----------------------------------------------------------------------------

    def article_paths(self, slug: str) -> list[Path]:
        path = self.story_dir(slug)
        return sorted(p for p in path.glob("*.md") if not p.name.startswith("."))

    def articles(self, slug: str) -> list[Article]:
        """Every readable article of a story with its editions; unreadable files are skipped
        and remembered in `skipped`."""
        found = []
        for path in self.article_paths(slug):
            try:
                found.append(self.read_article(path, slug))
            except ParallaxError as exc:
                self.skip(path, str(exc))
        return found

    def read_text_file(self, path: Path) -> str:
        """A hand-editable file's text: a regular UTF-8 file of bounded size, else one line."""
        label = self.relative(path)
        data = read_local_file(path, label, MAX_ARTICLE_FILE_BYTES)
        if b"\x00" in data:
            raise ParallaxError(f"{label}: a binary file, not an article")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ParallaxError(f"{label}: not UTF-8 text") from None

    def read_article(self, path: Path, slug: str) -> Article:
        """An article from its file; every field is cleaned, as when it was added."""
        meta, body = parse_front_matter(self.read_text_file(path), self.relative(path))
        body = clean_text(body)
        article_id = _article_id(meta.get("id"), path)
        editions = tuple(self._editions(slug, article_id))
        return Article(
            id=article_id,
            story=slug,
            outlet=_field(meta, "outlet") or "unknown",
            language=_language(meta.get("language"), "und"),
            script=_field(meta, "script"),
            title=_field(meta, "title"),
            body=body,
            url=_field(meta, "url"),
            published=_field(meta, "published"),
            added=_field(meta, "added"),
            content_hash=content_hash(body),
            path=path,
            editions=editions,
            place=_field(meta, "place"),
            clutter=tuple(clean_line(str(line)) for line in _as_list(meta.get("clutter"))),
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
        if not folder.is_dir():
            return  # most stories have none: skip compiling a glob per article
        for path in sorted(folder.glob(f"{article_id}.*.md")):
            try:
                meta, body = parse_front_matter(self.read_text_file(path), self.relative(path))
            except ParallaxError as exc:
                self.skip(path, str(exc))
                continue
            yield Edition(
                article_id=article_id,
                language=_language(meta.get("language") or path.stem.rsplit(".", 1)[-1], "und"),
                body=clean_text(body),
                translator=_field(meta, "translator") or "human",
                url=_field(meta, "url"),
                path=path,
            )

    def find_duplicate(self, body: str, story: str | None = None) -> tuple[str, str] | None:
        """(id, story) of an article whose text is identical to `body` (in `story` when
        given), if any."""
        self.sync()
        query = "SELECT id, story FROM articles WHERE content_hash = ?"
        args: tuple[str, ...] = (content_hash(body),)
        if story is not None:
            query, args = query + " AND story = ?", (*args, story)
        row = self.db.execute(query + " ORDER BY story, id", args).fetchone()
        return (row["id"], row["story"]) if row else None

    def save_new_article(self, article: Article) -> Article:
        """Write a new article file; never overwrites: a taken id gets a numeric suffix.

        Callers adding several at once hold `writing` around the duplicate check and this."""
        folder = self.writable_story_dir(article.story)
        folder.mkdir(parents=True, exist_ok=True)
        base = slugify(article.id, max_length=60)
        article_id, n = base, 2
        taken_ids = {row[0] for row in self.db.execute("SELECT id FROM articles")}
        added = article.added or now_iso()
        meta = {
            "outlet": clean_line(article.outlet),
            "language": article.language,
            "script": clean_line(article.script),
            "title": clean_line(article.title),
            "url": clean_line(article.url),
            "published": clean_line(article.published),
            "added": added,
            "place": clean_line(article.place) or None,
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
        saved = replace(article, id=article_id, path=path, added=added,
                        outlet=str(meta["outlet"]), title=str(meta["title"]),
                        url=str(meta["url"]), published=str(meta["published"]))  # fmt: skip
        self.sync(article.story)
        return saved

    def save_edition(self, edition: Edition, slug: str) -> Path:
        """Write a new edition file next to its article's story; never overwrites one."""
        self.ensure_writable("save an edition")
        folder = self.writable_story_dir(slug) / "editions"
        path = folder / f"{edition.article_id}.{edition.language}.md"
        meta = {"of": edition.article_id, "language": edition.language,
                "translator": clean_line(edition.translator), "url": clean_line(edition.url)}  # fmt: skip
        try:  # never over an edition already there (the user's file)
            atomic_create_text(path, render_front_matter(meta, clean_text(edition.body)))
        except FileExistsError:
            raise ParallaxError(
                f"{self.relative(path)} already exists; remove that edition first"
            ) from None
        return path

    def rename_outlet(self, old: str, new: str) -> list[Article]:
        """Give every article of outlet `old` the outlet `new`, in its file's front matter
        (the text is kept byte for byte); return the renamed articles."""
        old, new = clean_line(old), clean_line(new)
        if not new:
            raise ParallaxError("the new outlet name is empty")
        renamed = []
        with self.writing("rename an outlet"):
            articles = [a for story in self.stories() for a in self.articles(story.slug)]
            for article in articles:
                if article.outlet != old or article.path is None:
                    continue
                text = self.read_text_file(article.path)
                meta, body = parse_front_matter(text, self.relative(article.path))
                meta["outlet"] = new
                atomic_write_text(article.path, render_front_matter(meta, body))
                renamed.append(replace(article, outlet=new))
            if not renamed:
                known = sorted({a.outlet for a in articles})
                raise ParallaxError(
                    f"no article has the outlet {old!r} (outlets: {', '.join(known) or 'none'})"
                )
            for slug in sorted({a.story for a in renamed}):
                self.sync(slug)
        return renamed

    def remove_edition_file(self, slug: str, path: Path) -> Path:
        """Move an edition file of story `slug` to `.trash/<slug>/`; return its new path."""
        with self.writing("remove an edition"):
            self.writable_story_dir(slug)
            trash = self.root / ".trash" / slug
            trash.mkdir(parents=True, exist_ok=True)
            return _move_to_trash(path, trash, datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ"))

    def remove_article(self, article_id: str) -> Article:
        """Move an article (and its editions) to `.trash/<story>/`; every removed version is
        kept under its own name (id + time, then a counter), never over an earlier one."""
        with self.writing("remove articles"):
            article = self.article(article_id)
            assert article.path is not None
            self.writable_story_dir(article.story)
            trash = self.root / ".trash" / article.story
            trash.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            # Moved, not deleted: a removal can be undone by moving the file back.
            _move_to_trash(article.path, trash, stamp)
            for edition in article.editions:
                if edition.path is not None:
                    _move_to_trash(edition.path, trash, stamp)
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
                "SELECT id, path, mtime_ns, size, content_hash, segmenter, language FROM articles"
                " WHERE story = ?",
                (slug,),
            )
        }
        by_path = {row["path"]: row for row in indexed.values()}
        seen: set[str] = set()
        changed = 0
        for path in self.article_paths(slug):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile
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
            except ParallaxError as exc:
                self.skip(path, str(exc))  # reported by every command, never deleted
                continue
            seen.add(article.id)
            old = indexed.get(article.id)
            if (
                old is not None
                and old["content_hash"] == article.content_hash
                and old["segmenter"] == SEGMENTER_VERSION
                and old["language"] == article.language
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
        """Same text, new file stamp: the front matter may have been edited by hand, so the
        index takes its outlet, title and script again (the segments stay)."""
        with database.transaction(self.db):
            self.db.execute(
                "UPDATE articles SET path = ?, mtime_ns = ?, size = ?, outlet = ?, title = ?,"
                " script = ? WHERE id = ?",
                (rel, stat.st_mtime_ns, stat.st_size, article.outlet, article.title,
                 article.script, article.id),
            )  # fmt: skip

    def _index(self, article: Article, stat: os.stat_result, rel: str) -> None:
        sentences = segment_article(article)
        with database.transaction(self.db):
            self.db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self._insert(article, stat, rel, sentences)

    def _insert(
        self, article: Article, stat: os.stat_result, rel: str, sentences: list[Sentence]
    ) -> None:
        """Index one article and its sentences (inside the caller's transaction)."""
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

    def rebuild_index(self) -> int:
        """Re-read every article file, then replace the whole index in one transaction: a
        crash or a bad file midway leaves the old index, never an empty one."""
        entries = []
        ids: set[str] = set()
        for story in self.stories():
            for path in self.article_paths(story.slug):
                try:
                    article = self.read_article(path, story.slug)
                    stat = path.stat()
                except ParallaxError as exc:
                    self.skip(path, str(exc))
                    continue
                except OSError:
                    continue
                if article.id in ids:
                    continue  # `check` reports the id used twice
                ids.add(article.id)
                entries.append((article, stat, str(path.relative_to(self.root))))
        sentences = {article.id: segment_article(article) for article, _, _ in entries}
        with database.transaction(self.db):
            self.db.execute("DELETE FROM segments")
            self.db.execute("DELETE FROM articles")
            for article, stat, rel in entries:
                self._insert(article, stat, rel, sentences[article.id])
        return len(entries)

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


def _field(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    return "" if value is None else clean_line(str(value))


def _language(value: object, default: str) -> str:
    text = clean_line(str(value or "")).lower()
    return text if _LANGUAGE.match(text) else default


def _article_id(value: object, path: Path) -> str:
    """The front matter's id, else the file name; made a safe name if it is not one."""
    raw = clean_line(str(value or "")) or clean_line(path.stem)
    return raw if _ARTICLE_ID.match(raw) else slugify(raw, max_length=60)


def _move_to_trash(path: Path, trash: Path, stamp: str) -> Path:
    """Move `path` into `trash` under a name no earlier removal used (never overwrites)."""
    stem, suffix = path.name.removesuffix(".md"), ".md"
    for n in range(1, 10_000):
        target = trash / f"{stem}.{stamp}{'' if n == 1 else f'-{n}'}{suffix}"
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: create exclusively, then copy
            try:
                with open(target, "xb") as out, open(path, "rb") as source:
                    shutil.copyfileobj(source, out)
            except FileExistsError:
                continue
        path.unlink()
        return target
    raise ParallaxError(f"cannot find a free name for {path.name} in {trash}")


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

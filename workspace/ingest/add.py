"""Turn files, pages and stdin into articles of a story: decode, extract, detect, segment."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from workspace import ParallaxError
from workspace.ingest.html import extract_html
from workspace.ingest.language import LANGUAGE_NAMES, Detection, detect_language, detect_script
from workspace.ingest.sources import read_source
from workspace.ingest.text import clean_line, clean_text
from workspace.store.files import parse_front_matter
from workspace.store.models import Article
from workspace.store.slugs import check_slug, slugify
from workspace.store.workspace import Workspace

SUPPORTED_LANGUAGES = tuple(LANGUAGE_NAMES)


@dataclass(frozen=True)
class AddResult:
    article: Article
    detection: Detection | None  # None when the user named the language
    story_created: bool
    warning: str = ""


def add_article(
    ws: Workspace,
    source: str,
    *,
    story: str | None = None,
    outlet: str | None = None,
    language: str = "auto",
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> AddResult:
    """Read `source` (path, URL or '-') and store it as a new article; never overwrites."""
    language = language.lower()
    if language != "auto" and language not in SUPPORTED_LANGUAGES:
        raise ParallaxError(
            f"unknown language {language!r}: use auto or one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    if story is not None:
        check_slug(story)
        ws.writable_story_dir(story)
    ws.ensure_writable("add articles")
    raw = read_source(source)
    meta: dict[str, object] = {}
    text = raw.text
    site = ""
    if raw.is_html:
        extracted = extract_html(text, raw.url)
        text = extracted.text
        meta = {"title": extracted.title, "published": extracted.published,
                "url": extracted.url}  # fmt: skip
        site = extracted.site
    elif text.lstrip("\ufeff").startswith("+++"):
        meta, text = parse_front_matter(text, raw.origin)
    text = clean_text(text)
    if not text:
        raise ParallaxError(f"{raw.origin} has no text")
    title = clean_line(title or str(meta.get("title") or "")) or _headline(text)
    detection = None
    warning = ""
    if language == "auto":
        detection = detect_language(text)
        language = detection.language
        script = detection.script
        if language not in SUPPORTED_LANGUAGES:
            raise ParallaxError(
                f"{raw.origin}: detected language {language!r} is not supported;"
                " pass --lang if the detection is wrong"
            )
    else:
        script = detect_script(text)
        guess = detect_language(text)
        if guess.language != language and guess.confidence > 0.8:
            warning = (
                f"{raw.origin}: stored as {language} as asked, but the text looks like "
                f"{LANGUAGE_NAMES.get(guess.language, guess.language)}"
            )
    # Every stored one-line field is cleaned here, at the boundary, whatever its source
    # (--outlet, front matter, the page's metadata, the URL).
    outlet = (
        clean_line(outlet or str(meta.get("outlet") or "") or site or _host(url or raw.url))
        or "unknown"
    )
    slug = story or slugify(title)
    article = Article(
        id=f"{slugify(outlet, max_length=24)}-{language}-{slugify(title, max_length=30)}",
        story=slug,
        outlet=outlet,
        language=language,
        script=script,
        title=title,
        body=text,
        url=clean_line(url or str(meta.get("url") or "") or raw.url),
        published=clean_line(published or str(meta.get("published") or "")),
    )
    # The duplicate check and the file creation happen under the workspace lock: two `add`
    # runs of the same file at once store it once.
    with ws.writing("add articles"):
        duplicate = ws.find_duplicate(text)
        if duplicate is not None:
            raise ParallaxError(
                f"{raw.origin} is already in the workspace as article {duplicate!r}"
            )
        created = not ws.has_story(slug)
        ws.create_story(slug, title=title if created else "")
        saved = ws.save_new_article(article)
    return AddResult(saved, detection, created, warning)


def _headline(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if len(first) <= 200 else first[:197].rstrip() + "…"


def _host(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")

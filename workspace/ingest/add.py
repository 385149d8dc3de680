"""Turn files, pages and stdin into articles of a story: decode, extract, clean, detect, segment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from workspace import ParallaxError
from workspace.ingest.clutter import CleanedText, remove_clutter
from workspace.ingest.html import extract_html
from workspace.ingest.language import LANGUAGE_NAMES, Detection, detect_language, detect_script
from workspace.ingest.sources import read_source
from workspace.ingest.text import clean_line, clean_text
from workspace.ingest.title import MAX_HEADLINE, clean_page_title, default_title
from workspace.store.files import parse_front_matter
from workspace.store.models import Article
from workspace.store.slugs import check_slug, slugify
from workspace.store.workspace import Workspace

if TYPE_CHECKING:
    from workspace.group.assign import Assignment
    from workspace.group.profile import ArticleProfile

SUPPORTED_LANGUAGES = tuple(LANGUAGE_NAMES)


@dataclass(frozen=True)
class AddResult:
    article: Article
    detection: Detection | None  # None when the user named the language
    story_created: bool
    warning: str = ""
    grouping: Assignment | None = None  # where grouping put it, when no story was given


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
    keep_clutter: bool = False,
    copy_to_story: bool = False,
) -> AddResult:
    """Read `source` (path, URL or '-') and store it as a new article; never overwrites.

    Page clutter (navigation, share and ad lines, bylines, credits, timestamps, related links)
    is dropped unless `keep_clutter`; the dropped lines are kept in the article's front matter.
    A text already in another story is copied into `story` when `copy_to_story` (and named
    in the warning); otherwise, and always within one story, it is refused.
    """
    given_outlet, given_title = bool(outlet), bool(title)
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
    page_title = clean_page_title(clean_text(str(meta.get("title") or "")), site)
    cleaned = CleanedText(text, ())
    if not keep_clutter:
        cleaned = remove_clutter(text, title=clean_text(title or "") or page_title,
                                 outlet=outlet or "")  # fmt: skip
        if not cleaned.text:
            raise ParallaxError(_only_clutter_message(raw.origin, cleaned))
        text = cleaned.text
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
    title = clean_line(title or "") or clean_line(page_title) or _headline(cleaned, text, language)
    agency = cleaned.dateline.agency if cleaned.dateline else ""
    # Every stored one-line field is cleaned here, at the boundary, whatever its source
    # (--outlet, front matter, the page's metadata, the dateline, the URL).
    outlet = (
        clean_line(
            outlet or str(meta.get("outlet") or "") or site or agency or _host(url or raw.url)
        )
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
        published=clean_line(published or str(meta.get("published") or "") or cleaned.published),
        place=cleaned.dateline.place if cleaned.dateline else "",
        clutter=tuple(cleaned.dropped),
    )
    # Without --story, grouping reads the article's lead (encoded now, outside the lock).
    profile = _group_profile(ws, article) if story is None else None
    assignment = None
    # The duplicate check and the file creation happen under the workspace lock: two `add`
    # runs of the same file at once store it once.
    with ws.writing("add articles"):
        duplicate = ws.find_duplicate(text)
        if duplicate is not None:
            held_id, held_story = duplicate
            in_story = ws.find_duplicate(text, slug)
            if not copy_to_story or story is None or in_story is not None:
                held_id, held_story = in_story or duplicate
                raise ParallaxError(
                    f"{raw.origin} is already in the workspace as article {held_id!r}"
                    f" of story {held_story!r}"
                    + ("" if story is not None else "; pass --story SLUG to copy it into another")
                )
            # One article in a second story is a copy: each story's file stays the user's own.
            # What the command did not give is taken from the article it copies.
            held = ws.article(held_id)
            article = replace(
                article,
                outlet=article.outlet if given_outlet else held.outlet,
                title=article.title if given_title else held.title,
                url=article.url if url else held.url,
                published=article.published if published else held.published,
                id=f"{slugify(held.outlet if not given_outlet else article.outlet, max_length=24)}"
                f"-{article.language}-{slugify(held.title if not given_title else title, max_length=30)}",
            )
            warning = _join(
                warning, f"{raw.origin} is also article {held_id!r} of story {held_story!r};"
                f" copied into story {slug!r}"
            )  # fmt: skip
        if profile is not None:
            from workspace.group.assign import assign_story

            assignment = assign_story(ws, article, profile=profile)
            slug = assignment.story
            article = replace(article, story=slug)
        created = not ws.has_story(slug)
        ws.create_story(slug, title=article.title if created else "")
        saved = ws.save_new_article(article)
        if duplicate is not None:
            _copy_editions(ws, ws.article(duplicate[0]), saved)
        _remember_placement(ws, saved, assignment, profile)
    return AddResult(
        saved, detection, created, _join(warning, _embed(ws, saved)), grouping=assignment
    )


def _group_profile(ws: Workspace, article: Article) -> ArticleProfile:
    """The new article's grouping profile; names, numbers and dates alone when the encoder
    cannot load or fails (the add goes on either way)."""
    from workspace.group.assign import encoder_or_none, profile_new_article

    encoder = encoder_or_none()
    if encoder is not None:
        try:
            return profile_new_article(ws.db, article, encoder)
        except Exception:  # the encoder is a C library; its failure must not lose the add
            pass
    return profile_new_article(ws.db, article, None)


def _remember_placement(
    ws: Workspace, article: Article, assignment: Assignment | None, profile: ArticleProfile | None
) -> None:
    from workspace.group.assign import record
    from workspace.group.records import place

    if assignment is not None and profile is not None:
        record(ws, article, assignment, profile)
    else:
        place(ws.db, article.id, article.story, "hand")


def _copy_editions(ws: Workspace, held: Article, copy: Article) -> None:
    """The copy of an article in another story keeps the editions the original has."""
    for edition in held.editions:
        ws.save_edition(replace(edition, article_id=copy.id, path=None), copy.story)


def _embed(ws: Workspace, article: Article) -> str:
    """Encode the new article's sentences now, so its first comparison is quick. The article is
    saved whatever happens here: a failing encoder only costs a warning."""
    from workspace.embed.batch import embed_article

    try:
        embed_article(ws, article)
    except Exception as exc:  # the encoder is a C library; its failure must not lose the add
        return f"sentence vectors not computed now ({exc}); 'parallax embed' retries"
    return ""


def _join(*warnings: str) -> str:
    return "; ".join(w for w in warnings if w)


def _headline(cleaned: CleanedText, text: str, language: str) -> str:
    """The headline clutter removal found, else the text's first line or sentence, shortened."""
    if cleaned.headline and len(cleaned.headline) <= MAX_HEADLINE:
        return cleaned.headline
    return default_title(text, language)


def _only_clutter_message(origin: str, cleaned: CleanedText) -> str:
    dropped = cleaned.dropped
    examples = ", ".join(repr(line[:40]) for line in dropped[:3])
    more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
    return (
        f"{origin} holds only page clutter ({len(dropped)} lines: {examples}{more});"
        " nothing added (pass --keep-clutter to add it as it is)"
    )


def _host(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")

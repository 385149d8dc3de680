"""Editions: an outlet's own translation of an article (`parallax edition add/remove`).

An edition is stored next to its article (`stories/<slug>/editions/<id>.<lang>.md`) and is
paired with the original sentence by sentence by content (`compare.pivot.pair_edition`), so
the comparison reads its text instead of a machine translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workspace import ParallaxError
from workspace.ingest.clutter import remove_clutter
from workspace.ingest.html import extract_html
from workspace.ingest.language import LANGUAGE_NAMES, detect_language
from workspace.ingest.sources import read_source
from workspace.ingest.text import clean_line, clean_text
from workspace.store.files import parse_front_matter
from workspace.store.models import Article, Edition
from workspace.store.workspace import Workspace

# An edition pairs badly when fewer than this share of the original's sentences get edition
# text that means the same (the rest unpaired or weak): it is likely another text.
MIN_WELL_PAIRED_SHARE = 0.6


@dataclass(frozen=True)
class EditionResult:
    edition: Edition
    article: Article
    paired: int  # original sentences that got edition text
    sentences: int  # sentences of the original
    warning: str = ""


def add_edition(
    ws: Workspace,
    article_id: str,
    source: str,
    *,
    language: str,
    translator: str = "human",
    url: str = "",
) -> EditionResult:
    """Store `source` as the article's edition in `language`; never replaces one."""
    language = language.lower()
    if language not in LANGUAGE_NAMES:
        raise ParallaxError(
            f"unknown language {language!r}: use one of {', '.join(LANGUAGE_NAMES)}"
        )
    article = ws.article(article_id)
    if language == article.language:
        raise ParallaxError(
            f"{article.id} is written in {language}: an edition is a translation into another"
            " language"
        )
    if any(e.language == language for e in article.editions):
        raise ParallaxError(
            f"{article.id} already has an {language} edition; remove it first with"
            f" 'parallax edition remove {article.id} {language}'"
        )
    ws.ensure_writable("add an edition")
    raw = read_source(source)
    text, page_url = raw.text, raw.url
    if raw.is_html:
        extracted = extract_html(text, raw.url)
        text, page_url = extracted.text, extracted.url or raw.url
    elif text.lstrip("\ufeff").startswith("+++"):
        _, text = parse_front_matter(text, raw.origin)
    text = clean_text(text)
    cleaned = remove_clutter(text, outlet=article.outlet).text if text else ""
    if not cleaned:
        raise ParallaxError(f"{raw.origin} has no text (only page clutter, or empty)")
    warnings = []
    guess = detect_language(cleaned)
    if guess.language != language and guess.confidence > 0.8:
        warnings.append(
            f"{raw.origin}: stored as {language} as asked, but the text looks like"
            f" {LANGUAGE_NAMES.get(guess.language, guess.language)}"
        )
    edition = Edition(article.id, language, cleaned, clean_line(translator) or "human",
                      clean_line(url or page_url))  # fmt: skip
    with ws.writing("add an edition"):
        path = ws.save_edition(edition, article.story)
    edition = Edition(edition.article_id, language, edition.body, edition.translator,
                      edition.url, path)  # fmt: skip
    paired, total, note = edition_pairing(ws, article, edition)
    return EditionResult(
        edition, article, paired, total, "; ".join(w for w in [*warnings, note] if w)
    )


def remove_edition(ws: Workspace, article_id: str, language: str) -> Path:
    """Move the article's edition in `language` to `.trash/`; return where it went."""
    article = ws.article(article_id)
    edition = next((e for e in article.editions if e.language == language.lower()), None)
    if edition is None or edition.path is None:
        have = ", ".join(e.language for e in article.editions) or "none"
        raise ParallaxError(f"{article.id} has no {language} edition (editions: {have})")
    return ws.remove_edition_file(article.story, edition.path)


def edition_pairing(ws: Workspace, article: Article, edition: Edition) -> tuple[int, int, str]:
    """(original sentences paired, sentences, a warning when parts do not pair, else "")."""
    from workspace.compare.pivot import pair_edition
    from workspace.embed.sentences import StoryEncoder

    encoder = StoryEncoder.open(ws)
    sentences = ws.sentences(article.id)
    pairing = pair_edition(
        sentences, edition, article.language, encoder.encode if encoder.ready else None
    )
    note = "" if pairing.ok else pairing.warning(article.id)
    return len(pairing.pivot), len(sentences), note


def badly_paired(ws: Workspace, article: Article) -> list[str]:
    """One line per edition of `article` whose sentences mostly do not pair with the original."""
    from workspace.compare.pivot import pair_edition
    from workspace.embed.sentences import StoryEncoder

    encoder = StoryEncoder.open(ws)
    sentences = ws.sentences(article.id)
    found = []
    for edition in article.editions:
        pairing = pair_edition(
            sentences, edition, article.language, encoder.encode if encoder.ready else None
        )
        well = len(pairing.pivot) - pairing.weak
        if sentences and well < MIN_WELL_PAIRED_SHARE * len(sentences):
            where = ws.relative(edition.path) if edition.path else article.id
            found.append(
                f"{where} pairs badly with its original: {pairing.warning(article.id)}"
                f" ({max(well, 0)} of {len(sentences)} sentences paired well)"
            )
    return found

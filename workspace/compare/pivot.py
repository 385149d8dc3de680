"""Each article's sentences in the story's pivot language, with where each one came from."""

from __future__ import annotations

from workspace.compare.model import PivotArticle, PivotSentence
from workspace.ingest.segment import segment
from workspace.store.models import Article, Sentence
from workspace.store.workspace import Workspace
from workspace.translate import memory


def pivot_articles(ws: Workspace, slug: str, pivot: str) -> tuple[list[PivotArticle], list[str]]:
    """Pivot text for every article of a story, and notes on what is missing."""
    ws.sync(slug)
    articles: list[PivotArticle] = []
    missing: list[str] = []
    for article in ws.articles(slug):
        sentences = ws.sentences(article.id)
        result = _pivot_article(ws, article, sentences, pivot)
        articles.append(result)
        if result.missing:
            missing.append(f"{article.id} ({result.missing}/{len(sentences)} sentences)")
    notes = []
    if missing:
        notes.append(
            f"not yet in {pivot}: {', '.join(missing)}; compared what can be compared."
            f" Translate with: parallax translate {slug} --to {pivot}"
        )
    return articles, notes


def _pivot_article(
    ws: Workspace, article: Article, sentences: list[Sentence], pivot: str
) -> PivotArticle:
    if article.language == pivot:
        return PivotArticle(article.id, article.outlet, article.language, [
            PivotSentence(article.id, s.sentence_id, i, s.text, s.text, "original")
            for i, s in enumerate(sentences)
        ])  # fmt: skip
    edition = next((e for e in article.editions if e.language == pivot), None)
    if edition is not None:
        return PivotArticle(
            article.id, article.outlet, article.language,
            _edition_sentences(article, sentences, edition.body, pivot),
        )  # fmt: skip
    translated = memory.latest(ws.db, [s.text_hash for s in sentences], article.language, pivot)
    out = []
    for i, s in enumerate(sentences):
        entry = translated.get(s.text_hash)
        if entry is None:
            continue
        confidence = None
        if entry.score is not None:
            from workspace.translate.engine import Hypothesis

            confidence = Hypothesis(
                entry.target_text, entry.score, max(len(entry.target_text.split()), 1)
            ).confidence
        out.append(PivotSentence(article.id, s.sentence_id, i, entry.target_text, s.text,
                                 f"machine: {entry.route}", confidence))  # fmt: skip
    return PivotArticle(
        article.id, article.outlet, article.language, out, len(sentences) - len(out)
    )


def _edition_sentences(
    article: Article, sentences: list[Sentence], body: str, pivot: str
) -> list[PivotSentence]:
    """A human edition's sentences; paired with the original's by position when the paragraph
    and sentence counts agree, else each carries its whole original paragraph for reference."""
    edition_paragraphs = segment(body, pivot)
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    out = []
    index = 0
    for paragraph in edition_paragraphs:
        originals = by_paragraph.get(paragraph.index, [])
        same_shape = len(originals) == len(paragraph.sentences)
        for position, text in enumerate(paragraph.sentences):
            if same_shape:
                original, sentence_id = originals[position].text, originals[position].sentence_id
            else:
                original = " ".join(s.text for s in originals)
                sentence_id = f"{article.content_hash[:8]}-{paragraph.index}.{position}e"
            out.append(
                PivotSentence(article.id, sentence_id, index, text, original, "human edition")
            )
            index += 1
    return out

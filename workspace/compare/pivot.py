"""Each article's sentences in the story's pivot language, with where each one came from.

Every sentence of every article is kept: its pivot text is the original when the article is in
the pivot language, else the sentence(s) of a human edition paired with it by content, else the
newest machine translation, else None (untranslated; the aligner still compares it by meaning).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from workspace.compare.model import PivotArticle, PivotSentence
from workspace.ingest.segment import segment
from workspace.store.models import Article, Edition, Sentence
from workspace.store.workspace import Workspace
from workspace.translate import memory

# texts and their language -> unit vectors, or None when no encoder is available
Encode = Callable[[list[str], str], "np.ndarray | None"]

# A pair is weak when its cosine is no better than the typical cosine of two unrelated
# sentences of the same two texts (their median) plus this: the meaning differs.
WEAK_PAIR_ABOVE_MEDIAN = 0.03


@dataclass(frozen=True)
class EditionPairing:
    """How an edition's sentences were paired with the original's."""

    pivot: dict[str, str]  # original sentence id -> edition text
    unpaired_edition: list[str]  # edition sentences with no original
    unpaired_original: int  # original sentences with no edition text
    weak: int  # pairs whose meaning differs (cosine near that of unrelated sentences)

    @property
    def ok(self) -> bool:
        return not (self.unpaired_edition or self.unpaired_original or self.weak)

    def warning(self, article_id: str) -> str:
        parts = []
        if self.unpaired_edition:
            parts.append(f"{len(self.unpaired_edition)} edition sentences pair with no original")
        if self.unpaired_original:
            parts.append(f"{self.unpaired_original} original sentences have no edition text")
        if self.weak:
            parts.append(f"{self.weak} pairs differ in meaning")
        return f"edition of {article_id}: " + ", ".join(parts)


def pivot_articles(
    ws: Workspace, slug: str, pivot: str, encode: Encode | None = None
) -> tuple[list[PivotArticle], list[str]]:
    """Pivot text for every article of a story, and notes on what is missing."""
    ws.sync(slug)
    articles: list[PivotArticle] = []
    missing: list[str] = []
    notes: list[str] = []
    for article in ws.articles(slug):
        sentences = ws.sentences(article.id)
        result, note = _pivot_article(ws, article, sentences, pivot, encode)
        result = replace(
            result, script=article.script, title=article.title, url=article.url,
            published=article.published,
            editions=tuple(
                f"{e.language} ({e.translator}{', ' + e.url if e.url else ''})"
                for e in article.editions
            ),
        )  # fmt: skip
        articles.append(result)
        if note:
            notes.append(note)
        if result.missing:
            missing.append(f"{article.id} ({result.missing}/{len(sentences)} sentences)")
    if missing:
        how = (
            "compared by meaning on the originals; translate them for word-level differences"
            if encode is not None
            else "only translated sentences can be compared"
        )
        notes.insert(
            0,
            f"no {pivot} text yet for {', '.join(missing)}: {how}"
            f" (parallax translate {slug} --to {pivot})",
        )
    return articles, notes


def _pivot_article(
    ws: Workspace, article: Article, sentences: list[Sentence], pivot: str, encode: Encode | None
) -> tuple[PivotArticle, str]:
    if article.language == pivot:
        return PivotArticle(article.id, article.outlet, article.language, [
            PivotSentence(article.id, s.sentence_id, i, s.text, s.text, "original")
            for i, s in enumerate(sentences)
        ]), ""  # fmt: skip
    edition = next((e for e in article.editions if e.language == pivot), None)
    if edition is not None:
        pairing = pair_edition(sentences, edition, article.language, encode)
        source = (
            "human edition" if edition.translator == "human" else f"edition: {edition.translator}"
        )
        out = [
            PivotSentence(article.id, s.sentence_id, i, pairing.pivot.get(s.sentence_id), s.text,
                          source if s.sentence_id in pairing.pivot else "untranslated")
            for i, s in enumerate(sentences)
        ]  # fmt: skip
        missing = sum(1 for s in out if s.pivot_text is None)
        note = "" if pairing.ok else pairing.warning(article.id)
        return PivotArticle(article.id, article.outlet, article.language, out, missing), note
    translated = memory.latest(ws.db, [s.text_hash for s in sentences], article.language, pivot)
    out = []
    for i, s in enumerate(sentences):
        entry = translated.get(s.text_hash)
        if entry is None:
            out.append(PivotSentence(article.id, s.sentence_id, i, None, s.text, "untranslated"))
            continue
        confidence = None
        if entry.score is not None:
            from workspace.translate.engine import Hypothesis

            confidence = Hypothesis(
                entry.target_text, entry.score, max(len(entry.target_text.split()), 1)
            ).confidence
        out.append(PivotSentence(article.id, s.sentence_id, i, entry.target_text, s.text,
                                 f"machine: {entry.route}", confidence))  # fmt: skip
    missing = sum(1 for s in out if s.pivot_text is None)
    return PivotArticle(article.id, article.outlet, article.language, out, missing), ""


# -- pairing an edition with its original -------------------------------------------------------

_SKIP = -0.04  # leaving a sentence unpaired (cosines are measured from the median, below)


def pair_edition(
    sentences: list[Sentence], edition: Edition, language: str, encode: Encode | None
) -> EditionPairing:
    """Pair the edition's sentences with the original's by content, in order.

    A monotonic alignment (dynamic programming, as in Gale & Church and vecalign) allows one
    original sentence to take one or two edition sentences, two originals to share one, and
    either side to skip. Scores are cosines of the encoder's vectors across the two languages;
    with no encoder, similarity of lengths.
    """
    edition_sentences = [s for p in segment(edition.body, edition.language) for s in p.sentences]
    originals = [s.text for s in sentences]
    if not originals or not edition_sentences:
        return EditionPairing({}, edition_sentences, len(originals), 0)
    vectors = None
    if encode is not None:
        left = encode(originals, language)
        right = encode(edition_sentences, edition.language)
        if left is not None and right is not None:
            vectors = (left, right)
    beads = _monotonic_beads(originals, edition_sentences, vectors)
    pivot: dict[str, str] = {}
    unpaired_edition: list[str] = []
    unpaired_original = weak = 0
    for (i0, i1), (j0, j1), score in beads:
        if i0 == i1:
            unpaired_edition.extend(edition_sentences[j0:j1])
            continue
        if j0 == j1:
            unpaired_original += i1 - i0
            continue
        if vectors is not None and score < WEAK_PAIR_ABOVE_MEDIAN:
            weak += 1
        text = " ".join(edition_sentences[j0:j1])
        for i in range(i0, i1):
            pivot[sentences[i].sentence_id] = text
    return EditionPairing(pivot, unpaired_edition, unpaired_original, weak)


_MOVES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


def _monotonic_beads(
    left: list[str], right: list[str], vectors: tuple[np.ndarray, np.ndarray] | None
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Beads ((i0, i1), (j0, j1), score) covering both sides in order. With vectors a bead
    scores its cosine minus the median cosine of the two texts (unrelated sentences of one topic
    are far from orthogonal); without, how well the lengths agree."""
    n, m = len(left), len(right)
    ratio = sum(map(len, right)) / max(sum(map(len, left)), 1)
    median = float(np.median(vectors[0] @ vectors[1].T)) if vectors is not None else 0.0

    def bead_score(i0: int, i1: int, j0: int, j1: int) -> float:
        merged = (i1 - i0) + (j1 - j0) > 2
        if vectors is not None:
            a = vectors[0][i0:i1].sum(axis=0)
            b = vectors[1][j0:j1].sum(axis=0)
            cosine = float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-9))
            return cosine - median - (0.03 if merged else 0.0)
        la = sum(len(t) for t in left[i0:i1]) * ratio
        lb = sum(len(t) for t in right[j0:j1])
        closeness = 1.0 - abs(la - lb) / max(la, lb, 1.0)
        return (closeness - 0.5) * 0.2 - (0.03 if merged else 0.0)

    best = np.full((n + 1, m + 1), -np.inf)
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i, j] == -np.inf:
                continue
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                score = _SKIP if di == 0 or dj == 0 else bead_score(i, ni, j, nj)
                total = best[i, j] + score
                if total > best[ni, nj]:
                    best[ni, nj] = total
                    back[(ni, nj)] = (i, j, score)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, score = back[(i, j)]
        beads.append(((pi, i), (pj, j), score))
        i, j = pi, pj
    return beads[::-1]

"""Score a comparison against hand-labelled stories (tests/data/compare/*.json).

Shared by bench/compare_quality.py and the tests, so both measure the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from workspace.compare import ArticleVectors, compare_articles
from workspace.compare.model import Comparison, PivotArticle, PivotSentence
from workspace.embed import Encoder, get_encoder
from workspace.embed.vectors import encoder_input


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_story(path: Path, pivot_language: str = "en") -> tuple[list[PivotArticle], dict]:
    """A labelled story's articles as the comparison sees them with no translation: sentences
    in the pivot language are their own pivot text, others have none."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for letter, article in data["articles"].items():
        language = article.get("language", "en")
        in_pivot = language == pivot_language
        articles.append(PivotArticle(
            id=letter, outlet=article["outlet"], language=language,
            sentences=[
                PivotSentence(letter, f"{letter}{i + 1}", i, text if in_pivot else None, text,
                              "original" if in_pivot else "untranslated")
                for i, text in enumerate(article["sentences"])
            ],
            script=article.get("script", ""), title=article.get("title", ""),
            published=article.get("published", ""),
        ))  # fmt: skip
    return articles, data


def story_vectors(articles: list[PivotArticle], encoder: Encoder) -> dict[str, ArticleVectors]:
    """Vectors of every sentence, encoded now (labelled stories are small)."""
    return {
        a.id: ArticleVectors(
            encoder.encode([encoder_input(s.original_text, a.language) for s in a.sentences]),
            [None] * len(a.sentences),
        )
        for a in articles
        if a.sentences
    }


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for g in groups for a, b in combinations(g, 2) if a[0] != b[0]}


def score(comparison: Comparison, labels: dict) -> dict[str, Counts]:
    predicted_pairs = _pairs([[m.sentence_id for m in g.members] for g in comparison.groups])
    gold_pairs = _pairs(labels["groups"])
    align = Counts(len(predicted_pairs & gold_pairs), len(predicted_pairs - gold_pairs),
                   len(gold_pairs - predicted_pairs))  # fmt: skip
    predicted_unique = {u.sentence_id for u in comparison.unique}
    gold_unique = set(labels["unique"])
    unique = Counts(len(predicted_unique & gold_unique), len(predicted_unique - gold_unique),
                    len(gold_unique - predicted_unique))  # fmt: skip
    gold = [(d["kind"], set(d["sentences"])) for d in labels["discrepancies"]]
    found = [(d.kind, set(d.sentence_ids)) for d in comparison.discrepancies]
    matched_gold = sum(any(k == gk and s & gs for k, s in found) for gk, gs in gold)
    correct_found = sum(any(k == gk and s & gs for gk, gs in gold) for k, s in found)
    discrepancy = Counts(matched_gold, len(found) - correct_found, len(gold) - matched_gold)
    return {"align": align, "unique": unique, "discrepancy": discrepancy}


def reference_vectors(encoder: Encoder) -> np.ndarray:
    from workspace.embed.reference import REFERENCE_SENTENCES

    texts = [t for sentences in REFERENCE_SENTENCES.values() for t in sentences]
    return encoder.encode(texts)


def _encode_with(encoder: Encoder):
    def encode(texts: list[str], language: str):
        return encoder.encode([encoder_input(t, language) for t in texts])

    return encode


def evaluate(
    directory: Path, *, lexical: bool = False
) -> tuple[dict[str, Counts], list[tuple[str, dict[str, Counts], Comparison]]]:
    """Score every labelled story in `directory`: by meaning when the encoder loads (unless
    `lexical`), else lexically."""
    totals = {"align": Counts(), "unique": Counts(), "discrepancy": Counts()}
    per_story = []
    encoder = None if lexical else get_encoder()
    for path in sorted(directory.glob("*.json")):
        articles, labels = load_story(path)
        vectors = story_vectors(articles, encoder) if encoder is not None else None
        comparison = compare_articles(
            articles, story=path.stem, vectors=vectors,
            encode=_encode_with(encoder) if encoder is not None else None,
            reference=reference_vectors(encoder) if encoder is not None else None,
        )  # fmt: skip
        counts = score(comparison, labels)
        for key, value in counts.items():
            totals[key].add(value)
        per_story.append((path.stem, counts, comparison))
    return totals, per_story

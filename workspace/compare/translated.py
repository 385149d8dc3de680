"""Which articles of a story are versions of another one in a different language: an outlet's
English edition of its Russian report, a Kazakh ministry's Russian page, a translation.

Independent reports of one event share claims but not their sentences: few of them match one
to one, and rarely all in order. A translated version matches its original sentence by sentence:
most of its sentences have exactly one counterpart there, close in meaning. Knowing this,
a difference between the two is what the translation changed, not a second outlet's account.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workspace.compare.model import PivotArticle

Ref = tuple[int, int]

# The share of the longer article's sentences that must pair one to one, and how close the pairs
# must be on average (cosine). Dev sets: English versions of Russian reports pair a median 0.83
# of sentences (10th percentile 0.76) at mean cosine 0.935 (lowest 0.908); Kazakh-English
# 0.86 at 0.885-0.889; of 60 independent outlets in tests/data/stories, the closest pairs reach
# 0.6 at 0.882 and 0.56 at 0.900.
MIN_SHARE = 0.6
MIN_MEAN_COSINE = 0.885
MIN_PAIRS = 4  # fewer sentences say nothing about how a text was made


@dataclass(frozen=True)
class TranslatedVersion:
    article: int  # the version
    original: int  # the article it follows
    share: float  # of the version's sentences that pair one to one with the original's
    cosine: float  # mean cosine of those pairs


def find_translated_versions(
    articles: list[PivotArticle],
    groups: list[list[Ref]],
    vectors: list[np.ndarray | None] | None,
) -> dict[int, TranslatedVersion]:
    """Article index -> the article it is a version of. The original is the one not in the
    pivot language (versions are usually made into English); between two non-pivot articles,
    the longer one."""
    if vectors is None:
        return {}
    pairs: dict[tuple[int, int], list[float]] = {}
    for refs in groups:
        by_article: dict[int, list[Ref]] = {}
        for ref in refs:
            by_article.setdefault(ref[0], []).append(ref)
        singles = {a: r[0] for a, r in by_article.items() if len(r) == 1}
        for a, x in singles.items():
            for b, y in singles.items():
                va, vb = vectors[a], vectors[b]
                if a < b and va is not None and vb is not None:
                    pairs.setdefault((a, b), []).append(float(va[x[1]] @ vb[y[1]]))
    found: dict[int, TranslatedVersion] = {}
    for (a, b), cosines in pairs.items():
        if articles[a].language == articles[b].language:
            continue
        sizes = [max(1, len(articles[i].sentences)) for i in (a, b)]
        share = len(cosines) / max(sizes)
        mean = float(np.mean(cosines))
        if len(cosines) < MIN_PAIRS or share < MIN_SHARE or mean < MIN_MEAN_COSINE:
            continue
        version, original = _direction(articles, a, b)
        known = found.get(version)
        if known is None or share > known.share:
            found[version] = TranslatedVersion(version, original, share, mean)
    # A version's version is a version of the first original.
    for version, link in list(found.items()):
        seen = {version}
        while link.original in found and link.original not in seen:
            seen.add(link.original)
            link = TranslatedVersion(
                version, found[link.original].original, link.share, link.cosine
            )
        found[version] = link
    return {v: link for v, link in found.items() if link.original not in found}


def _direction(articles: list[PivotArticle], a: int, b: int) -> tuple[int, int]:
    """(version, original)."""
    pivot_like = {"en"}
    if articles[a].language in pivot_like and articles[b].language not in pivot_like:
        return a, b
    if articles[b].language in pivot_like and articles[a].language not in pivot_like:
        return b, a
    return (a, b) if len(articles[a].sentences) <= len(articles[b].sentences) else (b, a)

"""Align sentences across N articles by meaning: which ones report the same thing.

Every sentence has a vector from the multilingual encoder (of its original, and of its pivot
text when a translation or edition exists), so Russian, Kazakh and English sentences meet with
no translation at all. For each pair of articles the cosine matrix is normalised by each
sentence's nearest neighbours in the other article (the ratio margin of Artetxe & Schwenk 2019,
"Margin-based parallel corpus mining"): a pair stands out only if it is closer than either
sentence is to the rest. Shared numbers and names raise a pair; within one language the lexical
score (IDF overlap + difflib) is evidence too; two sentences quoting different words never align.

Pairs become groups by agglomerative clustering whose linkage asks every member to match each
other outlet in the group, not just one of them: merging matched pairs transitively would chain
different claims into one group when many outlets overlap partly. Two sentences of one article
share a group only when they sit close together (an outlet splitting what another says in one).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from workspace.compare.evidence import SentenceEvidence, shared_evidence
from workspace.compare.lexical import LexicalSettings, lexical_matrix

Ref = tuple[int, int]  # (article index, sentence index)
Encode = Callable[[list[str], str], np.ndarray]  # texts of one language -> unit vectors


@dataclass(frozen=True)
class AlignSettings:
    """Thresholds, each with the dev-set figures it was tuned on (bench/compare_real.py)."""

    neighbours: int = 4  # k of the margin's nearest-neighbour mean
    margin: float = 1.025  # score (margin + evidence) for a candidate pair
    min_cosine: float = 0.75  # and at least this cosine
    keep_within: float = 0.99  # a candidate is (nearly) the best of its row and its column
    link: float = 1.01  # mean score a merge must keep across the group
    split_window: int = 2  # sentences of one article this close may share a group
    max_per_article: int = 3  # ... at most this many
    evidence_bonus: float = 0.01  # added per shared number or name (at most three)
    lexical_weight: float = 0.05  # times the same-language lexical score (0-1)
    split_floor: float = 1.0  # a neighbour's second-best this good may be the other half ...
    split_gain: float = 0.01  # ... when the two together are this much closer (cosine)
    lexical: LexicalSettings = field(default_factory=LexicalSettings)


@dataclass(frozen=True)
class Link:
    """Why two sentences were aligned: the evidence the UI and the JSON can show."""

    a: Ref
    b: Ref
    score: float  # what the clustering used: margin plus evidence
    cosine: float
    margin: float
    lexical: float | None = None
    shared: tuple[str, ...] = ()


@dataclass
class Cluster:
    refs: list[Ref]
    links: list[Link]

    @property
    def weakest(self) -> float:
        return min((link.score for link in self.links), default=0.0)


def margin_scores(
    similarity: np.ndarray,
    k: int,
    row_reference: np.ndarray | None = None,
    col_reference: np.ndarray | None = None,
) -> np.ndarray:
    """Ratio margin: cos(x, y) over the mean of x's and y's k nearest neighbours' cosines,
    the neighbours taken in the other article and in a fixed reference set of sentences."""
    rows, cols = similarity.shape
    if rows == 0 or cols == 0:
        return np.zeros_like(similarity)
    row_nn = _neighbour_mean(similarity, row_reference, k)
    col_nn = _neighbour_mean(similarity.T, col_reference, k)
    denominator = (row_nn[:, None] + col_nn[None, :]) / 2
    return similarity / np.maximum(denominator, 1e-6)


def _neighbour_mean(similarity: np.ndarray, reference: np.ndarray | None, k: int) -> np.ndarray:
    """Each row's mean cosine with its k nearest neighbours among the columns. When there are
    fewer than k columns (a brief of two or three sentences), the nearest reference sentences
    fill the missing places: ordinary news, so that a leftover pair does not look like a match."""
    columns = similarity.shape[1]
    top = -np.sort(-similarity, axis=1)[:, :k]
    if columns < k and reference is not None:
        fill = -np.sort(-reference, axis=1)[:, : k - columns]
        top = np.concatenate([top, fill], axis=1)
    return top.mean(axis=1)


@dataclass
class _PairScores:
    """Scores of every sentence of article A against every sentence of article B."""

    cosine: np.ndarray
    margin: np.ndarray
    score: np.ndarray  # margin + evidence, what candidates and linkage use
    lexical: dict[tuple[int, int], float]


@dataclass
class _Stacked:
    """One article's sentence vectors (originals, and pivot texts where there are some, the
    original standing in for a sentence with none), each with its cosines against the
    reference sentences: computed once per article, not once per pair of articles."""

    vectors: np.ndarray
    reference: np.ndarray | None
    pivot: np.ndarray | None = None
    pivot_reference: np.ndarray | None = None

    @classmethod
    def of(cls, sentences: list[SentenceEvidence], reference: np.ndarray | None) -> _Stacked:
        ref = reference if reference is not None and len(reference) else None
        vectors = np.stack([e.vector for e in sentences])
        stacked = cls(vectors, vectors @ ref.T if ref is not None else None)
        if any(e.pivot_vector is not None for e in sentences):
            stacked.pivot = np.stack([
                e.pivot_vector if e.pivot_vector is not None else e.vector for e in sentences
            ])  # fmt: skip
            if ref is not None:
                stacked.pivot_reference = stacked.pivot @ ref.T
        return stacked


def _pair_scores(
    ea: list[SentenceEvidence],
    eb: list[SentenceEvidence],
    sa: _Stacked,
    sb: _Stacked,
    lexical: dict[tuple[int, int], float],
    shared: dict[tuple[int, int], int],
    settings: AlignSettings,
) -> _PairScores:
    """Scores of two articles' sentences: the better margin of originals and of pivot texts,
    plus same-language lexical evidence and shared numbers or names; zero where the sentences
    have no content or quote different words."""
    cosine = sa.vectors @ sb.vectors.T
    margin = margin_scores(cosine, settings.neighbours, sa.reference, sb.reference)
    if sa.pivot is not None and sb.pivot is not None:
        pivot_cosine = sa.pivot @ sb.pivot.T
        pivot_margin = margin_scores(
            pivot_cosine, settings.neighbours, sa.pivot_reference, sb.pivot_reference
        )
        # Two English pivot texts on one topic read closer than their originals: the pivot
        # may decide only where the originals themselves pass (ruen_p: no change up to .78).
        better = (pivot_margin > margin) & (cosine >= settings.min_cosine)
        margin = np.where(better, pivot_margin, margin)
        cosine = np.where(better, pivot_cosine, cosine)
    score = margin.copy()
    for (i, j), value in lexical.items():
        score[i, j] += settings.lexical_weight * value
    for (i, j), count in shared.items():
        score[i, j] += settings.evidence_bonus * min(count, 3)
    score[[not e.content for e in ea], :] = 0.0
    score[:, [not f.content for f in eb]] = 0.0
    quoting_a = [(i, e) for i, e in enumerate(ea) if e.quote_terms]
    quoting_b = [(j, f) for j, f in enumerate(eb) if f.quote_terms]
    for i, e in quoting_a:
        for j, f in quoting_b:
            if e.language == f.language and _dice(e.quote_terms, f.quote_terms) < 0.5:
                score[i, j] = 0.0  # both quote someone, but not saying the same thing
    return _PairScores(cosine, margin, score, lexical)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _shared_keys(
    evidence: list[list[SentenceEvidence]],
) -> dict[tuple[int, int], dict[tuple[int, int], int]]:
    """For each pair of articles, how many numbers or names each pair of sentences shares
    (through an index of the keys; a key most sentences carry is no evidence)."""
    postings: dict[str, list[Ref]] = defaultdict(list)
    total = 0
    for a, sentences in enumerate(evidence):
        for i, e in enumerate(sentences):
            total += 1
            for key in e.keys:
                postings[key].append((a, i))
    limit = max(4, total // 4)
    shared: dict[tuple[int, int], dict[tuple[int, int], int]] = defaultdict(dict)
    for refs in postings.values():
        if len(refs) > limit:
            continue
        for x, y in combinations(refs, 2):
            if x[0] != y[0]:
                counts = shared[(x[0], y[0])]
                counts[(x[1], y[1])] = counts.get((x[1], y[1]), 0) + 1
    return shared


def align(
    evidence: list[list[SentenceEvidence]],
    settings: AlignSettings | None = None,
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
) -> list[Cluster]:
    """Groups of sentences (two or more articles each) that report the same thing. With
    `encode`, a sentence that says what two adjacent sentences of another article say is found
    by encoding the two together; `reference` vectors (of ordinary news sentences) steady the
    margin of short articles."""
    settings = settings or AlignSettings()
    lexical: dict[tuple[int, int], dict[tuple[int, int], float]] = defaultdict(dict)
    for (x, y), value in lexical_matrix(evidence, settings.lexical).items():
        lexical[(x[0], y[0])][(x[1], y[1])] = value
    shared = _shared_keys(evidence)
    scores: dict[tuple[int, int], _PairScores] = {}
    articles = [i for i, sentences in enumerate(evidence) if sentences]
    stacked = {a: _Stacked.of(evidence[a], reference) for a in articles}
    for position, a in enumerate(articles):
        for b in articles[position + 1 :]:
            scores[(a, b)] = _pair_scores(
                evidence[a], evidence[b], stacked[a], stacked[b], lexical[(a, b)],
                shared[(a, b)], settings,
            )  # fmt: skip
    if encode is not None:
        _find_splits(scores, evidence, encode, settings)
    candidates: list[tuple[float, Ref, Ref]] = []
    for (a, b), pair in scores.items():
        candidates.extend(
            (float(pair.score[i, j]), (a, i), (b, j)) for i, j in _candidates(pair, settings)
        )
    clusters = _cluster(candidates, scores, settings)
    out = []
    for refs in clusters:
        links = []
        for x, y in _spanning_links(refs, scores):
            pair = scores[(x[0], y[0])]
            i, j = x[1], y[1]
            links.append(Link(
                x, y, float(pair.score[i, j]), float(pair.cosine[i, j]), float(pair.margin[i, j]),
                pair.lexical.get((i, j)),
                shared_evidence(evidence[x[0]][i], evidence[y[0]][j]),
            ))  # fmt: skip
        out.append(Cluster(sorted(refs), links))
    return sorted(out, key=lambda c: c.refs[0])


def _find_splits(
    scores: dict[tuple[int, int], _PairScores],
    evidence: list[list[SentenceEvidence]],
    encode: Encode,
    settings: AlignSettings,
) -> None:
    """Where one outlet says in one sentence what another says in two adjacent ones, the one
    sentence is closer to the two read together than to either: encode those pairs and, when
    they are, let the sentence score with the second half as with the first."""
    requests: list[tuple[tuple[int, int], bool, int, int, int]] = []
    for (a, b), pair in scores.items():
        for transposed, matrix in ((False, pair.score), (True, pair.score.T)):
            if matrix.shape[1] < 2:
                continue
            order = np.argsort(-matrix, axis=1)[:, :2]
            for x, (first, second) in enumerate(order):
                if abs(int(first) - int(second)) != 1:
                    continue
                if matrix[x, second] < settings.split_floor or matrix[x, first] < settings.margin:
                    continue
                requests.append(((a, b), transposed, x, int(min(first, second)), int(first)))
    if not requests:
        return
    texts: dict[tuple[int, int], tuple[str, str]] = {}  # (article, first) -> (text, language)
    for (a, b), transposed, _, low, _ in requests:
        article = a if transposed else b
        e, f = evidence[article][low], evidence[article][low + 1]
        texts[(article, low)] = (f"{e.original} {f.original}", e.original_language)
    by_language: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, (_, language) in texts.items():
        by_language[language].append(key)
    joined: dict[tuple[int, int], np.ndarray] = {}
    for language, keys in by_language.items():
        matrix = encode([texts[k][0] for k in keys], language)
        joined.update({k: matrix[row] for row, k in enumerate(keys)})
    for (a, b), transposed, x, low, first in requests:
        pair = scores[(a, b)]
        article, own = (a, b) if transposed else (b, a)
        together = float(evidence[own][x].vector @ joined[(article, low)])
        i, j = (first, x) if transposed else (x, first)
        if together < float(pair.cosine[i, j]) + settings.split_gain:
            continue
        other = low + 1 if first == low else low
        k, m = (other, x) if transposed else (x, other)
        pair.score[k, m] = max(pair.score[k, m], pair.score[i, j])
        pair.cosine[k, m] = max(pair.cosine[k, m], pair.cosine[i, j])


def _candidates(pair: _PairScores, settings: AlignSettings) -> list[tuple[int, int]]:
    score = pair.score
    if score.size == 0:
        return []
    row_best = score.max(axis=1)
    col_best = score.max(axis=0)
    keep = (
        (score >= settings.margin)
        & (pair.cosine >= settings.min_cosine)
        & (score >= settings.keep_within * row_best[:, None])
        & (score >= settings.keep_within * col_best[None, :])
    )
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(keep), strict=True)]


def _score(scores: dict[tuple[int, int], _PairScores], x: Ref, y: Ref) -> float:
    if x[0] < y[0]:
        return float(scores[(x[0], y[0])].score[x[1], y[1]])
    return float(scores[(y[0], x[0])].score[y[1], x[1]])


def _linkage(
    left: list[Ref], right: list[Ref], scores: dict[tuple[int, int], _PairScores]
) -> float:
    """Mean, over every member of one side and every other article of the other side, of
    the member's best score with that article's members: each sentence must match each outlet."""
    values = []
    for side, other in ((left, right), (right, left)):
        by_article: dict[int, list[Ref]] = defaultdict(list)
        for ref in other:
            by_article[ref[0]].append(ref)
        for x in side:
            for article, members in by_article.items():
                if article != x[0]:
                    values.append(max(_score(scores, x, y) for y in members))
    return sum(values) / len(values) if values else 0.0


def _compatible(
    left: list[Ref],
    right: list[Ref],
    scores: dict[tuple[int, int], _PairScores],
    settings: AlignSettings,
) -> bool:
    """Sentences of one article share a group only when few, close together, and joined: some
    sentence of another outlet matches each of them (it says in one what they say in two).
    Without that rule a group could hold two claims that no single sentence joins."""
    merged = left + right
    by_article: dict[int, list[Ref]] = defaultdict(list)
    for ref in merged:
        by_article[ref[0]].append(ref)
    for article, refs in by_article.items():
        if len(refs) == 1:
            continue
        positions = [ref[1] for ref in refs]
        if len(refs) > settings.max_per_article:
            return False
        if max(positions) - min(positions) > settings.split_window:
            return False
        joiners = [x for x in merged if x[0] != article]
        if not any(all(_score(scores, x, r) >= settings.margin for r in refs) for x in joiners):
            return False
    return True


def _cluster(
    candidates: list[tuple[float, Ref, Ref]],
    scores: dict[tuple[int, int], _PairScores],
    settings: AlignSettings,
) -> list[list[Ref]]:
    """Greedy agglomeration along candidate pairs, strongest first, under the linkage rule."""
    cluster_of: dict[Ref, int] = {}
    members: dict[int, list[Ref]] = {}
    heap = [(-score, a, b) for score, a, b in candidates]
    heapq.heapify(heap)
    for number, ref in enumerate(sorted({r for _, a, b in candidates for r in (a, b)})):
        cluster_of[ref], members[number] = number, [ref]
    while heap:
        _, a, b = heapq.heappop(heap)
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        left, right = members[ca], members[cb]
        if not _compatible(left, right, scores, settings):
            continue
        if (len(left) > 1 or len(right) > 1) and _linkage(left, right, scores) < settings.link:
            continue
        for ref in right:
            cluster_of[ref] = ca
        members[ca] = left + right
        del members[cb]
    return [refs for refs in members.values() if len({r[0] for r in refs}) > 1]


def _spanning_links(
    refs: list[Ref], scores: dict[tuple[int, int], _PairScores]
) -> list[tuple[Ref, Ref]]:
    """The strongest links that connect a group (a maximum spanning tree), for its evidence."""
    pairs = sorted(
        ((_score(scores, x, y), x, y) for i, x in enumerate(refs) for y in refs[i + 1 :]
         if x[0] != y[0]),
        reverse=True,
    )  # fmt: skip
    parent = {r: r for r in refs}

    def find(r: Ref) -> Ref:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    chosen = []
    for _, x, y in pairs:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[rx] = ry
            chosen.append((x, y) if x < y else (y, x))
    return chosen

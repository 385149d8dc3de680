"""Lexical alignment: sentences of one language compared word by word.

It is evidence for the aligner by meaning when two sentences are in one language, and the
whole alignment when no encoder can load (then only sentences with pivot text are compared).
Similarity of two sentences combines difflib `SequenceMatcher` over their content-word
sequences (order matters a little) with a weighted overlap of the words (outlets reorder
clauses), both weighted by inverse document frequency within the story so that names,
numbers and places count more than "said" or "gas". Only pairs that share at least one rare
word are scored at all (an inverted index), so a 10 × 100 story is not 450,000 comparisons.
A sentence may align with two in another article (one outlet splits what another says).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from workspace.compare.model import PivotArticle, PivotSentence
from workspace.compare.text import content_terms

Ref = tuple[int, int]  # (article index, sentence index)
# Below this overlap, a pair's word order is estimated by the overlap itself. On the 10 × 100
# story of bench/encoder_speed.py, 92% of the pairs scored as evidence were below it and
# in_order exceeded the overlap by at most 0.053 (counted once, by wrapping both functions);
# the aligner weighs the score by 0.05, so the estimate moves a pair's score by < 0.003.
ESTIMATE_ORDER_BELOW = 0.1


@dataclass(frozen=True)
class LexicalSettings:
    threshold: float = 0.34  # combined similarity for a pair to align
    containment: float = 0.72  # share of the shorter sentence found in the longer one
    min_contained_weight: float = 6.0  # ... when that shorter sentence has this much content
    keep_within: float = 0.7  # other matches of a sentence within this share of its best
    index_df_share: float = 0.34  # words in more than this share of sentences do not index


@dataclass(frozen=True)
class Scored:
    a: Ref
    b: Ref
    score: float


class _Profile:
    __slots__ = ("terms", "weights", "bag", "total")

    def __init__(self, terms: list[str], idf: dict[str, float]) -> None:
        self.terms = terms
        self.weights = [idf[t] for t in terms]
        self.bag: dict[str, float] = {}
        for term, weight in zip(terms, self.weights, strict=True):
            self.bag[term] = weight
        self.total = sum(self.bag.values())


def _idf(all_terms: list[list[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for terms in all_terms:
        for term in set(terms):
            df[term] += 1
    n = len(all_terms)
    return {
        term: (math.log(1 + n / count) * (1.5 if term[0].isdigit() else 1.0))
        for term, count in df.items()
    }


def overlap(p: _Profile, q: _Profile) -> tuple[float, float]:
    """(weighted Dice overlap of the word sets, share of the shorter one found in the other)."""
    if not p.total or not q.total:
        return 0.0, 0.0
    small, large = (p, q) if len(p.bag) <= len(q.bag) else (q, p)
    shared = sum(w for t, w in small.bag.items() if t in large.bag)
    return 2 * shared / (p.total + q.total), shared / min(p.total, q.total)


def in_order(p: _Profile, q: _Profile) -> float:
    """Weighted share of words matched in the same order (difflib SequenceMatcher)."""
    matcher = SequenceMatcher(None, p.terms, q.terms, autojunk=False)
    matched = sum(
        sum(p.weights[block.a : block.a + block.size]) for block in matcher.get_matching_blocks()
    )
    return 2 * matched / (sum(p.weights) + sum(q.weights))


def similarity(p: _Profile, q: _Profile) -> tuple[float, float]:
    """(combined score, containment of the shorter sentence)."""
    dice, contained = overlap(p, q)
    if not dice:
        return 0.0, contained
    return 0.6 * dice + 0.4 * in_order(p, q), contained


def score_pairs(
    articles: list[PivotArticle], settings: LexicalSettings = LexicalSettings()
) -> list[Scored]:
    """Scored candidate pairs between sentences of different articles that pass the bar
    (only sentences with pivot text take part)."""
    texts = {
        (ai, si): sentence.pivot_text
        for ai, article in enumerate(articles)
        for si, sentence in enumerate(article.sentences)
        if sentence.pivot_text is not None
    }
    return _keep_best(list(_scored(texts, settings, settings.threshold)), settings)


def lexical_matrix(evidence: list, settings: LexicalSettings) -> dict[tuple[Ref, Ref], float]:
    """Lexical scores of same-language sentence pairs of different articles (evidence for the
    aligner by meaning): {(a, b): score} for pairs that share rare words, a < b."""
    by_language: dict[str, dict[Ref, str]] = defaultdict(dict)
    for ai, sentences in enumerate(evidence):
        for si, e in enumerate(sentences):
            by_language[e.language][(ai, si)] = e.text
    found: dict[tuple[Ref, Ref], float] = {}
    for texts in by_language.values():
        if len({ref[0] for ref in texts}) > 1:
            found.update({(s.a, s.b): s.score for s in _scored(texts, settings, 0.0)})
    return found


def _scored(texts: dict[Ref, str], settings: LexicalSettings, bar: float) -> Iterator[Scored]:
    """Pairs of texts of different articles that share rare words, scored; with `bar` above
    zero, only those that pass it (directly or by containment)."""
    refs = list(texts)
    terms = [content_terms(texts[ref]) for ref in refs]
    idf = _idf(terms)
    profiles = {ref: _Profile(t, idf) for ref, t in zip(refs, terms, strict=True)}
    max_df = max(2, int(len(refs) * settings.index_df_share))
    index: dict[str, list[Ref]] = defaultdict(list)
    for ref, sentence_terms in zip(refs, terms, strict=True):
        for term in set(sentence_terms):
            index[term].append(ref)
    # Accumulate each pair's shared weight through the index (cheap), then run difflib only
    # on pairs that can still reach the bar: the combined score never exceeds the overlap.
    shared: dict[tuple[Ref, Ref], float] = defaultdict(float)
    for term, postings in index.items():
        if len(postings) > max_df:
            continue
        weight = idf[term]
        for a, b in combinations(postings, 2):
            if a[0] != b[0]:
                shared[(a, b) if a < b else (b, a)] += weight
    quotes = {ref: _quoted_terms(texts[ref]) for ref in refs}
    floor = bar * 0.6
    for (a, b), rare_shared in shared.items():
        pa, pb = profiles[a], profiles[b]
        if bar and (2 * rare_shared / (pa.total + pb.total) < floor * 0.75
                    and rare_shared / min(pa.total, pb.total) < settings.containment * 0.75):  # fmt: skip
            continue
        if quotes[a] and quotes[b] and _dice(quotes[a], quotes[b]) < 0.5:
            continue  # both quote someone, but not saying the same thing
        dice, contained = overlap(pa, pb)
        shorter = min(pa.total, pb.total)
        via_containment = (
            contained >= settings.containment and shorter >= settings.min_contained_weight
        )
        if dice < bar and not (via_containment and dice >= floor):
            continue  # the combined score cannot exceed the overlap: skip difflib
        # As evidence (no bar), most pairs share one rare word and little else; their word
        # order cannot move the score by more than a few hundredths, so difflib is left out.
        order = dice if not bar and dice < ESTIMATE_ORDER_BELOW else in_order(pa, pb)
        score = 0.6 * dice + 0.4 * order
        if score >= bar or (via_containment and score >= floor):
            yield Scored(a, b, max(score, contained * 0.8))


_QUOTED = re.compile(r"[\"“«]([^\"”»]{12,}?)[\"”»]")


def _quoted_terms(text: str) -> set[str]:
    return {t for quote in _QUOTED.findall(text) for t in content_terms(quote)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _keep_best(scored: list[Scored], settings: LexicalSettings) -> list[Scored]:
    """Per sentence and other article, keep matches close to the best one (mutually)."""
    best: dict[tuple[Ref, int], float] = defaultdict(float)
    for s in scored:
        best[(s.a, s.b[0])] = max(best[(s.a, s.b[0])], s.score)
        best[(s.b, s.a[0])] = max(best[(s.b, s.a[0])], s.score)
    return [
        s
        for s in scored
        if s.score >= settings.keep_within * best[(s.a, s.b[0])]
        and s.score >= settings.keep_within * best[(s.b, s.a[0])]
    ]


def group_pairs(pairs: list[Scored]) -> list[tuple[list[Ref], float]]:
    """Connected components of aligned pairs, each with its weakest link."""
    parent: dict[Ref, Ref] = {}

    def find(x: Ref) -> Ref:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in sorted(pairs, key=lambda p: -p.score):
        parent[find(pair.a)] = find(pair.b)
    members: dict[Ref, list[Ref]] = defaultdict(list)
    weakest: dict[Ref, float] = defaultdict(lambda: 1.0)
    for pair in pairs:
        root = find(pair.a)
        weakest[root] = min(weakest[root], pair.score)
    for ref in parent:
        members[find(ref)].append(ref)
    groups = [(sorted(refs), weakest[root]) for root, refs in members.items()]
    return sorted(groups, key=lambda g: g[0][0])


def sentence_at(articles: list[PivotArticle], ref: Ref) -> PivotSentence:
    return articles[ref[0]].sentences[ref[1]]

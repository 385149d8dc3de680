"""Compare how outlets report one story: alignment, word diffs, unique claims, discrepancies.

`compare_articles` works on articles already gathered (pure and fast; pass `vectors` to align
by meaning, else it aligns lexically on pivot text); `compare_story` gathers them from a
workspace, with every sentence's vectors from the encoder's cache.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from workspace.compare.align import AlignSettings, Cluster, Encode, align
from workspace.compare.diff import word_diff
from workspace.compare.discrepancies import find_discrepancies
from workspace.compare.evidence import SentenceEvidence, build_evidence, has_content
from workspace.compare.fact_table import build_fact_table
from workspace.compare.framing import build_framing
from workspace.compare.lexical import group_pairs, score_pairs
from workspace.compare.model import (
    AlignedGroup,
    Comparison,
    Evidence,
    GroupMember,
    PivotArticle,
    UniqueClaim,
)
from workspace.compare.pivot import pivot_articles

__all__ = ["ArticleVectors", "compare_articles", "compare_story", "Comparison", "PivotArticle"]


@dataclass(frozen=True, eq=False)
class ArticleVectors:
    """Unit vectors of an article's sentences: of the originals, and of the pivot texts where a
    translation or edition exists (None for those that have none)."""

    original: np.ndarray  # (sentences, dim)
    pivot: list[np.ndarray | None]


def compare_articles(
    articles: list[PivotArticle],
    *,
    story: str = "",
    pivot_language: str = "en",
    settings: AlignSettings | None = None,
    vectors: dict[str, ArticleVectors] | None = None,
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
    method: str = "",
) -> Comparison:
    """Align, diff and find what differs. With `vectors` for every article, sentences align by
    meaning across languages; without, only sentences with pivot text align, lexically."""
    settings = settings or AlignSettings()
    articles = _labelled(articles)
    by_meaning = vectors is not None and all(a.id in vectors for a in articles if a.sentences)
    evidence: list[list[SentenceEvidence]] = []
    if by_meaning:
        assert vectors is not None
        evidence = _evidence(articles, vectors, pivot_language)
        clusters = align(evidence, settings, encode, reference)
        comparable = [a.id for a in articles if a.sentences]
    else:
        lexical_groups = group_pairs(score_pairs(articles, settings.lexical))
        clusters = [Cluster(refs, []) for refs, _ in lexical_groups]
        weakest = [w for _, w in lexical_groups]
        comparable = [a.id for a in articles if any(s.pivot_text for s in a.sentences)]
    groups: list[AlignedGroup] = []
    aligned: set[tuple[int, int]] = set()
    for number, cluster in enumerate(clusters):
        aligned.update(cluster.refs)
        similarity = cluster.weakest if by_meaning else weakest[number]
        groups.append(_group(number, cluster, articles, similarity))
    unique = []
    if len(comparable) > 1:
        unique = [
            UniqueClaim(s.article_id, article.name, s.sentence_id, s.pivot_text, s.original_text)
            for ai, article in enumerate(articles)
            if article.id in comparable
            for si, s in enumerate(article.sentences)
            if (ai, si) not in aligned
            and (by_meaning or s.pivot_text is not None)
            and has_content(s.original_text)
            and not (by_meaning and _said_inside(evidence, ai, si, settings.min_cosine))
        ]
    refs = [cluster.refs for cluster in clusters]
    originals = (
        [vectors[a.id].original if a.id in vectors else None for a in articles]
        if by_meaning and vectors is not None
        else None
    )
    table = build_fact_table(articles, refs, originals)
    comparison = Comparison(
        story=story, pivot_language=pivot_language, articles=articles, groups=groups,
        unique=unique, discrepancies=find_discrepancies(articles, refs, table),
        coverage=_coverage(articles, groups, comparable),
        method=method or ("meaning" if by_meaning else "lexical"), comparable=comparable,
        facts=table,
    )  # fmt: skip
    comparison.framing = build_framing(comparison, encode=encode if by_meaning else None)
    if len(comparable) < 2:
        comparison.notes.append(
            "fewer than two articles can be compared (no pivot text and no encoder):"
            " nothing to compare with"
        )
    return comparison


def _labelled(articles: list[PivotArticle]) -> list[PivotArticle]:
    """Give articles of one outlet distinct labels, so that their facts stay apart."""
    counts: dict[str, int] = {}
    for a in articles:
        counts[a.outlet] = counts.get(a.outlet, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for a in articles:
        if counts[a.outlet] > 1:
            seen[a.outlet] = seen.get(a.outlet, 0) + 1
            label = f"{a.outlet} ({seen[a.outlet]})"
        else:
            label = a.outlet
        out.append(replace(a, label=label))
    return out


def _evidence(
    articles: list[PivotArticle], vectors: dict[str, ArticleVectors], pivot_language: str
) -> list[list[SentenceEvidence]]:
    out: list[list[SentenceEvidence]] = []
    for article in articles:
        if not article.sentences:
            out.append([])
            continue
        v = vectors[article.id]
        out.append([
            build_evidence(
                v.original[i], v.pivot[i] if i < len(v.pivot) else None,
                pivot_language if s.pivot_text is not None else article.language,
                s.text, s.original_text, article.language,
            )
            for i, s in enumerate(article.sentences)
        ])  # fmt: skip
    return out


def _said_inside(
    evidence: list[list[SentenceEvidence]], article: int, index: int, min_cosine: float
) -> bool:
    """Whether another outlet says this sentence inside a longer one of its own ("The pipeline
    will cost $2.4 billion" within "... a new 1,200 km pipeline, expected to cost about $2.4
    billion, ..."): a sentence close in meaning that carries every number this one gives."""
    own = evidence[article][index]
    numbers = {k for k in own.keys if k.startswith("#")}
    if not numbers:
        return False
    for other, sentences in enumerate(evidence):
        if other == article:
            continue
        for e in sentences:
            if (
                numbers <= e.keys
                and len(e.original) > 1.5 * len(own.original)
                and float(own.vector @ e.vector) >= min_cosine + 0.1
            ):
                return True
    return False


def _group(
    number: int, cluster: Cluster, articles: list[PivotArticle], similarity: float
) -> AlignedGroup:
    refs = cluster.refs
    sentences = [articles[a].sentences[s] for a, s in refs]
    languages = [
        "pivot" if s.pivot_text is not None else articles[a].language
        for (a, _), s in zip(refs, sentences, strict=True)
    ]
    members = []
    for position, ((ai, _), sentence) in enumerate(zip(refs, sentences, strict=True)):
        # Diff against the closest sentence of another article in the same language.
        others = [
            s for k, ((aj, _), s) in enumerate(zip(refs, sentences, strict=True))
            if aj != ai and languages[k] == languages[position]
        ]  # fmt: skip
        diff = []
        if others:
            anchor = max(others, key=lambda o: _overlap(sentence.text, o.text))
            diff = word_diff(sentence.text, anchor.text)
        members.append(GroupMember(
            article_id=sentence.article_id, outlet=articles[ai].name,
            sentence_id=sentence.sentence_id, pivot_text=sentence.pivot_text,
            original_text=sentence.original_text, source=sentence.source, diff=diff,
        ))  # fmt: skip
    evidence = [
        Evidence(
            articles[link.a[0]].sentences[link.a[1]].sentence_id,
            articles[link.b[0]].sentences[link.b[1]].sentence_id,
            round(link.cosine, 3),
            round(link.margin, 3),
            None if link.lexical is None else round(link.lexical, 3),
            list(link.shared),
        )  # fmt: skip
        for link in cluster.links
    ]
    return AlignedGroup(number, members, similarity, evidence)


def _overlap(a: str, b: str) -> int:
    return len(set(a.lower().split()) & set(b.lower().split()))


def _coverage(
    articles: list[PivotArticle], groups: list[AlignedGroup], comparable: list[str]
) -> dict[str, dict[str, float]]:
    """For article A and article B (by label): the share of A's sentences that B also reports;
    only between articles that could be compared."""
    by_label = {a.name: a for a in articles if a.id in comparable}
    reported: dict[tuple[str, str], set[str]] = {}
    for group in groups:
        labels = {m.outlet for m in group.members}
        for member in group.members:
            for other in labels - {member.outlet}:
                reported.setdefault((member.outlet, other), set()).add(member.sentence_id)
    return {
        a: {
            b: round(len(reported.get((a, b), set())) / max(len(by_label[a].sentences), 1), 3)
            for b in by_label if b != a
        }
        for a in by_label
    }  # fmt: skip


def compare_story(ws, slug: str, settings: AlignSettings | None = None) -> Comparison:
    """Compare the articles of a story (see module docstring)."""
    from workspace.embed.sentences import StoryEncoder

    story = ws.story(slug)
    encoder = StoryEncoder.open(ws)
    articles, notes = pivot_articles(
        ws, slug, story.pivot_language, encoder.encode if encoder.ready else None
    )
    vectors = None
    if encoder.ready:
        vectors = {
            a.id: ArticleVectors(
                encoder.encode([s.original_text for s in a.sentences], a.language),
                _pivot_vectors(encoder, a, story.pivot_language),
            )
            for a in articles
            if a.sentences
        }
    comparison = compare_articles(
        articles, story=slug, pivot_language=story.pivot_language, settings=settings,
        vectors=vectors, encode=encoder.encode if encoder.ready else None,
        reference=encoder.reference() if encoder.ready else None, method=encoder.method,
    )  # fmt: skip
    comparison.notes = [*encoder.notes(), *notes, *comparison.notes]
    return comparison


def _pivot_vectors(encoder, article: PivotArticle, pivot: str) -> list[np.ndarray | None]:
    """Vectors of pivot texts that are not the original itself (translations, editions)."""
    translated = [
        (i, s.pivot_text)
        for i, s in enumerate(article.sentences)
        if s.pivot_text is not None and s.source != "original"
    ]
    out: list[np.ndarray | None] = [None] * len(article.sentences)
    if translated:
        matrix = encoder.encode([t for _, t in translated], pivot)
        for row, (i, _) in enumerate(translated):
            out[i] = matrix[row]
    return out

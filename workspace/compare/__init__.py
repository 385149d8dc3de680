"""Compare how outlets report one story: alignment, word diffs, unique claims, discrepancies.

`compare_articles` works on articles already in the pivot language (pure, fast, testable);
`compare_story` gathers them from a workspace, taking for each sentence the original when it
is in the pivot language, else a human edition, else the newest machine translation.
"""

from __future__ import annotations

from workspace.compare.align import AlignSettings, group_pairs, score_pairs, sentence_at
from workspace.compare.diff import word_diff
from workspace.compare.discrepancies import find_discrepancies
from workspace.compare.model import (
    AlignedGroup,
    Comparison,
    GroupMember,
    PivotArticle,
    UniqueClaim,
)
from workspace.compare.pivot import pivot_articles

__all__ = ["compare_articles", "compare_story", "Comparison", "PivotArticle"]


def compare_articles(
    articles: list[PivotArticle],
    *,
    story: str = "",
    pivot_language: str = "en",
    settings: AlignSettings | None = None,
) -> Comparison:
    settings = settings or AlignSettings()
    pairs = score_pairs(articles, settings)
    groups: list[AlignedGroup] = []
    aligned: set[tuple[int, int]] = set()
    for number, (refs, weakest) in enumerate(group_pairs(pairs)):
        aligned.update(refs)
        sentences = [sentence_at(articles, ref) for ref in refs]
        members = []
        for ref, sentence in zip(refs, sentences, strict=True):
            # Diff against the closest sentence of another outlet in the group.
            others = [s for r, s in zip(refs, sentences, strict=True) if r[0] != ref[0]]
            anchor = max(others, key=lambda o: _overlap(sentence.pivot_text, o.pivot_text))
            members.append(
                GroupMember(
                    article_id=sentence.article_id,
                    outlet=articles[ref[0]].outlet,
                    sentence_id=sentence.sentence_id,
                    pivot_text=sentence.pivot_text,
                    original_text=sentence.original_text,
                    source=sentence.source,
                    diff=word_diff(sentence.pivot_text, anchor.pivot_text),
                )  # fmt: skip
            )
        groups.append(AlignedGroup(number, members, weakest))
    unique = [
        UniqueClaim(s.article_id, article.outlet, s.sentence_id, s.pivot_text, s.original_text)
        for ai, article in enumerate(articles)
        for si, s in enumerate(article.sentences)
        if (ai, si) not in aligned
    ]
    comparison = Comparison(
        story=story, pivot_language=pivot_language, articles=articles, groups=groups,
        unique=unique, discrepancies=[], coverage=_coverage(articles, groups),
    )  # fmt: skip
    comparison.discrepancies = find_discrepancies(comparison)
    if len(articles) < 2:
        comparison.notes.append(
            "only one article has text in the pivot language: nothing to compare with"
        )
    return comparison


def _overlap(a: str, b: str) -> int:
    return len(set(a.lower().split()) & set(b.lower().split()))


def _coverage(
    articles: list[PivotArticle], groups: list[AlignedGroup]
) -> dict[str, dict[str, float]]:
    """For outlet A and outlet B: the share of A's sentences that B also reports."""
    by_outlet = {a.outlet: a for a in articles}
    reported: dict[tuple[str, str], set[str]] = {}
    for group in groups:
        outlets = {m.outlet for m in group.members}
        for member in group.members:
            for other in outlets - {member.outlet}:
                reported.setdefault((member.outlet, other), set()).add(member.sentence_id)
    return {
        a: {
            b: round(len(reported.get((a, b), set())) / max(len(by_outlet[a].sentences), 1), 3)
            for b in by_outlet if b != a
        }
        for a in by_outlet
    }  # fmt: skip


def compare_story(ws, slug: str, settings: AlignSettings | None = None) -> Comparison:
    """Compare the articles of a story in its pivot language (see module docstring)."""
    story = ws.story(slug)
    articles, notes = pivot_articles(ws, slug, story.pivot_language)
    comparison = compare_articles(
        [a for a in articles if a.sentences], story=slug, pivot_language=story.pivot_language,
        settings=settings,
    )  # fmt: skip
    comparison.articles = articles
    comparison.notes = notes + [n for n in comparison.notes if n not in notes]
    return comparison

"""A read model of one story for interactive views: rows of aligned sentences across articles.

The TUI renders this; it never queries the database or runs the comparison itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workspace.compare import compare_story
from workspace.compare.model import Comparison, DiffSpan, Discrepancy
from workspace.compare.story_facts import StoryFacts, story_facts
from workspace.ingest.text import clean_text
from workspace.store.models import Story
from workspace.store.workspace import Workspace

LOW_CONFIDENCE = 0.35


@dataclass(frozen=True)
class SentenceView:
    """A sentence as shown: texts are cleaned of control and escape characters (files may have
    been edited by hand since they were added)."""

    article_id: str
    sentence_id: str
    original: str
    pivot: str | None  # None: not translated yet
    source: str  # original | human edition | machine: <route> | untranslated
    confidence: float | None = None
    diff: tuple[DiffSpan, ...] = ()

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class ArticleView:
    id: str
    outlet: str
    language: str
    script: str
    published: str
    title: str
    sentences: list[SentenceView]
    comparable: bool = True  # False: no pivot text and no encoder, so nothing can be said


@dataclass(frozen=True)
class Row:
    kind: str  # group | unique | free
    cells: dict[str, list[SentenceView]]  # article id -> sentences in this row
    group_id: int | None = None
    discrepancies: tuple[int, ...] = ()  # indexes into StoryView.discrepancies


@dataclass
class StoryView:
    story: Story
    articles: list[ArticleView]
    comparison: Comparison
    aligned_rows: list[Row] = field(default_factory=list)
    free_rows: list[Row] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that could not be read, why
    column_marks: dict[str, str] = field(default_factory=dict)  # article id -> e.g. "v3 ●"
    facts: StoryFacts | None = None  # the fact table, as the facts panel shows it

    @property
    def discrepancies(self) -> list[Discrepancy]:
        return self.comparison.discrepancies

    def rows(self, aligned: bool) -> list[Row]:
        return self.aligned_rows if aligned else self.free_rows


def load_story_view(ws: Workspace, slug: str) -> StoryView:
    story = ws.story(slug)
    comparison = compare_story(ws, slug)
    diffs = {
        (m.article_id, m.sentence_id): tuple(m.diff) for g in comparison.groups for m in g.members
    }
    articles = []
    for article in comparison.articles:
        sentences = [
            SentenceView(
                article.id, s.sentence_id, clean_text(s.original_text),
                clean_text(s.pivot_text) if s.pivot_text is not None else None,
                s.source, s.confidence, _clean_spans(diffs.get((article.id, s.sentence_id), ())),
            )
            for s in article.sentences
        ]  # fmt: skip
        articles.append(ArticleView(article.id, clean_text(article.name), article.language,
                                    article.script, clean_text(article.published),
                                    clean_text(article.title), sentences,
                                    article.id in comparison.comparable))  # fmt: skip
    view = StoryView(story, articles, comparison, skipped=list(ws.skipped.values()))
    view.facts = story_facts(comparison)
    view.aligned_rows = _aligned_rows(view)
    view.free_rows = _free_rows(view)
    return view


def _clean_spans(spans: tuple[DiffSpan, ...]) -> tuple[DiffSpan, ...]:
    return tuple(DiffSpan(clean_text(span.text), span.changed) for span in spans)


def _position(view: StoryView) -> dict[tuple[str, str], float]:
    """Where each sentence sits in its article, 0-1, to interleave rows in reading order."""
    where = {}
    for article in view.articles:
        n = max(len(article.sentences), 1)
        for i, s in enumerate(article.sentences):
            where[(article.id, s.sentence_id)] = i / n
    return where


def _aligned_rows(view: StoryView) -> list[Row]:
    lookup = {(s.article_id, s.sentence_id): s for a in view.articles for s in a.sentences}
    where = _position(view)
    by_sentence: dict[str, list[int]] = {}
    for index, d in enumerate(view.discrepancies):
        for sentence_id in d.sentence_ids:
            by_sentence.setdefault(sentence_id, []).append(index)
    rows: list[tuple[float, Row]] = []
    for group in view.comparison.groups:
        cells: dict[str, list[SentenceView]] = {}
        for m in group.members:
            sentence = lookup.get((m.article_id, m.sentence_id))
            if sentence is not None:
                cells.setdefault(m.article_id, []).append(sentence)
        order = min(where.get((m.article_id, m.sentence_id), 1.0) for m in group.members)
        found = tuple(
            sorted({i for m in group.members for i in by_sentence.get(m.sentence_id, [])})
        )
        rows.append((order, Row("group", cells, group.id, found)))
    grouped = {(m.article_id, m.sentence_id) for g in view.comparison.groups for m in g.members}
    unique = {(u.article_id, u.sentence_id) for u in view.comparison.unique}
    for article in view.articles:
        for s in article.sentences:
            if (article.id, s.sentence_id) in grouped:
                continue
            kind = "unique" if (article.id, s.sentence_id) in unique else "free"
            found = tuple(by_sentence.get(s.sentence_id, []))
            rows.append(
                (where[(article.id, s.sentence_id)], Row(kind, {article.id: [s]}, None, found))
            )
    rows.sort(key=lambda item: item[0])
    return [row for _, row in rows]


def _free_rows(view: StoryView) -> list[Row]:
    longest = max((len(a.sentences) for a in view.articles), default=0)
    return [
        Row("free", {a.id: [a.sentences[i]] for a in view.articles if i < len(a.sentences)})
        for i in range(longest)
    ]

"""What a workspace holds, at a glance: stories, articles, sentence and translation counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workspace.store.workspace import Workspace


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    outlet: str
    language: str
    script: str
    title: str
    sentences: int
    translated: dict[str, int] = field(default_factory=dict)  # target language -> sentences
    editions: list[str] = field(default_factory=list)  # languages of editions
    published: str = ""
    url: str = ""
    edition_translators: dict[str, str] = field(default_factory=dict)  # language -> who


@dataclass(frozen=True)
class StorySummary:
    slug: str
    title: str
    pivot_language: str
    articles: list[ArticleSummary]
    grouping: str = "hand"  # hand | automatic | suggested | accepted (see group.records)
    uncertain: bool = False  # grouping placed an article here in a close call

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.articles})

    @property
    def outlets(self) -> list[str]:
        return [a.outlet for a in self.articles]

    @property
    def published(self) -> str:
        """The articles' publication dates as a span ("2024-11-12 – 2024-11-13"), or ""."""
        dates = sorted({a.published for a in self.articles if a.published})
        if not dates:
            return ""
        return dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["languages"] = self.languages
        data["published"] = self.published
        data["outlets"] = self.outlets
        return data


def summarize_story(ws: Workspace, slug: str) -> StorySummary:
    story = ws.story(slug)
    ws.sync(slug)
    rows = ws.db.execute(
        "SELECT a.id, a.outlet, a.language, a.script, a.title, COUNT(s.sentence_id) AS n"
        " FROM articles a LEFT JOIN segments s ON s.article_id = a.id"
        " WHERE a.story = ? GROUP BY a.id ORDER BY a.path",
        (slug,),
    ).fetchall()
    translated: dict[str, dict[str, int]] = {}
    for row in ws.db.execute(
        "SELECT s.article_id, t.target_lang, COUNT(DISTINCT s.sentence_id)"
        " FROM segments s JOIN articles a ON a.id = s.article_id"
        " JOIN translations t ON t.source_hash = s.text_hash AND t.source_lang = a.language"
        " WHERE a.story = ? GROUP BY s.article_id, t.target_lang",
        (slug,),
    ):
        translated.setdefault(row[0], {})[row[1]] = row[2]
    # Names and titles come from the files as read now (cleaned), not from index rows an
    # older Parallax may have written; a file that cannot be read is left out (and reported).
    articles = {a.id: a for a in ws.articles(slug)}
    from workspace.group.records import grouping_state

    grouping, uncertain = grouping_state(ws.db, slug, len(rows))
    return StorySummary(
        slug=story.slug,
        title=story.title,
        pivot_language=story.pivot_language,
        articles=[
            ArticleSummary(
                id=row["id"],
                outlet=articles[row["id"]].outlet,
                language=articles[row["id"]].language,
                script=articles[row["id"]].script,
                title=articles[row["id"]].title,
                sentences=row["n"],
                translated=translated.get(row["id"], {}),
                editions=[e.language for e in articles[row["id"]].editions],
                published=articles[row["id"]].published,
                url=articles[row["id"]].url,
                edition_translators={
                    e.language: e.translator for e in articles[row["id"]].editions
                },
            )  # fmt: skip
            for row in rows
            if row["id"] in articles
        ],
        grouping=grouping,
        uncertain=uncertain,
    )


def summarize_workspace(ws: Workspace) -> list[StorySummary]:
    return [summarize_story(ws, story.slug) for story in ws.stories()]

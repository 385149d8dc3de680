"""What a comparison produces: dataclasses, JSON-ready via `to_dict`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PivotSentence:
    """One sentence of an article as compared: in the pivot language, with where it came from."""

    article_id: str
    sentence_id: str
    index: int  # position in the article
    pivot_text: str
    original_text: str
    source: str  # "original", "human edition", or "machine: <route>"
    confidence: float | None = None  # model confidence for machine translations


@dataclass(frozen=True)
class PivotArticle:
    id: str
    outlet: str
    language: str
    sentences: list[PivotSentence]
    missing: int = 0  # sentences with no pivot text yet (not translated)


@dataclass(frozen=True)
class DiffSpan:
    text: str
    changed: bool


@dataclass(frozen=True)
class GroupMember:
    article_id: str
    outlet: str
    sentence_id: str
    pivot_text: str
    original_text: str
    source: str
    diff: list[DiffSpan] = field(default_factory=list)  # against the group's anchor


@dataclass(frozen=True)
class AlignedGroup:
    id: int
    members: list[GroupMember]
    similarity: float  # the weakest link that holds the group together

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})


@dataclass(frozen=True)
class UniqueClaim:
    article_id: str
    outlet: str
    sentence_id: str
    pivot_text: str
    original_text: str


@dataclass(frozen=True)
class Discrepancy:
    kind: str  # number | date | name | quote
    description: str
    values: dict[str, str]  # outlet -> the value as written
    outlets: list[str]
    sentence_ids: list[str]
    group_id: int | None = None


@dataclass
class Comparison:
    story: str
    pivot_language: str
    articles: list[PivotArticle]
    groups: list[AlignedGroup]
    unique: list[UniqueClaim]
    discrepancies: list[Discrepancy]
    coverage: dict[str, dict[str, float]]  # outlet -> other outlet -> share reported by other
    notes: list[str] = field(default_factory=list)  # e.g. articles missing translations

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "pivot_language": self.pivot_language,
            "articles": [
                {
                    "id": a.id,
                    "outlet": a.outlet,
                    "language": a.language,
                    "sentences": len(a.sentences),
                    "missing_translations": a.missing,
                }
                for a in self.articles
            ],  # fmt: skip
            "groups": [
                {
                    "id": g.id,
                    "similarity": round(g.similarity, 3),
                    "members": [
                        {k: v for k, v in asdict(m).items() if k != "diff"}
                        | {"diff": [asdict(d) for d in m.diff]}
                        for m in g.members
                    ],
                }
                for g in self.groups
            ],  # fmt: skip
            "unique": [asdict(u) for u in self.unique],
            "discrepancies": [asdict(d) for d in self.discrepancies],
            "coverage": self.coverage,
            "notes": self.notes,
        }

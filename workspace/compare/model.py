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
    pivot_text: str | None  # None: no translation or edition yet
    original_text: str
    source: str  # "original", "human edition", "machine: <route>" or "untranslated"
    confidence: float | None = None  # model confidence for machine translations

    @property
    def text(self) -> str:
        """What a reader compares: the pivot text when there is one, else the original."""
        return self.pivot_text if self.pivot_text is not None else self.original_text


@dataclass(frozen=True)
class PivotArticle:
    id: str
    outlet: str
    language: str
    sentences: list[PivotSentence]  # every sentence, with or without pivot text
    missing: int = 0  # sentences with no pivot text yet (not translated)
    label: str = ""  # the outlet, or "outlet (2)" when an outlet has several articles
    script: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    editions: tuple[str, ...] = ()  # e.g. "en (human)", "en (machine)"

    @property
    def name(self) -> str:
        return self.label or self.outlet


@dataclass(frozen=True)
class DiffSpan:
    text: str
    changed: bool


@dataclass(frozen=True)
class GroupMember:
    article_id: str
    outlet: str
    sentence_id: str
    pivot_text: str | None
    original_text: str
    source: str
    diff: list[DiffSpan] = field(default_factory=list)  # against the closest same-language member

    @property
    def text(self) -> str:
        return self.pivot_text if self.pivot_text is not None else self.original_text


@dataclass(frozen=True)
class Evidence:
    """Why two members of a group were aligned."""

    a: str  # sentence ids
    b: str
    cosine: float | None
    margin: float | None
    lexical: float | None
    shared: list[str]  # numbers and name stems both sentences carry


@dataclass(frozen=True)
class AlignedGroup:
    id: int
    members: list[GroupMember]
    similarity: float  # the weakest link that holds the group together
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})


@dataclass(frozen=True)
class UniqueClaim:
    article_id: str
    outlet: str
    sentence_id: str
    pivot_text: str | None
    original_text: str

    @property
    def text(self) -> str:
        return self.pivot_text if self.pivot_text is not None else self.original_text


@dataclass(frozen=True)
class Discrepancy:
    kind: str  # number | date | name | quote_wording | quote
    description: str
    values: dict[str, str]  # outlet (article label) -> the value as written
    outlets: list[str]
    sentence_ids: list[str]
    group_id: int | None = None
    spans: dict[str, list[DiffSpan]] = field(default_factory=dict)  # quote_wording: the words


@dataclass
class Comparison:
    story: str
    pivot_language: str
    articles: list[PivotArticle]
    groups: list[AlignedGroup]
    unique: list[UniqueClaim]
    discrepancies: list[Discrepancy]
    coverage: dict[str, dict[str, float]]  # article label -> other -> share reported by other
    notes: list[str] = field(default_factory=list)  # e.g. articles missing translations
    method: str = ""  # how sentences were aligned: by meaning (encoder) or lexically
    comparable: list[str] = field(default_factory=list)  # ids of articles that could be compared
    facts: Any = None  # the story's FactTable (compare.fact_table)
    framing: list[Any] = field(default_factory=list)  # FramingEntry (compare.framing), ranked

    def versions(self) -> dict[str, str]:
        """Article id -> the name of the article it is a translated version of."""
        if self.facts is None:
            return {}
        return {
            self.articles[v].id: self.articles[link.original].name
            for v, link in self.facts.versions.items()
        }

    def to_dict(self) -> dict[str, Any]:
        versions = self.versions()
        return {
            "story": self.story,
            "pivot_language": self.pivot_language,
            "method": self.method,
            "articles": [
                {
                    "id": a.id,
                    "outlet": a.outlet,
                    "label": a.name,
                    "language": a.language,
                    "sentences": len(a.sentences),
                    "missing_translations": a.missing,
                    "comparable": a.id in self.comparable,
                    "title": a.title,
                    "url": a.url,
                    "published": a.published,
                    "editions": list(a.editions),
                    "translated_version_of": versions.get(a.id),
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
                    "evidence": [asdict(e) for e in g.evidence],
                }
                for g in self.groups
            ],  # fmt: skip
            "unique": [asdict(u) for u in self.unique],
            "discrepancies": [asdict(d) for d in self.discrepancies],
            "facts": self.facts.to_dict()["slots"] if self.facts is not None else [],
            "translation_flags": (
                self.facts.to_dict()["translation_flags"] if self.facts is not None else []
            ),
            "mt_differences": len(self.facts.flags) if self.facts is not None else 0,
            "framing": [e.to_dict() for e in self.framing],
            "coverage": self.coverage,
            "not_comparable": [a.id for a in self.articles if a.id not in self.comparable],
            "notes": self.notes,
        }

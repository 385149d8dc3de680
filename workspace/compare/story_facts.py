"""The story's fact table as people read it: one row per slot (what is counted or dated, and of
what), every outlet's values with the sentences that give them, how many outlets agree, whether
the slot contradicts, and what a machine translation changed (⚠).

Shared by `parallax facts`, the TUI facts panel and the reports, so all three say the same
thing. Built from a `Comparison` (its `facts` table and discrepancies); pure and fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workspace.compare.fact_table import Slot, TranslationFlag
from workspace.compare.model import Comparison, DiffSpan, Discrepancy


@dataclass(frozen=True)
class OutletValues:
    """What one outlet gives for a slot: each distinct value once, with its sentences."""

    outlet: str
    article_id: str
    values: list[str]  # as written
    normalized: list[str]  # as compared ("> 30", "2025-11-04")
    sentence_ids: list[str]
    flags: list[str] = field(default_factory=list)  # "the translation changed 2022 to 2002"


@dataclass(frozen=True)
class FactRow:
    kind: str  # number | date
    what: str  # "memoranda", "percent", "date"
    contradiction: bool
    agreement: list[tuple[str, int]]  # (value, outlets), most first
    outlets: list[OutletValues]
    mt_caused: bool  # a machine translation changed a value of this slot

    @property
    def counts(self) -> str:
        """ "37 ×4 · 36 ×1 · > 30 ×1" """
        return agreement_text(self.agreement)

    @property
    def sentence_ids(self) -> list[str]:
        return [sid for o in self.outlets for sid in o.sentence_ids]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "what": self.what, "contradiction": self.contradiction,
            "agreement": [{"value": v, "outlets": n} for v, n in self.agreement],
            "counts": self.counts, "mt_caused": self.mt_caused,
            "outlets": [vars(o) for o in self.outlets],
        }  # fmt: skip


@dataclass(frozen=True)
class QuoteWording:
    """One quote worded two ways: each outlet's wording with its differing words marked."""

    outlets: list[str]
    sentence_ids: list[str]
    spans: dict[str, list[DiffSpan]]
    values: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlets": self.outlets, "sentence_ids": self.sentence_ids, "values": self.values,
            "changed_words": {
                o: [s.text for s in spans if s.changed] for o, spans in self.spans.items()
            },
        }  # fmt: skip


@dataclass
class StoryFacts:
    story: str
    articles: int
    rows: list[FactRow]
    flags: list[TranslationFlag]  # every fact a machine translation changed
    quotes: list[QuoteWording]
    notes: list[str]  # why the table is empty, when it is

    @property
    def contradictions(self) -> int:
        return sum(r.contradiction for r in self.rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "articles": self.articles,
            "slots": [r.to_dict() for r in self.rows],
            "contradictions": self.contradictions,
            "quote_wording": [q.to_dict() for q in self.quotes],
            "translation_flags": [vars(f) | {"message": f.message} for f in self.flags],
            "mt_differences": len(self.flags),
            "notes": self.notes,
        }


def agreement_text(agreement: list[tuple[str, int]]) -> str:
    return " · ".join(f"{value} ×{count}" for value, count in agreement)


def story_facts(comparison: Comparison, *, conflicts_only: bool = False) -> StoryFacts:
    """The fact table of a compared story; `conflicts_only` keeps the contradicting slots."""
    table = comparison.facts
    slots: list[Slot] = list(table.slots) if table is not None else []
    flags: list[TranslationFlag] = list(table.flags) if table is not None else []
    by_sentence: dict[str, list[str]] = {}
    for flag in flags:
        by_sentence.setdefault(flag.sentence_id, []).append(flag.message)
    rows = [_row(slot, by_sentence) for slot in slots]
    if conflicts_only:
        rows = [r for r in rows if r.contradiction]
    quotes = [_quote(d) for d in comparison.discrepancies if d.kind == "quote_wording"]
    return StoryFacts(comparison.story, len(comparison.articles), rows, flags, quotes,
                      _notes(comparison, slots, rows, conflicts_only))  # fmt: skip


def _row(slot: Slot, flags: dict[str, list[str]]) -> FactRow:
    outlets: dict[str, OutletValues] = {}
    for v in slot.values:
        known = outlets.get(v.outlet)
        if known is None:
            known = outlets[v.outlet] = OutletValues(v.outlet, v.article_id, [], [], [], [])
        if v.value not in known.values:
            known.values.append(v.value)
            known.normalized.append(v.normalized)
        if v.sentence_id not in known.sentence_ids:
            known.sentence_ids.append(v.sentence_id)
            known.flags.extend(flags.get(v.sentence_id, []))
    mt_caused = any(o.flags for o in outlets.values())
    return FactRow(slot.kind, slot.what, slot.contradiction, list(slot.agreement),
                   list(outlets.values()), mt_caused)  # fmt: skip


def _quote(d: Discrepancy) -> QuoteWording:
    return QuoteWording(list(d.values), list(d.sentence_ids), dict(d.spans), dict(d.values))


def _notes(
    comparison: Comparison, slots: list[Slot], rows: list[FactRow], conflicts_only: bool
) -> list[str]:
    if not comparison.articles:
        return ["the story has no articles yet"]
    if len(comparison.articles) == 1:
        return ["the story has one article: there is nothing to compare its facts with"]
    if not slots:
        return ["no number or date is given by two outlets: no fact to compare"]
    if conflicts_only and not rows:
        return ["no slot contradicts: the outlets agree on every fact they share"]
    return []

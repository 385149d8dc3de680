"""The story-level fact table: every outlet's numbers and dates grouped into slots (what is
counted or dated, and of what), across languages, whether or not their sentences aligned.

A slot's values come from the originals, so a machine translation can neither invent nor hide a
disagreement; what a translation changed is flagged on the translation instead. Facts join a
slot when their sentences are aligned (the same claim) and, across groups, when their sentences
are close in meaning and count the same thing (a known unit, or a counted noun of one class:
"memoranda", "agreements", "соглашений", "келісім" are all documents). A slot contradicts when
two outlets give values that cannot both be true: qualifiers are meaning ("more than 30"
agrees with 37, "около 250" with 247), ranges overlap, weekdays and "yesterday" resolve
against each article's published date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workspace.compare.dates import DateFact
from workspace.compare.facts import Facts, extract_facts
from workspace.compare.model import PivotArticle
from workspace.compare.numbers import NumberFact, known_class, noun_class
from workspace.compare.translated import TranslatedVersion, find_translated_versions

Ref = tuple[int, int]  # (article index, sentence index)
Fact = NumberFact | DateFact

# Two sentences that did not align still share a slot when their originals are this close
# (cosine of the encoder's vectors) and their facts count the same kind of thing.
SLOT_COSINE = 0.90
# Units that say what a number measures well enough to link it outside its claim (percent,
# people, times and durations say too little: "63.66% turnout" is no "71% in favour").
SPECIFIC_UNITS = {"usd", "eur", "gbp", "kzt", "rub", "cny", "kgs", "m3", "km", "mi", "t", "ha",
                  "mw", "bbl"}  # fmt: skip

UNIT_NAMES = {
    "%": "percent", "usd": "US dollars", "eur": "euros", "gbp": "pounds", "kzt": "tenge",
    "rub": "roubles", "cny": "yuan", "kgs": "som", "m3": "cubic metres", "km": "km",
    "mi": "miles", "m": "metres", "t": "tonnes", "ha": "hectares", "mw": "MW",
    "bbl": "barrels", "times": "times", "year": "years", "month": "months", "day": "days",
    "hour": "hours", "people": "people",
}  # fmt: skip


@dataclass(frozen=True)
class SlotValue:
    article_id: str
    outlet: str  # the article's label
    sentence_id: str
    value: str  # as written
    normalized: str  # what was compared: "37", "> 30", "2025-11-04", "Tuesday"


@dataclass
class Slot:
    kind: str  # number | date
    what: str  # "memoranda", "percent", "date"
    values: list[SlotValue]
    agreement: list[tuple[str, int]]  # (value, how many outlets give it), most first
    contradiction: bool
    group_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "what": self.what, "contradiction": self.contradiction,
            "agreement": [{"value": v, "outlets": n} for v, n in self.agreement],
            "values": [vars(v) for v in self.values], "group_ids": self.group_ids,
        }  # fmt: skip


@dataclass(frozen=True)
class TranslationFlag:
    """A machine translation that changed a fact of its original."""

    article_id: str
    outlet: str
    sentence_id: str
    kind: str
    original: str
    translated: str

    @property
    def message(self) -> str:
        return f"the translation changed {self.original} to {self.translated}"


@dataclass(frozen=True)
class VersionChange:
    """A fact a translated version (an outlet's English page of its Russian report) gives
    differently from the original it follows."""

    kind: str
    original_id: str
    original_outlet: str
    original_sentence: str
    original_value: str
    version_id: str
    version_outlet: str
    version_sentence: str
    version_value: str
    group: int


@dataclass
class FactTable:
    slots: list[Slot]
    flags: list[TranslationFlag]  # machine translations that changed a fact of their original
    facts: dict[Ref, Facts]  # originals' facts, for quotes and names
    versions: dict[int, TranslatedVersion] = field(default_factory=dict)
    changes: list[VersionChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slots": [s.to_dict() for s in self.slots],
            "translation_flags": [vars(f) | {"message": f.message} for f in self.flags],
        }


# -- building ------------------------------------------------------------------------------------


def _normalized(fact: Fact) -> str:
    if isinstance(fact, DateFact):
        return fact.value
    sign = {"more": "> ", "least": "≥ ", "less": "< ", "most": "≤ ", "about": "≈ ",
            "almost": "≈ "}.get(fact.qualifier, "")  # fmt: skip
    if fact.qualifier == "range":
        return f"{readable(fact.low)}–{readable(fact.high)}"
    return f"{sign}{readable(fact.value)}"


def readable(value: float) -> str:
    """A quantity as a reader writes it: 37, 1200, 25,000, 2.5, 1.5 million, 12 billion."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale and round(value / scale, 3) == value / scale:
            return f"{value / scale:g} {word}"
    if value == int(value):
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return f"{value:,.6g}" if abs(value) >= 10000 else f"{value:g}"


def _what(fact: NumberFact) -> str:
    if fact.unit:
        return UNIT_NAMES.get(fact.unit, fact.unit)
    return fact.noun or "count"


def _compatible(a: Fact, b: Fact, cross_language: bool) -> bool:
    """Facts of one kind that could be about the same thing (not yet: the same value). What a
    number counts is compared when it can be: units, nouns of a known class in any language,
    nouns of one language; a noun in another language is no evidence either way."""
    if isinstance(a, DateFact) or isinstance(b, DateFact):
        if not (isinstance(a, DateFact) and isinstance(b, DateFact)):
            return False
        return (a.kind == "year") == (b.kind == "year")
    if a.unit and b.unit:
        if a.unit == "%" == b.unit and a.noun and b.noun and not cross_language:
            # a share of what: "70% of its electricity" is no "40% of the world's uranium"
            return noun_class(a.noun) == noun_class(b.noun)
        return a.unit == b.unit
    class_a = known_class(a.noun) if a.noun else ""
    class_b = known_class(b.noun) if b.noun else ""
    if a.unit or b.unit:
        unit, noun_class_ = (a.unit, class_b) if a.unit else (b.unit, class_a)
        return not noun_class_ or (unit == "people" and noun_class_ in ("people", "passenger"))
    if class_a and class_b:
        return class_a == class_b
    if a.noun and b.noun and not cross_language and not (class_a or class_b):
        return noun_class(a.noun) == noun_class(b.noun)
    return True


def _agree(a: Fact, b: Fact) -> bool:
    return a.agrees(b)  # type: ignore[arg-type]


class _Slots:
    """Union-find over facts (article, sentence, position), and the pairs that disagree."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, int, int, str], tuple[int, int, int, str]] = {}
        self.conflicts: list[tuple[tuple[int, int, int, str], tuple[int, int, int, str]]] = []

    def find(self, x: tuple[int, int, int, str]) -> tuple[int, int, int, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[int, int, int, str], b: tuple[int, int, int, str]) -> None:
        self.parent[self.find(a)] = self.find(b)


def _facts_of(facts: Facts, kind: str, codes: bool = False) -> list[Fact]:
    """Numbers or dates. Numbers of names and codes, and numbers written as words that do not
    say what they count ("two sides", "екі ел", but not "two people", "three hours"), are
    compared only between a text and its translation (`codes`)."""
    if kind == "number":
        return [n for n in facts.numbers if codes or not (n.code or (n.word and not _counts(n)))]
    return list(facts.dates)


def _counts(fact: NumberFact) -> bool:
    """Says what it counts: a unit, or a noun of a known class."""
    return bool(fact.unit or (fact.noun and known_class(fact.noun)))


def _same(a: Fact, b: Fact) -> bool:
    if isinstance(a, NumberFact) and isinstance(b, NumberFact):
        return a.same_value(b)
    return isinstance(a, DateFact) and isinstance(b, DateFact) and a.value == b.value


def _firm(fact: Fact, bare_is_firm: bool = True) -> bool:
    """Facts firm enough to contradict another outright: digits rather than number words; and,
    between outlets, a number that says what it counts (a bare "1" may be "1 billion")."""
    if not isinstance(fact, NumberFact):
        return True
    if fact.word:
        return _counts(fact)
    return bare_is_firm or bool(fact.unit or fact.noun)


def _cosine(vectors: list[np.ndarray | None] | None, x: Ref, y: Ref) -> float:
    if vectors is None:
        return 1.0
    vx, vy = vectors[x[0]], vectors[y[0]]
    return 1.0 if vx is None or vy is None else float(vx[x[1]] @ vy[y[1]])


def _pair_within(
    left: list[tuple[int, Fact]],
    right: list[tuple[int, Fact]],
    cross_language: bool,
    exact: bool = False,
    bare_is_firm: bool = True,
) -> list[tuple[int, int]]:
    """Which facts of two aligned sentences are about one thing. Facts of one sort are paired
    first (weekdays with weekdays, days with days, numbers of one unit): equal values, then
    values that agree, then the one remaining firm fact on each side (a changed value); only
    then may a weekday agree with a day. With `exact`, values must be equal to agree."""
    pairs: list[tuple[int, int]] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    tests = (_same,) if exact else (_same, _agree)
    for sort in sorted({_sort(f) for _, f in left + right}):
        side_left = [(i, a) for i, a in left if _sort(a) == sort]
        side_right = [(j, b) for j, b in right if _sort(b) == sort]
        for test in tests:
            for i, a in side_left:
                if i in used_left:
                    continue
                for j, b in side_right:
                    if j not in used_right and _compatible(a, b, cross_language) and test(a, b):
                        pairs.append((i, j))
                        used_left.add(i)
                        used_right.add(j)
                        break
        rest_left = [(i, a) for i, a in side_left if i not in used_left and _firm(a, bare_is_firm)]
        rest_right = [
            (j, b) for j, b in side_right if j not in used_right and _firm(b, bare_is_firm)
        ]
        for i, a in rest_left:
            candidates = [(j, b) for j, b in rest_right if _compatible(a, b, cross_language)]
            partners = [
                (k, c) for k, c in rest_left
                if any(_compatible(c, b, cross_language) for _, b in candidates)
            ]  # fmt: skip
            if len(candidates) == 1 and len(partners) == 1:
                pairs.append((i, candidates[0][0]))
                used_left.add(i)
                used_right.add(candidates[0][0])
    if not exact:  # a weekday left over may still agree with a day ("Tuesday", "Nov 4")
        for i, a in left:
            for j, b in right:
                if i not in used_left and j not in used_right and _agree_across(a, b):
                    pairs.append((i, j))
                    used_left.add(i)
                    used_right.add(j)
    return pairs


def _sort(fact: Fact) -> str:
    if isinstance(fact, DateFact):
        return "weekday" if fact.kind == "weekday" else fact.kind if fact.kind == "year" else "day"
    return "number"


def _agree_across(a: Fact, b: Fact) -> bool:
    return (
        isinstance(a, DateFact) and isinstance(b, DateFact) and _sort(a) != _sort(b)
        and "year" not in (a.kind, b.kind) and a.agrees(b)
    )  # fmt: skip


def build_fact_table(
    articles: list[PivotArticle],
    groups: list[list[Ref]],
    vectors: list[np.ndarray | None] | None = None,
) -> FactTable:
    """The table of a story: `groups` are the aligned groups (refs into `articles`), `vectors`
    the originals' sentence vectors per article (None: no cross-group slots). An article that
    is a translated version of another (compare.translated) gives no values of its own: what
    it changed is listed apart, as `changes`."""
    versions = find_translated_versions(articles, groups, vectors)
    facts: dict[Ref, Facts] = {}
    flags: list[TranslationFlag] = []
    for ai, article in enumerate(articles):
        for si, sentence in enumerate(article.sentences):
            original = extract_facts(sentence.original_text, article.language, article.published)
            facts[(ai, si)] = original
            if sentence.pivot_text is not None and _machine(sentence.source):
                translated = extract_facts(sentence.pivot_text, "en", article.published)
                flags.extend(
                    _translation_flags(article, sentence.sentence_id, original, translated)
                )
    slots = _Slots()
    group_of: dict[Ref, int] = {ref: number for number, refs in enumerate(groups) for ref in refs}
    partners = {x: _counterparts(refs, x, vectors) for refs in groups for x in refs}
    for kind in ("number", "date"):
        for refs in groups:
            for x_index, x in enumerate(refs):
                for y in refs[x_index + 1 :]:
                    if x[0] == y[0] or (y not in partners[x] and x not in partners[y]):
                        continue
                    if x[0] in versions or y[0] in versions:
                        continue
                    left = list(enumerate(_facts_of(facts[x], kind)))
                    right = list(enumerate(_facts_of(facts[y], kind)))
                    cross = articles[x[0]].language != articles[y[0]].language
                    for i, j in _pair_within(left, right, cross, bare_is_firm=False):
                        slots.union((*x, i, kind), (*y, j, kind))
                        if not _agree(left[i][1], right[j][1]) and not _agree_across(
                            left[i][1], right[j][1]
                        ):
                            slots.conflicts.append(((*x, i, kind), (*y, j, kind)))
        if vectors is not None:
            independent = {r: f for r, f in facts.items() if r[0] not in versions}
            _link_across_groups(kind, articles, independent, vectors, group_of, slots)
    changes = _version_changes(articles, groups, facts, partners, versions)
    return FactTable(_collect(articles, facts, slots, group_of), flags, facts, versions, changes)


def _version_changes(
    articles: list[PivotArticle],
    groups: list[list[Ref]],
    facts: dict[Ref, Facts],
    partners: dict[Ref, set[Ref]],
    versions: dict[int, TranslatedVersion],
) -> list[VersionChange]:
    """Facts a translated version gives differently from the sentence it follows."""
    out = []
    for number, refs in enumerate(groups):
        for x in refs:
            link = versions.get(x[0])
            if link is None:
                continue
            for y in partners[x]:
                if y[0] != link.original:
                    continue
                for kind in ("number", "date"):
                    left = list(enumerate(_facts_of(facts[y], kind, codes=True)))
                    right = list(enumerate(_facts_of(facts[x], kind, codes=True)))
                    for i, j in _pair_within(left, right, True, exact=True):
                        a, b = left[i][1], right[j][1]
                        if not _same(a, b):
                            out.append(VersionChange(
                                kind, articles[y[0]].id, articles[y[0]].name,
                                articles[y[0]].sentences[y[1]].sentence_id, a.text,
                                articles[x[0]].id, articles[x[0]].name,
                                articles[x[0]].sentences[x[1]].sentence_id, b.text, number,
                            ))  # fmt: skip
    return out


def _counterparts(refs: list[Ref], x: Ref, vectors: list[np.ndarray | None] | None) -> set[Ref]:
    """The sentence of each other article in x's group that is closest to x: when an outlet
    splits a claim over two sentences, each fact is compared with its own half only."""
    by_article: dict[int, list[Ref]] = defaultdict(list)
    for y in refs:
        if y[0] != x[0]:
            by_article[y[0]].append(y)
    out: set[Ref] = set()
    for members in by_article.values():
        if len(members) == 1 or vectors is None:
            out.update(members)
            continue
        out.add(max(members, key=lambda y: _cosine(vectors, x, y)))
    return out


def _machine(source: str) -> bool:
    return source.startswith("machine") or source == "edition: machine"


def _link_across_groups(
    kind: str,
    articles: list[PivotArticle],
    facts: dict[Ref, Facts],
    vectors: list[np.ndarray | None],
    group_of: dict[Ref, int],
    slots: _Slots,
) -> None:
    """A fact no other outlet's aligned sentence shares (an orphan) joins the slot, or the other
    orphan, whose sentence is closest in meaning, when that is close enough and counts the same
    kind of thing, and the article has no value there yet. Orphans only: facts already compared
    within their claim are never re-linked, so two quantities of one unit in one story (wheat
    exported, grain harvested) never merge into one slot."""
    nodes: list[tuple[Ref, int, Fact]] = []
    for ref, sentence_facts in facts.items():
        for position, fact in enumerate(_facts_of(sentence_facts, kind)):
            if isinstance(fact, DateFact) and fact.kind == "year":
                continue  # years are everywhere in a story: too vague outside their claim
            if isinstance(fact, NumberFact) and not (
                fact.unit in SPECIFIC_UNITS or (not fact.unit and known_class(fact.noun))
            ):
                continue  # a share, a duration or a bare count: too vague outside its claim
            nodes.append((ref, position, fact))
    articles_of: dict[tuple[int, int, int, str], set[int]] = defaultdict(set)
    for ref, position, _ in nodes:
        articles_of[slots.find((*ref, position, kind))].add(ref[0])
    orphans = [n for n in nodes if len(articles_of[slots.find((*n[0], n[1], kind))]) == 1]
    for x, i, a in orphans:
        vx = vectors[x[0]]
        if vx is None:
            continue
        best, best_cosine = None, SLOT_COSINE
        for y, j, b in nodes:
            if y[0] == x[0] or (x in group_of and group_of.get(y) == group_of[x]):
                continue
            root = slots.find((*y, j, kind))
            if x[0] in articles_of[root] or slots.find((*x, i, kind)) == root:
                continue
            vy = vectors[y[0]]
            if vy is None:
                continue
            cosine = float(vx[x[1]] @ vy[y[1]])
            cross = articles[x[0]].language != articles[y[0]].language
            if cosine >= best_cosine and _compatible(a, b, cross):
                best, best_cosine = (y, j), cosine
        if best is not None:
            old, new = slots.find((*x, i, kind)), slots.find((*best[0], best[1], kind))
            slots.union((*x, i, kind), (*best[0], best[1], kind))
            b = _facts_of(facts[best[0]], kind)[best[1]]
            if not _agree(a, b):
                slots.conflicts.append(((*x, i, kind), (*best[0], best[1], kind)))
            articles_of[slots.find(new)] = articles_of[old] | articles_of[new]


def _collect(
    articles: list[PivotArticle],
    facts: dict[Ref, Facts],
    slots: _Slots,
    group_of: dict[Ref, int],
) -> list[Slot]:
    members: dict[tuple[int, int, int, str], list[tuple[Ref, Fact]]] = defaultdict(list)
    for node in list(slots.parent):
        ref, position, kind = (node[0], node[1]), node[2], node[3]
        members[slots.find(node)].append((ref, _facts_of(facts[ref], kind)[position]))
    conflicting = {slots.find(a) for a, _ in slots.conflicts}  # once, not once per slot
    out = []
    for root, nodes in members.items():
        by_article: dict[int, list[tuple[Ref, Fact]]] = defaultdict(list)
        for ref, fact in nodes:
            by_article[ref[0]].append((ref, fact))
        if len(by_article) < 2:
            continue
        values = [
            SlotValue(articles[ref[0]].id, articles[ref[0]].name,
                      articles[ref[0]].sentences[ref[1]].sentence_id, fact.text, _normalized(fact))
            for ref, fact in sorted(nodes, key=lambda n: n[0])
        ]  # fmt: skip
        contradiction = root in conflicting
        first = nodes[0][1]
        kind = "date" if isinstance(first, DateFact) else "number"
        what = (
            ("year" if first.kind == "year" else "date")
            if isinstance(first, DateFact)
            else _slot_name(articles, nodes)
        )
        out.append(Slot(
            kind, what, values, _agreement(by_article), contradiction,
            sorted({group_of[ref] for ref, _ in nodes if ref in group_of}),
        ))  # fmt: skip
    return sorted(out, key=lambda s: (not s.contradiction, s.values[0].sentence_id))


def _slot_name(articles: list[PivotArticle], nodes: list[tuple[Ref, Fact]]) -> str:
    english = [f for ref, f in nodes if articles[ref[0]].language == "en"]
    for fact in english + [f for _, f in nodes]:
        if isinstance(fact, NumberFact) and (fact.unit or fact.noun):
            return _what(fact)
    return "count"


def _agreement(by_article: dict[int, list[tuple[Ref, Fact]]]) -> list[tuple[str, int]]:
    """Values and how many outlets give each (outlets whose values agree count together)."""
    clusters: list[tuple[Fact, int]] = []
    for entries in by_article.values():
        fact = entries[0][1]
        for index, (known, count) in enumerate(clusters):
            if _agree(known, fact) and _normalized(known) == _normalized(fact):
                clusters[index] = (known, count + 1)
                break
        else:
            clusters.append((fact, 1))
    return sorted(((_normalized(f), n) for f, n in clusters), key=lambda item: -item[1])


def _translation_flags(
    article: PivotArticle, sentence_id: str, original: Facts, translated: Facts
) -> list[TranslationFlag]:
    out = []
    for kind in ("number", "date"):
        left = list(enumerate(_facts_of(original, kind, codes=True)))
        right = list(enumerate(_facts_of(translated, kind, codes=True)))
        for i, j in _pair_within(left, right, article.language != "en", exact=True):
            a, b = left[i][1], right[j][1]
            if not _same(a, b):
                out.append(TranslationFlag(article.id, article.name, sentence_id, kind,
                                           a.text, b.text))  # fmt: skip
    return out

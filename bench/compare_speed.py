"""Comparison speed: 3 articles × 60 sentences and 10 × 100, and how time grows.

Articles are generated from a shared pool of "facts" (each outlet reports a random subset,
reworded with synonyms and different numbers), like real coverage of one event. Also times
the all-pairs baseline (every sentence pair scored, no rare-word index) at the smaller size.

    python bench/compare_speed.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workspace.compare import compare_articles  # noqa: E402
from workspace.compare.model import PivotArticle, PivotSentence  # noqa: E402

SUBJECTS = ["the ministry", "officials", "the government", "the company", "regional authorities",
            "the agency", "the minister", "local residents", "the operator", "experts"]  # fmt: skip
VERBS = ["said", "reported", "announced", "confirmed", "stated", "noted", "claimed", "estimated"]
OBJECTS = ["pipeline", "supplies", "prices", "exports", "repairs", "tariffs", "contracts", "grid",
           "harvest", "investments", "roads", "schools", "floods", "rescuers", "wages", "jobs"]  # fmt: skip
PLACES = ["Astana", "Almaty", "Kostanay", "Petropavl", "Aktobe", "Atyrau", "Shymkent", "Taraz",
          "Pavlodar", "Semey", "Oral", "Kyzylorda", "Turkistan", "Karaganda", "Aktau"]  # fmt: skip
UNITS = ["tonnes", "people", "km", "jobs", "cubic meters", "households"]


def make_story(articles: int, sentences: int, seed: int = 0) -> list[PivotArticle]:
    rng = random.Random(seed)
    facts = []
    for i in range(sentences * 2):
        facts.append((rng.choice(SUBJECTS), rng.choice(OBJECTS), rng.choice(OBJECTS),
                      rng.choice(PLACES), rng.randint(2, 900), rng.choice(UNITS), i))  # fmt: skip
    out = []
    for a in range(articles):
        chosen = rng.sample(facts, sentences)
        texts = []
        for subject, obj, obj2, place, number, unit, i in chosen:
            verb = rng.choice(VERBS)
            value = number if rng.random() > 0.15 else number + rng.randint(1, 50)
            texts.append(f"In {place}, {subject} {verb} that {value} {unit} of {obj} and {obj2} "
                         f"were affected in case {i}.")  # fmt: skip
        out.append(PivotArticle(f"a{a}", f"outlet {a}", "en", [
            PivotSentence(f"a{a}", f"a{a}-{j}", j, t, t, "original") for j, t in enumerate(texts)
        ]))  # fmt: skip
    return out


def timed(articles: list[PivotArticle]) -> tuple[float, int]:
    best = float("inf")
    groups = 0
    for _ in range(3):
        began = time.perf_counter()
        comparison = compare_articles(articles)
        best = min(best, time.perf_counter() - began)
        groups = len(comparison.groups)
    return best, groups


def all_pairs_seconds(articles: list[PivotArticle]) -> tuple[float, int]:
    """The naive baseline: similarity of every cross-article sentence pair."""
    from itertools import combinations

    from workspace.compare.lexical import _idf, _Profile, similarity
    from workspace.compare.text import content_terms

    began = time.perf_counter()
    terms = [[content_terms(s.pivot_text) for s in a.sentences] for a in articles]
    idf = _idf([t for article in terms for t in article])
    profiles = [[_Profile(t, idf) for t in article] for article in terms]
    pairs = 0
    for x, y in combinations(range(len(articles)), 2):
        for p in profiles[x]:
            for q in profiles[y]:
                similarity(p, q)
                pairs += 1
    return time.perf_counter() - began, pairs


def main() -> None:
    print(f"{'articles':>8} {'sentences':>9} {'seconds':>8} {'groups':>7}")
    results = {}
    for articles, sentences in ((3, 60), (3, 120), (5, 100), (10, 50), (10, 100)):
        seconds, groups = timed(make_story(articles, sentences))
        results[(articles, sentences)] = seconds
        print(f"{articles:8d} {sentences:9d} {seconds:8.3f} {groups:7d}")
    baseline, pairs = all_pairs_seconds(make_story(3, 60))
    small, large = results[(3, 60)], results[(10, 100)]
    print(
        f"3×60 scoring all {pairs} sentence pairs with difflib (no filter): {baseline:.3f} s "
        f"({baseline / small:.1f}× the whole indexed comparison)"
    )
    print(
        f"growth: 3×60 → 10×100 is {10 * 100 / (3 * 60):.1f}× the sentences and "
        f"{(1000 * 999) / (180 * 179):.0f}× the sentence pairs; time grew {large / small:.1f}×"
    )
    print(f"RESULT small_seconds={small:.3f} large_seconds={large:.3f}")


if __name__ == "__main__":
    main()

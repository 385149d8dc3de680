"""The hand-labelled multi-outlet stories in tests/data/stories are consistent with themselves.

They are gold data for alignment, facts and framing (issues 10, 11, 17), so a wrong id, a sentence
the segmenter would cut differently or a group that chains two unrelated claims would silently
skew every score measured on them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from workspace.compare.labelled import load_story
from workspace.ingest.segment import segment

DATA = Path(__file__).parents[1] / "data" / "stories"
PATHS = sorted(DATA.glob("*.json"))
LANGUAGES = {"ru", "kk", "en"}
KINDS = {"number", "date", "name", "quote", "quote_wording"}
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def sentence_texts(story: dict) -> dict[str, str]:
    return {
        f"{letter}{i + 1}": text
        for letter, article in story["articles"].items()
        for i, text in enumerate(article["sentences"])
    }


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def story(request: pytest.FixtureRequest) -> dict:
    return load(request.param)


def test_the_collection_covers_what_the_benchmarks_need():
    stories = [load(p) for p in PATHS]
    assert len(stories) >= 6
    languages = [{a["language"] for a in s["articles"].values()} for s in stories]
    assert sum(langs == LANGUAGES for langs in languages) >= 3
    scripts = {(a["language"], a["script"]) for s in stories for a in s["articles"].values()}
    assert ("kk", "Latn") in scripts and ("kk", "Cyrl") in scripts
    assert max(len(s["articles"]) for s in stories) == 14
    assert sum(bool(s["framing"]) for s in stories) >= 4


def test_articles_are_well_formed(story):
    articles = story["articles"]
    assert 8 <= len(articles) <= 14
    assert len({a["language"] for a in articles.values()}) >= 2
    for letter, article in articles.items():
        assert re.fullmatch(r"[A-Z]", letter)
        assert article["outlet"].strip()
        assert article["language"] in LANGUAGES
        date.fromisoformat(article["published"])
        assert 6 <= len(article["sentences"]) <= 16, letter
        assert article["title"] == article["sentences"][0]
        expected_script = "Latn" if article["language"] == "en" else article["script"]
        assert article["script"] == expected_script in {"Cyrl", "Latn"}
        for text in article["sentences"]:
            assert bool(CYRILLIC.search(text)) == (article["script"] == "Cyrl"), text


def test_sentences_are_what_the_segmenter_produces(story):
    for letter, article in story["articles"].items():
        headline, *body = article["sentences"]
        text = headline + "\n\n" + " ".join(body)
        produced = [s for p in segment(text, article["language"]) for s in p.sentences]
        assert produced == article["sentences"], letter


def test_every_sentence_is_in_exactly_one_group_or_unique(story):
    ids = list(sentence_texts(story))
    placed = [sid for group in story["groups"] for sid in group] + story["unique"]
    assert sorted(placed) == sorted(ids)
    assert set(story["claims"]) == set(ids)
    assert all(story["claims"][sid] for sid in ids)


def test_groups_span_outlets_and_never_chain(story):
    claims = story["claims"]
    for group in story["groups"]:
        assert len({sid[0] for sid in group}) >= 2, group
        carried = sorted({c for sid in group for c in claims[sid]})
        for a, b in combinations(carried, 2):
            assert any(a in claims[s] and b in claims[s] for s in group), (group, a, b)
        # Two sentences of one outlet share a group only when another outlet's sentence joins them.
        for s, t in combinations(group, 2):
            if s[0] == t[0]:
                assert any(
                    u[0] != s[0]
                    and set(claims[u]) & set(claims[s])
                    and set(claims[u]) & set(claims[t])
                    for u in group
                ), (group, s, t)


def test_groups_and_unique_follow_the_claims(story):
    group_of = {sid: i for i, group in enumerate(story["groups"]) for sid in group}
    carriers = defaultdict(set)
    for sid, carried in story["claims"].items():
        for claim in carried:
            carriers[claim].add(sid)
    for claim, sids in carriers.items():
        if len({sid[0] for sid in sids}) >= 2:
            assert len({group_of.get(sid) for sid in sids}) == 1, claim
    for sid in story["unique"]:
        for claim in story["claims"][sid]:
            assert {other[0] for other in carriers[claim]} == {sid[0]}, (sid, claim)


def test_discrepancies_point_at_sentences_and_outlets(story):
    texts = sentence_texts(story)
    for entry in story["discrepancies"]:
        assert entry["kind"] in KINDS
        assert entry["slot"].strip() and entry["what"].strip()
        assert entry["sentences"] and set(entry["sentences"]) <= set(texts)
        letters = {sid[0] for sid in entry["sentences"]}
        assert set(entry["values"]) <= set(story["articles"])
        assert set(entry["values"]) == letters, entry["slot"]
        distinct = set(entry["values"].values())
        assert len(distinct) == 1 if entry["kind"] == "quote" else len(distinct) >= 2
        if entry["kind"] in ("quote", "quote_wording"):
            for letter, quote in entry["values"].items():
                assert any(quote in texts[s] for s in entry["sentences"] if s[0] == letter)
    for entry in story["not_discrepancies"] + story["not_framing"]:
        assert entry["sentences"] and set(entry["sentences"]) <= set(texts)
        assert entry["why"].strip()


def test_framing_wordings_come_from_their_sentences(story):
    texts = sentence_texts(story)
    for entry in story["framing"]:
        assert entry["referent"].strip()
        assert entry["salience"] in {"high", "medium", "low"}
        assert set(entry["sentences"]) <= set(texts)
        assert len(entry["wordings"]) >= 2
        assert set(entry["wordings"]) == {sid[0] for sid in entry["sentences"]}
        for letter, wordings in entry["wordings"].items():
            own = [texts[s].lower() for s in entry["sentences"] if s[0] == letter]
            for wording in wordings.split(" | "):
                assert any(wording.lower() in text for text in own), (letter, wording)


def test_the_compare_scorer_can_read_every_story():
    for path in PATHS:
        articles, labels = load_story(path)
        assert [len(a.sentences) for a in articles] == [
            len(a["sentences"]) for a in labels["articles"].values()
        ]

"""Framing entries: how each outlet names the same thing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workspace.compare import compare_articles
from workspace.compare.framing import FramingSettings, build_framing, empty_reason
from workspace.compare.labelled_framing import score_framing
from workspace.compare.model import PivotArticle, PivotSentence
from workspace.compare.phrases import loaded_words, phrases, word_key
from workspace.compare.report import to_html, to_markdown

DATA = Path(__file__).resolve().parents[1] / "data" / "framing"


def article(letter: str, outlet: str, sentences: list[str], language: str = "en") -> PivotArticle:
    pivot = language == "en"
    return PivotArticle(
        id=letter, outlet=outlet, language=language,
        sentences=[
            PivotSentence(letter, f"{letter}{i + 1}", i, text if pivot else None, text,
                          "original" if pivot else "untranslated")
            for i, text in enumerate(sentences)
        ],
    )  # fmt: skip


def framing_of(*articles: PivotArticle):
    comparison = compare_articles(list(articles), story="s")
    return comparison, comparison.framing


def test_a_loaded_word_is_found_and_ranked_first():
    _, entries = framing_of(
        article("A", "Wire", [
            "Police detained the protesters near the Korday border crossing on Thursday.",
            "Kazakhstan opened a peacekeeping training centre in Almaty on Tuesday.",
        ]),
        article("B", "Herald", [
            "Police detained the activists near the Korday border crossing on Thursday.",
            "Kazakhstan opened a so-called peacekeeping centre of NATO in Almaty on Tuesday.",
        ]),
    )  # fmt: skip
    assert entries, "the two namings of the centre should make an entry"
    first = entries[0]
    assert any("so-called" in reason for reason in first.reasons)
    words = {o: " | ".join(w.text for w in ws) for o, ws in first.wordings.items()}
    assert "so-called" in words["Herald"] and "centre" in words["Herald"]
    assert "training centre" in words["Wire"]
    assert {w.sentence_id for ws in first.wordings.values() for w in ws} == {"A2", "B2"}


def test_spelling_transliteration_and_said_stated_are_not_framing():
    comparison, entries = framing_of(
        article("A", "Wire", [
            "Akim Serik Satkaliyev said on Monday that the Kyzylorda bridge would reopen in May.",
            "The regional governor stated that repairs cost 2 billion tenge.",
        ]),
        article("B", "Herald", [
            "Akim Serik Satkaliev stated on Monday that the Qyzylorda bridge would reopen in May.",
            "The regional governor said that repairs cost 2 billion tenge.",
        ]),
    )  # fmt: skip
    assert comparison.groups, "the sentences should align"
    assert entries == []
    assert "no framing differences" in empty_reason(comparison)


def test_a_story_with_one_article_has_an_empty_table_said_plainly():
    comparison, entries = framing_of(
        article("A", "Wire", ["Kazakhstan opened a so-called NATO centre in Almaty."])
    )
    assert entries == []
    assert "1 article" in empty_reason(comparison)
    assert "1 article" in to_markdown(comparison)


def test_hostile_text_in_wordings_is_escaped_in_reports():
    comparison = compare_articles(
        [
            article("A", "<b>Wire</b>", [
                "Kazakhstan opened a <script>alert(1)</script> training centre in Almaty on Tuesday.",
            ]),
            article("B", "Herald", [
                "Kazakhstan opened a so-called [red]NATO[/red] centre in Almaty on Tuesday.",
            ]),
        ],
        story="s",
    )  # fmt: skip
    assert comparison.framing
    page = to_html(comparison)
    assert "<script>" not in page and "<b>Wire</b>" not in page
    assert "&lt;b&gt;Wire&lt;/b&gt;" in page
    md = to_markdown(comparison)
    section = md.split("## Framing")[1].split("\n## ")[0]
    assert "<script>" not in section and "\\<b\\>Wire\\</b\\>" in section
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["framing"][0]["outlets"]


def test_very_long_sentences_give_short_wordings():
    filler = ", ".join(f"district {i} reported calm" for i in range(60))
    _, entries = framing_of(
        article("A", "Wire", [f"Police detained the protesters near the border crossing, {filler}."]),
        article("B", "Herald", [f"Police detained the rioters near the border crossing, {filler}."]),
    )  # fmt: skip
    assert entries
    for entry in entries:
        for ws in entry.wordings.values():
            assert all(len(w.text.split()) <= 12 for w in ws)


def test_phrases_split_at_punctuation_conjunctions_and_saying():
    cut = [" ".join(p.words) for p in phrases("В Алматы открывается центр НАТО, заявила Захарова.")]
    assert cut == ["В Алматы открывается центр НАТО", "Захарова"]
    assert word_key("конференц-зал") == word_key("konferents-zal")


def test_loaded_words_in_three_languages_and_regime_as_a_mode_is_not_loaded():
    assert loaded_words("the so-called NATO centre") == ["so-called"]
    assert loaded_words("о так называемом «центре НАТО»") == ["так называемом"]
    assert loaded_words("Киевский режим атаковал нефтебазу") == ["режим"]
    assert loaded_words("водохранилище работает в штатном режиме") == []


@pytest.mark.parametrize("name", ["almaty-training-hall"])
def test_labelled_story_built_after_the_seed_finds_the_facility_first(name):
    from workspace.compare.labelled import load_story, reference_vectors, story_vectors
    from workspace.embed import get_encoder
    from workspace.embed.vectors import encoder_input

    encoder = get_encoder()
    if encoder is None:
        pytest.skip("no sentence encoder here")
    articles, labels = load_story(DATA / f"{name}.json")

    def encode(texts: list[str], language: str):
        return encoder.encode([encoder_input(t, language) for t in texts])

    comparison = compare_articles(
        articles, story=name, vectors=story_vectors(articles, encoder), encode=encode,
        reference=reference_vectors(encoder),
    )  # fmt: skip
    entries = build_framing(comparison, encode=encode, settings=FramingSettings())
    assert entries
    score = score_framing(entries, labels)
    assert (0, 0) in score.matched, "the facility ('alleged NATO base') should rank first"
    texts = " ".join(w.text for ws in entries[0].wordings.values() for w in ws)
    assert "alleged" in texts

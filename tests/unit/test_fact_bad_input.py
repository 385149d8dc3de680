"""Bad input for facts: numbers inside names and codes, phones, URLs, Roman numerals, scale
words, fractions, dates in many formats, stories without published dates, and a 10 × 100
story's fact table."""

from __future__ import annotations

import numpy as np
import pytest

from workspace.compare import compare_articles
from workspace.compare.fact_table import build_fact_table
from workspace.compare.facts import extract_facts
from workspace.compare.model import PivotArticle, PivotSentence
from workspace.compare.story_facts import story_facts


def numbers(text: str, language: str = "en") -> list[tuple[str, float, bool]]:
    return [(n.text, n.value, n.code) for n in extract_facts(text, language).numbers]


def dates(text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.kind, d.value) for d in extract_facts(text, "en", published).dates]


@pytest.mark.parametrize(
    ("text", "language", "code_text"),
    [
        ("Заболеваемость COVID-19 выросла.", "ru", "19"),
        ("Истребители Су-35 поднялись в воздух.", "ru", "35"),
        ("The plant is certified to ISO 9001.", "en", "9001"),
        ("A4 sheets were handed out.", "en", "4"),
        ("A Boeing 737-800 landed safely.", "en", "737-800"),
    ],
)
def test_numbers_of_names_and_codes_are_codes_not_quantities(text, language, code_text):
    found = numbers(text, language)
    assert [(t, code) for t, _, code in found] == [(code_text, True)]


def test_phones_urls_and_roman_numerals_give_no_facts():
    assert numbers("Call +7 (727) 258-34-12 for details.") == []
    facts = extract_facts("Details at https://gov.kz/news/2024/12345 and www.x.ru/7.", "en")
    assert facts.numbers == [] and facts.dates == []
    assert numbers("Пётр I основал город в XVIII веке.", "ru") == []
    assert numbers("Chapter IV opens the World War II section.") == []


def test_scale_words_and_fractions_are_one_number():
    assert numbers("Объём составил 1,5 млн тонн.", "ru") == [("1,5 млн тонн", 1.5e6, False)]
    assert numbers("Exports reached 1.5 million tonnes.") == [("1.5 million tonnes", 1.5e6, False)]
    assert ("3/4", 0.75, True) in numbers("Some 3/4 of residents voted.")
    assert not any(text in ("3", "4") for text, _, _ in numbers("Some 3/4 of residents voted."))


def test_dates_in_common_formats():
    for text in ("on 4 November 2025", "on November 4, 2025", "on Nov. 4, 2025",
                 "on 04.11.2025", "on 4/11/2025", "on 11/4/2025 (US)", "on 2025-11-04",
                 "4 ноября 2025 года", "2025 жылғы 4 қарашада"):  # fmt: skip
        found = dates(text)
        day = [v for k, v in found if k == "day"]
        assert day in (["2025-11-04"], ["2025-04-11"]), (text, found)
    assert dates("on 11/30/2025") == [("day", "2025-11-30")]  # only the American order fits
    assert dates("signed yesterday", "2025-11-05") == [("relative", "2025-11-04")]
    assert dates("signed on Tuesday", "2025-11-05") == [("weekday", "Tuesday")]


def _article(letter: str, texts: list[str], language: str = "en", published: str = "",
             pivot: list[str] | None = None, source: str = "original") -> PivotArticle:  # fmt: skip
    sentences = [
        PivotSentence(letter, f"{letter}{i + 1}", i,
                      pivot[i] if pivot else (text if language == "en" else None), text, source)
        for i, text in enumerate(texts)
    ]  # fmt: skip
    return PivotArticle(letter, f"Outlet {letter}", language, sentences, published=published)


def test_codes_and_qualifiers_are_no_discrepancy():
    a = _article("A", ["The plant, certified to ISO 9001, signed more than 30 memoranda."])
    b = _article("B", ["The plant, certified to ISO 14001, signed 37 memoranda."])
    c = compare_articles([a, b])
    assert [d.kind for d in c.discrepancies if d.kind in ("number", "date")] == []


def test_articles_without_published_dates_compare_without_error():
    a = _article("A", ["The accord was signed on Tuesday in Astana by both ministers."])
    b = _article("B", ["The accord was signed yesterday in Astana by both ministers."])
    c = compare_articles([a, b])
    assert not [d for d in c.discrepancies if d.kind == "date"]
    assert story_facts(c).to_dict()["story"] == ""


def test_a_machine_translation_that_changed_a_year_is_flagged_and_counted():
    ru = _article("A", ["Соглашение подписано в 2022 году в Астане."], "ru",
                  pivot=["The agreement was signed in 2002 in Astana."],
                  source="machine: ru→en")  # fmt: skip
    en = _article("B", ["The agreement was signed in 2022 in Astana."])
    table = story_facts(compare_articles([ru, en]))
    data = table.to_dict()
    assert data["mt_differences"] == 1
    assert data["translation_flags"][0]["message"] == "the translation changed 2022 to 2002"
    assert data["contradictions"] == 0


def synthetic_story(
    articles: int = 10, sentences: int = 100, seed: int = 0
) -> tuple[list[PivotArticle], list[list[tuple[int, int]]], list[np.ndarray | None]]:
    """A story of `articles` × `sentences`, every sentence carrying numbers, a date and a
    name, aligned row by row, with random unit vectors (bench/facts.py times it)."""
    rng = np.random.default_rng(seed)
    out = []
    for a in range(articles):
        letter = chr(ord("A") + a)
        texts = [
            f"Officials said {30 + (i + a) % 7} memoranda worth ${i + 1}.5 billion were signed "
            f"on {1 + i % 28} March 2025 by Minister Aibek Nurlanov in region {i}."
            for i in range(sentences)
        ]  # fmt: skip
        out.append(_article(letter, texts, published="2025-03-30"))
    groups = [[(a, i) for a in range(articles)] for i in range(sentences)]
    vectors: list[np.ndarray | None] = []
    for _ in range(articles):
        v = rng.normal(size=(sentences, 32)).astype(np.float32)
        vectors.append(v / np.linalg.norm(v, axis=1, keepdims=True))
    return out, groups, vectors


def test_a_ten_by_hundred_story_builds_its_table():
    articles, groups, vectors = synthetic_story()
    table = build_fact_table(articles, groups, vectors)
    assert len(table.slots) >= 100
    assert any(s.contradiction for s in table.slots)


def test_a_datelines_date_is_no_fact_of_the_claim():
    text = "ALMATY, April 16 (Steppe Wire) - The governor spoke on Tuesday."
    assert dates(text, "2025-04-16") == [("weekday", "Tuesday")]
    assert dates("On April 16 the governor spoke.", "2025-04-16") == [("day", "2025-04-16")]


def test_shares_of_different_things_and_rounded_near_figures_do_not_contradict():
    said = "Kazakhstan, officials said on the record, produces about"
    a = _article("A", [f"{said} 70% of its electricity."])
    b = _article("B", [f"{said} 40% of the world uranium."])
    c = _article("C", [f"{said} 40% of its electricity."])
    assert not [d for d in compare_articles([a, b]).discrepancies if d.kind == "number"]
    assert [d.kind for d in compare_articles([a, c]).discrepancies] == ["number"]
    nearly = extract_facts("Су 1 400-ге жуық тұрғын үйді басты.", "kk").numbers[0]
    exact = extract_facts("Подтоплены 1 412 жилых домов.", "ru").numbers[0]
    assert nearly.agrees(exact)


def test_latin_script_kazakh_reads_scale_words_and_keeps_its_own_spelling():
    found = extract_facts("Sauda kölemın 1 milliard dollarğa jetkızu ūsynyldy.", "kk").numbers
    assert [(n.text, n.value, n.unit) for n in found] == [("1 milliard dollarğa", 1e9, "usd")]

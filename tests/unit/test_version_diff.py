"""Version diffs: what counts as a change, which changes matter, which facts changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from workspace.feeds.changes import AWAY, NEITHER, TOWARD, movement
from workspace.feeds.facts import FactChange, fact_changes, sentence_facts
from workspace.feeds.labelled import score_directory
from workspace.feeds.versiondiff import diff_versions, text_changed

DATA = Path(__file__).parents[1] / "data" / "versions"

OLD = """Flooding forced the evacuation of 1,200 residents on Monday, officials said.

Rescuers built dams along the Ishim river. "We will rebuild every house," Governor Ivan Petrov said.

The water level rose by 30 centimetres overnight. Schools were closed."""


@pytest.mark.parametrize("folder", [DATA, DATA / "unseen"], ids=["labelled", "unseen"])
def test_labelled_edit_sequences_meet_the_targets(folder: Path) -> None:
    scores = score_directory(folder)["all"]
    assert len(scores.steps) >= 10
    for counts in (scores.version, scores.significant, scores.facts):
        assert counts.precision >= 0.9 and counts.recall >= 0.9, counts


def test_white_space_line_breaks_and_typography_are_not_changes() -> None:
    restyled = OLD.replace('"We', "«We").replace('house,"', "house,»").replace("\n\n", "\n\n\n")
    assert not text_changed(OLD, restyled.replace(". ", ".  "), "en")
    assert text_changed(OLD, OLD.replace("30", "40"), "en")


def test_a_moved_paragraph_is_not_a_change_and_a_typo_is_minor() -> None:
    paragraphs = OLD.split("\n\n")
    moved = "\n\n".join([paragraphs[2], paragraphs[0], paragraphs[1]])
    diff = diff_versions(OLD, moved, "en")
    assert diff.changes == [] and not diff.significant
    typo = diff_versions(OLD, OLD.replace("Rescuers built", "Rescuers biult"), "en")
    (change,) = typo.changes
    assert change.kind == "changed" and not change.significant and change.reason == "spelling fixed"
    assert typo.summary().startswith("minor:")


def test_a_corrected_number_a_removed_quote_and_an_added_sentence() -> None:
    new = OLD.replace("1,200", "2,400").replace(
        ' "We will rebuild every house," Governor Ivan Petrov said.', ""
    )
    new += "\n\nThe government promised compensation to every family whose home was damaged."
    diff = diff_versions(OLD, new, "en", old_title="Floods", new_title="Thousands flee floods")
    kinds = sorted(c.kind for c in diff.all_changes)
    assert kinds == ["added", "changed", "headline", "removed"]
    assert {f.description for f in diff.fact_changes} == {
        "number changed: 1,200 residents → 2,400 residents",
        "quote removed: We will rebuild every house",
    }
    changed = next(c for c in diff.changes if c.kind == "changed")
    assert [s.text for s in changed.new_diff if s.changed] == ["2,400"]
    assert diff.significant and diff.unchanged == 3


@pytest.mark.parametrize(
    ("language", "old", "new", "expected"),
    [
        ("ru", "Погибли 12 человек, сообщил Иван Петров.", "Погибли 15 человек, сообщил Иван Петров.",
         ["number changed: 12 человек → 15 человек"]),
        ("ru", "Соглашение подписали 12 марта в Астане.", "Соглашение подписали 14 марта в Астане.",
         ["date changed: 12 марта → 14 марта"]),
        ("ru", "Об этом сообщил министр Ермек Кенжеханулы.", "Об этом сообщил министр Айдарбек Карашукеев.",
         ["name changed: Ермек Кенжеханулы → Айдарбек Карашукеев"]),
        ("kk", "Министр «біз бұл мәселені міндетті түрде шешеміз» деді.", "Министр мәселені шешетінін айтты.",
         ["quote removed: біз бұл мәселені міндетті түрде шешеміз"]),
        ("kk", "Құрылысқа 6 миллиард теңге жұмсалды.", "Құрылысқа 7,5 миллиард теңге жұмсалды.",
         ["number changed: 6 миллиард теңге → 7,5 миллиард теңге"]),
        ("en", "The deal was signed on March 2 during a visit.", "The deal was signed on March 3 during a visit.",
         ["date changed: March 2 → March 3"]),
    ],
)  # fmt: skip
def test_fact_changes_in_every_language(
    language: str, old: str, new: str, expected: list[str]
) -> None:
    found = fact_changes(sentence_facts(old, language), sentence_facts(new, language))
    assert [f.description for f in found] == expected


def test_an_edit_moves_an_outlet_toward_or_away_from_the_others() -> None:
    others = {
        "Vlast": {("number", "2400"), ("name", "petro")},
        "Kazinform": {("number", "2400")},
    }
    toward = movement(FactChange("number", "1,200 residents", "2,400 residents"), others)
    assert toward.direction == TOWARD and toward.with_new == ("Kazinform", "Vlast")
    assert "now agrees with Kazinform, Vlast" in toward.description
    away = movement(FactChange("number", "2 400", "3 000"), others)
    assert away.direction == AWAY and away.with_old == ("Kazinform", "Vlast")
    unknown = movement(FactChange("number", "5", "6"), others)
    assert unknown.direction == NEITHER

"""Score framing entries against hand-labelled stories (`framing` in tests/data/stories and
tests/data/framing). Shared by bench/framing.py and the tests, so both measure the same thing.

A found entry matches a labelled one when, for at least two outlets, its wording shares a
content word (by `word_key`, so inflections and transliterations meet) with that outlet's
labelled wording. Recall: labelled entries matched by some found entry. Precision: found
entries that match some labelled entry (a second entry for one referent still counts as
correct; `duplicates` says how many there were).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workspace.compare.framing import FramingEntry
from workspace.compare.phrases import phrases


@dataclass
class FramingScore:
    found: int
    found_correct: int
    labelled: int
    labelled_found: int
    duplicates: int
    matched: list[tuple[int, int]]  # (found index, labelled index)

    def add(self, other: FramingScore) -> None:
        self.found += other.found
        self.found_correct += other.found_correct
        self.labelled += other.labelled
        self.labelled_found += other.labelled_found
        self.duplicates += other.duplicates

    @property
    def precision(self) -> float:
        return self.found_correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.labelled_found / self.labelled if self.labelled else 1.0


def _keys(text: str) -> set[str]:
    return {k for p in phrases(text) for k in p.content()}


def _letter(sentence_id: str) -> str:
    return re.sub(r"\d+$", "", sentence_id)


def entry_matches(entry: FramingEntry, gold: dict) -> bool:
    hits = 0
    for ws in entry.wordings.values():
        letters = {_letter(w.sentence_id) for w in ws}
        found = set().union(*(_keys(w.text) for w in ws))
        for letter in letters:
            if letter in gold["wordings"] and found & _keys(gold["wordings"][letter]):
                hits += 1
                break
    return hits >= 2


def score_framing(entries: list[FramingEntry], labels: dict) -> FramingScore:
    gold = labels.get("framing", [])
    matched = [(i, j) for i, e in enumerate(entries) for j, g in enumerate(gold)
               if entry_matches(e, g)]  # fmt: skip
    found_ok = {i for i, _ in matched}
    gold_ok = {j for _, j in matched}
    per_gold: dict[int, int] = {}
    for i in found_ok:
        j = min(j for k, j in matched if k == i)
        per_gold[j] = per_gold.get(j, 0) + 1
    duplicates = sum(n - 1 for n in per_gold.values())
    return FramingScore(len(entries), len(found_ok), len(gold), len(gold_ok), duplicates, matched)

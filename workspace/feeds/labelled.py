"""Score re-fetch decisions against labelled edit sequences (tests/data/versions/*.json).

Each file is one article's pages, in order, as a browser would copy them (page clutter
included), each step labelled: is it a new version, is it a significant edit, which facts
changed. Every step goes through what `refresh` does (clean the page, drop its clutter,
compare, diff). Shared by bench/versions.py and the tests, so both measure the same thing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workspace.compare.align import Encode
from workspace.compare.labelled import Counts
from workspace.feeds.facts import FactChange
from workspace.feeds.refresh import clean_page, compare_texts


@dataclass
class StepResult:
    name: str  # file:step
    kind: str  # the label's kind of edit
    gold_version: bool
    predicted_version: bool
    gold_significant: bool
    predicted_significant: bool
    gold_facts: list[dict[str, str]]
    predicted_facts: list[FactChange]
    matched_facts: int = 0


@dataclass
class Scores:
    version: Counts = field(default_factory=Counts)
    significant: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    steps: list[StepResult] = field(default_factory=list)


def _bare(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _matches(predicted: FactChange, gold: dict[str, str]) -> bool:
    if predicted.kind != gold["kind"]:
        return False
    for side in ("old", "new"):
        want, got = _bare(gold.get(side, "")), _bare(getattr(predicted, side))
        if bool(want) != bool(got) or (want and want not in got and got not in want):
            return False
    return True


def _binary(counts: Counts, gold: bool, predicted: bool) -> None:
    counts.tp += gold and predicted
    counts.fp += predicted and not gold
    counts.fn += gold and not predicted


def score_file(
    path: Path, encode: Encode | None = None, reference: np.ndarray | None = None
) -> Scores:
    data = json.loads(path.read_text(encoding="utf-8"))
    language, outlet = data["language"], data.get("outlet", "")
    scores = Scores()
    pages = [
        clean_page("\n".join(v["page"]), title=v.get("title", ""), outlet=outlet)
        for v in data["versions"]
    ]
    stored = pages[0]  # what the article file holds: changes only when a version is stored
    for number, (version, page) in enumerate(zip(data["versions"], pages, strict=True)):
        if number == 0:
            continue
        label = version["label"]
        diff = compare_texts(stored.body, stored.title, page, language, encode=encode,
                             reference=reference)  # fmt: skip
        if diff is not None:
            stored = page
        predicted_facts = diff.fact_changes if diff else []
        gold_facts = label.get("facts", [])
        step = StepResult(
            f"{path.stem}:{number}", label["kind"], label["new_version"], diff is not None,
            label["significant"], bool(diff and diff.significant), gold_facts, predicted_facts,
        )  # fmt: skip
        _binary(scores.version, step.gold_version, step.predicted_version)
        _binary(scores.significant, step.gold_significant, step.predicted_significant)
        unmatched = list(predicted_facts)
        for gold in gold_facts:
            hit = next((p for p in unmatched if _matches(p, gold)), None)
            if hit is not None:
                unmatched.remove(hit)
                step.matched_facts += 1
        scores.facts.tp += step.matched_facts
        scores.facts.fn += len(gold_facts) - step.matched_facts
        scores.facts.fp += len(unmatched)
        scores.steps.append(step)
    return scores


def score_directory(
    directory: Path, encode: Encode | None = None, reference: np.ndarray | None = None
) -> dict[str, Scores]:
    """Scores per language ('all' too)."""
    out: dict[str, Scores] = {}
    for path in sorted(directory.glob("*.json")):
        language = json.loads(path.read_text(encoding="utf-8"))["language"]
        scores = score_file(path, encode, reference)
        for key in (language, "all"):
            total = out.setdefault(key, Scores())
            total.version.add(scores.version)
            total.significant.add(scores.significant)
            total.facts.add(scores.facts)
            total.steps.extend(scores.steps)
    return out

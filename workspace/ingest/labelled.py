"""Scoring clutter removal against pages whose lines are labelled keep or drop.

The format (tests/data/clutter/README.md): `K| line` keep, `D| line` drop, `# expect-KEY: value`
notes, blank lines as they are. Used by bench/clutter.py and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workspace.ingest.clutter import CleanedText, remove_clutter

_EXPECT = re.compile(r"#\s*expect-([\w-]+):\s*(.*)")


@dataclass(frozen=True)
class LabelledPage:
    name: str
    lines: list[str]
    labels: list[str | None]  # "K", "D", or None for a blank line
    expect: dict[str, str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ClutterScore:
    """Dropped lines against the labels: clutter dropped (tp), content dropped (fp), clutter kept (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    lines: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: ClutterScore) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.lines += other.lines
        self.mistakes += other.mistakes


def read_page(path: Path) -> LabelledPage:
    lines: list[str] = []
    labels: list[str | None] = []
    expect: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("#"):
            match = _EXPECT.match(raw)
            if match:
                expect[match.group(1)] = match.group(2).strip()
        elif raw[:3] in ("K| ", "D| "):
            lines.append(raw[3:])
            labels.append(raw[0])
        elif not raw.strip():
            lines.append("")
            labels.append(None)
        else:
            raise ValueError(f"{path}:{number}: a line must start with 'K| ', 'D| ' or '#'")
    return LabelledPage(path.stem, lines, labels, expect)


def read_pages(folder: Path) -> list[LabelledPage]:
    return [read_page(path) for path in sorted(folder.glob("*.txt"))]


def score_page(page: LabelledPage) -> tuple[ClutterScore, CleanedText]:
    cleaned = remove_clutter(page.text)
    score = ClutterScore()
    for verdict, label in zip(cleaned.verdicts, page.labels, strict=True):
        if label is None:
            continue
        score.lines += 1
        dropped = not verdict.keep
        if dropped and label == "D":
            score.tp += 1
        elif dropped:
            score.fp += 1
            score.mistakes.append(
                f"{page.name}: content dropped ({verdict.reason}): {verdict.line}"
            )
        elif label == "D":
            score.fn += 1
            score.mistakes.append(f"{page.name}: clutter kept: {verdict.line}")
    return score, cleaned

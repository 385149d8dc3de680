"""Sentence-boundary precision/recall/F1 on Universal Dependencies text, per language.

Reads every *.conllu in --ud (default ../shared/data/ud), takes its `# text =` sentences in
document order, joins runs of 3-8 consecutive sentences into paragraphs (seeded), and scores
Parallax's segmenter next to razdel, pysbd and a plain regex splitter on the boundaries inside
each paragraph. Last line: RESULT ru_f1=... kk_f1=... en_f1=...

    python bench/segmentation.py [--ud DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace.ingest.segment import split_sentences  # noqa: E402

DEFAULT_UD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud"


def read_documents(path: Path) -> list[list[str]]:
    """Sentences grouped by document (`# newdoc`), in order."""
    documents: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and documents[-1]:
            documents.append([])
        elif line.startswith("# text = "):
            documents[-1].append(line[len("# text = ") :].strip())
    return [doc for doc in documents if doc]


def make_paragraphs(documents: list[list[str]], rng: random.Random) -> list[list[str]]:
    paragraphs = []
    for doc in documents:
        i = 0
        while i < len(doc):
            size = rng.randint(3, 8)
            paragraphs.append(doc[i : i + size])
            i += size
    return paragraphs


def boundary_offsets(sentences: list[str]) -> tuple[str, set[int]]:
    text = " ".join(sentences)
    offsets, position = set(), 0
    for sentence in sentences[:-1]:
        position += len(sentence) + 1
        offsets.add(position)
    return text, offsets


def predicted_offsets(text: str, pieces: list[str]) -> set[int]:
    """Locate each predicted sentence in the text; a boundary is where a piece starts."""
    offsets, cursor = set(), 0
    squeezed = [re.sub(r"\s+", " ", p).strip() for p in pieces]
    for piece in squeezed:
        if not piece:
            continue
        found = text.find(piece[: min(len(piece), 20)], cursor)
        if found < 0:
            continue
        if found > 0:
            offsets.add(found)
        cursor = found + max(1, len(piece) - 1)
    return offsets


def regex_split(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def segmenters(language: str) -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {
        "parallax": lambda text: split_sentences(text, language)
    }
    try:
        import razdel

        found["razdel"] = lambda text: [s.text for s in razdel.sentenize(text)]
    except ImportError:
        pass
    try:
        import pysbd

        pysbd_lang = {"kk": "kk", "ru": "ru", "en": "en"}[language]
        seg = pysbd.Segmenter(language=pysbd_lang, clean=False)
        found["pysbd"] = seg.segment
    except (ImportError, ValueError, KeyError):
        pass
    found["regex"] = regex_split
    return found


def score(paragraphs: list[list[str]], split: Callable[[str], list[str]]) -> tuple[float, ...]:
    tp = fp = fn = 0
    for sentences in paragraphs:
        text, gold = boundary_offsets(sentences)
        pred = predicted_offsets(text, split(text))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ud", type=Path, default=DEFAULT_UD)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    files = sorted(args.ud.glob("*.conllu"))
    if not files:
        sys.exit(f"no *.conllu files in {args.ud}")
    results: dict[str, float] = {}
    for path in files:
        language = path.name.split("_")[0]
        rng = random.Random(args.seed)
        paragraphs = make_paragraphs(read_documents(path), rng)
        boundaries = sum(len(p) - 1 for p in paragraphs)
        print(f"\n{path.name}: {language}, {len(paragraphs)} paragraphs, {boundaries} boundaries")
        print(f"  {'segmenter':<10} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8}")
        for name, split in segmenters(language).items():
            began = time.perf_counter()
            precision, recall, f1 = score(paragraphs, split)
            elapsed = time.perf_counter() - began
            print(f"  {name:<10} {precision:9.3f} {recall:7.3f} {f1:7.3f} {elapsed:8.3f}")
            if name == "parallax":
                results[language] = f1
    print(
        "RESULT "
        + " ".join(
            f"{lang}_f1={f1:.3f}"
            for lang, f1 in sorted(
                results.items(),
                key=lambda kv: (
                    ["ru", "kk", "en"].index(kv[0]) if kv[0] in ("ru", "kk", "en") else 9
                ),
            )
        )
    )


if __name__ == "__main__":
    main()

"""Language identification of single sentences: accuracy and kk<->ru confusions.

1. Without context: every `# text =` sentence of the UD files in --ud (language from the
   file-name prefix) classified by Parallax's detector, lingua and py3langid (each also
   restricted to ru/kk/en, the fair comparison).
2. With the article's language as the prior (`detect_sentence_language`, what ingestion
   stores per sentence): the UD sentences with their own language as the prior, then crossed
   (each Russian sentence with a Kazakh prior and each Kazakh one with a Russian prior: a
   quote must still be found), the Kazakh lines of ../shared/data/kk-en-dev (government news,
   168 lines) the same two ways, then the hand-written short news lines of
   tests/data/langid/news_lines.tsv.

Last line: RESULT ru_acc=... kk_acc=... en_acc=... kk_as_ru=... (1), then prior_kk_acc=...
prior_ru_as_kk=... crossed_kk_acc=... crossed_ru_acc=... crossed_ru_as_kk=... lines_acc=...
lines_crossed_acc=... (2)

    python bench/langid.py [--ud DIR] [--lines FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace.ingest.language import detect_language  # noqa: E402
from workspace.ingest.sentence_language import detect_sentence_language  # noqa: E402

DEFAULT_UD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud"
DEFAULT_LINES = Path(__file__).resolve().parents[1] / "tests" / "data" / "langid" / "news_lines.tsv"


def sentences(path: Path) -> list[str]:
    return [
        line[len("# text = ") :].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]


def detectors() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {"parallax": lambda s: detect_language(s).language}
    try:
        from lingua import Language, LanguageDetectorBuilder

        names = {Language.RUSSIAN: "ru", Language.KAZAKH: "kk", Language.ENGLISH: "en"}
        three = LanguageDetectorBuilder.from_languages(*names).build()
        found["lingua-3"] = lambda s: names.get(three.detect_language_of(s), "?")  # type: ignore[arg-type]
        every = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def lingua_all(s: str) -> str:
            lang = every.detect_language_of(s)
            return lang.iso_code_639_1.name.lower() if lang else "?"

        found["lingua-all-low"] = lingua_all
    except ImportError:
        pass
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    found["py3langid"] = lambda s: py3langid.classify(s)[0]
    restricted = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)
    restricted.set_languages(["ru", "kk", "en"])
    found["py3langid-3"] = lambda s: restricted.classify(s)[0]
    return found


def read_lines(path: Path) -> list[tuple[str, str]]:
    """(language or "prior", text) of the labelled news lines."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, text = line.split("\t")
            rows.append((language, text))
    return rows


def with_prior(items: list[str], gold: str, prior: str) -> tuple[float, int, list[str]]:
    """Accuracy of `detect_sentence_language(s, prior)` on sentences in `gold`, the number
    taken for the other of ru/kk, and the misses."""
    other = {"ru": "kk", "kk": "ru"}.get(gold, "")
    guesses = [detect_sentence_language(s, prior) for s in items]
    misses = [s for s, g in zip(items, guesses, strict=True) if g != gold]
    confused = sum(g == other for g in guesses)
    return 1 - len(misses) / max(len(items), 1), confused, misses


def prior_section(data: dict[str, list[str]], lines_path: Path) -> dict[str, float | int]:
    print("\nwith the article's language as the prior (detect_sentence_language)")
    print(f"{'sentences':<34} {'prior':>5} {'n':>5} {'acc':>7} {'to other':>9}")
    results: dict[str, float | int] = {}
    began = time.perf_counter()
    for lang, items in data.items():
        acc, confused, misses = with_prior(items, lang, lang)
        print(f"{'UD ' + lang:<34} {lang:>5} {len(items):5d} {acc:7.3f} {confused:9d}")
        results[f"prior_{lang}_acc"] = acc
        if lang == "ru":
            results["prior_ru_as_kk"] = confused
        for miss in misses[:5]:
            print(f"    missed: {miss[:90]}")
    for lang, prior in (("ru", "kk"), ("kk", "ru")):
        if lang not in data:
            continue
        acc, confused, misses = with_prior(data[lang], lang, prior)
        label = f"UD {lang}, crossed (quotes)"
        print(f"{label:<34} {prior:>5} {len(data[lang]):5d} {acc:7.3f} {confused:9d}")
        results[f"crossed_{lang}_acc"] = acc
        results[f"crossed_{lang}_as_{prior}"] = confused
        for miss in misses[:5]:
            print(f"    missed: {miss[:90]}")
    kk_dev = sorted((DEFAULT_UD.parent / "kk-en-dev").glob("*/kk.txt"))
    if kk_dev:
        items = [ln.strip() for p in kk_dev for ln in p.read_text(encoding="utf-8").splitlines()
                 if ln.strip()]  # fmt: skip
        for prior, label in (("kk", "kk-en-dev kk"), ("ru", "kk-en-dev kk, crossed (quotes)")):
            acc, confused, misses = with_prior(items, "kk", prior)
            print(f"{label:<34} {prior:>5} {len(items):5d} {acc:7.3f} {confused:9d}")
            results["kk_dev_acc" if prior == "kk" else "kk_dev_crossed_acc"] = acc
            for miss in misses[:5]:
                print(f"    missed: {miss[:90]}")
    if lines_path.is_file():
        rows = read_lines(lines_path)
        right = total = crossed_right = crossed_total = 0
        misses = []
        for lang, text in rows:
            for prior in ("ru", "kk"):
                gold = prior if lang == "prior" else lang
                got = detect_sentence_language(text, prior) == gold
                if lang in ("prior", prior):
                    right, total = right + got, total + 1
                else:
                    crossed_right, crossed_total = crossed_right + got, crossed_total + 1
                if not got:
                    misses.append(f"{text}  (prior {prior}, is {gold})")
        print(f"{'news lines, own language':<34} {'both':>5} {total:5d} {right / total:7.3f}")
        print(
            f"{'news lines, crossed (quotes)':<34} {'other':>5} {crossed_total:5d}"
            f" {crossed_right / crossed_total:7.3f}"
        )
        for miss in misses:
            print(f"    missed: {miss}")
        results["lines_acc"] = right / total
        results["lines_crossed_acc"] = crossed_right / crossed_total
    print(f"{time.perf_counter() - began:.2f} s")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ud", type=Path, default=DEFAULT_UD)
    parser.add_argument("--lines", type=Path, default=DEFAULT_LINES)
    args = parser.parse_args()
    data = {p.name.split("_")[0]: sentences(p) for p in sorted(args.ud.glob("*.conllu"))}
    if not data:
        sys.exit(f"no *.conllu files in {args.ud}")
    print("sentences: " + ", ".join(f"{lang} {len(s)}" for lang, s in data.items()))
    header = " ".join(f"{lang + '_acc':>8}" for lang in data)
    print(f"{'detector':<15} {header} {'kk->ru':>7} {'ru->kk':>7} {'seconds':>8}")
    results: dict[str, float | int] = {}
    for name, detect in detectors().items():
        began = time.perf_counter()
        accuracy, confusion = {}, {"kk->ru": 0, "ru->kk": 0}
        for lang, items in data.items():
            guesses = [detect(s) for s in items]
            accuracy[lang] = sum(g == lang for g in guesses) / len(items)
            if lang in ("kk", "ru"):
                other = "ru" if lang == "kk" else "kk"
                confusion[f"{lang}->{other}"] = sum(g == other for g in guesses)
        elapsed = time.perf_counter() - began
        cells = " ".join(f"{accuracy[lang]:8.3f}" for lang in data)
        print(
            f"{name:<15} {cells} {confusion['kk->ru']:7d} {confusion['ru->kk']:7d} {elapsed:8.2f}"
        )
        if name == "parallax":
            results = {
                **{f"{k}_acc": v for k, v in accuracy.items()},
                "kk_as_ru": confusion["kk->ru"],
            }
    results.update(prior_section(data, args.lines))
    print(
        "RESULT "
        + " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in results.items()
        )
    )


if __name__ == "__main__":
    main()

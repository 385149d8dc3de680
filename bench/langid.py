"""Language identification of single sentences: accuracy and kk<->ru confusions.

Every `# text =` sentence of the UD files in --ud (language from the file-name prefix) is
classified by Parallax's detector, lingua and py3langid (each also restricted to ru/kk/en,
the fair comparison). Last line: RESULT ru_acc=... kk_acc=... en_acc=... kk_as_ru=...

    python bench/langid.py [--ud DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workspace.ingest.language import detect_language  # noqa: E402

DEFAULT_UD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ud", type=Path, default=DEFAULT_UD)
    args = parser.parse_args()
    data = {p.name.split("_")[0]: sentences(p) for p in sorted(args.ud.glob("*.conllu"))}
    if not data:
        sys.exit(f"no *.conllu files in {args.ud}")
    print("sentences: " + ", ".join(f"{lang} {len(s)}" for lang, s in data.items()))
    header = " ".join(f"{lang + '_acc':>8}" for lang in data)
    print(f"{'detector':<15} {header} {'kk->ru':>7} {'ru->kk':>7} {'seconds':>8}")
    results = {}
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
    print(
        "RESULT "
        + " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in results.items()
        )
    )


if __name__ == "__main__":
    main()

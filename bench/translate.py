"""Translation speed: Argos' own path vs Parallax's engine vs raw CTranslate2, one run.

Builds a random-weight model with the dimensions of a real Argos package (6+6 layers,
d_model 512, 8 heads, FFN 2048, ~30k vocabulary; the end-of-sentence bias tuned so output
lengths are close to input lengths) and translates the same news sentences three ways:

  (a) Argos as users get it: apply_packaged_translation once per paragraph, its defaults
      (ARGOS_BATCH_SIZE 32 tokens, beam 4, Argos' thread settings), a simple sentencizer;
  (b) Parallax's engine (same beam; its output must equal (a)'s, checked here), through the
      translation memory of a scratch workspace;
  (c) raw translate_batch on pre-tokenized input with the best batch size (the ceiling).

Also (b) with beam 2 and its agreement with beam 4, and (b) again on the same text (memory
hits). Last line: RESULT engine/argos=<b/a> engine/ceiling=<b/c>

    python bench/translate.py [--sentences 600] [--ud DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="parallax-bench-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(SCRATCH / "argos-packages")  # never the user's models
os.environ.setdefault("XDG_DATA_HOME", str(SCRATCH / "data"))

DEFAULT_UD = ROOT.parent / "shared" / "data" / "ud"


def news_paragraphs(ud: Path, wanted: int) -> list[list[str]]:
    """Paragraphs of 3-6 consecutive Russian sentences (UD ru_gsd: encyclopaedic/news prose)."""
    files = sorted(ud.glob("ru_*.conllu"))
    if files:
        sentences = [
            line[len("# text = ") :].strip()
            for line in files[0].read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")
        ]
    else:
        from workspace.demo import demo_workspace

        ws, slug = demo_workspace(SCRATCH / "demo")
        article = next(a for a in ws.articles(slug) if a.language == "ru")
        sentences = [s.text for s in ws.sentences(article.id)] * 20
    sentences = [s for s in sentences if 20 <= len(s) <= 300][:wanted]
    paragraphs, i, size = [], 0, 3
    while i < len(sentences):
        paragraphs.append(sentences[i : i + size])
        i += size
        size = 3 + (size - 2) % 4
    return paragraphs


def build_model(corpus: str, eos_bias: float):  # type: ignore[no-untyped-def]
    from workspace.translate.packages import install_package_file
    from workspace.translate.toymodel import ToyModelShape, build_package

    shape = ToyModelShape(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=8000,
                          padded_vocab=30000, eos_bias=eos_bias, seed=1)  # fmt: skip
    out = SCRATCH / f"model-{eos_bias:g}"
    package = build_package(out, from_code="ru", to_code="en", shape=shape, corpus=corpus)
    return install_package_file(package, SCRATCH / "argos-packages")


def tuned_model(sentences: list[str]):  # type: ignore[no-untyped-def]
    """The Argos-sized random model whose end-of-sentence bias makes outputs about as long as
    inputs on a sample (a random model's output length is otherwise arbitrary); returns the
    installed model and its package file."""
    from workspace.translate.engine import DecodeOptions, Engine
    from workspace.translate.packages import install_package_file

    corpus = "\n".join(sentences)
    sample = sentences[:24]
    best = None
    for bias in (1.5, 2.0, 2.5, 3.0):
        model = build_model(corpus, bias)
        engine = Engine()
        in_len = sum(len(engine.encode(model, s, "ru")) for s in sample) / len(sample)
        out = engine.translate(model, sample, "ru", "en", DecodeOptions(beam_size=1))
        out_len = sum(h.tokens for h in out) / len(out)
        print(f"eos bias {bias:g}: mean input {in_len:.1f} pieces, mean output {out_len:.1f}")
        if best is None or abs(out_len - in_len) < best[0]:
            best = (abs(out_len - in_len), bias, model)
    assert best is not None
    _, bias, model = best
    print(f"using eos bias {bias:g}")
    # Every candidate installs into the same folder: put the chosen one back.
    package = next((SCRATCH / f"model-{bias:g}").glob("*.argosmodel"))
    return install_package_file(package, SCRATCH / "argos-packages"), package


class KnownSentences:
    """Stands in for MiniSBD (which would download a model): returns the paragraph's sentences
    as the engine gets them, so both paths translate exactly the same inputs."""

    def __init__(self, paragraphs: list[list[str]]) -> None:
        self.by_text = {" ".join(p): p for p in paragraphs}

    def split_sentences(self, text: str) -> list[str]:
        return self.by_text[text]


def squeeze(text: str) -> str:
    return "".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sentences", type=int, default=600, help="at most this many (UD ru has ~560)"
    )
    parser.add_argument("--ud", type=Path, default=DEFAULT_UD)
    args = parser.parse_args()

    import ctranslate2
    from argostranslate import settings
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    from workspace.store.workspace import init_workspace, text_hash
    from workspace.translate.engine import DecodeOptions, Engine
    from workspace.translate.pipeline import SourceSentence, translate_sentences
    from workspace.translate.routes import Route, Step

    paragraphs = news_paragraphs(args.ud, args.sentences)
    sentences = [s for p in paragraphs for s in p]
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(
        f"text: {len(sentences)} sentences in {len(paragraphs)} paragraphs, {words:.1f} words/sentence;"
        f" cores: {os.cpu_count()}"
    )

    model, _ = tuned_model(sentences)
    package = Package(model.path)

    # (a) Argos' own path, as translate() runs it.
    translator = ctranslate2.Translator(
        str(model.path / "model"), device=settings.device,
        inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
    )  # fmt: skip
    sentencizer = KnownSentences(paragraphs)
    began = time.perf_counter()
    argos_out = [
        apply_packaged_translation(package, " ".join(p), translator, sentencizer, num_hypotheses=1)[
            0
        ].value
        for p in paragraphs
    ]
    time_a = time.perf_counter() - began

    # (b) Parallax's engine through the translation memory of a scratch workspace.
    ws = init_workspace(SCRATCH / "ws")
    engine = Engine()
    route = Route("ru", "en", (Step(model, "ru", "en"),))
    items = [SourceSentence(text_hash(s), s) for s in sentences]
    options = DecodeOptions(beam_size=max(1, settings.beam_size))
    engine.translator(model)  # load time is not translation time (Argos' (a) loaded above too)
    began = time.perf_counter()
    entries, _ = translate_sentences(ws.db, engine, route, items, options)
    time_b = time.perf_counter() - began
    ours = {s.text: entries[s.text_hash].target_text for s in items}
    engine_out = [" ".join(ours[s] for s in p) for p in paragraphs]
    mismatches = sum(squeeze(a) != squeeze(b) for a, b in zip(argos_out, engine_out, strict=True))
    print(f"(b) vs (a): {len(paragraphs) - mismatches}/{len(paragraphs)} paragraphs identical")
    if mismatches:
        sys.exit("engine output differs from Argos' path: the comparison below would be unfair")

    began = time.perf_counter()
    translate_sentences(ws.db, engine, route, items, options)
    time_memory = time.perf_counter() - began

    padded = DecodeOptions(beam_size=options.beam_size, exact_batches=False)
    began = time.perf_counter()
    padded_out = engine.translate(model, sentences, "ru", "en", padded)
    time_padded = time.perf_counter() - began
    padded_agree = sum(h.text == ours[s] for s, h in zip(sentences, padded_out, strict=True))

    fast = DecodeOptions(beam_size=2)
    began = time.perf_counter()
    fast_out = engine.translate(model, sentences, "ru", "en", fast)
    time_fast = time.perf_counter() - began
    agree = sum(h.text == ours[s] for s, h in zip(sentences, fast_out, strict=True))

    # (c) the ceiling: raw translate_batch on pre-tokenized input, best batch size.
    tokens = [package.tokenizer.encode(s) for s in sentences]
    cores = os.cpu_count() or 1
    raw = ctranslate2.Translator(str(model.path / "model"), inter_threads=cores, intra_threads=1)
    time_c, best_batch = float("inf"), 0
    for batch in (16, 32, 64, 128):
        began = time.perf_counter()
        raw.translate_batch(tokens, max_batch_size=batch, beam_size=options.beam_size,
                            length_penalty=0.2, replace_unknowns=True)  # fmt: skip
        elapsed = time.perf_counter() - began
        if elapsed < time_c:
            time_c, best_batch = elapsed, batch

    def chars_per_sentence(texts: list[str]) -> float:
        """Mean output length (non-space characters; the paths differ only in spacing)."""
        return sum(len(squeeze(t)) for t in texts) / n

    n = len(sentences)
    print(f"{'path':<44} {'seconds':>8} {'sent/s':>8} {'out chars':>10}")
    print(
        f"{'(a) argos apply_packaged_translation':<44} {time_a:8.2f} {n / time_a:8.1f} {chars_per_sentence(argos_out):10.1f}"
    )
    print(
        f"{'(b) parallax engine, beam 4':<44} {time_b:8.2f} {n / time_b:8.1f} {chars_per_sentence([ours[s] for s in sentences]):10.1f}"
    )
    print(
        f"{'(b) padded batches instead (not default)':<44} {time_padded:8.2f} {n / time_padded:8.1f}"
    )
    print(
        f"{'(b) parallax engine, beam 2':<44} {time_fast:8.2f} {n / time_fast:8.1f} {chars_per_sentence([h.text for h in fast_out]):10.1f}"
    )
    print(
        f"{'(b) again: translation memory hits':<44} {time_memory:8.3f} {n / max(time_memory, 1e-9):8.0f}"
    )
    print(
        f"{f'(c) raw translate_batch, max_batch_size {best_batch}':<44} {time_c:8.2f} {n / time_c:8.1f}"
    )
    print(f"beam 2 agrees with beam 4 on {agree}/{n} sentences ({agree / n:.0%})")
    print(f"padded batches agree with exact (= Argos) on {padded_agree}/{n} sentences")
    print(f"RESULT engine/argos={time_a / time_b:.2f} engine/ceiling={time_c / time_b:.2f}")


if __name__ == "__main__":
    main()

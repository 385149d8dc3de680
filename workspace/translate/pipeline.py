"""Translate sentences along a route, through the translation memory.

Only what the memory lacks reaches the engine. A pivot route (kk→en→ru) stores its first leg
as an ordinary kk→en entry too, so a resumed job never redoes it and the English is reused.
Latin-script Kazakh is transliterated to Cyrillic before it reaches a model.

The memory is the workspace's SQLite table locally; a Ray worker, which has no workspace,
runs the same code on a `ScratchMemory` that the driver filled and then empties into SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from workspace.ingest.kazakh import to_cyrillic
from workspace.ingest.language import detect_script
from workspace.store.workspace import text_hash
from workspace.translate import memory
from workspace.translate.engine import DecodeOptions, Engine
from workspace.translate.memory import MemoryEntry
from workspace.translate.routes import Route, Step


@dataclass(frozen=True)
class SourceSentence:
    text_hash: str
    text: str


def model_input(text: str, language: str) -> str:
    """What the model sees: Latin-script Kazakh becomes Cyrillic (models are trained on it)."""
    if language == "kk" and detect_script(text) == "Latn":
        return to_cyrillic(text)
    return text


class TranslationMemory(Protocol):
    """What the pipeline needs of a translation memory."""

    def lookup(
        self,
        hashes: Iterable[str],
        source: str,
        target: str,
        model_id: str,
        newer_than: float | None = None,
    ) -> dict[str, MemoryEntry]: ...

    def store(self, entries: list[MemoryEntry], replace: bool = False) -> None: ...


@dataclass
class SqliteMemory:
    """The workspace's translation memory (each store is its own transaction)."""

    conn: sqlite3.Connection

    def lookup(
        self,
        hashes: Iterable[str],
        source: str,
        target: str,
        model_id: str,
        newer_than: float | None = None,
    ) -> dict[str, MemoryEntry]:
        return memory.lookup(self.conn, hashes, source, target, model_id, newer_than=newer_than)

    def store(self, entries: list[MemoryEntry], replace: bool = False) -> None:
        memory.store(self.conn, entries, replace=replace)


@dataclass
class ScratchMemory:
    """A memory in a list, for a worker without a workspace: `known` holds what the driver
    already had (e.g. the first leg of a pivot), `new` collects what this worker translated."""

    known: list[MemoryEntry] = field(default_factory=list)
    new: list[MemoryEntry] = field(default_factory=list)

    def lookup(
        self,
        hashes: Iterable[str],
        source: str,
        target: str,
        model_id: str,
        newer_than: float | None = None,
    ) -> dict[str, MemoryEntry]:
        wanted = set(hashes)
        return {
            e.source_hash: e
            for e in (*self.known, *self.new)
            if e.source_hash in wanted
            and (e.source_lang, e.target_lang, e.model_id) == (source, target, model_id)
            and (newer_than is None or e.created >= newer_than or e in self.new)
        }

    def store(self, entries: list[MemoryEntry], replace: bool = False) -> None:
        self.new.extend(entries)


def translate_sentences(
    conn: sqlite3.Connection | TranslationMemory,
    engine: Engine,
    route: Route,
    sentences: Sequence[SourceSentence],
    options: DecodeOptions,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    refresh_before: float | None = None,
) -> tuple[dict[str, MemoryEntry], int]:
    """Translations for `sentences` by `route`; returns (entries by hash, model calls made).

    With `refresh_before` (a forced run), entries written before that time are translated
    again (both legs of a pivot) and replaced as each new translation is stored."""
    store = SqliteMemory(conn) if isinstance(conn, sqlite3.Connection) else conn
    unique = {s.text_hash: s for s in sentences}
    have = store.lookup(unique, route.source, route.target, route.model_id, refresh_before)
    pending = [s for h, s in unique.items() if h not in have]
    if not pending:
        return have, 0
    replace = refresh_before is not None
    if len(route.steps) == 1:
        new = _run_step(store, engine, route.steps[0], pending, options, route, cancelled, replace)
        return {**have, **new}, len(pending)
    first, second = route.steps
    leg_one, _ = translate_sentences(
        store, engine, Route(first.source, first.target, (first,)), pending, options,
        cancelled=cancelled, refresh_before=refresh_before,
    )  # fmt: skip
    middle = [SourceSentence(text_hash(leg_one[s.text_hash].target_text),
                             leg_one[s.text_hash].target_text) for s in pending]  # fmt: skip
    leg_two, _ = translate_sentences(
        store, engine, Route(second.source, second.target, (second,)), middle, options,
        cancelled=cancelled, refresh_before=refresh_before,
    )  # fmt: skip
    entries = []
    for source, mid in zip(pending, middle, strict=True):
        one, two = leg_one[source.text_hash], leg_two[mid.text_hash]
        entries.append(
            MemoryEntry(
                source.text_hash,
                route.source,
                route.target,
                route.model_id,
                source.text,
                two.target_text,
                _sum_scores(one.score, two.score),
                route.describe(),
            )  # fmt: skip
        )
    store.store(entries, replace)
    return {**have, **{e.source_hash: e for e in entries}}, len(pending)


def _sum_scores(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _run_step(
    store: TranslationMemory,
    engine: Engine,
    step: Step,
    pending: list[SourceSentence],
    options: DecodeOptions,
    route: Route,
    cancelled: Callable[[], bool],
    replace: bool = False,
) -> dict[str, MemoryEntry]:
    inputs = [model_input(s.text, step.source) for s in pending]
    hypotheses = engine.translate(
        step.model, inputs, step.source, step.target, options, cancelled=cancelled
    )
    entries = [
        MemoryEntry(
            s.text_hash,
            step.source,
            step.target,
            step.model.model_id,
            s.text,
            h.text,
            h.score,
            route.describe(),
        )  # fmt: skip
        for s, h in zip(pending, hypotheses, strict=True)
    ]
    store.store(entries, replace)
    return {e.source_hash: e for e in entries}

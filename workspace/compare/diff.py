"""Word-level differences between aligned sentences (difflib opcodes), for highlighting."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from workspace.compare.model import DiffSpan
from workspace.compare.text import normalise_number, skeleton, stem

_SPLIT = re.compile(r"\S+")


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    bare = re.sub(r"[^\w]", "", word.lower())
    if not bare:
        return word
    if bare[0].isdigit():
        return normalise_number(re.sub(r"[^\d.,]", "", word.lower()).strip(".,"))
    return skeleton(stem(normalise_number(bare)))


def word_diff(text: str, other: str) -> list[DiffSpan]:
    """Spans of `text`, marking the words that differ from `other`.

    difflib's opcodes find what is not in the same place; a word the other sentence has
    elsewhere ("Russia and Kazakhstan" / "Kazakhstan and Russia") moved rather than changed,
    so it is not marked.
    """
    words = _SPLIT.findall(text)
    keys = [_key(w) for w in words]
    other_keys = [_key(w) for w in _SPLIT.findall(other)]
    elsewhere = set(other_keys)
    matcher = SequenceMatcher(None, keys, other_keys, autojunk=False)
    marks = [False] * len(words)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            for i in range(i1, i2):
                marks[i] = keys[i] not in elsewhere
    spans: list[DiffSpan] = []
    for word, changed in zip(words, marks, strict=True):
        if spans and spans[-1].changed == changed:
            spans[-1] = DiffSpan(spans[-1].text + " " + word, changed)
        else:
            spans.append(DiffSpan(word, changed))
    return spans

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
    """Spans of `text`, marking the words that `other` does not have in the same place."""
    words = _SPLIT.findall(text)
    other_words = _SPLIT.findall(other)
    matcher = SequenceMatcher(
        None, [_key(w) for w in words], [_key(w) for w in other_words], autojunk=False
    )
    spans: list[DiffSpan] = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if i1 == i2:
            continue
        chunk = " ".join(words[i1:i2])
        changed = tag != "equal"
        if spans and spans[-1].changed == changed:
            spans[-1] = DiffSpan(spans[-1].text + " " + chunk, changed)
        else:
            spans.append(DiffSpan(chunk, changed))
    return spans

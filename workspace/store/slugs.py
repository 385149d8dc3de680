"""Readable ASCII slugs for stories and article ids, from titles in any of our scripts."""

from __future__ import annotations

import re
import unicodedata

from workspace import ParallaxError

_CYRILLIC_TO_ASCII = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ә": "a",
    "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def slugify(text: str, *, max_length: int = 48) -> str:
    """Lower-case ASCII slug; Cyrillic is romanised so Russian and Kazakh titles stay readable."""
    lowered = "".join(_CYRILLIC_TO_ASCII.get(ch, ch) for ch in text.lower())
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "untitled"


def check_slug(slug: str, what: str = "story") -> str:
    """Reject anything that is not a plain slug, so a name can never walk out of the workspace."""
    if not SLUG_PATTERN.match(slug):
        raise ParallaxError(
            f"invalid {what} name {slug!r}: use lower-case letters, digits and '-' "
            f"(for example {slugify(slug)!r})"
        )
    return slug

"""Decode bytes from files, stdin and the web into text (UTF-8/16, CP1251, KOI8-R, ...)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from workspace import ParallaxError

_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "iso8859_5", "mac_cyrillic", "cp866")


def decode_bytes(data: bytes, source: str = "input") -> str:
    """Return the text in `data`, or raise ParallaxError for binary data."""
    if not data.strip():
        raise ParallaxError(f"{source} is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ParallaxError(f"{source}: broken {encoding} text") from None
    if b"\x00" in data[:4096]:
        raise ParallaxError(f"{source} looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file cut in the middle of its last character is still UTF-8; drop the stump.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")
    cyrillic = _best_single_byte_cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ParallaxError(f"{source}: cannot tell the text encoding (is it a binary file?)")
    return str(best)


def _best_single_byte_cyrillic(data: bytes) -> str | None:
    """Pick between CP1251 and KOI8-R by how Russian/Kazakh the decoded letters look.

    Both decode any byte string, so the choice rests on letter statistics: in real text most
    Cyrillic letters are lower case and vowels are common; KOI8-R read as CP1251 (or the other
    way round) yields mostly upper-case letters in odd orders.
    """
    high = sum(1 for b in data if b >= 0x80)
    if high < max(4, len(data) // 50):
        return None
    scored = []
    for encoding in _CYRILLIC_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((_cyrillic_plausibility(text), encoding, text))
    if not scored:
        return None
    score, _, text = max(scored)
    return text if score > 0.5 else None


_COMMON = set("оеаинтсрвлкмдпуяызьбгчйхжшюцщэфёъәғқңөұүһі")


def _cyrillic_plausibility(text: str) -> float:
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if not letters:
        return 0.0
    lower = sum(1 for ch in letters if ch in _COMMON)
    vowels = sum(1 for ch in letters if ch in "оеаияуыэю")
    return lower / len(letters) * 0.7 + min(vowels / len(letters) / 0.4, 1.0) * 0.3

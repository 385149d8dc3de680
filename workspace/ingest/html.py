"""Main text and metadata from an HTML page (boilerplate, scripts and navigation removed)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from workspace import ParallaxError


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str = ""
    published: str = ""
    url: str = ""
    site: str = ""


def extract_html(page: str, url: str = "") -> Extracted:
    """Use trafilatura to keep the article body as paragraphs of plain text."""
    import trafilatura

    text = trafilatura.extract(
        page,
        url=url or None,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )
    if not text:
        text = _strip_tags(page)
    if not text.strip():
        raise ParallaxError(f"{url or 'the page'}: no article text found in the HTML")
    meta = trafilatura.extract_metadata(page, default_url=url or None)
    # trafilatura keeps one paragraph a line; Parallax paragraphs are blank-line separated.
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return Extracted(
        text="\n\n".join(paragraphs),
        title=(meta.title or "") if meta else "",
        published=(meta.date or "") if meta else "",
        url=(meta.url or url or "") if meta else url,
        site=(meta.sitename or "") if meta else "",
    )


def _strip_tags(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", page)
    page = re.sub(r"(?i)<br\s*/?>|</p>|</h\d>|</li>", "\n\n", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())

"""Reports a colleague can read without a terminal: Markdown, one self-contained HTML file, JSON.

Every report says where each text came from (the original, an edition, a machine
translation, or no translation at all) and gives each article's address and date. All
article text is escaped for its format: HTML entities in HTML, Markdown punctuation and HTML
in Markdown; nothing from an article can inject markup, scripts or links.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict

from workspace.compare.model import Comparison, DiffSpan, GroupMember, PivotArticle
from workspace.ingest.text import strip_controls

# What Markdown needs escaped, and no more ("Kassym-Jomart", "(MoUs)" stay as written):
# emphasis, code, links/images ([ ]), HTML and autolinks (< >), the escape itself; block
# markers only where a line starts; | only inside tables.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#+-]|\d+[.)])(?=\s|$)")
KIND_NAMES = {
    "number": "number", "date": "date", "name": "name", "quote_wording": "quote worded two ways",
    "quote": "quote only one outlet carries", "translation": "changed in translation",
}  # fmt: skip


def to_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)


def md_escape(text: str, *, table: bool = False) -> str:
    """`text` as literal Markdown on one line, without control characters."""
    text = _MD_INLINE.sub(r"\\\1", strip_controls(text).replace("\n", " "))
    # A block marker where a line starts gets its last character escaped: \# \- \+ 1\.
    text = _MD_BLOCK_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], text)
    return text.replace("|", "\\|") if table else text


def article_notes(c: Comparison, article: PivotArticle) -> list[str]:
    """What a reader should know about an article's text: language, editions, translation."""
    notes = [f"{article.language}, {len(article.sentences)} sentences"]
    if article.editions:
        notes.append("edition " + ", ".join(article.editions))
    machine: dict[str, int] = defaultdict(int)
    for s in article.sentences:
        if s.source.startswith("machine: "):
            machine[s.source.removeprefix("machine: ")] += 1
    for route, n in sorted(machine.items()):
        notes.append(f"machine translation ({route}) of {n}/{len(article.sentences)} sentences")
    if article.missing and article.language != c.pivot_language:
        translated = len(article.sentences) - article.missing
        notes.append(
            f"no {c.pivot_language} text for {article.missing} sentences"
            + (" (compared by meaning on the original)" if article.id in c.comparable else "")
            if translated
            else "not translated: compared by meaning on the original"
            if article.id in c.comparable
            else "not translated: not comparable"
        )
    original = c.versions().get(article.id)
    if original:
        notes.append(f"a translated version of {original}")
    return notes


def _member_md(m: GroupMember, language: str) -> str:
    if m.diff:
        return " ".join(f"**{md_escape(s.text)}**" if s.changed else md_escape(s.text)
                        for s in m.diff)  # fmt: skip
    text = md_escape(m.text)
    return text if m.pivot_text is not None else f"{text} _({language}, not translated)_"


def to_markdown(comparison: Comparison) -> str:
    c = comparison
    lines = [f"# Comparison: {md_escape(c.story)}", ""]
    lines.append(f"Sentences aligned by {md_escape(c.method or 'lexical')}; pivot language "
                 f"{md_escape(c.pivot_language)}.")  # fmt: skip
    lines += ["", "## Articles", ""]
    for article in c.articles:
        where = " · ".join(md_escape(x) for x in (article.published, article.url) if x)
        notes = "; ".join(md_escape(n) for n in article_notes(c, article))
        lines.append(f"- **{md_escape(article.name)}**: {md_escape(article.title)} ({notes})"
                     + (f" — {where}" if where else ""))  # fmt: skip
    for note in c.notes:
        lines += ["", f"> {md_escape(note)}"]
    lines += ["", "## Discrepancies", ""]
    if not c.discrepancies:
        lines.append("None found.")
    for d in c.discrepancies:
        values = "; ".join(f"{md_escape(o)}: {md_escape(v)}" for o, v in d.values.items())
        group = f" (group {d.group_id + 1})" if d.group_id is not None else ""
        lines.append(f"- **{KIND_NAMES.get(d.kind, d.kind)}**{group}: {md_escape(d.description)}"
                     f" — {values}")  # fmt: skip
    table = c.facts
    if table is not None and table.slots:
        lines += ["", "## Facts across outlets", ""]
        for slot in table.slots:
            counts = " · ".join(f"{md_escape(v)} ×{n}" for v, n in slot.agreement)
            mark = "≠ " if slot.contradiction else ""
            lines.append(f"- {mark}**{md_escape(slot.what)}**: {counts}")
    if table is not None and table.flags:
        lines += ["", "## What machine translations changed", ""]
        for flag in table.flags:
            lines.append(f"- ⚠ {md_escape(flag.outlet)}: {md_escape(flag.message)}")
    lines += ["", "## Claims only one outlet makes", ""]
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for u in c.unique:
        by_outlet[u.outlet].append(u.text)
    if not by_outlet:
        lines.append("None.")
    for outlet, texts in by_outlet.items():
        lines.append(f"- **{md_escape(outlet)}**")
        lines += [f"  - {md_escape(text)}" for text in texts]
    languages = {a.id: a.language for a in c.articles}
    lines += ["", "## Aligned reports", ""]
    for g in c.groups:
        lines.append(f"### Group {g.id + 1}")
        lines.append("")
        for m in g.members:
            lines.append(f"- *{md_escape(m.outlet)}*: {_member_md(m, languages[m.article_id])}")
        lines.append("")
    lines += _coverage_md(c)
    return "\n".join(lines) + "\n"


def _coverage_md(c: Comparison) -> list[str]:
    labels = [a.name for a in c.articles if a.id in c.comparable]
    lines = ["## Coverage", ""]
    if len(labels) < 2:
        return lines + ["Fewer than two articles could be compared."]
    lines += ["Read across: the share of the row outlet's sentences that the column outlet also "
              "reports.", ""]  # fmt: skip
    lines.append("| outlet | " + " | ".join(md_escape(o, table=True) for o in labels) + " |")
    lines.append("|---" * (len(labels) + 1) + "|")
    for a in labels:
        row = [f"{c.coverage.get(a, {}).get(b, 0):.0%}" if a != b else "—" for b in labels]
        lines.append(f"| {md_escape(a, table=True)} | " + " | ".join(row) + " |")
    return lines


_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fafafa;
font-size:14px;line-height:1.35}
h1{font-size:1.35rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse}
table.side{width:100%;table-layout:fixed}
table.side td,table.side th{border:1px solid #ddd;padding:.3rem;vertical-align:top;
background:#fff;font-size:.85rem;overflow-wrap:anywhere}
table.side th{background:#f0f0f0;text-align:left;position:sticky;top:0}
table.side td.gap{background:#f7f7f7}
tr:target td{outline:2px solid #e0a000}
.changed{background:#ffe08a;border-radius:2px}
.orig{color:#555;font-style:italic}
.src{color:#888;font-size:.7rem}
.disc li,.facts li{margin:.25rem 0}
.kind{font-weight:bold;text-transform:uppercase;font-size:.7rem;color:#a33}
.unique h3{font-size:.95rem;margin:.8rem 0 .2rem}.unique li{margin:.15rem 0}
.articles li{margin:.2rem 0}.meta{color:#666;font-size:.8rem}
table.cov td,table.cov th{border:1px solid #ddd;padding:.2rem .4rem;font-size:.8rem}
"""


def _spans_html(spans: list[DiffSpan]) -> str:
    return " ".join(
        f'<span class="changed">{html.escape(s.text)}</span>' if s.changed else html.escape(s.text)
        for s in spans
    )


def _member_html(m: GroupMember, language: str) -> str:
    if m.diff:
        body = _spans_html(m.diff)
    elif m.pivot_text is None:
        body = f'<span class="orig">{html.escape(m.text)}</span>'
    else:
        body = html.escape(m.text)
    source = m.source if m.pivot_text is not None else f"{language}, not translated"
    return (f'<span title="{html.escape(m.original_text, quote=True)}">{body}</span>'
            f'<div class="src">{html.escape(source)}</div>')  # fmt: skip


def to_html(comparison: Comparison) -> str:
    """One page: articles, discrepancies (each links to its row), facts, the side-by-side
    table of aligned groups (one column per article), claims only one outlet makes (grouped
    per outlet, not as rows), and coverage."""
    c = comparison
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Parallax: {e(c.story)}</title>",
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
           f"<style>{_CSS}</style></head><body>", f"<h1>{e(c.story)}</h1>",
           f"<p>Sentences aligned by {e(c.method or 'lexical')}; pivot language {e(c.pivot_language)}."
           " Hover a sentence to see the original.</p>", '<h2>Articles</h2><ul class="articles">']  # fmt: skip
    for article in c.articles:
        meta = " · ".join(e(x) for x in (article.published, article.url) if x)
        notes = "; ".join(e(n) for n in article_notes(c, article))
        out.append(f"<li><b>{e(article.name)}</b>: {e(article.title)} <span class=\"meta\">"
                   f"({notes}){' — ' + meta if meta else ''}</span></li>")  # fmt: skip
    out.append("</ul>")
    for note in c.notes:
        out.append(f'<p class="meta">{e(note)}</p>')
    out.append('<h2>Discrepancies</h2><ul class="disc">')
    for d in c.discrepancies:
        values = "; ".join(f"{e(o)}: {e(v)}" for o, v in d.values.items())
        link = (
            f' <a href="#g{d.group_id + 1}">group {d.group_id + 1}</a>'
            if d.group_id is not None
            else ""
        )
        out.append(f'<li><span class="kind">{e(KIND_NAMES.get(d.kind, d.kind))}</span> '
                   f"{e(d.description)} — {values}{link}</li>")  # fmt: skip
    if not c.discrepancies:
        out.append("<li>None found.</li>")
    out.append("</ul>")
    table = c.facts
    if table is not None and (table.slots or table.flags):
        out.append('<h2>Facts across outlets</h2><ul class="facts">')
        for slot in table.slots:
            counts = " · ".join(f"{e(v)} ×{n}" for v, n in slot.agreement)
            mark = '<span class="kind">≠</span> ' if slot.contradiction else ""
            out.append(f"<li>{mark}<b>{e(slot.what)}</b>: {counts}</li>")
        for flag in table.flags:
            out.append(f"<li>⚠ {e(flag.outlet)}: {e(flag.message)}</li>")
        out.append("</ul>")
    languages = {a.id: a.language for a in c.articles}
    out.append('<h2>Side by side</h2><table class="side"><tr><th>#</th>')
    out += [f"<th>{e(a.name)}</th>" for a in c.articles]
    out.append("</tr>")
    for g in c.groups:
        out.append(f'<tr id="g{g.id + 1}"><td>{g.id + 1}</td>')
        for article in c.articles:
            members = [m for m in g.members if m.article_id == article.id]
            cell = "<br>".join(_member_html(m, languages[m.article_id]) for m in members)
            out.append(f"<td>{cell}</td>" if cell else '<td class="gap"></td>')
        out.append("</tr>")
    out.append('</table><h2>Claims only one outlet makes</h2><div class="unique">')
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for u in c.unique:
        by_outlet[u.outlet].append(u.text)
    if not by_outlet:
        out.append("<p>None.</p>")
    for outlet, texts in by_outlet.items():
        out.append(f"<h3>{e(outlet)}</h3><ul>" + "".join(f"<li>{e(t)}</li>" for t in texts)
                   + "</ul>")  # fmt: skip
    out.append("</div>")
    out += _coverage_html(c)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _coverage_html(c: Comparison) -> list[str]:
    labels = [a.name for a in c.articles if a.id in c.comparable]
    if len(labels) < 2:
        return ["<h2>Coverage</h2><p>Fewer than two articles could be compared.</p>"]
    out = ['<h2>Coverage</h2><table class="cov"><caption>Read across: the share of the row '
           "outlet's sentences that the column outlet also reports</caption><tr><th></th>"]  # fmt: skip
    out += [f"<th>{html.escape(o)}</th>" for o in labels]
    out.append("</tr>")
    for a in labels:
        cells = "".join(
            f"<td>{c.coverage.get(a, {}).get(b, 0):.0%}</td>" if a != b else "<td>—</td>"
            for b in labels
        )
        out.append(f"<tr><th>{html.escape(a)}</th>{cells}</tr>")
    out.append("</table>")
    return out

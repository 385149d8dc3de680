"""Reports a colleague can read without a terminal: Markdown, one self-contained HTML file, JSON.

All article text is escaped for its format: HTML entities in HTML, Markdown punctuation and
HTML in Markdown; nothing from an article can inject markup, scripts or links.
"""

from __future__ import annotations

import html
import json
import re

from workspace.compare.model import Comparison, GroupMember
from workspace.ingest.text import strip_controls

# What Markdown needs escaped, and no more ("Kassym-Jomart", "(MoUs)" stay as written):
# emphasis, code, links/images ([ ]), HTML and autolinks (< >), the escape itself; block
# markers only where a line starts; | only inside tables.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#+-]|\d+[.)])")


def to_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)


def md_escape(text: str, *, table: bool = False) -> str:
    """`text` as literal Markdown on one line, without control characters."""
    text = _MD_INLINE.sub(r"\\\1", strip_controls(text).replace("\n", " "))
    # A block marker where a line starts gets its last character escaped: \# \- \+ 1\.
    text = _MD_BLOCK_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], text)
    return text.replace("|", "\\|") if table else text


def to_markdown(comparison: Comparison) -> str:
    c = comparison
    lines = [f"# Comparison: {md_escape(c.story)}", ""]
    lines.append(f"Pivot language: {md_escape(c.pivot_language)}. Articles:")
    lines.append("")
    for article in c.articles:
        missing = f", {article.missing} sentences not yet translated" if article.missing else ""
        lines.append(f"- **{md_escape(article.outlet)}** ({md_escape(article.language)}, "
                     f"{len(article.sentences)} sentences{missing})")  # fmt: skip
    for note in c.notes:
        lines += ["", f"> {md_escape(note)}"]
    lines += ["", "## Discrepancies", ""]
    if not c.discrepancies:
        lines.append("None found.")
    for d in c.discrepancies:
        values = "; ".join(f"{md_escape(o)}: {md_escape(v)}" for o, v in d.values.items())
        lines.append(f"- **{md_escape(d.kind)}** — {md_escape(d.description)} ({values})")
    lines += ["", "## Claims only one outlet makes", ""]
    for u in c.unique:
        lines.append(f"- **{md_escape(u.outlet)}**: {md_escape(u.pivot_text)}")
    lines += ["", "## Aligned reports", ""]
    for g in c.groups:
        lines.append(f"### Group {g.id + 1} (similarity {g.similarity:.2f})")
        lines.append("")
        for m in g.members:
            text = "".join(
                (f"**{md_escape(s.text)}**" if s.changed else md_escape(s.text)) + " "
                for s in m.diff
            ).strip()
            lines.append(f"- *{md_escape(m.outlet)}*: {text}")
        lines.append("")
    lines += [
        "## Coverage",
        "",
        "Share of each outlet's sentences that another outlet also reports.",
        "",
    ]
    outlets = [a.outlet for a in c.articles]
    lines.append("| outlet | " + " | ".join(md_escape(o, table=True) for o in outlets) + " |")
    lines.append("|---" * (len(outlets) + 1) + "|")
    for a in outlets:
        row = [f"{c.coverage.get(a, {}).get(b, 0):.0%}" if a != b else "—" for b in outlets]
        lines.append(f"| {md_escape(a, table=True)} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table.side{border-collapse:collapse;width:100%;table-layout:fixed}
table.side td,table.side th{border:1px solid #ddd;padding:.4rem;vertical-align:top;background:#fff}
table.side th{background:#f0f0f0;text-align:left}
.changed{background:#ffe08a;border-radius:2px}
.unique{background:#e8f4ff}
.missing{color:#999;font-style:italic}
.disc li{margin:.3rem 0}.kind{font-weight:bold;text-transform:uppercase;font-size:.8rem}
.src{color:#777;font-size:.75rem}
"""


def _member_html(m: GroupMember) -> str:
    spans = "".join(
        f'<span class="changed">{html.escape(s.text)}</span> '
        if s.changed
        else html.escape(s.text) + " "
        for s in m.diff
    ) or html.escape(m.pivot_text)
    return (f'<span title="{html.escape(m.original_text, quote=True)}">{spans.strip()}</span>'
            f'<div class="src">{html.escape(m.source)}</div>')  # fmt: skip


def to_html(comparison: Comparison) -> str:
    c = comparison
    outlets = [a.outlet for a in c.articles]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Parallax: {html.escape(c.story)}</title>",
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
           f"<style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(c.story)}</h1>",
           f"<p>Pivot language: {html.escape(c.pivot_language)}. Hover a sentence to see the original.</p>"]  # fmt: skip
    for note in c.notes:
        out.append(f'<p class="missing">{html.escape(note)}</p>')
    out.append('<h2>Discrepancies</h2><ul class="disc">')
    for d in c.discrepancies:
        values = "; ".join(f"{html.escape(o)}: {html.escape(v)}" for o, v in d.values.items())
        out.append(
            f'<li><span class="kind">{html.escape(d.kind)}</span> {html.escape(d.description)} — {values}</li>'
        )
    if not c.discrepancies:
        out.append("<li>None found.</li>")
    out.append('</ul><h2>Side by side</h2><table class="side"><tr>')
    out += [f"<th>{html.escape(o)}</th>" for o in outlets]
    out.append("</tr>")
    for g in c.groups:
        out.append("<tr>")
        for outlet in outlets:
            members = [m for m in g.members if m.outlet == outlet]
            cell = "<br>".join(_member_html(m) for m in members) or '<span class="missing">—</span>'
            out.append(f"<td>{cell}</td>")
        out.append("</tr>")
    for u in c.unique:
        out.append("<tr>")
        for outlet in outlets:
            if outlet == u.outlet:
                out.append(f'<td class="unique" title="{html.escape(u.original_text, quote=True)}">'
                           f"<b>only here:</b> {html.escape(u.pivot_text)}</td>")  # fmt: skip
            else:
                out.append('<td><span class="missing">—</span></td>')
        out.append("</tr>")
    out.append('</table><h2>Coverage</h2><table class="side"><tr><th>outlet</th>')
    out += [f"<th>{html.escape(o)}</th>" for o in outlets]
    out.append("</tr>")
    for a in outlets:
        cells = "".join(
            f"<td>{c.coverage.get(a, {}).get(b, 0):.0%}</td>" if a != b else "<td>—</td>"
            for b in outlets
        )
        out.append(f"<tr><th>{html.escape(a)}</th>{cells}</tr>")
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"

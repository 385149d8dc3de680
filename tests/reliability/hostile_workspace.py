"""A workspace whose every name carries terminal payloads, and the checks that find them.

Payloads sit in the workspace folder's name, source file names, outlets, titles, URLs, dates,
hand-written front matter, article text, story.toml, a story folder name, an unreadable
file's name, model metadata, the Argos index, translation memory rows and job rows (the last
written straight into SQLite, as an older or hand-edited database might hold them).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from tests.cli.helpers import run

PAYLOAD = (
    "\x1b[2J\x1b[H"  # clear the screen, cursor home
    "\x1b]52;c;UFdORUQ=\x07"  # OSC 52: write "PWNED" to the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b]0;PWNED\x07"  # window title
    "\x9b2J\x9d0;PWNED\x9c"  # the same as C1 controls
    "\u202eRTL\u202c\u2066iso\u2069"  # bidi override and isolate
    "zero\u200bwidth\u2060\ufeff"  # zero-width characters
    "[link=https://evil.example]x[/link][bold]B[/bold]"  # Rich markup
)
MARKUP = "[link=https://evil.example]x[/link]"
NAME = "n\x1b]0;PWNED\x07\u202e\u200b"  # fits where a name must be short


@dataclass
class Hostile:
    root: Path
    ws: Path
    story: str
    sources: Path
    index_url: str = ""


def build(tmp_path: Path, model: Path) -> Hostile:
    root = tmp_path / "hostile"
    root.mkdir()
    ws = root / f"ws{NAME}"
    assert run("init", ws, "--local-models").code == 0
    assert run("-w", ws, "models", "install", model).code == 0
    sources = root / f"src{NAME}"
    sources.mkdir()
    ru = sources / f"ru{NAME}.txt"
    ru.write_text(
        f"Президент {PAYLOAD} провёл встречу в Астане. Погибли 12 человек {PAYLOAD}.\n\n"
        "Министр заявил, что поставки газа начнутся зимой.",
        encoding="utf-8",
    )
    en = sources / f"en{NAME}.txt"
    en.write_text(
        f"The president {PAYLOAD} met officials in Astana. 14 people died.\n\n"
        "The minister said gas supplies would start in winter.",
        encoding="utf-8",
    )
    for source, lang in ((ru, "ru"), (en, "en")):
        result = run("-w", ws, "add", source, "--story", "s", "--outlet", PAYLOAD, "--title",
                     PAYLOAD, "--url", f"https://x.example/{PAYLOAD}", "--published", PAYLOAD,
                     "--lang", lang)  # fmt: skip
        assert result.code == 0, result.err
    folder = ws / "stories" / "s"
    # story.toml and a hand-written article, as a user's editor (or an attacker) leaves them.
    (folder / "story.toml").write_text(
        tomli_w.dumps({"title": PAYLOAD, "notes": PAYLOAD, "pivot_language": f"en{PAYLOAD}"}),
        encoding="utf-8",
    )
    meta = {"outlet": PAYLOAD, "language": "en", "title": PAYLOAD, "url": PAYLOAD,
            "published": PAYLOAD}  # fmt: skip
    (folder / f"hand{NAME}.md").write_text(
        f"+++\n{tomli_w.dumps(meta)}+++\n\nHand-written {PAYLOAD} report. 13 people died.\n",
        encoding="utf-8",
    )
    (folder / f"zz{NAME}.md").write_bytes(b"\x00\x01binary\xff" * 10)  # unreadable
    evil_story = ws / "stories" / f"Evil{NAME}"
    evil_story.mkdir()
    (evil_story / "story.toml").write_text('title = "x"\n', encoding="utf-8")
    _hostile_models(ws)
    _hostile_rows(ws)
    return Hostile(root, ws, "s", sources)


def _hostile_models(ws: Path) -> None:
    models = ws / "models"
    installed = next(p for p in models.iterdir() if not p.name.startswith("."))
    for name, changes in (
        ("evil-names", {"code": "evil-names", "from_name": PAYLOAD, "to_name": PAYLOAD}),
        ("evil-code", {"code": MARKUP + NAME}),
        ("evil-version", {"code": "evil-version", "package_version": PAYLOAD}),
        ("evil-languages", {"code": "evil-languages", "family": "nllb", "languages": 5}),
    ):
        copy = models / name
        shutil.copytree(installed, copy)
        meta = json.loads((copy / "metadata.json").read_text())
        (copy / "metadata.json").write_text(json.dumps(meta | changes), encoding="utf-8")


def _hostile_rows(ws: Path) -> None:
    conn = sqlite3.connect(ws / "parallax.db")
    try:
        hashes = [r[0] for r in conn.execute(
            "SELECT s.text_hash FROM segments s JOIN articles a ON a.id = s.article_id"
            " WHERE a.language = 'ru'")]  # fmt: skip
        conn.executemany(
            "INSERT INTO translations (source_hash, source_lang, target_lang, model_id,"
            " source_text, target_text, score, route, created) VALUES (?, 'ru', 'en', ?, ?, ?,"
            " -0.5, ?, ?)",
            [(h, f"evil@{PAYLOAD}", PAYLOAD, f"The 15 {PAYLOAD} died", PAYLOAD, time.time())
             for h in hashes],
        )  # fmt: skip
        conn.execute(
            "INSERT INTO jobs (article_id, story, target_lang, model, state, done, total, error,"
            " created, updated) VALUES (?, 's', ?, ?, 'failed', 0, 1, ?, 0, 0)",
            (PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD),
        )
        conn.commit()
    finally:
        conn.close()


def index_entries(base: str) -> list[dict[str, object]]:
    return [{"from_code": PAYLOAD, "to_code": PAYLOAD, "from_name": PAYLOAD, "to_name": PAYLOAD,
             "package_version": PAYLOAD, "links": [f"{base}/x"]}]  # fmt: skip


# -- what may reach a terminal --------------------------------------------------------------

_SGR = re.compile(r"\x1b\[[0-9;]*m")


def dangerous(text: str, *, allow: re.Pattern[str] | None = None) -> list[str]:
    """Every escape sequence, control, C1, bidi, zero-width or other format character in
    `text` (after removing sequences that `allow` matches), as readable snippets."""
    if allow is not None:
        text = allow.sub("", text)
    found = []
    for index, char in enumerate(text):
        if (
            (char < " " and char not in "\n\t")
            or "\x7f" <= char <= "\x9f"
            or unicodedata.category(char) in ("Cf", "Zl", "Zp", "Cs")
        ):
            found.append(repr(text[max(0, index - 15) : index + 15]))
    return found


def sgr_only() -> re.Pattern[str]:
    """Colour and style sequences: what Rich writes on a terminal, and nothing else."""
    return _SGR

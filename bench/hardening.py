"""What the hardening costs, each against a baseline measured in the same run.

- reading a story's article files as untrusted input (bounded regular-file read, strict UTF-8,
  every field and the body cleaned) vs the read it replaced (read_text, front matter,
  editions, content hash: the previous `Workspace.read_article` without the checks);
- printing a 2,000-row table through the CLI's sanitising console vs a plain Rich console;
- `strip_controls` on 5 MB of Cyrillic text, and `safe_json` vs `json.dumps` on a comparison-
  sized document.

    python bench/hardening.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["газ", "поставки", "соглашение", "министр", "граница", "регион", "трубопровод",
         "Токаев", "Астана", "экспорт", "пшеница", "наводнение", "спасатели", "школа"]  # fmt: skip


def best(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def story(root: Path, articles: int, sentences: int) -> tuple[object, str]:
    from workspace.store.files import atomic_write_text, render_front_matter
    from workspace.store.workspace import init_workspace

    ws = init_workspace(root / "ws")
    ws.create_story("s", title="Bench")
    rng = random.Random(3)
    for a in range(articles):
        body = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + f" {i}."
            for i in range(sentences)
        )
        meta = {"id": f"a{a:03d}", "outlet": f"outlet {a}", "language": "ru", "title": f"T {a}"}
        atomic_write_text(ws.stories_dir / "s" / f"a{a:03d}.md", render_front_matter(meta, body))
    return ws, "s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from rich.console import Console
    from rich.table import Table

    from workspace.cli.context import safe_console, safe_json
    from workspace.ingest.text import strip_controls
    from workspace.store.files import parse_front_matter
    from workspace.store.workspace import content_hash

    with tempfile.TemporaryDirectory() as tmp:
        ws, slug = story(Path(tmp), articles=50, sentences=200)
        paths = ws.article_paths(slug)  # type: ignore[attr-defined]

        def old_read() -> None:
            for path in paths:
                meta, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
                article_id = str(meta.get("id") or path.stem)
                sorted((path.parent / "editions").glob(f"{article_id}.*.md"))
                content_hash(body)

        def new_read() -> None:
            ws.skipped.clear()  # type: ignore[attr-defined]
            for path in paths:
                ws.read_article(path, slug)  # type: ignore[attr-defined]

        size = sum(p.stat().st_size for p in paths) / 2**20
        base, hardened = best(old_read, args.repeat), best(new_read, args.repeat)
        print(f"read {len(paths)} article files ({size:.1f} MB): before {base * 1000:.0f} ms,"
              f" as untrusted input {hardened * 1000:.0f} ms, ratio {hardened / base:.2f}")  # fmt: skip
        ws.close()  # type: ignore[attr-defined]

    rng = random.Random(5)
    rows = [[f"a{i:05d}", " ".join(rng.choice(WORDS) for _ in range(4)), "ru", str(i)]
            for i in range(2000)]  # fmt: skip

    def table() -> Table:
        t = Table("article", "outlet", "lang", "sentences")
        for row in rows:
            t.add_row(*row)
        return t

    def plain() -> None:
        Console(file=io.StringIO(), width=120, highlight=False).print(table())

    def sanitised() -> None:
        safe_console(file=io.StringIO(), width=120).print(table())

    base, hardened = best(plain, args.repeat), best(sanitised, args.repeat)
    print(f"print a 2,000-row table: plain console {base * 1000:.0f} ms, sanitising console"
          f" {hardened * 1000:.0f} ms, ratio {hardened / base:.2f}")  # fmt: skip

    text = " ".join(rng.choice(WORDS) for _ in range(500_000))[: 5 * 2**20 // 2]
    took = best(lambda: strip_controls(text), args.repeat)
    print(
        f"strip_controls on {len(text.encode()) / 2**20:.1f} MB of Cyrillic: {took * 1000:.0f} ms"
    )
    document = {"groups": [{"members": [{"pivot_text": " ".join(rng.choice(WORDS)
                for _ in range(20))} for _ in range(10)]} for _ in range(1000)]}  # fmt: skip
    base = best(lambda: json.dumps(document, ensure_ascii=False, indent=2), args.repeat)
    hardened = best(lambda: safe_json(document), args.repeat)
    print(f"JSON of 10,000 sentences: json.dumps {base * 1000:.0f} ms, safe_json"
          f" {hardened * 1000:.0f} ms, ratio {hardened / base:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

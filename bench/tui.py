"""TUI responsiveness: time to first paint on the demo, and per-keystroke time on a
10-article × 100-sentence story (mode switches, cursor moves, jumps, the facts panel), through
the Pilot.

    python bench/tui.py
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="parallax-bench-tui-"))
os.environ.setdefault("XDG_DATA_HOME", str(SCRATCH / "data"))


def big_story() -> tuple[Path, str]:
    from workspace.store.files import atomic_write_text, render_front_matter
    from workspace.store.workspace import init_workspace

    sys.path.insert(0, str(ROOT / "bench"))
    from compare_speed import make_story

    ws = init_workspace(SCRATCH / "big")
    ws.create_story("big", title="Ten outlets, a hundred sentences each")
    for article in make_story(10, 100, seed=3):
        body = "\n\n".join(" ".join(s.pivot_text for s in article.sentences[i : i + 5])
                           for i in range(0, len(article.sentences), 5))  # fmt: skip
        meta = {"id": article.id, "outlet": article.outlet, "language": "en", "script": "Latn",
                "title": article.id}  # fmt: skip
        atomic_write_text(
            ws.stories_dir / "big" / f"{article.id}.md", render_front_matter(meta, body)
        )
    ws.sync("big")
    ws.close()
    return ws.root, "big"


async def first_paint() -> float:
    from workspace.demo import demo_workspace
    from workspace.tui.app import make_app
    from workspace.tui.widgets.story_table import StoryTable

    ws, slug = demo_workspace(SCRATCH / "demo")
    began = time.perf_counter()
    app = make_app(ws, slug)
    async with app.run_test(size=(160, 45)) as pilot:
        while True:
            await pilot.pause(0.01)
            tables = app.screen.query(StoryTable)
            if tables and tables.first().row_count:
                return time.perf_counter() - began


async def keystrokes(root: Path, slug: str) -> dict[str, list[float]]:
    from workspace.tui.app import make_app
    from workspace.tui.widgets.story_table import StoryTable

    app = make_app(root, slug)
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            tables = app.screen.query(StoryTable)
            if tables and tables.first().row_count:
                break
        for _ in range(5):  # the Pilot's own cost of a key press, measured in this run
            began = time.perf_counter()
            await pilot.press("z")  # bound to nothing
            await pilot.pause()
            timings.setdefault("(no-op key: baseline)", []).append(time.perf_counter() - began)
        rng = random.Random(1)
        keys = (
            ["v", "v", "v", "a", "a", "d", "d"]
            + ["down"] * 10
            + ["right"] * 5
            + ["n", "u", "p"] * 3
            + ["f", "f"] * 3  # the facts panel: shown (its table was built with the view), hidden
        )
        for key in keys + [rng.choice(["down", "up", "left", "right"]) for _ in range(20)]:
            began = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()  # until the screen has processed it and refreshed
            timings.setdefault(key, []).append(time.perf_counter() - began)
        rows = app.screen.query_one(StoryTable).row_count
    print(f"10×100 story: {rows} aligned rows")
    return timings


def main() -> None:
    paint = asyncio.run(first_paint())
    print(f"first paint of the demo story (Pilot, 160×45): {paint:.2f} s")
    root, slug = big_story()
    timings = asyncio.run(keystrokes(root, slug))
    names = {"v": "view mode", "a": "aligned/free", "d": "diff", "down": "cursor down",
             "up": "cursor up", "right": "cursor right", "left": "cursor left",
             "n": "next discrepancy", "p": "previous discrepancy", "u": "next unique",
             "f": "facts panel"}  # fmt: skip
    baseline = sorted(timings["(no-op key: baseline)"])[2] * 1000
    print(f"{'key':<22} {'presses':>7} {'median ms':>9} {'max ms':>8} {'median - no-op':>15}")
    worst = 0.0
    for key, values in timings.items():
        values.sort()
        median = values[len(values) // 2] * 1000
        if not key.startswith("("):
            worst = max(worst, median - baseline)
        print(
            f"{names.get(key, key):<22} {len(values):7d} {median:9.1f} {values[-1] * 1000:8.1f}"
            f" {median - baseline:15.1f}"
        )
    print(f"RESULT first_paint_s={paint:.2f} worst_key_median_ms_over_noop={worst:.0f}")


if __name__ == "__main__":
    main()

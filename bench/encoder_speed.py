"""Speed of comparison by meaning on real sentences: the encoder, a story's first and cached
`compare`, and the batch step that encodes a large workspace (memory at two sizes).

Sentences come from the shared dev sets (`../shared/data`: Russian, Kazakh and English news);
articles are drawn from that pool so that outlets share part of their sentences, as real
coverage does. Baselines measured in the same run: one-by-one encoding against batches, and the
lexical comparison (no encoder) of the same story.

    python bench/encoder_speed.py [--large-articles 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"


def real_sentences() -> dict[str, list[str]]:
    """Sentences of the dev sets by language (segmented by Parallax itself)."""
    from workspace.ingest.segment import split_paragraphs, split_sentences

    out: dict[str, list[str]] = {"ru": [], "en": [], "kk": []}
    for set_name, languages in (("wmt22-ruen-dev", ("ru", "en")), ("kk-en-dev", ("kk", "en"))):
        base = DATA / set_name
        for slug in json.loads((base / "index.json").read_text()):
            for language in languages:
                text = (base / slug / f"{language}.txt").read_text()
                for paragraph in split_paragraphs(text):
                    out[language] += [
                        s for s in split_sentences(paragraph, language) if len(s) > 20
                    ]
    return out


def write_story(ws, slug: str, articles: int, per_article: int, pool: dict, seed: int) -> None:
    """`articles` articles in ru/kk/en, each `per_article` sentences drawn from the pool."""
    from workspace.ingest.add import add_article

    rng = random.Random(seed)
    languages = ["ru", "en", "kk"]
    with tempfile.TemporaryDirectory() as tmp:
        for a in range(articles):
            language = languages[a % 3]
            sentences = rng.sample(pool[language], min(per_article, len(pool[language])))
            path = Path(tmp) / f"{slug}-{a}.txt"
            path.write_text(" ".join(sentences))
            add_article(ws, str(path), story=slug, outlet=f"outlet {a}", language=language)


def encoder_throughput(pool: dict[str, list[str]]) -> float:
    from workspace.embed import get_encoder

    began = time.perf_counter()
    encoder = get_encoder()
    load = time.perf_counter() - began
    if encoder is None:
        sys.exit("no sentence encoder could load: nothing to measure")
    texts = pool["ru"][:200] + pool["kk"][:200] + pool["en"][:200]
    began = time.perf_counter()
    encoder.encode(texts)
    batched = time.perf_counter() - began
    began = time.perf_counter()
    for text in texts[:60]:
        encoder.encode([text])
    single = (time.perf_counter() - began) / 60 * len(texts)
    print(f"encoder {encoder.key}: loads in {load:.2f} s")
    print(
        f"encoder throughput: {len(texts) / batched:.0f} sentences/s in batches "
        f"({len(texts)} ru/kk/en sentences, {batched:.1f} s); one by one {len(texts) / single:.0f}"
        f" sentences/s (baseline; batches are {single / batched:.1f}× faster)"
    )
    return len(texts) / batched


def story_compare(pool: dict[str, list[str]]) -> tuple[float, float, float, float]:
    from workspace.compare import compare_story
    from workspace.embed import get_encoder
    from workspace.store.workspace import init_workspace

    get_encoder()  # loaded once per process, as in the TUI and the CLI
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PARALLAX_ENCODER"] = "none"  # add without vectors: compare encodes them
        from workspace.embed import reset_for_tests

        reset_for_tests()
        ws = init_workspace(Path(tmp) / "ws")
        write_story(ws, "small", 3, 60, pool, seed=1)
        write_story(ws, "large", 10, 100, pool, seed=2)
        began = time.perf_counter()
        lexical = compare_story(ws, "large")
        lexical_seconds = time.perf_counter() - began
        del os.environ["PARALLAX_ENCODER"]
        reset_for_tests()
        get_encoder()
        began = time.perf_counter()
        compare_story(ws, "small")
        first_small = time.perf_counter() - began
        compare_story(ws, "large")  # encodes the large story's sentences
        began = time.perf_counter()
        cached = compare_story(ws, "large")
        cached_large = time.perf_counter() - began
        began = time.perf_counter()
        compare_story(ws, "small")
        cached_small = time.perf_counter() - began
        print(
            f"3 × 60 story, first compare (180 sentences encoded): {first_small:.2f} s; "
            f"cached {cached_small:.2f} s"
        )
        print(
            f"10 × 100 story, cached vectors: {cached_large:.2f} s ({len(cached.groups)} groups);"
            f" lexical alignment of the same story (no encoder, baseline): {lexical_seconds:.2f} s"
            f" ({len(lexical.groups)} groups)"
        )
        return first_small, cached_small, cached_large, lexical_seconds


def batch_child(articles: int) -> None:
    """Run in a subprocess: add `articles` small articles with no encoder, then encode them all
    with the batch step; prints seconds and peak RSS."""
    from workspace.embed import get_encoder, reset_for_tests
    from workspace.embed.batch import embed_workspace
    from workspace.store.workspace import init_workspace

    pool = real_sentences()
    os.environ["PARALLAX_ENCODER"] = "none"
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        write_story(ws, "bulk", articles, 3, pool, seed=3)
        del os.environ["PARALLAX_ENCODER"]
        reset_for_tests()
        get_encoder()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        began = time.perf_counter()
        progress = embed_workspace(ws)
        seconds = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({
            "articles": articles, "sentences": progress.done, "seconds": seconds,
            "peak_mb": peak, "before_mb": before,
        }))  # fmt: skip


def batch_step(sizes: list[int]) -> list[dict]:
    out = []
    for size in sizes:
        result = subprocess.run(
            [sys.executable, __file__, "--batch-child", str(size)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        row = json.loads(result.stdout.strip().splitlines()[-1])
        out.append(row)
        print(
            f"embed batch, {row['articles']} articles ({row['sentences']} sentences): "
            f"{row['seconds']:.1f} s, {row['sentences'] / row['seconds']:.0f} sentences/s, "
            f"peak RSS {row['peak_mb']:.0f} MB (after loading: {row['before_mb']:.0f} MB)"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large-articles", type=int, default=2000)
    parser.add_argument("--batch-child", type=int)
    args = parser.parse_args()
    if args.batch_child:
        batch_child(args.batch_child)
        return
    pool = real_sentences()
    rate = encoder_throughput(pool)
    first_small, _, cached_large, lexical = story_compare(pool)
    small, large = batch_step([args.large_articles // 4, args.large_articles])
    growth = large["peak_mb"] / small["peak_mb"]
    print(
        f"memory: {large['articles'] // small['articles']}× the articles, peak RSS "
        f"{growth:.2f}× (flat when close to 1)"
    )
    print(
        f"RESULT encoder_sentences_per_s={rate:.0f} first_compare_3x60_s={first_small:.2f} "
        f"cached_compare_10x100_s={cached_large:.2f} lexical_10x100_s={lexical:.2f} "
        f"batch_peak_mb_{small['articles']}={small['peak_mb']:.0f} "
        f"batch_peak_mb_{large['articles']}={large['peak_mb']:.0f}"
    )


if __name__ == "__main__":
    main()

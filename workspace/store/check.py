"""Verify a workspace and rebuild what is derived: `parallax check [--repair]`.

Article files are the truth. The check reads every file, compares its hash and segments with
the index, runs SQLite's integrity check, and looks for the same text stored twice, rows that
point nowhere and jobs stuck in "running". Repair rebuilds the index from the files (the new
index is built before the old one is replaced), releases dead jobs and drops orphans; it
never touches an article file. A database that is damaged is moved aside
(`parallax.db.corrupt-<time>`), the translation memory rows that can still be read are
salvaged into a new one, and the index is rebuilt from the files.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from workspace import ParallaxError
from workspace.store import db as database
from workspace.store.locks import process_alive
from workspace.store.workspace import Workspace, segment_article

_SALVAGE_BATCH = 500


@dataclass
class CheckReport:
    files: int = 0
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # worth a look, nothing to repair

    @property
    def ok(self) -> bool:
        return not self.problems


def check_workspace(ws: Workspace, *, repair: bool = False) -> CheckReport:
    if repair:
        ws.ensure_writable("repair it")
    report = CheckReport()
    try:
        damaged = _check(ws, report)
    except sqlite3.DatabaseError as exc:
        if not database.is_damage(exc):
            raise
        damaged = str(exc)
    except database.DatabaseDamaged as exc:
        damaged = exc.detail or str(exc)
    if damaged:
        report.problems.insert(0, f"the workspace database is damaged ({damaged})")
        if repair:
            rebuild_database(ws, report)
        return report
    if repair and report.problems:
        _repair(ws, report)
    return report


def _check(ws: Workspace, report: CheckReport) -> str:
    """Fill `report`; return a description of database damage, or "" when there is none."""
    integrity = ws.db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        return str(integrity)
    resegmented = ws.resegment_outdated()
    if resegmented:
        report.repaired.append(f"segmented {resegmented} articles again with the new segmenter")
    indexed = {
        row["id"]: row for row in ws.db.execute("SELECT id, story, content_hash FROM articles")
    }
    seen: set[str] = set()
    texts: dict[str, str] = {}
    for story in ws.stories():
        for path in ws.article_paths(story.slug):
            report.files += 1
            try:
                article = ws.read_article(path, story.slug)
            except ParallaxError as exc:
                report.problems.append(f"unreadable article file: {exc}")
                continue
            if article.id in seen:
                report.problems.append(f"{path}: article id {article.id!r} is used twice")
            seen.add(article.id)
            # The same text in two stories is a copy made on purpose (`add --story`).
            first = texts.setdefault(f"{story.slug}/{article.content_hash}", ws.relative(path))
            if first != ws.relative(path):
                report.problems.append(
                    f"{ws.relative(path)} has the same text as {first}: stored twice"
                    f" (remove one with parallax remove {article.id})"
                )
            row = indexed.get(article.id)
            if row is None:
                report.problems.append(f"{article.id}: file not in the index")
                continue
            if row["content_hash"] != article.content_hash:
                report.problems.append(f"{article.id}: file changed since it was indexed")
                continue
            stored = [r[0] for r in ws.db.execute(
                "SELECT text_hash FROM segments WHERE article_id = ? ORDER BY paragraph, position",
                (article.id,))]  # fmt: skip
            if stored != [s.text_hash for s in segment_article(article)]:
                report.problems.append(f"{article.id}: segments do not match the file")
                continue
            if article.editions:
                from workspace.ingest.edition import badly_paired

                report.warnings.extend(badly_paired(ws, article))
    # Story folders and editions that could not be read are problems here, not warnings.
    for reason in ws.skipped.values():
        report.problems.append(f"unreadable: {reason}")
    ws.skipped.clear()
    for article_id in set(indexed) - seen:
        report.problems.append(f"{article_id}: indexed but its file is gone")
    orphans = ws.db.execute(
        "SELECT COUNT(*) FROM segments WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    if orphans:
        report.problems.append(f"{orphans} segments belong to no article")
    orphan_jobs = ws.db.execute(
        "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')"
        " AND article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    if orphan_jobs:
        report.problems.append(f"{orphan_jobs} open jobs belong to no article")
    from workspace.translate.jobs import HEARTBEAT_STALE_SECONDS

    stuck = [row["id"] for row in ws.db.execute("SELECT id, pid, heartbeat FROM jobs WHERE state = 'running'")
             if not process_alive(row["pid"]) or (row["heartbeat"] or 0) < time.time() - HEARTBEAT_STALE_SECONDS]  # fmt: skip
    if stuck:
        report.problems.append(f"{len(stuck)} jobs marked running whose process is gone")
    _check_vectors(ws, report)
    return ""


def _check_vectors(ws: Workspace, report: CheckReport) -> None:
    """Damaged cached sentence vectors are a problem (repair drops them and encodes again)."""
    from workspace.embed import get_encoder
    from workspace.embed.batch import check_vectors

    encoder = get_encoder()
    found = check_vectors(ws, encoder.key if encoder else None)
    if found.damaged:
        report.problems.append(f"{found.damaged} cached sentence vectors are damaged")


def _repair_vectors(ws: Workspace, report: CheckReport) -> None:
    from workspace.embed.batch import drop_damaged_vectors, embed_workspace

    dropped = drop_damaged_vectors(ws)
    if dropped:
        report.repaired.append(f"dropped {dropped} damaged sentence vectors")
        try:
            progress = embed_workspace(ws)
        except ParallaxError as exc:
            report.repaired.append(f"vectors not rebuilt now: {exc}")
        else:
            report.repaired.append(f"encoded {progress.done} sentences again")


def _repair(ws: Workspace, report: CheckReport) -> None:
    from workspace.translate.jobs import release_dead_jobs

    reindexed = ws.rebuild_index()
    ws.skipped.clear()  # already listed as problems
    report.repaired.append(f"rebuilt the index from {reindexed} article files")
    released = release_dead_jobs(ws)
    if released:
        report.repaired.append(f"released {released} jobs of dead processes")
    with database.transaction(ws.db):
        dropped = ws.db.execute(
            "UPDATE jobs SET state = 'cancelled', error = 'article no longer exists'"
            " WHERE state IN ('queued', 'running') AND article_id NOT IN (SELECT id FROM articles)"
        ).rowcount
    if dropped:
        report.repaired.append(f"cancelled {dropped} jobs of removed articles")
    _repair_vectors(ws, report)


def rebuild_database(ws: Workspace, report: CheckReport) -> None:
    """Move a damaged database aside, salvage the translation memory, rebuild the index."""
    ws.close()
    aside = _move_aside(ws.db_path)
    report.repaired.append(f"moved the damaged database to {aside.name}")
    rows, lost = salvage_translations(aside)
    columns = ("source_hash, source_lang, target_lang, model_id, source_text, target_text,"
               " score, route, created")  # fmt: skip
    with database.transaction(ws.db):
        ws.db.executemany(
            f"INSERT OR IGNORE INTO translations ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    if rows or not lost:
        report.repaired.append(f"kept {len(rows)} translations of the translation memory")
    if lost:
        report.repaired.append(f"could not read {lost} (they will be translated again)")
    reindexed = ws.rebuild_index()
    ws.skipped.clear()
    report.repaired.append(f"rebuilt the index from {reindexed} article files")


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while aside.exists():
        aside, n = path.with_name(f"{path.name}.corrupt-{stamp}-{n}"), n + 1
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            # The WAL belongs to the old file: it goes with it (and helps the salvage).
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


def salvage_translations(path: Path) -> tuple[list[tuple[object, ...]], str]:
    """Rows of the translation memory that can still be read from a damaged database, and a
    note on what could not be ("" when nothing was lost). Reads in rowid batches and skips
    over damaged stretches."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return [], "the translation memory"
    rows: list[tuple[object, ...]] = []
    failures = 0
    try:
        try:
            table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'translations'"
            ).fetchone()
        except sqlite3.Error:
            return [], "the translation memory"  # not even the schema can be read
        if table is None:
            return [], ""
        try:
            highest = conn.execute("SELECT MAX(rowid) FROM translations").fetchone()[0] or 0
        except sqlite3.Error:
            highest = 1 << 62  # unknown: read on until the batches run dry
        last, step = 0, 1
        while last < highest and failures <= 64:
            try:
                batch = conn.execute(
                    "SELECT rowid, source_hash, source_lang, target_lang, model_id, source_text,"
                    " target_text, score, route, created FROM translations WHERE rowid > ?"
                    " ORDER BY rowid LIMIT ?",
                    (last, _SALVAGE_BATCH),
                ).fetchall()
            except sqlite3.Error:
                failures += 1
                last, step = last + step, min(step * 2, 1 << 20)  # jump over the damage
                continue
            if not batch:
                break
            rows.extend(tuple(row[1:]) for row in batch)
            last, step = batch[-1][0], 1
    finally:
        conn.close()
    return rows, (f"{failures} damaged stretches of the translation memory" if failures else "")

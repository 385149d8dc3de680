"""Verify a workspace and rebuild what is derived: `parallax check [--repair]`.

Article files are the truth. The check reads every file, compares its hash and segments with
the index, runs SQLite's integrity check, and looks for rows that point nowhere and jobs
stuck in "running". Repair rebuilds the index from the files, releases dead jobs and drops
orphans; it never touches an article file or the translation memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from workspace import ParallaxError
from workspace.store import db as database
from workspace.store.workspace import Workspace, segment_article


@dataclass
class CheckReport:
    files: int = 0
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_workspace(ws: Workspace, *, repair: bool = False) -> CheckReport:
    report = CheckReport()
    resegmented = ws.resegment_outdated()
    if resegmented:
        report.repaired.append(f"segmented {resegmented} articles again with the new segmenter")
    integrity = ws.db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        report.problems.append(f"database integrity: {integrity}")
    indexed = {
        row["id"]: row for row in ws.db.execute("SELECT id, story, content_hash FROM articles")
    }
    seen: set[str] = set()
    for story in ws.stories():
        for path in ws.article_paths(story.slug):
            report.files += 1
            try:
                article = ws.read_article(path, story.slug)
            except ParallaxError as exc:
                report.problems.append(f"unreadable article file: {exc}")
                continue
            except UnicodeDecodeError:
                report.problems.append(f"{path}: not UTF-8 text")
                continue
            if article.id in seen:
                report.problems.append(f"{path}: article id {article.id!r} is used twice")
            seen.add(article.id)
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
    from workspace.translate.jobs import HEARTBEAT_STALE_SECONDS, process_alive

    stuck = [row["id"] for row in ws.db.execute("SELECT id, pid, heartbeat FROM jobs WHERE state = 'running'")
             if not process_alive(row["pid"]) or (row["heartbeat"] or 0) < time.time() - HEARTBEAT_STALE_SECONDS]  # fmt: skip
    if stuck:
        report.problems.append(f"{len(stuck)} jobs marked running whose process is gone")
    _check_vectors(ws, report)
    if repair and report.problems:
        _repair(ws, report)
    return report


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

    with database.transaction(ws.db):
        ws.db.execute("DELETE FROM segments")
        ws.db.execute("DELETE FROM articles")
    reindexed = ws.sync()
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

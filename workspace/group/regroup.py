"""`parallax group`: sort a workspace's articles again, in batch.

By default only the articles grouping left alone in a story of their own are placed again (an
article added before the story it belongs to had others may find it now). With `all_articles`
every automatically placed article is placed again, in a fixed order, against the stories made
by hand or accepted and the articles placed before it. Articles in stories made by hand or
accepted, and articles the user put somewhere, never move.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workspace.group.assign import decide, encoder_or_none, free_slug, open_index
from workspace.group.moves import MoveResult, _drop_if_empty, _move_locked
from workspace.group.records import AUTO, place, placements, set_origin, story_origins
from workspace.group.settings import DEFAULT_SETTINGS, GroupingSettings
from workspace.store.workspace import Workspace


@dataclass
class RegroupProgress:
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None


@dataclass
class RegroupReport:
    examined: int = 0
    moved: list[MoveResult] = field(default_factory=list)
    new_stories: list[str] = field(default_factory=list)
    kept: int = 0  # articles that stayed where they were
    fixed: int = 0  # articles placed by the user or in stories made by hand or accepted
    method: str = "meaning"


def group_workspace(
    ws: Workspace,
    *,
    all_articles: bool = False,
    settings: GroupingSettings = DEFAULT_SETTINGS,
    on_progress: Callable[[RegroupProgress], None] = lambda p: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> RegroupReport:
    """Place unsorted (or all automatically placed) articles again; see the module docstring."""
    ws.ensure_writable("group articles")
    report = RegroupReport()
    with ws.writing("group articles"):
        ws.sync()
        encoder = encoder_or_none()
        index = open_index(ws, encoder, settings, fresh=True)
        report.method = "meaning" if index.uses_vectors else "names, numbers and words"
        origins = story_origins(ws.db)
        placed = placements(ws.db)
        stories = index.stories()

        def movable(article_id: str, story: str) -> bool:
            how = placed[article_id].how if article_id in placed else "auto"
            return origins.get(story) == AUTO and how == "auto"

        chosen = [
            p
            for story, members in sorted(stories.items())
            for p in sorted(members, key=lambda m: m.article_id)
            if movable(p.article_id, story) and (all_articles or len(members) == 1)
        ]
        report.fixed = sum(1 for p in index.profiles.values() if not movable(p.article_id, p.story))
        progress = RegroupProgress(total=len(chosen))
        on_progress(progress)
        current = {p.article_id: p.story for p in chosen}
        if all_articles:
            for p in chosen:
                index.remove(p.article_id)
        claimed: set[str] = set()
        target: dict[str, str] = {}
        reasons: dict[str, tuple[float | None, bool, str]] = {}
        for profile in chosen:
            if cancelled():
                raise InterruptedError
            scores = index.score(profile, exclude=profile.article_id)
            best, runner_up, join, uncertain, _ = decide(scores, index, settings)
            if join and best is not None:
                story = best.story
            elif current[profile.article_id] not in claimed:
                story = current[profile.article_id]
            else:
                story = free_slug(ws, ws.article(profile.article_id).title)
                while story in claimed:
                    story = f"{story[:44]}-x"
            claimed.add(story)
            target[profile.article_id] = story
            reasons[profile.article_id] = (best.score if best else None, uncertain, "")
            if all_articles:
                index.add(profile)
            index.move(profile.article_id, story)
            report.examined += 1
            progress.done += 1
            on_progress(progress)
        for article_id, story in target.items():
            score, uncertain, _ = reasons[article_id]
            if story == current[article_id]:
                report.kept += 1
                continue
            if not ws.has_story(story):
                ws.create_story(story, title=ws.article(article_id).title)
                set_origin(ws.db, story, AUTO)
                report.new_stories.append(story)
            result = _move_locked(ws, article_id, story, "auto")
            place(ws.db, article_id, story, "auto", score, uncertain, "placed again by group")
            report.moved.append(result)
        for story in set(current.values()):
            _drop_if_empty(ws, story)
    return report

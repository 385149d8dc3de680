"""Read models of versions for interactive views: column marks for a story, and one article's
versions with the diff of a chosen change. The TUI renders these; it never reads files or
SQLite itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from workspace.feeds.changes import Movement, article_values, as_time, last_seen, movement
from workspace.feeds.versiondiff import VersionDiff, diff_versions
from workspace.feeds.versions import Version, list_versions
from workspace.ingest.text import clean_text
from workspace.store.workspace import Workspace

CHANGED_MARK = "●"  # the article changed since the story was last looked at


def version_marks(ws: Workspace, slug: str, since: str | None = None) -> dict[str, str]:
    """Per article id, a short mark for its column: 'v3' when it has had 3 texts, with ●
    when a significant change came after `since` (default: the story's last-seen mark)."""
    seen = last_seen(ws, slug) if since is None else since
    marks: dict[str, str] = {}
    for article in ws.articles(slug):
        versions = list_versions(ws, article)
        if len(versions) < 2:
            continue
        fresh = any(
            not v.current and v.significant and (not seen or as_time(v.replaced) > as_time(seen))
            for v in versions
        )
        marks[article.id] = f"v{len(versions)}" + (f" {CHANGED_MARK}" if fresh else "")
    return marks


@dataclass
class VersionView:
    article_id: str
    outlet: str
    title: str
    language: str
    versions: list[Version]
    seen: str  # the story's last-seen mark
    older: int | None = None  # the change shown: version `older` → the next one
    diff: VersionDiff | None = None
    movements: list[Movement] = field(default_factory=list)

    def is_new(self, version: Version) -> bool:
        """Replaced after the last look (the change from it is new to the reader)."""
        return not version.current and (
            not self.seen or as_time(version.replaced) > as_time(self.seen)
        )


def load_version_view(
    ws: Workspace, article_id: str, older: int | None = None, *, with_encoder: bool = True
) -> VersionView:
    """An article's versions and the diff from version `older` to the next (default: the
    latest change), fact changes read against the story's other articles."""
    article = ws.article(article_id)
    versions = list_versions(ws, article)
    view = VersionView(article.id, clean_text(article.outlet), clean_text(article.title),
                       article.language, versions, last_seen(ws, article.story))  # fmt: skip
    if len(versions) < 2:
        return view
    numbers = [v.number for v in versions[:-1]]
    view.older = older if older in numbers else numbers[-1]
    index = numbers.index(view.older)
    old, new = versions[index], versions[index + 1]
    encode = reference = None
    if with_encoder:
        from workspace.feeds.watch import diff_encoder

        encode, reference = diff_encoder(ws)
    view.diff = diff_versions(
        old.body, new.body, article.language, old_title=old.title, new_title=new.title,
        encode=encode, reference=reference,
    )  # fmt: skip
    others = {a.outlet: article_values(a) for a in ws.articles(article.story) if a.id != article.id}
    view.movements = [movement(f, others, article.language) for f in view.diff.fact_changes]
    return view

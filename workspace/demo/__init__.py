"""The demo story: one fictional event told by an English wire, a Russian agency and a Kazakh
ministry portal, with human English editions of the Russian and Kazakh articles."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir

from workspace.store.workspace import Workspace, init_workspace

DEMO_SLUG = "gas-deal"


def demo_workspace(root: Path | None = None) -> tuple[Workspace, str]:
    """Create (or reuse) the demo workspace; return it and the demo story's slug.

    Files already there are left alone, so a user's edits to the demo survive.
    """
    root = root or Path(user_data_dir("parallax")) / "demo"
    ws = init_workspace(root)
    target = ws.stories_dir / DEMO_SLUG
    source = resources.files("workspace.demo") / "story"
    for relative in ("story.toml", *_story_files(source)):
        destination = target / relative
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            with resources.as_file(source / relative) as path:
                shutil.copyfile(path, destination)
    ws.sync(DEMO_SLUG)
    return ws, DEMO_SLUG


def _story_files(source) -> list[str]:
    names = [item.name for item in source.iterdir() if item.name.endswith(".md")]
    editions = [f"editions/{item.name}" for item in (source / "editions").iterdir()
                if item.name.endswith(".md")]  # fmt: skip
    return sorted(names) + sorted(editions)

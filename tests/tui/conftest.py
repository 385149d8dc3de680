from __future__ import annotations

from pathlib import Path

import pytest

from workspace.demo import demo_workspace


@pytest.fixture
def demo(tmp_path: Path):
    ws, slug = demo_workspace(tmp_path / "demo")
    yield ws, slug
    ws.close()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until loading workers are done and the screen has repainted."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)

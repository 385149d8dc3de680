"""SVG snapshots of the main screens at 160×45 on the demo story."""

from __future__ import annotations

from tests.tui.conftest import settle
from workspace.tui.app import make_app


def test_stories_screen(snap_compare, demo):
    ws, _ = demo
    assert snap_compare(make_app(ws), terminal_size=(160, 45), run_before=settle)


def test_story_screen_aligned_with_diff(snap_compare, demo):
    ws, slug = demo
    assert snap_compare(make_app(ws, slug), terminal_size=(160, 45), run_before=settle)

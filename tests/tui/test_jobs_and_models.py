"""Translation jobs from the UI (a worker; the UI stays live) and the models screen."""

from __future__ import annotations

from tests.conftest import add_text
from tests.tui.conftest import settle
from workspace.store.workspace import init_workspace
from workspace.translate.packages import install_package_file
from workspace.tui.app import make_app
from workspace.tui.messages import JobFinished
from workspace.tui.screens.models import ModelsScreen
from workspace.tui.widgets.story_table import StoryTable


async def test_translating_from_the_ui_fills_the_columns(tmp_path, model_files):
    ws = init_workspace(tmp_path / "ws", local_models=True)
    install_package_file(model_files["ru-en"], ws.packages_dir)
    add_text(ws, "s", "Floods hit Almaty on Saturday. Two people died.", "Wire", "en")
    add_text(ws, "s", "Наводнение в Алматы в субботу. Погибли два человека.", "Agency", "ru")
    seen: list[object] = []
    app = make_app(ws, "s")
    async with app.run_test(size=(160, 45), message_hook=seen.append) as pilot:
        await settle(pilot)
        table = app.screen.query_one(StoryTable)
        untranslated = [s for a in table.view.articles for s in a.sentences if s.pivot is None]
        assert len(untranslated) == 2
        await pilot.press("t")
        for _ in range(100):
            await pilot.pause(0.1)
            if any(isinstance(m, JobFinished) for m in seen):
                break
        await settle(pilot)
        finished = [m for m in seen if isinstance(m, JobFinished)]
        assert finished and not finished[0].failed
        table = app.screen.query_one(StoryTable)
        assert all(s.pivot is not None for a in table.view.articles for s in a.sentences)
        sources = {s.source for a in table.view.articles for s in a.sentences}
        assert any(src.startswith("machine: direct") for src in sources)
    ws.close()


async def test_models_screen_lists_models_and_routes(tmp_path, model_files):
    ws = init_workspace(tmp_path / "ws", local_models=True)
    install_package_file(model_files["ru-en"], ws.packages_dir)
    app = make_app(ws)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ModelsScreen)
        models = app.screen.query_one("#models-table")
        routes = app.screen.query_one("#routes-table")
        assert models.row_count == 1 and routes.row_count == 6
        await pilot.press("i", *str(tmp_path / "missing.argosmodel"), "enter")
        await settle(pilot)
        status = str(app.screen.query_one("#models-status").render())
        assert "no such file" in status
    ws.close()

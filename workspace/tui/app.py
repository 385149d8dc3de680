"""The Parallax terminal UI. `make_app` builds it for the CLI and for the tests."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workspace.store.workspace import Workspace
from workspace.tui.messages import JobFinished, JobProgressed, WorkspaceChanged, describe
from workspace.tui.screens.models import ModelsScreen
from workspace.tui.screens.stories import StoriesScreen
from workspace.tui.screens.story import StoryScreen
from workspace.tui.widgets.job_bar import JobBar

POLL_SECONDS = 3.0  # how often to look for translations landed by another process


class ParallaxApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Parallax"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),
        Binding("question_mark", "show_keys", "Keys", id="app.keys"),
    ]

    def __init__(self, root: Path, story: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.initial_story = story
        self._cancel = threading.Event()
        self._job_running = False
        self._signature: tuple[int, int] | None = None

    @contextmanager
    def open_workspace(self) -> Iterator[Workspace]:
        """A workspace connection for the calling thread (SQLite connections are per thread)."""
        ws = Workspace(self.root)
        try:
            yield ws
        finally:
            ws.close()

    def on_mount(self) -> None:
        self.push_screen(StoriesScreen())
        if self.initial_story:
            self.open_story(self.initial_story)
        self.set_interval(POLL_SECONDS, self._check_signature)

    def open_story(self, slug: str) -> None:
        self.push_screen(StoryScreen(slug))

    def action_models(self) -> None:
        self.push_screen(ModelsScreen())

    def action_show_keys(self) -> None:
        self.action_show_help_panel()

    # -- translation jobs --------------------------------------------------------------------

    def action_translate_all(self) -> None:
        self.start_translation(None)

    def start_translation(self, stories: list[str] | None) -> None:
        if self._job_running:
            self.notify(
                "a translation job is already running (x cancels it)",
                severity="warning",
                markup=False,
            )
            return
        self._job_running = True
        self._cancel.clear()
        self.notify(
            "translating… the view refreshes as translations land (x cancels)", markup=False
        )
        self.translate(stories)

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def translate(self, stories: list[str] | None) -> None:
        from workspace.translate.engine import Engine
        from workspace.translate.jobs import Progress, plan_translation, queue_jobs, run_jobs

        def progressed(p: Progress) -> None:
            self.post_message(JobProgressed(p.done, p.total, p.rate))

        try:
            with self.open_workspace() as ws:
                plan = plan_translation(ws, stories or [], all_stories=stories is None)
                queue_jobs(ws, plan)
                report = run_jobs(
                    ws, Engine(), cancelled=self._cancel.is_set, on_progress=progressed
                )
        except Exception as exc:  # reported in the UI; the app keeps running
            self.post_message(JobFinished(f"translation failed: {describe(exc)}", True))
            return
        p = report.progress
        if report.cancelled:
            summary = f"cancelled after {p.done} sentences; run again to finish"
        else:
            summary = (
                f"translated {p.done} sentences; {p.jobs_done} jobs done, {p.jobs_failed} failed"
            )
        if report.failures:
            summary += " — " + report.failures[0][1]
        self.post_message(JobFinished(summary, bool(report.failures)))

    def action_cancel_job(self) -> None:
        if self._job_running:
            self._cancel.set()

    @on(JobProgressed)
    def _progress(self, message: JobProgressed) -> None:
        for bar in self.screen.query(JobBar):
            bar.update_progress(message.done, message.total, message.rate, "translating")
        self._check_signature()

    @on(JobFinished)
    def _finished(self, message: JobFinished) -> None:
        self._job_running = False
        for bar in self.screen.query(JobBar):
            bar.finish(message.summary)
        self.notify(
            message.summary,
            severity="error" if message.failed else "information",
            timeout=8,
            markup=False,  # the summary quotes file names and model codes: never markup
        )
        self._check_signature(force=True)

    # -- noticing changes made elsewhere ------------------------------------------------------

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _check_signature(self, force: bool = False) -> None:
        with self.open_workspace() as ws:
            row = ws.db.execute(
                "SELECT (SELECT COUNT(*) FROM translations),"
                " (SELECT COUNT(*) FROM jobs WHERE state = 'running'),"
                " (SELECT COALESCE(SUM(done), 0) FROM jobs WHERE state = 'running'),"
                " (SELECT COALESCE(SUM(total), 0) FROM jobs WHERE state = 'running')"
            ).fetchone()
            # Per-worker counts when that process spreads the job over a Ray cluster.
            workers = ws.db.execute(
                "SELECT worker, sentences FROM job_workers WHERE state = 'working' AND runner_pid"
                " IN (SELECT pid FROM jobs WHERE state = 'running') ORDER BY length(worker), worker"
            ).fetchall()
        signature = (int(row[0]), int(row[1]))
        if force or (self._signature is not None and signature != self._signature):
            self.call_from_thread(self._announce)
        self._signature = signature
        if row[1] and not self._job_running:
            # A job started elsewhere (e.g. `parallax translate` in another terminal).
            label = "another process is translating:"
            if workers:
                counts = ", ".join(f"{name} {sentences}" for name, sentences in workers)
                label = f"a Ray run is translating ({counts}):"
            self.call_from_thread(self._show_external_job, int(row[2]), int(row[3]), label)

    def _show_external_job(self, done: int, total: int, label: str) -> None:
        for bar in self.screen.query(JobBar):
            bar.update_progress(done, total, 0.0, label)

    def _announce(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(WorkspaceChanged())

    # -- the command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Models", "Installed models and routes; install from a file", self.action_models
        )
        yield SystemCommand(
            "Translate every story", "Queue and run translation jobs", self.action_translate_all
        )
        yield SystemCommand(
            "Cancel translation",
            "Stop the running job (finished work is kept)",
            self.action_cancel_job,
        )
        if isinstance(screen, StoryScreen):
            for binding in StoryScreen.BINDINGS:
                assert isinstance(binding, Binding)
                action = getattr(screen, f"action_{binding.action}", None)
                if action is not None:
                    yield SystemCommand(binding.description, f"key: {binding.key}", action)


def make_app(ws: Workspace | Path, story: str | None = None) -> ParallaxApp:
    """The app on a workspace (opened per thread inside), optionally on one story."""
    root = ws.root if isinstance(ws, Workspace) else Path(ws)
    return ParallaxApp(root, story)

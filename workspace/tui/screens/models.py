"""Installed models and the route each language pair takes; install from a file path."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from workspace.ingest.text import clean_line
from workspace.translate.jobs import installed_models
from workspace.translate.packages import install_package_file
from workspace.translate.routes import route_table
from workspace.tui.messages import describe


class ModelsScreen(Screen[None]):
    BINDINGS = [
        Binding("i", "install", "Install from file", id="models.install"),
        Binding("escape", "app.pop_screen", "Back", id="models.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Installed models", style="bold"))
        yield DataTable(id="models-table", cursor_type="row")
        yield Static(Text("Routes", style="bold"))
        yield DataTable(id="routes-table", cursor_type="row")
        yield Input(placeholder="path to a .argosmodel file, then Enter", id="install-path")
        yield Static(id="models-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Parallax — models"
        self.query_one("#models-table", DataTable).add_columns(
            "model", "family", "languages", "version", "where"
        )
        self.query_one("#routes-table", DataTable).add_columns("from", "to", "route")
        self.query_one("#install-path").display = False
        self.load()

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def load(self, install: str = "") -> None:
        status = ""
        try:
            with self.app.open_workspace() as ws:  # type: ignore[attr-defined]
                if install:
                    from workspace.translate.packages import default_package_dir

                    model = install_package_file(
                        Path(install).expanduser(), ws.packages_dir or default_package_dir()
                    )
                    status = f"installed {model.code} {model.version}"
                models = installed_models(ws)
        except Exception as exc:  # a bad package path or file: say so, keep running
            self.app.call_from_thread(self._status, f"error: {describe(exc)}", "red")
            return
        routes = route_table(models, ["kk", "ru", "en"])
        self.app.call_from_thread(self._show, models, routes, status)

    def _show(self, models, routes, status: str) -> None:
        table = self.query_one("#models-table", DataTable)
        table.clear()
        for m in models:
            languages = (
                ", ".join(x.code for x in m.languages)
                if m.family == "nllb"
                else f"{m.from_code}→{m.to_code}"
            )
            table.add_row(Text(m.code), Text(m.family), Text(languages), Text(m.version),
                          Text(clean_line(str(m.path))))  # fmt: skip
        if not models:
            table.add_row(Text("none installed", style="dim"), "", "", "", "")
        routes_table = self.query_one("#routes-table", DataTable)
        routes_table.clear()
        for source, target, text in routes:
            routes_table.add_row(Text(source), Text(target), Text(text))
        self._status(status, "green")

    def _status(self, text: str, style: str) -> None:
        self.query_one("#models-status", Static).update(Text(clean_line(text), style=style))

    def action_install(self) -> None:
        path = self.query_one("#install-path", Input)
        path.display = True
        path.focus()

    @on(Input.Submitted, "#install-path")
    def _install(self, event: Input.Submitted) -> None:
        self._status(f"installing {event.value}…", "yellow")
        self.load(event.value)

"""No command lets data send an escape sequence, a C1 control, or a bidi or zero-width
character to the terminal; markup in data stays literal text; reports carry none either.

Every command runs on a workspace full of payloads (see hostile_workspace.py), once as a
pipe (no byte of that kind at all) and once with Rich forced to colour (only SGR colour
sequences allowed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import Result, run
from tests.http_server import serve
from tests.reliability import hostile_workspace
from tests.reliability.hostile_workspace import MARKUP, NAME, PAYLOAD, dangerous, sgr_only


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, model_files):
    return hostile_workspace.build(tmp_path_factory.mktemp("terminal"), model_files["ru-en"])


def commands(h: hostile_workspace.Hostile, tmp: Path) -> list[list[object]]:
    ws = h.ws
    bad_package = h.sources / f"bad{NAME}.argosmodel"
    bad_package.write_bytes(b"not a zip")
    return [
        ["stories"], ["stories", "--json"],
        ["show", "s"], ["show", "s", "--json"], ["show", PAYLOAD], ["show", "s", "--json", "-x"],
        ["compare", "s"], ["compare", "s", "--json"],
        ["compare", "s", "--md", tmp / f"r{NAME}.md", "--html", tmp / f"r{NAME}.html"],
        ["translate", "s", "--dry-run"], ["translate", "s", "--dry-run", "--json"],
        ["translate", "s", "--to", PAYLOAD], ["translate", "s", "--beam", "0"],
        ["jobs"], ["jobs", "--json"],
        ["models", "list"], ["models", "list", "--json"],
        ["models", "routes"], ["models", "routes", "--json"],
        ["models", "routes", "--languages", PAYLOAD],
        ["models", "install", bad_package], ["models", "install", PAYLOAD],
        ["models", "remove", PAYLOAD], ["models", "import-ct2", h.sources, "--code", PAYLOAD],
        ["models", "available"],
        ["add", h.sources / f"missing{NAME}.txt", "--story", "s"],
        ["add", h.sources / f"ru{NAME}.txt", "--story", "s"],  # already there
        ["add", h.sources / f"ru{NAME}.txt", "--story", PAYLOAD],
        ["add", h.sources / f"ru{NAME}.txt", "--lang", PAYLOAD],
        ["add", h.sources, "--story", "s"],
        ["remove", PAYLOAD],
        ["check"],
        ["tui", "s"],
        [PAYLOAD],
        ["--workspace", ws / PAYLOAD, "stories"],
        ["translate", "s"],
        ["check", "--repair"],
    ]  # fmt: skip


def run_all(h: hostile_workspace.Hostile, tmp: Path) -> list[tuple[list[object], Result]]:
    results = []
    for args in commands(h, tmp):
        results.append((args, run("-w", h.ws, *args)))
    return results


def test_no_command_sends_a_control_sequence_through_a_pipe(hostile, tmp_path, monkeypatch):
    with serve({}) as base:
        entries = hostile_workspace.index_entries(base)
        routes = {"/index.json": (200, "application/json", json.dumps(entries).encode())}
        with serve(routes) as index:  # type: ignore[arg-type]
            monkeypatch.setenv("PARALLAX_ARGOS_INDEX", f"{index}/index.json")
            results = run_all(hostile, tmp_path)
    problems = {}
    for args, result in results:
        for stream, text in (("stdout", result.out), ("stderr", result.err)):
            found = dangerous(text)
            if found:
                problems[f"{args[:2]} {stream}"] = found[:3]
        assert "Traceback" not in result.err, (args, result.err)
    assert problems == {}
    by_command: dict[str, Result] = {}
    for args, result in results:
        by_command.setdefault(" ".join(map(str, args[:2])), result)
    # Markup in data is shown as the text it is, never interpreted.
    assert MARKUP in "".join(by_command["stories --json"].out.split())
    assert MARKUP in "".join(by_command["show s"].out.split())
    # Unreadable files are reported by name, cleaned, in every command that meets them.
    for name in ("stories", "show s", "compare s", "translate s"):
        assert "skipped stories/s/zz" in by_command[name].err, (name, by_command[name].err)
    # --json commands print a JSON object on stdout even when they fail.
    failed = run("-w", hostile.ws, "show", PAYLOAD, "--json")
    assert failed.code == 1 and "error" in json.loads(failed.out)
    reports = [tmp_path / f"r{NAME}.md", tmp_path / f"r{NAME}.html"]
    for report in reports:
        assert dangerous(report.read_text(encoding="utf-8")) == [], report


def test_no_command_sends_more_than_colours_to_a_terminal(hostile, tmp_path, monkeypatch):
    from workspace.cli import context

    plain = context.safe_console
    # The consoles as they are on a colour terminal (forced, whatever the test's environment).
    monkeypatch.setattr(context, "safe_console", lambda **kwargs: plain(
        force_terminal=True, color_system="truecolor", **kwargs))  # fmt: skip
    monkeypatch.setenv("PARALLAX_ARGOS_INDEX", "http://127.0.0.1:9/index.json")
    results = run_all(hostile, tmp_path)
    assert any("\x1b[" in r.out for _, r in results), "colour was not forced: the test is void"
    problems = {}
    for args, result in results:
        for stream, text in (("stdout", result.out), ("stderr", result.err)):
            found = dangerous(text, allow=sgr_only())
            if found:
                problems[f"{args[:2]} {stream}"] = found[:3]
    assert problems == {}


def test_reports_written_to_stdout_carry_no_control_characters(hostile, tmp_path):
    env = dict(os.environ, PARALLAX_WORKSPACE=str(hostile.ws))
    for option in ("--md", "--html"):
        result = subprocess.run(
            [sys.executable, "-c", "from workspace.cli import main; main()", "compare", "s",
             option, "/dev/stdout"],
            capture_output=True, env=env, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode("utf-8")
        assert "evil" in text and dangerous(text) == []
        assert dangerous(result.stderr.decode("utf-8")) == []


def test_the_stored_files_hold_no_control_characters(hostile):
    """Cleaned where they are stored: `add` wrote no payload byte into its files."""
    for path in (hostile.ws / "stories" / "s").glob("*.md"):
        if path.name.startswith(("hand", "zz")):
            continue  # written by hand, by the test
        assert dangerous(path.read_text(encoding="utf-8")) == [], path.name
    assert PAYLOAD not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in hostile.ws.rglob("*.md")
        if not p.name.startswith(("hand", "zz"))
    )  # fmt: skip

"""The TUI never emits a control sequence that came from data: on a workspace full of payloads
(hostile_workspace.py), what it draws holds only Textual's own sequences.

Two views of the same question: the frames Textual composes for each screen (Pilot, headless)
and the raw bytes a real pseudo-terminal receives from `parallax tui`."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import struct
import sys
import time

import pytest

from tests.reliability import hostile_workspace
from tests.reliability.hostile_workspace import dangerous
from tests.tui.conftest import settle
from workspace.tui.app import make_app

# Textual's own output, and nothing else: colours, cursor moves, private modes (alternate
# screen, mouse, cursor), mode reports, the kitty keyboard protocol, the pointer shape.
TEXTUAL_SEQUENCES = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\[[0-9;]*H|\x1b\[\?[0-9;]*[hl]|\x1b\[\?[0-9;]*\$p|\x1b\[[<>=][0-9;]*u"
    r"|\x1b\]22;[a-z-]+\x07"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, model_files):
    return hostile_workspace.build(tmp_path_factory.mktemp("tui"), model_files["ru-en"])


def frame(app) -> str:  # type: ignore[no-untyped-def]
    """The bytes Textual would write to a terminal for a full redraw of the current screen."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


async def test_every_screen_draws_data_as_plain_text(hostile):
    app = make_app(hostile.ws)
    frames = {}
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        frames["stories"] = frame(app)
        await pilot.press("enter")
        await settle(pilot)
        frames["story"] = frame(app)
        for keys in (("f",), ("escape", "v"), ("v", "d"), ("n",), ("a",), ("right", "down")):
            await pilot.press(*keys)
            await settle(pilot)
            frames["story " + "+".join(keys)] = frame(app)
        await pilot.press("slash", *"evil", "enter")
        await settle(pilot)
        frames["story search"] = frame(app)
        await pilot.press("escape", "escape", "m")
        await settle(pilot)
        frames["models"] = frame(app)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        frames["keys"] = frame(app)
    assert "evil" in frames["story"].lower() or "15" in frames["story"]  # data is on screen
    problems = {
        name: dangerous(text, allow=TEXTUAL_SEQUENCES)[:3]
        for name, text in frames.items()
        if dangerous(text, allow=TEXTUAL_SEQUENCES)
    }
    assert problems == {}
    skipped = frames["stories"] + frames["story"]
    assert "skipped" in skipped and "zz" in skipped  # the unreadable file is named, cleaned


def _read(fd: int, out: bytearray, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            out.extend(data)
    return True


def test_a_real_terminal_receives_only_textual_s_own_sequences(hostile):
    env = dict(os.environ, TERM="xterm-256color", TEXTUAL_ANIMATIONS="none")
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "-w",
               str(hostile.ws), "tui"]  # fmt: skip
    pid, fd = pty.fork()
    if pid == 0:  # the child: parallax on the pty
        os.execvpe(sys.executable, command, env)
    import fcntl
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    out = bytearray()
    try:
        _read(fd, out, 5)
        for key in (b"\r", b"f", b"\x1b", b"v", b"d", b"n", b"a", b"/", b"evil\r", b"\x1b",
                    b"\x1b", b"m", b"\x1b", b"?"):  # fmt: skip
            os.write(fd, key)
            _read(fd, out, 0.6)
        os.write(fd, b"\x11")  # ctrl+q
        _read(fd, out, 2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    # The pty's line discipline turns each newline into CR LF: that CR is the terminal's own.
    text = out.decode("utf-8", errors="replace").replace("\r\n", "\n")
    assert len(text) > 10_000 and "\x1b[?1049h" in text, "the app did not draw"
    assert "Traceback" not in text
    found = dangerous(text, allow=TEXTUAL_SEQUENCES)
    assert found == [], found[:5]
    for marker in ("\x1b]52", "\x1b]8;", "\x1b]0;", "\x1b[2J", "\u202e", "\u200b"):
        assert marker not in text

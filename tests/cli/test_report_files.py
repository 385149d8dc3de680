"""`compare --md/--html PATH`: a regular file is replaced atomically; anything else (stdout,
a FIFO, a device, a symlink, process substitution) is written through and stays what it was."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli.helpers import run

PARALLAX = [sys.executable, "-c", "from workspace.cli import main; main()"]
EN = "Floods hit Almaty on Saturday. Two people died. Schools are closed."
EN2 = "Two people died when floods hit Almaty. Schools stay closed on Monday."


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    run("init", root)
    for name, text in (("en.txt", EN), ("en2.txt", EN2)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert run("-w", root, "add", tmp_path / name, "--story", "s").code == 0
    return root


@pytest.mark.parametrize("option", ["--md", "--html"])
def test_a_regular_file_is_replaced_atomically_and_a_new_one_honours_the_umask(
    ws, tmp_path, option
):
    report = tmp_path / "report"
    report.write_text("old")
    inode = report.stat().st_ino
    assert run("-w", ws, "compare", "s", option, report).code == 0
    assert report.stat().st_ino != inode and "Almaty" in report.read_text()
    fresh = tmp_path / "fresh"
    old = os.umask(0o022)
    try:
        assert run("-w", ws, "compare", "s", option, fresh).code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_a_symlink_stays_a_symlink_and_its_target_gets_the_report(ws, tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run("-w", ws, "compare", "s", "--md", link).code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Almaty" in target.read_text()


def test_a_link_to_stdout_is_written_through(ws, tmp_path):
    """The shape of /dev/stdout (a symlink to /proc/self/fd/1), made in the test's own folder:
    the report arrives on stdout and the link is still a link."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = subprocess.run([*PARALLAX, "-w", str(ws), "compare", "s", "--md", str(link)],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "# Comparison: s" in result.stdout
    assert link.is_symlink()


def test_a_fifo_is_written_through_and_stays_a_fifo(ws, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert run("-w", ws, "compare", "s", "--md", fifo).code == 0
    reader.join(timeout=30)
    assert b"# Comparison: s" in received[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_stays_a_device(ws, tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this machine does not allow device nodes")
    assert run("-w", ws, "compare", "s", "--md", null, "--html", null).code == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    full = run("-w", ws, "compare", "s", "--md", "/dev/full")
    assert full.code == 1 and "No space left" in full.err and full.err.count("\n") == 1


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_process_substitution(ws):
    script = f'{" ".join(PARALLAX[:2])} "{PARALLAX[2]}" -w "{ws}" compare s --md >(wc -c)'
    result = subprocess.run(["bash", "-c", script + "; wait"], capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert int(result.stdout.split()[0]) > 100  # wc -c counted the report


def test_a_directory_or_a_missing_folder_is_one_line(ws, tmp_path):
    for target in (tmp_path, Path("/proc/no/such/dir/x.md")):
        result = run("-w", ws, "compare", "s", "--md", target)
        assert result.code == 1 and result.err.count("\n") == 1, result.err
        assert "Traceback" not in result.err

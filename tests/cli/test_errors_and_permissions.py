"""Lower-severity hardening (issue 13, item 14): one-line errors instead of tracebacks, a JSON
error object for --json commands, files that honour the umask, story folders that lead
outside the workspace, and the HTML dependency declared."""

from __future__ import annotations

import errno
import importlib.metadata
import json
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile

import pytest

from tests.cli.helpers import run
from workspace.store import db as database
from workspace.store import files

EN = "Floods hit Almaty on Saturday. Two people died. Schools are closed."


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    run("init", root, "--local-models")
    (tmp_path / "a.txt").write_text(EN)
    assert run("-w", root, "add", tmp_path / "a.txt", "--story", "s").code == 0
    return root


def one_line(result) -> bool:  # type: ignore[no-untyped-def]
    return result.code != 0 and result.err.count("\n") == 1 and "Traceback" not in result.err


def test_json_commands_print_a_json_error_on_stdout(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = [
        ["stories", "--json"],  # not inside a workspace
        ["-w", ws, "show", "nope", "--json"],
        ["-w", ws, "compare", "nope", "--json"],
        ["-w", ws, "translate", "nope", "--dry-run", "--json"],
        ["-w", ws, "models", "routes", "--json", "--bogus"],
        ["-w", tmp_path / "missing", "jobs", "--json"],
    ]
    for args in cases:
        result = run(*args)
        assert one_line(result) or result.code == 2, (args, result.err)
        error = json.loads(result.out)
        assert set(error) == {"error"} and error["error"], args


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_article_files_honour_the_umask(tmp_path, umask):
    (tmp_path / "a.txt").write_text(EN)
    code = (
        "import os, sys; os.umask(int(sys.argv[1], 8));"
        "from workspace.cli import main; main(sys.argv[2:])"
    )
    for args in (["init", str(tmp_path / "ws")],
                 ["-w", str(tmp_path / "ws"), "add", str(tmp_path / "a.txt"), "--story", "s"]):  # fmt: skip
        done = subprocess.run([sys.executable, "-c", code, oct(umask), *args],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
    for path in (*(tmp_path / "ws" / "stories").rglob("*.md"), tmp_path / "ws" / "parallax.toml"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_a_story_folder_leading_outside_is_refused_for_writing(ws, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / "stories" / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "b.txt").write_text("A different article about the floods in Almaty.")
    result = run("-w", ws, "add", tmp_path / "b.txt", "--story", "linked")
    assert one_line(result) and "outside the workspace" in result.err
    assert list(outside.iterdir()) == []
    # The title-derived story name leads there too: grouping starts a story of another name
    # (a taken name is never joined by its title alone), and nothing is written outside.
    (tmp_path / "c.txt").write_text("Linked\n\nAnother article, with the title Linked.")
    assert run("-w", ws, "add", tmp_path / "c.txt").code == 0
    assert (ws / "stories" / "linked-2").is_dir()
    assert list(outside.iterdir()) == []


def _package_with(model_files, tmp_path, name, change):  # type: ignore[no-untyped-def]
    target = tmp_path / name
    with zipfile.ZipFile(model_files["ru-en"]) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(info.filename, data))
    return target


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("deep.argosmodel", lambda n, d: b"[" * 100_000 + b"]" * 100_000
         if n.endswith("metadata.json") else d, "nested too deeply"),
        ("languages.argosmodel", lambda n, d: json.dumps({**json.loads(d), "family": "nllb",
         "languages": 5}).encode() if n.endswith("metadata.json") else d, "languages"),
        ("markup.argosmodel", lambda n, d: json.dumps({**json.loads(d), "code":
         "[link=https://evil]x[/link]"}).encode() if n.endswith("metadata.json") else d,
         "invalid model code"),
    ],
)  # fmt: skip
def test_hostile_metadata_is_one_line(ws, tmp_path, model_files, name, change, message):
    package = _package_with(model_files, tmp_path, name, change)
    result = run("-w", ws, "models", "install", package)
    assert one_line(result) and message in result.err, result.err


def test_a_bad_crc_is_one_line_and_installs_nothing(ws, tmp_path, model_files):
    data = bytearray(model_files["ru-en"].read_bytes())
    with zipfile.ZipFile(model_files["ru-en"]) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith("model.bin"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 40
    data[start : start + 16] = bytes(b ^ 0xFF for b in data[start : start + 16])
    broken = tmp_path / "crc.argosmodel"
    broken.write_bytes(bytes(data))
    result = run("-w", ws, "models", "install", broken)
    assert one_line(result) and re.search(r"CRC|broken|corrupt|unpack", result.err), result.err
    listed = json.loads(run("-w", ws, "models", "list", "--json").out)
    assert [m for m in listed if m["family"] != "sentence-encoder"] == []


def test_a_full_disk_is_one_line_in_add_translate_and_jobs(ws, tmp_path, monkeypatch):
    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    (tmp_path / "b.txt").write_text("Another report: schools in Almaty stay closed.")
    monkeypatch.setattr(files.os, "fsync", full)
    added = run("-w", ws, "add", tmp_path / "b.txt", "--story", "s")
    assert one_line(added) and "disk is full" in added.err
    assert len(list((ws / "stories" / "s").glob("*.md"))) == 1  # nothing half-written
    assert not [p for p in (ws / "stories" / "s").iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()

    def full_db(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    # Every write transaction of the database fails as SQLite fails on a full disk.
    monkeypatch.setattr(database, "transaction", full_db)
    for args in (["translate", "s", "--to", "ru"], ["jobs"], ["translate", "s", "--force"]):
        result = run("-w", ws, *args)
        assert one_line(result) and "disk is full" in result.err, (args, result.err)


def test_lxml_html_clean_is_a_declared_dependency():
    """trafilatura's justext needs lxml.html.clean; pip 23.2 does not install it through the
    lxml[html_clean] extra, so Parallax names it (checked by hand with pip 23.2.1 in a fresh
    venv: see the hardening report)."""
    requires = importlib.metadata.requires("parallax-workspace") or []
    assert any(r.replace("-", "_").startswith("lxml_html_clean") for r in requires)
    import lxml_html_clean  # noqa: F401


def test_an_unreadable_source_file_is_one_line(ws, tmp_path):
    """Checked without root's permission bypass (capabilities dropped with setpriv, as in
    tests/reliability/test_damaged_and_read_only.py)."""
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux)")
    secret = tmp_path / "secret.txt"
    secret.write_text(EN)
    secret.chmod(0)
    result = subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", sys.executable, "-c",
         "from workspace.cli import main; main()", "-w", str(ws), "add", str(secret)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Permission denied" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr

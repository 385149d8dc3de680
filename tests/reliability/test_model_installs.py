"""Installing, importing and removing models: names are names, nothing outside the models
folder is ever deleted, a reinstall is all or nothing under SIGKILL, two installs at once get
one clear line."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.cli.helpers import run
from workspace.translate import model_dirs
from workspace.translate.model_dirs import LOCK_FILE
from workspace.translate.packages import install_package_file, list_installed

# A child `parallax` process, optionally with a fault injected through a patch (no test hooks
# in the product): PATCH is Python run after import, before main().
CHILD = """
import os, signal, sys, time
from workspace.cli import main
from workspace.translate import archives, model_dirs
{patch}
main(sys.argv[1:])
"""


def child(args: list[str], patch: str = "", env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD.format(patch=patch), *map(str, args)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env,
    )  # fmt: skip


def variant(source: Path, target: Path, marker: str, filler_mb: int = 24) -> Path:
    """The package `source` with a marker file and a stored random filler (so that an
    install takes long enough to be killed in the middle)."""
    rng = random.Random(marker)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        top = old.namelist()[0].split("/")[0]
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(f"{top}/MARKER", marker)
        new.writestr(f"{top}/filler.bin", rng.randbytes(filler_mb * 2**20))
    return target


def model_state(models: Path) -> str:
    """Which complete copy is installed ('v1', 'v2'), or why none is usable."""
    found = [m for m in list_installed(models) if m.code == "translate-ru_en"]
    if len(found) != 1:
        return f"{len(found)} models listed"
    path = found[0].path
    marker = (path / "MARKER").read_text() if (path / "MARKER").is_file() else "?"
    filler = path / "filler.bin"
    if not filler.is_file() or filler.stat().st_size != 24 * 2**20:
        return f"{marker} incomplete"
    return marker


def leftovers(models: Path) -> list[str]:
    return sorted(
        p.name for p in models.iterdir() if p.name.startswith(".") and p.name != LOCK_FILE
    )


@pytest.fixture
def packages(tmp_path, model_files):
    return (variant(model_files["ru-en"], tmp_path / "v1.argosmodel", "v1"),
            variant(model_files["ru-en"], tmp_path / "v2.argosmodel", "v2"))  # fmt: skip


def test_import_ct2_codes_are_names_and_nothing_outside_models_is_deleted(tmp_path, model_files):
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    assert run("-w", ws, "models", "install", model_files["ru-en"]).code == 0
    sentinels = [tmp_path / "x", ws / "x", tmp_path / "models-sibling"]
    for folder in sentinels:
        folder.mkdir()
        (folder / "keep.txt").write_text("keep")
    bad_codes = ["../../x", "../x", "..", ".", "/tmp/x", "a/b", "x y", ".hidden",
                 "[link=https://evil]x[/link]", "\x1b[2J", "-rf", "a" * 200]  # fmt: skip
    for code in bad_codes:
        result = run("-w", ws, "models", "import-ct2", model_files["nllb-dir"], "--code", code)
        assert result.code == 1 and "invalid --code" in result.err, (code, result.err)
        assert result.err.count("\n") == 1 and "\x1b" not in result.err
        assert all((folder / "keep.txt").read_text() == "keep" for folder in sentinels)
        assert [m.code for m in list_installed(ws / "models")] == ["translate-ru_en"]
    for code in ("../../x", "..", ".", "models", "/"):
        assert run("-w", ws, "models", "remove", code).code == 1
    assert all(folder.is_dir() for folder in sentinels) and (ws / "models").is_dir()


def test_a_symlinked_model_folder_is_unlinked_never_followed(tmp_path, model_files):
    elsewhere = tmp_path / "elsewhere"
    install_package_file(model_files["ru-en"], elsewhere)
    target = next(p for p in elsewhere.iterdir() if not p.name.startswith("."))
    before = sorted(p.name for p in target.rglob("*"))
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    (ws / "models").mkdir()
    (ws / "models" / target.name).symlink_to(target, target_is_directory=True)
    listed = json.loads(run("-w", ws, "models", "list", "--json").out)
    assert [m["code"] for m in listed if m["family"] != "sentence-encoder"] == ["translate-ru_en"]
    # Reinstalling over the link replaces the link, not what it points to.
    assert run("-w", ws, "models", "install", model_files["ru-en"]).code == 0
    assert not (ws / "models" / target.name).is_symlink()
    assert sorted(p.name for p in target.rglob("*")) == before
    # Removing a linked model removes the link only.
    shutil.rmtree(ws / "models" / target.name)
    (ws / "models" / target.name).symlink_to(target, target_is_directory=True)
    result = run("-w", ws, "models", "remove", "translate-ru_en")
    assert result.code == 0, result.err
    assert not (ws / "models" / target.name).exists()
    assert sorted(p.name for p in target.rglob("*")) == before


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_recovery_settles_every_state_a_dead_installer_can_leave(tmp_path, model_files):
    models = tmp_path / "models"
    install_package_file(model_files["ru-en"], models)
    name = next(p.name for p in models.iterdir() if not p.name.startswith("."))
    dead, alive = _dead_pid(), os.getpid()
    # Killed between the two renames: the old copy is aside, nothing in place.
    os.rename(models / name, models / f".old-{dead}-{name}")
    (models / f".installing-{dead}-abc123").mkdir()
    (models / f".importing-{dead}-abc123").mkdir()
    (models / f".downloading-{dead}-abc123").mkdir()
    (models / f".removing-{dead}-gone").mkdir()
    (models / f".installing-{alive}-busy").mkdir()  # a live installer's folder stays
    assert [m.code for m in list_installed(models)] == ["translate-ru_en"]
    assert leftovers(models) == [f".installing-{alive}-busy"]
    # Killed after the second rename: the new copy is in place, the old one is aside.
    shutil.copytree(models / name, models / f".old-{dead}-{name}")
    assert [m.code for m in list_installed(models)] == ["translate-ru_en"]
    assert leftovers(models) == [f".installing-{alive}-busy"]


# Kill points that random timing rarely hits, reached by patching the step before them.
FAULTS = {
    "during extraction": (
        "real = archives._chunks\n"
        "def _chunks(source):\n"
        "    for n, chunk in enumerate(real(source)):\n"
        "        if n == 5: os.kill(os.getpid(), signal.SIGKILL)\n"
        "        yield chunk\n"
        "archives._chunks = _chunks\n"
    ),
    "old copy moved aside, new one not yet in": (
        "real = model_dirs.os.rename\n"
        "def rename(a, b):\n"
        "    real(a, b)\n"
        "    if '.old-' in str(b): os.kill(os.getpid(), signal.SIGKILL)\n"
        "model_dirs.os.rename = rename\n"
    ),
    "new copy in, old one not yet deleted": (
        "real = model_dirs.remove_tree\n"
        "def remove_tree(path, directory):\n"
        "    if '.old-' in path.name: os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(path, directory)\n"
        "model_dirs.remove_tree = remove_tree\n"
    ),
    "halfway through deleting the old copy": (
        "real = model_dirs.shutil.rmtree\n"
        "def rmtree(path, **kw):\n"
        "    if '.old-' in str(path):\n"
        "        os.unlink(os.path.join(path, 'filler.bin'))\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(path, **kw)\n"
        "model_dirs.shutil.rmtree = rmtree\n"
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_sigkill_at_each_step_of_a_reinstall_leaves_a_usable_model(tmp_path, packages, fault):
    v1, v2 = packages
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    assert run("-w", ws, "models", "install", v1).code == 0
    process = child(["-w", ws, "models", "install", v2], FAULTS[fault])
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert model_state(ws / "models") in ("v1", "v2")  # listing recovers first
    assert leftovers(ws / "models") == []
    assert run("-w", ws, "models", "install", v2).code == 0
    assert model_state(ws / "models") == "v2"


def _wait_for_staging(models: Path, process: subprocess.Popen) -> float:
    """Wait (bounded) until `process` starts unpacking; return when it did."""
    deadline = time.monotonic() + 60
    while not (models.exists() and leftovers(models)) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    return time.monotonic()


def test_sigkill_at_random_points_of_reinstalls_never_loses_the_model(tmp_path, packages):
    v1, v2 = packages
    ws, models = tmp_path / "ws", tmp_path / "ws" / "models"
    run("init", ws, "--local-models")
    assert run("-w", ws, "models", "install", v1).code == 0
    whole = child(["-w", ws, "models", "install", v2])
    started = _wait_for_staging(models, whole)
    whole.communicate(timeout=120)
    window = time.monotonic() - started  # from the first staging folder to the end
    rng = random.Random(20261127)
    landed = []
    for i in range(12):
        process = child(["-w", ws, "models", "install", v1 if i % 2 else v2])
        _wait_for_staging(models, process)
        time.sleep(rng.uniform(0, 1.2 * window))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        landed.append(sorted({n.split("-")[0] for n in leftovers(models)}) or ["after the end"])
        assert model_state(models) in ("v1", "v2"), f"kill {i} at {landed[-1]}"
        assert leftovers(models) == []
    assert len({tuple(x) for x in landed}) >= 2, f"kills all landed alike: {landed}"


def test_two_installs_at_once_one_waits_its_turn_or_refuses_in_one_line(tmp_path, packages):
    v1, v2 = packages
    ws = tmp_path / "ws"
    run("init", ws, "--local-models")
    gate = tmp_path / "gate"
    held = (  # the first install waits (bounded) inside its extraction until the gate opens
        "real = archives._chunks\n"
        "def _chunks(source):\n"
        "    end = time.monotonic() + 60\n"
        f"    while not os.path.exists({str(gate)!r}) and time.monotonic() < end:\n"
        "        time.sleep(0.02)\n"
        "    yield from real(source)\n"
        "archives._chunks = _chunks\n"
    )
    first = child(["-w", ws, "models", "install", v1], held)
    deadline = time.monotonic() + 60
    while not ((ws / "models").exists() and leftovers(ws / "models")):  # first is extracting
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    second = child(["-w", ws, "models", "install", v2])
    _, err = second.communicate(timeout=120)
    gate.touch()
    assert second.returncode == 1 and "another Parallax process is installing" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert model_state(ws / "models") == "v1" and leftovers(ws / "models") == []
    # Many at once without a slowed one: never a traceback, and a usable model at the end.
    racers = [child(["-w", ws, "models", "install", v1 if i % 2 else v2]) for i in range(4)]
    for racer in racers:
        _, err = racer.communicate(timeout=180)
        assert "Traceback" not in err
        assert racer.returncode == 0 or "another Parallax process" in err
    assert model_state(ws / "models") in ("v1", "v2") and leftovers(ws / "models") == []


def test_make_tiny_refuses_a_language_that_is_a_path(tmp_path):
    for bad in ("../x", "/etc", "ru/../../x", "[red]x"):
        result = run("models", "make-tiny", tmp_path / "out", "--from", bad)
        assert (
            result.code == 1
            and "not a language code" in result.err
            and "Traceback" not in result.err
        )
    assert not (tmp_path / "x").exists()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_recover_never_touches_names_it_did_not_make(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    for name in (".git", ".cache", ".installing", ".old-x-y", "plain"):
        (models / name).mkdir()
    model_dirs.recover(models)
    assert sorted(p.name for p in models.iterdir() if p.name != LOCK_FILE) == sorted(
        [".git", ".cache", ".installing", ".old-x-y", "plain"]
    )

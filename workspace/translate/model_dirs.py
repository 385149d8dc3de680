"""A folder of installed models, changed all or nothing: one writer at a time, and a model
is replaced by renames only, so a SIGKILL at any point leaves a usable model.

Installing over `<dir>/<name>`: build the new copy in `.installing-<pid>-*/` (or
`.importing-<pid>-*/`; downloads go to `.downloading-<pid>-*/`), rename the old copy to `.old-<pid>-<name>`, rename the new one into
place, then delete the old. Removing renames to `.removing-<pid>-<name>` first. Leftovers of a
dead process are settled by `recover` (run before listing and installing): an old copy whose
replacement never arrived goes back into place; everything else of the dead process is deleted.
Nothing outside the folder is ever deleted: a name must be a plain name, a symlinked model is
unlinked (its target is left alone), and every path is checked to resolve inside the folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workspace import ParallaxError
from workspace.store.locks import exclusive_lock, process_alive, try_lock, unlock

LOCK_FILE = ".parallax-models.lock"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_LEFTOVER = re.compile(r"^\.(installing|importing|downloading|old|removing)-(\d+)-(.+)$")
_LEGACY_STAGING = re.compile(r"^\.(installing|importing)-[^-]+$")
LEGACY_STALE_SECONDS = 3600


def check_name(name: str, what: str = "model code") -> str:
    """A model folder name: letters, digits, '.', '_' and '-', not starting with a dot."""
    if not NAME_PATTERN.match(name) or name in (".", ".."):
        raise ParallaxError(
            f"invalid {what} {name!r}: use letters, digits, '.', '_' and '-'"
            " (not starting with '.')"
        )
    return name


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """One installer or remover at a time in `directory`; a second one gets one clear line."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParallaxError(
            f"cannot create the model folder {directory} ({exc.strerror})"
        ) from None
    with exclusive_lock(
        directory / LOCK_FILE,
        f"another Parallax process is installing or removing a model in {directory};"
        " try again when it finishes",
    ):
        _recover(directory)
        yield


def staging(directory: Path, kind: str = "installing") -> Path:
    """A fresh private folder inside `directory` for building a model before it goes live."""
    return Path(tempfile.mkdtemp(prefix=f".{kind}-{os.getpid()}-", dir=directory))


def swap_in(new: Path, directory: Path, name: str) -> Path:
    """Move the finished folder `new` to `directory/name`, replacing any model there by
    renames only (caller holds `locked`)."""
    check_name(name)
    final = directory / name
    aside = directory / f".old-{os.getpid()}-{name}"
    replaced = final.is_symlink() or final.exists()
    if replaced:
        os.rename(final, aside)
    try:
        os.rename(new, final)
    except OSError:
        if replaced:
            os.rename(aside, final)
        raise
    _sync_dir(directory)
    if replaced:
        remove_tree(aside, directory)
    return final


def remove_model_dir(path: Path, directory: Path) -> None:
    """Take a model out of `directory` (caller holds `locked`): rename, then delete."""
    check_name(path.name)
    _check_child(path, directory)
    gone = directory / f".removing-{os.getpid()}-{path.name}"
    os.rename(path, gone)
    _sync_dir(directory)
    remove_tree(gone, directory)


def remove_tree(path: Path, directory: Path) -> None:
    """Delete `path`, a direct child of `directory`: a symlink is unlinked, never followed."""
    _check_child(path, directory)
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    resolved = path.resolve()
    if resolved == directory.resolve() or not resolved.is_relative_to(directory.resolve()):
        raise ParallaxError(f"refusing to delete {path}: it is not inside {directory}")
    shutil.rmtree(path, ignore_errors=True)


def _check_child(path: Path, directory: Path) -> None:
    if path.parent.resolve() != directory.resolve() or path.name in ("", ".", ".."):
        raise ParallaxError(f"refusing to delete {path}: it is not inside {directory}")


def recover(directory: Path) -> None:
    """Settle what dead installers left behind, if no installer is running right now."""
    if not directory.is_dir():
        return
    fd = try_lock(directory / LOCK_FILE)
    if fd is None:
        return  # busy, or a folder we may not write: leave it as it is
    try:
        _recover(directory)
    finally:
        unlock(fd)


def _recover(directory: Path) -> None:
    try:
        entries = list(directory.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        try:
            if match is None:
                if _LEGACY_STAGING.match(entry.name) and _older_than(entry, LEGACY_STALE_SECONDS):
                    remove_tree(entry, directory)
                continue
            kind, pid, name = match.group(1), int(match.group(2)), match.group(3)
            if process_alive(pid):
                continue  # still at work (or this process, which cleans up after itself)
            final = directory / name
            if (
                kind == "old"
                and NAME_PATTERN.match(name)
                and not (final.exists() or final.is_symlink())
            ):
                os.rename(entry, final)  # the replacement never arrived: the old copy returns
            else:
                remove_tree(entry, directory)
        except (OSError, ParallaxError):
            continue  # best effort: a leftover we cannot settle now is tried again next time


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except OSError:
        return False


def _sync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

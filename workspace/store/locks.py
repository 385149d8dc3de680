"""Advisory file locks that serialise writers across processes (adding articles, installing
models). The kernel drops a lock when its process dies, so a SIGKILL never leaves one behind."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workspace import ParallaxError


@contextmanager
def exclusive_lock(path: Path, busy_message: str, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed) for the `with` block.

    When another process holds it, wait up to `wait_seconds`, then raise ParallaxError with
    `busy_message`.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise ParallaxError(f"cannot lock {path} ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ParallaxError(busy_message) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def try_lock(path: Path) -> int | None:
    """Take the lock on `path` without waiting; return the fd to pass to `unlock`, or None
    when it is held elsewhere or cannot be created (e.g. a read-only folder)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def unlock(fd: int) -> None:
    os.close(fd)


def process_alive(pid: int | None) -> bool:
    """Whether a process with this id exists (a dead owner's leftovers may be cleaned)."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

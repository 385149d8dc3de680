"""User files on disk: atomic writes and Markdown with TOML front matter."""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from workspace import ParallaxError

FRONT_MATTER_FENCE = "+++"


def current_umask() -> int:
    """The process umask (from /proc where it exists: reading it there, unlike setting and
    restoring it, cannot race with another thread creating a file)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(x for x in status if x.startswith("Umask:"))
        return int(line.split()[1], 8)
    except (OSError, StopIteration, ValueError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def _new_file_mode(path: Path) -> int:
    """What `open()` would give a new file: 0666 minus the umask; an existing file's mode
    is kept when it is replaced (mkstemp alone would leave every file 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves either the old file or the new one."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_create_text(path: Path, text: str) -> None:
    """Create `path` with `text` in one step; FileExistsError if the name is taken.

    The content is written and fsynced under a temporary name, then hard-linked into place:
    a concurrent reader sees no file or the whole file, and nothing is ever overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def read_local_file(path: Path, source: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is refused.

    Opened non-blocking (a FIFO must not make us wait for a writer) and checked on the open
    descriptor, so a path swapped for a FIFO or a device between two calls is still caught.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ParallaxError(f"{source}: no such file") from None
    except OSError as exc:
        raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ParallaxError(f"{source} is a directory; name the article files in it")
        _check_regular(info, source)
        _check_size(info.st_size, source, limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as handle:
        os.set_blocking(fd, True)
        chunks, total = [], 0
        want = info.st_size + 1  # one read for a file that does not grow meanwhile
        try:
            while total <= limit and (chunk := handle.read(want)):
                chunks.append(chunk)
                total += len(chunk)
                want = 1 << 20
        except OSError as exc:
            raise ParallaxError(f"{source}: cannot read ({exc.strerror})") from None
    _check_size(total, source, limit)
    return b"".join(chunks)


def _check_regular(info: os.stat_result, source: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ParallaxError(f"{source} is not a regular file (a device, FIFO or socket)")


def _check_size(size: int, source: str, limit: int) -> None:
    if size > limit:
        raise ParallaxError(f"{source} is larger than {limit // (1024 * 1024)} MB; not an article")


def _toml_safe(meta: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in meta.items() if value is not None}


def render_front_matter(meta: dict[str, Any], body: str) -> str:
    """Render a Markdown document with `+++` TOML front matter."""
    header = tomli_w.dumps(_toml_safe(meta))
    return f"{FRONT_MATTER_FENCE}\n{header}{FRONT_MATTER_FENCE}\n\n{body.rstrip()}\n"


def parse_front_matter(text: str, source: Path | str = "<text>") -> tuple[dict[str, Any], str]:
    """Split a document into (front matter, body); raise ParallaxError if the header is broken."""
    text = text.lstrip("\ufeff")
    if not text.startswith(FRONT_MATTER_FENCE):
        raise ParallaxError(f"{source}: no '+++' TOML front matter at the top of the file")
    end = text.find(f"\n{FRONT_MATTER_FENCE}", len(FRONT_MATTER_FENCE))
    if end < 0:
        raise ParallaxError(f"{source}: the front matter is not closed with '+++'")
    header = text[len(FRONT_MATTER_FENCE) : end]
    body = text[end + len(FRONT_MATTER_FENCE) + 1 :]
    try:
        meta = tomllib.loads(header)
    except tomllib.TOMLDecodeError as exc:
        raise ParallaxError(f"{source}: front matter is not valid TOML ({exc})") from None
    except RecursionError:
        raise ParallaxError(f"{source}: front matter is nested too deeply") from None
    return meta, body.strip("\n")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > 1024 * 1024:
            raise ParallaxError(f"{path}: not a regular file under 1 MB; not a Parallax TOML file")
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParallaxError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ParallaxError(f"{path}: nested too deeply") from None
    except OSError as exc:
        raise ParallaxError(f"{path}: cannot read ({exc.strerror})") from None


def write_toml(path: Path, data: dict[str, Any]) -> None:
    atomic_write_text(path, tomli_w.dumps(_toml_safe(data)))

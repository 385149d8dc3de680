"""Untrusted archives (`.argosmodel` zips, downloaded model .zip/.tar): checked member by member
and extracted by this code, never by `extractall` and never relying on `tarfile`'s filters
(Python 3.11.7's `filter="data"` lets a symlink-then-write-through member escape,
CVE-2025-4517).

Rules for every member: a plain relative path (no absolute path, no `..`, no backslash, no
control characters) that resolves inside the staging folder; a regular file or a folder only
(no symlinks, hard links, devices, FIFOs or sparse files); the total size bounded, checked
against the headers before anything is written and again by counting the bytes actually
written. Zip entries must not overlap (many entries pointing at the same compressed data is
how a 1 MB zip unpacks to gigabytes).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from workspace import ParallaxError
from workspace.ingest.text import strip_controls

MAX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200  # model weights barely compress; a bomb compresses a lot
RATIO_CHECK_ABOVE = 50 * 2**20  # small archives may compress well (JSON, vocabularies)
_COPY_CHUNK = 1024 * 1024
_ZIP_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length


@dataclass(frozen=True)
class Member:
    """One checked archive member: its relative path and declared size."""

    path: PurePosixPath
    is_dir: bool
    size: int


def member_path(name: str, label: str) -> PurePosixPath:
    """`name` as a safe relative path, or ParallaxError: never absolute, never `..`."""
    parts = PurePosixPath(name).parts
    if (
        not name
        or not parts
        or name.startswith("/")
        or "\\" in name
        or strip_controls(name) != name
        or any(part in ("..", "") for part in parts)
        or ":" in parts[0]
    ):
        raise ParallaxError(f"{label}: unsafe path in archive: {name!r}")
    return PurePosixPath(*parts)


def _inside(root: Path, relative: PurePosixPath, label: str) -> Path:
    destination = root.joinpath(*relative.parts)
    if not destination.resolve().is_relative_to(root.resolve()):
        raise ParallaxError(f"{label}: unsafe path in archive: {relative.as_posix()!r}")
    return destination


def _check_totals(label: str, members: list[Member], archive_bytes: int, max_bytes: int) -> None:
    if not members:
        raise ParallaxError(f"{label}: the archive is empty")
    total = sum(m.size for m in members)
    if total > max_bytes:
        raise ParallaxError(f"{label}: unpacks to more than {_size(max_bytes)}; refused")
    if total > RATIO_CHECK_ABOVE and total > MAX_COMPRESSION_RATIO * max(archive_bytes, 1):
        raise ParallaxError(
            f"{label}: {_size(archive_bytes)} unpacks to {_size(total)}"
            f" ({total // max(archive_bytes, 1)}:1); looks like a zip bomb"
        )


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.1f} MB"


# -- zip --------------------------------------------------------------------------------------


def zip_members(archive: zipfile.ZipFile, label: str, max_bytes: int) -> list[Member]:
    """Check every entry of an open zip (paths, types, overlaps, sizes); return them."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ParallaxError(f"{label}: more than {MAX_MEMBERS} files in the archive")
    members = []
    for info in infos:
        path = member_path(info.filename, label)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise ParallaxError(f"{label}: links are not allowed in an archive ({info.filename})")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise ParallaxError(f"{label}: {info.filename} is not a regular file or a folder")
        if info.flag_bits & 0x1:
            raise ParallaxError(f"{label}: {info.filename} is encrypted")
        if info.file_size > 10 * 2**20 and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise ParallaxError(
                f"{label}: {info.filename} compresses"
                f" {info.file_size // max(info.compress_size, 1)}:1; looks like a zip bomb"
            )
        members.append(Member(path, info.is_dir(), 0 if info.is_dir() else info.file_size))
    _check_zip_layout(archive, infos, label)
    archive_bytes = _file_size(archive.fp)
    _check_totals(label, members, archive_bytes, max_bytes)
    return members


def _file_size(handle: IO[bytes] | None) -> int:
    if handle is None:
        return 0
    handle.seek(0, os.SEEK_END)
    return handle.tell()


def _check_zip_layout(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], label: str) -> None:
    """Each entry's local header and data must lie apart from every other entry's, and before
    the central directory: overlapping entries repeat the same compressed bytes many times."""
    handle = archive.fp
    assert handle is not None
    spans = []
    for info in infos:
        handle.seek(info.header_offset)
        header = handle.read(_ZIP_LOCAL_HEADER.size)
        if len(header) != _ZIP_LOCAL_HEADER.size:
            raise ParallaxError(f"{label}: broken zip archive (truncated entry {info.filename!r})")
        signature, name_length, extra_length = _ZIP_LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            raise ParallaxError(f"{label}: broken zip archive (bad entry {info.filename!r})")
        end = info.header_offset + _ZIP_LOCAL_HEADER.size + name_length + extra_length
        spans.append((info.header_offset, end + info.compress_size, info.filename))
    spans.sort()
    for (_, end, first), (start, _, second) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ParallaxError(
                f"{label}: entries {first!r} and {second!r} overlap; looks like a zip bomb"
            )
    directory = getattr(archive, "start_dir", None)
    if spans and isinstance(directory, int) and spans[-1][1] > directory:
        raise ParallaxError(f"{label}: an entry overlaps the zip directory; refused")


def extract_zip(path: Path, into: Path, *, max_bytes: int, label: str = "") -> list[Member]:
    """Check, then extract `path` into the empty folder `into`, counting bytes written."""
    label = label or str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = zip_members(archive, label, max_bytes)
            _ensure_space(into, members, label)
            budget = _Budget(max_bytes, label)
            for member, info in zip(members, archive.infolist(), strict=True):
                destination = _inside(into, member.path, label)
                if member.is_dir:
                    _make_dir(destination, label)
                    continue
                _make_dir(destination.parent, label)
                with archive.open(info) as source:
                    _write_new_file(source, destination, budget, label)
    except zipfile.BadZipFile as exc:
        raise ParallaxError(f"{label}: broken zip archive ({exc})") from None
    except (NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
        raise ParallaxError(f"{label}: cannot unpack the archive ({exc})") from None
    return members


# -- tar --------------------------------------------------------------------------------------


def tar_members(archive: tarfile.TarFile, label: str, max_bytes: int) -> list[tarfile.TarInfo]:
    """Check every member of an open tar; stops at the first bad header (before its data)."""
    infos: list[tarfile.TarInfo] = []
    total = 0
    while (info := archive.next()) is not None:
        if len(infos) >= MAX_MEMBERS:
            raise ParallaxError(f"{label}: more than {MAX_MEMBERS} files in the archive")
        member_path(info.name, label)
        if info.issym() or info.islnk():
            raise ParallaxError(f"{label}: links are not allowed in an archive ({info.name})")
        if info.issparse() or not (info.isreg() or info.isdir()):
            raise ParallaxError(f"{label}: {info.name} is not a regular file or a folder")
        total += info.size if info.isreg() else 0
        if total > max_bytes:
            raise ParallaxError(f"{label}: unpacks to more than {_size(max_bytes)}; refused")
        infos.append(info)
    return infos


def extract_tar(path: Path, into: Path, *, max_bytes: int, label: str = "") -> list[Member]:
    """Check, then extract `path` (.tar, .tar.gz/.bz2/.xz) into the empty folder `into`."""
    label = label or str(path)
    try:
        with tarfile.open(path, mode="r:*") as archive:
            infos = tar_members(archive, label, max_bytes)
            members = [
                Member(member_path(i.name, label), i.isdir(), i.size if i.isreg() else 0)
                for i in infos
            ]
            _check_totals(label, members, path.stat().st_size, max_bytes)
            _ensure_space(into, members, label)
            budget = _Budget(max_bytes, label)
            for member, info in zip(members, infos, strict=True):
                destination = _inside(into, member.path, label)
                if member.is_dir:
                    _make_dir(destination, label)
                    continue
                _make_dir(destination.parent, label)
                source = archive.extractfile(info)
                if source is None:
                    raise ParallaxError(f"{label}: {info.name} is not a regular file")
                with source:
                    _write_new_file(source, destination, budget, label)
    except tarfile.TarError as exc:
        raise ParallaxError(f"{label}: not a readable .tar archive ({exc})") from None
    except (EOFError, zlib.error) as exc:
        raise ParallaxError(f"{label}: the archive is cut short or corrupt ({exc})") from None
    return members


# -- writing ----------------------------------------------------------------------------------


class _Budget:
    """Bytes actually written, whatever the headers claimed."""

    def __init__(self, limit: int, label: str) -> None:
        self.limit, self.label, self.used = limit, label, 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise ParallaxError(f"{self.label}: unpacks to more than {_size(self.limit)}; refused")


def _ensure_space(into: Path, members: list[Member], label: str) -> None:
    needed = sum(m.size for m in members)
    free = shutil.disk_usage(into).free
    if needed > free:
        raise ParallaxError(
            f"{label}: needs {_size(needed)} of disk space, {_size(free)} free in {into.parent}"
        )


def _make_dir(path: Path, label: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ParallaxError(f"{label}: a file and a folder share a name in the archive") from None
    except OSError as exc:
        raise disk_error(exc, label) from None


def _write_new_file(source: IO[bytes], destination: Path, budget: _Budget, label: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(destination, flags, 0o666)
    except FileExistsError:
        raise ParallaxError(f"{label}: {destination.name} appears twice in the archive") from None
    except OSError as exc:
        raise disk_error(exc, label) from None
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(source):
                budget.spend(len(chunk))
                out.write(chunk)
    except OSError as exc:
        raise disk_error(exc, label) from None


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    while chunk := source.read(_COPY_CHUNK):
        yield chunk


def disk_error(exc: OSError, label: str) -> ParallaxError:
    """An OSError while writing, as one line (disk full is the usual one)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ParallaxError(f"{label}: the disk is full; nothing was installed")
    return ParallaxError(f"{label}: cannot write ({exc.strerror or exc})")

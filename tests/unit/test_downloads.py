"""Downloads stream to disk, stop at an overall deadline and a size cap, and check their
arguments before touching the network (local 127.0.0.1 servers only)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.http_server import serve, trickle, wait_for
from workspace import ParallaxError
from workspace.fetch import download
from workspace.ingest import sources
from workspace.translate import nllb

PAGE = b"<html><body><article><p>Floods hit Almaty on Saturday.</p></article></body></html>"


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(tmp_path, headers_too):
    events: list[str] = []
    with serve({"/drip": trickle(events, headers_too=headers_too)}) as base:
        with pytest.raises(ParallaxError, match="took longer than 1.5 s"):
            # each byte arrives well within the read timeout: only the deadline can stop it
            download(f"{base}/drip", tmp_path / "out", max_bytes=10**6, deadline_seconds=1.5,
                     read_timeout=1.0)  # fmt: skip
        assert wait_for(events, "client left"), "the connection stayed open after the deadline"
    assert not (tmp_path / "out").exists()


def test_an_endless_body_stops_at_the_cap_and_leaves_no_file(tmp_path):
    with serve({"/endless": "endless"}) as base, pytest.raises(ParallaxError, match="larger than"):
        download(f"{base}/endless", tmp_path / "out", max_bytes=2**20, deadline_seconds=30)
    assert not (tmp_path / "out").exists()


def test_a_declared_length_over_the_cap_is_refused_before_the_body(tmp_path):
    def huge(request):  # type: ignore[no-untyped-def]
        request.send_response(200)
        request.send_header("Content-Length", str(10**12))
        request.end_headers()

    with serve({"/huge": huge}) as base, pytest.raises(ParallaxError, match="larger than"):
        download(f"{base}/huge", tmp_path / "out", max_bytes=2**20, deadline_seconds=30)


def test_the_download_is_streamed_to_disk_not_held_in_memory(tmp_path):
    """A child process whose address space is capped 96 MB above its start downloads 256 MB:
    it reaches the size cap only if it never holds the body in memory."""
    script = f"""
import resource, sys
from pathlib import Path
with open("/proc/self/status") as f:
    vm = next(int(l.split()[1]) for l in f if l.startswith("VmSize:")) * 1024
from workspace.fetch import download
from workspace import ParallaxError
resource.setrlimit(resource.RLIMIT_AS, (vm + 96 * 2**20, resource.RLIM_INFINITY))
try:
    download(sys.argv[1], Path({str(tmp_path)!r}) / "big", max_bytes=256 * 2**20,
             deadline_seconds=120)
except ParallaxError as exc:
    print("refused:", exc)
"""
    with serve({"/endless": "endless"}) as base:
        result = subprocess.run([sys.executable, "-c", script, f"{base}/endless"],
                                capture_output=True, text=True, timeout=300)  # fmt: skip
    assert "refused:" in result.stdout and "larger than 256 MB" in result.stdout, result.stderr
    assert "MemoryError" not in result.stderr


def test_only_http_urls_and_redirects_are_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")

    def to_file(request):  # type: ignore[no-untyped-def]
        request.send_response(302)
        request.send_header("Location", secret.as_uri())
        request.end_headers()

    with pytest.raises(ParallaxError, match="only http"):
        download(secret.as_uri(), tmp_path / "out", max_bytes=100, deadline_seconds=5)
    with serve({"/to-file": to_file}) as base, pytest.raises(ParallaxError, match="only http"):
        download(f"{base}/to-file", tmp_path / "out", max_bytes=100, deadline_seconds=5)
    assert not (tmp_path / "out").exists()


def test_the_checksum_is_computed_while_streaming_and_a_mismatch_leaves_nothing(tmp_path):
    with serve({"/page": (200, "text/html", PAGE)}) as base:
        got = download(f"{base}/page", tmp_path / "ok", max_bytes=10**6, deadline_seconds=10,
                       expected_sha256=hashlib.sha256(PAGE).hexdigest())  # fmt: skip
        assert got.path.read_bytes() == PAGE and got.size == len(PAGE)
        with pytest.raises(ParallaxError, match="checksum mismatch"):
            download(f"{base}/page", tmp_path / "bad", max_bytes=10**6, deadline_seconds=10,
                     expected_sha256="0" * 64)  # fmt: skip
    assert not (tmp_path / "bad").exists()


def test_add_url_stops_at_the_deadline_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "URL_DEADLINE_SECONDS", 1.5)
    monkeypatch.setattr(sources, "URL_TIMEOUT_SECONDS", 1.0)
    run("init", tmp_path / "ws")
    events: list[str] = []
    with serve({"/drip": trickle(events)}) as base:
        result = run("-w", tmp_path / "ws", "add", f"{base}/drip", "--story", "s")
        assert wait_for(events, "client left")
    assert result.code == 1 and "took longer than 1.5 s" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not list((tmp_path / "ws" / "stories").rglob("*.md"))


def test_models_install_kk_checks_the_checksum_before_any_network_access(tmp_path):
    run("init", tmp_path / "ws", "--local-models")
    hits: list[str] = []
    with serve({"/m.tar": (200, "application/x-tar", b"x" * 100)}, hits) as base:
        for bad in ("xyz", "0" * 63, "g" * 64, "0" * 65):
            result = run("-w", tmp_path / "ws", "models", "install", "kk", "--url",
                         f"{base}/m.tar", "--sha256", bad)  # fmt: skip
            assert result.code == 1 and "64 hexadecimal characters" in result.err, result.err
            assert result.err.count("\n") == 1
        for bad_url in ("file:///etc/passwd", "../../x", "ftp://127.0.0.1/x"):
            result = run("-w", tmp_path / "ws", "models", "install", "kk", "--url", bad_url,
                         "--sha256", "0" * 64)  # fmt: skip
            assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert hits == []


def test_models_install_kk_stops_at_the_deadline(tmp_path, monkeypatch):
    monkeypatch.setattr(nllb, "DOWNLOAD_DEADLINE_SECONDS", 1.5)
    run("init", tmp_path / "ws", "--local-models")
    events: list[str] = []
    with serve({"/m.tar": trickle(events)}) as base:
        result = run("-w", tmp_path / "ws", "models", "install", "kk", "--url", f"{base}/m.tar",
                     "--sha256", "0" * 64)  # fmt: skip
        assert wait_for(events, "client left")
    assert result.code == 1 and "took longer than 1.5 s" in result.err, result.err
    models = tmp_path / "ws" / "models"
    assert [p.name for p in models.iterdir() if not p.name.endswith(".lock")] == []


def test_the_argos_index_refuses_non_http_links_and_compares_versions_as_numbers(
    tmp_path, model_files
):
    from workspace.translate.packages import install_from_index

    data = model_files["ru-en"].read_bytes()
    index: list[dict[str, object]] = []
    routes = {"/ru_en.argosmodel": (200, "application/zip", data)}
    with serve(routes) as base:  # type: ignore[arg-type]

        def publish(entries: list[dict[str, object]]) -> str:
            routes["/index.json"] = (200, "application/json", json.dumps(entries).encode())
            return f"{base}/index.json"

        secret = tmp_path / "secret.argosmodel"
        secret.write_bytes(data)
        index = [{"from_code": "ru", "to_code": "en", "package_version": "1.0",
                  "links": [secret.as_uri()]}]  # fmt: skip
        with pytest.raises(ParallaxError, match="only http"):
            install_from_index("ru-en", tmp_path / "pk", url=publish(index))
        good = {"from_code": "ru", "to_code": "en", "links": [f"{base}/ru_en.argosmodel"],
                "sha256": hashlib.sha256(data).hexdigest()}  # fmt: skip
        broken = {"from_code": "ru", "to_code": "en", "links": [f"{base}/missing"]}
        index = [good | {"package_version": "1.10"}, broken | {"package_version": "1.9"}]
        model = install_from_index("ru-en", tmp_path / "pk", url=publish(index))
        assert model.code == "translate-ru_en"  # 1.10 was chosen, not the (broken) 1.9
        index = [good | {"package_version": "1.0", "sha256": "not-a-checksum"}]
        with pytest.raises(ParallaxError, match="64 hexadecimal"):
            install_from_index("ru-en", tmp_path / "pk3", url=publish(index))


def test_local_sources_must_be_regular_files(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run("init", tmp_path / "ws")
    for source in ("/dev/zero", str(fifo), "/dev/null"):
        result = run("-w", tmp_path / "ws", "add", source, "--story", "s")
        assert result.code == 1 and "not a regular file" in result.err, result.err
        assert result.err.count("\n") == 1
    assert not list(Path(tmp_path / "ws" / "stories").rglob("*.md"))

"""Translation model packages (`.argosmodel`): validate, install, list, remove, fetch.

A package file is untrusted input: it is checked as a whole before anything is written
(zip, one top-level folder, no path escaping it, no links, bounded size, metadata, a
CTranslate2 model and a tokenizer), then extracted into a temporary folder next to the
target and renamed into place, so an install is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from workspace import ParallaxError

MAX_UNPACKED_BYTES = 8 * 1024**3  # an NLLB 1.3B int8 model is ~1.4 GB; nothing real is 8 GB
MAX_COMPRESSION_RATIO = 200  # model weights barely compress; a zip bomb compresses a lot
MAX_MEMBERS = 10_000
DOWNLOAD_TIMEOUT = 60.0
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class LanguageToken:
    code: str
    name: str
    token: str = ""  # NLLB language token, e.g. kaz_Cyrl


@dataclass(frozen=True)
class InstalledModel:
    """An installed package: an Argos pair model or a multilingual (NLLB-family) model."""

    code: str
    version: str
    family: str  # "argos" (one pair) or "nllb" (multilingual)
    path: Path
    from_code: str = ""
    to_code: str = ""
    languages: tuple[LanguageToken, ...] = field(default=())
    target_prefix: str = ""

    @property
    def model_id(self) -> str:
        """Key of this model in the translation memory: package code + version."""
        return f"{self.code}@{self.version}"

    @property
    def pairs(self) -> list[tuple[str, str]]:
        if self.family == "nllb":
            codes = [lang.code for lang in self.languages]
            return [(a, b) for a in codes for b in codes if a != b]
        return [(self.from_code, self.to_code)]

    def token_for(self, language: str) -> str:
        for lang in self.languages:
            if lang.code == language:
                return lang.token
        raise ParallaxError(f"model {self.code} does not list language {language!r}")

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def default_package_dir() -> Path:
    from argostranslate import settings

    return Path(settings.package_data_dir)


def package_dirs(local_dir: Path | None = None) -> list[Path]:
    """Where models are looked for: a workspace that carries its own models uses only those
    (so its results do not depend on the machine); otherwise Argos' package dir."""
    return [local_dir] if local_dir else [default_package_dir()]


def read_metadata(package_dir: Path) -> InstalledModel:
    try:
        meta = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParallaxError(f"{package_dir}: unreadable metadata.json ({exc})") from None
    return model_from_metadata(meta, package_dir)


def model_from_metadata(meta: dict[str, Any], path: Path) -> InstalledModel:
    family = str(meta.get("family", "argos"))
    from_code, to_code = str(meta.get("from_code") or ""), str(meta.get("to_code") or "")
    languages = tuple(
        LanguageToken(str(lang.get("code")), str(lang.get("name", "")), str(lang.get("token", "")))
        for lang in meta.get("languages", [])
        if isinstance(lang, dict) and lang.get("code")
    )
    code = str(meta.get("code") or f"translate-{from_code}_{to_code}")
    return InstalledModel(
        code=code,
        version=str(meta.get("package_version", "0")),
        family=family,
        path=path,
        from_code=from_code,
        to_code=to_code,
        languages=languages,
        target_prefix=str(meta.get("target_prefix", "")),
    )


def list_installed(local_dir: Path | None = None) -> list[InstalledModel]:
    found: dict[str, InstalledModel] = {}
    for directory in package_dirs(local_dir):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if (
                path.is_dir()
                and (path / "metadata.json").is_file()
                and not path.name.startswith(".")
            ):
                try:
                    model = read_metadata(path)
                except ParallaxError:
                    continue
                if not _is_translation_model(path):
                    continue
                known = found.get(model.code)
                # The newest version of a package wins.
                if known is None or _version_key(model.version) > _version_key(known.version):
                    found[model.code] = model
    return list(found.values())


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _is_translation_model(path: Path) -> bool:
    return (path / "model" / "model.bin").is_file() and any(
        (path / name).is_file() for name in TOKENIZER_FILES
    )


# -- validation and installation ---------------------------------------------------------------


def validate_package_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an `.argosmodel` without extracting it; return (top-level folder, metadata)."""
    if not path.is_file():
        raise ParallaxError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ParallaxError(f"{path} is not a model package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not members or len(members) > MAX_MEMBERS:
                raise ParallaxError(f"{path}: a package has 1 to {MAX_MEMBERS} files")
            tops = set()
            unpacked = packed = 0
            for info in members:
                name = PurePosixPath(info.filename)
                if info.filename.startswith("/") or ".." in name.parts or "\\" in info.filename:
                    raise ParallaxError(f"{path}: unsafe path in package: {info.filename!r}")
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise ParallaxError(
                        f"{path}: links are not allowed in a package ({info.filename})"
                    )
                tops.add(name.parts[0])
                unpacked += info.file_size
                packed += info.compress_size
                if info.file_size > 10 * 2**20 and info.file_size > MAX_COMPRESSION_RATIO * max(
                    info.compress_size, 1
                ):
                    raise ParallaxError(
                        f"{path}: {info.filename} compresses {info.file_size // max(info.compress_size, 1)}:1;"
                        " looks like a zip bomb"
                    )
            if len(tops) != 1:
                raise ParallaxError(f"{path}: a package holds exactly one top-level folder")
            if unpacked > MAX_UNPACKED_BYTES:
                raise ParallaxError(
                    f"{path}: unpacks to more than {MAX_UNPACKED_BYTES // 2**30} GB"
                )
            if packed and unpacked / packed > MAX_COMPRESSION_RATIO and unpacked > 50 * 2**20:
                raise ParallaxError(
                    f"{path}: compression ratio {unpacked // packed}:1 looks like a zip bomb"
                )
            top = tops.pop()
            names = {info.filename.rstrip("/") for info in members}
            if f"{top}/metadata.json" not in names:
                raise ParallaxError(f"{path}: no metadata.json in the package")
            try:
                meta = json.loads(archive.read(f"{top}/metadata.json"))
            except ValueError as exc:
                raise ParallaxError(f"{path}: metadata.json is not JSON ({exc})") from None
    except zipfile.BadZipFile as exc:
        raise ParallaxError(f"{path}: broken zip archive ({exc})") from None
    _check_metadata(meta, path)
    if f"{top}/model/model.bin" not in names:
        raise ParallaxError(f"{path}: no CTranslate2 model (model/model.bin) in the package")
    if not any(f"{top}/{t}" in names for t in TOKENIZER_FILES):
        raise ParallaxError(
            f"{path}: no tokenizer (sentencepiece.model or bpe.model) in the package"
        )
    return top, meta


def _check_metadata(meta: Any, path: Path) -> None:
    if not isinstance(meta, dict):
        raise ParallaxError(f"{path}: metadata.json is not an object")
    if meta.get("family") == "nllb":
        languages = meta.get("languages")
        if not languages or not all(isinstance(x, dict) and x.get("token") for x in languages):
            raise ParallaxError(f"{path}: a multilingual package lists its languages with tokens")
    elif not (meta.get("from_code") and meta.get("to_code")):
        raise ParallaxError(f"{path}: metadata.json has no from_code/to_code")


def install_package_file(path: Path, target_dir: Path) -> InstalledModel:
    """Validate, then extract into `target_dir` all at once. Replaces an older copy."""
    top, _ = validate_package_file(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target_dir))
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                destination = (staging / info.filename).resolve()
                if not destination.is_relative_to(staging.resolve()):
                    raise ParallaxError(f"{path}: unsafe path in package: {info.filename!r}")
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
        final = target_dir / top
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging / top, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _clear_argos_cache()
    return read_metadata(final)


def remove_model(code: str, local_dir: Path | None = None) -> InstalledModel:
    for model in list_installed(local_dir):
        if code in (model.code, model.path.name, f"{model.from_code}-{model.to_code}"):
            shutil.rmtree(model.path)
            _clear_argos_cache()
            return model
    raise ParallaxError(f"no installed model {code!r} (see 'parallax models list')")


def _clear_argos_cache() -> None:
    from argostranslate.translate import get_installed_languages

    get_installed_languages.cache_clear()


# -- the Argos package index (network) ------------------------------------------------------


def index_url() -> str:
    env = os.environ.get("PARALLAX_ARGOS_INDEX")
    if env:
        return env
    from argostranslate import settings

    return str(settings.remote_package_index)


def available_packages(url: str | None = None) -> list[dict[str, Any]]:
    """Entries of the Argos package index; a clear error when offline."""
    url = url or index_url()
    try:
        data = download(url, limit=50 * 2**20)
        index = json.loads(data)
    except ValueError:
        raise ParallaxError(f"the package index at {url} is not valid JSON") from None
    if not isinstance(index, list):
        raise ParallaxError(f"the package index at {url} is not a list")
    return [
        entry
        for entry in index
        if isinstance(entry, dict) and entry.get("type", "translate") == "translate"
    ]


def install_from_index(pair: str, target_dir: Path, url: str | None = None) -> InstalledModel:
    """Download the package for `pair` ("ru-en") from the index and install it."""
    try:
        from_code, to_code = pair.split("-", 1)
    except ValueError:
        raise ParallaxError(
            f"name a language pair like ru-en, or a .argosmodel file (got {pair!r})"
        ) from None
    entries = [
        e
        for e in available_packages(url)
        if (e.get("from_code"), e.get("to_code")) == (from_code, to_code)
    ]
    if not entries:
        raise ParallaxError(
            f"the Argos index has no {from_code}->{to_code} package"
            + (
                "; for Kazakh see 'parallax models install kk' and docs/models.md"
                if "kk" in (from_code, to_code)
                else ""
            )
        )
    entry = max(entries, key=lambda e: str(e.get("package_version", "")))
    links = entry.get("links") or []
    if not links:
        raise ParallaxError(f"the index entry for {pair} has no download link")
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"{from_code}_{to_code}.argosmodel"
        file.write_bytes(download(str(links[0]), limit=MAX_UNPACKED_BYTES))
        expected = entry.get("sha256")
        if expected and hashlib.sha256(file.read_bytes()).hexdigest() != expected:
            raise ParallaxError(f"checksum mismatch for {links[0]}; nothing installed")
        return install_package_file(file, target_dir)


def download(url: str, *, limit: int, timeout: float = DOWNLOAD_TIMEOUT) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http(s) only
            chunks, total = [], 0
            while chunk := response.read(1024 * 1024):
                total += len(chunk)
                if total > limit:
                    raise ParallaxError(f"{url}: larger than {limit // 2**20} MB")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise ParallaxError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ParallaxError(f"cannot reach {url} ({reason}); are you offline?") from None

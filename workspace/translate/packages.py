"""Translation model packages (`.argosmodel`): validate, install, list, remove, fetch.

A package file is untrusted input: it is checked as a whole before anything is written
(zip, one top-level folder, every member checked by `archives`, bounded size, metadata, a
CTranslate2 model and a tokenizer), then extracted into a staging folder next to the target
and swapped in by renames (`model_dirs`), so an install is all or nothing even under SIGKILL.
Metadata strings are cleaned of control characters when read, like every outside string.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.fetch import check_sha256, check_url, download
from workspace.ingest.text import clean_line
from workspace.translate import model_dirs
from workspace.translate.archives import disk_error, extract_zip, zip_members

MAX_UNPACKED_BYTES = 8 * 1024**3  # an NLLB 1.3B int8 model is ~1.4 GB; nothing real is 8 GB
MAX_METADATA_BYTES = 1024 * 1024
INDEX_DEADLINE_SECONDS = 60.0
PACKAGE_DEADLINE_SECONDS = 3 * 3600.0  # a slow line may need long; a stalled one stops sooner
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
FAMILIES = ("argos", "nllb")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")
_LANGUAGE_TOKEN = re.compile(r"^[A-Za-z0-9_<>.-]{1,40}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]{0,39}$")


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
        path = package_dir / "metadata.json"
        if path.stat().st_size > MAX_METADATA_BYTES:
            raise ParallaxError(f"{package_dir}: metadata.json is larger than 1 MB")
        meta = parse_metadata(path.read_bytes(), package_dir)
    except (OSError, UnicodeDecodeError) as exc:
        raise ParallaxError(f"{package_dir}: unreadable metadata.json ({exc})") from None
    return model_from_metadata(meta, package_dir)


def parse_metadata(data: bytes, where: Path | str) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise ParallaxError(f"{where}: metadata.json is not JSON ({exc})") from None
    except RecursionError:
        raise ParallaxError(f"{where}: metadata.json is nested too deeply") from None


def model_from_metadata(meta: Any, path: Path) -> InstalledModel:
    """The model a metadata.json describes; every field type-checked and cleaned, so that
    nothing from a package reaches a terminal or a route unchecked."""
    if not isinstance(meta, dict):
        raise ParallaxError(f"{path}: metadata.json is not an object")
    family = _text(meta, "family", path) or "argos"
    if family not in FAMILIES:
        raise ParallaxError(f"{path}: unknown model family {family!r} in metadata.json")
    from_code, to_code = _text(meta, "from_code", path), _text(meta, "to_code", path)
    for code in (from_code, to_code):
        if code and not LANGUAGE_CODE.match(code):
            raise ParallaxError(f"{path}: {code!r} is not a language code")
    raw_languages = meta.get("languages", [])
    if not isinstance(raw_languages, list):
        raise ParallaxError(f"{path}: 'languages' in metadata.json must be a list")
    languages = []
    for lang in raw_languages:
        if not isinstance(lang, dict) or not lang.get("code"):
            continue
        code, token = _text(lang, "code", path), _text(lang, "token", path)
        if not LANGUAGE_CODE.match(code) or (token and not _LANGUAGE_TOKEN.match(token)):
            raise ParallaxError(f"{path}: bad language entry {code!r} in metadata.json")
        languages.append(LanguageToken(code, _text(lang, "name", path), token))
    code = _text(meta, "code", path) or f"translate-{from_code}_{to_code}"
    model_dirs.check_name(code, "model code")
    version = _text(meta, "package_version", path) or "0"
    if not _VERSION.match(version):
        raise ParallaxError(f"{path}: {version!r} is not a package version")
    return InstalledModel(
        code=code,
        version=version,
        family=family,
        path=path,
        from_code=from_code,
        to_code=to_code,
        languages=tuple(languages),
        target_prefix=_text(meta, "target_prefix", path),
    )


def _text(meta: dict[str, Any], key: str, path: Path) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ParallaxError(f"{path}: {key!r} in metadata.json must be text")
    return clean_line(str(value))[:200]


def list_installed(local_dir: Path | None = None) -> list[InstalledModel]:
    found: dict[str, InstalledModel] = {}
    for directory in package_dirs(local_dir):
        if not directory.is_dir():
            continue
        model_dirs.recover(directory)
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
                if known is None or version_key(model.version) > version_key(known.version):
                    found[model.code] = model
    return list(found.values())


def version_key(version: str) -> tuple[int, ...]:
    """Versions compare numerically: "1.10" is newer than "1.9"."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.+_-]", version))


def _is_translation_model(path: Path) -> bool:
    return (path / "model" / "model.bin").is_file() and any(
        (path / name).is_file() for name in TOKENIZER_FILES
    )


# -- validation and installation ---------------------------------------------------------------


def validate_package_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an `.argosmodel` without extracting it; return (top-level folder, metadata)."""
    if not path.exists():
        raise ParallaxError(f"{path}: no such file")
    if not path.is_file():
        raise ParallaxError(f"{path} is not a regular file")
    if not zipfile.is_zipfile(path):
        raise ParallaxError(f"{path} is not a model package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = zip_members(archive, str(path), MAX_UNPACKED_BYTES)
            tops = {member.path.parts[0] for member in members}
            if len(tops) != 1:
                raise ParallaxError(f"{path}: a package holds exactly one top-level folder")
            top = model_dirs.check_name(tops.pop(), "package folder name")
            infos = {
                member.path.as_posix(): info
                for member, info in zip(members, archive.infolist(), strict=True)
                if not member.is_dir
            }
            meta_info = infos.get(f"{top}/metadata.json")
            if meta_info is None:
                raise ParallaxError(f"{path}: no metadata.json in the package")
            if meta_info.file_size > MAX_METADATA_BYTES:
                raise ParallaxError(f"{path}: metadata.json is larger than 1 MB")
            meta = parse_metadata(archive.read(meta_info), path)
    except zipfile.BadZipFile as exc:
        raise ParallaxError(f"{path}: broken zip archive ({exc})") from None
    _check_metadata(meta, path)
    if f"{top}/model/model.bin" not in infos:
        raise ParallaxError(f"{path}: no CTranslate2 model (model/model.bin) in the package")
    if not any(f"{top}/{t}" in infos for t in TOKENIZER_FILES):
        raise ParallaxError(
            f"{path}: no tokenizer (sentencepiece.model or bpe.model) in the package"
        )
    return top, meta


def _check_metadata(meta: Any, path: Path) -> None:
    if not isinstance(meta, dict):
        raise ParallaxError(f"{path}: metadata.json is not an object")
    if meta.get("family") == "nllb":
        languages = meta.get("languages")
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(x, dict) and x.get("token") for x in languages)
        ):
            raise ParallaxError(f"{path}: a multilingual package lists its languages with tokens")
    elif not (meta.get("from_code") and meta.get("to_code")):
        raise ParallaxError(f"{path}: metadata.json has no from_code/to_code")
    model_from_metadata(meta, path)


def install_package_file(path: Path, target_dir: Path) -> InstalledModel:
    """Validate, extract into a staging folder, then swap in by renames (replaces an older
    copy all or nothing). A second install into the same folder at once is refused."""
    top, _ = validate_package_file(path)
    with model_dirs.locked(target_dir):
        stage = model_dirs.staging(target_dir)
        try:
            extract_zip(path, stage, max_bytes=MAX_UNPACKED_BYTES, label=str(path))
            read_metadata(stage / top)
            if not _is_translation_model(stage / top):
                raise ParallaxError(f"{path}: the package holds no usable model")
            final = model_dirs.swap_in(stage / top, target_dir, top)
        except OSError as exc:
            raise disk_error(exc, str(path)) from None
        finally:
            model_dirs.remove_tree(stage, target_dir)
    _clear_argos_cache()
    return read_metadata(final)


def remove_model(code: str, local_dir: Path | None = None) -> InstalledModel:
    for model in list_installed(local_dir):
        if code in (model.code, model.path.name, f"{model.from_code}-{model.to_code}"):
            directory = model.path.parent
            with model_dirs.locked(directory):
                try:
                    model_dirs.remove_model_dir(model.path, directory)
                except OSError as exc:
                    raise ParallaxError(f"cannot remove {model.path} ({exc.strerror})") from None
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
    url = check_url(url or index_url())
    with tempfile.TemporaryDirectory(prefix="parallax-index-") as tmp:
        got = download(url, Path(tmp) / "index.json", max_bytes=50 * 2**20,
                       deadline_seconds=INDEX_DEADLINE_SECONDS, what=f"the package index at {url}")  # fmt: skip
        try:
            index = json.loads(got.path.read_bytes())
        except (ValueError, RecursionError):
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
    from_code, _, to_code = pair.partition("-")
    if not (LANGUAGE_CODE.match(from_code) and LANGUAGE_CODE.match(to_code)):
        raise ParallaxError(
            f"name a language pair like ru-en, or a .argosmodel file (got {pair!r})"
        )
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
    entry = max(entries, key=lambda e: version_key(str(e.get("package_version", ""))))
    links = entry.get("links")
    if not isinstance(links, list) or not links or not isinstance(links[0], str):
        raise ParallaxError(f"the index entry for {pair} has no download link")
    link = check_url(links[0])
    expected = entry.get("sha256")
    if expected is not None:
        expected = check_sha256(str(expected), f"the index's sha256 for {pair}")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParallaxError(f"cannot create {target_dir} ({exc.strerror})") from None
    stage = model_dirs.staging(target_dir, "downloading")
    try:
        got = download(link, stage / f"{from_code}_{to_code}.argosmodel",
                       max_bytes=MAX_UNPACKED_BYTES, deadline_seconds=PACKAGE_DEADLINE_SECONDS,
                       expected_sha256=expected)  # fmt: skip
        return install_package_file(got.path, target_dir)
    finally:
        model_dirs.remove_tree(stage, target_dir)

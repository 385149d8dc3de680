"""Kazakh's route: multilingual NLLB-family CTranslate2 models wrapped as Argos-style packages.

Argos' index has no Kazakh package. An NLLB-200 model (e.g. nllb-200-distilled-600M converted
with `ct2-transformers-converter`) serves kk↔en, kk↔ru and ru↔en at once. Parallax wraps the
converted directory in a package whose metadata lists each language and its token, and the
engine adds `[src_token] … </s>` to the source and the target token as `target_prefix`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tarfile
import zipfile
from pathlib import Path

from workspace import ParallaxError
from workspace.fetch import check_sha256, check_url, download
from workspace.translate import model_dirs
from workspace.translate.archives import disk_error, extract_tar, extract_zip
from workspace.translate.packages import InstalledModel, read_metadata

FAMILIES = ("nllb",)
NLLB_TOKENS = {
    "kk": "kaz_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn", "uz": "uzn_Latn", "ky": "kir_Cyrl",
    "tg": "tgk_Cyrl", "tr": "tur_Latn", "uk": "ukr_Cyrl", "de": "deu_Latn", "fr": "fra_Latn",
    "es": "spa_Latn", "zh": "zho_Hans", "ar": "arb_Arab", "fa": "pes_Arab", "be": "bel_Cyrl",
}  # fmt: skip
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
SENTENCEPIECE_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model", "source.spm")
HF_FILES = ("model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model")
MAX_MODEL_BYTES = 8 * 1024**3
DOWNLOAD_DEADLINE_SECONDS = 3 * 3600.0  # 1.4 GB on a slow line; a stalled one stops sooner
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


def _vocabulary(model_dir: Path) -> set[str]:
    try:
        for name in ("shared_vocabulary.json", "source_vocabulary.json"):
            if (model_dir / name).is_file():
                words = json.loads((model_dir / name).read_text(encoding="utf-8"))
                if not isinstance(words, list):
                    raise ParallaxError(f"{model_dir / name}: not a list of tokens")
                return {w for w in words if isinstance(w, str)}
        for name in ("shared_vocabulary.txt", "source_vocabulary.txt"):
            if (model_dir / name).is_file():
                return set((model_dir / name).read_text(encoding="utf-8").splitlines())
    except (OSError, ValueError, RecursionError) as exc:
        raise ParallaxError(f"{model_dir}: unreadable vocabulary ({exc})") from None
    raise ParallaxError(f"{model_dir}: no vocabulary file (shared_vocabulary.json/.txt)")


def import_ct2_dir(
    model_dir: Path, languages: list[str], target_dir: Path, *, family: str = "nllb",
    code: str = "", version: str = "1.0",
) -> InstalledModel:  # fmt: skip
    """Wrap a converted CTranslate2 model dir as a multilingual package and install it."""
    code = model_dirs.check_name(code, "--code") if code else _default_code(model_dir)
    plan = _import_plan(model_dir, languages, family, code, version)
    with model_dirs.locked(target_dir):
        return read_metadata(_import_locked(model_dir, plan, target_dir))


def _default_code(model_dir: Path) -> str:
    name = re.sub(r"[^a-z0-9._-]+", "-", model_dir.resolve().name.lower().replace("_", "-"))
    name = name.strip("-.") or "model"
    return model_dirs.check_name(name if name.startswith("nllb") else f"nllb-{name}")


def _import_plan(
    model_dir: Path, languages: list[str], family: str, code: str, version: str
) -> dict[str, object]:
    """Check the converted model and build its metadata; nothing is written yet."""
    if family not in FAMILIES:
        raise ParallaxError(f"unknown model family {family!r}; supported: {', '.join(FAMILIES)}")
    if not model_dir.is_dir():
        raise ParallaxError(f"{model_dir}: no such directory")
    if not (model_dir / "model.bin").is_file():
        raise ParallaxError(f"{model_dir}: no CTranslate2 model.bin (convert the model first)")
    if _sentencepiece(model_dir) is None:
        raise ParallaxError(
            f"{model_dir}: no SentencePiece model ({', '.join(SENTENCEPIECE_NAMES)})"
        )
    if len(languages) < 2:
        raise ParallaxError("name at least two languages, e.g. --langs kk,ru,en")
    vocabulary = _vocabulary(model_dir)
    entries = []
    for language in languages:
        token = NLLB_TOKENS.get(language)
        if token is None:
            raise ParallaxError(f"no NLLB language token known for {language!r}")
        if token not in vocabulary:
            raise ParallaxError(
                f"{model_dir}: the model does not list {language} (no {token} token)"
            )
        entries.append(
            {"code": language, "name": LANGUAGE_NAMES.get(language, language), "token": token}
        )
    return {
        "package_version": version, "argos_version": "1.9", "type": "translate", "code": code,
        "family": family, "from_code": languages[0], "to_code": languages[1],
        "from_name": entries[0]["name"], "to_name": entries[1]["name"], "languages": entries,
    }  # fmt: skip


def _sentencepiece(model_dir: Path) -> Path | None:
    return next((model_dir / n for n in SENTENCEPIECE_NAMES if (model_dir / n).is_file()), None)


def _import_locked(model_dir: Path, metadata: dict[str, object], target_dir: Path) -> Path:
    code = str(metadata["code"])
    sp = _sentencepiece(model_dir)
    assert sp is not None
    stage = model_dirs.staging(target_dir, "importing")
    try:
        package = stage / code
        (package / "model").mkdir(parents=True)
        for item in model_dir.iterdir():
            if item.is_file() and item != sp:
                _link_or_copy(item, package / "model" / item.name)
        _link_or_copy(sp, package / "sentencepiece.model")
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        read_metadata(package)
        final = model_dirs.swap_in(package, target_dir, code)
    except OSError as exc:
        raise disk_error(exc, str(model_dir)) from None
    finally:
        model_dirs.remove_tree(stage, target_dir)
    return final


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def install_from_url(
    url: str, sha256: str, languages: list[str], target_dir: Path, *, hf_endpoint: str = ""
) -> InstalledModel:
    """Fetch a converted model (an archive URL or a Hugging Face repo id), verify, import it.

    An archive (.zip / .tar.gz) is checked against `sha256` as a whole; for a repo id,
    `sha256` is that of model.bin. Nothing is installed when a checksum does not match.
    Every argument is checked before anything is fetched; downloads stream to disk next to
    the models (same disk, so the import hard-links rather than copies).
    """
    if not sha256:
        raise ParallaxError("a checksum is required: pass --sha256 (or set kazakh_sha256)")
    sha256 = check_sha256(sha256)
    sources: list[tuple[str, str, str | None]]
    if url.startswith(("http://", "https://")):
        check_url(url)
        sources = [(url, "download", sha256)]
    elif _REPO_ID.match(url):
        endpoint = check_url(
            (hf_endpoint or os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")
        )
        sources = [(f"{endpoint}/{url}/resolve/main/{name}", name,
                    sha256 if name == "model.bin" else None) for name in HF_FILES]  # fmt: skip
    else:
        raise ParallaxError(
            f"--url must be an http(s) archive URL or a Hugging Face repo id like owner/name"
            f" (got {url!r})"
        )
    with model_dirs.locked(target_dir):
        stage = model_dirs.staging(target_dir, "downloading")
        try:
            final = _fetch_and_import(sources, url, languages, stage, target_dir)
        finally:
            model_dirs.remove_tree(stage, target_dir)
    return read_metadata(final)


def _fetch_and_import(
    sources: list[tuple[str, str, str | None]], url: str, languages: list[str], stage: Path,
    target_dir: Path,
) -> Path:  # fmt: skip
    files = stage / "files"
    files.mkdir()
    budget = MAX_MODEL_BYTES
    for source, name, expected in sources:
        got = download(source, files / name, max_bytes=budget,
                       deadline_seconds=DOWNLOAD_DEADLINE_SECONDS, expected_sha256=expected,
                       what=source)  # fmt: skip
        budget -= got.size
    if len(sources) == 1:
        archive = files / "download"
        unpacked = stage / "model"
        unpacked.mkdir()
        _unpack(archive, url, unpacked, budget=MAX_MODEL_BYTES)
        archive.unlink()
        model_dir = _model_root(unpacked)
    else:
        model_dir = files
    plan = _import_plan(model_dir, languages, "nllb", "nllb-kk", "1.0")
    return _import_locked(model_dir, plan, target_dir)


def _unpack(archive: Path, url: str, into: Path, *, budget: int) -> None:
    """A .zip or .tar(.gz/.bz2/.xz), every member checked (`archives`), never extractall."""
    if zipfile.is_zipfile(archive):
        extract_zip(archive, into, max_bytes=budget, label=url)
        return
    try:
        is_tar = tarfile.is_tarfile(archive)
    except OSError:
        is_tar = False
    if not is_tar:
        raise ParallaxError(f"{url}: not a .zip or .tar archive")
    extract_tar(archive, into, max_bytes=budget, label=url)


def _model_root(directory: Path) -> Path:
    found = [p.parent for p in directory.rglob("model.bin") if p.is_file()]
    if len(found) != 1:
        raise ParallaxError("the download does not hold exactly one CTranslate2 model.bin")
    return found[0]

"""Kazakh's route: multilingual NLLB-family CTranslate2 models wrapped as Argos-style packages.

Argos' index has no Kazakh package. An NLLB-200 model (e.g. nllb-200-distilled-600M converted
with `ct2-transformers-converter`) serves kk↔en, kk↔ru and ru↔en at once. Parallax wraps the
converted directory in a package whose metadata lists each language and its token, and the
engine adds `[src_token] … </s>` to the source and the target token as `target_prefix`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zipfile
from pathlib import Path

from workspace import ParallaxError
from workspace.translate.packages import InstalledModel, download, read_metadata

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


def _vocabulary(model_dir: Path) -> set[str]:
    for name in ("shared_vocabulary.json", "source_vocabulary.json"):
        if (model_dir / name).is_file():
            return set(json.loads((model_dir / name).read_text(encoding="utf-8")))
    for name in ("shared_vocabulary.txt", "source_vocabulary.txt"):
        if (model_dir / name).is_file():
            return set((model_dir / name).read_text(encoding="utf-8").splitlines())
    raise ParallaxError(f"{model_dir}: no vocabulary file (shared_vocabulary.json/.txt)")


def import_ct2_dir(
    model_dir: Path, languages: list[str], target_dir: Path, *, family: str = "nllb",
    code: str = "", version: str = "1.0",
) -> InstalledModel:  # fmt: skip
    """Wrap a converted CTranslate2 model dir as a multilingual package and install it."""
    if family not in FAMILIES:
        raise ParallaxError(f"unknown model family {family!r}; supported: {', '.join(FAMILIES)}")
    if not (model_dir / "model.bin").is_file():
        raise ParallaxError(f"{model_dir}: no CTranslate2 model.bin (convert the model first)")
    sp = next((model_dir / n for n in SENTENCEPIECE_NAMES if (model_dir / n).is_file()), None)
    if sp is None:
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
    name = model_dir.name.lower().replace("_", "-")
    code = code or (name if name.startswith("nllb") else f"nllb-{name}")
    metadata = {
        "package_version": version, "argos_version": "1.9", "type": "translate", "code": code,
        "family": family, "from_code": languages[0], "to_code": languages[1],
        "from_name": entries[0]["name"], "to_name": entries[1]["name"], "languages": entries,
    }  # fmt: skip
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".importing-", dir=target_dir))
    try:
        package = staging / code
        (package / "model").mkdir(parents=True)
        for item in model_dir.iterdir():
            if item.is_file() and item != sp:
                _link_or_copy(item, package / "model" / item.name)
        _link_or_copy(sp, package / "sentencepiece.model")
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        final = target_dir / code
        if final.exists():
            shutil.rmtree(final)
        os.replace(package, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_metadata(final)


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
    """
    if not sha256:
        raise ParallaxError("a checksum is required: pass --sha256 (or set kazakh_sha256)")
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        if url.startswith(("http://", "https://")):
            data = download(url, limit=MAX_MODEL_BYTES)
            _verify(data, sha256, url)
            _unpack(data, url, model_dir)
        else:
            endpoint = (
                hf_endpoint or os.environ.get("HF_ENDPOINT") or "https://huggingface.co"
            ).rstrip("/")
            for name in HF_FILES:
                data = download(f"{endpoint}/{url}/resolve/main/{name}", limit=MAX_MODEL_BYTES)
                if name == "model.bin":
                    _verify(data, sha256, f"{url}/{name}")
                (model_dir / name).write_bytes(data)
        inner = _model_root(model_dir)
        return import_ct2_dir(inner, languages, target_dir, code="nllb-kk")


def _verify(data: bytes, expected: str, what: str) -> None:
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected.lower():
        raise ParallaxError(f"checksum mismatch for {what} (got {actual[:12]}…); nothing installed")


def _unpack(data: bytes, url: str, into: Path) -> None:
    buffer = io.BytesIO(data)
    if zipfile.is_zipfile(buffer):
        with zipfile.ZipFile(buffer) as archive:
            for info in archive.infolist():
                if info.filename.startswith("/") or ".." in Path(info.filename).parts:
                    raise ParallaxError(f"{url}: unsafe path in archive: {info.filename!r}")
            archive.extractall(into)
        return
    buffer.seek(0)
    try:
        with tarfile.open(fileobj=buffer) as archive:
            archive.extractall(into, filter="data")
    except tarfile.TarError:
        raise ParallaxError(f"{url}: not a .zip or .tar archive") from None


def _model_root(directory: Path) -> Path:
    found = [p.parent for p in directory.rglob("model.bin")]
    if len(found) != 1:
        raise ParallaxError("the download does not hold exactly one CTranslate2 model.bin")
    return found[0]

"""Build small, real Argos packages with random weights: for tests, benchmarks and newcomers.

The model is a genuine CTranslate2 Transformer with a genuine SentencePiece tokenizer, so the
real loading, tokenizing, batching and decoding code runs; its output is deterministic
gibberish. `family="nllb"` builds a multilingual model shaped like NLLB-200 (language tokens
such as `kaz_Cyrl` in the vocabulary, `</s>` + language token on the source side).
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# A few hundred characters in each language: enough for a small SentencePiece vocabulary.
CORPUS = """\
Kazakhstan and Russia signed an agreement on gas supplies to the northern regions.
The deal runs for ten years and covers 10 billion cubic meters of gas a year.
The energy minister said the first deliveries are planned for the winter.
Critics say the pipeline crosses two nature reserves near Kostanay.
Россия и Казахстан подписали соглашение о поставках газа в северные регионы.
Соглашение заключено на десять лет, цена газа не раскрывается.
Министр энергетики заявил, что первые поставки запланированы на зиму.
Стоимость газопровода оценивается примерно в 2,4 млрд долларов.
Қазақстан мен Ресей газ жеткізу туралы келісімге қол қойды.
Келісім он жылға жасалды, алғашқы жеткізілім қысқа жоспарланған.
Құбыр құрылысы кезінде үш мыңнан астам жаңа жұмыс орны ашылады.
Qazaqstan men Resei gaz jetkızu turaly kelısımge qol qoidy.
"""

NLLB_LANGUAGE_TOKENS = {"kk": "kaz_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn"}
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


@dataclass(frozen=True)
class ToyModelShape:
    layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab_size: int = 160  # SentencePiece pieces (capped by what the corpus supports)
    padded_vocab: int = 0  # total vocabulary after filler tokens, 0 = no padding
    eos_bias: float = 3.0  # raise to end sentences sooner
    seed: int = 0


def train_sentencepiece(text: str, vocab_size: int, user_symbols: list[str] | None = None) -> bytes:
    """Train a unigram SentencePiece model; shrink the vocab if the text cannot support it."""
    import sentencepiece as spm

    lines = [line for line in text.splitlines() if line.strip()]
    size = vocab_size
    while True:
        buffer = io.BytesIO()
        try:
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(lines),
                model_writer=buffer,
                vocab_size=size,
                model_type="unigram",
                character_coverage=1.0,
                user_defined_symbols=user_symbols or [],
                minloglevel=2,
            )
            return buffer.getvalue()
        except RuntimeError as exc:
            # "Vocabulary size is too high (N). Please set it to a value <= M."
            message = str(exc)
            if "<=" not in message or size <= 16:
                raise
            size = int(message.rsplit("<=", 1)[1].strip(" .\n"))


def build_spec(vocabulary: list[str], shape: ToyModelShape, real_pieces: int):
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(shape.seed)
    d, ff, vocab = shape.d_model, shape.ffn, len(vocabulary)

    def weight(*dims: int) -> np.ndarray:
        return (rng.standard_normal(dims) * (1.0 / np.sqrt(dims[-1]))).astype(np.float32)

    def norm(layer_norm) -> None:
        layer_norm.gamma = np.ones(d, dtype=np.float32)
        layer_norm.beta = np.zeros(d, dtype=np.float32)

    def linear(spec, out_dim: int, in_dim: int) -> None:
        spec.weight = weight(out_dim, in_dim)
        spec.bias = np.zeros(out_dim, dtype=np.float32)

    spec = transformer_spec.TransformerSpec.from_config(
        (shape.layers, shape.layers), shape.heads, pre_norm=True
    )
    for side in (spec.encoder, spec.decoder):
        embeddings = side.embeddings  # a list on the encoder side, a single spec on the decoder
        (embeddings[0] if isinstance(embeddings, list) else embeddings).weight = weight(vocab, d)
        norm(side.layer_norm)
        for layer in side.layer:
            norm(layer.self_attention.layer_norm)
            linear(layer.self_attention.linear[0], 3 * d, d)
            linear(layer.self_attention.linear[1], d, d)
            norm(layer.ffn.layer_norm)
            linear(layer.ffn.linear_0, ff, d)
            linear(layer.ffn.linear_1, d, ff)
    for layer in spec.decoder.layer:
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
    spec.decoder.projection.weight = weight(vocab, d)
    bias = np.zeros(vocab, dtype=np.float32)
    bias[vocabulary.index("</s>")] = shape.eos_bias
    bias[vocabulary.index("<s>")] = -1e4
    bias[real_pieces:] = -1e4  # filler tokens exist for size only; never emit them
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="int8")
    return spec


def build_package(
    out_dir: Path,
    *,
    from_code: str = "ru",
    to_code: str = "en",
    family: str = "argos",
    shape: ToyModelShape | None = None,
    corpus: str = CORPUS,
    version: str = "1.0",
) -> Path:
    """Write `<out_dir>/<name>.argosmodel` and return its path."""
    from workspace import ParallaxError
    from workspace.translate.packages import LANGUAGE_CODE

    if family not in ("argos", "nllb"):
        raise ParallaxError(f"unknown model family {family!r}: use argos or nllb")
    for code in (from_code, to_code):
        if not LANGUAGE_CODE.match(code):
            raise ParallaxError(f"{code!r} is not a language code (use e.g. ru, en, kk)")
    shape = shape or ToyModelShape()
    out_dir.mkdir(parents=True, exist_ok=True)
    nllb = family == "nllb"
    symbols = list(NLLB_LANGUAGE_TOKENS.values()) if nllb else []
    sp_model = train_sentencepiece(corpus, shape.vocab_size, symbols)
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    real = len(vocabulary)
    if shape.padded_vocab > real:
        vocabulary += [f"<filler_{i}>" for i in range(shape.padded_vocab - real)]
    spec = build_spec(vocabulary, shape, real)
    name = f"nllb-tiny-{version}" if nllb else f"translate-{from_code}_{to_code}-{version}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        (root / "model").mkdir(parents=True)
        spec.save(str(root / "model"))
        (root / "sentencepiece.model").write_bytes(sp_model)
        metadata: dict[str, object] = {
            "package_version": version,
            "argos_version": "1.9",
            "type": "translate",
        }
        if nllb:
            metadata |= {
                "code": "nllb-tiny",
                "family": "nllb",
                "from_code": "kk",
                "to_code": "en",
                "from_name": "Kazakh",
                "to_name": "English",
                "languages": [
                    {"code": code, "name": LANGUAGE_NAMES[code], "token": token}
                    for code, token in NLLB_LANGUAGE_TOKENS.items()
                ],
            }
        else:
            metadata |= {
                "code": f"translate-{from_code}_{to_code}",
                "from_code": from_code,
                "to_code": to_code,
                "from_name": LANGUAGE_NAMES.get(from_code, from_code),
                "to_name": LANGUAGE_NAMES.get(to_code, to_code),
            }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(
            "A toy model with random weights built by Parallax for tests. Output is gibberish.\n",
            encoding="utf-8",
        )
        target = out_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                archive.write(path, path.relative_to(Path(tmp)).as_posix())
    return target


def build_model_dir(out_dir: Path, shape: ToyModelShape | None = None) -> Path:
    """A bare converted model directory (CTranslate2 model + SentencePiece), as
    `ct2-transformers-converter` leaves an NLLB model: what `models import-ct2` takes."""
    package = build_package(out_dir / ".build", family="nllb", shape=shape)
    target = out_dir / "nllb-tiny-ct2"
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(package) as archive:
        archive.extractall(tmp)
        extracted = next(Path(tmp).iterdir())
        shutil.copytree(extracted / "model", target)
        shutil.copyfile(extracted / "sentencepiece.model", target / "sentencepiece.bpe.model")
    shutil.rmtree(out_dir / ".build")
    return target

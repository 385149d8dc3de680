"""Kazakh through an NLLB-shaped multilingual model: tokens, routing, Latin script."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import pytest

from tests.conftest import add_text
from tests.http_server import serve
from workspace import ParallaxError
from workspace.translate import jobs
from workspace.translate.engine import Engine
from workspace.translate.nllb import import_ct2_dir, install_from_url
from workspace.translate.packages import install_package_file, list_installed
from workspace.translate.routes import find_route

KK = "Қазақстан мен Ресей газ жеткізу туралы келісімге қол қойды. Келісім он жылға жасалды."
KK_LATN = "Qazaqstan men Resei gaz jetkızu turaly kelısımge qol qoidy. Kelısım on jylğa jasaldy."
RU = "Россия и Казахстан подписали соглашение. Цена газа не раскрывается."


def test_import_ct2_wraps_a_converted_dir_as_a_multilingual_package(tmp_path, model_files):
    model = import_ct2_dir(model_files["nllb-dir"], ["kk", "ru", "en"], tmp_path / "pk")
    assert model.family == "nllb"
    assert {("kk", "en"), ("en", "kk"), ("ru", "en"), ("kk", "ru")} <= set(model.pairs)
    assert model.token_for("kk") == "kaz_Cyrl"
    meta = json.loads((model.path / "metadata.json").read_text())
    assert [lang["token"] for lang in meta["languages"]] == ["kaz_Cyrl", "rus_Cyrl", "eng_Latn"]


def test_import_ct2_refuses_bad_directories(tmp_path, model_files):
    no_sp = tmp_path / "no-sp"
    shutil.copytree(model_files["nllb-dir"], no_sp)
    (no_sp / "sentencepiece.bpe.model").unlink()
    with pytest.raises(ParallaxError, match="no SentencePiece model"):
        import_ct2_dir(no_sp, ["kk", "en"], tmp_path / "pk")
    with pytest.raises(ParallaxError, match="unknown model family"):
        import_ct2_dir(model_files["nllb-dir"], ["kk", "en"], tmp_path / "pk", family="marian")
    with pytest.raises(ParallaxError, match="does not list de"):
        import_ct2_dir(model_files["nllb-dir"], ["kk", "de"], tmp_path / "pk")
    assert not (tmp_path / "pk").exists() or not list_installed(tmp_path / "pk")


def test_language_tokens_are_added_and_stripped(tmp_path, model_files):
    model = import_ct2_dir(model_files["nllb-dir"], ["kk", "ru", "en"], tmp_path / "pk")
    engine = Engine()
    tokens = engine.encode(model, "Келісім он жылға жасалды.", "kk")
    assert tokens[0] == "kaz_Cyrl" and tokens[-1] == "</s>"
    assert engine.target_prefix(model, "en") == ["eng_Latn"]
    seen = {}
    translator = engine.translator(model)

    class Spy:
        def translate_batch(self, batch, **kwargs):
            seen["prefix"] = kwargs["target_prefix"]
            out = translator.translate_batch(batch, **kwargs)
            first = out[0].result() if kwargs.get("asynchronous") else out[0]
            seen["raw"] = first.hypotheses[0]
            return out

    engine._translators[model.path] = Spy()
    (hyp,) = engine.translate(model, ["Келісім он жылға жасалды."], "kk", "en")
    assert seen["prefix"] == [["eng_Latn"]]
    assert seen["raw"][0] == "eng_Latn"
    assert "eng_Latn" not in hyp.text


def test_routing_prefers_direct_argos_then_multilingual_then_pivot(tmp_path, model_files):
    install_package_file(model_files["ru-en"], tmp_path / "pk")
    install_package_file(model_files["nllb"], tmp_path / "pk")
    models = list_installed(tmp_path / "pk")
    assert find_route(models, "ru", "en").kind == "direct"
    assert find_route(models, "kk", "en").kind == "multilingual"
    assert find_route(models, "kk", "ru").kind == "multilingual"
    only_argos = [m for m in models if m.family != "nllb"]
    assert find_route(only_argos, "kk", "en") is None


def test_kazakh_latin_kazakh_and_russian_in_one_batch_job(local_ws, model_files, monkeypatch):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    import_ct2_dir(model_files["nllb-dir"], ["kk", "ru", "en"], local_ws.packages_dir)
    kk = add_text(local_ws, "s", KK, "portal")
    kk_latn = add_text(local_ws, "s", KK_LATN, "portal-latin")
    ru = add_text(local_ws, "s", RU, "agency")
    inputs = []
    engine = Engine()
    original = engine.translate

    def spy(model, texts, source, target, options=None, **kw):
        inputs.extend((model.family, source, t) for t in texts)
        return original(model, texts, source, target, options, **kw)

    monkeypatch.setattr(engine, "translate", spy)
    jobs.queue_jobs(local_ws, jobs.plan_translation(local_ws, ["s"]))
    report = jobs.run_jobs(local_ws, engine)
    assert report.failures == []
    assert {j.article_id: j.state for j in jobs.list_jobs(local_ws)} == {
        kk: "done",
        kk_latn: "done",
        ru: "done",
    }
    assert {(fam, src) for fam, src, _ in inputs} == {("nllb", "kk"), ("argos", "ru")}
    # Latin-script Kazakh reached the model in Cyrillic; the memory keeps the original text.
    assert "Қазақстан мен Ресей газ жеткізу туралы келісімге қол қойды." in [
        t for _, _, t in inputs
    ]
    assert not any("Qazaqstan" in t for _, _, t in inputs)
    routes = {r[0] for r in local_ws.db.execute("SELECT route FROM translations")}
    assert any(r.startswith("multilingual") for r in routes) and any(
        r.startswith("direct") for r in routes
    )
    assert (
        local_ws.db.execute(
            "SELECT COUNT(*) FROM translations WHERE source_text LIKE 'Qazaqstan%'"
        ).fetchone()[0]
        == 1
    )


def _zip_dir(directory) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in directory.rglob("*"):
            archive.write(path, f"nllb-kk/{path.relative_to(directory)}")
    return buffer.getvalue()


def test_install_kk_downloads_verifies_and_wraps(tmp_path, model_files):
    data = _zip_dir(model_files["nllb-dir"])
    good = hashlib.sha256(data).hexdigest()
    with serve({"/nllb.zip": (200, "application/zip", data)}) as base:
        with pytest.raises(ParallaxError, match="checksum mismatch"):
            install_from_url(f"{base}/nllb.zip", "0" * 64, ["kk", "ru", "en"], tmp_path / "pk")
        assert not list_installed(tmp_path / "pk")
        model = install_from_url(f"{base}/nllb.zip", good, ["kk", "ru", "en"], tmp_path / "pk")
    assert model.code == "nllb-kk" and model.family == "nllb"


def test_install_kk_from_a_hugging_face_style_repo(tmp_path, model_files):
    files = {f"/org/nllb-ct2/resolve/main/{p.name}": (200, "application/octet-stream", p.read_bytes())
             for p in model_files["nllb-dir"].iterdir()}  # fmt: skip
    checksum = hashlib.sha256((model_files["nllb-dir"] / "model.bin").read_bytes()).hexdigest()
    with serve(files) as base:
        model = install_from_url("org/nllb-ct2", checksum, ["kk", "ru", "en"], tmp_path / "pk",
                                 hf_endpoint=base)  # fmt: skip
    assert ("kk", "en") in model.pairs


def test_turkish_latin_text_is_not_taken_for_kazakh(ws):
    from workspace.ingest.language import detect_language
    from workspace.translate.pipeline import model_input

    turkish = "Bu yıl Türkiye ve Kazakistan arasında çok önemli bir anlaşma imzalandı."
    detection = detect_language(turkish)
    assert detection.language == "tr" and "Turkish" in detection.note
    assert model_input(turkish, "tr") == turkish

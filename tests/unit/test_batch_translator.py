"""The worker class that Ray actors wrap, used in this process: same output as a local job,
and every package it receives is checked like any package file."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from tests.conftest import add_text
from workspace import ParallaxError
from workspace.translate.engine import DecodeOptions, Engine
from workspace.translate.packages import install_package_file
from workspace.translate.pipeline import SourceSentence, translate_sentences
from workspace.translate.routes import Route, Step
from workspace.translate.shipping import ShippedPackage, pack_package, shared_package
from workspace.translate.worker import BatchTranslator, RouteSpec, WorkUnit

RU = (
    "Россия и Казахстан подписали соглашение о поставках газа. Соглашение заключено на десять"
    " лет. Цена не раскрывается. Министр энергетики заявил, что первые поставки запланированы"
    " на зиму. Стоимость газопровода оценивается примерно в 2,4 млрд долларов."
)


def shipped(model) -> ShippedPackage:
    data, digest = pack_package(model)
    return ShippedPackage(model.model_id, model.path.name, len(data), digest, archive=data)


def test_a_unit_comes_back_as_the_local_pipeline_writes_it(local_ws, model_files):
    model = install_package_file(model_files["ru-en"], local_ws.packages_dir)
    add_text(local_ws, "s", RU, "a", language="ru")
    article = local_ws.articles("s")[0]
    sentences = [SourceSentence(s.text_hash, s.text) for s in local_ws.sentences(article.id)]
    route = Route("ru", "en", (Step(model, "ru", "en"),))
    options = DecodeOptions()
    expected, calls = translate_sentences(local_ws.db, Engine(), route, sentences, options)
    # A worker that starts empty (as a restarted actor does) loads the model from the unit.
    worker = BatchTranslator(threads=1)
    try:
        unit = WorkUnit(
            7, RouteSpec.of(route), tuple(sentences), options, packages=(shipped(model),)
        )
        result = worker(unit)
    finally:
        worker.close()
    assert result.unit_id == 7 and result.model_calls == calls == len(sentences)
    got = {e.source_hash: (e.target_text, e.score, e.route) for e in result.entries}
    assert got == {h: (e.target_text, e.score, e.route) for h, e in expected.items()}


def test_a_damaged_or_hostile_archive_is_refused(local_ws, model_files):
    model = install_package_file(model_files["ru-en"], local_ws.packages_dir)
    good = shipped(model)
    damaged = ShippedPackage(good.model_id, good.name, good.size, good.sha256, good.archive[:-10])
    with pytest.raises(ParallaxError, match="arrived damaged"):
        BatchTranslator([damaged])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{good.name}/../../escape.txt", "x")
    data = buffer.getvalue()
    hostile = ShippedPackage(good.model_id, good.name, len(data),
                             hashlib.sha256(data).hexdigest(), archive=data)  # fmt: skip
    with pytest.raises(ParallaxError, match="unsafe path"):
        BatchTranslator([hostile])


def test_a_shared_path_missing_on_the_worker_names_the_host_and_path(local_ws, model_files):
    model = install_package_file(model_files["ru-en"], local_ws.packages_dir)
    there = shared_package(model)
    BatchTranslator([there]).close()  # the path this machine sees works
    missing = ShippedPackage(there.model_id, there.name, shared_path=str(local_ws.root / "nope"))
    with pytest.raises(ParallaxError, match=r"worker on .* has no model package at .*nope"):
        BatchTranslator([missing])

"""Batch jobs and the translation memory on a tiny real model."""

from __future__ import annotations

from tests.conftest import add_text
from workspace.translate import jobs
from workspace.translate.engine import Engine
from workspace.translate.packages import install_package_file

RU = "Россия и Казахстан подписали соглашение. Соглашение заключено на десять лет. Цена не раскрывается."
RU2 = (
    "Цена не раскрывается. Первые поставки запланированы на зиму. Стороны создадут рабочую группу."
)
KK = "Қазақстан мен Ресей келісімге қол қойды. Келісім он жылға жасалды."


def memory_rows(ws):
    return ws.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]


def translate_all(ws, **kwargs):
    plan = jobs.plan_translation(ws, [], all_stories=True, target=kwargs.pop("target", "en"))
    jobs.queue_jobs(ws, plan, force=kwargs.pop("force", False))
    return jobs.run_jobs(ws, Engine(), **kwargs)


def test_unchanged_text_is_never_translated_twice(local_ws, model_files):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    add_text(local_ws, "s", RU, "a")
    add_text(local_ws, "s", RU2, "b")
    first = translate_all(local_ws)
    # "Цена не раскрывается." is in both articles: one model call for it.
    assert first.progress.model_calls == 5
    assert memory_rows(local_ws) == 5
    second = translate_all(local_ws)
    assert second.progress.model_calls == 0 and second.progress.jobs_total == 0
    assert memory_rows(local_ws) == 5


def test_force_retranslates_and_a_different_model_gets_its_own_entries(
    local_ws, model_files, tmp_path
):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    add_text(local_ws, "s", RU, "a")
    translate_all(local_ws)
    forced = translate_all(local_ws, force=True)
    assert forced.progress.model_calls == 3
    assert memory_rows(local_ws) == 3
    from workspace.translate.toymodel import ToyModelShape, build_package

    newer = build_package(tmp_path / "v2", version="2.0", shape=ToyModelShape(seed=7))
    install_package_file(newer, local_ws.packages_dir)
    newer_run = translate_all(local_ws)
    assert newer_run.progress.model_calls == 3  # the newest version is used, with its own rows
    assert memory_rows(local_ws) == 6
    ids = {r[0] for r in local_ws.db.execute("SELECT DISTINCT model_id FROM translations")}
    assert ids == {"translate-ru_en@1.0", "translate-ru_en@2.0"}


def test_a_failing_article_fails_its_job_and_the_others_go_on(local_ws, model_files):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    ru = add_text(local_ws, "s", RU, "a")
    kk = add_text(local_ws, "s", KK, "b")
    report = translate_all(local_ws)
    assert [a for a, _ in report.failures] == [kk]
    assert "parallax models install kk" in report.failures[0][1]
    states = {j.article_id: j.state for j in jobs.list_jobs(local_ws)}
    assert states == {ru: "done", kk: "failed"}


def test_pivot_through_english_records_both_models(local_ws, model_files):
    for name in ("ru-en", "en-ru"):
        install_package_file(model_files[name], local_ws.packages_dir)
    from workspace.translate.packages import install_package_file as install
    from workspace.translate.toymodel import build_package

    kk_en = build_package(local_ws.root / "tmp", from_code="kk", to_code="en")
    install(kk_en, local_ws.packages_dir)
    add_text(local_ws, "s", KK, "b")
    report = translate_all(local_ws, target="ru")
    assert report.failures == []
    rows = local_ws.db.execute(
        "SELECT source_lang, target_lang, model_id, route FROM translations ORDER BY target_lang"
    ).fetchall()
    pairs = {(r[0], r[1], r[2]) for r in rows}
    assert ("kk", "ru", "translate-kk_en@1.0>translate-en_ru@1.0") in pairs
    assert ("kk", "en", "translate-kk_en@1.0") in pairs  # the first leg is reusable
    assert any(r[3].startswith("pivot") for r in rows)


def test_cancelling_between_chunks_keeps_committed_work_and_requeues(local_ws, model_files):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    for i in range(6):
        add_text(
            local_ws,
            "s",
            f"Поставки вырастут на {i} процентов. Газ пойдёт зимой {i} года.",
            f"o{i}",
        )
    calls = {"n": 0}

    def cancel_after_two_chunks() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    report = translate_all(local_ws, cancelled=cancel_after_two_chunks, chunk_sentences=2)
    assert report.cancelled
    done_rows = memory_rows(local_ws)
    assert 0 < done_rows < 12
    assert {j.state for j in jobs.list_jobs(local_ws)} <= {"queued", "done"}
    rest = jobs.run_jobs(local_ws, Engine())
    assert rest.progress.model_calls == 12 - done_rows
    assert memory_rows(local_ws) == 12


def test_dead_runner_is_detected_and_its_jobs_released(local_ws, model_files):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    add_text(local_ws, "s", RU, "a")
    plan = jobs.plan_translation(local_ws, ["s"])
    jobs.queue_jobs(local_ws, plan)
    local_ws.db.execute("UPDATE jobs SET state = 'running', pid = 999999999")
    assert jobs.release_dead_jobs(local_ws) == 1
    assert {j.state for j in jobs.list_jobs(local_ws)} == {"queued"}


def test_dry_run_counts_what_the_memory_already_has(local_ws, model_files):
    install_package_file(model_files["ru-en"], local_ws.packages_dir)
    a = add_text(local_ws, "s", RU, "a")
    translate_all(local_ws)
    b = add_text(local_ws, "s", RU2, "b")
    plan = jobs.plan_translation(local_ws, ["s"]).to_dict()
    per_article = {x["article_id"]: x["pending_sentences"] for x in plan["articles"]}
    assert per_article == {a: 0, b: 2}
    assert plan["pending_sentences"] == 2 and plan["sentences_in_memory"] == 4

"""Page clutter removal, datelines, and the title of an article with no title given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from workspace.ingest.clutter import remove_clutter
from workspace.ingest.dateline import find_dateline, iso_date, timestamp_leftover
from workspace.ingest.labelled import ClutterScore, read_pages, score_page
from workspace.ingest.title import clean_page_title, default_title
from workspace.store.files import parse_front_matter

CLUTTER = DATA / "clutter"
PAGES = read_pages(CLUTTER) + read_pages(CLUTTER / "unseen")
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_the_labelled_pages_cover_three_languages_and_hundreds_of_lines():
    assert len(PAGES) >= 15
    assert {page.name[:2] for page in PAGES} == {"en", "ru", "kk"}
    assert sum(label is not None for page in PAGES for label in page.labels) >= 300


def test_dropped_lines_on_the_labelled_pages_have_precision_and_recall_above_095():
    total = ClutterScore()
    for page in PAGES:
        total.add(score_page(page)[0])
    assert total.precision >= 0.95 and total.recall >= 0.95, total.mistakes


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_content_line_of_a_labelled_page_is_dropped(page):
    score, _ = score_page(page)
    assert score.fp == 0, score.mistakes


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_headline_place_and_date_of_each_page(page):
    cleaned = remove_clutter(page.text)
    assert cleaned.headline == page.expect["title"]
    assert default_title(cleaned.text) == page.expect["title"]
    if "place" in page.expect:
        assert cleaned.dateline is not None and cleaned.dateline.place == page.expect["place"]
    if "published" in page.expect:
        assert cleaned.published == page.expect["published"]


def test_the_paste_from_issue_12_loses_its_clutter_and_keeps_every_sentence():
    page = next(p for p in PAGES if p.name == "en-south-asia-times")
    cleaned = remove_clutter(page.text)
    for gone in ("Dark Mode", "Logo", "AdSense Advertisement", "Share on social media",
                 "icon-facebook", "By Staff Reporter", "Photo: Kazatomprom"):  # fmt: skip
        assert gone not in cleaned.text
    assert "He declined to comment on the price." in cleaned.text
    assert cleaned.text.startswith("Kazakhstan and India agree to expand uranium supplies")


@pytest.mark.parametrize(
    "sentence",
    [
        "He declined to comment.",
        "— Рас.",
        "— Да.",
        '"Everything."',
        "Share prices fell 3 percent on the news.",
        "By the end of next year, the airline plans to fly 20 routes.",
        "Photo exhibitions opened at both airports.",
        "Реклама табачных изделий будет запрещена с 2025 года.",
        "Фото и видео с табачной продукцией окажутся под запретом.",
        "Источник в Минздраве сообщил, что запрет распространится на интернет.",
        "Теги на упаковке должны будут содержать предупреждение.",
        "Автор законопроекта — депутат Мажилиса Аскар Сабильянов.",
        "Жарнама нарығы 15 пайызға өсті.",
        "Бөлісу экономикасы да өсіп келеді.",
        "Read more slowly, the plan looks less certain.",
        "The ministry said on its Telegram channel that talks would resume.",
        "Subscribers of the loyalty programme get a discount.",
        "Ivan Petrov is the chief editor of the newspaper, which was founded in 1991.",
        "Все права защищены законом, напомнил юрист.",
        "• 1.5 million tonnes of capacity a year",
        "— ускорением инфляции до 8,5%;",
    ],
)
def test_content_that_looks_like_clutter_stays_between_sentences(sentence):
    text = "\n".join(
        [
            "Kazakhstan signs a new deal",
            "Share",
            "The agreement was signed on Tuesday in Astana.",
            sentence,
            "The next meeting will take place in Moscow.",
            "Реклама",
        ]
    )
    kept = remove_clutter(text).text.split("\n")
    assert sentence in kept
    assert "Share" not in kept and "Реклама" not in kept


def test_a_page_that_is_only_clutter_leaves_nothing():
    text = (
        "Dark Mode\nLogo\nShare on social media\nicon-facebook icon-twitter\nAdvertisement\n© 2024"
    )
    cleaned = remove_clutter(text)
    assert cleaned.text == ""
    assert len(cleaned.dropped) == 6


def test_dropped_lines_and_the_dateline_are_all_accounted_for():
    text = "Gas deal signed\nShare\nASTANA, Nov 12 (Reuters) - Kazakhstan signed a gas deal."
    cleaned = remove_clutter(text)
    assert cleaned.text == "Gas deal signed\nKazakhstan signed a gas deal."
    assert cleaned.dropped == ["Share", "ASTANA, Nov 12 (Reuters) -"]


def test_a_repeated_headline_and_a_headline_with_the_site_name_go():
    text = (
        "Kazakhstan to build grain terminals | The Astana Times\n"
        "Kazakhstan to build grain terminals\n"
        "By Aiman Nakispekova\n"
        "Kazakhstan to build grain terminals\n"
        "Kazakhstan will build three grain terminals in Aktau.\n"
        "Kazakhstan will build three grain terminals in Aktau."
    )
    kept = remove_clutter(text).text.split("\n")
    assert kept == [
        "Kazakhstan to build grain terminals",
        "Kazakhstan will build three grain terminals in Aktau.",
        "Kazakhstan will build three grain terminals in Aktau.",  # a sentence may repeat
    ]


@pytest.mark.parametrize(
    ("line", "place", "date", "agency", "rest"),
    [
        ("ASTANA, Nov 12 (Reuters) - Kazakhstan signed.", "Astana", "Nov 12", "Reuters",
         "Kazakhstan signed."),
        ("PETROPAVL, Kazakhstan (AP) — Floods hit.", "Petropavl", "", "AP", "Floods hit."),
        ("BAKU, Azerbaijan, November 12. The sides met.", "Baku", "November 12", "",
         "The sides met."),
        ("ASTANA – Kazakhstan will build.", "Astana", "", "", "Kazakhstan will build."),
        ("АСТАНА, 12 ноября. /ТАСС/. Казахстан подписал.", "Астана", "12 ноября", "ТАСС",
         "Казахстан подписал."),
        ("МОСКВА, 8 апр - РИА Новости. Режим ЧС введен.", "Москва", "8 апр", "РИА Новости",
         "Режим ЧС введен."),
        ("Астана. 12 ноября. ИНТЕРФАКС-КАЗАХСТАН - Экспорт вырос.", "Астана", "12 ноября",
         "Интерфакс-Казахстан", "Экспорт вырос."),
        ("АСТАНА. KAZINFORM – Мемлекет басшысы қабылдады.", "Астана", "", "Kazinform",
         "Мемлекет басшысы қабылдады."),
        ("Астана, 10 қараша. Қазақстан мен Ресей келісті.", "Астана", "10 қараша", "",
         "Қазақстан мен Ресей келісті."),
    ],
)  # fmt: skip
def test_datelines_are_read_in_three_languages(line, place, date, agency, rest):
    found = find_dateline(line)
    assert found is not None
    dateline, remainder = found
    assert (dateline.place, dateline.date, dateline.agency, remainder) == (
        place, date, agency, rest)  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "НАТО — военный блок.",
        "ЕАЭС – Евразийский экономический союз – создан в 2015 году.",
        "Москва, как известно, столица.",
        "The meeting was held on Nov 12.",
        "Kazakhstan – Russia trade grew.",
    ],
)
def test_sentences_that_only_look_like_datelines_are_not(line):
    assert find_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "leftover", "iso"),
    [
        ("12 ноября 2024, 14:35", "", "2024-11-12"),
        ("Updated 4:32 PM GMT+5, April 8, 2024", "", "2024-04-08"),
        ("08.04.2024, 10:12 (обновлено: 12:40)", "", "2024-04-08"),
        ("2024 жылғы 12 қараша", "", "2024-11-12"),
        ("Almaz Kumenov Nov 12, 2024", "Almaz Kumenov", "2024-11-12"),
        ("Поставки начнутся в 2026 году.", None, ""),
    ],
)
def test_timestamps_and_their_dates(line, leftover, iso):
    assert timestamp_leftover(line) == leftover
    assert iso_date(line) == iso


def test_the_published_date_comes_from_a_timestamp_that_agrees_with_the_dateline():
    text = (
        "Rate raised\n"
        "Related: Rate kept on Oct 11, 2024\n"
        "November 29, 2024 10:15 AM GMT+5\n"
        "ASTANA, Nov 29 (Reuters) - The central bank raised its rate."
    )
    assert remove_clutter(text).published == "2024-11-29"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Kazakhstan, Russia agree gas deal\n\nThe deal runs ten years.", "Kazakhstan, Russia agree gas deal"),
        ("Сколько скрытого сахара в продуктах?\n\nСахар вреден.", "Сколько скрытого сахара в продуктах?"),
        ("Сахар - не лучший источник веществ.\n\nЕго избыток вреден.", "Сахар - не лучший источник веществ"),
        (
            "Kazakhstan and Russia signed an agreement on Tuesday to supply 10 billion cubic meters "
            "of Russian gas a year to the northern regions. The deal runs for ten years.",
            "Kazakhstan and Russia signed an agreement on Tuesday to supply 10 billion cubic meters of Russian…",
        ),
    ],
)  # fmt: skip
def test_the_default_title_is_the_headline_or_a_short_clean_prefix(text, title):
    assert default_title(text) == title
    assert len(default_title(text)) <= 150


def test_a_page_title_loses_the_site_name():
    assert clean_page_title("Gas deal signed | Reuters", "Reuters") == "Gas deal signed"
    assert (
        clean_page_title("В Казахстане ввели режим ЧС из-за паводков - РИА Новости, 08.04.2024")
        == "В Казахстане ввели режим ЧС из-за паводков"
    )
    assert clean_page_title("Kazakhstan - Russia gas deal") == "Kazakhstan - Russia gas deal"


def _lines_dropped(text: str) -> list[str]:
    return [v.line for v in remove_clutter(text).verdicts if not v.keep and v.line.strip()]


def test_no_line_of_the_demo_story_is_dropped():
    folder = Path(__file__).resolve().parents[2] / "workspace" / "demo" / "story"
    for path in sorted(folder.glob("**/*.md")):
        _, body = parse_front_matter(path.read_text(encoding="utf-8"), path)
        assert _lines_dropped(body) == [], path.name


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared dev data not found at {SHARED}")
@pytest.mark.parametrize("dev_set", ["wmt22-ruen-dev", "wmt22-multi-dev", "kk-en-dev"])
def test_no_line_of_the_shared_dev_sets_is_dropped(dev_set):
    files = sorted((SHARED / dev_set).glob("*/*.txt"))
    assert files
    dropped = {p.name: _lines_dropped(p.read_text(encoding="utf-8")) for p in files}
    assert {name: lines for name, lines in dropped.items() if lines} == {}


def test_lines_that_differ_only_in_numbers_are_not_repeats():
    text = "Pipeline facts\nThe deal was signed on Tuesday.\n10 bcm a year\n20 bcm a year\n30 bcm a year"
    assert remove_clutter(text).text == text


def test_the_dateline_day_takes_the_year_of_a_later_timestamp():
    text = "Rate raised\nUpdated January 2, 2025 10:00\nASTANA, Dec 31 (Reuters) - The bank acted."
    assert remove_clutter(text).published == "2024-12-31"


@pytest.mark.parametrize("reply", ['"OK."', "— Next.", "«Share?»", "— Печать."])
def test_a_one_word_reply_that_is_also_a_button_label_stays(reply):
    text = f"The minister was asked about the deal.\n{reply}\nHe left the room."
    assert reply in remove_clutter(text).text.split("\n")

from workspace.ingest.segment import segment, split_sentences


def test_russian_abbreviations_do_not_end_sentences():
    text = "Объём составит 10 млрд куб. м газа в год. Т.е. вдвое больше, чем сейчас."
    assert split_sentences(text, "ru") == [
        "Объём составит 10 млрд куб. м газа в год.",
        "Т.е. вдвое больше, чем сейчас.",
    ]


def test_initials_stay_with_the_name():
    text = "Памятник А. С. Пушкину открыли в 1880 году. Его автор — А. М. Опекушин."
    assert split_sentences(text, "ru") == [
        "Памятник А. С. Пушкину открыли в 1880 году.",
        "Его автор — А. М. Опекушин.",
    ]


def test_quote_followed_by_attribution_is_one_sentence():
    text = "«Мы готовы увеличить поставки!» — заявил он. Цена не раскрывается."
    assert split_sentences(text, "ru") == [
        "«Мы готовы увеличить поставки!» — заявил он.",
        "Цена не раскрывается.",
    ]
    text = "«Это лучшее подтверждение», — заявил Штерник. Он уехал."
    assert len(split_sentences(text, "ru")) == 2


def test_english_abbreviations():
    text = "Dr. Smith met U.S. officials on Monday. The talks lasted 3.5 hours."
    assert split_sentences(text, "en") == [
        "Dr. Smith met U.S. officials on Monday.",
        "The talks lasted 3.5 hours.",
    ]


def test_numbers_with_separators_are_not_boundaries():
    text = "The pipeline is 7,644 km long. В нём 7 644 км труб и 3.5 тыс. опор."
    assert split_sentences(text, "ru") == [
        "The pipeline is 7,644 km long.",
        "В нём 7 644 км труб и 3.5 тыс. опор.",
    ]


def test_headline_without_punctuation_is_its_own_sentence():
    text = "Kazakhstan signs gas deal\nThe deal runs for ten years. It starts in 2027."
    assert split_sentences(text, "en") == [
        "Kazakhstan signs gas deal",
        "The deal runs for ten years.",
        "It starts in 2027.",
    ]


def test_kazakh_sentences_and_dash_quotes():
    text = "«Бұл келісім маңызды», – деді Сәтқалиев. Келісім он жылға жасалды."
    assert split_sentences(text, "kk") == [
        "«Бұл келісім маңызды», – деді Сәтқалиев.",
        "Келісім он жылға жасалды.",
    ]


def test_paragraphs_are_separated_by_blank_lines():
    paragraphs = segment("One. Two.\n\nThree.", "en")
    assert [p.sentences for p in paragraphs] == [["One.", "Two."], ["Three."]]
    assert [p.index for p in paragraphs] == [0, 1]


def test_a_long_sentence_without_punctuation_is_kept_whole():
    text = " ".join(["word"] * 2000)
    assert split_sentences(text, "en") == [text]


def test_inline_bullets_become_sentences():
    text = "Key facts: • 10 bcm a year • 1,200 km pipeline • ten years"
    assert split_sentences(text, "en") == [
        "Key facts:",
        "• 10 bcm a year",
        "• 1,200 km pipeline",
        "• ten years",
    ]


def test_list_items_on_their_own_lines_become_sentences():
    text = "Регулятор назвал причины:\n— ускорение инфляции;\n— рост цен на топливо;\n— ослабление тенге."
    assert split_sentences(text, "ru") == [
        "Регулятор назвал причины:",
        "— ускорение инфляции;",
        "— рост цен на топливо;",
        "— ослабление тенге.",
    ]
    for marker in ("-", "*", "•", "1.", "2)"):
        items = split_sentences(f"Facts\n{marker} ten years\n{marker} 1,200 km", "en")
        assert items == ["Facts", f"{marker} ten years", f"{marker} 1,200 km"], marker


def test_a_numbered_item_keeps_its_number():
    text = "Итоги:\n1. Газопровод длиной 1200 км.\n2. Стоимость 2,4 млрд долларов."
    assert split_sentences(text, "ru") == [
        "Итоги:",
        "1. Газопровод длиной 1200 км.",
        "2. Стоимость 2,4 млрд долларов.",
    ]


def test_dialogue_lines_stay_separate():
    text = "— Вы согласны?\n— Рас.\n— Тогда подпишем."
    assert split_sentences(text, "ru") == ["— Вы согласны?", "— Рас.", "— Тогда подпишем."]


def test_a_stop_without_a_space_splits_before_a_new_sentence():
    text = "Output grew for ten years.Kazakhstan's share rose.It doubled!The end came in 2024."
    assert split_sentences(text, "en") == [
        "Output grew for ten years.",
        "Kazakhstan's share rose.",
        "It doubled!",
        "The end came in 2024.",
    ]
    assert split_sentences("Соглашение подписано.Газ пойдет зимой.", "ru") == [
        "Соглашение подписано.",
        "Газ пойдет зимой.",
    ]


def test_a_stop_without_a_space_does_not_split_abbreviations_numbers_and_addresses():
    for text in (
        "The U.S.Army and U.K.Navy met.",
        "The rate is 3.5 percent.",
        "Some fuels, e.g.Diesel, are cheaper.",
        "Read it on kazinform.kz today.",
        "Это т.е.Вот так.",
        "Памятник А.С.Пушкину стоит там.",
        "Заказ через Яндекс.Такси вырос.",
        "See www.gov.kz/News.Today for more.",
        "Mail press@gov.kz.Thanks to all.",
    ):
        assert split_sentences(text, "en") == [text], text


def test_a_dash_after_a_quote_on_the_next_line_is_the_attribution_not_an_item():
    text = "«Мы готовы увеличить поставки»,\n— заявил он. Цена не раскрывается."
    assert split_sentences(text, "ru") == [
        "«Мы готовы увеличить поставки», — заявил он.",
        "Цена не раскрывается.",
    ]

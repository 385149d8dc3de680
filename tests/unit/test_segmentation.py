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

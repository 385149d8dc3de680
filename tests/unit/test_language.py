import pytest

from workspace.ingest.kazakh import to_cyrillic, to_latin
from workspace.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        ("Президент Казахстана провёл встречу в Астане.", "ru", "Cyrl"),
        ("Қазақстан Президенті Астанада кездесу өткізді.", "kk", "Cyrl"),
        ("Мен сені сүйемін", "kk", "Cyrl"),
        ("Qazaqstan Prezidentı Astanada kezdesu ötkızdı.", "kk", "Latn"),
        ("The president met officials in Astana on Monday.", "en", "Latn"),
        ("Bu yıl Türkiye ve Kazakistan arasında çok önemli bir anlaşma imzalandı.", "tr", "Latn"),
        ("Oʻzbekiston va Qozogʻiston oʻrtasida yangi shartnoma imzolandi.", "uz", "Latn"),
    ],
)
def test_detects_language_and_script(text, language, script):
    detection = detect_language(text)
    assert (detection.language, detection.script) == (language, script)


def test_russian_text_quoting_a_kazakh_name_stays_russian():
    text = "Министр энергетики Ерлан Сәтқалиев заявил, что поставки начнутся зимой 2027 года."
    assert detect_language(text).language == "ru"


# Every letter of the 2021 Latin alphabet, in real words.
LATIN_WORDS = [
    "Qazaqstan", "jäne", "ğylym", "ıs", "jaña", "ötkızdı", "ūlt", "ümıt", "şaruaşylyq", "bala",
    "dala", "ekı", "futbol", "halyq", "ine", "kıtap", "lebız", "men", "nan", "oqu", "pışın",
    "radio", "su", "tau", "vagon", "zañ", "qyz", "ai", "ūiym", "taiaq", "daiyn",
]  # fmt: skip
# Every Kazakh-specific Cyrillic letter, in real words (һ/х both become h, so no round trip).
CYRILLIC_WORDS = [
    "әке", "ғылым", "қала", "жаңа", "өмір", "ұлт", "үміт", "ішкі", "шаруашылығы", "Қазақстан",
    "ойын", "дайын", "таяқ", "ине", "қиын", "Айман", "ұйымдар", "Президенті", "білім", "тау",
]  # fmt: skip


@pytest.mark.parametrize("word", LATIN_WORDS)
def test_latin_round_trip(word):
    assert to_latin(to_cyrillic(word)) == word


@pytest.mark.parametrize("word", CYRILLIC_WORDS)
def test_cyrillic_round_trip(word):
    assert to_cyrillic(to_latin(word)) == word


def test_transliteration_of_a_sentence_keeps_case_and_punctuation():
    assert to_cyrillic("Qazaqstan Prezidentı: «Jaña joba»!") == "Қазақстан Президенті: «Жаңа жоба»!"


def test_every_cyrillic_kazakh_letter_has_its_2021_latin_form():
    expected = {
        "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
        "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
        "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
        "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
        "ю": "iu", "я": "ia",
    }  # fmt: skip
    assert {letter: to_latin(letter) for letter in expected} == expected
    assert to_latin("ӘҒҚҢӨҰҮҺІ") == "ÄĞQÑÖŪÜHI"

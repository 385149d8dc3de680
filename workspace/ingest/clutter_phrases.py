"""What page clutter says, in English, Russian and Kazakh: the data behind `ingest.clutter`.

Phrases are matched against a whole line reduced to lower-case words (digits, punctuation and
emoji dropped: "Комментарии (0)" is "комментарии"); patterns are searched in the line as it is.
Each entry belongs to a category, which becomes the reason shown for a dropped line.
"""

from __future__ import annotations

import re


def _phrases(text: str) -> frozenset[str]:
    """One phrase per line of `text` (blank lines and surrounding spaces ignored)."""
    return frozenset(line.strip() for line in text.strip().splitlines() if line.strip())


# Whole lines that are page furniture wherever they stand.
PHRASES: dict[str, frozenset[str]] = {
    "share": _phrases("""
        share
        share this
        share this article
        share this story
        share on social media
        share on facebook
        share on twitter
        share via
        tweet
        copy
        copy link
        link copied
        email
        mail
        print
        print this article
        save
        bookmark
        facebook
        twitter
        x
        telegram
        whatsapp
        linkedin
        reddit
        pinterest
        flipboard
        instagram
        youtube
        tiktok
        threads
        viber
        vk
        vkontakte
        ok
        одноклассники
        вконтакте
        поделиться
        поделиться в соцсетях
        поделиться новостью
        поделиться в
        share on
        скопировать ссылку
        ссылка скопирована
        копировать ссылку
        отправить
        отправить другу
        печать
        версия для печати
        сохранить
        в закладки
        подписаться
        subscribe
        жазылу
        перейти в медиабанк
        бөлісу
        бөлісіңіз
        ұнаса бөлісіңіз
        сілтемені көшіру
        көшіру
        басып шығару
        """),
    "advertising": _phrases("""
        ad
        ads
        advertisement
        adsense advertisement
        sponsored
        sponsored content
        promoted
        partner content
        scroll to continue with content
        story continues below advertisement
        continue reading below
        реклама
        на правах рекламы
        партнерский материал
        партнёрский материал
        новости партнеров
        новости партнёров
        спецпроект
        жарнама
        жарнама құқығында
        серіктес жаңалықтары
        серіктес материалы
        """),
    "navigation": _phrases("""
        home
        homepage
        menu
        main menu
        search
        close
        back
        back to top
        top
        next
        previous
        more
        load more
        show more
        see more
        see all
        view all
        all news
        skip to main content
        skip to content
        back to the list
        back to list
        вернуться к списку
        тізімге оралу
        sign in
        log in
        login
        sign up
        register
        my account
        log out
        logout
        contacts
        contact us
        about us
        privacy policy
        terms of use
        terms of service
        loading
        главная
        меню
        поиск
        закрыть
        наверх
        назад
        далее
        ещё
        еще
        показать ещё
        показать еще
        загрузить ещё
        загрузить еще
        все новости
        вход
        войти
        регистрация
        выйти
        личный кабинет
        контакты
        о нас
        политика конфиденциальности
        загрузка
        басты бет
        мәзір
        іздеу
        жабу
        жоғары
        келесі
        алдыңғы
        барлық жаңалықтар
        кіру
        тіркелу
        байланыс
        біз туралы
        жүктелуде
        """),
    "page control": _phrases("""
        dark mode
        light mode
        night mode
        logo
        accept
        accept all
        decline
        got it
        listen
        listen to this article
        listen to article
        currently reading
        font size
        live
        watch live
        тёмная тема
        темная тема
        светлая тема
        ночной режим
        логотип
        принять
        согласен
        понятно
        слушать
        прослушать
        слушать новость
        размер шрифта
        версия для слабовидящих
        прямой эфир
        смотреть онлайн
        қараңғы режим
        түнгі режим
        келісемін
        тыңдау
        мақаланы тыңдау
        тікелей эфир
        rate this article
        оцени
        оцените
        что думаешь оцени
        тікелей эфирді көру
        watch now
        смотреть
        """),
    "comments": _phrases("""
        comment
        comments
        leave a comment
        leave a reply
        cancel reply
        leave a reply cancel reply
        комментарий
        комментарии
        оставить комментарий
        добавить комментарий
        пікір
        пікірлер
        пікір қалдыру
        пікір жазу
        """),
    "byline": _phrases("""
        редакция
        editorial
        the editorial board
        редакциядан
        """),
    "error report": _phrases("""
        report an error
        report a typo
        сообщить об ошибке
        қате туралы хабарлау
        """),
    "licensing": _phrases("""
        purchase licensing rights
        licensing rights
        reprints
        """),
}

# Labels that open a block of links to other articles (their headlines follow, one a line).
LISTING_LABELS = _phrases("""
    read more
    read also
    see also
    related
    related posts
    related articles
    related news
    related stories
    related content
    more news
    more on this
    more stories
    more on this story
    other news
    top stories
    related topics
    редакция рекомендует
    другие новости
    басқа жаңалықтар
    ең маңызды жаңалықтар
    маңызды жаңалықтар
    самые читаемые
    популярное за неделю
    все рубрики
    рубрики
    тағы да оқыңыз
    authors
    author
    more from
    most read
    most popular
    popular
    trending
    latest news
    latest
    editor's picks
    editors picks
    recommended
    you may also like
    you might also like
    suggested topics
    topics
    tags
    previous article
    next article
    previous story
    next story
    читайте также
    читайте еще
    читайте ещё
    смотрите также
    по теме
    материалы по теме
    похожие новости
    похожие материалы
    самое читаемое
    самое популярное
    популярное
    последние новости
    лента новостей
    главное
    рекомендуем
    теги
    тэги
    предыдущая статья
    следующая статья
    оқи отырыңыз
    сондай ақ оқыңыз
    тағы оқыңыз
    толығырақ
    ұқсас жаңалықтар
    ұқсас материалдар
    ең көп оқылған
    соңғы жаңалықтар
    тақырып бойынша
    танымал
    тегтер
    """)

# Names of site sections: clutter unless they stand between two lines of content.
SECTIONS = _phrases("""
    news
    world
    world news
    business
    sport
    sports
    politics
    economy
    society
    culture
    tech
    technology
    science
    health
    opinion
    analysis
    nation
    markets
    emerging markets
    interview
    lifestyle
    regions
    новости
    в мире
    мир
    политика
    экономика
    общество
    культура
    спорт
    происшествия
    финансы
    бизнес
    технологии
    наука
    здоровье
    мнения
    мнение
    аналитика
    интервью
    регионы
    международная панорама
    новости казахстана
    тренды
    лента
    жаңалықтар
    саясат
    қоғам
    мәдениет
    әлем
    әлем жаңалықтары
    қазақстан жаңалықтары
    оқиға
    білім
    денсаулық
    сұхбат
    аймақтар
    """)

# Language switchers ("ENG | РУС | ҚАЗ"): a line made only of these words.
LANGUAGE_SWITCH = _phrases("""
    en
    eng
    english
    ru
    rus
    рус
    русский
    kz
    kaz
    қаз
    каз
    қазақша
    kk
    uz
    """)

# News outlets whose name alone on a line is a masthead or a logo's alt text.
OUTLET_NAMES = _phrases("""
    ap
    reuters
    afp
    tass
    тасс
    риа новости
    ria novosti
    interfax
    интерфакс
    интерфакс казахстан
    interfax kazakhstan
    kazinform
    казинформ
    қазақпарат
    kazinform international news agency
    sputnik
    sputnik казахстан
    tengrinews
    kursiv
    курсив
    the astana times
    the times of central asia
    times of central asia
    the south asia times
    eurasianet
    azattyq
    азаттык
    vlast kz
    orda kz
    zakon kz
    informburo
    egemen qazaqstan
    егемен қазақстан
    хабар
    хабар 24
    khabar
    bbc
    bbc news
    al jazeera
    trend
    akipress
    """)

_SEPARATOR = r"\s*[:：\-–—|/»>→]"
_PHOTO_WORD = r"(?:фото|сурет|photo|image|видео|бейне)"
# Patterns searched in a line; a line that matches is clutter wherever it stands, sentence or
# not. Each is specific enough that no sentence of an article matches it.
PATTERNS: dict[str, re.Pattern[str]] = {
    "photo credit": re.compile(
        r"^(?:photo(?:s|graph)?(?: credit)?|image|illustration|video|фото(?:графия)?"
        r"|иллюстративное фото|иллюстрация|коллаж|кадр|скриншот|инфографика|видео|сурет(?:тер)?"
        r"|бейне)\s*(?:[:©/|]|by\b|credit\b)"
        # "Суреттің авторы: X", "Автор фото: X": a photo word next to a colon, a short credit
        rf"|^(?:\S*{_PHOTO_WORD}\S*(?:\s+\S+)?|\S+\s+\S*{_PHOTO_WORD}\S*)\s*:\s*(?:\S+\s*){{1,6}}$"
        r"|^(?:image|photo|video) (?:source|caption|credit)s?\b"
        r"|^©"
        r"|(?-i:(?:\bREUTERS|\bAP Photo|\bAFP|Getty Images|\bEPA|\bTASS|\bТАСС)\s*/\s*[A-ZА-ЯЁ])"
        r"|\((?:AP|AFP|Reuters) Photo\b"
        r"|(?:\.|\s)(?:Photo|Фото|Сурет)\s*:\s*[^.]{2,60}$",
        re.I,
    ),
    "byline": re.compile(
        r"^(?:(?:additional )?reporting|writing|editing|edited|written|text|interview) by\b"
        r"|^(?:автор(?:ы)?|текст|беседовал[аи]?|записал[аи]?|подготовил[аи]?|редактор|тілші"
        r"|авторы|мәтін|author|authors|editor|by)\s*:"
        r"|contributed (?:to )?(?:this )?(?:report|reporting)",
        re.I,
    ),
    "copyright": re.compile(r"^(?:©|\(c\)\s|copyright\b)|trust principles|opens new tab", re.I),
    "subscription": re.compile(
        r"^(?:subscribe|sign up|follow (?:us|the author|\w+ on)|join (?:us|our)"
        r"|stay (?:up[- ]to[- ]date|tuned|informed)|get the latest|download (?:our|the) app"
        r"|оставайтесь в курсе|будьте в курсе"
        r"|подписывайтесь|подпишитесь|подписаться на|следите за (?:нами|новостями)"
        r"|читайте нас|присоединяйтесь|скачайте|добавьте .{2,60} в источники)\b"
        r"|жазылыңыз|delivered to your inbox"
        # "Sputnik Казахстан в Telegram", "Kazinform on Instagram": a name and a network
        r"|^(?:\S+\s+){0,4}(?:в|во|in|on|на)\s+(?:telegram|instagram|facebook|youtube|tiktok"
        r"|whatsapp|x|twitter|threads|дзен|вконтакте|vk)(?:-?(?:е|да|те|та))?$",
        re.I,
    ),
    "cookie notice": re.compile(
        r"\bcookies?\b.*?(?:{site})|(?:{site}).*?\bcookies?\b".format(
            site=r"we use|this (?:site|website)|our (?:site|website)|you agree|you accept"
            r"|используе|этот сайт|наш сайт|соглашаетесь|согласие|бұл сайт|сайтты|келісесіз"
            r"|пайдаланады"
        ),
        re.I,
    ),
    "comments": re.compile(
        r"^(?:войдите|авторизуйтесь|log in|sign in|жүйеге кіріңіз).{0,40}(?:комментар|comment|пікір)"
        r"|пікір (?:жазу|қалдыру) үшін|your email address will not be published"
        r"|^(?:комментарии|comments|пікірлер)\b.{0,30}(?:закрыты|отключены|closed|жабық)"
        r"|required fields are marked",
        re.I,
    ),
    "error report": re.compile(
        r"ctrl\s*\+\s*enter|нашли ошибку|қате таптыңыз|spotted (?:an error|a typo)", re.I
    ),
    "click prompt": re.compile(
        r"click here to|нажмите здесь|was this (?:article )?helpful|^что думаешь", re.I
    ),
    "donation": re.compile(
        r"^(?:support (?:independent )?(?:journalism|us)|поддержите (?:нас|редакцию|журналистику)"
        r"|понравилась статья|қолдау көрсетіңіз)",
        re.I,
    ),
    "reading time": re.compile(
        r"^\d+\s*(?:min|mins|minute|minutes|мин|минут[аы]?)\.?\s*(?:read|чтения|оқу)?$"
        r"|^(?:время чтения|оқу уақыты|reading time)\b",
        re.I,
    ),
    "counter": re.compile(
        r"^(?:views?|reads?|просмотр\w*|прочитан\w*|қаралды|қаралым\w*|оқылды|likes?|shares?)"
        r"\s*[:\-]?\s*\d[\d\s.,]*[kк]?$"
        r"|^\d[\d\s.,]*[kк]?\s*(?:views?|просмотр\w*|рет қаралды|қаралым\w*|shares?)$",
        re.I,
    ),
    "related link": re.compile(
        r"^(?:read (?:more|also)|see also|related|more on this|читайте (?:также|еще|ещё)"
        r"|смотрите также|по теме|оқи отырыңыз|сондай-ақ оқыңыз|тағы оқыңыз|толығырақ)"
        + _SEPARATOR,
        re.I,
    ),
    "tags": re.compile(
        r"^(?:tags|теги|тэги|тегтер|topics|темы|тақырыптар|keywords|ключевые слова)\s*:", re.I
    ),
}

# Patterns that an article's sentence could match too ("Source: the ministry", "X is the
# editor of Y", "все права защищены законом"): clutter only outside the article's body, that
# is before its first sentence or after its last.
OUTSIDE_BODY_PATTERNS: dict[str, re.Pattern[str]] = {
    "byline": re.compile(
        r"^[A-ZА-Я][\w'’-]+(?: [A-ZА-Я][\w'’-]+){1,2} is (?:an?|the) (?:[\w-]+ ){0,2}"
        r"(?:journalist|reporter|correspondent|writer|editor|contributor)\b"
    ),
    "copyright": re.compile(
        r"all rights reserved|все права(?: на [^.]{0,40})? (?:защищены|принадлежат)"
        r"|барлық құқықтар (?:қорғалған|сақталған)|may not be (?:published|reproduced)"
        r"|(?:гипер)?ссылка на .{0,60}обязательна|при (?:использовании|копировании|цитировании)"
        r" материалов|материалдарды (?:пайдаланғанда|көшіргенде)",
        re.I,
    ),
    "about the outlet": re.compile(
        r"\bis an? (?:independent|leading|non-?profit)\b.{0,60}\b(?:news|media)"
        r" (?:organi[sz]ation|outlet|agency|site|website)",
        re.I,
    ),
    "print edition": re.compile(
        r"^(?:материал|мақала|статья|this (?:article|story)|a version of this (?:article|story))"
        r"\b.{0,80}(?:санында|номере|выпуске|print edition|issue)",
        re.I,
    ),
    "source": re.compile(r"^(?:source|sources|источник|источники|дереккөз|дерек көзі)\s*:", re.I),
}

# Words that name other articles: a short line with one, outside the article's body, is the
# label of a list of links ("More Kazakhstan news", "Ещё материалы", "Тағы да оқыңыз").
NEWS_WORDS = re.compile(
    r"\b(?:news|stor(?:y|ies)|articles?|popular|trending|most read|read|новост|стать|материал"
    r"|популяр|читаем|читайте|рубрик|жаңалық|мақала|танымал|оқылған|оқыңыз)",
    re.I,
)

# Reasons of lines whose neighbours, when they are a bare name, are bylines too.
BYLINE_NEIGHBOURS = frozenset({"timestamp", "byline", "photo credit", "reading time", "counter"})

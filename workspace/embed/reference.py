"""A fixed set of ordinary news sentences in Russian, Kazakh and English, on many topics.

The aligner's margin compares a pair's cosine with each sentence's nearest neighbours in the
other article; when that article has only a few sentences the neighbours say little, and a
leftover pair of unrelated sentences looks like a match. These sentences are always among the
neighbours too, so a sentence must stand out against ordinary news, not just against a brief.
Written for Parallax; none of them reports a real event.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from workspace.embed import Encoder

REFERENCE_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "The central bank kept its key interest rate unchanged on Friday.",
        "Heavy snow closed several mountain roads in the north of the country.",
        "The national football team lost its away match two goals to one.",
        "Prices of bread and milk rose by three percent over the month.",
        "The minister said the new law would come into force next year.",
        "Police detained two suspects after a robbery at a jewellery shop.",
        "The company reported a rise in quarterly profit thanks to higher oil prices.",
        "A new school for 1,200 pupils opened in the regional centre.",
        "Doctors warned of a seasonal rise in influenza cases.",
        "The parliament approved the budget for the next three years.",
        "Farmers expect a smaller wheat harvest because of the dry summer.",
        "The airline will launch direct flights to Istanbul in the spring.",
        "The president received the foreign minister of a neighbouring country.",
        "Scientists discovered a new species of beetle in the steppe.",
        "The city plans to replace old buses with electric ones.",
        "An earthquake of magnitude 4.5 was felt in the capital, with no damage reported.",
        "The government will raise pensions by eight percent from January.",
        "The festival brought together musicians from twenty countries.",
        "The court sentenced the former official to five years in prison.",
        "Exports of metals fell in the first half of the year.",
        "The university signed a cooperation agreement with a European partner.",
        "Rescuers evacuated tourists stranded by a flood in the gorge.",
        "The mayor promised to repair the heating network before winter.",
        "The talks ended without a joint statement.",
        "Unemployment fell slightly, according to the statistics agency.",
        "The museum opened an exhibition of nineteenth-century paintings.",
        "A fire destroyed a warehouse on the outskirts of the city.",
        "The ministry denied reports that the project had been cancelled.",
        "Tourists are advised to avoid the area until the repairs are finished.",
        "The opposition criticised the decision as rushed.",
    ),
    "ru": (
        "Центральный банк в пятницу сохранил ключевую ставку без изменений.",
        "Сильный снегопад закрыл несколько горных дорог на севере страны.",
        "Сборная по футболу проиграла выездной матч со счетом 1:2.",
        "Цены на хлеб и молоко за месяц выросли на три процента.",
        "Министр заявил, что новый закон вступит в силу в следующем году.",
        "Полиция задержала двух подозреваемых после ограбления ювелирного магазина.",
        "Компания сообщила о росте квартальной прибыли благодаря высоким ценам на нефть.",
        "В областном центре открылась новая школа на 1200 учеников.",
        "Врачи предупредили о сезонном росте заболеваемости гриппом.",
        "Парламент утвердил бюджет на ближайшие три года.",
        "Аграрии ожидают снижения урожая пшеницы из-за засушливого лета.",
        "Авиакомпания весной откроет прямые рейсы в Стамбул.",
        "Президент принял министра иностранных дел соседней страны.",
        "Ученые обнаружили в степи новый вид жуков.",
        "Город планирует заменить старые автобусы электробусами.",
        "В столице ощущалось землетрясение магнитудой 4,5, разрушений нет.",
        "С января правительство повысит пенсии на восемь процентов.",
        "Фестиваль собрал музыкантов из двадцати стран.",
        "Суд приговорил бывшего чиновника к пяти годам лишения свободы.",
        "Экспорт металлов в первом полугодии снизился.",
        "Университет подписал соглашение о сотрудничестве с европейским партнером.",
        "Спасатели эвакуировали туристов, отрезанных паводком в ущелье.",
        "Мэр пообещал отремонтировать теплосети до начала зимы.",
        "Переговоры завершились без совместного заявления.",
        "По данным статистического ведомства, безработица немного снизилась.",
        "В музее открылась выставка картин XIX века.",
        "Пожар уничтожил склад на окраине города.",
        "В министерстве опровергли сообщения об отмене проекта.",
        "Туристам рекомендуют не посещать район до окончания ремонта.",
        "Оппозиция раскритиковала решение как поспешное.",
    ),
    "kk": (
        "Ұлттық банк жұма күні базалық мөлшерлемені өзгеріссіз қалдырды.",
        "Қалың қар елдің солтүстігіндегі бірнеше тау жолын жауып тастады.",
        "Футболдан ұлттық құрама қонақта 1:2 есебімен жеңілді.",
        "Бір айда нан мен сүттің бағасы үш пайызға өсті.",
        "Министр жаңа заң келесі жылы күшіне енетінін айтты.",
        "Полиция зергерлік дүкенді тонаудан кейін екі күдіктіні ұстады.",
        "Компания мұнай бағасының өсуі арқасында тоқсандық пайданың артқанын хабарлады.",
        "Облыс орталығында 1200 оқушыға арналған жаңа мектеп ашылды.",
        "Дәрігерлер тұмаумен ауыру маусымдық түрде өсетінін ескертті.",
        "Парламент алдағы үш жылға арналған бюджетті бекітті.",
        "Диқандар құрғақ жазға байланысты бидай өнімі азаяды деп күтеді.",
        "Әуе компаниясы көктемде Ыстамбұлға тікелей рейстер ашады.",
        "Президент көрші елдің сыртқы істер министрін қабылдады.",
        "Ғалымдар далада қоңыздың жаңа түрін тапты.",
        "Қала ескі автобустарды электробустармен ауыстыруды жоспарлап отыр.",
        "Астанада 4,5 магнитудалы жер сілкінісі сезілді, шығын жоқ.",
        "Қаңтардан бастап үкімет зейнетақыны сегіз пайызға көтереді.",
        "Фестивальге жиырма елден музыканттар жиналды.",
        "Сот бұрынғы шенеунікті бес жылға бас бостандығынан айырды.",
        "Бірінші жарты жылдықта металл экспорты төмендеді.",
        "Университет еуропалық серіктеспен ынтымақтастық туралы келісімге қол қойды.",
        "Құтқарушылар шатқалда су тасқынынан қалып қойған туристерді көшірді.",
        "Әкім қысқа дейін жылу желілерін жөндеуге уәде берді.",
        "Келіссөздер бірлескен мәлімдемесіз аяқталды.",
        "Статистика агенттігінің мәліметінше, жұмыссыздық сәл төмендеді.",
        "Мұражайда XIX ғасыр суреттерінің көрмесі ашылды.",
        "Өрт қала шетіндегі қойманы толық жойды.",
        "Министрлік жоба тоқтатылды деген хабарларды жоққа шығарды.",
        "Жөндеу аяқталғанша туристерге ол аумаққа бармау ұсынылады.",
        "Оппозиция шешімді асығыс қабылданған деп сынады.",
    ),
}


# Their vectors ship with Parallax for the default encoder, so that a new workspace's first
# comparison or grouping does not spend seconds encoding the same 90 sentences every user
# needs. Another encoder (or another version) encodes them once into the workspace's cache.
SHIPPED = Path(__file__).with_name("reference_vectors.npz")


def reference_inputs() -> list[str]:
    """The encoder inputs of the reference sentences, in the order every caller uses."""
    from workspace.embed.vectors import encoder_input

    return [encoder_input(t, lang) for lang, ts in REFERENCE_SENTENCES.items() for t in ts]


def seed_reference_vectors(conn: sqlite3.Connection, encoder: Encoder) -> int:
    """Put the shipped vectors of the reference sentences into the workspace's cache when they
    were made by this encoder; returns how many rows were added."""
    from workspace.embed.vectors import cached, input_hash, store_vectors

    try:
        with np.load(SHIPPED, allow_pickle=False) as shipped:
            if str(shipped["encoder"]) != encoder.key:
                return 0
            hashes = [str(h) for h in shipped["hashes"]]
            vectors = shipped["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):  # not shipped, or damaged: encode instead
        return 0
    wanted = {input_hash(t) for t in reference_inputs()}
    if vectors.shape != (len(hashes), encoder.dim) or not wanted <= set(hashes):
        return 0
    found, _ = cached(conn, encoder.key, encoder.dim, sorted(wanted))
    items = [(h, v) for h, v in zip(hashes, vectors, strict=True) if h in wanted - set(found)]
    store_vectors(conn, encoder.key, items)
    return len(items)


def write_shipped_vectors() -> None:
    """Encode the reference sentences with the default encoder and write SHIPPED
    (`python -m workspace.embed.reference` after changing a sentence or the encoder)."""
    from workspace.embed import get_encoder
    from workspace.embed.vectors import input_hash

    encoder = get_encoder()
    if encoder is None:
        raise SystemExit("no sentence encoder loads here")
    texts = reference_inputs()
    vectors = encoder.encode(texts).astype(np.float16)
    np.savez_compressed(SHIPPED, encoder=np.array(encoder.key),
                        hashes=np.array([input_hash(t) for t in texts]), vectors=vectors)  # fmt: skip
    print(f"wrote {SHIPPED} ({len(texts)} sentences, {encoder.key})")


if __name__ == "__main__":
    write_shipped_vectors()

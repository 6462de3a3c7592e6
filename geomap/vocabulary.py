"""Word lists, once: designators, news outlets, month names and the words casualty counts are told in.

Every module that needs one of these reads it from here, so adding a designator, an outlet or a month spelling is a
one-line change. (Incident triggers live with their event types in geomap.taxonomy.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- Designators: words written next to a name that hint at its feature type ---

# Settlement words: "the village of Zelenyi Hai" names a place even when neither the gazetteer nor NER knows it.
SETTLEMENT_WORDS: frozenset[str] = frozenset({"village", "town", "settlement", "hamlet", "city", "township"})
# Written after a name ("Belgorod region", "the Engels air base"), mapped to the feature they suggest.
DESIGNATORS_AFTER: Mapping[str, str] = {
    "region": "region",
    "oblast": "region",
    "province": "region",
    "krai": "region",
    "kray": "region",
    "republic": "region",
    "district": "district",
    "raion": "district",
    "rayon": "district",
    "air base": "airbase",
    "airbase": "airbase",
    "air field": "airbase",
    "airfield": "airbase",
    "aerodrome": "airbase",
    "airport": "airbase",
    "base": "airbase",
    "military airfield": "airbase",
}
# Written before a name ("village of Glotovo").
DESIGNATORS_BEFORE: Mapping[str, str] = {
    "village of": "settlement",
    "town of": "settlement",
    "city of": "settlement",
    "settlement of": "settlement",
    "border town of": "settlement",
    "border village of": "settlement",
    "region of": "region",
    "oblast of": "region",
}
# Administrative units: a person is never "X Oblast".
ADMIN_WORDS: frozenset[str] = frozenset(w for w, hint in DESIGNATORS_AFTER.items() if hint in ("region", "district"))
# Stripped from gazetteer names to make a second lookup key ("Belgorod Oblast" is also found as "Belgorod"). Not the
# designator list above: "city" and "avtonomnyy okrug" end official names, a bare "base" or "province" does not.
GAZETTEER_NAME_SUFFIXES: tuple[str, ...] = (
    "oblast", "region", "raion", "rayon", "district", "air base", "airbase", "airport", "airfield", "krai", "kray",
    "city", "avtonomnyy okrug")

# --- News outlets ---

# As they are written in text and credits. Outlets are sources, not actors, and the ones sharing their name with a
# village ("Sputnik reported…") are no place.
NEWS_OUTLETS: frozenset[str] = frozenset({
    "reuters", "ap", "afp", "bbc", "cnn", "tass", "ria novosti", "interfax", "sputnik", "pravda", "izvestia",
    "izvestiya", "kommersant", "meduza", "zvezda", "vesti", "mayak", "ukrinform", "unian", "suspilne", "strana",
    "gazeta", "kyiv independent", "the kyiv independent"})
# Credited under pictures ("Photo: Reuters", "AFP / Getty Images"): a line that is only a credit is page furniture.
PICTURE_CREDITS: tuple[str, ...] = ("reuters", "sputnik", "afp", "ap", "getty images", "epa", "tass", "ria novosti",
                                    "anadolu")

# --- Dates ---

MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                           "october", "november", "december")
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Languages whose dates dateparser reads (geomap.dates); English keeps geomap's own rules above.
DATEPARSER_LANGUAGES: frozenset[str] = frozenset({"uk", "ru"})
# "In March (2022)": the locative of each month, January first, which dateparser does not read.
MONTHS_IN: Mapping[str, tuple[str, ...]] = {
    "uk": ("січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні", "вересні", "жовтні",
           "листопаді", "грудні"),
    "ru": ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре",
           "декабре"),
}
# Periods before publication that dateparser misses or places otherwise: "weekend" is the Saturday before
# publication, "last week" the Monday of the week before, "last month" its first day (as "over the weekend", "last
# week" and "last month" in English).
RELATIVE_PERIODS: Mapping[str, Mapping[str, str]] = {
    "uk": {"на вихідних": "weekend", "у вихідні": "weekend", "в вихідні": "weekend", "минулих вихідних": "weekend",
           "минулого тижня": "last week", "на минулому тижні": "last week", "минулого місяця": "last month"},
    "ru": {"на выходных": "weekend", "в выходные": "weekend", "в минувшие выходные": "weekend",
           "на прошлой неделе": "last week", "на минувшей неделе": "last week", "в прошлом месяце": "last month"},
}

# --- Casualties ---

# Lemmas that state deaths and injuries ("were killed", "died", "dead", "wounding").
KILLED_WORDS: frozenset[str] = frozenset({"kill", "killed", "dead", "die", "perish", "killing", "bodies", "corpses"})
INJURED_WORDS: frozenset[str] = frozenset({"injure", "injured", "wound", "wounded", "hurt", "injuring", "wounding"})
# Who the count is of: "Eight people", "three Ukrainian soldiers", "two of them".
COUNTED_PEOPLE: frozenset[str] = frozenset({
    "people", "person", "persons", "civilian", "resident", "soldier", "serviceman", "servicemen", "troop", "troops",
    "other", "others", "child", "children", "woman", "women", "man", "men", "worker", "officer", "fighter", "guard",
    "border", "volunteer", "member", "policeman", "police", "rescuer", "firefighter", "employee", "passenger",
    "teenager", "boy", "girl", "baby", "citizen", "villager", "pensioner", "journalist", "medic", "doctor", "more",
    "of", "them", "whom", "military", "personnel", "crew", "pilot", "sailor", "marine", "mercenary"})
# Said of a count: "at least 14" and "more than 20" are lower bounds.
LOWER_BOUND_WORDS: tuple[tuple[str, ...], ...] = (("at", "least"), ("more", "than"), ("over",), ("upwards", "of"),
                                                  ("no", "fewer", "than"))
# Vague quantities: the smallest number each can mean, reported as a lower bound.
VAGUE_QUANTITIES: Mapping[str, int] = {"several": 2, "few": 2, "multiple": 2, "dozens": 24, "scores": 40,
                                       "hundreds": 200, "thousands": 2000}
# Quantities written without a number word.
COUNT_WORDS: Mapping[str, int] = {"a": 1, "an": 1, "dozen": 12}


@dataclass(frozen=True)
class CasualtyWords:
    """How one language tells casualty counts, for geomap.casualties' reading by lemma (pymorphy3): words are
    lemmas unless said otherwise."""
    killed: frozenset[str]  # "загинули", "погибших", "жертвами"
    injured: frozenset[str]  # "поранено", "ранены", "отримали поранення"
    people: frozenset[str]  # who is counted: "3 людини", "двое мирных жителей"
    fillers: frozenset[str]  # forms that may stand between a count and its casualty word: "ще", "отримали"
    negations: frozenset[str]  # forms just before a casualty word that deny it: "ніхто не постраждав"
    absent: frozenset[str]  # forms just after one that deny it: "загиблих немає"
    lower_bounds: tuple[tuple[str, ...], ...]  # forms before a count: "щонайменше 5"
    vague: Mapping[str, int]  # forms: the smallest number each can mean, a lower bound
    numbers: Mapping[str, int]  # number words (cardinal and collective lemmas) and their values


_UK_NUMBERS = {
    "один": 1, "два": 2, "три": 3, "чотири": 4, "п'ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9,
    "десять": 10, "одинадцять": 11, "дванадцять": 12, "тринадцять": 13, "чотирнадцять": 14, "п'ятнадцять": 15,
    "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18, "дев'ятнадцять": 19, "двадцять": 20, "тридцять": 30,
    "сорок": 40, "п'ятдесят": 50, "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80, "дев'яносто": 90, "сто": 100,
    "двісті": 200, "триста": 300, "чотириста": 400, "п'ятсот": 500,
    "двоє": 2, "троє": 3, "четверо": 4, "п'ятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8, "дев'ятеро": 9,
    "десятеро": 10, "обидва": 2, "обоє": 2}
_RU_NUMBERS = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100,
    "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8, "девятеро": 9,
    "десятеро": 10, "оба": 2}
CASUALTY_WORDS: Mapping[str, CasualtyWords] = {
    "uk": CasualtyWords(
        killed=frozenset({"загинути", "загиблий", "загибель", "вбити", "убити", "вбитий", "убитий", "померти",
                          "жертва"}),
        injured=frozenset({"поранити", "поранений", "поранення", "травмувати", "травмований", "травма",
                           "постраждати", "постраждалий", "шпиталізувати", "госпіталізувати"}),
        people=frozenset({"людина", "люди", "особа", "житель", "мешканець", "цивільний", "дитина", "діти", "жінка",
                          "чоловік", "хлопець", "дівчина", "хлопчик", "дівчинка", "підліток", "пенсіонер",
                          "пенсіонерка", "військовий", "військовослужбовець", "солдат", "боєць", "захисник",
                          "рятувальник", "поліцейський", "медик", "лікар", "працівник", "співробітник", "водій",
                          "пасажир", "волонтер", "журналіст", "енергетик", "селянин", "громадянин", "моряк",
                          "окупант", "росіянин", "українець", "іноземець"}),
        fillers=frozenset({"ще", "вже", "також", "теж", "ймовірно", "попередньо", "було", "були", "був", "була",
                           "отримали", "отримав", "отримала", "дістали", "дістав", "дістала", "зазнали", "зазнав",
                           "зазнала", "стали", "став", "стала"}),
        negations=frozenset({"не", "ні", "ніхто", "без", "жодних", "жоден", "жодна"}),
        absent=frozenset({"немає", "нема", "не"}),
        lower_bounds=(("щонайменше",), ("щонайменш",), ("принаймні",), ("не", "менше"), ("понад",), ("більше",),
                      ("більш", "ніж"), ("як", "мінімум"), ("мінімум",)),
        vague={"кілька": 2, "декілька": 2, "десятки": 20, "десятків": 20, "сотні": 200, "сотень": 200},
        numbers=_UK_NUMBERS),
    "ru": CasualtyWords(
        killed=frozenset({"погибнуть", "погибший", "гибель", "убить", "убитый", "умереть", "скончаться", "жертва"}),
        injured=frozenset({"ранить", "раненый", "ранение", "травмировать", "травмированный", "травма",
                           "пострадать", "пострадавший", "госпитализировать"}),
        people=frozenset({"человек", "люди", "лицо", "житель", "гражданский", "ребёнок", "ребенок", "дети",
                          "женщина", "мужчина", "парень", "девушка", "мальчик", "девочка", "подросток", "пенсионер",
                          "пенсионерка", "военный", "военнослужащий", "солдат", "боец", "спасатель", "полицейский",
                          "медик", "врач", "работник", "сотрудник", "водитель", "пассажир", "волонтёр", "волонтер",
                          "журналист", "энергетик", "гражданин", "мирный", "моряк", "оккупант", "россиянин",
                          "украинец", "иностранец", "националист", "боевик"}),
        fillers=frozenset({"ещё", "еще", "уже", "также", "тоже", "предварительно", "было", "были", "был", "была",
                           "получили", "получил", "получила", "стали", "стал", "стала"}),
        negations=frozenset({"не", "ни", "никто", "без", "никаких"}),
        absent=frozenset({"нет", "не"}),
        lower_bounds=(("не", "менее"), ("по", "меньшей", "мере"), ("как", "минимум"), ("минимум",), ("более",),
                      ("свыше",), ("больше",), ("не", "меньше")),
        vague={"несколько": 2, "десятки": 20, "десятков": 20, "сотни": 200, "сотен": 200},
        numbers=_RU_NUMBERS),
}

# --- Where incidents happen, and how a sentence places them ---

# The war's theatre: Ukraine, Russia, Belarus, Moldova and the seas between them ("": a sea has no country).
WAR_THEATRE: frozenset[str] = frozenset({"UA", "RU", "BY", "MD", ""})
# Prepositions that put an incident at the place they govern ("shelling in X", "a strike on X").
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset({"in", "into", "at", "near", "on", "over", "outside", "around",
                                                   "across", "inside", "to", "towards", "toward", "of"})
# Capitals and seats that news names for their governments ("Moscow has accused…", "the Kremlin said").
SEATS_OF_POWER: frozenset[str] = frozenset({"moscow", "kyiv", "kiev", "washington", "kremlin", "minsk", "london",
                                            "beijing", "paris", "berlin", "brussels", "tehran", "ankara", "warsaw",
                                            "the kremlin", "white house"})

# --- Languages: what geomap reads besides English, and the words each writes places and people with ---

LANGUAGES: tuple[str, ...] = ("en", "uk", "ru")
CYRILLIC_LANGUAGES: frozenset[str] = frozenset({"uk", "ru"})
# Letters (and spellings) only one of the two Cyrillic languages has, and frequent words only one of them uses
# (geomap.language): Russian writes "-ский", "-тся" where Ukrainian writes "-ський", "-ться".
LANGUAGE_LETTERS: Mapping[str, tuple[str, ...]] = {"uk": ("і", "ї", "є", "ґ", "ськ", "цьк", "ться"),
                                                   "ru": ("ы", "э", "ъ", "ё")}
LANGUAGE_WORDS: Mapping[str, frozenset[str]] = {
    "uk": frozenset({"і", "та", "що", "це", "як", "від", "під", "біля", "також", "його", "її", "був", "була", "було",
                     "були", "після", "через", "року", "вже", "щодо", "який", "яка", "які", "ще", "про", "із", "зі"}),
    "ru": frozenset({"и", "что", "это", "как", "от", "под", "около", "также", "его", "ее", "был", "была", "было",
                     "были", "после", "через", "года", "уже", "который", "которая", "которые", "еще", "из", "со",
                     "они", "она", "при"}),
}
# Written after a name, as lemmas: "Белгородской области", "Бєлгородський район".
DESIGNATOR_LEMMAS: Mapping[str, Mapping[str, str]] = {
    "uk": {"область": "region", "обл": "region", "край": "region", "республіка": "region", "район": "district",
           "громада": "district", "аеродром": "airbase", "авіабаза": "airbase", "аеропорт": "airbase"},
    "ru": {"область": "region", "обл": "region", "край": "region", "республика": "region", "район": "district",
           "округ": "district", "аэродром": "airbase", "авиабаза": "airbase", "аэропорт": "airbase"},
}
# Written before a name, as lemmas: "у селі Х", "в поселке Х", "аэродром Х".
SETTLEMENT_LEMMAS: Mapping[str, frozenset[str]] = {
    "uk": frozenset({"село", "селище", "місто", "смт", "хутір", "містечко", "поселення"}),
    "ru": frozenset({"село", "поселок", "посёлок", "город", "деревня", "хутор", "пгт", "станица", "слобода"}),
}
# Region names made from a town's name: Харківщина, Сумщини, Донеччина, Белгородчина.
REGION_NAME_SUFFIXES: tuple[str, ...] = ("ччина", "щина", "чина")
# Adjectives of a town's name: Сумська, Белгородской, Донецький, Запорізька (longest first).
PLACE_ADJECTIVE_SUFFIXES: tuple[str, ...] = ("ський", "ский", "ький", "кий")
# Endings a town's name may have where its adjective or region name drops them: Суми → Сумська, Одеса → Одеська,
# Луганськ → Луганська, Запоріжжя → Запорізька (a doubled last letter and я: "*" stands for it).
PLACE_STEM_ENDINGS: tuple[str, ...] = ("", "и", "ы", "а", "я", "ь", "ськ", "ск", "ьк", "к", "ка", "е", "о", "ье",
                                       "*я", "ський", "ский", "ький", "кий")
# Case endings of town names the dictionaries lack, and the nominative ending they stand for: Ukrainian names in
# -ів/-їв write о/є in their other cases (Васильків: у Василькові, біля Василькова); Russian ones in -ов/-ев/-ин
# decline like nouns (Васильков: в Василькове).
NAME_CASE_ENDINGS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "uk": (("ові", "ів"), ("ова", "ів"), ("ову", "ів"), ("овом", "ів"), ("єві", "їв"), ("єва", "їв"), ("єву", "їв"),
           ("євом", "їв")),
    "ru": (("ове", "ов"), ("ова", "ов"), ("ову", "ов"), ("овом", "ов"), ("еве", "ев"), ("ева", "ев"), ("еву", "ев"),
           ("евом", "ев"), ("ине", "ин"), ("ина", "ин"), ("ином", "ин")),
}
# Towns of the other country written in this language's way, and the ending of the name the gazetteer holds:
# Шебекине is Шебекино, Глушкове is Глушково; Степановка is Степанівка, Приютное is Приютне.
FOREIGN_NAME_ENDINGS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "uk": (("ине", "ино"), ("іне", "ино"), ("ове", "ово"), ("еве", "ево"), ("єве", "ево")),
    "ru": (("овка", "івка"), ("евка", "ївка"), ("евка", "івка"), ("ское", "ське"), ("цкое", "цьке"), ("ное", "не"),
           ("ово", "ове"), ("ино", "ине")),
}
# Words before a name that make it a person's: "губернатор Гладков", "голова ОВА Синєгубов".
TITLE_LEMMAS: Mapping[str, frozenset[str]] = {
    "uk": frozenset({"губернатор", "голова", "мер", "міністр", "президент", "прем'єр", "речник", "командувач",
                     "командир", "генерал", "полковник", "депутат", "очільник", "керівник", "журналіст", "пан",
                     "пані", "посол", "секретар", "лідер", "спікер", "радник", "директор", "ватажок"}),
    "ru": frozenset({"губернатор", "глава", "мэр", "министр", "президент", "премьер", "пресс-секретарь",
                     "командующий", "командир", "генерал", "полковник", "депутат", "руководитель", "журналист",
                     "господин", "посол", "секретарь", "лидер", "спикер", "советник", "директор", "представитель"}),
}
# Prepositions (and two-word ones: "з боку", "в районе"), each with the English one of the same sense, so that the
# incident score reads them alike.
PREPOSITIONS: Mapping[str, Mapping[str, str]] = {
    "uk": {"у": "in", "в": "in", "під": "near", "біля": "near", "поблизу": "near", "коло": "near", "неподалік": "near",
           "на": "on", "над": "over", "по": "on", "до": "to", "поруч": "near", "довкола": "around", "навколо": "around",
           "з": "from", "із": "from", "зі": "from", "від": "from", "з боку": "from", "з території": "from",
           "в районі": "near", "у районі": "near"},
    "ru": {"в": "in", "во": "in", "под": "near", "около": "near", "возле": "near", "близ": "near", "вблизи": "near",
           "на": "on", "над": "over", "по": "on", "к": "to", "вокруг": "around", "у": "near",
           "из": "from", "с": "from", "со": "from", "от": "from", "со стороны": "from", "с территории": "from",
           "в районе": "near"},
}
# Seats of power by their Cyrillic names, as lemmas ("Москва заявила", "Кремль відповів").
SEATS_OF_POWER_BY_LANGUAGE: Mapping[str, frozenset[str]] = {
    "uk": frozenset({"москва", "київ", "кремль", "вашингтон", "мінськ", "лондон", "пекін", "париж", "берлін",
                     "брюссель", "тегеран", "анкара", "варшава", "білий дім"}),
    "ru": frozenset({"москва", "киев", "кремль", "вашингтон", "минск", "лондон", "пекин", "париж", "берлин",
                     "брюссель", "тегеран", "анкара", "варшава", "белый дом"}),
}
# A name right before one of these verbs (as lemmas) acts: it names a government or a people, not a location.
AGENT_VERB_LEMMAS: Mapping[str, frozenset[str]] = {
    "uk": frozenset({"заявити", "заявляти", "звинуватити", "звинувачувати", "вимагати", "відповісти", "погрожувати",
                     "заперечити", "заперечувати", "наполягати", "попередити", "пообіцяти", "визнати", "оголосити",
                     "відмовитися", "погодитися", "вважати", "засудити", "закликати", "запропонувати", "пропонувати",
                     "повідомити", "повідомляти", "хотіти", "планувати", "готувати", "погодити", "направити",
                     "надіслати", "висловити", "назвати", "обіцяти", "прагнути", "підтвердити", "відкинути"}),
    "ru": frozenset({"заявить", "заявлять", "обвинить", "обвинять", "потребовать", "требовать", "ответить",
                     "пригрозить", "угрожать", "отрицать", "опровергнуть", "настаивать", "предупредить", "пообещать",
                     "признать", "объявить", "отказаться", "согласиться", "считать", "осудить", "призвать",
                     "предложить", "предлагать", "сообщить", "сообщать", "хотеть", "планировать", "готовить",
                     "согласовать", "направить", "выразить", "назвать", "обещать", "стремиться", "подтвердить",
                     "отвергнуть", "отвергать"}),
}
# Countries by their Ukrainian and Russian names (as lemmas), as the gazetteer's English names: its country rows
# hold no Cyrillic names, and without these "в Україні" would find a hotel called Ukraine.
COUNTRY_LEMMAS: Mapping[str, Mapping[str, str]] = {
    "uk": {"україна": "Ukraine", "росія": "Russia", "рф": "Russia", "білорусь": "Belarus", "білорусія": "Belarus",
           "польща": "Poland", "молдова": "Moldova", "румунія": "Romania", "сша": "United States",
           "угорщина": "Hungary", "словаччина": "Slovakia", "литва": "Lithuania", "латвія": "Latvia",
           "естонія": "Estonia", "фінляндія": "Finland", "німеччина": "Germany", "франція": "France",
           "британія": "United Kingdom", "великобританія": "United Kingdom", "туреччина": "Turkey", "іран": "Iran",
           "китай": "China", "грузія": "Georgia", "казахстан": "Kazakhstan", "сирія": "Syria", "ізраїль": "Israel"},
    "ru": {"украина": "Ukraine", "россия": "Russia", "рф": "Russia", "беларусь": "Belarus", "белоруссия": "Belarus",
           "польша": "Poland", "молдова": "Moldova", "молдавия": "Moldova", "румыния": "Romania",
           "сша": "United States", "венгрия": "Hungary", "словакия": "Slovakia", "литва": "Lithuania",
           "латвия": "Latvia", "эстония": "Estonia", "финляндия": "Finland", "германия": "Germany",
           "франция": "France", "британия": "United Kingdom", "великобритания": "United Kingdom",
           "турция": "Turkey", "иран": "Iran", "китай": "China", "грузия": "Georgia", "казахстан": "Kazakhstan",
           "сирия": "Syria", "израиль": "Israel"},
}
# Weapon systems that share their names with places (Tochka, Penza Oblast; Tor, an old name of Sloviansk); written
# as weapons ("Grad rockets", "Tochka-U", "a Buk launcher") they are no location.
WEAPON_NAMES: frozenset[str] = frozenset({
    "grad", "tochka", "buk", "tor", "osa", "strela", "igla", "kub", "msta", "akatsiya", "tyulpan", "gvozdika",
    "giatsint", "pion", "pantsir", "krasnopol", "tornado", "uragan", "smerch", "iskander", "kalibr", "kinzhal",
    "shahed", "geran", "lancet", "onyx", "oniks", "zircon", "bayraktar", "solntsepyok", "buratino", "storm shadow",
    "neptune", "vilkha", "bohdana"})

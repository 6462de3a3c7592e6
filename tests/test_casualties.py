import pytest

from geomap.casualties import casualties


@pytest.fixture(scope="module")
def counts(pipeline):
    """casualties() of one parsed sentence, through the real spaCy pipeline."""
    return lambda sentence: casualties(pipeline.nlp(sentence)[:])


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Eight people have been injured, according to the governor.", (None, 8, False)),
    ("Three people were wounded in the attack.", (None, 3, False)),
    ("A truck exploded, killing three people and injuring several others.", (3, 2, True)),
    ("A truck exploded, killing three people and injuring\nseveral others.", (3, 2, True)),  # a line break
    ("Hundreds killed as the dam burst.", (200, None, True)),
    ("At least 14 people were injured.", (None, 14, True)),
    ("Two residents were wounded and one person was killed.", (1, 2, False)),
    ("Air defences shot down 13 rockets over Belgorod.", (None, None, False)),
    ("The mayor opened a library on 5 May.", (None, None, False)),
])
def test_counts(counts, sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Twenty-five soldiers were killed in the assault.", (25, None, False)),
    ("Sixty people were killed when the shelter was hit.", (60, None, False)),
    ("Two hundred and fifty civilians died.", (250, None, False)),
    ("A dozen people were hurt.", (None, 12, False)),
    ("Thirteen rescuers of the SES were reportedly killed and nine were injured.", (13, 9, False)),
    ("The strike killed at least 1,200 people and wounded dozens.", (1200, 24, True)),
])
def test_number_words_are_read_as_numbers(counts, sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A civilian was killed.", (1, None, False)),
    ("A 9-year-old boy died in the shelling.", (1, None, False)),  # "9" qualifies the boy: no count of nine
    ("Woman killed in rocket attack near Kharkiv", (1, None, False)),
    ("The death toll in the centre of the city rose to 31.", (31, None, False)),
    ("Two people lost their lives.", (2, None, False)),
    ("Police found the bodies of at least 20 civilians in the basement.", (20, None, True)),
])
def test_counts_without_digits_next_to_the_verb(counts, sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "No one was killed.",
    "Three missiles were fired and the attack killed nobody.",
    "Five missiles hit the depot, killing the fire.",
    "Fighting since 24 February has killed soldiers on both sides.",
    "A governing body of the region met the bodies of the press.",
])
def test_no_count_where_none_is_stated(counts, sentence):
    assert counts(sentence)[:2] == (None, None)


def _blank(language, lemmas):
    """A blank spaCy pipeline for the language with a sentencizer, and with spaCy's pymorphy3 lemmatizer or none."""
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    if lemmas:
        nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        nlp.initialize()
    return nlp


@pytest.fixture(scope="module", params=[False, True], ids=["no-lemmas", "pymorphy3-lemmas"])
def slavic_counts(request):
    pipelines = {language: _blank(language, request.param) for language in ("uk", "ru")}
    return lambda language, sentence: casualties(next(pipelines[language](sentence).sents))


@pytest.mark.parametrize(("language", "sentence", "expected"), [
    ("uk", "Унаслідок удару по селу загинули 3 людини.", (3, None, False)),
    ("uk", "На місці влучання троє загиблих.", (3, None, False)),
    ("uk", "Медики повідомили, що поранено п'ятьох.", (None, 5, False)),
    ("uk", "Двоє людей отримали поранення через уламки дрона.", (None, 2, False)),
    ("uk", "Один чоловік загинув, ще п’ятеро поранені.", (1, 5, False)),  # a typographic apostrophe
    ("uk", "Під час обстрілу загинула жінка.", (1, None, False)),
    ("uk", "Загинули щонайменше 12 людей, поранено кількох мирних мешканців.", (12, 2, True)),
    ("uk", "Загинули двадцять п'ять військових.", (25, None, False)),
    ("uk", "Було поранено двох цивільних.", (None, 2, False)),
    ("uk", "Три ракети влучили в депо, загинула 1 людина.", (1, None, False)),
    ("ru", "В результате удара погибли двое мирных жителей.", (2, None, False)),
    ("ru", "Ранены 5 человек, их доставили в больницу.", (None, 5, False)),
    ("ru", "Один человек погиб на месте.", (1, None, False)),
    ("ru", "Погиб мужчина, ранены трое.", (1, 3, False)),
    ("ru", "Пострадали не менее 7 человек.", (None, 7, True)),
    ("ru", "Погибли по меньшей мере 14 человек, ранены несколько человек.", (14, 2, True)),
    ("ru", "Ранения получили двое военнослужащих.", (None, 2, False)),
    ("ru", "Семеро пострадавших доставлены в больницу.", (None, 7, False)),
    ("uk", "Загинули 5 березня двоє людей.", (2, None, False)),  # a date before the count
    ("uk", "Загинула жінка 1980 року народження.", (1, None, False)),  # a year after the person
])
def test_ukrainian_and_russian_counts(slavic_counts, language, sentence, expected):
    assert slavic_counts(language, sentence) == expected


@pytest.mark.parametrize(("language", "sentence"), [
    ("uk", "Ніхто не постраждав."),
    ("uk", "Загиблих немає, пошкоджено гараж."),
    ("uk", "Загинули люди, їхню кількість уточнюють."),  # people killed, no count told
    ("uk", "Постраждали 3 будинки та школа."),  # buildings, not people
    ("uk", "Останній раз тут загинули 5 березня."),  # a date, not a count
    ("ru", "Никто не пострадал."),
    ("ru", "Беспилотник атаковал завод, пострадавших нет."),
    ("ru", "Люди погибли 12 марта."),
])
def test_ukrainian_and_russian_no_count_where_none_is_stated(slavic_counts, language, sentence):
    assert slavic_counts(language, sentence)[:2] == (None, None)

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

import pytest

from geomap.casualties import casualties


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Eight people have been injured, according to the governor.", (None, 8, False)),
    ("Three people were wounded in the attack.", (None, 3, False)),
    ("A truck exploded, killing three people and injuring several others.", (3, 2, True)),
    ("Hundreds killed as the dam burst.", (200, None, True)),
    ("At least 14 people were injured.", (None, 14, True)),
    ("Two residents were wounded and one person was killed.", (1, 2, False)),
    ("Air defences shot down 13 rockets over Belgorod.", (None, None, False)),
    ("The mayor opened a library on 5 May.", (None, None, False)),
])
def test_counts(sentence, expected):
    assert casualties(sentence) == expected

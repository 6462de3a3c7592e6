import pytest

from geomap.dates import resolve_when


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Explosions rang out on Monday.", "2022-12-05", ("2022-12-05", "day")),  # published on a Monday
    ("Fighters crossed the border on Monday.", "2023-05-23", ("2023-05-22", "day")),
    ("Drones struck on Wednesday night.", "2024-03-18", ("2024-03-13", "day")),
    ("Shelling continued over the weekend.", "2024-03-18", ("2024-03-16", "week")),
    ("The depot burned last week.", "2024-03-12", ("2024-03-04", "week")),
    ("The base was hit in December.", "2023-01-10", ("2022-12-01", "month")),
    ("The base was hit in December 2022.", "2024-06-01", ("2022-12-01", "month")),
    ("A blast on 5 December 2022 damaged two bombers.", "2023-01-01", ("2022-12-05", "day")),
    ("A blast on December 5 damaged two bombers.", "2023-01-01", ("2022-12-05", "day")),
    ("Two people died yesterday.", "2024-01-02", ("2024-01-01", "day")),
    ("Shelling hit Shebekino.", "2024-01-02", ("2024-01-02", "day")),
])
def test_relative_dates_resolve_against_publication(text, published, expected):
    assert resolve_when(text, published) == expected


def test_no_publication_date_means_null_not_today():
    assert resolve_when("Fighters crossed the border on Monday.", None) == (None, "unknown")
    assert resolve_when("Shelling hit Shebekino.", None) == (None, "unknown")
    assert resolve_when("A blast on 5 December 2022 hit Engels.", None) == ("2022-12-05", "day")

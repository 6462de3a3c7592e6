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


@pytest.mark.parametrize(("text", "published", "language", "expected"), [
    ("Вчора ввечері дрон влучив у гараж.", "2024-03-14", "uk", ("2024-03-13", "day")),
    ("Учора ворог обстріляв село.", "2024-03-14", "uk", ("2024-03-13", "day")),
    ("Сьогодні вранці пролунали вибухи.", "2024-03-14", "uk", ("2024-03-14", "day")),
    ("Позавчора ракета влучила в ангар.", "2024-03-14", "uk", ("2024-03-12", "day")),
    ("Вчера беспилотник упал на склад.", "2024-03-14", "ru", ("2024-03-13", "day")),
    ("Позавчера снаряд попал в котельную.", "2024-03-14", "ru", ("2024-03-12", "day")),
    # the night into the 12th is the 12th
    ("В ніч на 12 березня дрони атакували порт.", "2024-03-14", "uk", ("2024-03-12", "day")),
    ("В ночь на 12 марта беспилотники атаковали нефтебазу.", "2024-03-14", "ru", ("2024-03-12", "day")),
    ("12 березня ворог скинув авіабомбу.", "2024-03-14", "uk", ("2024-03-12", "day")),
    ("20 березня ворог скинув авіабомбу.", "2024-03-14", "uk", ("2023-03-20", "day")),  # no later than publication
    ("12 марта 2023 года был обстрел.", "2024-03-14", "ru", ("2023-03-12", "day")),
    ("Обстріл 10.03.2024 зруйнував міст.", "2024-03-14", "uk", ("2024-03-10", "day")),
    # weekdays: the latest on or before publication (2024-03-11 is a Monday)
    ("У понеділок росіяни обстріляли лікарню.", "2024-03-14", "uk", ("2024-03-11", "day")),
    ("У понеділок росіяни обстріляли лікарню.", "2024-03-11", "uk", ("2024-03-11", "day")),
    ("В понедельник прогремели взрывы.", "2024-03-11", "ru", ("2024-03-11", "day")),
    ("В субботу вечером был удар по подстанции.", "2024-03-14", "ru", ("2024-03-09", "day")),
    ("У неділю вночі дрони атакували місто.", "2024-03-14", "uk", ("2024-03-10", "day")),
    ("Обстріл о 12:30 пошкодив школу.", "2024-03-14", "uk", ("2024-03-14", "day")),
    ("На вихідних ворог бив по громаді.", "2024-03-14", "uk", ("2024-03-09", "week")),
    ("На прошлой неделе горел склад.", "2024-03-14", "ru", ("2024-03-04", "week")),
    ("Минулого тижня горів склад.", "2024-03-14", "uk", ("2024-03-04", "week")),
    ("У березні 2022 року ворог зайняв село.", "2024-03-14", "uk", ("2022-03-01", "month")),
    ("В декабре дроны атаковали аэродром.", "2024-03-14", "ru", ("2023-12-01", "month")),
    ("Ворог обстріляв громаду, загинули 3 людини.", "2024-03-14", "uk", ("2024-03-14", "day")),
    ("ПВО сбила 12 беспилотников над областью.", "2024-03-14", "ru", ("2024-03-14", "day")),
    # abbreviations and numbers that are no dates: "ВС" (armed forces, not Sunday), "серед" (among, not Wednesday)
    ("ВС РФ нанесли удар по складу топлива.", "2024-03-14", "ru", ("2024-03-14", "day")),
    ("Серед постраждалих є діти.", "2024-03-14", "uk", ("2024-03-14", "day")),
    ("Канал «Новини 24» повідомив про вибух.", "2024-03-14", "uk", ("2024-03-14", "day")),
    ("Травень видався спекотним, а вибух пролунав у середу.", "2024-03-14", "uk", ("2024-03-13", "day")),
])
def test_ukrainian_and_russian_dates(text, published, language, expected):
    assert resolve_when(text, published, language) == expected


def test_ukrainian_and_russian_without_publication_date():
    assert resolve_when("Вчора дрон влучив у гараж.", None, "uk") == (None, "unknown")
    assert resolve_when("В ночь на 12 марта был удар.", None, "ru") == (None, "unknown")
    assert resolve_when("12 березня 2023 року ворог обстріляв село.", None, "uk") == ("2023-03-12", "day")
    assert resolve_when("У березні 2022 року ворог зайняв село.", None, "uk") == ("2022-03-01", "month")



@pytest.mark.parametrize(("text", "language", "expected"), [
    ("В ночь с 11 на 12 марта дроны атаковали аэродром.", "ru", "2024-03-12"),
    ("У ніч з суботи на неділю ворог запустив ракети.", "uk", "2024-03-10"),
    ("Вночі проти 13 березня дрон влучив у депо.", "uk", "2024-03-13"),
])
def test_the_night_into_a_day_is_that_day(text, language, expected):
    assert resolve_when(text, "2024-03-14", language) == (expected, "day")

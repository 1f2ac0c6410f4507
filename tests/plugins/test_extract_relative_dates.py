from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresher import Document, Pipeline
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_stage
from thresher_plugins.relative_dates import (
    Direction,
    find_relative_dates,
    nearest_month,
    nearest_weekday,
    publication_day,
)

WEDNESDAY = dt.date(2026, 2, 11)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def found(text: str, language: str | None = "en", base: dt.date = WEDNESDAY) -> list[tuple]:
    languages = None if language is None else [language]
    return [(d.text, d.date) for d in find_relative_dates(text, base, languages)]


# -- weekdays and tense --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # past by default: the latest such day, the publication day itself included
        ("The council voted on Monday.", [("on Monday", "2026-02-09")]),
        ("The council voted on Wednesday.", [("on Wednesday", "2026-02-11")]),
        ("The council voted on Thursday.", [("on Thursday", "2026-02-05")]),
        ("The ministry said Monday that talks had failed.", [("Monday", "2026-02-09")]),
        # a future marker in the clause: the next such day
        ("The council will vote on Friday.", [("on Friday", "2026-02-13")]),
        ("The plant is due to reopen on Monday.", [("on Monday", "2026-02-16")]),
        ("Gusts are forecast for Saturday.", [("Saturday", "2026-02-14")]),
        ("The strike will last until Friday.", [("Friday", "2026-02-13")]),
        # the marker belongs to another clause, or another verb
        (
            "The envoy will travel to Oslo on Friday, the ministry said on Tuesday.",
            [("on Friday", "2026-02-13"), ("on Tuesday", "2026-02-10")],
        ),
        ("On Friday, the board will meet again.", [("On Friday", "2026-02-13")]),
        ("On Friday, the board met again.", [("On Friday", "2026-02-06")]),
        ("The board on Thursday will decide.", [("on Thursday", "2026-02-12")]),
        ("The firm expects to report results on Tuesday.", [("on Tuesday", "2026-02-17")]),
        ("The ministry said Monday President Ruiz would go.", [("Monday", "2026-02-09")]),
        ("The board approved on Monday a plan that will cut costs.", [("on Monday", "2026-02-09")]),
        ("Protests have continued since Sunday.", [("Sunday", "2026-02-08")]),
        # last / next: strictly before / after the publication day
        ("Talks stalled last Wednesday.", [("last Wednesday", "2026-02-04")]),
        ("Talks resume next Wednesday.", [("next Wednesday", "2026-02-18")]),
        ("Talks resume next Monday.", [("next Monday", "2026-02-16")]),
    ],
)
def test_weekdays_resolve_by_tense(text: str, expected: list[tuple]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The vote is due on Monday, Feb. 16, in the capital.",  # an absolute date
        "The market opens every Friday.",  # a habit
        "Shops cut prices for Black Friday.",  # a named day
        "She told the Sunday Times about it.",  # a newspaper
        "The clinic is shut on Mondays.",  # a habit
        "He was born on a Sunday.",  # any Sunday
        "Rent is due on the last Friday of the month.",
        "Fans watched Monday Night Football.",  # a name
    ],
)
def test_weekdays_that_are_no_relative_date(text: str) -> None:
    assert found(text) == []


def test_day_words() -> None:
    text = "Shares fell yesterday, rose today and will open early tomorrow."
    assert found(text) == [
        ("yesterday", "2026-02-10"),
        ("today", "2026-02-11"),
        ("tomorrow", "2026-02-12"),
    ]
    assert found("Readers of USA Today were told.") == []
    assert found("The fire was still burning this morning.") == [("this morning", "2026-02-11")]


# -- periods ---------------------------------------------------------------------------------


def test_weeks_months_and_years() -> None:
    text = (
        "Output rose last week, last month and last year; it is seen rising next month "
        "and next year, and it fell earlier this month. Over the last year prices doubled."
    )
    assert found(text) == [
        ("last week", "2026-W06"),
        ("last month", "2026-01"),
        ("last year", "2025"),
        ("next month", "2026-03"),
        ("next year", "2027"),
        ("earlier this month", "2026-02"),
    ]


def test_counted_back_from_the_publication_day() -> None:
    text = "The dam was built two years ago, checked three weeks ago and closed a month ago."
    assert found(text) == [
        ("two years ago", "2024"),
        ("three weeks ago", "2026-01-21"),
        ("a month ago", "2026-01"),
    ]
    assert found("It happened many years ago.") == []


@pytest.mark.parametrize(
    "text, base, expected",
    [
        # a month without a year, across the year boundary
        ("The port closed last March.", dt.date(2026, 1, 15), ("last March", "2025-03")),
        ("The port closed last December.", dt.date(2026, 1, 15), ("last December", "2025-12")),
        ("The port closed last January.", dt.date(2026, 1, 15), ("last January", "2025-01")),
        ("The port reopens next January.", dt.date(2025, 11, 3), ("next January", "2026-01")),
        ("The port closed in March.", dt.date(2026, 1, 15), ("in March", "2025-03")),
        ("The port will reopen in March.", dt.date(2025, 12, 20), ("in March", "2026-03")),
        (
            "The port closed in March last year.",
            dt.date(2026, 5, 1),
            ("in March last year", "2025-03"),
        ),
        ("Prices rose in mid-March.", dt.date(2026, 5, 1), ("in mid-March", "2026-03")),
        # an intention in the present looks ahead; a past perfect does not
        (
            "The ministry aims to lift its budget by the end of the financial year in March.",
            dt.date(2025, 10, 29),
            ("in March", "2026-03"),
        ),
        (
            "Exports had fallen 4% by the end of the financial year in March.",
            dt.date(2025, 10, 29),
            ("in March", "2025-03"),
        ),
    ],
)
def test_months_without_a_year(text: str, base: dt.date, expected: tuple) -> None:
    assert found(text, base=base) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The summit on March 3 ended without a deal.",
        "It rained heavily in March 2024.",
        "Prices may rise again.",
        "Theresa May spoke first.",
    ],
)
def test_months_that_are_no_relative_date(text: str) -> None:
    assert found(text) == []


def test_an_anaphor_counts_from_the_expression_before_it() -> None:
    text = "Sales rose 2% last month, after falling 1% in the previous month."
    assert found(text) == [("last month", "2026-01"), ("the previous month", "2025-12")]
    # nothing to count from: left out rather than guessed
    assert found("Sales were 3% higher than in the previous month.") == []
    assert found("Sales rose in 2024 and fell in the previous year.") == []


# -- German, French, Spanish -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der Stadtrat hat am Montag abgestimmt.", [("am Montag", "2026-02-09")]),
        ("Der Ausschuss tagte am Mittwochabend.", [("am Mittwochabend", "2026-02-11")]),
        ("Die Brücke soll am Freitag öffnen.", [("am Freitag", "2026-02-13")]),
        ("Er sagte, dass die Schule am Freitag schließen wird.", [("am Freitag", "2026-02-13")]),
        ("Es bleibt windig bis Sonntagabend.", [("Sonntagabend", "2026-02-15")]),
        (
            "Gestern regnete es, heute scheint die Sonne, morgen wird es kalt.",
            [("Gestern", "2026-02-10"), ("heute", "2026-02-11"), ("morgen", "2026-02-12")],
        ),
        ("Heute Morgen war es neblig.", [("Heute", "2026-02-11")]),
        (
            "Der Umsatz sank im vergangenen Jahr, letzte Woche kam die Prognose.",
            [("im vergangenen Jahr", "2025"), ("letzte Woche", "2026-W06")],
        ),
        ("Im kommenden Jahr soll gebaut werden.", [("Im kommenden Jahr", "2027")]),
        (
            "Die Zinsen stiegen seit Juni vergangenen Jahres.",
            [("Juni vergangenen Jahres", "2025-06")],
        ),
        ("Vor zwei Wochen begann der Streik.", [("Vor zwei Wochen", "2026-01-28")]),
        ("Jeden Montag ist Markt.", []),
    ],
)
def test_german(text: str, expected: list[tuple]) -> None:
    assert found(text, "de") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le gouvernement a engagé lundi sa responsabilité.", [("lundi", "2026-02-09")]),
        ("Les motions seront examinées vendredi.", [("vendredi", "2026-02-13")]),
        ("Les syndicats doivent retrouver la direction lundi.", [("lundi", "2026-02-16")]),
        ("La grève a commencé mercredi dernier.", [("mercredi dernier", "2026-02-04")]),
        (
            "Hier il a plu, aujourd'hui il fait beau et demain il neigera.",
            [("Hier", "2026-02-10"), ("aujourd'hui", "2026-02-11"), ("demain", "2026-02-12")],
        ),
        (
            "Les ventes ont baissé la semaine dernière et l'an dernier.",
            [("la semaine dernière", "2026-W06"), ("l'an dernier", "2025")],
        ),
        ("Cette année, le budget augmente.", [("Cette année", "2026")]),
        ("Il y a trois jours, le pont a cédé.", [("Il y a trois jours", "2026-02-08")]),
        ("Les travaux reprendront dans trois semaines.", [("dans trois semaines", "2026-03-04")]),
        ("Les prix ont augmenté en mars dernier.", [("en mars dernier", "2025-03")]),
        ("Dès lundi, les trains circuleront.", [("lundi", "2026-02-16")]),
        ("Le marché ouvre chaque lundi. Mardi gras approche.", []),
    ],
)
def test_french(text: str, expected: list[tuple]) -> None:
    assert found(text, "fr") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("El sismo se registró el miércoles por la noche.", [("el miércoles", "2026-02-11")]),
        ("Los datos publicados este martes lo confirman.", [("este martes", "2026-02-10")]),
        ("El decreto entrará en vigor el próximo viernes.", [("el próximo viernes", "2026-02-13")]),
        ("Aemet prevé que el temporal remita a partir del jueves.", [("jueves", "2026-02-12")]),
        (
            "Ayer llovió, hoy hace sol y mañana nevará.",
            [("Ayer", "2026-02-10"), ("hoy", "2026-02-11"), ("mañana", "2026-02-12")],
        ),
        ("Por la mañana hubo niebla.", []),
        (
            "El paro subió el mes pasado y el año pasado.",
            [("el mes pasado", "2026-01"), ("el año pasado", "2025")],
        ),
        ("Hace dos semanas empezó la huelga.", [("Hace dos semanas", "2026-01-28")]),
        ("La obra terminará dentro de dos meses.", [("dentro de dos meses", "2026-04")]),
        ("A principios de marzo se votará la ley.", [("principios de marzo", "2026-03")]),
        ("Los lunes hay mercado. Cantó Plácido Domingo.", []),
    ],
)
def test_spanish(text: str, expected: list[tuple]) -> None:
    assert found(text, "es") == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (
            "Der Umsatz sank im vergangenen Jahr, nachdem er im Vorjahr gestiegen war.",
            "de",
            [("im vergangenen Jahr", "2025"), ("im Vorjahr", "2024")],
        ),
        ("Der Umsatz sank im Vorjahr.", "de", []),  # nothing to count from
        (
            "Le pont a cédé lundi ; la veille, il avait plu.",
            "fr",
            [("lundi", "2026-02-09"), ("la veille", "2026-02-08")],
        ),
        (
            "Llegó el viernes pasado; la víspera había llovido.",
            "es",
            [("el viernes pasado", "2026-02-06"), ("la víspera", "2026-02-05")],
        ),
    ],
)
def test_anaphor_words_count_from_the_expression_before_them(
    text: str, language: str, expected: list[tuple]
) -> None:
    assert found(text, language) == expected


def test_language_choice() -> None:
    # French "hier" is German for "here": read only on a page known to be French
    assert found("Hier wohnen viele Familien.", "de") == []
    assert found("Hier wohnen viele Familien.", None) == []
    assert found("Hier, le pont a cédé.", "fr") == [("Hier", "2026-02-10")]
    assert found("The council voted on Monday.", "it") == []
    assert found("The council voted on Monday.", "en-GB") == [("on Monday", "2026-02-09")]
    assert found("Le conseil a voté lundi.", None) == [("lundi", "2026-02-09")]


# -- the extractor -----------------------------------------------------------------------------

STORY = (
    "Harbour workers strike over pay\n\n"
    "Dockworkers at the port of Velmora walked out on Tuesday, and the union said the "
    "strike will continue until Friday.\n\n"
    "Container traffic fell 4% last month after rising in the previous month, figures "
    "showed yesterday."
)


def extract(text: str, **meta: object) -> list[dict]:
    (document,) = run_stage(
        "extract", [Document(id="a", text=text, meta=dict(meta))], ["relative-dates"]
    )
    return document.fields["relative_dates"]


def test_items_carry_exact_spans_and_their_sentence() -> None:
    items = extract(STORY, date="2026-02-11T08:30:00+01:00", language="en")
    assert [(i["text"], i["date"], i["unit"]) for i in items] == [
        ("on Tuesday", "2026-02-10", "day"),
        ("Friday", "2026-02-13", "day"),
        ("last month", "2026-01", "month"),
        ("the previous month", "2025-12", "month"),
        ("yesterday", "2026-02-10", "day"),
    ]
    for item in items:
        assert STORY[item["start"] : item["end"]] == item["text"]
        assert item["text"] in item["sentence"]
    assert items[0]["sentence"].startswith("Dockworkers at the port")


def test_without_a_publication_date_nothing_is_resolved() -> None:
    assert extract(STORY, language="en") == []
    assert extract(STORY, date="not a date", language="en") == []


def test_the_date_the_metadata_extractor_finds_is_used() -> None:
    text = "Published: 11 February 2026 | 09:14 GMT\n\n" + STORY
    (document,) = Pipeline(entrypoints=False).process(
        [Document(id="a", text=text)], stages=["extract"]
    )
    assert document.meta["date"].startswith("2026-02-11")
    dates = [item["date"] for item in document.fields["relative_dates"]]
    assert dates[:2] == ["2026-02-10", "2026-02-13"]


def test_publication_day() -> None:
    assert publication_day("2026-02-11T23:30:00-05:00") == dt.date(2026, 2, 11)
    assert publication_day("2026-02-11") == dt.date(2026, 2, 11)
    assert publication_day("11 February 2026") is None
    assert publication_day(None) is None


def test_the_cli_writes_the_field_to_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    (source / "port.txt").write_text("date 2026-02-11\n" + STORY, encoding="utf-8")
    undated = (
        "Library hours change\n\nThe city library said on Monday that it will open on "
        "Sundays from next month, after readers asked for longer hours last year."
    )
    (source / "undated.txt").write_text(undated, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["run", str(source), "-o", str(out), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    dated = records["port.txt"]["fields"]["relative_dates"]
    assert ("on Tuesday", "2026-02-10") in [(i["text"], i["date"]) for i in dated]
    text = records["port.txt"]["text"]
    assert all(text[i["start"] : i["end"]] == i["text"] for i in dated)
    assert records["undated.txt"]["fields"]["relative_dates"] == []


def test_the_language_the_language_extractor_finds_is_used() -> None:
    # French "Hier" is read only on a page known to be French: relative dates must
    # run after the language extractor, which is the only one to say so here
    text = (
        "Effondrement d'un pont à Velmora\n\nHier, le vieux pont de la rivière a cédé sous le "
        "poids d'un camion. Les pompiers sont intervenus rapidement et personne n'a été "
        "blessé, selon la préfecture. La circulation restera coupée pendant plusieurs "
        "semaines, a indiqué le maire."
    )
    (document,) = Pipeline(entrypoints=False).process(
        [Document(id="a", text=text, meta={"date": "2026-02-11"})], stages=["extract"]
    )
    assert document.meta["language"] == "fr"
    dates = [(item["text"], item["date"]) for item in document.fields["relative_dates"]]
    assert dates == [("Hier", "2026-02-10")]


# -- properties --------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@given(dates, st.integers(0, 6), st.sampled_from((-1, 1)), st.booleans())
def test_nearest_weekday(base: dt.date, weekday: int, direction: Direction, strictly: bool) -> None:
    day = nearest_weekday(base, weekday, direction, strictly=strictly)
    assert day.weekday() == weekday
    # the publication day itself only when not strictly; a whole week away only when strictly
    assert strictly <= direction * (day - base).days <= 6 + strictly


@given(dates, st.integers(1, 12), st.sampled_from((-1, 1)), st.booleans())
def test_nearest_month(base: dt.date, month: int, direction: Direction, strictly: bool) -> None:
    first = nearest_month(base, month, direction, strictly=strictly)
    assert first.month == month and first.day == 1
    assert strictly <= direction * months_between(base, first) <= 11 + strictly


MARKERS = (
    "The council voted",
    "The council will vote",
    "The council met last",
    "Talks resume next",
)


@given(dates, st.sampled_from(WEEKDAYS), st.sampled_from(MARKERS))
def test_a_resolved_weekday_is_that_weekday_within_a_week(
    base: dt.date, weekday: str, opening: str
) -> None:
    text = f"{opening} {'' if opening.endswith(('last', 'next')) else 'on '}{weekday}."
    (item,) = find_relative_dates(text, base, ["en"])
    day = dt.date.fromisoformat(item.date)
    assert day.weekday() == WEEKDAYS.index(weekday)
    assert abs((day - base).days) <= 7
    assert text[item.start : item.end] == item.text
    assert (day >= base) == (("will" in opening or "next" in opening) or day == base)

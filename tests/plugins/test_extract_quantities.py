from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresher import Document
from thresher.testing import run_stage
from thresher_plugins import extract_quantities as quantities
from thresher_plugins.extract_quantities import QuantitiesExtractor
from thresher_plugins.numerals import WORD_NUMBERS, number_value

FIND = QuantitiesExtractor().find


def figures(text: str, language: str = "en") -> list[tuple]:
    return [
        (q["text"], q["value"], q.get("value_to"), q["unit"], q["kind"])
        for q in FIND(text, language)
    ]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Spending will reach 2% next year.", "en", ("2%", 2, None, "%", "percent")),
        ("Inflation was 1.8 percent.", "en", ("1.8 percent", 1.8, None, "%", "percent")),
        ("Die Inflation lag bei 3,5 Prozent.", "de", ("3,5 Prozent", 3.5, None, "%", "percent")),
        ("Le chômage atteint 12 % cette année.", "fr", ("12 %", 12, None, "%", "percent")),
        (
            "Rates rose 0.4 percentage points.",
            "en",
            ("0.4 percentage points", 0.4, None, "pp", "percent"),
        ),
        ("It paid $4.2 billion.", "en", ("$4.2 billion", 4_200_000_000, None, "USD", "money")),
        ("It paid €300m.", "en", ("€300m", 300_000_000, None, "EUR", "money")),
        (
            "A budget of ¥1.2 trillion.",
            "en",
            ("¥1.2 trillion", 1_200_000_000_000, None, "JPY", "money"),
        ),
        (
            "Es kostet 2,5 Milliarden Euro.",
            "de",
            ("2,5 Milliarden Euro", 2_500_000_000, None, "EUR", "money"),
        ),
        (
            "Il a investi 300 millions d'euros.",
            "fr",
            ("300 millions d'euros", 300_000_000, None, "EUR", "money"),
        ),
        ("They hold 55,000 troops.", "en", ("55,000 troops", 55_000, None, "troops", "count")),
        ("Es sind 55.000 Soldaten.", "de", ("55.000 Soldaten", 55_000, None, "Soldaten", "count")),
        ("Il y a 55 000 soldats.", "fr", ("55 000 soldats", 55_000, None, "soldats", "count")),
        ("The navy sent three new ships.", "en", ("three new ships", 3, None, "ships", "count")),
        (
            "about 55,000 US soldiers were there",
            "en",
            ("55,000 US soldiers", 55_000, None, "soldiers", "count"),
        ),
        ("It lies 600 kilometers east.", "en", ("600 kilometers", 600, None, "km", "measure")),
        ("It reached 12 degrees Celsius.", "en", ("12 degrees Celsius", 12, None, "°C", "measure")),
        ("Spending rose from 1.8% to 2%.", "en", ("from 1.8% to 2%", 1.8, 2, "%", "percent")),
        (
            "Costs were between 3 and 5 percent higher.",
            "en",
            ("between 3 and 5 percent", 3, 5, "%", "percent"),
        ),
        ("Some 3-5% of homes were hit.", "en", ("3-5%", 3, 5, "%", "percent")),
        ("They spent $3 to $5 billion.", "en", ("$3 to $5 billion", 3e9, 5e9, "USD", "money")),
        (
            "between $7.4 billion and $7.6 billion",
            "en",
            ("between $7.4 billion and $7.6 billion", 7.4e9, 7.6e9, "USD", "money"),
        ),
        (
            "The fleet grew from 36 vessels to 38 vessels.",
            "en",
            ("from 36 vessels to 38 vessels", 36, 38, "vessels", "count"),
        ),
        (
            "Inflation fell to 0.7% from 1.2% in May.",
            "en",
            ("to 0.7% from 1.2%", 1.2, 0.7, "%", "percent"),
        ),
        (
            "It fell to minus 170 degrees Celsius.",
            "en",
            ("minus 170 degrees Celsius", -170, None, "°C", "measure"),
        ),
        ("a 65-kilometer pipeline", "en", ("65-kilometer", 65, None, "km", "measure")),
        ("It cost Rs 5,100 crore.", "en", ("Rs 5,100 crore", 51_000_000_000, None, "INR", "money")),
        (
            "Levels hit 120 micrograms per liter.",
            "en",
            ("120 micrograms per liter", 120, None, "µg/L", "measure"),
        ),
        (
            "It handled 2.1 million TEUs.",
            "en",
            ("2.1 million TEUs", 2_100_000, None, "TEU", "measure"),
        ),
        (
            "Es kommen drei weitere Flugabwehrsysteme.",
            "de",
            ("drei weitere Flugabwehrsysteme", 3, None, "Flugabwehrsysteme", "count"),
        ),
        (
            "It employs 10,000 people across Europe.",
            "en",
            ("10,000 people", 10_000, None, "people", "count"),
        ),
        ("The team has 11 points.", "en", ("11 points", 11, None, "points", "count")),
    ],
)
def test_a_figure_with_its_value_and_unit(text, language, expected) -> None:
    assert figures(text, language) == [expected]


def test_a_change_and_an_amount_in_other_units_stay_two() -> None:
    assert figures("Revenue was up 4.5% to $12 billion.") == [
        ("4.5%", 4.5, None, "%", "percent"),
        ("$12 billion", 12_000_000_000, None, "USD", "money"),
    ]


def test_two_figures_joined_by_and_are_not_a_range() -> None:
    assert [f[0] for f in figures("Growth was 2% and inflation 5% in May.")] == ["2%", "5%"]


@pytest.mark.parametrize(
    "text",
    [
        "The plan runs until 2035 and began in 2019.",  # years
        "They met on October 27 at 08:00 and again on 3 March.",  # dates and times
        "It was the third month; the 2nd round starts soon.",  # ordinals
        "The G7 discussed F-35 jets and Covid-19 rules.",  # numbers in names
        "One of the ministers said one day it would end.",  # "one" as a word
        "Article 5 of the treaty applies.",  # a bare number counts nothing
        "Posted 2026-02-18 NATO allies met.",  # an ISO date
        "They earned a 3-1 win on Sunday.",  # a match score
        "The meeting starts at 20:30 Uhr.",  # a time
    ],
)
def test_what_is_not_a_quantity(text: str) -> None:
    assert figures(text) == []


def test_a_share_keeps_what_it_is_a_share_of() -> None:
    (share,) = FIND("Japan will spend 2% of its gross domestic product (GDP) by 2027.", "en")
    assert share["of"] == "its gross domestic product (GDP)"


def test_each_figure_comes_with_its_sentence_and_span() -> None:
    text = "The port is busy. It handles 120 ships a week. Nobody knows why."
    (figure,) = FIND(text, "en")
    assert figure["sentence"] == "It handles 120 ships a week."
    assert text[figure["start"] : figure["end"]] == figure["text"] == "120 ships"


def test_the_extractor_reads_the_language_the_language_extractor_found() -> None:
    text = "Die Regierung gab 2,5 Milliarden Euro aus, sagte der Minister am Dienstag in Berlin."
    (document,) = run_stage("extract", [Document(id="a", text=text)], ["language", "quantities"])
    (figure,) = document.fields["quantities"]
    assert (figure["value"], figure["unit"]) == (2_500_000_000, "EUR")


@pytest.mark.parametrize(
    "text, language, value",
    [("1,234.5", "en", 1234.5), ("1.234,5", "de", 1234.5), ("3,5", "fr", 3.5), ("3,5", "en", 3.5),
     ("55,000", "en", 55_000), ("55.000", "de", 55_000), ("1 234", "fr", 1234), ("twelve", "en", 12)],
)  # fmt: skip
def test_numbers_in_the_page_language(text: str, language: str, value: float) -> None:
    assert number_value(text, language) == value


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.%$€-abc\nof to")), max_size=80))
def test_every_figure_is_the_text_at_its_span(text: str) -> None:
    for figure in FIND(text, "en"):
        assert text[figure["start"] : figure["end"]] == figure["text"]
        assert figure["kind"] in {"percent", "money", "measure", "duration", "count"}
        assert figure["sentence"] and figure["text"] in text


def test_a_sentence_does_not_end_at_an_initial_or_an_abbreviation() -> None:
    text = "Mr. Hale met U.S. officials on Oct. 27 about 120 ships. They agreed."
    (figure,) = FIND(text, "en")
    assert figure["sentence"] == "Mr. Hale met U.S. officials on Oct. 27 about 120 ships."


# -- where the patterns are tried: what a search of the whole text finds --------------------------

#: Pieces of text that start, end or break figures, numbers and range heads.
PIECES = [
    "0", "1", "5", "12", "2026", "1,000", "3.5", "4 500", " ", "  ", "\t", "\n", "\u00a0", "-",
    "−", "–", "/", ".", ",", ":", "%", "$", "US$", "€", "CHF", "Rs.", "£", "minus", "Minus",
    "MINUS", "two", "Two", "TWO", "drei", "a dozen", "dozen", "xa", "one", "someone", "percent",
    "cent", "km", "million", "bn", "m", "euros", "people", "ships", "G", "x", "to", "and", "from",
    "between", "zwischen", "win", "Oct", "ſix", "sıx", "İ", "é", "être", "größten", "×", "÷",
]  # fmt: skip
texts_of_pieces = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _found(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


@given(texts_of_pieces)
def test_figures_are_found_where_a_search_of_the_whole_text_finds_them(text: str) -> None:
    whole_text = sorted(
        (match for pattern in quantities._quantity_patterns() for match in pattern.finditer(text)),
        key=lambda match: match.start(),
    )
    digit_runs = [run.start() for run in re.finditer(r"\d+", text)]
    assert _found(quantities._figure_matches(text, digit_runs)) == _found(whole_text)


@given(texts_of_pieces)
def test_iso_dates_and_scores_are_found_where_a_search_finds_them(text: str) -> None:
    digit_runs = [run.start() for run in re.finditer(r"\d+", text)]
    whole_text = [match.span() for match in quantities._NOT_QUANTITIES.finditer(text)]
    assert quantities._not_quantities(text, digit_runs) == whole_text


@given(texts_of_pieces)
def test_a_range_head_is_found_where_a_search_of_its_window_finds_it(text: str) -> None:
    for start in range(len(text) + 1):
        window = quantities._range_head().search(text, max(start - 60, 0), start)
        head = quantities._range_head_before(text, start)
        assert (head and (head.span(), head.groupdict())) == (
            window and (window.span(), window.groupdict())
        )


def test_the_characters_lower_case_misplaces_for_number_words_are_all_known() -> None:
    # Every character re's ignoring case pairs with a letter of a number word
    # but whose lower case is not that letter.
    every_character = "".join(map(chr, range(0x110000)))
    letters = sorted(set("".join(WORD_NUMBERS)) - {" "})
    apart = {
        character
        for letter in letters
        for character in re.findall(f"(?i:{re.escape(letter)})", every_character)
        if character.lower() != letter
    }
    assert apart == set(quantities._FOLDED_APART)


def test_a_day_after_a_month_at_the_start_of_the_text_is_no_count() -> None:
    text = "Oct 27 troops arrived. Then 300 troops left."
    assert [q["text"] for q in QuantitiesExtractor().find(text)] == ["300 troops"]

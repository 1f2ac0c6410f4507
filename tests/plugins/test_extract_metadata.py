from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher import Document, Pipeline
from thresher.testing import run_stage
from thresher_plugins import bylines, dates, publishers
from thresher_plugins.bylines import authors_in
from thresher_plugins.dates import parse_date
from thresher_plugins.extract_metadata import iso_date


def extract(document: Document) -> Document:
    (result,) = Pipeline(entrypoints=False).process([document], stages=["extract"])
    return result


def test_headline_like_first_paragraph_becomes_the_title() -> None:
    document = extract(
        Document(
            id="a", text="Dockworkers Extend Strike Into Second Week\n\nThe union said on Monday..."
        )
    )
    assert document.meta["title"] == "Dockworkers Extend Strike Into Second Week"


@pytest.mark.parametrize(
    "first",
    [
        "The union said on Monday that talks had failed.",  # a sentence, not a headline
        "404",  # error code
        "Home",  # a menu word
        "word " * 40,  # far too long
    ],
)
def test_non_headlines_are_not_titles(first: str) -> None:
    assert "title" not in extract(Document(id="a", text=f"{first}\n\nBody.")).meta


def test_a_given_title_is_kept() -> None:
    document = extract(
        Document(id="a", text="Some Other Headline Words\n\nBody.", meta={"title": "Given"})
    )
    assert document.meta["title"] == "Given"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03-14", "2026-03-14"),
        ("2026-03-14T09:14:00Z", "2026-03-14T09:14:00+00:00"),
        (0, "1970-01-01T00:00:00+00:00"),
        ("14 March 2026", None),
        ("", None),
        (True, None),
    ],
)
def test_iso_date_normalises_only_unambiguous_forms(value, expected) -> None:
    assert iso_date(value) == expected


def test_date_from_the_loader_is_normalised() -> None:
    document = extract(Document(id="a", text="Body.", meta={"date": "2026-03-14T09:14:00Z"}))
    assert document.meta["date"] == "2026-03-14T09:14:00+00:00"
    assert document.meta["date_source"] == "meta"


LEDE = (
    "The harbour authority of Velmora said container traffic fell for a third month, "
    "as two shipping lines moved their weekly calls to a rival port along the coast."
)
SECOND = (
    "Officials blamed a dispute over berth fees that began in the spring, when charges "
    "for the longest vessels rose by almost a fifth."
)


def metadata(text: str, stages: tuple[str, ...] = ("metadata",), **meta: object) -> dict:
    document = Document(id="a", text=text, meta=dict(meta))
    (result,) = run_stage("extract", [document], stages)
    return result.meta


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published: 12 March 2026 | 09:14 GMT", "2026-03-12T09:14:00+00:00"),
        ("14 Jan, 2026, 08:00 ET", "2026-01-14T08:00:00-05:00"),
        ("Stand: 05.02.2026 07:30 Uhr", "2026-02-05T07:30:00"),
        ("Publié le 3 février 2026 à 10h15", "2026-02-03T10:15:00"),
        ("Actualizado: 4 feb 2026 - 11:20 CET", "2026-02-04T11:20:00+01:00"),
        ("October 27, 2025", "2025-10-27"),
        ("2026-01-14T08:00:00Z", "2026-01-14T08:00:00+00:00"),
        ("By Ana Ruiz | March 3, 2026", "2026-03-03"),
        (
            "Posted Thu 19 Feb 2026 at 7:02am, updated Thu 19 Feb 2026 at 11:48am",
            "2026-02-19T07:02:00",
        ),
        ("Publié le 20/02/2026 à 07h30, mis à jour à 09h12", "2026-02-20T07:30:00"),
        ("HARBOUR NEWS - Feb 21, 2026 - 14:22 | All, Local", "2026-02-21T14:22:00"),
        ("12 de febrero de 2026, 14:30 hrs", "2026-02-12"),
    ],
)
def test_a_date_line_at_the_top_is_the_publication_date(line: str, expected: str) -> None:
    meta = metadata(f"Menu\n{line}\n{LEDE}\n{SECOND}")
    assert meta["date"] == expected


def test_a_publication_date_wins_over_an_update() -> None:
    text = f"Updated: 14 March 2026, 18:02\nPublished: 12 March 2026\n{LEDE}"
    assert metadata(text)["date"] == "2026-03-12"


@pytest.mark.parametrize(
    "dateline, expected",
    [
        ("TOKYO, Oct 27 (Kyodo) -", "2025-10-27"),
        ("PARIS, 12 mars (AFP) -", "2025-03-12"),
        ("NEW YORK, Oct. 27, 2025 /PRNewswire/ --", "2025-10-27"),
        ("CHICAGO, March 13 -", "2025-03-13"),
        ("RICHMOND, Va., March 5 -", "2025-03-05"),
    ],
)
def test_a_wire_dateline_dates_the_story_in_the_year_it_names(dateline, expected) -> None:
    text = f"{dateline} {LEDE} The plan runs to 2030.\n{SECOND} Traffic in 2025 was low; 2025 was hard."
    meta = metadata(text)
    assert meta["date"] == expected and meta["date_source"] == "dateline"


def test_prose_dates_are_not_publication_dates() -> None:
    text = f"{LEDE} The port opened on 12 March 2019 after a decade of building.\n{SECOND}"
    assert "date" not in metadata(text)


def test_a_leading_date_token_from_the_loader_stays_a_date() -> None:
    assert metadata(LEDE, date="2025-10-27")["date"] == "2025-10-27"


@pytest.mark.parametrize(
    "value, languages, expected",
    [
        ("05.02.2026", ["de"], "2026-02-05"),
        ("02/05/2026", ["en"], "2026-02-05"),
        ("02/05/2026", ["fr"], "2026-05-02"),
        ("02/05/2026", ["en-GB"], "2026-05-02"),
        ("7.30 Uhr, 05.02.2026", ["de"], "2026-02-05T07:30:00"),
        ("the day after", ["en"], None),
    ],
)
def test_numeric_dates_in_the_order_of_the_page_language(value, languages, expected) -> None:
    assert parse_date(value, languages) == expected


@pytest.mark.parametrize(
    "url, credit_text, expected, how",
    [
        ("https://english.kyodonews.net/news/2026/1", "", "Kyodo News", "url"),
        (None, f"TOKYO, Oct 27 (Kyodo) - {LEDE}", "Kyodo News", "credit"),
        (None, f"(MENAFN) {LEDE}", "MENAFN", "credit"),
        (None, f"AUSTIN, Texas, March 3, 2026 /PRNewswire/ -- {LEDE}", "PR Newswire", "credit"),
        (
            None,
            f"{LEDE}\n{SECOND}\nReporting by Ana Ruiz; Editing by Mark Porter",
            "Reuters",
            "credit",
        ),
        (
            None,
            f"{LEDE}\n{SECOND}\nCopyright 2026 The Calder Post. All rights reserved.",
            "The Calder Post",
            "copyright",
        ),
    ],
)
def test_the_publisher_from_the_url_or_the_credit_without_the_clean_stage(
    url, credit_text, expected, how
) -> None:
    meta = metadata(credit_text or LEDE, **({"url": url} if url else {}))
    assert (meta["publisher"], meta["publisher_source"]) == (expected, how)


def test_a_publisher_a_cleaner_set_is_kept() -> None:
    meta = metadata(f"(MENAFN) {LEDE}", publisher="Harbour Daily")
    assert meta["publisher"] == "Harbour Daily" and "publisher_source" not in meta


def test_no_publisher_is_invented() -> None:
    text = f"{LEDE} Officials of the (GDP) office and NATO agreed.\n{SECOND}"
    assert "publisher" not in metadata(text)


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("By Maria Keller", ["Maria Keller"]),
        ("By Anna Ruiz and Tom Becker | March 3, 2026", ["Anna Ruiz", "Tom Becker"]),
        ("By MARIA KELLER, Staff Writer", ["Maria Keller"]),
        ("Von Jana Hoffmann und Lars Beck", ["Jana Hoffmann", "Lars Beck"]),
        ("Par Claire Dubois", ["Claire Dubois"]),
        ("Por Luis Herrera y Ana Gil", ["Luis Herrera", "Ana Gil"]),
        ("By Peter van der Berg", ["Peter van der Berg"]),
        (
            "Reporting by Ana Ruiz and Tom Becker; Additional reporting by Li Wei; "
            "Editing by Mark Porter",
            ["Ana Ruiz", "Tom Becker", "Li Wei"],
        ),
        ("By the Associated Press", []),
    ],
)
def test_authors_from_a_byline(byline: str, expected: list[str]) -> None:
    assert authors_in(byline) == expected


def test_authors_from_the_text_when_nothing_was_moved_to_meta() -> None:
    text = f"Harbour traffic falls again\nBy Maria Keller\n{LEDE}\n{SECOND}"
    assert metadata(text)["authors"] == ["Maria Keller"]


def test_a_by_in_prose_is_no_byline() -> None:
    text = f"{LEDE}\nBy the end of the year, officials said, {SECOND.lower()}"
    assert "authors" not in metadata(text)


def test_after_cleaning_the_byline_and_date_the_cleaner_moved_are_read() -> None:
    text = "\n\n".join(
        [
            "Home | News | Business | Sport",
            "Harbour Traffic Falls for a Third Month",
            "By Maria Keller",
            "Published: 12 March 2026",
            LEDE,
            SECOND,
            "Share this article",
        ]
    )
    document = Document(id="a", text=text)
    (cleaned,) = run_stage("clean", [document], ["boilerplate"])
    (result,) = run_stage("extract", [cleaned], ["metadata"])
    assert result.meta["title"] == "Harbour Traffic Falls for a Third Month"
    assert result.meta["authors"] == ["Maria Keller"]
    assert result.meta["date"] == "2026-03-12"


def test_a_date_line_above_a_yearless_dateline_gives_the_year() -> None:
    text = (
        f"Source: Xinhua\n2026-02-06 16:21:05\nSHANGHAI, Feb. 6 (Xinhua) -- {LEDE} In 2025 it grew."
    )
    assert metadata(text)["date"] == "2026-02-06T16:21:05"


def test_a_date_in_the_story_after_the_dateline_is_not_the_story_date() -> None:
    text = f"CHICAGO, March 13 - {LEDE}\nprofits of March 1986\n{SECOND}"
    assert metadata(text)["date"].endswith("-03-13")


def test_an_update_waits_for_the_publication_date() -> None:
    meta = metadata(LEDE, date_text="Updated: 21 February 2026 | 08:02 GMT")
    assert meta["date"] == "2026-02-21T08:02:00+00:00"
    text = f"Published: 20 February 2026\n{LEDE}"
    assert metadata(text, date_text="Updated: 21 February 2026")["date"] == "2026-02-20"


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "date 2026-02-18 Allies pledge more air defence for the east",
            "Allies pledge more air defence for the east",
        ),
        ("mercredi 18 février 2026", "Harbour Traffic Falls for a Third Month"),
    ],
)
def test_a_date_taken_for_the_title_dates_the_page_and_gives_way(title, expected) -> None:
    meta = metadata(f"Harbour Traffic Falls for a Third Month\n{LEDE}", title=title)
    assert meta["title"] == expected
    assert meta["date"] == "2026-02-18"


def test_a_leading_date_token_in_the_text_dates_the_page() -> None:
    meta = metadata(f" date 2025-10-29 404\nSorry\n{LEDE}")
    assert (meta["date"], meta["date_source"]) == ("2025-10-29", "token")


@pytest.mark.parametrize(
    "ending, expected, how",
    [
        ("© Calder Evening Post 2026", "Calder Evening Post", "copyright"),
        (
            "Copyright © 2026 Harbour Wire News. All rights reserved.",
            "Harbour Wire News",
            "copyright",
        ),
        ("Agencia Marítima © Todos los derechos reservados.", "Agencia Marítima", "copyright"),
        ("Les Nouvelles du Port – Tous droits réservés", "Les Nouvelles du Port", "copyright"),
        ("© 2026 Velmora Times Media Pvt Ltd", "Velmora Times", "copyright"),
        ("Welcome to Velmora Ledger\nSign up for daily updates.", "Velmora Ledger", "masthead"),
        ("Sign up for the Harbour Daily newsletter today.", "Harbour Daily", "masthead"),
    ],
)
def test_a_site_the_table_does_not_know_by_what_its_page_calls_it(ending, expected, how) -> None:
    meta = metadata(f"{LEDE}\n{SECOND}\n{ending}")
    assert (meta["publisher"], meta["publisher_source"]) == (expected, how)


def test_a_site_names_itself_at_the_top_and_in_its_footer() -> None:
    meta = metadata(f"Velmora Ledger\n{LEDE}\n{SECOND}\nVelmora Ledger | About us | Contact")
    assert (meta["publisher"], meta["publisher_source"]) == ("Velmora Ledger", "masthead")


def test_an_unknown_host_is_its_own_publisher() -> None:
    meta = metadata(LEDE, url="https://www.velmora-ledger.example/news/1")
    assert (meta["publisher"], meta["publisher_source"]) == ("velmora-ledger.example", "domain")


def test_a_footer_the_cleaner_removed_still_names_the_site() -> None:
    text = "\n\n".join([LEDE, SECOND, "Copyright 2026 The Calder Post. All rights reserved."])
    (cleaned,) = run_stage("clean", [Document(id="a", text=text)], ["boilerplate"])
    (result,) = run_stage("extract", [cleaned], ["metadata"])
    assert result.meta["publisher"] == "The Calder Post"


# -- plain dates read without dateparser: what dateparser reads -----------------------------------


def dateparser_reads(text: str, languages: tuple[str, ...], base: dt.date | None) -> str | None:
    """What ``dates._parse`` gave before plain dates were read without dateparser."""
    parsed = dates._parser(languages, base).get_date_data(text).date_obj
    return None if parsed is None else dates.iso(parsed, bool(dates._TIME.search(text)))


def plain_dates(language: str) -> list[tuple[str, dt.date | None]]:
    """Each plain form the reader takes, for each month of ``language``, with a base."""
    base = dt.date(2025, 12, 31)
    forms = []
    for month, names in enumerate(dates._MONTH_NAMES[language.split("-")[0]], 1):
        longest, *others = sorted(names.split(), key=len, reverse=True)
        day = 28 if month == 2 else 9 + month
        for name in {longest.title(), (others or [longest])[0].upper() + "."}:
            forms += [
                (f"{day} {name} 2024", None),
                (f"{day}. {name} 2024", None),
                (f"{name} {day}, 1987", None),
                (f"{name} {day} 2026", None),
                (f"{day} {name}", base),
                (f"{name} {day}", None),
            ]
            if language in dates._DE_LANGUAGES:
                forms.append((f"{day} de {name} de 2024", None))
        # all numeric: a day and a month that read either way round
        forms += [(f"{13 - month:02}.{month:02}.2026", None), (f"{month}/{13 - month}/2026", None)]
        forms.append((f"2026-{month:02}-{day:02}", None))
    return forms


@pytest.mark.parametrize("language", ["en", "en-US", "en-GB", "de", "fr", "es", "it", "pt", "nl"])
def test_plain_dates_are_read_as_dateparser_reads_them(language: str) -> None:
    # A wider check (every form, case, day and base, 12 language codes: 150,000 dates) agreed.
    for text, base in plain_dates(language):
        plain = dates._plain_date(text, (language,), base)
        assert plain is not None, text
        assert plain == dateparser_reads(text, (language,), base), (text, base)


@pytest.mark.parametrize(
    "text, languages, base",
    [
        ("31 February 2026", ("en",), None),  # no such day
        ("Feb 29", ("en",), dt.date(2025, 12, 31)),  # no such day in the year it would be
        ("7 set 2025", ("it",), None),  # dateparser's own reading (31 July)
        ("March 3, 2026", ("de",), None),  # not a German month name
        ("12 de febrero de 2026", ("en",), None),  # "de" only in Spanish and Portuguese
        ("Feb 20", (), None),  # no language: dateparser guesses
        ("Feb 20", ("en", "de"), None),
        ("Thursday, 5 February 2026", ("en",), None),  # a weekday
        ("5 Feb 2026, 6:40am", ("en",), None),  # a time
        ("5  Feb 2026", ("en",), None),  # two spaces
    ],
)
def test_other_dates_are_left_to_dateparser(
    text: str, languages: tuple[str, ...], base: dt.date | None
) -> None:
    assert dates._plain_date(text, languages, base) is None


# -- plain dates with a time, read without dateparser: what dateparser reads ----------------------

#: Page language of each word a time may have with it (dateparser reads it in that one only).
TIME_WORD_LANGUAGES = {"Uhr": "de", "h": "fr", "à": "fr", "a las": "es"}


@st.composite
def dates_with_a_time(draw: st.DrawFn, language: str) -> tuple[str, bool]:
    """A plain date with its year and a time, either way round; and whether the reader takes it.

    Each form of time ("09:05", "9:05:30", "7:05 pm", "7:05p.m.", "07h05", "07:05 Uhr"), with or
    without a zone, after the date (spaces, a comma, a spaced dash or slash, "à", "a las") or
    before it: "4:12 PM EST, January 22, 2026".
    """
    with_year = [text for text, _ in plain_dates(language) if dates._YEAR.search(text)]
    date = draw(st.sampled_from(with_year))
    hour, minute, second = (draw(st.integers(0, most)) for most in (23, 59, 59))
    hh = draw(st.sampled_from([f"{hour}", f"{hour:02}"]))
    half = draw(st.sampled_from(["am", "pm", "AM", "PM", "a.m.", "p.m."]))
    word, clock = draw(
        st.sampled_from(
            [
                (None, f"{hh}:{minute:02}"),
                (None, f"{hh}:{minute:02}:{second:02}"),
                (None, f"{hour % 12 or 12}:{minute:02} {half}"),
                (None, f"{hour % 12 or 12}:{minute:02}{half}"),
                ("h", f"{hh}h{minute:02}"),
                ("Uhr", f"{hh}:{minute:02} Uhr"),
            ]
        )
    )
    zone = draw(st.sampled_from(["", *(f" {zone}" for zone in dates._ZONES)]))
    if draw(st.booleans()):
        between = draw(
            st.sampled_from([" ", "   ", ", ", " - ", " – ", " — ", " / ", " à ", " a las "])
        )
        text = f"{date}{between}{clock}{zone}"
        words = [word, between.strip(" ,-–—/") or None]
    else:
        text = f"{clock}{zone}{draw(st.sampled_from([', ', ' ']))}{date}"
        words = [word]
    taken = all(TIME_WORD_LANGUAGES[w] == language.split("-")[0] for w in words if w)
    return text, taken


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["en", "en-US", "en-GB", "de", "fr", "es"]).flatmap(
    lambda language: st.tuples(st.just(language), dates_with_a_time(language), st.booleans())
))  # fmt: skip
def test_plain_dates_with_a_time_are_read_as_dateparser_reads_them(
    case: tuple[str, tuple[str, bool], bool],
) -> None:
    # A wider check (36,000 random ones, six language codes, with and without, four bases) agreed.
    language, (text, taken), with_language = case
    languages = (language,) if with_language else ()
    fast = dates._plain_date_time(text, languages, None)
    assert (fast is not None) == (taken and with_language), text
    if fast is not None:
        assert fast == dateparser_reads(text, languages, None), text


@pytest.mark.parametrize(
    "text, languages, expected",
    [
        ("12 March 2026   09:14 GMT", ("en",), "2026-03-12T09:14:00+00:00"),
        ("Feb 04, 2026, 7:05 PM", ("en",), "2026-02-04T19:05:00"),
        ("4:12 PM EST, January 22, 2026", ("en",), "2026-01-22T16:12:00-05:00"),
        ("05.02.2026 07:30 Uhr", ("de",), "2026-02-05T07:30:00"),
        ("9. Februar 2026, 18:22 Uhr", ("de",), "2026-02-09T18:22:00"),
        ("20/02/2026 à 07h30", ("fr",), "2026-02-20T07:30:00"),
        ("04 feb 2026 - 08:05 CET", ("es",), "2026-02-04T08:05:00+01:00"),
        ("2026-02-19 a las 09:45", ("es",), "2026-02-19T09:45:00"),
    ],
)
def test_a_plain_date_with_a_time_is_read_without_dateparser(
    text: str, languages: tuple[str, ...], expected: str
) -> None:
    assert dates._plain_date_time(text, languages, None) == expected
    assert dateparser_reads(text, languages, None) == expected


@pytest.mark.parametrize(
    "text, languages",
    [
        ("12 March 2026 09:14", ()),  # no language: dateparser guesses
        ("12 March 09:14", ("en",)),  # no year
        ("12 March 2026 13:00 pm", ("en",)),  # dateparser's own reading (13:00)
        ("12 March 2026 24:00", ("en",)),
        ("12 March 2026 09:14 IST", ("en",)),  # Israel's to dateparser
        ("Feb 11 2026, 10:32 GMT+1", ("en",)),
        ("05.02.2026 07:30 Uhr", ("en",)),  # "Uhr" only on a German page
        ("17. Agosto 2024 / 09h30", ("es",)),  # dateparser reads no "h" time in Spanish
        ("Thu 19 Feb 2026 at 7:02am", ("en",)),  # a weekday
        ("Sat 14 Feb 2026 00.15 GMT", ("en",)),
        ("12 de febrero de 2026, 14:30 hrs", ("es",)),
    ],
)
def test_other_dates_with_a_time_are_left_to_dateparser(
    text: str, languages: tuple[str, ...]
) -> None:
    assert dates._plain_date_time(text, languages, None) is None


def test_a_date_without_its_year_is_the_latest_before_the_base() -> None:
    assert parse_date("Dec 30", ["en"], dt.date(2026, 6, 30)) == "2025-12-30"
    assert parse_date("30 juin", ["fr"], dt.date(2026, 6, 30)) == "2026-06-30"
    today = dt.date.today()
    assert parse_date(f"{today:%B} {today.day}", ["en"]) == today.isoformat()


# -- searches tried only where a match can start: what a search of the whole text finds -----------

DATE_PIECES = [
    "1", "9", "19", "198", "1987", "2026", "20", "x", "_", " ", "\n", "-", ".", ",", "Feb", "By ",
    "Published: ", "Updated ", "TOKYO, ", "Oct 27", " (Kyodo) - ", "RICHMOND, Va., ", "March 5 -",
]  # fmt: skip
CREDIT_PIECES = [
    "Reporting", "reporting", "REPORTED", "Writing", "written", "Wrıting", "by", " ", "  ", "\n",
    ";", ",", "Additional ", "additional ", "Editing ", "editing ", "Ana Ruiz", "Tom Becker",
    "and", "Li", "report", "writ", "Mark", "xreporting",
]  # fmt: skip


def joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=25).map("".join)


@given(joined(DATE_PIECES))
def test_years_are_found_as_the_boundary_pattern_finds_them(text: str) -> None:
    assert dates._YEAR.findall(text) == re.findall(r"\b(19[89]\d|20\d\d)\b", text)


@given(joined(DATE_PIECES))
def test_line_patterns_tried_at_line_starts_find_what_a_search_finds(text: str) -> None:
    for pattern in (dates._LABEL, dates._DATELINE, dates._BARE_DATELINE):
        found = [(m.span(), m.groupdict()) for m in dates._at_line_starts(pattern, text)]
        assert found == [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@given(joined(CREDIT_PIECES))
def test_reporting_credits_are_found_where_a_search_finds_them(text: str) -> None:
    found = [(m.span(), m["names"]) for m in bylines._reporting_credits(text)]
    assert found == [(m.span(), m["names"]) for m in bylines._REPORTING.finditer(text)]


def test_the_characters_lower_case_misplaces_for_the_publisher_phrases_are_all_known() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    letters = set("".join(publishers._RIGHTS_PHRASES + publishers._MASTHEAD_OPENINGS))
    apart = {
        character
        for letter in letters
        for character in re.findall(f"(?i:{re.escape(letter)})", every_character)
        if character.lower() != letter
    }
    assert apart == set(publishers._FOLDED_APART)


@pytest.mark.parametrize(
    "ending",
    [
        "Calder Post – ALL RIGHTS RESERVED",
        "Calder Post – All Rıghts Reserved",  # a dotless i: searched ignoring case
        "Welcome to the Calder Post.",
        "SIGN UP FOR the Calder Post newsletter",
    ],
)
def test_a_site_names_itself_in_any_case(ending: str) -> None:
    assert publishers.named_publisher([f"{LEDE}\n{ending}"]) is not None

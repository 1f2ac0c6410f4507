"""The ``whitespace`` cleaner: invisible characters, paragraphs, hard-wrap detection."""

from __future__ import annotations

import re
import sys
import textwrap
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import Document, Fate
from thresher.testing import run_component
from thresher_plugins.clean_whitespace import _INVISIBLE, _LINE_BREAKS, WhitespaceCleaner

NEWSWIRE = [
    "VALDORA, March 3 (Harbour Wire) - The opening of the Serran rail tunnel will slip by "
    "at least eighteen months and its cost will rise by a third, the infrastructure minister "
    "told parliament on Tuesday.",
    "Engineers had met far more water-bearing rock than any survey predicted along a "
    "four-kilometre stretch near the midpoint, forcing crews to slow their advance while the "
    "ground was sealed.",
    "The opposition called for an independent audit of the budget and asked who had signed "
    "off on the original geological surveys, which were completed nine years ago.",
]

SCRAPED = [
    "Skip to content",
    "Home | News | Ports | Weather",
    "Dockworkers walk out at 12 ports as wage talks collapse",
    "About 3,400 dockworkers walked off the job on Wednesday morning, halting container traffic "
    "at the busiest terminals after overnight wage talks broke down without a deal.",
    "Share on Facebook",
    "Grain Exports Rebound After Harbour Dredging",
    "Insurers Raise Flood Premiums in Low-Lying Districts",
    "Airline Pilots Agree Three-Year Pay Deal",
    "Valdora Marathon Sets Participation Record",
]


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "whitespace", text, **options)


def wrapped(paragraphs: list[str], width: int, separator: str = "\n\n") -> str:
    return separator.join(textwrap.fill(p, width=width) for p in paragraphs) + "\n"


# -- the output convention ----------------------------------------------------------------


def test_one_block_per_line_becomes_one_paragraph_per_line() -> None:
    document = clean("\n".join(SCRAPED))
    assert document.text == "\n\n".join(SCRAPED)
    assert document.removals == []


def test_spaces_tabs_blank_lines_and_line_ends_are_normalised() -> None:
    raw = "  First\t\tline  with   gaps \r\n\r\n\r\n\n  \t \nSecond\u00a0\u00a0line\u2003here\r\rThird "
    assert clean(raw).text == "First line with gaps\n\nSecond line here\n\nThird"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\x1e"])
def test_every_kind_of_line_break_separates_paragraphs(separator: str) -> None:
    assert clean(f"one{separator}two").text == "one\n\ntwo"


def test_whitespace_only_text_is_dropped() -> None:
    document = clean(" \n\t\u200b \n ")
    assert (document.fate, document.reason) == (Fate.DROPPED, "empty")


# -- invisible characters ------------------------------------------------------------------


def test_zero_width_and_control_characters_are_removed_and_counted() -> None:
    document = clean("Dock\u200bworkers\u200b walk\x07 out\u00ad \ufeffto\u200bday")
    assert document.text == "Dockworkers walk outtoday".replace("outtoday", "out today")
    assert [(r.component, r.reason, r.text) for r in document.removals] == [
        ("whitespace", "invisible-characters", "1 × U+0007"),
        ("whitespace", "invisible-characters", "1 × U+00AD (SOFT HYPHEN)"),
        ("whitespace", "invisible-characters", "3 × U+200B (ZERO WIDTH SPACE)"),
        ("whitespace", "invisible-characters", "1 × U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ]


def test_joiners_are_kept() -> None:
    text = "👩\u200d💻 and می\u200cخواهم"
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_unit_separator_is_a_space_not_a_deletion() -> None:
    assert clean("two\x1fwords").text == "two words"


# -- hard-wrapped text ------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 72, 80, 100])
def test_hard_wrapped_paragraphs_are_unwrapped(width: int) -> None:
    document = clean(wrapped(NEWSWIRE, width))
    assert document.text == "\n\n".join(NEWSWIRE)


def test_hard_wrapped_text_without_blank_lines_breaks_after_short_lines() -> None:
    # At width 70 each of these paragraphs ends on a line the next word would
    # have fitted on, which is what tells a paragraph end from a wrap.
    document = clean(wrapped(NEWSWIRE[1:], 70, separator="\n"))
    assert document.text == "\n\n".join(NEWSWIRE[1:])


def test_a_paragraph_end_that_fills_the_width_is_taken_for_a_wrap() -> None:
    # The documented limit: without a blank line or a short last line, the
    # end of a paragraph cannot be told from a wrap, so the two are joined.
    document = clean(wrapped(NEWSWIRE, 70, separator="\n"))
    assert document.text == " ".join(NEWSWIRE[:2]) + "\n\n" + NEWSWIRE[2]


def test_short_lines_inside_wrapped_text_stay_paragraphs() -> None:
    raw = "TUNNEL DELAYED\n\n" + wrapped(NEWSWIRE[:2], 70) + "\n-- Reporting by L. Ferro\n"
    document = clean(raw)
    assert document.text.split("\n\n") == [
        "TUNNEL DELAYED",
        *NEWSWIRE[:2],
        "-- Reporting by L. Ferro",
    ]


def test_headline_lists_are_not_mistaken_for_wrapping() -> None:
    headlines = [
        *SCRAPED[5:],
        "Parliament Debates Lowering Voting Age to 16",
        "Electric Bus Fleet to Double by End of Year",
        "Museum Returns Medieval Manuscripts to Monastery",
    ]
    assert clean("\n".join(headlines)).text == "\n\n".join(headlines)


def test_unwrap_never_keeps_every_line() -> None:
    raw = wrapped(NEWSWIRE[:1], 70)
    assert clean(raw, unwrap="never").text == "\n\n".join(raw.strip().split("\n"))


def test_unwrap_always_joins_lines_between_blank_lines() -> None:
    raw = "a short line\nanother short one\n\nthird"
    assert clean(raw, unwrap="always").text == "a short line another short one\n\nthird"
    assert clean(raw).text == "a short line\n\nanother short one\n\nthird"


# -- properties ---------------------------------------------------------------------------------

#: Text made of words and every kind of white space (no invisible characters,
#: so the words of the input are exactly the words that must come out).
WORDY = st.lists(
    st.one_of(
        st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=8),
        st.sampled_from([" ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\u00a0",
                         "\u3000", "\x0c", "\u2028", " \n ", "\x1f"]),
    ),
    max_size=60,
).map("".join)  # fmt: skip

FREE = st.one_of(WORDY, st.text())

PROPERTY = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@PROPERTY
@given(FREE, st.sampled_from(["auto", "always", "never"]))
def test_whitespace_cleaning_is_idempotent(text: str, unwrap: str) -> None:
    once = clean(text, unwrap=unwrap)
    if not once.kept:
        return
    twice = clean(once.text, unwrap=unwrap)
    assert twice.text == once.text
    assert twice.removals == []


@PROPERTY
@given(FREE, st.sampled_from(["auto", "always", "never"]))
def test_output_has_no_triple_newlines_or_stray_spaces(text: str, unwrap: str) -> None:
    output = clean(text, unwrap=unwrap).text
    assert "\n\n\n" not in output
    assert output == output.strip()
    for line in output.split("\n"):
        assert line == line.strip()
        assert "  " not in line


@PROPERTY
@given(WORDY, st.sampled_from(["auto", "always", "never"]))
def test_no_word_is_ever_lost(text: str, unwrap: str) -> None:
    output = clean(text, unwrap=unwrap).text
    assert Counter(output.split()) == Counter(text.split())


@PROPERTY
@given(st.lists(st.text(st.characters(categories=["L"]), min_size=1, max_size=12), max_size=40))
def test_wrapped_prose_keeps_its_words(words: list[str]) -> None:
    prose = " ".join(words)
    output = clean(textwrap.fill(prose, width=40) if prose else "").text
    assert Counter(output.split()) == Counter(prose.split())


def test_newswire_paragraphs_marked_by_indentation_are_unwrapped() -> None:
    # wrapped near 65 columns, paragraphs opened by an indented line
    wire = (
        "Harbour Wire Holdings said on Monday it would merge its freight\n"
        "and passenger units by June, cutting 300 jobs across the north.\n"
        "    The company said the merger would save 14 mln crowns a year\n"
        "from 2027, and that no port would close as a result of it.\n"
        "    Unions said they would meet on Thursday to discuss the plan\n"
        "with the management of the two units.\n"
    )
    assert clean(wire).text == (
        "Harbour Wire Holdings said on Monday it would merge its freight and passenger units "
        "by June, cutting 300 jobs across the north.\n\n"
        "The company said the merger would save 14 mln crowns a year from 2027, and that no "
        "port would close as a result of it.\n\n"
        "Unions said they would meet on Thursday to discuss the plan with the management of "
        "the two units."
    )


def test_one_indented_line_does_not_make_a_scrape_wrapped() -> None:
    scrape = "Home\nWorld\n    Business\nSport\nA headline about the port strike"
    assert (
        clean(scrape).text
        == "Home\n\nWorld\n\nBusiness\n\nSport\n\nA headline about the port strike"
    )


def test_stray_indentation_in_a_one_block_per_line_scrape_joins_nothing() -> None:
    long_block = "The committee voted five to two to raise the benchmark rate, and said " * 3
    scrape = "\n".join(
        [
            long_block + "first.",
            "  " + long_block + "second.",
            long_block + "third.",
            "\t" + long_block + "fourth.",
        ]
    )
    assert clean(scrape).text.count("\n\n") == 3


# -- the shortcuts change nothing --------------------------------------------------------------


def test_every_character_the_patterns_act_on_is_unprintable() -> None:
    # What lets the cleaner skip them on text that str.isprintable() passes.
    acted_on = [
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if _LINE_BREAKS.match(char) or _INVISIBLE.match(char) or (char.isspace() and char != " ")
    ]
    assert len(acted_on) > 60
    assert [char for char in acted_on if char.isprintable()] == []


class _EveryStepWhitespaceCleaner(WhitespaceCleaner):
    """The cleaner without its shortcuts: every pattern runs, line by line."""

    def clean(self, document: Document) -> None:
        text = _LINE_BREAKS.sub("\n", document.text)
        text = self._remove_invisible(document, text)
        raw_lines = text.split("\n")
        lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in raw_lines]
        indented = {
            i for i, line in enumerate(raw_lines) if re.match(r" {2,}|\t", line) and lines[i]
        }
        document.text = "\n\n".join(self._paragraphs(lines, indented))
        if not document.text:
            document.drop("empty")


@PROPERTY
@given(
    st.one_of(FREE, WORDY.map(lambda text: text.replace(" \n ", "\n  "))),
    st.sampled_from(["auto", "always", "never"]),
)
def test_the_shortcuts_change_nothing(text: str, unwrap: str) -> None:
    fast, slow = Document("d", text), Document("d", text)
    WhitespaceCleaner(unwrap=unwrap).clean(fast)
    _EveryStepWhitespaceCleaner(unwrap=unwrap).clean(slow)
    assert (fast.text, fast.fate, fast.removals) == (slow.text, slow.fate, slow.removals)

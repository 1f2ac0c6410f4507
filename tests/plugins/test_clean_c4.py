"""The ``c4`` cleaner: C4's line rules, its page rules, and every removal accounted for."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from line_rules import ARTICLE, LINES

from thresher import ConfigError, Document, split_blocks
from thresher.testing import make_test_pipeline, run_cli, run_component

#: Only line rules: no page is dropped for what it contains or for being short.
LINE_LEVEL = {"min_num_sentences": -1, "filter_lorem_ipsum": False, "filter_curly_bracket": False}


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "c4", text, **options)


def removals(document: Document) -> list[tuple[str, str]]:
    assert all(r.component == "c4" for r in document.removals)
    return [(r.reason, r.text) for r in document.removals]


def test_an_article_of_sentences_is_left_exactly_as_it_was() -> None:
    document = clean(ARTICLE)
    assert document.kept and document.text == ARTICLE and document.removals == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Home", "c4-no-terminal-punctuation"),
        ("Subscribe to our newsletter", "c4-no-terminal-punctuation"),
        ("Read the full story...", "c4-no-terminal-punctuation"),
        ("Posted by the editors:", "c4-no-terminal-punctuation"),
        ("Thanks!", "c4-too-few-words"),
        ("Great news.", "c4-too-few-words"),
        ("Please enable JavaScript to see the comments.", "c4-javascript"),
        ("By using this site you agree to our Terms of Use.", "c4-policy"),
        ("This website uses cookies to improve your experience.", "c4-policy"),
        ("We updated our Privacy Policy last week.", "c4-policy"),
        ("Tags: " + "x" * 1001 + " and more.", "c4-too-long-word"),
    ],
)
def test_a_line_failing_a_rule_is_removed_and_recorded(line: str, reason: str) -> None:
    text = "\n".join([*LINES[:2], line, *LINES[2:]])
    document = clean(text)
    assert document.kept and document.text == ARTICLE
    assert removals(document) == [(reason, line)]


@pytest.mark.parametrize(
    "line",
    [
        "Will the buses run on Sundays?",
        "Nobody expected the result!",
        'The mayor called the plan "long overdue."',
        "Locals call the route 'the owl'",
        "Tags: " + "x" * 1000 + " and more.",
    ],
)
def test_a_line_ending_a_sentence_stays(line: str) -> None:
    text = "\n".join([*LINES, line])
    assert clean(text).text == text


def test_paragraphs_are_lines_and_keep_their_blank_lines() -> None:
    text = "\n\n".join(["Menu", LINES[0], "Share this", *LINES[1:]])
    document = clean(text)
    assert document.text == "\n\n".join(LINES)
    assert [reason for reason, _ in removals(document)] == ["c4-no-terminal-punctuation"] * 2


@pytest.mark.parametrize(
    ("line", "kept", "marker"),
    [
        ("The old bridge opened in 1932.[3]", "The old bridge opened in 1932.", "[3]"),
        ("The tower is 40 metres tall[citation needed].", "The tower is 40 metres tall.", "[citation needed]"),
        ("[12] The station was rebuilt after the fire.", "The station was rebuilt after the fire.", "[12]"),
    ],
)  # fmt: skip
def test_citation_markers_are_cut_out_and_recorded(line: str, kept: str, marker: str) -> None:
    document = clean("\n".join([*LINES, line]))
    assert document.text == "\n".join([*LINES, kept])
    assert removals(document) == [("c4-citation", marker)]


def test_a_line_removed_after_its_citations_were_cut_is_recorded_whole() -> None:
    document = clean("\n".join([*LINES, "History[edit]"]))
    assert document.text == ARTICLE
    assert removals(document) == [("c4-no-terminal-punctuation", "History[edit]")]


def test_citations_can_be_kept() -> None:
    line = "The old bridge opened in 1932.[3]"
    document = clean("\n".join([*LINES, line]), remove_citations=False)
    assert removals(document) == [("c4-no-terminal-punctuation", line)]


@pytest.mark.parametrize(
    ("option", "line"),
    [
        ("filter_no_terminal_punct", "Subscribe to our newsletter"),
        ("filter_javascript", "Please enable JavaScript to see the comments."),
        ("filter_policy", "This website uses cookies to improve your experience."),
    ],
)
def test_each_line_rule_can_be_turned_off(option: str, line: str) -> None:
    text = "\n".join([*LINES, line])
    assert clean(text).text == ARTICLE
    assert clean(text, **{option: False}).text == text


def test_count_thresholds_can_be_changed_or_disabled() -> None:
    text = "\n".join([*LINES, "Thanks!", "Tags: " + "x" * 1001 + " and more."])
    assert clean(text).text == ARTICLE
    assert clean(text, min_words_per_line=1, max_word_length=-1).text == text


# -- page rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "c4-lorem-ipsum"),
        ("The template prints {name} at the top of every page.", "c4-curly-bracket"),
    ],
)
def test_placeholder_text_or_code_drops_the_page(line: str, reason: str) -> None:
    text = "\n".join(["Home", *LINES, line])
    document = clean(text)
    assert (document.kept, document.reason) == (False, reason)
    assert document.text == text and document.removals == []
    option = "filter_lorem_ipsum" if reason == "c4-lorem-ipsum" else "filter_curly_bracket"
    assert clean(text, **{option: False}).text == "\n".join([*LINES, line])


@pytest.mark.parametrize(
    "line",
    [
        "Lorem ipsum dolor sit amet",  # no terminal punctuation: only the line goes
        "var options = {",
        "Enable JavaScript to load {widgets} here.",  # the javascript rule comes first
    ],
)
def test_page_rules_only_see_lines_that_passed_the_earlier_line_rules(line: str) -> None:
    document = clean("\n".join([*LINES, line]))
    assert document.kept and document.text == ARTICLE


def test_a_page_with_fewer_than_five_sentences_is_dropped() -> None:
    text = "\n".join(["Home", *LINES[:4]])
    document = clean(text)
    assert (document.kept, document.reason) == (False, "c4-too-few-sentences")
    assert document.text == text and document.removals == []
    assert clean(text, min_num_sentences=4).text == "\n".join(LINES[:4])
    assert clean(text, min_num_sentences=-1).text == "\n".join(LINES[:4])


def test_sentences_are_counted_within_lines_and_abbreviations_do_not_end_them() -> None:
    one_line = "The vote was close. It passed by one. The mayor abstained. Critics left! Why?"
    assert clean(one_line).text == one_line
    # Three sentences and one with four abbreviations in it: four in all.
    abbreviated = "Mr. Lund met Dr. Okafor at 9 a.m. at the U.S. embassy."
    assert clean("\n".join([*LINES[:3], abbreviated])).reason == "c4-too-few-sentences"


def test_a_page_left_with_nothing_is_dropped_as_empty() -> None:
    document = clean("Home\nNews\nSport", **LINE_LEVEL)
    assert (document.kept, document.reason) == (False, "empty")
    assert [text for _, text in removals(document)] == ["Home", "News", "Sport"]


def test_sentence_mode_applies_the_line_rules_to_each_sentence() -> None:
    paragraph = f"Updated 5 minutes ago. {LINES[0]} Click here"
    text = "\n\n".join([paragraph, *LINES[1:]])
    document = clean(text, split_paragraph=False)
    assert document.text == "\n\n".join([f"Updated 5 minutes ago. {LINES[0]}", *LINES[1:]])
    assert removals(document) == [("c4-no-terminal-punctuation", "Click here")]


@pytest.mark.parametrize("option", ["min_num_sentences", "min_words_per_line", "max_word_length"])
def test_counts_below_minus_one_are_usage_errors(option: str) -> None:
    with pytest.raises(ConfigError, match=option):
        clean(ARTICLE, **{option: -2})


# -- properties -------------------------------------------------------------------------------

CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
REASONS = {
    "c4-no-terminal-punctuation",
    "c4-too-few-words",
    "c4-too-long-word",
    "c4-javascript",
    "c4-policy",
    "c4-citation",
}
LINE = st.one_of(
    st.sampled_from(
        [
            *LINES,
            "Home",
            "Share this story",
            "Thanks!",
            "Please enable JavaScript to see the comments.",
            "This website uses cookies to improve your experience.",
            "The old bridge opened in 1932.[3]",
            "History[edit]",
            "Read more...",
        ]
    ),
    # Never blank: a blank line would turn one-block-per-line text into paragraphs.
    st.text(st.sampled_from(list("abcXYZ 019.!?'\"{}")), min_size=1, max_size=40).filter(str.strip),
)


def characters(text: str) -> Counter[str]:
    return Counter("".join(text.split()))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_every_character_is_kept_or_recorded_and_cleaning_twice_changes_nothing(
    lines: list[str], separator: str
) -> None:
    text = separator.join(lines)
    document = clean(text, **LINE_LEVEL)
    assert document.kept or document.reason == "empty"
    assert {reason for reason, _ in removals(document)} <= REASONS
    # The removed text and the kept text account for the input, and nothing was added.
    removed = sum((characters(r.text) for r in document.removals), Counter())
    assert characters(document.text) + removed == characters(text)
    # Every kept line is an input line, less its citation markers.
    blocks, _ = split_blocks(text)
    allowed = {CITATION.sub("", block).strip() for block in blocks}
    assert all(block in allowed for block in split_blocks(document.text)[0] if document.text)
    if document.kept:
        again = clean(document.text, **LINE_LEVEL)
        assert again.text == document.text and again.removals == []


# -- selecting it -----------------------------------------------------------------------------


def test_c4_is_not_a_default_cleaner() -> None:
    assert "c4" not in make_test_pipeline().registry.defaults("clean")


def test_c4_is_selectable_from_the_command_line_with_options() -> None:
    scraped = "\n".join(["Home | News | Sport", *LINES[:2], "Share this", *LINES[2:4]]) + "\n"
    args = ["-q", "load", "-", "clean", "--only", "unicode,whitespace,c4", "export", "-o", "-"]
    result = run_cli(make_test_pipeline(), args, input=scraped)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # four sentences: the page is dropped
    result = run_cli(
        make_test_pipeline(),
        [*args[:6], "-s", "c4.min_num_sentences=-1", *args[6:]],
        input=scraped,
    )
    assert result.exit_code == 0, result.output
    (record,) = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert record["text"] == "\n\n".join(LINES[:4])
    assert record["removed"] == {"c4-no-terminal-punctuation": 2}

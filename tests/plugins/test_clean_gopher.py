"""The ``gopher-quality`` and ``gopher-repetition`` cleaners, and the word tokenizer they share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from line_rules import clean_pages_with_cli

from thresher import ConfigError, Document
from thresher.testing import make_test_pipeline, run_component
from thresher_plugins.clean_gopher import find_duplicates

PROSE = (
    "The county council voted on Tuesday to extend the night bus service to the two new "
    "housing estates on the edge of town. Residents had asked for the change for more than "
    "a year, and the transport committee said that the cost would be covered by the parking "
    "levy. The first buses will run in the spring, and the timetable will be reviewed after "
    "six months with the help of a survey of passengers."
)
SENTENCES = [s + "." for s in PROSE.removesuffix(".").split(". ")]


def quality(text: str, **options: Any) -> Document:
    return run_component("clean", "gopher-quality", text, **options)


def repetition(text: str, **options: Any) -> Document:
    return run_component("clean", "gopher-repetition", text, **options)


# -- gopher-quality ---------------------------------------------------------------------------


def test_an_ordinary_article_passes_and_is_left_untouched() -> None:
    for clean in (quality, repetition):
        document = clean(PROSE)
        assert document.kept and document.text == PROSE and document.removals == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The council met on Tuesday and the vote was close.", "gopher-short-doc"),
        (" ".join(["it is to be so and we go on"] * 6), "gopher-short-words"),
        (" ".join(["internationalisation characterisation the and"] * 15), "gopher-long-words"),
        (PROSE + " #news" * 12, "gopher-hashes"),
        (PROSE + " Wait..." * 12, "gopher-ellipses"),
        ("\n".join(f"- {sentence}" for sentence in SENTENCES * 2), "gopher-bullet-lines"),
        ("\n".join([SENTENCES[0], SENTENCES[1] + "…", SENTENCES[2] + "…"]), "gopher-ellipsis-lines"),
        (PROSE + " 1984 2001 42" * 9, "gopher-non-alpha-words"),
        (
            "Council members voted yesterday on plans for new cycle lanes across town. "
            "Several residents spoke at length about traffic near schools, while shop owners "
            "worried about deliveries. A final decision is expected next month after officials "
            "publish a detailed report on costs, parking and safety. Local groups welcomed "
            "this step but asked for more consultation before any work starts.",
            "gopher-stop-words",
        ),
    ],
)  # fmt: skip
def test_a_document_failing_one_quality_rule_is_dropped_with_its_reason(
    text: str, reason: str
) -> None:
    document = quality(text)
    assert (document.kept, document.reason) == (False, reason)
    assert document.text == text and document.removals == []


def test_stop_words_are_matched_case_sensitively_as_in_datatrove() -> None:
    # "The" and "And" open sentences here; the lower-case words never occur.
    text = " ".join(["The council voted. And residents cheered loudly outside city hall."] * 6)
    assert quality(text).reason == "gopher-stop-words"
    assert quality(text, stop_words=["The", "And"]).kept


def test_blank_lines_between_paragraphs_do_not_dilute_the_line_ratios() -> None:
    # 2 of 4 paragraphs end with an ellipsis: over 30 %, blank lines or not.
    text = "\n\n".join([SENTENCES[0], SENTENCES[1] + "…", SENTENCES[2] + "…", PROSE])
    assert quality(text).reason == "gopher-ellipsis-lines"


def test_zero_disables_a_threshold() -> None:
    short = "The council met on Tuesday and the vote was close."
    assert quality(short, min_doc_words=0).kept
    assert quality(PROSE, max_doc_words=20).reason == "gopher-long-doc"
    assert quality("", min_doc_words=0, min_stop_words=0).kept


def test_invalid_quality_options_are_usage_errors() -> None:
    with pytest.raises(ConfigError, match="max_bullet_lines_ratio"):
        quality(PROSE, max_bullet_lines_ratio=1.5)
    with pytest.raises(ConfigError, match="min_doc_words"):
        quality(PROSE, min_doc_words=-1)


# -- gopher-repetition ------------------------------------------------------------------------

OTHER = (
    "Opposition members asked why the night service had not been extended to the older "
    "estates in the north, where many shift workers live."
)
THIRD = "A spokesperson said that the north would be considered in the next review."
CHUNKS = [PROSE.split()[i : i + 4] for i in range(0, len(PROSE.split()), 4)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("\n\n".join([PROSE, OTHER, THIRD, OTHER, THIRD]), "gopher-dup-paragraphs"),
        ("\n\n".join([PROSE, OTHER, THIRD, PROSE]), "gopher-dup-paragraph-chars"),
        ("\n".join([*SENTENCES, OTHER, "Share", "Print", "Share", "Print", "Share"]), "gopher-dup-lines"),
        ("\n".join([PROSE, OTHER, THIRD, "Comments", PROSE]), "gopher-dup-line-chars"),
        (" ".join(f"New York {word}." for word in PROSE.split()), "gopher-top-2-gram"),
        (" ".join(f"in a statement {' '.join(chunk)}." for chunk in CHUNKS), "gopher-top-3-gram"),
        (PROSE + " " + PROSE, "gopher-dup-5-grams"),
        ("", "empty"),
    ],
)  # fmt: skip
def test_a_document_failing_one_repetition_rule_is_dropped_with_its_reason(
    text: str, reason: str
) -> None:
    document = repetition(text)
    assert (document.kept, document.reason) == (False, reason)
    assert document.text == text and document.removals == []


def test_ngram_thresholds_are_options() -> None:
    text = " ".join(f"New York {word}." for word in PROSE.split())
    # With the n-gram thresholds loosened, the next rule catches it.
    assert repetition(text, top_n_grams=[[2, 0.9]]).reason == "gopher-dup-5-grams"
    assert repetition(text, top_n_grams=[], dup_n_grams=[]).kept
    assert repetition(PROSE + " " + PROSE, dup_n_grams=[[5, 0.9], [6, 0.9]]).kept


def datatrove_find_all_duplicate(words: list[str], n: int) -> int:
    """datatrove's loop, transcribed: glued n-grams, a repeat skips its n words."""
    seen: set[str] = set()
    repeated = index = 0
    while index < len(words) - n + 1:
        gram = "".join(words[index : index + n])
        if gram in seen:
            repeated, index = repeated + len(gram), index + n
        else:
            seen.add(gram)
            index += 1
    return repeated


ONLY_NGRAMS = {
    "dup_line_frac": 0,
    "dup_para_frac": 0,
    "dup_line_char_frac": 0,
    "dup_para_char_frac": 0,
    "top_n_grams": [],
}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "ab", "ba", "abc", "c"]), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([0.05, 0.1, 0.2, 0.4]),
)
def test_repeated_ngrams_are_counted_as_datatrove_counts_them(
    words: list[str], n: int, fraction: float
) -> None:
    text = " ".join(words)
    document = repetition(text, **ONLY_NGRAMS, dup_n_grams=[[n, fraction]])
    expected = datatrove_find_all_duplicate(words, n) / len(text) > fraction
    assert document.reason == (f"gopher-dup-{n}-grams" if expected else None)


@pytest.mark.parametrize("bad", [[[0, 0.2]], [[2, 1.5]], [[2]], "2"])
def test_invalid_ngram_thresholds_are_usage_errors(bad: Any) -> None:
    with pytest.raises(ConfigError, match="gopher-repetition"):
        repetition(PROSE, top_n_grams=bad)


@given(st.lists(st.sampled_from(["a", "b", "cc", "", "dd d"]), max_size=12))
def test_find_duplicates_counts_every_repeat_after_the_first(items: list[str]) -> None:
    seen: set[str] = set()
    repeats = chars = 0
    for item in items:
        if item in seen:
            repeats, chars = repeats + 1, chars + len(item)
        seen.add(item)
    assert find_duplicates(items) == (repeats, chars)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from([PROSE, OTHER, THIRD, *SENTENCES, "Share", "#tag"]), max_size=8))
def test_gopher_cleaners_only_ever_drop_never_edit(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    for clean in (quality, repetition):
        document = clean(text)
        assert document.text == text and document.removals == []
        assert document.kept or document.reason.startswith("gopher-") or document.reason == "empty"


# -- selecting them ---------------------------------------------------------------------------


def test_gopher_cleaners_are_not_defaults() -> None:
    defaults = make_test_pipeline().registry.defaults("clean")
    assert "gopher-quality" not in defaults and "gopher-repetition" not in defaults


def test_gopher_cleaners_are_selectable_from_the_command_line(tmp_path: Path) -> None:
    pages = {
        "article.txt": PROSE + "\n" + OTHER + "\n" + THIRD + "\n",
        "teaser.txt": "The council met on Tuesday.\n",
    }
    only = "unicode,whitespace,gopher-quality,gopher-repetition"
    (kept,), (rejected,) = clean_pages_with_cli(tmp_path, pages, only)
    assert kept["id"] == "article.txt"
    assert (rejected["id"], rejected["reason"]) == ("teaser.txt", "gopher-short-doc")

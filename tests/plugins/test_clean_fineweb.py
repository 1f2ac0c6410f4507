"""The ``fineweb-quality`` cleaner: FineWeb's line-punctuation, short-line, duplicate and list rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from line_rules import ARTICLE, LINES, clean_pages_with_cli

from thresher import ConfigError, Document
from thresher.testing import make_test_pipeline, run_component

MENU = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Contact us"]
# Two long words a line: few words for each line break, as in a list.
TERMS = [
    "Telecommunications infrastructure.",
    "Internationalisation programmes.",
    "Counterrevolutionary manifestos",
    "Electroencephalography equipment",
    "Uncharacteristically enthusiastic",
    "Interdisciplinary collaborations",
    "Disproportionately overcrowded trains",
    "Environmentalists counterproposals",
    "Institutionalisation controversies",
    "Photosynthesising microorganisms",
]
# Four words a line: one break per five words, two if blank lines counted twice.
SHORT_SENTENCES = [
    "Councillors approved everything unanimously.",
    "Residents welcomed the extended timetable.",
    "Operators promised quieter electric buses.",
    "Drivers requested safer overnight shelters.",
    "Shopkeepers expect busier weekend evenings.",
    "Students applauded cheaper monthly passes.",
    "Commuters reported shorter journey times.",
    "Engineers inspected every suburban stop.",
    "Volunteers distributed printed timetables.",
    "Planners considered additional routes.",
]


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "fineweb-quality", text, **options)


def test_an_ordinary_article_passes_untouched() -> None:
    document = clean(ARTICLE)
    assert document.kept and document.text == ARTICLE and document.removals == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("\n".join([*MENU, "Privacy", "Terms", LINES[0]]), "fineweb-line-punct"),
        ("\n".join([*MENU[:6], *LINES[:2]]), "fineweb-short-lines"),
        ("\n".join([*LINES, "Share on Facebook", "Share on Facebook"]), "fineweb-char-duplicates"),
        ("\n".join(TERMS), "fineweb-new-lines"),
        ("\n  \n\t", "empty"),
    ],
)
def test_a_document_failing_one_rule_is_dropped_with_its_reason(text: str, reason: str) -> None:
    document = clean(text)
    assert (document.kept, document.reason) == (False, reason)
    assert document.text == text and document.removals == []


def test_unpunctuated_documents_can_be_spared_the_punctuation_rule() -> None:
    menu = "\n".join(MENU)
    assert clean(menu).reason == "fineweb-line-punct"
    assert clean(menu, line_punct_exclude_zero=True).reason == "fineweb-short-lines"


def test_stop_chars_and_thresholds_are_options() -> None:
    assert clean(ARTICLE, stop_chars=["!", "?"]).reason == "fineweb-line-punct"
    assert clean(ARTICLE.replace(".", "。"), stop_chars=["。"]).kept
    assert clean("\n".join(TERMS), new_line_ratio=0.5).kept
    assert clean("\n".join([*MENU[:6], *LINES[:2]]), short_line_length=3).kept


def test_a_blank_line_between_paragraphs_is_one_line_break() -> None:
    # Ten four-word paragraphs: 9 breaks for 50 words; counted twice they would be a list.
    for separator in ("\n", "\n\n"):
        assert clean(separator.join(SHORT_SENTENCES)).kept


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("stop_chars", "."),
        ("stop_chars", [""]),
        ("short_line_length", -1),
        ("line_punct_thr", -0.1),
    ],
)
def test_invalid_options_are_usage_errors(option: str, value: Any) -> None:
    with pytest.raises(ConfigError, match="fineweb-quality"):
        clean(ARTICLE, **{option: value})


REASONS = {
    "fineweb-line-punct",
    "fineweb-short-lines",
    "fineweb-char-duplicates",
    "fineweb-new-lines",
    "empty",
}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from([*LINES, *MENU, *TERMS, "", " "]), max_size=15),
    st.sampled_from(["\n", "\n\n"]),
)
def test_the_cleaner_only_ever_drops_never_edits(lines: list[str], separator: str) -> None:
    text = separator.join(lines)
    document = clean(text)
    assert document.text == text and document.removals == []
    assert document.kept or document.reason in REASONS


def test_fineweb_quality_is_not_a_default() -> None:
    assert "fineweb-quality" not in make_test_pipeline().registry.defaults("clean")


def test_fineweb_quality_is_selectable_from_the_command_line(tmp_path: Path) -> None:
    pages = {"article.txt": ARTICLE + "\n", "menu.txt": "\n".join(MENU) + "\n"}
    (kept,), (rejected,) = clean_pages_with_cli(
        tmp_path, pages, "unicode,whitespace,fineweb-quality"
    )
    assert kept["id"] == "article.txt" and kept["text"] == "\n\n".join(LINES)
    assert (rejected["id"], rejected["reason"]) == ("menu.txt", "fineweb-line-punct")

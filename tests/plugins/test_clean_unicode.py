"""The ``unicode`` cleaner: mojibake and entity repair, audit trail, idempotence."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import ConfigError, Document
from thresher.testing import run_component


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "unicode", text, **options)


def test_mojibake_is_repaired_and_recorded_line_by_line() -> None:
    document = clean("Fine first line.\nThe minister doesnâ€™t agree.\nLast line.")
    assert document.text == "Fine first line.\nThe minister doesn’t agree.\nLast line."
    assert [(r.component, r.reason, r.text, r.replacement) for r in document.removals] == [
        (
            "unicode",
            "unicode-repair",
            "The minister doesnâ€™t agree.",
            "The minister doesn’t agree.",
        )
    ]


@pytest.mark.parametrize(("broken", "fixed"), [
    ("caf&eacute; &amp; bar", "café & bar"),
    ("Profits &amp;amp; losses", "Profits & losses"),
    ("â€œQuotedâ€\x9d text", "“Quoted” text"),
    ("Ã‰cole Ã  Paris", "École à Paris"),
    ("the ﬁnal oﬀer", "the final offer"),
    ("e\u0301te\u0301", "été"),
])  # fmt: skip
def test_common_damage_is_repaired(broken: str, fixed: str) -> None:
    document = clean(broken)
    assert document.text == fixed
    assert document.removals[0].replacement == fixed


def test_correct_text_is_untouched_and_curly_quotes_stay() -> None:
    text = "He said “the rota question is settled” — it’s final.\n\nZweite Straße, café."
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_uncurl_quotes_option_straightens_quotes() -> None:
    assert clean("“Yes,” she said.", uncurl_quotes=True).text == '"Yes," she said.'


def test_normalization_option() -> None:
    assert clean("e\u0301", normalization="none").text == "e\u0301"
    assert clean("e\u0301", normalization="NFD").text == "e\u0301"
    assert clean("\u00e9", normalization="NFD").text == "e\u0301"


def test_unknown_normalization_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unicode"):
        clean("x", normalization="NFX")


def test_recorded_entries_are_capped_and_the_rest_summed_up() -> None:
    lines = [f"Line {n} doesnâ€™t hold" for n in range(60)]
    document = clean("\n".join(lines))
    assert len(document.removals) == 51
    assert all(r.reason == "unicode-repair" for r in document.removals)
    assert document.removals[49].text == "Line 49 doesnâ€™t hold"
    last = document.removals[50]
    assert last.text == "\n".join(lines[50:])
    assert last.replacement == "\n".join(f"Line {n} doesn’t hold" for n in range(50, 60))
    assert "â€" not in document.text


def test_line_count_is_kept_when_nothing_adds_breaks() -> None:
    text = "a doesnâ€™t\n\n\nb &amp; c\n"
    assert clean(text).text.count("\n") == text.count("\n")


DAMAGE = st.sampled_from(
    ["doesnâ€™t", "&amp;amp;", "&eacute;", "Ã©", "ﬁ", "\u200b", "\x1b[31m", "â€œ", "\r",
     "e\u0301", "<", "&lt;", "\u2028", "Ｆｕｌｌ"]
)  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.text(), DAMAGE), max_size=12).map("".join))
def test_unicode_cleaner_is_idempotent(text: str) -> None:
    once = clean(text).text
    twice = clean(once)
    assert twice.text == once
    assert twice.removals == []

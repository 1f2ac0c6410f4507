"""The ``unicode`` cleaner: mojibake and entity repair, audit trail, idempotence."""

from __future__ import annotations

import sys
from typing import Any

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from regex_syntax import sre_constants, sre_parse

from thresher import ConfigError, Document
from thresher.testing import run_component
from thresher_plugins import clean_unicode
from thresher_plugins.clean_unicode import MAX_PASSES, UnicodeCleaner, ftfy_leaves_alone


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


# -- the fast path: lines ftfy would leave alone never reach it --------------------------------


def _branch_needs_a_clue(branch: list[tuple[object, object]]) -> bool:
    """Whether every match of one branch of BADNESS_RE has a _MOJIBAKE_CLUES character.

    True when one of its mandatory items (a literal, or a class without
    negation or category) only matches clue characters.
    """
    clue = clean_unicode._MOJIBAKE_CLUES
    for op, value in branch:
        if op is sre_constants.LITERAL:
            assert isinstance(value, int)
            if clue.fullmatch(chr(value)):
                return True
        elif op is sre_constants.IN:
            assert isinstance(value, list)
            if all(
                kind in (sre_constants.LITERAL, sre_constants.RANGE) for kind, _ in value
            ) and all(
                clue.fullmatch(chr(codepoint))
                for kind, item in value
                for codepoint in (
                    [item] if kind is sre_constants.LITERAL else range(item[0], item[1] + 1)
                )
            ):
                return True
    return False


def test_the_mojibake_clues_were_derived_from_the_installed_ftfy() -> None:
    # Otherwise the clue check falls back to "any non-ASCII character":
    # correct, but slow. Re-derive the clues for the new BADNESS_RE (the next
    # test says which branch lacks one) and update the fingerprint.
    assert clean_unicode._MOJIBAKE_CLUES_VERIFIED


def test_every_branch_of_ftfys_mojibake_detector_needs_a_clue() -> None:
    (op, (_, branches)), *rest = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert op is sre_constants.BRANCH and not rest
    assert len(branches) > 30
    assert [b for b in branches if not _branch_needs_a_clue(list(b.data))] == []


@pytest.mark.parametrize(
    ("uncurl_quotes", "normalization", "step"),
    [(False, "NFC", 1), (True, "NFKD", 7), (False, None, 13)],
)
def test_what_ftfy_leaves_alone_is_left_alone(
    uncurl_quotes: bool, normalization: Any, step: int
) -> None:
    # Every character (every step-th), between two letters: whenever the
    # shortcut says ftfy would not change the line, ftfy agrees.
    config = ftfy.TextFixerConfig(
        uncurl_quotes=uncurl_quotes, normalization=normalization, explain=False
    )
    wrong = [
        hex(codepoint)
        for codepoint in range(0, 0x10000, step)
        if codepoint != 0x0A
        and ftfy_leaves_alone(line := f"a{chr(codepoint)}b", config)
        and ftfy.fix_text(line, config) != line
    ]
    wrong += [
        hex(codepoint)
        for codepoint in range(0x10000, sys.maxunicode + 1, 97 * step)
        if ftfy_leaves_alone(line := f"a{chr(codepoint)}b", config)
        and ftfy.fix_text(line, config) != line
    ]
    assert wrong == []


def _fixed_by_ftfy_everywhere(text: str, cleaner: UnicodeCleaner) -> str:
    """What the cleaner did before it skipped lines: ftfy on every line."""
    config = ftfy.TextFixerConfig(
        uncurl_quotes=cleaner.uncurl_quotes,
        normalization=clean_unicode._NORMALIZATIONS[cleaner.normalization],
        explain=False,
    )

    def fix(line: str) -> str:
        for _ in range(MAX_PASSES):
            fixed = ftfy.fix_text(line, config)
            if fixed == line:
                break
            line = fixed
        return "\n".join(fix(part) for part in line.split("\n")) if "\n" in line else line

    return "\n".join(fix(line) for line in text.split("\n"))


MOJIBAKE_PRONE = st.lists(
    st.sampled_from(
        "aeAE .,'\"&;#<\t\r\u00a0\u00ad\u2019\u201c\u201d\u2014\u2026\u0301\u0308"
        "ÃÂâ€œ™š¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÉÖàéöüçãñßŒœ×ØÙ√≈ВГРСβΒΓΞΟāЂ"
        "\x80\x85\x8d\x9d\x1b\x00\x7f\ufeff\u2028ﬁＡ１\ud800"
    )
    | st.sampled_from(["amp", "eacute", "#233", "x2019", "[31m", "Ã©", "â€™", "Ã\u00a0"]),
    max_size=30,
).map("".join)


def test_the_badness_width_is_derived_from_ftfys_regex() -> None:
    # _is_bad searches this far around each clue: a longer branch in a new
    # ftfy would be missed (the fingerprint test above fails first).
    parsed = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert parsed.getwidth()[1] == clean_unicode._BADNESS_WIDTH


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        MOJIBAKE_PRONE | st.text(max_size=12) | st.sampled_from(["ГўВЂВ", "‚Ä", "вЂ"]),
        max_size=12,
    ).map("".join)
)
def test_searching_around_the_clues_finds_what_ftfy_finds(line: str) -> None:
    assert clean_unicode._is_bad(line) == is_bad(line)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(MOJIBAKE_PRONE | st.text(max_size=20), max_size=8).map("\n".join),
    st.booleans(),
    st.sampled_from(["NFC", "NFKC", "none"]),
)
def test_skipping_lines_changes_nothing(text: str, uncurl_quotes: bool, normalization: str) -> None:
    cleaner = UnicodeCleaner(normalization=normalization, uncurl_quotes=uncurl_quotes)
    document = Document("d", text)
    cleaner.clean(document)
    assert document.text == _fixed_by_ftfy_everywhere(text, cleaner)


def test_clean_text_with_accents_and_curly_quotes_is_not_given_to_ftfy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object, **kwargs: object) -> str:
        raise AssertionError("ftfy.fix_text was called")

    monkeypatch.setattr(ftfy, "fix_text", fail)
    text = "“Café society,” he said — it’s over…\nZweite Straße, São Paulo, naïve."
    assert clean(text).text == text

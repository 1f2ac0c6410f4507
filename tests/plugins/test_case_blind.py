"""CaseBlind: case-insensitive patterns that match text in lower case."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from regex_syntax import extra_case_pairs, sre_constants, sre_parse

import thresher_plugins
from thresher_plugins.case_blind import _FOLDS_APART, CaseBlind, lowers_in_place


def case_blind_patterns() -> dict[str, CaseBlind]:
    """Every CaseBlind pattern defined at the top of a first-party plugin module."""
    found = {}
    for module_info in pkgutil.iter_modules(thresher_plugins.__path__):
        module = importlib.import_module(f"thresher_plugins.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, CaseBlind):
                found[f"{module_info.name}.{name}"] = value
    return found


PATTERNS = case_blind_patterns()


def _opcodes(node: object) -> Iterator[tuple[object, object]]:
    """Every (opcode, argument) pair of a parsed pattern, nested ones included."""
    if isinstance(node, sre_parse.SubPattern):
        node = node.data
    if isinstance(node, tuple) and len(node) == 2 and hasattr(node[0], "name"):
        yield node
        yield from _opcodes(node[1])
    elif isinstance(node, (list, tuple)):
        for part in node:
            yield from _opcodes(part)


def _literals(pattern: str) -> Iterator[str]:
    """Every character a pattern matches literally (letters in classes too)."""
    for op, value in _opcodes(sre_parse.parse(pattern)):
        if op is sre_constants.LITERAL:
            yield chr(value)  # type: ignore[call-overload]
        elif op is sre_constants.RANGE:
            low, high = value  # type: ignore[misc]
            yield from map(chr, range(low, high + 1))


def upper_case_literals(pattern: str) -> list[str]:
    return [char for char in _literals(pattern) if char.isupper()]


def ranges_beyond_ascii(pattern: str) -> list[object]:
    return [
        value
        for op, value in _opcodes(sre_parse.parse(pattern))
        if op is sre_constants.RANGE and value[1] > 127  # type: ignore[index]
    ]


def test_the_plugins_patterns_are_found() -> None:
    assert {"clean_errors._STRONG", "clean_boilerplate._DATE"} <= set(PATTERNS)


def test_the_literal_and_range_checks_can_fail() -> None:
    assert upper_case_literals(r"(?:x|[A-C]y\W)+N(O)T") == ["A", "B", "C", "N", "O", "T"]
    assert ranges_beyond_ascii(r"[a-z](?:x[\u0100-\u0110])") == [(0x100, 0x110)]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_case_blind_pattern_is_written_in_lower_case(name: str) -> None:
    # ASCII text is matched in lower case against the pattern as written.
    assert upper_case_literals(PATTERNS[name].pattern) == []


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_case_blind_pattern_has_a_range_beyond_ascii(name: str) -> None:
    # re's folding also tries the upper case of a character against a range
    # beyond Latin-1, which lower-case matching would not.
    assert ranges_beyond_ascii(PATTERNS[name].pattern) == []


def test_the_characters_that_fold_apart_are_those_of_this_python() -> None:
    pairs = extra_case_pairs()
    expected = set()
    for code in range(128, 0x110000):
        char = chr(code)
        lower = char.lower()
        if (
            len(lower) != 1
            or char in pairs
            or lower in pairs
            or char.isalnum() != lower.isalnum()
            or char.isspace() != lower.isspace()
        ):
            expected.add(char)
    found = {chr(code) for code in range(128, 0x110000) if _FOLDS_APART.fullmatch(chr(code))}
    assert found == expected


ASCII_TEXT = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'-.!:,|0123456789"),
    max_size=60,
) | st.sampled_from(
    [
        "Page Not Found",
        "ACCESS DENIED",
        "Error 404: Page NOT found.",
        "We can't find the page",
        "By Jane DOE and Tom Smith | Reporter",
        "Published: 12 March 2026 | 09:14 GMT",
        "Stand: 05.02.2026 07:30 Uhr",
        "UPDATED Oct 27, 2025 at 10:05 AM ET",
    ]
)


# Accented Latin, German, Greek and Cyrillic letters, the characters re
# pairs with a different lower case (long s, dotless i, final sigma, the
# Kelvin sign) and İ, which lower-cases to two characters.
OTHER_TEXT = st.text(
    st.sampled_from(
        "aeiostnrfguSORYNTDEFGÄÖÜäöüßẞÉéÈèÀàÇçÑñ\u017f\u0131\u0130\u212a\u00b5"
        "ΣσςΒβϐΘθϑΟΔοδСсᲃОоѢѣ  '-.!:,|0123456789"
    ),
    max_size=40,
) | st.sampled_from(
    [
        "Seite nicht gefunden",
        "SEITE NICHT GEFUNDEN – Zugriff verweigert",
        "Página no encontrada",
        "PAGE INTROUVABLE",
        "\u017dorry, page not found",
        "\u017forry, page not found",
        "Von Jürgen Müller und Ørjan Ås",
        "Stand: 05.02.2026 07:30 Uhr",
    ]
)


@given(ASCII_TEXT | OTHER_TEXT)
def test_any_text_in_lower_case_matches_as_case_folding_does(text: str) -> None:
    for pattern in PATTERNS.values():
        for method in ("search", "match", "fullmatch"):
            folded = getattr(pattern.folding, method)(text)
            lowered = getattr(pattern, method)(text)
            assert (folded is None) == (lowered is None), (method, pattern.pattern[:40])
            if folded is not None and lowered is not None:
                assert folded.span() == lowered.span()


def test_text_with_a_character_re_pairs_apart_is_matched_with_case_folding() -> None:
    # re folds the long s to s; lower-casing leaves it alone.
    pattern = CaseBlind("sorry")
    assert pattern.lower.search("\u017forry".lower()) is None
    assert pattern.search("\u017forry") is not None
    assert not lowers_in_place("Stra\u017fe")
    assert lowers_in_place("Straße")

"""CaseBlind: case-insensitive patterns that match ASCII text in lower case."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from regex_syntax import sre_constants, sre_parse

import thresher_plugins
from thresher_plugins.case_blind import CaseBlind


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


def _literals(node: object) -> Iterator[str]:
    """Every character a parsed pattern matches literally (letters in classes too)."""
    if isinstance(node, sre_parse.SubPattern):
        node = node.data
    if isinstance(node, tuple) and len(node) == 2 and hasattr(node[0], "name"):
        op, value = node  # an opcode and its argument
        if op is sre_constants.LITERAL:
            yield chr(value)
        elif op is sre_constants.RANGE:
            yield from map(chr, range(value[0], value[1] + 1))
        else:
            yield from _literals(value)
    elif isinstance(node, (list, tuple)):
        for part in node:
            yield from _literals(part)


def upper_case_literals(pattern: str) -> list[str]:
    return [char for char in _literals(sre_parse.parse(pattern)) if char.isupper()]


def test_the_plugins_patterns_are_found() -> None:
    assert {"clean_errors._STRONG", "clean_boilerplate._DATE"} <= set(PATTERNS)


def test_the_literal_check_can_fail() -> None:
    assert upper_case_literals(r"(?:x|[A-C]y\W)+N(O)T") == ["A", "B", "C", "N", "O", "T"]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_case_blind_pattern_is_written_in_lower_case(name: str) -> None:
    # ASCII text is matched in lower case against the pattern as written.
    assert upper_case_literals(PATTERNS[name].pattern) == []


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


@given(ASCII_TEXT)
def test_ascii_text_in_lower_case_matches_as_case_folding_does(text: str) -> None:
    for pattern in PATTERNS.values():
        folded, lowered = pattern.folding.search(text), pattern.search(text)
        assert (folded is None) == (lowered is None)
        if folded is not None and lowered is not None:
            assert folded.span() == lowered.span()
        assert (pattern.folding.fullmatch(text) is None) == (pattern.fullmatch(text) is None)
        folded, lowered = pattern.folding.match(text), pattern.match(text)
        assert (folded is None) == (lowered is None)
        if folded is not None and lowered is not None:
            assert folded.span() == lowered.span()


def test_other_text_is_matched_with_case_folding() -> None:
    # re folds the long s to s; lower-casing leaves it alone, so non-ASCII
    # text must go to the folding pattern.
    pattern = CaseBlind("sorry")
    assert pattern.lower.search("\u017forry".lower()) is None
    assert pattern.search("\u017forry") is not None

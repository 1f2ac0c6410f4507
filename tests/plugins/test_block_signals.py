"""Block signals: the fast dispatch gives what the plain vocabulary alternations give.

``block_signals`` tries each vocabulary table alternative by alternative, only
where the block's opening allows, with gates derived from the patterns' parse
trees (see the module's docstring). The reference here is the straightforward
algorithm: each table as one case-insensitive alternation, tried on every
block. Hypothesis builds blocks from the tables' own words, so an edit of the
tables is checked against the dispatch derived from them.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher_plugins import block_signals as bs
from thresher_plugins.block_signals import Signals, block_signals


def _alternation(table: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    return re.compile(
        "|".join(
            f"(?P<{kind}>{'|'.join(f'(?:{alternative})' for alternative in alternatives)})"
            for kind, alternatives in table.items()
        ),
        re.IGNORECASE,
    )


WHOLE = _alternation(bs._WHOLE)
CONTAINS = _alternation(bs._CONTAINS)
OPENING = _alternation(bs._OPENING)
TERMINAL = re.compile(f"[{re.escape(bs._SENTENCE_ENDS)}][{re.escape(bs._CLOSERS)}]*\\s*$")


def reference(block: str) -> tuple[Any, ...]:
    """The signals as the plain algorithm computes them, field by field."""
    tokens = block.split()
    words = len(tokens)
    letter_words = [t for t in tokens if t[0].isalpha()]
    lower = sum(1 for t in letter_words if t[0].islower())
    prose = lower / len(letter_words) if letter_words else 0.0
    cjk = len(bs._CJK.findall(block))
    if cjk:
        words = max(words, cjk // 2)
    terminal = bool(TERMINAL.search(block))
    kind = None
    if words <= bs.SHORT_BLOCK_WORDS:
        match = WHOLE.fullmatch(block)
        if match is None and any(stem in block.lower() for stem in bs._CONTAINED_STEMS):
            match = CONTAINS.search(block)
        if match is not None:
            kind = match.lastgroup
    if kind is None:
        match = OPENING.match(block, 0, 160)
        kind = match.lastgroup if match is not None else None
    if (
        kind is None
        and not terminal
        and words <= bs._CAPTION_WORDS
        and bs._CAPTION_END.search(block, len(block) - 120)
    ):
        kind = "caption"
    headline = not terminal and 3 <= words <= 25 and (prose <= 0.5 or cjk > 0) and kind is None
    closes = (
        words >= bs.SHORT_BLOCK_WORDS
        and bs.CLOSING_CREDIT.search(block, len(block) - 60) is not None
    )
    return (words, terminal, prose, kind, headline, closes)


def _phrases() -> list[str]:
    """The literal text the tables spell: whole phrases, and their words."""
    phrases: set[str] = set()
    for table in (bs._WHOLE, bs._CONTAINS, bs._OPENING):
        for alternatives in table.values():
            for alternative in alternatives:
                nodes = bs._parse(alternative, re.IGNORECASE)
                for start in range(len(nodes)):
                    strings, _ = bs._sequence_literals(nodes[start:], 60)
                    phrases |= {text.strip() for text in strings if text.strip()}
    words = {word for phrase in phrases for word in re.findall(r"[^\W\d_]+", phrase)}
    return sorted(phrases | words | set(bs._CONTAINED_STEMS))


PHRASES = _phrases()
# Characters where str.lower() and re.IGNORECASE part ways, and other oddities.
ODD = [
    "İ", "ı", "ſ", "\u212a", "Å", "ß", "ẞ", "ﬁ", "Σ", "ς", "µ", "Ⓐ", "ⓐ", "ⅰ", "ͅ", "ǅ",
    "新闻", "广告", "ニュース", "뉴스", "\ud800", "\x00", "é", "Über", "ÉDITO",
]  # fmt: skip
FILLER = ["John", "Smith", "the", "World", "12", "2024", "3", "of", "x", "Corp", "AFP"]
PUNCTUATION = [
    "", ":", ".", "!", "?", "…", "。", ";", ",", "-", "–", "|", "•", "·", "›", "»", ">", "/",
    "©", "(c)", "(", ")", "\"", "'", "”", "’", "]", "*", "#", "...", ".\"", "!)", " »",
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\xa0", "\u3000", " | ", " • ", " » ", " / ", ": "]
CASES = [str, str.upper, str.lower, str.title, str.swapcase, str.capitalize]


@st.composite
def blocks(draw: st.DrawFn, max_words: int = 10) -> str:
    if draw(st.booleans()):  # a few phrases: a vocabulary entry, maybe with more around it
        max_words = 3
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PHRASES),
                st.sampled_from(PHRASES),
                st.sampled_from(FILLER),
                st.sampled_from(ODD),
                st.text(max_size=3),
            ),
            max_size=max_words,
        )
    )
    text = draw(st.sampled_from(PUNCTUATION))
    for piece in pieces:
        case = draw(st.sampled_from(CASES))
        text += draw(st.sampled_from(SPACES)) + case(piece) + draw(st.sampled_from(PUNCTUATION))
    if draw(st.booleans()):
        text = text.strip()
    return text


def _signals(block: str) -> tuple[Any, ...]:
    return tuple(bs._block_signals(block))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks())
def test_short_blocks_get_what_the_plain_alternations_give(block: str) -> None:
    assert _signals(block) == reference(block)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(max_words=45))
def test_long_blocks_get_what_the_plain_alternations_give(block: str) -> None:
    assert _signals(block) == reference(block)


DRESSES = [
    "{}", "{}:", "{}.", "» {}", "| {} |", "- {} -", "3 {}", "12 {} on this", "{} John Smith",
    "John Smith {}", "({})", "{} | News | Sport",
]  # fmt: skip


def test_every_phrase_of_the_tables_in_several_dresses() -> None:
    for phrase in PHRASES:
        for case in CASES:
            for dress in DRESSES:
                block = dress.format(case(phrase))
                assert _signals(block) == reference(block), block


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        ("12 comments", "comments"),
        ("3 shares", "share"),
        ("Image 2 of 7", "caption"),
        ("1 / 5", "caption"),
        ("Home | World | Sport", "navigation"),
        ("John Smith says:", "comments"),
        ("More Stories", "related"),
        ("More Reuters", "related"),
        ("more reuters", "related"),
        ("© 2024 Foo Corp", "footer"),
        ("Photo: Jane Doe/AFP", "caption"),
        ("» Advertisement «", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Ａｄｖｅｒｔｉｓｅｍｅｎｔ", None),
        ("Sign up for our newsletter", "newsletter"),
        ("We use cookies to improve your experience on our site and more", "consent"),
        ("Smoke rises over the harbour (Getty Images)", "caption"),
        ("ſhare", "share"),  # "ſ" matches "s" ignoring case, though lower() keeps it
        ("Sıgn up", "newsletter"),  # "ı" matches "i"
        # Stems are looked for in lower(), where "İ" becomes "i̇": no legal stem here.
        ("İmpressum", None),
        ("Sign up for our İnbox", "newsletter"),
        ("Kelvin \u212a says:", "comments"),
        ("", None),
        ("Council votes to close two libraries", None),
        # Share rows, consent buttons, "read also" links and bios beyond English.
        ("Auf Facebook teilen", "share"),
        ("Per E-Mail senden", "share"),
        ("Copier le lien", "share"),
        ("Partager sur X", "share"),
        ("Einstellungen verwalten", "consent"),
        ("Continuer sans accepter", "consent"),
        ("Lire aussi : Les navettes fluviales font leurs preuves", "related"),
        ("Read more: Council votes to close two libraries", "related"),
        ("The minister will reject the plan.", None),
        (
            "Award-winning journalist Ana Ruiz writes a weekly column on transport "
            "and has covered the harbour since 2012.",
            "bio",
        ),
        (
            "Tom Berg writes about energy and the sea. He joined the paper in 2019.",
            "bio",
        ),
        ("Tom Berg writes about energy, and the minister agreed with him.", None),
    ],
)
def test_blocks_of_a_known_kind(block: str, kind: str | None) -> None:
    assert block_signals(block).kind == kind
    assert _signals(block) == reference(block)


def test_the_cached_entry_point_gives_the_same_signals() -> None:
    for block in ["Menu", "Share on Facebook", "A sentence. " * 40, "新闻 | 体育 | 财经"]:
        assert block_signals(block) == bs._block_signals(block) == Signals(*reference(block))


def test_signals_is_an_immutable_hashable_record() -> None:
    signals = block_signals("Most read")
    assert (signals.words, signals.terminal, signals.kind) == (2, False, "related")
    assert isinstance(signals.prose, float)
    assert hash(signals) == hash(block_signals("Most read"))
    with pytest.raises(AttributeError):
        signals.kind = None  # type: ignore[misc]


def _code_points() -> list[str]:
    return [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]


def _lowered_literals() -> set[str]:
    """Every character the lowered-text searches look for."""
    texts = (
        bs._dispatch().whole.openings
        | bs._dispatch().opening.openings
        | bs._dispatch().whole.gate_strings
        | bs._dispatch().opening.gate_strings
        | bs._dispatch().short_block_gate_strings
        | (bs._required_text(bs._CAPTION_END) or set())
        | set(bs._CONTAINED_STEMS)
    )
    return {character for text in texts for character in text}


def test_lowered_text_matches_where_ignoring_case_does_but_for_the_fold_traps() -> None:
    # The lowered-text searches are sound only if every character that matches a
    # literal ignoring case lowers to it, and lowering keeps positions.
    literals = _lowered_literals()
    assert all(character.lower() == character for character in literals)
    any_literal = re.compile(f"[{''.join(map(re.escape, sorted(literals)))}]", re.IGNORECASE)
    for character in _code_points():
        if character in bs._FOLD_TRAPS:
            continue
        assert len(character.lower()) == 1, character
        if any_literal.fullmatch(character):
            matched = {
                literal
                for literal in literals
                if re.fullmatch(re.escape(literal), character, re.IGNORECASE)
            }
            assert matched == {character.lower()}, (character, matched)


def test_no_non_word_character_matches_an_ascii_letter_or_digit() -> None:
    # Openings after leading non-word characters rely on it (_WORD_OPENING_FIRSTS).
    letter_or_digit = re.compile("[a-z0-9]", re.IGNORECASE)
    non_word = re.compile(r"\W")
    for character in _code_points():
        assert not (non_word.fullmatch(character) and letter_or_digit.fullmatch(character))


def test_cjk_characters_are_found_by_their_lead_bytes() -> None:
    for low, high in bs._CJK_RANGES:
        for code in range(ord(low), ord(high) + 1):
            assert chr(code).encode("utf-8", "surrogatepass")[0] not in bs._NOT_CJK_LEAD_BYTES


def test_ascii_classes_agree_with_split_and_case() -> None:
    for code in range(128):
        character = chr(code)
        expected = (
            " "
            if character.isspace()
            else "a"
            if character.isalpha() and character.islower()
            else "A"
            if character.isalpha()
            else "x"
        )
        assert chr(bs._ASCII_CLASSES[code]) == expected
        assert (f"a{character}b".split() == ["a", "b"]) == character.isspace()


@settings(max_examples=500, deadline=None)
@given(blocks(max_words=20))
def test_the_closing_credit_search_finds_what_the_plain_pattern_finds(block: str) -> None:
    for text in (block, block + " © AGENCY", block + ". (AFP)", block + " copyright 2024 Corp"):
        found, expected = bs.closing_credit(text), bs.CLOSING_CREDIT.search(text)
        assert (found and found.span()) == (expected and expected.span())

"""The ``repeated-paragraphs`` cleaner: exact repeats, near-identical repeats, truncated copies."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import Document, block_key
from thresher.testing import run_component

LEDE = (
    "The project's main contractor said tunnelling crews had been forced to slow their "
    "advance from roughly 15 metres a day to as little as 4 metres. (Harbour Wire)"
)
SECOND = "Once complete, the line is expected to cut the journey to 75 minutes."
THIRD = "Opposition spokesperson Miriam Lund called for an independent audit."


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "repeated-paragraphs", text, **options)


def paragraphs(*items: str) -> str:
    return "\n\n".join(items)


def test_exact_repeat_is_removed_and_the_first_kept() -> None:
    document = clean(paragraphs(LEDE, SECOND, LEDE, THIRD))
    assert document.text == paragraphs(LEDE, SECOND, THIRD)
    assert [(r.component, r.reason, r.text) for r in document.removals] == [
        ("repeated-paragraphs", "repeated-paragraph", LEDE)
    ]


@pytest.mark.parametrize("variant", [
    LEDE.upper(),
    LEDE.replace("'", "’"),
    LEDE.replace(" ", "  ").replace(".", " ."),
    LEDE.replace("(Harbour Wire)", "— Harbour Wire"),
    unicodedata.normalize("NFKD", LEDE).replace("15", "１５"),
])  # fmt: skip
def test_repeats_differing_in_case_quotes_spacing_or_punctuation_are_removed(variant: str) -> None:
    document = clean(paragraphs(LEDE, SECOND, variant))
    assert document.text == paragraphs(LEDE, SECOND)
    assert [r.text for r in document.removals] == [variant]


def test_different_words_are_not_repeats() -> None:
    text = paragraphs(LEDE, LEDE.replace("15 metres", "16 metres"))
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_truncated_copy_before_the_full_paragraph_is_removed() -> None:
    teaser = LEDE[:70] + "…"
    document = clean(paragraphs(teaser, SECOND, LEDE))
    assert document.text == paragraphs(SECOND, LEDE)
    assert [r.text for r in document.removals] == [teaser]


def test_truncated_copy_after_the_full_paragraph_is_removed() -> None:
    teaser = LEDE[:55]
    document = clean(paragraphs(LEDE, SECOND, teaser))
    assert document.text == paragraphs(LEDE, SECOND)


def test_short_prefixes_are_kept() -> None:
    heading = "The project's main contractor"  # a prefix, but under 40 characters
    text = paragraphs(heading, LEDE)
    assert clean(text).text == text
    assert clean(text, min_prefix_chars=10).text == LEDE


def test_min_chars_protects_short_paragraphs() -> None:
    text = paragraphs("Reply", LEDE, "Reply", "***", "***")
    assert clean(text).text == paragraphs("Reply", LEDE, "***", "***")
    assert clean(text, min_chars=6).text == text


def test_text_without_repeats_is_left_exactly_as_it_was() -> None:
    text = f"{LEDE}\n\n\n{SECOND}  \n"
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_one_paragraph_per_line_without_blank_lines() -> None:
    document = clean("\n".join([LEDE, SECOND, LEDE]))
    assert document.text == "\n".join([LEDE, SECOND])


# -- properties -------------------------------------------------------------------------------


def key(paragraph: str) -> str:
    """The normalised key, written independently of the plugin."""
    text = unicodedata.normalize("NFKC", paragraph).casefold()
    words = "".join(" " if unicodedata.category(c)[0] == "P" else c for c in text).split()
    return " ".join(words)


SENTENCES = [LEDE, SECOND, THIRD, LEDE.upper(), LEDE[:60], SECOND.replace(",", ""), "Reply", "—"]
PARAGRAPH = (
    st.one_of(
        st.sampled_from(SENTENCES),
        st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60),
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=12), st.integers(min_value=1, max_value=80))
def test_output_keys_are_unique_and_every_input_key_survives(
    items: list[str], min_prefix_chars: int
) -> None:
    document = clean(paragraphs(*items), min_prefix_chars=min_prefix_chars)
    output = document.text.split("\n\n")
    output_keys = [key(p) for p in output if key(p)]
    assert len(output_keys) == len(set(output_keys))
    for paragraph in items:
        k = key(paragraph)
        assert (
            k in output_keys
            or not k
            or (len(k) >= min_prefix_chars and any(o.startswith(k) for o in output_keys))
        ), (k, output_keys)
    assert len(document.removals) == len(items) - len(output)
    assert all(p in items for p in output)


def test_a_headline_repeated_at_the_start_of_a_caption_is_kept() -> None:
    headline = "Harbour authority delays the opening of the new ferry terminal"
    caption = headline + ". Photo: Harbour Authority, via the city archive"
    document = clean(paragraphs(headline, caption, SECOND))
    assert document.text == paragraphs(headline, caption, SECOND)


def _block_key_the_long_way(block: str) -> str:
    normalised = unicodedata.normalize("NFKC", block).casefold()
    spaced = "".join(
        " " if unicodedata.category(char).startswith("P") else char for char in normalised
    )
    return " ".join(spaced.split())


@given(st.text(st.characters(max_codepoint=127)) | st.text())
def test_block_key_takes_no_shortcut_that_changes_it(block: str) -> None:
    # ASCII blocks go through one byte table instead of NFKC, casefold and translate.
    assert block_key(block) == _block_key_the_long_way(block)


def test_block_key_of_every_ascii_character() -> None:
    for codepoint in range(128):
        block = f"A{chr(codepoint)}b"
        assert block_key(block) == _block_key_the_long_way(block), codepoint

"""Words and sentences: spaCy's English tokenizer and sentencizer rules, without spaCy."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import split_sentences, split_words

PROSE = (
    "The county council voted on Tuesday to extend the night bus service to the two new "
    "housing estates on the edge of town. Residents had asked for the change for more than "
    "a year, and the transport committee said that the cost would be covered by the parking levy."
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don't go!", ["Do", "n't", "go", "!"]),
        ("Mr. Smith paid $5.50... then left.", ["Mr.", "Smith", "paid", "$", "5.50", "...", "then", "left", "."]),
        ("A well-known fact.", ["A", "well", "-", "known", "fact", "."]),
        ("Omar (D-Minn.), said", ["Omar", "(", "D", "-", "Minn.", ")", ",", "said"]),
        ("the U.S. team", ["the", "U.S.", "team"]),
        ("a 512GB drive", ["a", "512", "GB", "drive"]),
        ("I cannot say", ["I", "can", "not", "say"]),
        ("on Wed at 6am", ["on", "We", "d", "at", "6", "am"]),
        ("its own way", ["its", "own", "way"]),
        ("see www.example.com.", ["see", "www.example.com", "."]),
        ("We’ll see, they’re here.", ["We", "’ll", "see", ",", "they", "’re", "here", "."]),
        ("Hello :) there", ["Hello", ":)", "there"]),
        ("up 4.5% to 1,200", ["up", "4.5", "%", "to", "1,200"]),
        ("“Quoted,” she said.", ["“", "Quoted", ",", "”", "she", "said", "."]),
    ],
)  # fmt: skip
def test_words_are_spacys_english_tokens(text: str, words: list[str]) -> None:
    # Every expectation here is what spaCy 3.8's blank English pipeline returns.
    assert split_words(text) == words


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Smith arrived at 5 p.m. on Monday. He left!", ["Mr. Smith arrived at 5 p.m. on Monday.", "He left!"]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("Wait... what", ["Wait... what"]),
        ("Hello.  World", ["Hello.", "World"]),
        ("The U.S. Senate voted. It passed?! Yes", ["The U.S. Senate voted.", "It passed?!", "Yes"]),
        ("Rain fell.The end came.", ["Rain fell.", "The end came."]),
    ],
)  # fmt: skip
def test_sentences_are_spacys_sentencizer_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


TEXT = st.text(
    st.one_of(
        st.characters(categories=["L", "N", "P", "S", "Zs"]),
        st.sampled_from(list(".,!?'’\"()-$%:;\n\t…")),
    ),
    max_size=200,
) | st.lists(st.sampled_from([*PROSE.split(), "U.S.", "don't", "(D-Minn.)", ":)", "5%"])).map(
    " ".join
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT)
def test_words_and_sentences_cut_the_text_without_losing_a_character(text: str) -> None:
    words = split_words(text)
    assert all(word and not any(c.isspace() for c in word) for word in words)
    assert "".join(words) == "".join(text.split())
    sentences = split_sentences(text)
    assert all(s == s.strip() and s for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())

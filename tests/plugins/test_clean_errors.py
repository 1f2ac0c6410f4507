"""The ``error-page`` cleaner: error-only pages dropped, glued error text removed."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from regex_syntax import sre_constants, sre_parse

from thresher import Document, Fate, split_blocks
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_component
from thresher_plugins.clean_errors import (
    _CUE,
    _CUES,
    _ERROR_BLOCK,
    _STRONG,
    _STRONG_CUES,
    _WORD,
    ErrorPageCleaner,
    _more_words_than,
)

ARTICLE = [
    "The regional rail operator said on Thursday that night trains to the coast would "
    "resume in June after a two-year pause caused by a shortage of sleeping cars.",
    "Tickets go on sale next month, with fares starting at 49 euros for a seat.",
]


def clean(text: str) -> Document:
    return run_component("clean", "error-page", text)


def blocks(*items: str) -> str:
    return "\n".join(items)


@pytest.mark.parametrize(
    "page",
    [
        ["404", "Page not found", "Home", "News", "Sport"],
        ["Oops! The page you are looking for does not exist.", "Back to the homepage"],
        ["Access denied", "You don't have permission to access this page."],
        ["Please enable JavaScript to continue.", "Just a moment...", "Checking your browser"],
        ["Are you a robot?", "Please complete the security check to access example.org"],
        ["Seite nicht gefunden", "Zur Startseite"],
        ["Erreur 404", "Page introuvable"],
        ["Error 503", "Service temporarily unavailable"],
        [
            "Home | World | Politics | Business | Climate | Sport | Culture | Opinion",
            "Page not found",
            "Sorry, we can't find the page you were looking for. It may have been moved, "
            "renamed or deleted.",
            "About us | Contact | Advertise with us | Careers | Corrections | Archive",
        ],
        [
            "Bitte aktivieren Sie JavaScript",
            "Um diese Seite nutzen zu können, muss JavaScript in Ihrem Browser aktiviert sein.",
        ],
        ["Access Denied", "You are not authorised to view this page from your current network."],
    ],
)
def test_a_page_that_is_only_an_error_is_dropped(page: list[str]) -> None:
    document = clean(blocks(*page))
    assert document.fate is Fate.DROPPED
    assert document.reason == "error-page"


def test_error_blocks_before_an_article_are_removed() -> None:
    error = ["403", "Sorry!!", "Error! We're sorry, but the page you requested doesn't exist."]
    document = clean(blocks(*error, "Night trains return to the coast", *ARTICLE))
    assert document.fate is Fate.KEPT
    assert split_blocks(document.text)[0] == ["Night trains return to the coast", *ARTICLE]
    assert [(r.reason, r.text) for r in document.removals] == [("error-page", e) for e in error]


def test_error_text_glued_to_the_first_paragraph_is_cut() -> None:
    document = clean(blocks("Page not found. " + ARTICLE[0], ARTICLE[1]))
    assert split_blocks(document.text)[0] == ARTICLE
    assert document.removals[0].text == "Page not found."


@pytest.mark.parametrize(
    "text",
    [
        "404 passengers were stranded overnight when the last ferry was cancelled, the "
        "operator said, promising refunds to everyone affected.",
        "Sorry seems to be the hardest word, the minister said on Tuesday, as she apologised "
        "for the delays to the rail timetable.",
        "Error rates in the new ticketing system fell by half after the update, the operator "
        "said in its quarterly report.",
    ],
)
def test_articles_that_start_like_an_error_are_untouched(text: str) -> None:
    document = clean(blocks(text, *ARTICLE))
    assert document.fate is Fate.KEPT
    assert document.removals == []


def test_a_closing_paragraph_that_mentions_an_error_stays() -> None:
    closing = "C'est une erreur de calcul, a reconnu le ministre des transports mardi soir."
    document = clean(blocks(*ARTICLE, closing))
    assert document.removals == []


def test_an_article_about_error_pages_keeps_its_middle() -> None:
    middle = "Page not found"
    document = clean(blocks(ARTICLE[0], middle, ARTICLE[1]))
    assert split_blocks(document.text)[0] == [ARTICLE[0], middle, ARTICLE[1]]


def test_a_page_of_short_lines_without_error_words_is_kept() -> None:
    document = clean(blocks("Menu", "Search", "News", "Sport"))
    assert document.fate is Fate.KEPT


@given(st.lists(st.sampled_from(["404", "Sorry", "Menu", *ARTICLE]), min_size=1, max_size=12))
def test_never_adds_text_and_records_what_it_removes(items: list[str]) -> None:
    text = blocks(*items)
    document = clean(text)
    if document.fate is Fate.DROPPED:
        return
    removed = sum(len(r.text) for r in document.removals)
    assert len(document.text.replace("\n", "")) + removed <= len(text.replace("\n", ""))
    for block in split_blocks(document.text)[0]:
        assert block in text


def test_cli_drops_an_error_page_and_accounts_for_it(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "gone.txt").write_text("404\nPage not found\nHome\n", encoding="utf-8")
    (source / "story.txt").write_text(blocks("403", "Sorry!!", *ARTICLE), encoding="utf-8")
    output = tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["run", str(source), "-o", str(output), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    exported = read_jsonl(output / "documents.jsonl")
    assert [d["id"] for d in exported] == ["story.txt"]
    report = orjson.loads((output / "report.json").read_bytes())
    assert report["stages"]["clean"]["dropped"] == {"error-page": 1}
    rejected = read_jsonl(output / "rejected.jsonl")
    assert [(r["id"], r["reason"]) for r in rejected] == [("gone.txt", "error-page")]


# -- the shortcuts change nothing --------------------------------------------------------------


def _every_match_has_a_cue(
    items: list[tuple[object, object]], cues: tuple[str, ...], run: str = ""
) -> bool:
    """Whether every match of a parsed pattern contains literal text with one of ``cues``.

    ``run`` is the literal text just before ``items``. Groups and alternatives
    are spelled out, so a literal run continues into each alternative.
    """
    for index, (op, value) in enumerate(items):
        if op is sre_constants.LITERAL:
            assert isinstance(value, int)
            run += chr(value)
            continue
        if any(cue in run.lower() for cue in cues):
            return True
        rest = items[index + 1 :]
        if op is sre_constants.SUBPATTERN:
            assert isinstance(value, tuple)
            return _every_match_has_a_cue([*value[-1].data, *rest], cues, run)
        if op is sre_constants.BRANCH:
            assert isinstance(value, tuple)
            return all(_every_match_has_a_cue([*alt.data, *rest], cues, run) for alt in value[1])
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            assert isinstance(value, tuple)
            if value[0] >= 1 and _every_match_has_a_cue(list(value[2].data), cues):
                return True
        run = ""  # anything else (a class, an optional part) ends the literal text
    return any(cue in run.lower() for cue in cues)


def test_every_strong_phrase_contains_a_strong_cue() -> None:
    # What lets _says_error skip the phrases when no cue is found (both
    # patterns ignore case alike). A new phrase needs a cue in _STRONG_CUES.
    parsed = sre_parse.parse(_STRONG.folding.pattern, _STRONG.folding.flags)
    assert _every_match_has_a_cue(list(parsed.data), _STRONG_CUES)
    assert not _every_match_has_a_cue(list(parsed.data), _STRONG_CUES[1:])  # the check can fail


@given(
    st.lists(st.sampled_from([*_CUES, "a", "e", "r", " ", "-", "x", "á"]), max_size=8).map("".join)
)
def test_the_cue_pattern_finds_a_cue_where_a_substring_search_does(text: str) -> None:
    assert (_CUE.search(text) is not None) == any(cue in text for cue in _CUES)


def _is_error_block_without_shortcuts(block: str, max_error_words: int = 30) -> bool:
    if not block or len(_WORD.findall(block)) > max_error_words:
        return False
    lowered = block.lower()
    if not any(cue in lowered for cue in _CUES) and not any(c.isdigit() for c in block):
        return False
    return (
        _ERROR_BLOCK.folding.fullmatch(block) is not None
        or _STRONG.folding.search(block) is not None
    )


ERRORISH = st.lists(
    st.sampled_from(
        [
            "404", "²", "٣", "Page", "not", "found", "NOT FOUND", "Sorry", "Error", "ſorry",
            "İnternal", "server", "error", "Access", "denied", "just a moment", "Checking",
            "your browser", "Forbidden", "the page you are looking for", "does not exist",
            "Home", "News", "|", "!", ".", "the", "minister", "said", "on", "Tuesday",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@given(ERRORISH)
def test_error_blocks_are_found_as_without_the_shortcuts(block: str) -> None:
    assert ErrorPageCleaner()._is_error_block(block) == _is_error_block_without_shortcuts(block)


@given(
    st.text(st.sampled_from("ab1_ .,-'\u00e9\u00df\u4e00\u0301\u200b\n|"), max_size=80),
    st.integers(0, 12),
)
def test_the_word_limit_counts_runs_of_word_characters(text: str, limit: int) -> None:
    words = len(_WORD.findall(text))
    assert (_more_words_than(limit).match(text) is not None) == (words > limit)


def test_a_block_of_many_status_codes_is_judged_without_trying_every_split() -> None:
    # Each "404" could start a phrase or be filler after the previous one;
    # the old block pattern tried every split before failing at the end
    # (minutes for this block). Now there is one split to try.
    block = "404 error server your browser " + "404 " * 60 + ". ²"
    assert not ErrorPageCleaner()._is_error_block(block)
    assert ErrorPageCleaner()._is_error_block("Error 404. " + "404 " * 20 + ".")

"""The ``error-page`` cleaner: error-only pages dropped, glued error text removed."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresher import Document, Fate, split_blocks
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_component

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

"""The news pack: ``publisher`` detection and the outlet cleaners (econotimes, japan-today, menafn).

Fixtures are invented text in the shape of real pages from those outlets;
only the outlets' own template strings are real. The seed test at the end
runs on the real pages when the shared seeds are there and skips otherwise.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import ConfigError, Document, PipelineConfig, StageConfig, split_blocks
from thresher.testing import make_test_pipeline, run_cli, run_component
from thresher_plugins import publishers

NEWS = "unicode,whitespace,publisher,econotimes,japan-today,menafn"

LEDE = (
    "Kessel's port authority will open a second container terminal in May, "
    "the transport ministry said on Tuesday."
)
SECOND = (
    "The terminal doubles the harbour's capacity to 800,000 containers a year and "
    "was finished four months ahead of schedule."
)
THIRD = "Dock unions said they would ask for a new shift agreement before the opening."


def paragraphs(*blocks: str) -> str:
    return "\n\n".join(blocks)


def removals(document: Document) -> list[tuple[str, str, str]]:
    return [(r.component, r.reason, r.text) for r in document.removals]


# -- publisher ---------------------------------------------------------------------------------


def publisher(text: str, **meta: str) -> Document:
    return run_component("clean", "publisher", Document("d", text, meta=dict(meta)))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://english.kyodonews.net/news/2026/03/kessel.html", "Kyodo News"),
        ("https://www.reuters.com/world/asia/kessel/", "Reuters"),
        ("https://apnews.com/article/kessel", "Associated Press"),
        ("https://www.prnewswire.com/news-releases/harbour-robotics.html", "PR Newswire"),
        ("https://www.econotimes.com/Kessel-terminal-123", "EconoTimes"),
        ("https://japantoday.com/category/politics/kessel", "Japan Today"),
        ("https://menafn.com/1110000000/Kessel", "MENAFN"),
        ("https://news.bbc.co.uk/2/hi/kessel.stm", "BBC"),
        ("https://asia.nikkei.com/kessel", "Nikkei Asia"),
        ("https://www.nikkei.com/article/kessel", "Nikkei"),
    ],
)
def test_publisher_from_the_url_host_and_its_parents(url: str, expected: str) -> None:
    document = publisher(f"(Reuters) - {LEDE}", url=url)
    assert document.meta["publisher"] == expected
    assert document.meta["publisher_source"] == "url"


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        (f"(MENAFN) {LEDE}", "MENAFN"),
        (f"(MENAFN- Harbour Daily) {LEDE}", "MENAFN"),
        (f"KESSEL, March 3 (Kyodo) - {LEDE}", "Kyodo News"),
        (f"Tokyo, Mar. 3 (KYODO) -- {LEDE}", "Kyodo News"),
        (f"WASHINGTON (AP) — {LEDE}", "Associated Press"),
        (f"(Reuters) - {LEDE}", "Reuters"),
        (f"SAN FRANCISCO, Calif., March 3, 2026 (Reuters) - {LEDE}", "Reuters"),
        (f"Tokyo (Kyodo) -- {LEDE}", "Kyodo News"),
        (f"ROME, MAR 3 (ANSA) - {LEDE}", "ANSA"),
        (f"BERLIN (dpa) - {LEDE}", "dpa"),
        ("NEW YORK, March 3, 2026 /PRNewswire/ -- Harbour Robotics Inc. today announced a crane.", "PR Newswire"),
        ("LONDON, March 3, 2026 /PRNewswire-Asia/ -- Harbour Robotics Inc. opened an office.", "PR Newswire"),
        ("SEATTLE--(BUSINESS WIRE)--Harbour Robotics Inc. today reported quarterly results.", "Business Wire"),
        ("AUSTIN, Texas, March 03, 2026 (GLOBE NEWSWIRE) -- Harbour Robotics Inc. announced.", "GlobeNewswire"),
    ],
)  # fmt: skip
def test_publisher_from_a_lede_credit(lede: str, expected: str) -> None:
    text = paragraphs("Kessel opens second terminal", lede, SECOND)
    document = publisher(text)
    assert document.meta == {"publisher": expected, "publisher_source": "credit"}


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        (f"{THIRD}© KYODO", "Kyodo News"),
        (f"{THIRD} © Reuters", "Reuters"),
        ("© AFP-JIJI", "AFP"),
        ("Copyright 2026 The Associated Press. All rights reserved.", "Associated Press"),
        ("(c) Copyright Thomson Reuters 2026", "Reuters"),
        ("==Kyodo", "Kyodo News"),
        ("Reporting by Ana Ruiz; Editing by Mark Porter", "Reuters"),
    ],
)
def test_publisher_from_a_closing_credit(closing: str, expected: str) -> None:
    document = publisher(paragraphs(LEDE, SECOND, closing, "harbourfan", "About time."))
    assert document.meta == {"publisher": expected, "publisher_source": "credit"}


def _closing_credit_searching_everything(text: str) -> str | None:
    """The closing credit the way credited_publisher finds it, without its shortcut."""
    for needles, pattern in publishers._CLOSING:
        if not needles or any(needle in text for needle in needles):
            match = pattern.search(text)
            if match:
                return publishers.CREDIT_TOKENS[match["token"].casefold()]
    return None


CREDIT_PIECES = st.lists(
    st.sampled_from(
        ["Copyright", "copyright", "COPYRIGHT", "Copyrights", "opyright", "C", "c", " ", "\n",
         "2026", "The", "the", "Associated Press", "Reuters", "AFP", "Calder Post", "photo", "."]
    ),
    max_size=14,
).map("".join)  # fmt: skip


@given(CREDIT_PIECES)
def test_a_closing_credit_is_found_as_by_searching_the_whole_text(text: str) -> None:
    assert publishers.credited_publisher(text) == _closing_credit_searching_everything(text)


def test_a_lede_credit_wins_over_a_closing_one() -> None:
    text = paragraphs(f"(Reuters) - {LEDE}", SECOND, "[Photo: the new quay] © AFP")
    assert publisher(text).meta["publisher"] == "Reuters"


def test_the_url_wins_over_a_credit() -> None:
    document = publisher(f"(Reuters) - {LEDE}", url="https://apnews.com/article/kessel")
    assert document.meta["publisher"] == "Associated Press"


@pytest.mark.parametrize(
    "text",
    [
        "Output grew 2% (GDP) in the quarter. The ministry (NATO) liaison said nothing.",
        f"{LEDE} The party (AP) said it would not comment.",
        "Officials told the agency (Reuters) Tuesday that the terminal opens in May.",
        f"the ministry said (Kyodo) - {LEDE}",
        paragraphs("(Harbour Wire) - " + LEDE, SECOND),
        paragraphs(LEDE, "© AFP/Getty Images", "© AFP Photo"),
        paragraphs(LEDE, "© 2026 Calder Bay Post. All rights reserved."),
        paragraphs(LEDE, "Reuters and AP reported the opening; Kyodo did not."),
    ],
)
def test_no_publisher_without_a_recognised_credit(text: str) -> None:
    document = publisher(text)
    assert document.meta == {}


def test_an_existing_publisher_is_never_replaced() -> None:
    document = publisher(
        f"(Reuters) - {LEDE}", publisher="Harbour Daily", url="https://apnews.com/"
    )
    assert document.meta == {"publisher": "Harbour Daily", "url": "https://apnews.com/"}


def test_extra_domains_option_comes_first_and_matches_subdomains() -> None:
    domains = {"www.Harbour.example": "Harbour Daily", "reuters.com": "Thomson Reuters"}
    for url, expected in [
        ("https://live.harbour.example/a", "Harbour Daily"),
        ("https://www.reuters.com/a", "Thomson Reuters"),
    ]:
        document = run_component(
            "clean", "publisher", Document("d", LEDE, meta={"url": url}), domains=domains
        )
        assert document.meta["publisher"] == expected


def test_credits_option_turns_text_credits_off() -> None:
    text = f"(Reuters) - {LEDE}"
    document = run_component("clean", "publisher", Document("d", text), credits=False)
    assert document.meta == {}


def test_a_bad_domains_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="domains must map host names"):
        run_component("clean", "publisher", LEDE, domains={"harbour.example": 3})


def test_publisher_never_edits_the_text() -> None:
    text = f"KESSEL, March 3 (Kyodo) - {LEDE}\n\n{SECOND}© KYODO"
    document = publisher(text)
    assert document.text == text
    assert document.removals == []


# -- the outlet cleaners -----------------------------------------------------------------------

ECONOTIMES_PAGE = f"""\
Menu

Search

\u00a0\u00a0|\u00a0\u00a0 Markets

Menu

\u00a0\u00a0|\u00a0\u00a0 Markets

Search

Kessel Opens Second Container Terminal Ahead of Schedule

Kessel Opens Second Container Terminal Ahead of Schedule. Source: Port of Kessel, CC BY-SA 4.0, via Wikimedia Commons

{LEDE}

{SECOND}

Analysts at Harbour Bank said the Source: line in customs data would show the effect by June.

  \u2022 Market Data
Close

Welcome to EconoTimes

Get our morning digest of the market news
that moved the day before.
"""

JAPAN_TODAY_PAGE = "\n".join(
    [
        f"date 2026-03-03 {LEDE}",
        SECOND,
        f"{THIRD}© KYODO",
        "harbourfan",
        "Finally some good news for the dock workers.",
        "Let's see if the trains can keep up.",
        "Mo",
        "Too late, the shipping lines already moved to the south.",
    ]
)

MENAFN_PAGE = "\n".join(
    [
        "date 2026-03-04 403",
        "Sorry!!",
        "Error! We're sorry, but the page you were looking for doesn't exist.",
        "Kessel opens second container terminal",
        f"(MENAFN) {LEDE}",
        SECOND,
        "Legal Disclaimer:",
        "MENAFN provides the information of this invented fixture as it came, and takes no "
        "responsibility for it.",
        "CommentsNo comment",
    ]
)


def news(text: str, **meta: str) -> Document:
    """Load-shaped text through the pack with only the repairs it relies on."""
    pipeline = make_test_pipeline(
        config=PipelineConfig(clean=StageConfig(components=NEWS.split(",")))
    )
    [document] = pipeline.process([Document("d", text, meta=dict(meta))], stages=["clean"])
    return document


def test_econotimes_page() -> None:
    document = news(ECONOTIMES_PAGE)
    assert document.text == paragraphs(
        "Kessel Opens Second Container Terminal Ahead of Schedule",
        LEDE,
        SECOND,
        "Analysts at Harbour Bank said the Source: line in customs data would show the effect by June.",
    )
    assert Counter(r.reason for r in document.removals) == {
        "navigation": 8,
        "caption": 1,
        "newsletter": 3,
    }
    assert {r.component for r in document.removals} == {"econotimes"}
    assert document.meta == {"publisher": "EconoTimes", "publisher_source": "marker"}


def test_japan_today_page() -> None:
    document = news(JAPAN_TODAY_PAGE.removeprefix("date 2026-03-03 "))
    assert document.text == paragraphs(LEDE, SECOND, THIRD)
    assert removals(document)[0] == ("japan-today", "legal", "© KYODO")
    assert [r.reason for r in document.removals[1:]] == ["comments"] * 5
    # The credit names the agency; the site is only recognised by its template.
    assert document.meta == {"publisher": "Kyodo News", "publisher_source": "credit"}


def test_japan_today_comments_follow_only_the_credit() -> None:
    text = paragraphs(f"{LEDE} Photo credit © KYODO was shown at the opening.", SECOND)
    document = news(text, url="https://japantoday.com/category/national/kessel")
    assert document.text == text
    assert document.meta["publisher"] == "Japan Today"


def test_menafn_page() -> None:
    document = news(MENAFN_PAGE.removeprefix("date 2026-03-04 "))
    assert document.text == paragraphs(
        "Kessel opens second container terminal", f"(MENAFN) {LEDE}", SECOND
    )
    assert removals(document) == [
        ("menafn", "error-page", "403"),
        ("menafn", "error-page", "Sorry!!"),
        ("menafn", "error-page", "Error! We're sorry, but the page you were looking for doesn't exist."),
        ("menafn", "legal", "Legal Disclaimer:"),
        ("menafn", "legal", MENAFN_PAGE.splitlines()[7]),
        ("menafn", "comments", "CommentsNo comment"),
    ]  # fmt: skip
    assert document.meta == {"publisher": "MENAFN", "publisher_source": "credit"}


def test_menafn_comment_box_glued_to_the_last_paragraph() -> None:
    document = news(paragraphs(f"(MENAFN) {LEDE}", f"{SECOND}CommentsNo comment"))
    assert document.text == paragraphs(f"(MENAFN) {LEDE}", SECOND)


@pytest.mark.parametrize(
    "text",
    [
        paragraphs("Menu", LEDE, "Close", "Comments No comment"),
        paragraphs(f"{LEDE}© KYODO", "harbourfan"),
        paragraphs("403", "Sorry!!", LEDE, "Legal Disclaimer:"),
    ],
)
def test_outlet_cleaners_leave_other_pages_alone(text: str) -> None:
    # Each page has one outlet's template but not the outlet: a hostile URL and no marker.
    for name in ("econotimes", "japan-today", "menafn"):
        document = run_component(
            "clean",
            name,
            Document(
                "d",
                text.replace("© KYODO", "© Harbour Wire"),
                meta={"url": "https://harbour.example/"},
            ),
        )
        assert document.removals == [], name


def test_outlet_cleaners_run_by_default_after_learned_boilerplate() -> None:
    pipeline = make_test_pipeline()
    defaults = pipeline.registry.defaults("clean")
    assert defaults[0] == "publisher"
    for name in ("econotimes", "japan-today", "menafn"):
        assert name in defaults
        assert pipeline.registry.get("clean", name).component.order == 360


# -- the command line, on files ----------------------------------------------------------------


def read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    return {
        record["id"]: record
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }


def retold(text: str, town: str) -> str:
    """The same page about another town: no sentence shared with the other pages."""
    for sentence in (LEDE, SECOND, THIRD):
        text = text.replace(sentence, f"In {town}, {sentence[0].lower()}{sentence[1:]}")
    return text


def write_pages(folder: Path, *, distinct: bool = False) -> Path:
    """The outlet pages as files, and a JSON Lines crawl whose records have URLs.

    ``distinct`` gives each page its own story, so a whole-pipeline run
    neither learns the shared sentences as boilerplate nor drops duplicates.
    """
    pages = {
        "econotimes.txt": ECONOTIMES_PAGE,
        "kessel-kyodo.txt": JAPAN_TODAY_PAGE,
        "menafn.txt": MENAFN_PAGE,
        "jt": paragraphs(LEDE, f"{SECOND}© JIJI", "reader1", "Great."),
        "plain": paragraphs(LEDE, SECOND),
    }
    if distinct:
        towns = ["Aldeby", "Brenn", "Corvik", "Dunmere", "Eskholm"]
        pages = {
            name: retold(text, town)
            for (name, text), town in zip(pages.items(), towns, strict=True)
        }
    folder.mkdir()
    for name in ("econotimes.txt", "kessel-kyodo.txt", "menafn.txt"):
        (folder / name).write_text(pages[name], encoding="utf-8")
    records = [
        {"id": "jt", "url": "https://japantoday.com/category/x", "text": pages["jt"]},
        {"id": "plain", "text": pages["plain"]},
    ]
    (folder / "crawl.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8"
    )
    return folder


def test_cli_chain_cleans_each_outlet(tmp_path: Path) -> None:
    folder, out = write_pages(tmp_path / "in"), tmp_path / "out"
    args = ["--quiet", "load", str(folder), "clean", "--only", NEWS]
    args += ["export", "-f", "jsonl", "-o", str(out)]
    result = run_cli(make_test_pipeline(), args)
    assert result.exit_code == 0, result.output

    records = read_jsonl(out / "documents.jsonl")
    publishers = {
        id: (r["meta"].get("publisher"), r["meta"].get("publisher_source"))
        for id, r in records.items()
    }
    assert publishers == {
        "econotimes.txt": ("EconoTimes", "marker"),
        "kessel-kyodo.txt": ("Kyodo News", "credit"),
        "menafn.txt": ("MENAFN", "credit"),
        "jt": ("Japan Today", "url"),
        "plain": (None, None),
    }  # fmt: skip
    assert records["econotimes.txt"]["removed"] == {"navigation": 8, "caption": 1, "newsletter": 3}
    # metadata-date: the loader took the leading "date" token into meta.
    assert records["kessel-kyodo.txt"]["removed"] == {"metadata-date": 1, "legal": 1, "comments": 5}
    assert records["menafn.txt"]["removed"] == {
        "metadata-date": 1,
        "error-page": 3,
        "legal": 2,
        "comments": 1,
    }
    assert records["jt"]["removed"] == {"legal": 1, "comments": 2}
    assert records["jt"]["text"] == paragraphs(LEDE, SECOND)
    assert records["kessel-kyodo.txt"]["text"] == paragraphs(LEDE, SECOND, THIRD)
    assert records["kessel-kyodo.txt"]["meta"]["date"] == "2026-03-03"
    assert records["plain"]["removed"] == {}


def test_default_run_detects_publishers_and_removes_templates(tmp_path: Path) -> None:
    folder, out = write_pages(tmp_path / "in", distinct=True), tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["--quiet", "run", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = read_jsonl(out / "documents.jsonl")
    assert records["menafn.txt"]["meta"]["publisher"] == "MENAFN"
    assert records["econotimes.txt"]["meta"]["publisher"] == "EconoTimes"
    for record in records.values():
        for gone in (
            "Welcome to EconoTimes",
            "© KYODO",
            "Legal Disclaimer",
            "harbourfan",
            "Sorry!!",
        ):
            assert gone not in record["text"], (record["id"], gone)
        assert LEDE[1:] in record["text"], record["id"]


# -- properties --------------------------------------------------------------------------------

TEMPLATE_BLOCKS = {
    "econotimes": [
        "Menu",
        "Search",
        "| Markets",
        "Kessel Opens Second Terminal. Source: Port of Kessel, via Wikimedia Commons",
        "• Market Data",
        "Close",
        "Welcome to EconoTimes",
    ],
    "japan-today": [f"{THIRD}© KYODO", "© AFP-JIJI", "harbourfan", "Mo"],
    "menafn": [
        "403",
        "Sorry!!",
        "Error! We're sorry, but the page you were looking for doesn't exist.",
        "Legal Disclaimer:",
        "MENAFN provides the information as it came.",
        "CommentsNo comment",
        f"{SECOND}CommentsNo comment",
        f"(MENAFN) {LEDE}",
    ],
}
URLS = {
    "econotimes": "https://www.econotimes.com/x",
    "japan-today": "https://japantoday.com/x",
    "menafn": "https://menafn.com/x",
}


def visible(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def block_lists(name: str) -> st.SearchStrategy[list[str]]:
    block = (
        st.one_of(
            st.sampled_from([LEDE, SECOND, THIRD, *TEMPLATE_BLOCKS[name]]),
            st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=40),
        )
        .map(str.strip)
        .filter(bool)
    )
    return st.lists(block, min_size=1, max_size=12)


@pytest.mark.parametrize("name", sorted(TEMPLATE_BLOCKS))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_outlet_cleaning_only_removes_records_everything_and_is_idempotent(
    name: str, data: st.DataObject
) -> None:
    blocks = data.draw(block_lists(name))
    text = data.draw(st.sampled_from(["\n\n", "\n"])).join(blocks)
    document = run_component("clean", name, Document("d", text, meta={"url": URLS[name]}))

    removed = Counter[str]()
    for removal in document.removals:
        assert removal.component == name
        assert removal.text and removal.text in text
        removed += visible(removal.text)
    assert visible(document.text) + removed == visible(text)  # nothing added, nothing unrecorded
    output, _ = split_blocks(document.text)
    assert all(any(block in original for original in blocks) for block in output if block)

    again = run_component("clean", name, Document("d", document.text, meta={"url": URLS[name]}))
    assert (again.text, again.removals) == (document.text, [])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(block_lists("japan-today"), block_lists("menafn"))
def test_publisher_only_ever_adds_meta(first: list[str], second: list[str]) -> None:
    text = "\n\n".join(first + second)
    document = publisher(text)
    assert document.text == text
    assert document.removals == []
    assert set(document.meta) <= {"publisher", "publisher_source"}


# -- the real pages ----------------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

#: Per seed (by file-name prefix): the publisher its page credits (None: it
#: credits none), the removals by reason, and how many paragraphs of 20 words
#: or more remain (the article, with no comment or disclaimer left).
SEED_EXPECTATIONS: dict[str, tuple[str | None, dict[str, int], int]] = {
    "000": (None, {}, 5),
    "001": ("EconoTimes", {"navigation": 8, "caption": 1, "newsletter": 3}, 5),
    "002": ("Kyodo News", {"legal": 1, "comments": 12}, 5),
    "003": ("MENAFN", {"error-page": 3, "legal": 2, "comments": 1}, 9),
    "004": (None, {}, 1),
}


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not seed_files(), reason=f"no seed pages at {SEEDS}")
def test_news_pack_on_the_seed_pages() -> None:
    def clean_seeds(components: list[str]) -> dict[str, Document]:
        pipeline = make_test_pipeline(
            config=PipelineConfig(clean=StageConfig(components=components))
        )
        loaded = list(pipeline.load(*map(str, seed_files())))
        return {d.id[:3]: d for d in pipeline.process(loaded, stages=["clean"])}

    baseline = clean_seeds(["unicode", "whitespace"])
    cleaned = clean_seeds(NEWS.split(","))
    assert set(cleaned) == set(SEED_EXPECTATIONS)

    for seed, (expected_publisher, reasons, long_paragraphs) in SEED_EXPECTATIONS.items():
        document, before = cleaned[seed], baseline[seed]
        assert document.kept, seed
        assert document.meta.get("publisher") == expected_publisher, seed
        news_removals = [r for r in document.removals if r.component not in ("text", "unicode")]
        assert {r.component for r in news_removals} <= {"econotimes", "japan-today", "menafn"}
        assert Counter(r.reason for r in news_removals) == reasons, seed

        blocks, _ = split_blocks(document.text)
        original, _ = split_blocks(before.text)
        # Only removals: every block left is (part of) a block of the page, in order.
        position = 0
        for block in blocks:
            while block not in original[position]:
                position += 1
            position += 1
        removed_blocks = {r.text for r in news_removals}
        assert not removed_blocks & set(blocks), seed
        assert sum(len(b.split()) >= 20 for b in blocks) == long_paragraphs, seed
        assert not re.search(r"©\s?KYODO|Legal Disclaimer|Welcome to EconoTimes", document.text)

"""The ``boilerplate`` cleaner on flattened pages written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import BOILERPLATE_REASONS, METADATA_REASONS, Document, Pipeline, split_blocks
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_component

ARTICLE = [
    "The harbour authority said on Tuesday that the new ferry terminal would open in May, "
    "two months later than planned, after inspectors found cracks in the main pier.",
    "Engineers will replace four of the pier's concrete supports before the first "
    "passengers are allowed on board, according to a statement from the authority.",
    "Repairs",
    "The work is expected to cost about 3.2 million euros, which the contractor has "
    "agreed to cover under the terms of its warranty, a spokesperson said.",
    "Local business owners, who had hoped for a spring opening, said the delay would "
    "cost them the first weeks of the tourist season.",
]
PAGE = [
    "Menu",
    "Search",
    "News | Sport | Business | Culture",
    "Log in",
    "Ferry terminal opening pushed back to May after pier inspection",
    "By Ingrid Solberg",
    "14 March 2026, 09:14",
    "Share on Facebook",
    "Tweet",
    ARTICLE[0],
    ARTICLE[1],
    "Advertisement",
    ARTICLE[2],
    ARTICLE[3],
    ARTICLE[4],
    "Most read",
    "Council Votes To Close Two Libraries In Budget Row",
    "City Marathon Route Changed After Bridge Works",
    "Ten Things To Do In The Old Town This Weekend",
    "3 Comments",
    "harbourfan",
    "This is the third delay this year and nobody is ever held responsible for it at all.",
    "Reply",
    "We use cookies to improve your experience. By continuing you agree to our cookie policy.",
    "© 2026 Harbour Gazette. All rights reserved.",
]


def clean(text: str, **options: Any) -> Document:
    return run_component("clean", "boilerplate", text, **options)


def blocks(*items: str) -> str:
    return "\n\n".join(items)


def reasons(document: Document) -> dict[str, str]:
    return {removal.text: removal.reason for removal in document.removals}


def test_a_flattened_page_keeps_exactly_its_article() -> None:
    document = clean(blocks(*PAGE))
    assert split_blocks(document.text)[0] == ARTICLE


def test_each_removed_block_is_recorded_with_its_kind() -> None:
    removed = reasons(clean(blocks(*PAGE)))
    assert removed["Menu"] == "navigation"
    assert removed["News | Sport | Business | Culture"] == "navigation"
    assert removed["Share on Facebook"] == "share"
    assert removed["Advertisement"] == "advertisement"
    assert removed["Most read"] == "related"
    assert removed["City Marathon Route Changed After Bridge Works"] == "related"
    assert removed["3 Comments"] == "comments"
    assert removed["Reply"] == "comments"
    assert removed[PAGE[-2]] == "consent"
    assert removed[PAGE[-1]] in ("legal", "footer")
    # Nothing vanishes: every block is kept or recorded.
    assert set(removed) | set(ARTICLE) == set(PAGE)


def test_every_reason_is_in_the_shared_vocabulary() -> None:
    # explain marks METADATA_REASONS as "moved to meta" and source cleaners
    # share BOILERPLATE_REASONS: a reason outside both would be miscounted.
    standfirst = "Inspectors found cracks in the main pier"
    page = blocks(*PAGE[:5], standfirst, *PAGE[5:])
    recorded = {r.reason for r in clean(page).removals}
    assert "standfirst" in recorded
    assert recorded <= BOILERPLATE_REASONS | METADATA_REASONS


def test_headline_byline_and_date_move_to_meta() -> None:
    document = clean(blocks(*PAGE))
    assert document.meta["title"] == PAGE[4]
    assert document.meta["byline"] == "By Ingrid Solberg"
    assert document.meta["date_text"] == "14 March 2026, 09:14"
    assert reasons(document)[PAGE[4]] == "title"
    assert reasons(document)["By Ingrid Solberg"] == "byline"


def test_existing_meta_is_not_overwritten() -> None:
    document = Document("d", blocks(*PAGE), meta={"title": "From the loader"})
    cleaned = run_component("clean", "boilerplate", document)
    assert cleaned.meta["title"] == "From the loader"


def test_a_sentence_case_headline_and_its_standfirst() -> None:
    document = clean(
        blocks(
            "Ferry terminal opening pushed back to May",
            "Inspectors found cracks in the main pier",
            *ARTICLE,
        )
    )
    assert document.meta["title"] == "Ferry terminal opening pushed back to May"
    assert document.meta["standfirst"] == "Inspectors found cracks in the main pier"
    assert split_blocks(document.text)[0] == ARTICLE


def test_a_closing_credit_ends_the_article_and_goes_to_meta() -> None:
    last = ARTICLE[-1] + "© HARBOUR WIRE"
    comments = [
        "seagull77",
        "Typical. They should have checked the pier before building the terminal on it.",
        "Nyx",
        "Another delay, another excuse, and the same contractor gets paid for the repairs.",
    ]
    document = clean(blocks(*ARTICLE[:-1], last, *comments))
    assert split_blocks(document.text)[0] == ARTICLE
    assert document.meta["credit"] == "© HARBOUR WIRE"
    assert reasons(document)["© HARBOUR WIRE"] == "credit"


MORE = [
    "The authority's chair, Maren Dahl, told reporters that safety came first and that "
    "the inspection had done exactly what it was meant to do: find problems early.",
    "Ferries to the islands will keep leaving from the old quay until the new terminal "
    "opens, and timetables for the summer will be published in April, the authority said.",
]


def test_a_closing_credit_alone_is_cut() -> None:
    document = clean(blocks(*ARTICLE[:-1], ARTICLE[-1] + "© HARBOUR WIRE"))
    assert split_blocks(document.text)[0] == ARTICLE
    assert [(r.reason, r.text) for r in document.removals] == [("credit", "© HARBOUR WIRE")]


def test_an_inline_related_box_does_not_cut_the_article() -> None:
    # A box of links in the middle of an article is removed; the article
    # goes on after it. (With little text after the box, the box may end
    # the article: the cleaner cannot tell it from an end-of-page list.)
    article = ARTICLE + MORE
    document = clean(
        blocks(
            *article[:2],
            "Related Stories",
            "Council Votes To Close Two Libraries In Budget Row",
            "City Marathon Route Changed After Bridge Works",
            *article[2:],
        )
    )
    assert split_blocks(document.text)[0] == article


def test_a_list_introduced_by_a_colon_is_part_of_the_article() -> None:
    article = [
        ARTICLE[0],
        "The authority listed the works still to be done:",
        "Replace Four Concrete Supports",
        "Reinforce The Northern Gangway",
        "Repaint The Waiting Hall",
        ARTICLE[3],
    ]
    document = clean(blocks("Menu", *article, "Most read", "Other Story Of The Day"))
    assert split_blocks(document.text)[0] == article


def test_url_slug_finds_the_headline_among_teasers() -> None:
    teasers = [
        "Council Votes To Close Two Libraries",
        "The council voted on Monday night to close two branch libraries, citing a shortfall "
        "of 1.4 million euros in next year's budget, despite protests from residents.",
        "City Marathon Route Changed",
        "Organisers said the route of the city marathon will avoid the eastern bridge while "
        "works continue there, adding two kilometres through the old town.",
    ]
    headline = "Ferry terminal opening pushed back to May after pier inspection"
    document = Document(
        "d",
        blocks(*teasers, headline, *ARTICLE),
        meta={"url": "https://harbourgazette.example/news/ferry-terminal-opening-pushed-back-may"},
    )
    cleaned = run_component("clean", "boilerplate", document)
    assert cleaned.meta["title"] == headline
    assert split_blocks(cleaned.text)[0] == ARTICLE


THREAD = [
    "seagull77",
    "Typical. They should have checked the pier before building the terminal on it.",
    "2 hours ago",
    "Reply",
    "Marta K.",
    "Another delay, another excuse.",
    "Nobody is ever held responsible for any of it.",
    "quayside_jo",
    "At least the old quay still works.",
]


def test_a_comment_thread_without_a_heading_ends_the_article() -> None:
    document = clean(blocks(*ARTICLE, *THREAD))
    assert split_blocks(document.text)[0] == ARTICLE
    assert {reasons(document)[block] for block in THREAD} == {"comments"}


def test_short_sections_under_subheadings_are_not_a_comment_thread() -> None:
    # Subheadings over one or two short paragraphs have the shape of a thread,
    # but no handle looks like a user name and no comment has a timestamp.
    article = [
        ARTICLE[0],
        "Delays",
        "The terminal was due to open in March, before the first cruise ships arrive.",
        "Costs",
        "The contractor will pay for the repairs under the terms of its warranty.",
        "Its insurer has agreed to cover part of the bill, a spokesperson said.",
        "Tourism",
        "Hotels on the waterfront expect fewer bookings in the spring than last year.",
    ]
    assert split_blocks(clean(blocks(*article)).text)[0] == article


def test_teasers_after_a_more_stories_heading_are_removed() -> None:
    # Each teaser is a headline, its author and one paragraph: after the
    # heading, paragraphs never follow each other, so the box never joins
    # the article however long its teasers are.
    teasers = []
    for headline, author in [
        ("Council Votes To Close Two Libraries In Budget Row", "Ana Ruiz"),
        ("City Marathon Route Changed After Bridge Works", "Tom Berg"),
        ("Ten Things To Do In The Old Town This Weekend", "Lea Wolf"),
    ]:
        paragraph = (
            f"{headline.split(' ', 1)[1]} was announced on Monday, and residents who spoke "
            "to the paper said they had expected the decision for weeks, while officials "
            "declined to say when a final plan would be published for consultation."
        )
        teasers += [headline, author, paragraph]
    document = clean(blocks(*ARTICLE, "More From The Gazette", *teasers))
    assert split_blocks(document.text)[0] == ARTICLE


def test_headlines_glued_to_their_teasers_are_not_the_article() -> None:
    # A flattened list of stories loses the space between a link's headline
    # and its summary; such blocks read as prose but are teasers.
    glued = [
        "Police Make Two Arrests After Break-In At Harbour StoreA man and a woman were "
        "arrested on Sunday after the store's alarm went off shortly before midnight.",
        "Customers Leave Without Paying Bill At Old Town RestaurantA party of eight left "
        "before dessert and without paying, the owner said, and police are investigating.",
        "Weather Service Warns Of Strong Winds Along The CoastThe warning applies from "
        "Friday evening until Saturday noon, and ferry services may be cancelled.",
    ]
    headline = "Ferry terminal opening pushed back to May after pier inspection"
    document = clean(blocks("Latest Headlines", *glued, "Weather", headline, *ARTICLE))
    assert split_blocks(document.text)[0] == ARTICLE


def test_an_authors_bio_after_the_article_ends_it() -> None:
    bio = "Ingrid Solberg is a freelance writer based in Bergen who covers transport."
    teaser = (
        "Organisers said the route of the city marathon will avoid the eastern bridge while "
        "works continue there, adding two kilometres through the old town."
    )
    document = clean(blocks(*ARTICLE, bio, "City Marathon Route Changed", teaser))
    assert split_blocks(document.text)[0] == ARTICLE
    assert reasons(document)[bio] == "bio"


def test_byline_and_date_after_a_lede_move_to_meta() -> None:
    lede = "Inspectors found cracks in the main pier. The opening moves to May."
    page = blocks(
        "Ferry terminal opening pushed back",
        lede,
        "By Ingrid Solberg",
        "14 March 2026, 09:14",
        "Share on Facebook",
        *ARTICLE,
    )
    document = clean(page)
    assert split_blocks(document.text)[0] == [lede, *ARTICLE]
    assert document.meta["byline"] == "By Ingrid Solberg"
    assert document.meta["date_text"] == "14 March 2026, 09:14"


def test_a_lede_that_retells_the_slug_is_not_the_headline() -> None:
    lede = (
        "The harbour authority pushed back the opening of the new ferry terminal to May "
        "after an inspection of the pier."
    )
    document = Document(
        "d",
        blocks(lede, *ARTICLE[1:]),
        meta={"url": "https://harbourgazette.example/news/ferry-terminal-opening-pushed-back-may"},
    )
    cleaned = run_component("clean", "boilerplate", document)
    assert split_blocks(cleaned.text)[0] == [lede, *ARTICLE[1:]]
    assert "title" not in cleaned.meta


def test_german_page() -> None:
    article = [
        "Die Hafenbehörde hat am Dienstag mitgeteilt, dass das neue Fährterminal erst im Mai "
        "öffnen wird, zwei Monate später als geplant.",
        "Nach Angaben der Behörde müssen vier Betonstützen der Mole ersetzt werden, bevor die "
        "ersten Fahrgäste an Bord gehen dürfen.",
        "Die Kosten von rund 3,2 Millionen Euro trägt nach eigenen Angaben der Bauunternehmer.",
    ]
    page = [
        "Startseite",
        "Suche",
        "Anmelden",
        "Fährterminal öffnet erst im Mai",
        "Von Ingrid Solberg",
        *article,
        "Artikel teilen",
        "Mehr zum Thema",
        "Stadtrat Schließt Zwei Bibliotheken",
        "Kommentare",
        "Wir verwenden Cookies, um Ihnen ein besseres Nutzererlebnis zu bieten.",
        "Impressum",
        "Datenschutz",
    ]
    document = clean(blocks(*page))
    assert split_blocks(document.text)[0] == article
    assert document.meta["title"] == "Fährterminal öffnet erst im Mai"
    assert document.meta["byline"] == "Von Ingrid Solberg"


def test_a_page_without_an_article_is_left_alone() -> None:
    text = blocks("Menu", "Search", "News", "Sport", "Contact us")
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_a_plain_article_is_untouched() -> None:
    text = blocks(*ARTICLE)
    document = clean(text)
    assert document.text == text
    assert document.removals == []


def test_sentences_mentioning_boilerplate_words_stay() -> None:
    article = [
        "The regulator said on Tuesday that websites must ask before setting cookies that "
        "track readers across other sites, and that a refusal must be as easy as consent.",
        "Publishers who break the rule face fines of up to four percent of their turnover, "
        "the regulator said, adding that it would begin checks in the spring.",
        "Comments from the industry were mixed: some publishers said they welcomed clear "
        "rules, while others warned of lost advertising revenue.",
    ]
    document = clean(blocks("Menu", *article))
    assert split_blocks(document.text)[0] == article


BLOCK = st.sampled_from(PAGE + ARTICLE + ["", "Close", "Subscribe", "Sign up for our newsletter"])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCK, max_size=40))
def test_cleaning_only_removes_blocks_and_records_each(items: list[str]) -> None:
    text = blocks(*items)
    document = clean(text)
    original, _ = split_blocks(text)
    kept, _ = split_blocks(document.text)
    removed = [r.text for r in document.removals]
    # Kept blocks are original blocks (a stripped credit aside), in order.
    position = 0
    for block in kept:
        while position < len(original) and original[position] != block:
            position += 1
        assert position < len(original), block
        position += 1
    # And nothing vanishes: kept plus removed is the input (no credits here).
    assert sorted(b for b in original if b) == sorted(b for b in kept + removed if b)


def test_cli_run_reports_removals_per_reason(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    record = {"id": "p1", "text": "\n".join(PAGE), "url": "https://harbourgazette.example/a/b"}
    (source / "pages.jsonl").write_bytes(orjson.dumps(record) + b"\n")
    output = tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["run", str(source), "-o", str(output), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    [exported] = read_jsonl(output / "documents.jsonl")
    assert split_blocks(exported["text"])[0] == ARTICLE
    assert exported["meta"]["title"] == PAGE[4]
    report = orjson.loads((output / "report.json").read_bytes())
    removals = report["stages"]["clean"]["removals"]
    assert removals["boilerplate/navigation"] >= 3
    assert removals["boilerplate/related"] >= 3


def test_is_a_default_cleaner() -> None:
    pipeline: Pipeline = make_test_pipeline()
    names = [c.name for c in pipeline.stage("clean").cleaners]  # type: ignore[attr-defined]
    assert "boilerplate" in names

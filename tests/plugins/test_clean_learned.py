"""The ``learned-boilerplate`` cleaner: a source's recurring blocks are its template."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest.mock import patch

import orjson
import pytest
from cli_runs import cleaned_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import ConfigError, Document, PipelineConfig, Source, StageConfig
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_component, run_stage
from thresher_plugins import clean_learned
from thresher_plugins.clean_learned import LearnedBoilerplateCleaner

NAME = "learned-boilerplate"

# A made-up site's template: a menu above every article, a footer below it.
MENU = ["Home", "Harbour", "Council", "Weather", "Subscribe to the Gull Point Gazette"]
FOOTER = [
    "Follow the Gazette on social media for breaking news alerts.",
    "© Gull Point Gazette Ltd. All rights reserved.",
]
ARTICLES = [
    [
        "Ferry services to the outer islands will resume on Thursday after engineers "
        "replaced a cracked propeller shaft on the Marram Star.",
        "The operator said the first sailing would leave at 7.15am and that tickets "
        "bought for cancelled crossings would be honoured for a month.",
    ],
    [
        "The town council has approved a second pedestrian crossing on Quay Road, "
        "two years after residents first petitioned for it.",
        "Work is due to start in the spring and should take about six weeks, during "
        "which buses will be diverted along Chandler Street.",
    ],
    [
        "A colony of grey seals has returned to the sandbanks off Lantern Head for "
        "the first time in a decade, volunteers counting the animals said.",
        "They asked walkers to keep dogs on leads and to stay at least fifty metres "
        "from the water's edge while pups are being born.",
    ],
    [
        "The harbour master has closed the north slipway until further notice after a "
        "survey found erosion beneath its concrete apron.",
        "Small boats can still launch from the public beach, where a temporary "
        "ramp of steel mats was laid on Monday.",
    ],
    [
        "Organisers of the summer regatta say entries are up by a third, with crews "
        "travelling from as far as the northern firths.",
        "The programme adds a junior rowing race this year and ends with fireworks "
        "over the breakwater on Saturday night.",
    ],
]
# Another site, whose pages share nothing with each other (and "Home" with the first).
OTHER = [
    ["Home", "Valley farmers report an early start to the apple harvest after a warm June."],
    ["Home", "A new library opens in Brackwater with a room for the local history society."],
]


def page(
    article: Sequence[str], *, menu: Sequence[str] = MENU, footer: Sequence[str] = FOOTER
) -> str:
    return "\n\n".join([*menu, *article, *footer])


def site_document(number: int, text: str, host: str = "gazette.example", **meta: Any) -> Document:
    return Document(
        id=f"{host}/{number}",
        text=text,
        source=Source("crawl.jsonl", "jsonl", number),
        meta={"url": f"https://www.{host}/news/{number}", **meta},
    )


def gazette(count: int = len(ARTICLES)) -> list[Document]:
    return [site_document(n, page(ARTICLES[n])) for n in range(count)]


def clean(documents: Sequence[Document], workers: int = 1, **options: Any) -> dict[str, Document]:
    cleaned = run_stage("clean", documents, [NAME], {NAME: options}, workers=workers)
    return {d.id: d for d in cleaned}


def blocks(document: Document) -> list[str]:
    return document.text.split("\n\n")


# -- learning a template ----------------------------------------------------------------------


def test_a_sites_menu_and_footer_go_and_its_articles_stay() -> None:
    result = clean(gazette())
    for number, article in enumerate(ARTICLES):
        document = result[f"gazette.example/{number}"]
        assert blocks(document) == article
        assert [(r.component, r.reason, r.text) for r in document.removals] == [
            (NAME, "learned-boilerplate", block) for block in [*MENU, *FOOTER]
        ]


def test_blocks_are_compared_on_their_normalised_key() -> None:
    documents = gazette()
    documents[0].text = page(ARTICLES[0], footer=["© GULL POINT GAZETTE LTD — all rights reserved"])
    result = clean(documents)
    assert blocks(result["gazette.example/0"]) == ARTICLES[0]


def test_a_template_is_learned_per_source() -> None:
    others = [site_document(n, "\n\n".join(t), host="valley.example") for n, t in enumerate(OTHER)]
    result = clean([*gazette(), *others])
    # "Home" is the first site's template; on the second site it occurs twice only
    for number, text in enumerate(OTHER):
        document = result[f"valley.example/{number}"]
        assert blocks(document) == text and document.removals == []


def test_below_min_documents_nothing_is_learned() -> None:
    result = clean(gazette(2))
    assert all(d.removals == [] for d in result.values())
    result = clean(gazette(2), min_documents=2)
    assert all(blocks(d) == ARTICLES[n] for n, d in enumerate(result.values()))


def notices(count: int) -> list[Document]:
    return [
        site_document(n, page([f"Berth {n} on the east quay is reserved for visiting yachts."]))
        for n in range(count)
    ]


def test_a_block_must_recur_in_min_fraction_of_the_sources_documents() -> None:
    sponsored = "Sponsored by Tidewater Marine Insurance"
    documents = notices(20)
    for document in documents[:3]:
        document.text += f"\n\n{sponsored}"
    result = clean(documents)  # in 3 of 20 documents: under the default 0.2
    assert [sponsored in d.text for d in result.values()] == [True] * 3 + [False] * 17
    assert all(blocks(d)[0].startswith("Berth") for d in result.values())
    result = clean(documents, min_fraction=0.1)
    assert all(sponsored not in d.text for d in result.values())


def test_allowed_blocks_are_kept() -> None:
    result = clean(gazette(), allow=[r"^©", "(?i)subscribe"])
    for number, article in enumerate(ARTICLES):
        assert blocks(result[f"gazette.example/{number}"]) == [
            "Subscribe to the Gull Point Gazette",
            *article,
            "© Gull Point Gazette Ltd. All rights reserved.",
        ]


def test_one_allow_pattern_may_be_given_as_a_string() -> None:
    assert LearnedBoilerplateCleaner(allow="^a,b$").allow == ["^a,b$"]


def test_a_broken_allow_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="allow pattern"):
        clean(gazette(), allow=["(unclosed"])


def test_long_blocks_are_never_learned() -> None:
    disclaimer = "Letters may be edited for length. Views expressed are not the Gazette's."
    documents = [site_document(n, page(ARTICLES[n], footer=[disclaimer])) for n in range(5)]
    result = clean(documents, max_chars=len(disclaimer) - 1)
    assert all(blocks(d) == [*ARTICLES[n], disclaimer] for n, d in enumerate(result.values()))
    result = clean(documents, max_chars=len(disclaimer))
    assert all(blocks(d) == ARTICLES[n] for n, d in enumerate(result.values()))


# -- protecting articles ----------------------------------------------------------------------


def recrawled() -> list[Document]:
    """Three articles, and a fourth fetched three times (a timestamp differs)."""
    documents = gazette(3)
    for copy, time in enumerate(["09:12", "11:40", "17:05"]):
        text = page([*ARTICLES[3], f"Updated {time}"])
        documents.append(site_document(10 + copy, text))
    return documents


def test_a_recrawled_article_keeps_its_body() -> None:
    result = clean(recrawled())
    for copy, time in enumerate(["09:12", "11:40", "17:05"]):
        document = result[f"gazette.example/{10 + copy}"]
        assert blocks(document) == [*ARTICLES[3], f"Updated {time}"]
    assert blocks(result["gazette.example/0"]) == ARTICLES[0]


def test_without_the_guard_a_recrawled_article_would_be_removed() -> None:
    # the paragraphs do recur in 3 of 6 documents: only max_removed_fraction keeps them
    result = clean(recrawled(), max_removed_fraction=1.0)
    assert blocks(result["gazette.example/10"]) == ["Updated 09:12"]


def test_a_document_is_never_emptied() -> None:
    documents = [site_document(n, page(ARTICLES[0])) for n in range(4)]
    result = clean(documents, max_removed_fraction=1.0)
    assert all(d.text == page(ARTICLES[0]) and d.removals == [] for d in result.values())


# -- sources ----------------------------------------------------------------------------------


def test_the_source_is_the_publisher_else_the_host_else_the_folder() -> None:
    cleaner = LearnedBoilerplateCleaner()
    assert cleaner.source_key(site_document(1, "x", publisher="Gazette")) == "publisher:gazette"
    assert cleaner.source_key(site_document(1, "x")) == "domain:gazette.example"
    credited = site_document(1, "x", publisher="Kyodo News", publisher_source="credit")
    assert cleaner.source_key(credited) == "domain:gazette.example"
    in_folder = Document("a", "x", source=Source("crawl/gazette/a.txt"))
    assert cleaner.source_key(in_folder) == "folder:crawl/gazette"
    assert cleaner.source_key(Document("b", "x")) is None
    assert cleaner.source_key(Document("c", "x", source=Source("<stdin>", "text"))) is None


def test_documents_without_a_source_are_left_alone() -> None:
    texts = [page(article) for article in ARTICLES]  # strings: in-memory, no source
    config = PipelineConfig()
    config.clean = StageConfig(components=[NAME])
    result = list(make_test_pipeline(config=config).process(texts, stages=["clean"]))
    assert [d.text for d in result] == texts


def test_the_source_key_can_be_overridden() -> None:
    class OneSite(LearnedBoilerplateCleaner):
        def source_key(self, document: Document) -> str | None:
            return "the-site"

    cleaner = OneSite()
    documents = [Document(f"d{n}", page(article)) for n, article in enumerate(ARTICLES)]
    cleaner.fit(documents)
    for document, article in zip(documents, ARTICLES, strict=True):
        cleaner.clean(document)
        assert blocks(document) == article


def test_without_a_fit_nothing_is_removed() -> None:
    document = site_document(1, page(ARTICLES[0]))
    LearnedBoilerplateCleaner().clean(document)
    assert document.text == page(ARTICLES[0]) and document.removals == []
    assert run_component("clean", NAME, page(ARTICLES[0])).removals == []


# -- scale ------------------------------------------------------------------------------------


def test_memory_is_capped_and_the_template_still_learned() -> None:
    documents = [
        site_document(n, page([f"Harbour notice number {n}: berth {n % 7} is reserved."]))
        for n in range(300)
    ]
    cleaner = LearnedBoilerplateCleaner(max_tracked=40)
    cleaner.fit(documents)
    assert cleaner.learned == len(MENU) + len(FOOTER)
    cleaner.clean(documents[0])
    assert blocks(documents[0]) == ["Harbour notice number 0: berth 0 is reserved."]


def test_the_fitted_state_is_small_and_pickles() -> None:
    cleaner = LearnedBoilerplateCleaner()
    cleaner.fit(gazette())
    copy = pickle.loads(pickle.dumps(cleaner))
    assert len(pickle.dumps(cleaner)) < 2000
    document = gazette()[0]
    copy.clean(document)
    assert blocks(document) == ARTICLES[0]


def test_worker_processes_give_the_same_result() -> None:
    def corpus() -> list[Document]:
        documents = [*recrawled(), *gazette()]
        for number, document in enumerate(documents):
            document.id = str(number)
        return documents

    one = [d.to_dict() for d in clean(corpus()).values()]
    two = [d.to_dict() for d in clean(corpus(), workers=2).values()]
    assert one == two
    assert all(d["removals"] for d in two)


# -- the command line on real files -----------------------------------------------------------


def test_cli_learns_a_sites_template_from_a_jsonl_dump(tmp_path: Path) -> None:
    dump = tmp_path / "crawl.jsonl"
    records = [
        {"id": f"g{n}", "url": f"https://gazette.example/n/{n}", "text": page(article)}
        for n, article in enumerate(ARTICLES)
    ] + [
        {"id": f"v{n}", "url": f"https://valley.example/{n}", "text": "\n\n".join(text)}
        for n, text in enumerate(OTHER)
    ]
    dump.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    out = tmp_path / "out"
    result = run_cli(
        make_test_pipeline(),
        ["--quiet", "load", str(dump), "clean", "--only", f"whitespace,{NAME}",
         "export", "-f", "jsonl", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    exported = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    for n, article in enumerate(ARTICLES):
        assert exported[f"g{n}"]["text"] == "\n\n".join(article)
        assert exported[f"g{n}"]["removed"] == {"learned-boilerplate": len(MENU) + len(FOOTER)}
    for n, text in enumerate(OTHER):
        assert exported[f"v{n}"]["text"] == "\n\n".join(text)
    report = orjson.loads((out / "report.json").read_bytes())
    removals = report["stages"]["clean"]["removals"]
    assert removals[f"{NAME}/learned-boilerplate"] == 5 * (len(MENU) + len(FOOTER))


def test_cli_options_and_a_folder_of_text_files(tmp_path: Path) -> None:
    folder = tmp_path / "gazette"
    folder.mkdir()
    for n, article in enumerate(ARTICLES[:2]):
        (folder / f"{n}.txt").write_text(page(article), encoding="utf-8")
    out = tmp_path / "out"

    def texts(*options: str) -> list[str]:
        return cleaned_texts(folder, f"whitespace,{NAME}", out, *options)

    assert texts() == [page(article) for article in ARTICLES[:2]]  # two pages: not enough
    learned = texts("-s", f"{NAME}.min_documents=2")
    assert learned == ["\n\n".join(article) for article in ARTICLES[:2]]


# -- properties -------------------------------------------------------------------------------

TEMPLATES = {
    "gazette.example": ["Home", "Council", "Sign up for the morning briefing", "© Gazette"],
    "valley.example": ["Menu", "Farming", "Share this story", "Contact the newsroom"],
}
BODY = st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=50).map(str.strip)


@st.composite
def corpora(draw: st.DrawFn) -> list[tuple[str, str, list[str]]]:
    """(id, host, blocks) for a few documents from two sites."""
    documents = []
    for number in range(draw(st.integers(min_value=1, max_value=12))):
        host = draw(st.sampled_from(sorted(TEMPLATES)))
        template = draw(st.lists(st.sampled_from(TEMPLATES[host]), max_size=4))
        body = draw(st.lists(BODY.filter(bool), min_size=1, max_size=3))
        documents.append((f"d{number}", host, draw(st.permutations(template + body))))
    return documents


def build(corpus: Sequence[tuple[str, str, list[str]]]) -> list[Document]:
    return [
        Document(ident, "\n\n".join(items), meta={"url": f"https://{host}/{ident}"})
        for ident, host, items in corpus
    ]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(corpora(), st.randoms(use_true_random=False), st.sampled_from([0.5, 0.8, 1.0]))
def test_order_does_not_matter_nothing_is_added_and_every_removal_is_recorded(
    corpus: list[tuple[str, str, list[str]]], random: Any, max_removed_fraction: float
) -> None:
    options = {"max_removed_fraction": max_removed_fraction}
    shuffled = list(corpus)
    random.shuffle(shuffled)
    result = clean(build(corpus), **options)
    again = clean(build(shuffled), **options)
    assert {k: d.text for k, d in result.items()} == {k: d.text for k, d in again.items()}
    for ident, _, items in corpus:
        document = result[ident]
        kept = blocks(document) if document.text else []
        removed = [r.text for r in document.removals]
        assert all(
            r.component == NAME and r.reason == "learned-boilerplate" for r in document.removals
        )
        assert sorted(kept + removed) == sorted(items)
        assert kept, "a document is never emptied"
        iterator = iter(items)
        assert all(block in iterator for block in kept), "kept blocks stay in order"


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(corpora(), st.integers(min_value=0, max_value=400))
def test_what_is_learned_does_not_depend_on_how_much_text_may_wait_uncounted(
    corpus: list[tuple[str, str, list[str]]], pending_chars: int
) -> None:
    # A source's first pages wait uncounted until it has min_documents; when
    # the waiting text outgrows its budget it is counted early, with the same result.
    unbounded, bounded = LearnedBoilerplateCleaner(), LearnedBoilerplateCleaner()
    unbounded.fit(build(corpus))
    with patch.object(clean_learned, "_PENDING_CHARS", pending_chars):
        bounded.fit(build(corpus))
    assert pickle.dumps(bounded) == pickle.dumps(unbounded)


def test_it_runs_after_the_segmenter_so_repeated_section_headings_still_end_articles() -> None:
    # Every page repeats the "Reader comments" heading: learned first, it would
    # take the heading away and each page's comments would join its article.
    comments = [
        "I have lived by the quay for forty years and never seen it this quiet in June.",
        "Good news at last, though the council should have acted much sooner on this.",
        "My grandfather worked on those boats and would have been glad to read this.",
    ]
    documents = [
        site_document(n, page([*ARTICLES[n], "Reader comments", comments[n]]))
        for n in range(len(comments))
    ]
    pipeline = make_test_pipeline(config=PipelineConfig())
    cleaned = {d.id: d for d in pipeline.process(documents, stages=["clean"])}
    for number in range(len(comments)):
        assert blocks(cleaned[f"gazette.example/{number}"]) == ARTICLES[number]

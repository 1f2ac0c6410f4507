"""The cleaning benchmark's labelled corpus, its scoring, and the harness (never ``../shared``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cleaning import bench_cleaning
from cleaning.corpus import (
    BLANK,
    BODY,
    CORPUS_DIR,
    LABELS,
    CorpusDocument,
    CorpusError,
    load_corpus,
    parse_document,
    stats_markdown,
)
from cleaning.metrics import Prediction, score_corpus, score_predictions, tokens

from thresher import Pipeline, PipelineConfig, StageConfig

DOCUMENTS = load_corpus()
ARTICLES = [d for d in DOCUMENTS if d.drop is None]

SMALL = (
    "#url\thttps://harbourgazette.example/news/2025/10/27/test\n"
    "#lang\ten\n"
    "#publisher\tHarbour Gazette\n"
    "#date\t2025-10-27\n"
    "nav\tHome | World | Harbour news\n"
    "blank\n"
    "title\tFerry Returns to Kell Island\n"
    "meta\t date 2025-10-27\n"
    "+body\t The ferry to Kell Island returned to service on Monday after repairs to its engine.\n"
    "body\tIslanders said the harbour had been quiet for a week.\n"
    "body\tIslanders said the harbour had been quiet for a week.\n"
    "body\tThe operator apologised for the delays and promised a new timetable.\n"
    "+credit\t© HARBOUR WIRE\n"
    "related\tMost read\n"
    "footer\t© 2025 Harbour Gazette\n"
)


def small() -> CorpusDocument:
    return parse_document(SMALL, id="test/01-small", template="test")


# -- the corpus ------------------------------------------------------------------------


def test_the_corpus_is_big_and_varied_enough() -> None:
    templates = {d.template for d in DOCUMENTS}
    assert len(DOCUMENTS) >= 48
    assert len(templates) >= 8
    assert {"en", "de"} <= {d.lang for d in DOCUMENTS}
    for template in templates:
        # several pages per site, so per-site recurring lines exist
        assert sum(d.template == template for d in DOCUMENTS) >= 3, template
    assert sum(d.drop is not None for d in DOCUMENTS) >= 3


def test_every_file_is_named_and_headed_consistently() -> None:
    for document in DOCUMENTS:
        assert document.path is not None
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.tsv", document.path.name), document.path
        host = urlsplit(document.url).hostname or ""
        assert host.endswith(".example"), document.id
        assert document.template in host, document.id
        assert document.lang in {"en", "de", "fr", "es"}
        if document.date is not None:
            dt.date.fromisoformat(document.date)
        if document.drop is not None:
            assert document.drop == "error-page"


def test_every_label_is_known_and_every_article_has_a_body() -> None:
    for document in DOCUMENTS:
        assert {row.label for row in document.rows} <= LABELS
        bodies = [row for row in document.rows if row.label == BODY]
        if document.drop is None:
            assert sum(tokens(" ".join(r.text for r in bodies)).values()) >= 300, document.id
        else:
            assert not bodies, f"{document.id}: a page to drop has no article text"


def test_a_leading_date_token_agrees_with_the_date_header() -> None:
    for document in DOCUMENTS:
        for row in document.rows:
            match = re.fullmatch(r"\s*date (\d{4}-\d\d-\d\d)\s*", row.text)
            if row.label == "meta" and match:
                assert document.date == match.group(1), document.id


def test_sites_have_template_lines_that_recur_across_pages() -> None:
    # what a per-site learned-boilerplate cleaner relies on; some sites (like
    # a bare wire mirror) share nothing on every page, but most do
    by_template: dict[str, list[set[str]]] = {}
    for document in ARTICLES:
        lines = {r.text for r in document.rows if r.label not in (BODY, BLANK)}
        by_template.setdefault(document.template, []).append(lines)
    on_every_page = 0
    for template, pages in by_template.items():
        counts = Counter(line for page in pages for line in page)
        assert max(counts.values()) >= 2, f"{template}: no line recurs on two pages"
        on_every_page += bool(set.intersection(*pages))
    assert on_every_page >= len(by_template) - 2


def test_no_text_is_labelled_both_body_and_something_else_on_one_page() -> None:
    for document in DOCUMENTS:
        body = {r.text.strip() for r in document.rows if r.label == BODY}
        other = {r.text.strip() for r in document.rows if r.label not in (BODY, BLANK)}
        assert not body & other, document.id


def test_the_readme_counts_match_the_corpus() -> None:
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    assert stats_markdown(DOCUMENTS) in readme, (
        "corpus/README.md is out of date: paste `python benchmarks/cleaning/corpus.py`"
    )


# -- parsing and rebuilding -----------------------------------------------------------


def test_glued_rows_rebuild_one_input_line() -> None:
    document = small()
    assert document.input_text() == (
        "Home | World | Harbour news\n"
        "\n"
        "Ferry Returns to Kell Island\n"
        " date 2025-10-27 The ferry to Kell Island returned to service on Monday after "
        "repairs to its engine.\n"
        "Islanders said the harbour had been quiet for a week.\n"
        "Islanders said the harbour had been quiet for a week.\n"
        "The operator apologised for the delays and promised a new timetable.© HARBOUR WIRE\n"
        "Most read\n"
        "© 2025 Harbour Gazette\n"
    )
    assert document.headers == {
        "url": "https://harbourgazette.example/news/2025/10/27/test",
        "lang": "en",
        "publisher": "Harbour Gazette",
        "date": "2025-10-27",
    }


def test_the_gold_body_keeps_a_repeated_paragraph_once() -> None:
    assert small().body_paragraphs() == [
        "The ferry to Kell Island returned to service on Monday after repairs to its engine.",
        "Islanders said the harbour had been quiet for a week.",
        "The operator apologised for the delays and promised a new timetable.",
    ]


def test_every_corpus_row_lands_on_its_own_or_its_predecessors_line() -> None:
    for document in DOCUMENTS:
        lines = document.input_lines()
        assert len(lines) == sum(not r.glued for r in document.rows)
        number = -1
        for row in document.rows:
            number += not row.glued
            assert row.text in lines[number], (document.id, row.line)
        assert document.input_text().endswith("\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#url\tx\n#lang\ten\n#publisher\tP\nmenu\tHome\n", "unknown label 'menu'"),
        ("#url\tx\n#lang\ten\n#publisher\tP\n+body\tText\n", "first row cannot continue"),
        ("#url\tx\n#lang\ten\n#publisher\tP\nbody\tText\n#date\t2025-01-01\n", "header after"),
        ("#url\tx\n#lang\ten\nbody\tText\n", "missing header(s) publisher"),
        ("#url\tx\n#lang\ten\n#publisher\tP\n#author\tA\nbody\tText\n", "unknown header"),
        ("#url\tx\n#lang\ten\n#publisher\tP\nbody\n", "'body' row without text"),
        ("#url\tx\n#lang\ten\n#publisher\tP\nblank\n+body\tText\n", "glue onto a blank"),
    ],
)
def test_a_malformed_file_is_an_error_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(CorpusError, match=re.escape(message)) as error:
        parse_document(text, id="bad")
    assert str(error.value).startswith("bad")


# -- metrics -----------------------------------------------------------------------------


def test_the_body_alone_scores_perfectly() -> None:
    document = small()
    result = score_predictions([document], {document.id: Prediction(document.gold_text())})
    assert result["body_retention"] == 1.0
    assert result["boilerplate_removal"] == 1.0
    assert result["metadata_removal"] == 1.0
    assert result["f1"] == 1.0
    assert result["paragraphs"] == {
        "checked": 3,
        "once": 3,
        "repeated": 0,
        "missing": 0,
        "repeated_in_input": 1,
        "repeated_in_input_fixed": 1,
    }


def test_keeping_everything_removes_nothing() -> None:
    document = small()
    result = score_predictions([document], {document.id: Prediction(document.input_text())})
    assert result["body_retention"] == 1.0
    assert result["boilerplate_removal"] == 0.0
    assert result["metadata_removal"] == 0.0
    assert result["paragraphs"]["repeated"] == 1
    assert all(figures["removed"] == 0.0 for figures in result["labels"].values())
    assert result["meta"] is None  # keep-all extracts no metadata


def test_a_kept_body_word_is_not_counted_as_leaked_boilerplate() -> None:
    document = small()
    # "harbour" is in the body once and in the menu once: one copy is the body's
    body_only = score_predictions([document], {document.id: Prediction(document.gold_text())})
    assert body_only["labels"]["nav"]["leaked"] == 0
    with_menu = document.gold_text() + "\nHome | World | Harbour news"
    leaked = score_predictions([document], {document.id: Prediction(with_menu)})
    assert leaked["labels"]["nav"] == {"tokens": 4, "leaked": 4, "removed": 0.0}
    assert leaked["boilerplate_removal"] == pytest.approx(1 - 4 / 9)


def test_losing_body_text_lowers_retention() -> None:
    document = small()
    first, *_ = document.body_paragraphs()
    result = score_predictions([document], {document.id: Prediction(first)})
    assert result["body_retention"] == pytest.approx(15 / 36)
    assert result["paragraphs"]["missing"] == 2


def test_dropping_is_scored_per_kind_of_page() -> None:
    article = small()
    error_page = parse_document(
        "#url\thttps://x.example/gone\n#lang\ten\n#publisher\tX\n#drop\terror-page\n"
        "error\t404\nerror\tSorry, this page does not exist.\n",
        id="x/02-gone",
    )
    documents = [article, error_page]
    kept = score_predictions(documents, {d.id: Prediction(d.input_text()) for d in documents})
    assert (kept["error_pages_dropped"], kept["articles_dropped"]) == (0, 0)
    dropped = score_predictions(documents, {})  # missing predictions count as dropped
    assert (dropped["error_pages_dropped"], dropped["articles_dropped"]) == (1, 1)
    assert dropped["body_retention"] == 0.0
    assert dropped["labels"]["error"]["removed"] == 1.0


def test_date_and_publisher_are_compared_with_the_headers() -> None:
    document = small()
    right = Prediction(
        document.gold_text(), {"date": "2025-10-27T09:14:00", "publisher": "harbour  gazette"}
    )
    wrong = Prediction(document.gold_text(), {"date": "2025-10-28"})
    assert score_predictions([document], {document.id: right})["meta"] == {
        "date_accuracy": 1.0,
        "dated_documents": 1,
        "date_spurious": 0,
        "undated_documents": 0,
        "publisher_accuracy": 1.0,
    }
    meta = score_predictions([document], {document.id: wrong})["meta"]
    assert (meta["date_accuracy"], meta["publisher_accuracy"]) == (0.0, 0.0)


def test_score_corpus_runs_a_thresher_pipeline_over_the_corpus() -> None:
    # whitespace only reflows text, so every token survives: nothing is removed
    config = PipelineConfig(clean=StageConfig(components=["whitespace"]))
    result = score_corpus(Pipeline(config, entrypoints=False), DOCUMENTS[:6])
    assert result["documents"] == 6
    assert result["failed"] == 0
    assert result["body_retention"] == 1.0
    assert result["boilerplate_removal"] == 0.0
    assert set(result["templates"]) == {d.template for d in DOCUMENTS[:6]}
    assert set(result["per_document"]) == {d.id for d in DOCUMENTS[:6]}


# -- the harness ---------------------------------------------------------------------------


def test_the_harness_runs_without_the_shared_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "figures.json"
    code = bench_cleaning.main(
        [
            "--methods=keep-all,thresher",
            "--cleaners=unicode,whitespace",
            "--no-timing",
            "--no-results",
            f"--data={tmp_path / 'absent.jsonl'}",
            f"--json={output}",
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "SKIP scrapinghub" in captured.err
    figures = json.loads(output.read_text())
    methods = figures["methods"]
    assert set(methods) == {"keep-all", "thresher", "thresher[unicode,whitespace]"}
    assert methods["keep-all"]["corpus"]["boilerplate_removal"] == 0.0
    assert methods["keep-all"]["scrapinghub"] is None
    assert "| keep-all | **1.000** | **0.000** |" in captured.out


def test_a_cleaners_spec_either_lists_or_modifies() -> None:
    assert bench_cleaning.Variant("a,b").stage_config({}).components == ["a", "b"]
    relative = bench_cleaning.Variant("+a,-b").stage_config({})
    assert (relative.components, relative.add, relative.skip) == (None, ["a"], ["b"])
    with pytest.raises(SystemExit, match="not both"):
        bench_cleaning.Variant("a,-b").stage_config({})


def test_the_c4_baseline_filters_line_by_line() -> None:
    pytest.importorskip("datatrove.pipeline.filters")
    text = "Menu\nShare on Facebook\nThe ferry returned to service on Monday.\nWe use cookies on this site.\n"
    assert bench_cleaning.c4_clean([("a", text)]) == {
        "a": "The ferry returned to service on Monday."
    }


def test_every_timed_run_starts_with_the_cleaners_caches_of_texts_empty() -> None:
    from thresher_plugins import block_signals, clean_errors

    block_signals.block_signals("Home | World | Sport")
    clean_errors.ErrorPageCleaner()._is_error_block("Page not found")
    assert block_signals.block_signals.cache_info().currsize > 0
    assert clean_errors._is_error_text_cached.cache_info().currsize > 0
    compiled = block_signals._dispatch.cache_info().currsize

    assert bench_cleaning.forget_cached_texts() >= 2

    assert block_signals.block_signals.cache_info().currsize == 0
    assert clean_errors._is_error_text_cached.cache_info().currsize == 0
    assert block_signals._dispatch.cache_info().currsize == compiled  # patterns stay

"""Explaining a cleaning (``thresher explain``), dry runs, and removals in the run report."""

from __future__ import annotations

import json
import re
import types
from pathlib import Path

import attrs
import orjson
import pytest

import thresher.stages
from thresher import (
    Cleaner,
    ConfigError,
    Document,
    Fate,
    Pipeline,
    PipelineConfig,
    StageConfig,
    hookimpl,
    remove_blocks,
    split_blocks,
)
from thresher.testing import make_test_pipeline, read_jsonl, run_cli

# -- test-only cleaners -------------------------------------------------------


@attrs.define
class TitleLine(Cleaner):
    """Moves a short first line without a full stop into meta.title."""

    name = "title-line"
    default = False

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        if blocks and len(blocks[0]) < 60 and not blocks[0].endswith("."):
            document.meta["title"] = blocks[0]
            remove_blocks(document, self.name, {0: "title"}, blocks=(blocks, separator))


@attrs.define
class GluedError(Cleaner):
    """Cuts an error message that a scraper glued before the first paragraph."""

    name = "glued-error"
    default = False

    def clean(self, document: Document) -> None:
        match = re.search(r"Error 404 – nothing here\.\s*", document.text)
        if match:
            document.record_removal(self.name, "error-text", match.group(0).strip())
            document.text = document.text[: match.start()] + document.text[match.end() :]


@attrs.define
class AgencyCredit(Cleaner):
    """Moves an agency credit at the end of a paragraph (``© AGENCY``) into meta.credit."""

    name = "agency-credit"
    default = False

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        for index, block in enumerate(blocks):
            match = re.search(r"\s*© ([A-Z]+)$", block)
            if match:
                document.meta["credit"] = match.group(1)
                document.record_removal(self.name, "credit", match.group(0).strip())
                blocks[index] = block[: match.start()]
        document.text = separator.join(blocks)


@attrs.define
class ShareLines(Cleaner):
    """Removes 'Share this story' lines."""

    name = "share-lines"
    default = False

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        found = {i: "share" for i, block in enumerate(blocks) if block == "Share this story"}
        remove_blocks(document, self.name, found, blocks=(blocks, separator))


@attrs.define
class ErrorPages(Cleaner):
    """Drops error pages."""

    name = "error-pages"
    default = False

    def clean(self, document: Document) -> None:
        if "this page does not exist" in document.text.lower():
            document.drop("error-page")


@attrs.define
class Shouting(Cleaner):
    """Upper-cases text and records nothing (a badly behaved cleaner)."""

    name = "shouting"
    default = False

    def clean(self, document: Document) -> None:
        document.text = document.text.upper()


@attrs.define
class CommonLines(Cleaner):
    """Learns lines found in every document on a first pass and removes them."""

    name = "common-lines"
    default = False
    common: set[str] = attrs.field(factory=set)

    def fit(self, documents) -> None:
        sets = [set(split_blocks(d.text)[0]) for d in documents]
        self.common = set.intersection(*sets) if sets else set()

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        found = {i: "common-line" for i, block in enumerate(blocks) if block in self.common}
        remove_blocks(document, self.name, found, blocks=(blocks, separator))


CLEANERS = [TitleLine, GluedError, AgencyCredit, ShareLines, ErrorPages, Shouting, CommonLines]
PLUGIN = types.ModuleType("explain_test_cleaners")
PLUGIN.thresher_register_cleaners = hookimpl(lambda: CLEANERS)

#: The order the tests clean in: the share lines go after repeated-paragraphs
#: has taken the second copy, so the two copies are removed by different cleaners.
COMPONENTS = [
    "whitespace",
    "error-pages",
    "title-line",
    "glued-error",
    "agency-credit",
    "repeated-paragraphs",
    "share-lines",
]

ARTICLE = (
    "Harbour pilots vote to strike\n"
    "Error 404 – nothing here. The pilots' association in Port Elmore voted on Monday "
    "to stop guiding ships into the harbour from next week.\n"
    "Share this story\n"
    "Talks with the harbour authority broke down over night-shift pay. © NORDPRESS\n"
    "Share this story\n"
    "A spokesperson for the authority said contingency plans were ready.\n"
)
ERROR_PAGE = "Oh no\nSorry, this page does not exist.\nGo back home\n"


def pipeline(components: list[str] = COMPONENTS, **clean: object) -> Pipeline:
    config = PipelineConfig()
    config.clean = StageConfig(components=list(components), **clean)  # type: ignore[arg-type]
    return make_test_pipeline(PLUGIN, config=config)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "pilots.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-pilots.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b-error.txt").write_text(ERROR_PAGE, encoding="utf-8")
    (folder / "c-plain.txt").write_text(
        "date 2026-02-11\nA short note.\nA short note.\n", encoding="utf-8"
    )
    return folder


def explain_json(path: Path, *args: str, components: list[str] = COMPONENTS) -> list[dict]:
    result = run_cli(pipeline(components), ["explain", "--json", *args, str(path)])
    assert result.exit_code == 0, result.output
    return [orjson.loads(line) for line in result.stdout.splitlines()]


# -- thresher explain ---------------------------------------------------------


def test_explain_shows_the_document_as_loaded_with_each_removal_and_why(article: Path) -> None:
    result = run_cli(pipeline(), ["explain", str(article)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    body = [line for line in lines if line[:2] in ("  ", "- ", "> ", "~ ")]
    assert body == [
        "> Harbour pilots vote to strike  ← title-line/title → meta.title",
        "~ [-Error 404 – nothing here.-] The pilots' association in Port Elmore voted on "
        "Monday to stop guiding ships into the harbour from next week.  ← glued-error/error-text",
        "- Share this story  ← share-lines/share",
        "~ Talks with the harbour authority broke down over night-shift pay. [-© NORDPRESS-]"
        "  ← agency-credit/credit → meta.credit",
        "- Share this story  ← repeated-paragraphs/repeated-paragraph",
        "  A spokesperson for the authority said contingency plans were ready.",
    ]
    assert "meta.title = Harbour pilots vote to strike  (set while cleaning)" in lines
    assert "meta.credit = NORDPRESS  (set while cleaning)" in lines
    assert "pilots.txt · kept" in lines[0]
    assert lines[1] == f"source: {article}"
    assert "\x1b[" not in result.output  # not a terminal: marks, no colour codes


def test_explain_json_gives_each_loaded_line_with_what_it_lost(article: Path) -> None:
    (record,) = explain_json(article)
    assert record["id"] == "pilots.txt" and record["fate"] == "kept"
    assert record["meta"] == {"title": "Harbour pilots vote to strike", "credit": "NORDPRESS"}
    assert record["meta_from_cleaning"] == ["title", "credit"]
    assert record["dropped_by"] is None and record["unrecorded_changes"] == []
    blocks = record["blocks"]
    assert [b["line"] for b in blocks] == [1, 2, 3, 4, 5, 6]
    assert [b["text"] for b in blocks] == ARTICLE.splitlines()
    assert [(b["kept"], b["status"]) for b in blocks] == [
        (False, "removed"),
        (True, "partial"),
        (False, "removed"),
        (True, "partial"),
        (False, "removed"),
        (True, "kept"),
    ]
    assert blocks[0]["removed"] == [
        {
            "component": "title-line",
            "reason": "title",
            "text": "Harbour pilots vote to strike",
            "to_meta": True,
            "meta_key": "title",
        }
    ]
    assert blocks[1]["removed"] == [
        {
            "component": "glued-error",
            "reason": "error-text",
            "text": "Error 404 – nothing here.",
            "to_meta": False,
        }
    ]
    assert blocks[3]["removed"][0]["text"] == "© NORDPRESS"
    assert blocks[3]["removed"][0]["meta_key"] == "credit"
    assert blocks[5]["removed"] == []
    # the document's own record is all there too, audit trail included
    assert record["text"].startswith("The pilots' association")
    assert len(record["removals"]) == 5


def test_explain_says_which_cleaner_dropped_a_document_and_why(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text(ERROR_PAGE, encoding="utf-8")
    result = run_cli(pipeline(), ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "dropped (error-page by error-pages)" in result.stdout
    assert "  Sorry, this page does not exist." in result.stdout.splitlines()
    (record,) = explain_json(path)
    assert (record["fate"], record["reason"], record["dropped_by"]) == (
        "dropped",
        "error-page",
        "error-pages",
    )
    assert [b["text"] for b in record["blocks"]] == ERROR_PAGE.splitlines()


def test_a_document_dropped_while_loading_is_not_blamed_on_a_cleaner(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (record,) = explain_json(tmp_path / "empty.txt")
    assert (record["fate"], record["reason"], record["dropped_by"]) == ("dropped", "empty", None)
    assert record["blocks"] == []


WIRE = (
    "    OSLO, March 3 - Talks between the harbour authority and the pilots'\n"
    "union will resume next week after a night of negotiations failed to\n"
    "produce a deal on night-shift pay. © NORDPRESS\n"
    "    The union said members would keep working normally until then, but\n"
    "warned that patience was running out in every port along the coast.\n"
    "    OSLO, March 3 - Talks between the harbour authority and the pilots'\n"
    "union will resume next week after a night of negotiations failed to\n"
    "produce a deal on night-shift pay. © NORDPRESS\n"
)


def test_explain_follows_paragraphs_across_wrapped_lines(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    components = ["whitespace", "agency-credit", "repeated-paragraphs"]
    (record,) = explain_json(path, components=components)
    assert record["text"].count("OSLO") == 1 and "NORDPRESS" not in record["text"]
    summary = [
        (b["line"], b["status"], [(c["reason"], c["text"]) for c in b["removed"]])
        for b in record["blocks"]
    ]
    assert summary == [
        (1, "kept", []),
        (2, "kept", []),
        (3, "partial", [("credit", "© NORDPRESS")]),
        (4, "kept", []),
        (5, "kept", []),
        (6, "removed", [("repeated-paragraph", WIRE.splitlines()[5].strip())]),
        (7, "removed", [("repeated-paragraph", WIRE.splitlines()[6])]),
        (
            8,
            "removed",
            [
                ("repeated-paragraph", "produce a deal on night-shift pay."),
                ("credit", "© NORDPRESS"),
            ],
        ),
    ]


def test_explain_shows_rewrites_and_removals_it_cannot_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text("Caf&eacute; owners\u200b met on Friday.\nNothing else.\n", encoding="utf-8")
    components = ["unicode", "whitespace"]
    result = run_cli(pipeline(components), ["explain", str(path)])
    assert "~ Caf[-&eacute;-]{+é+} owners" in result.stdout
    assert "unicode/unicode-repair" in result.stdout
    assert "whitespace/invisible-characters" in result.stdout
    assert "not located in the text" in result.stdout
    (record,) = explain_json(path, components=components)
    first = record["blocks"][0]
    assert (first["status"], first["kept"]) == ("rewritten", True)
    assert first["removed"][0]["text"] == "&eacute;"
    assert first["removed"][0]["replacement"] == "é"
    assert [c["reason"] for c in record["not_located"]] == ["invisible-characters"]


def test_explain_names_a_cleaner_that_changed_text_without_recording_it(article: Path) -> None:
    (explanation,) = pipeline(["whitespace", "shouting", "share-lines"]).explain([str(article)])
    assert explanation.unrecorded_changes == ["shouting"]
    assert explanation.document.kept


def test_explain_reports_the_loaders_own_removals(corpus: Path) -> None:
    (record,) = explain_json(corpus / "c-plain.txt")
    (loading,) = record["removed_while_loading"]
    assert loading["reason"] == "metadata-date" and loading["meta_key"] == "date"
    assert [(b["text"], b["status"]) for b in record["blocks"]] == [
        ("A short note.", "kept"),
        ("A short note.", "removed"),
    ]


def test_explain_id_picks_documents_out_of_a_dump(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "one", "text": "First story.\nShare this story"})
        + "\n"
        + json.dumps({"id": "two", "text": "Second story.\nShare this story"})
        + "\n",
        encoding="utf-8",
    )
    (record,) = explain_json(dump, "--id", "two")
    assert record["id"] == "two"
    assert [b["status"] for b in record["blocks"]] == ["kept", "removed"]
    missing = run_cli(pipeline(), ["explain", "--id", "three", str(dump)])
    assert missing.exit_code == 2
    assert "no document with id three" in missing.output


def test_explain_of_the_pipeline_api_yields_explanations(article: Path) -> None:
    explained = pipeline().explain([str(article)])
    (explanation,) = explained
    assert [block.status for block in explanation.blocks][:2] == ["removed", "partial"]
    assert explained.report.loaded == 1


# -- clean --dry-run ----------------------------------------------------------


def loaded_texts(folder: Path) -> dict[str, str]:
    result = run_cli(make_test_pipeline(), ["-q", "load", str(folder)])
    return {r["id"]: r["text"] for r in map(orjson.loads, result.stdout.splitlines())}


def test_dry_run_changes_no_document_and_reports_what_cleaning_would_do(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    only = ",".join(COMPONENTS)
    result = run_cli(
        pipeline(),
        ["load", str(corpus), "clean", "--only", only, "--dry-run", "export", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    assert {i: r["text"] for i, r in records.items()} == loaded_texts(corpus)
    assert records["a-pilots.txt"]["meta"] == {}  # nothing moved into meta either
    assert records["a-pilots.txt"]["removed"] == {
        "title": 1,
        "error-text": 1,
        "credit": 1,
        "repeated-paragraph": 1,
        "share": 1,
    }
    assert (out / "rejected.jsonl").read_bytes() == b""  # the error page was not dropped
    report = json.loads((out / "report.json").read_text())
    assert report["dry_run"] is True
    assert report["documents"]["exported"] == report["documents"]["loaded"] == 3
    assert report["documents"]["dropped"] == {}
    clean = report["stages"]["clean"]
    assert (clean["in"], clean["out"], clean["dropped"]) == (3, 3, {})
    assert clean["dry_run"] is True
    assert clean["would_drop"] == {"error-page": 1}
    assert clean["would_drop_documents"] == [
        {
            "id": "b-error.txt",
            "source": str(corpus / "b-error.txt"),
            "component": "error-pages",
            "reason": "error-page",
        }
    ]
    assert clean["removals"]["repeated-paragraphs/repeated-paragraph"] == 2
    assert clean["removals"]["share-lines/share"] == 1
    assert "would drop: error-page 1" in result.stderr
    assert "would remove:" in result.stderr


def test_dry_run_never_drops(tmp_path: Path) -> None:
    documents = [ERROR_PAGE, "\u200b\u200b", "Fine text."]
    processed = pipeline(dry_run=True).process(documents)
    results = list(processed)
    assert [d.fate for d in results] == [Fate.KEPT] * 3
    assert [d.text for d in results] == documents
    assert processed.report.stages["clean"].would_drop == {"error-page": 1, "empty": 1}
    assert results[1].removals[0].reason == "invisible-characters"


def test_a_normal_run_drops_what_the_dry_run_would(corpus: Path, tmp_path: Path) -> None:
    report = pipeline().run([str(corpus)], output=tmp_path / "out")
    assert report.stages["clean"].dropped == {"error-page": 1}
    assert not report.dry_run
    assert "dry_run" not in report.to_dict()["stages"]["clean"]
    assert report.to_dict()["dry_run"] is False


def test_run_dry_run_and_the_config_key(corpus: Path, tmp_path: Path) -> None:
    printed = run_cli(pipeline(), ["run", str(corpus), "-o", "x", "--dry-run", "--print-config"])
    assert "dry_run = true" in printed.stdout
    config = tmp_path / "pipeline.toml"
    config.write_text(printed.stdout, encoding="utf-8")
    assert PipelineConfig.from_toml(config).clean.dry_run
    out = tmp_path / "out"
    result = run_cli(pipeline(), ["-q", "run", "--config", str(config), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["dry_run"] is True
    assert report["stages"]["clean"]["would_drop"] == {"error-page": 1}
    assert report["documents"]["dropped"] == {}
    with pytest.raises(ConfigError, match=r"\[dedupe\] has no dry_run"):
        PipelineConfig.from_toml("[dedupe]\ndry_run = true\n")


@pytest.mark.parametrize("workers", [1, 2])
def test_dry_run_with_a_fitted_cleaner_spills_originals_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(thresher.stages, "DRY_RUN_MEMORY_CHARS", 100)
    texts = [f"Menu\nStory number {n} about the port, told at some length.\n" for n in range(40)]
    config = PipelineConfig()
    config.clean = StageConfig(components=["common-lines", "whitespace"], dry_run=True)
    config.run.workers = workers
    results = list(make_test_pipeline(PLUGIN, config=config).process(texts))
    assert [d.text for d in results] == texts
    assert all([r.text for r in d.removals] == ["Menu"] for d in results)


# -- the run report -------------------------------------------------------------


def test_report_counts_removals_and_characters_per_reason(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        pipeline(), ["run", str(corpus), "-o", str(out), "-s", "clean.whitespace.unwrap=never"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    clean = report["stages"]["clean"]
    assert clean["removals_by_reason"]["repeated-paragraph"] == 2
    assert clean["removed_chars_by_reason"]["repeated-paragraph"] == len("Share this story") + len(
        "A short note."
    )
    assert clean["removals"]["repeated-paragraphs/repeated-paragraph"] == 2
    # the loader's own removal (the date token) is counted in its stage
    assert report["stages"]["load"]["removals"] == {"text/metadata-date": 1}
    assert report["removals_by_reason"] == {
        "credit": 1,
        "error-text": 1,
        "metadata-date": 1,
        "repeated-paragraph": 2,
        "share": 1,
        "title": 1,
    }
    assert report["removed_chars_by_reason"]["title"] == len("Harbour pilots vote to strike")
    assert "removed: " in result.stderr and "repeated-paragraph 2" in result.stderr


def test_removals_by_reason_sums_across_components() -> None:
    from thresher.report import StageStats

    stats = StageStats("clean")
    stats.removals.update({"menus/navigation": 3, "site-x/navigation": 2, "ads/advert": 1})
    data = stats.to_dict()
    assert data["removals_by_reason"] == {"advert": 1, "navigation": 5}
    assert data["removals"] == {"ads/advert": 1, "menus/navigation": 3, "site-x/navigation": 2}

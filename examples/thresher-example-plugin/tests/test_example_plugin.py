"""Tests for thresher-example-plugin.

Two kinds of tests, on purpose:

* In-process tests build ``thresher.Pipeline(plugins=[thresher_example],
  entrypoints=False)``: only this plugin and thresher's first-party ones, so
  the result does not depend on what else is installed.
* "Installed" tests run ``python -m thresher`` in a subprocess, which finds
  the plugin the way users' thresher does: through its entry point. They
  fail (not skip) when the package is not installed, because proving the
  packaging works is their whole point.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import thresher
import thresher_example
from thresher import ConfigError, Document, Source, StageConfig
from thresher.cli import make_cli
from thresher.testing import make_run_context
from thresher_example import (
    HarbourGazetteCleaner,
    HeadlinesExporter,
    SignOffCleaner,
    truncate_documents,
    truncate_words,
)

DISTRIBUTION = "thresher-example-plugin"
ENTRY_POINT = "example"

ARTICLE = """\
Harbour cranes idle as port strike enters third day

Dockworkers walked off the job on Monday after wage talks collapsed, leaving
forty ships waiting outside the breakwater.

Sign up for our newsletter to get the morning briefing in your inbox

Union leaders said they would meet the port authority again on Thursday.
Readers who subscribe to the union bulletin get strike updates first, the union said.

Follow us on Twitter and Facebook

Thanks for reading!
© 2025 Harbour Daily. All rights reserved."""

ARTICLE_LINES = (
    "Harbour cranes idle as port strike enters third day",
    "forty ships waiting outside the breakwater.",
    "Union leaders said they would meet the port authority again on Thursday.",
    "Readers who subscribe to the union bulletin get strike updates first, the union said.",
)


def make_pipeline() -> thresher.Pipeline:
    """Only this plugin (plus thresher's own), never whatever else is installed."""
    return thresher.Pipeline(plugins=[thresher_example], entrypoints=False)


def clean_only_sign_offs(*documents: Document, **options: object) -> list[Document]:
    pipeline = make_pipeline()
    pipeline.config.clean = StageConfig(components=["sign-offs"], options={"sign-offs": options})
    return list(pipeline.process(list(documents), stages=["clean"]))


# -- the sign-offs cleaner ---------------------------------------------------


def test_cleaner_is_registered_with_its_options() -> None:
    registered = make_pipeline().registry.get("clean", "sign-offs")
    assert registered.component is SignOffCleaner
    assert SignOffCleaner.option_defaults() == {
        "patterns": [],
        "publishers": [],
        "max_line_words": 25,
    }


def test_cleaner_removes_sign_off_lines_and_keeps_the_article() -> None:
    [document] = clean_only_sign_offs(Document("story", ARTICLE))

    assert document.kept
    for line in ARTICLE_LINES:
        assert line in document.text
    for gone in ("newsletter", "Follow us", "Thanks for reading", "All rights reserved"):
        assert gone not in document.text
    assert "\n\n\n" not in document.text
    assert document.text.endswith("strike updates first, the union said.")


def test_cleaner_records_every_removal() -> None:
    [document] = clean_only_sign_offs(Document("story", ARTICLE))

    assert [(r.component, r.reason, r.text) for r in document.removals] == [
        (
            "sign-offs",
            "sign-off",
            "Sign up for our newsletter to get the morning briefing in your inbox",
        ),
        ("sign-offs", "sign-off", "Follow us on Twitter and Facebook"),
        ("sign-offs", "sign-off", "© 2025 Harbour Daily. All rights reserved."),
        ("sign-offs", "sign-off", "Thanks for reading!"),
    ]


def test_sign_offs_are_only_removed_at_the_end() -> None:
    text = "Thanks for reading, the mayor wrote to critics.\n\nThe council met at noon."
    cleaner = SignOffCleaner()
    document = Document("d", text)
    cleaner.clean(document)
    assert document.text == text
    assert document.removals == []


def test_long_lines_are_article_text_whatever_they_match() -> None:
    line = "Follow us on " + " ".join(["word"] * 30)
    document = Document("d", f"First paragraph.\n\n{line}")
    SignOffCleaner().clean(document)
    assert line in document.text


def test_extra_patterns_option() -> None:
    text = "The storm passed overnight.\n\nDonate to keep journalism free\n\nRoads reopened."
    [document] = clean_only_sign_offs(Document("d", text), patterns=["donate to .*"])
    assert document.text == "The storm passed overnight.\n\nRoads reopened."
    assert [r.text for r in document.removals] == ["Donate to keep journalism free"]


def test_invalid_pattern_is_a_config_error_before_any_document() -> None:
    with pytest.raises(ConfigError, match="invalid regular expression"):
        clean_only_sign_offs(Document("d", "text"), patterns=["(unclosed"])


def test_publishers_option_makes_it_source_specific() -> None:
    cleaner = SignOffCleaner(publishers=["Harbour Daily", "coastline.example"])
    by_meta = Document("a", "x", meta={"publisher": "harbour daily"})
    by_uri = Document("b", "x", source=Source("https://coastline.example/news/1", "html"))
    other = Document("c", "x", source=Source("/corpus/ledger.txt"), meta={"publisher": "Ledger"})
    assert cleaner.applies_to(by_meta)
    assert cleaner.applies_to(by_uri)
    assert not cleaner.applies_to(other)
    assert SignOffCleaner().applies_to(other)  # default: every document

    [kept] = clean_only_sign_offs(
        Document("other", "News.\n\nSubscribe now", meta={"publisher": "Ledger"}),
        publishers=["Harbour Daily"],
    )
    assert kept.text == "News.\n\nSubscribe now"


# -- the harbour-gazette outlet cleaner ---------------------------------------

GAZETTE_PAGE = """\
Skip to main content

Home | Port | City | Sport

Ferry timetable changes from Monday

(Photo: Lena Holm) The island ferry will leave Kessel at 7:10 instead of 6:50 from Monday.

Share on Facebook | X | WhatsApp

Advertisement

The harbour office said the later departure lets freight trucks board first.

More from the Harbour Gazette

Dockworkers vote on new shift pattern

Storm warning for the northern coast"""

GAZETTE_ARTICLE = """\
Ferry timetable changes from Monday

The island ferry will leave Kessel at 7:10 instead of 6:50 from Monday.

The harbour office said the later departure lets freight trucks board first."""


def clean_gazette(*documents: Document) -> list[Document]:
    """Only the outlet cleaner, after the white-space repair it relies on."""
    pipeline = make_pipeline()
    pipeline.config.clean = StageConfig(components=["whitespace", "harbour-gazette"])
    return list(pipeline.process(list(documents), stages=["clean"]))


def test_outlet_cleaner_is_registered_and_on_by_default() -> None:
    pipeline = make_pipeline()
    assert pipeline.registry.get("clean", "harbour-gazette").component is HarbourGazetteCleaner
    assert "harbour-gazette" in pipeline.registry.defaults("clean")
    assert "sign-offs" not in pipeline.registry.defaults("clean")


def test_outlet_cleaner_removes_the_gazette_template_from_its_pages() -> None:
    url = "https://www.harbourgazette.example/2026/ferry"
    [document] = clean_gazette(Document("gazette", GAZETTE_PAGE, meta={"url": url}))

    assert document.text == GAZETTE_ARTICLE
    assert [(r.component, r.reason) for r in document.removals] == [
        ("harbour-gazette", "caption"),
        ("harbour-gazette", "navigation"),
        ("harbour-gazette", "navigation"),
        ("harbour-gazette", "share"),
        ("harbour-gazette", "advertisement"),
        ("harbour-gazette", "related"),
        ("harbour-gazette", "related"),
        ("harbour-gazette", "related"),
    ]
    assert document.meta["publisher"] == "Harbour Gazette"
    assert document.meta["publisher_source"] == "url"


def test_outlet_cleaner_recognises_a_page_without_url_by_its_footer() -> None:
    [document] = clean_gazette(Document("gazette", GAZETTE_PAGE))
    assert document.text == GAZETTE_ARTICLE
    assert document.meta["publisher_source"] == "marker"


def test_outlet_cleaner_leaves_other_outlets_alone() -> None:
    page = GAZETTE_PAGE.replace("More from the Harbour Gazette", "More from the Ledger")
    [document] = clean_gazette(
        Document("ledger", page, meta={"url": "https://ledger.example/ferry"})
    )
    assert not [r for r in document.removals if r.component == "harbour-gazette"]
    assert "Share on Facebook | X | WhatsApp" in document.text


def test_outlet_cleaner_in_a_cli_run(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "gazette.txt").write_text(GAZETTE_PAGE + "\n", encoding="utf-8")
    args = ["--quiet", "load", str(folder), "clean", "--only", "whitespace,harbour-gazette"]
    args += ["export", "-f", "jsonl", "-o", str(out)]
    result = CliRunner().invoke(make_cli(make_pipeline()), args, catch_exceptions=False)

    assert result.exit_code == 0, result.output
    [record] = read_jsonl(out / "documents.jsonl")
    assert record["text"] == GAZETTE_ARTICLE
    assert record["meta"]["publisher"] == "Harbour Gazette"
    assert record["removed"] == {
        "navigation": 2,
        "caption": 1,
        "share": 1,
        "advertisement": 1,
        "related": 3,
    }


# -- the headlines exporter --------------------------------------------------


def documents_for_export() -> list[Document]:
    return [
        Document("a1", "One two three four", meta={"title": "Port strike", "date": "2025-10-27"}),
        Document("b2", "Just\ttabs and\nnew lines", meta={"title": "A\ttitle\nwith breaks"}),
    ]


def test_exporter_writes_headlines_tsv(tmp_path: Path) -> None:
    sink = HeadlinesExporter().open(tmp_path, context=make_run_context())
    for document in documents_for_export():
        sink.write(document)
    paths = sink.close()

    assert paths == [tmp_path / "headlines.tsv"]
    assert (tmp_path / "headlines.tsv").read_text(encoding="utf-8").splitlines() == [
        "id\ttitle\tdate\twords",
        "a1\tPort strike\t2025-10-27\t4",
        "b2\tA title with breaks\t\t5",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["headlines.tsv"]


def test_exporter_options(tmp_path: Path) -> None:
    sink = HeadlinesExporter(filename="index.tsv", header=False).open(
        tmp_path, context=make_run_context()
    )
    sink.write(documents_for_export()[0])
    sink.close()
    assert (tmp_path / "index.tsv").read_text(
        encoding="utf-8"
    ) == "a1\tPort strike\t2025-10-27\t4\n"


def test_exporter_abort_leaves_nothing(tmp_path: Path) -> None:
    sink = HeadlinesExporter().open(tmp_path, context=make_run_context())
    for document in documents_for_export():
        sink.write(document)
    sink.abort()
    assert list(tmp_path.iterdir()) == []


def test_exporter_is_a_format() -> None:
    [exporter] = make_pipeline().exporters(["headlines"])
    assert isinstance(exporter, HeadlinesExporter)


# -- the truncate stage ------------------------------------------------------


def test_truncate_words_keeps_paragraphs() -> None:
    assert truncate_words("one two\n\nthree four five", 3) == ("one two\n\nthree", "four five")
    assert truncate_words("one two", 5) == ("one two", "")
    assert truncate_words("one two", 2) == ("one two", "")


def test_truncate_passes_every_document_once_and_leaves_others_untouched() -> None:
    kept = Document("kept", "a b c d e f")
    dropped = Document("dropped", "a b c d e f")
    dropped.drop("empty")
    out = list(truncate_documents(iter([kept, dropped]), 2))

    assert out == [kept, dropped]
    assert kept.text == "a b"
    assert [(r.component, r.reason, r.text) for r in kept.removals] == [
        ("truncate", "truncated", "c d e f")
    ]
    assert dropped.text == "a b c d e f"
    assert dropped.removals == []


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Port strike enters third day\n\nDockworkers walked out on Monday after talks failed.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Storm closes the coast road overnight.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Short note.\n", encoding="utf-8")
    return folder


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_truncate_in_a_cli_chain(tmp_path: Path) -> None:
    folder, out = write_corpus(tmp_path / "in"), tmp_path / "out"
    args = ["--quiet", "load", str(folder), "truncate", "--words", "5"]
    args += ["export", "-f", "jsonl,headlines", "-o", str(out)]
    result = CliRunner().invoke(make_cli(make_pipeline()), args, catch_exceptions=False)

    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    assert sorted(records) == ["a.txt", "b.txt", "c.txt"]
    assert records["a.txt"]["text"] == "Port strike enters third day"
    assert records["b.txt"]["text"] == "Storm closes the coast road"
    assert records["c.txt"]["text"] == "Short note.\n"  # under 5 words: untouched
    assert records["a.txt"]["removed"] == {"truncated": 1}
    assert records["c.txt"]["removed"] == {}

    rows = (out / "headlines.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id\ttitle\tdate\twords"
    assert sorted(row.split("\t")[0] + ":" + row.split("\t")[3] for row in rows[1:]) == [
        "a.txt:5",
        "b.txt:5",
        "c.txt:2",
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == "completed"
    assert not [p for p in out.iterdir() if ".partial-" in p.name]


def test_truncate_rejects_zero_words(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    args = ["load", str(folder), "truncate", "--words", "0", "export", "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(make_cli(make_pipeline()), args)
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


# -- the installed package (entry point) -------------------------------------


def thresher_process(
    *args: str, cwd: Path, disable: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m thresher ARGS`` as a user would run it, with installed plugins on."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("THRESHER_DISABLE_PLUGINS", "THRESHER_DISABLE_PLUGIN_AUTOLOAD")
    }
    if disable is not None:
        env["THRESHER_DISABLE_PLUGINS"] = disable
    return subprocess.run(
        [sys.executable, "-m", "thresher", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def plugin_rows(*, cwd: Path, disable: str | None = None) -> dict[str, dict[str, Any]]:
    result = thresher_process("plugins", "--json", cwd=cwd, disable=disable)
    assert result.returncode == 0, result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)}


NOT_INSTALLED = f"{DISTRIBUTION} is not installed: pip install -e examples/thresher-example-plugin"


def test_installed_entry_point_is_declared() -> None:
    found = [
        ep
        for ep in importlib.metadata.entry_points(group="thresher")
        if ep.dist is not None and ep.dist.name == DISTRIBUTION
    ]
    assert [(ep.name, ep.value) for ep in found] == [(ENTRY_POINT, "thresher_example")], (
        NOT_INSTALLED
    )


def test_installed_plugin_is_listed(tmp_path: Path) -> None:
    rows = plugin_rows(cwd=tmp_path)
    assert ENTRY_POINT in rows, NOT_INSTALLED
    row = rows[ENTRY_POINT]
    assert row["distribution"] == DISTRIBUTION
    assert row["version"] == importlib.metadata.version(DISTRIBUTION)
    assert row["builtin"] is False
    assert row["components"] == {
        "clean": ["harbour-gazette", "sign-offs"],
        "export": ["headlines"],
    }
    assert "thresher_register_commands" in row["hooks"]


def test_installed_truncate_command_runs(tmp_path: Path) -> None:
    folder, out = write_corpus(tmp_path / "in"), tmp_path / "out"
    result = thresher_process(
        "--quiet", "load", str(folder), "truncate", "--words", "3",
        "export", "-f", "jsonl", "-o", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr or NOT_INSTALLED
    texts = {r["id"]: r["text"] for r in read_jsonl(out / "documents.jsonl")}
    assert texts == {
        "a.txt": "Port strike enters",
        "b.txt": "Storm closes the",
        "c.txt": "Short note.\n",
    }


def test_disabled_plugin_is_not_listed(tmp_path: Path) -> None:
    assert ENTRY_POINT in plugin_rows(cwd=tmp_path), NOT_INSTALLED
    assert ENTRY_POINT not in plugin_rows(cwd=tmp_path, disable=ENTRY_POINT)


def test_disabled_plugin_has_no_truncate_command(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    args = ["load", str(folder), "truncate", "export", "-o", str(tmp_path / "out")]
    enabled = thresher_process("truncate", "--help", cwd=tmp_path)
    assert enabled.returncode == 0, enabled.stderr or NOT_INSTALLED
    assert "--words" in enabled.stdout

    result = thresher_process(*args, cwd=tmp_path, disable=ENTRY_POINT)
    assert result.returncode == 2
    assert "No such command 'truncate'" in result.stderr
    assert not (tmp_path / "out").exists()

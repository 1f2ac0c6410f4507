"""The command line on real files: run, the chained form, plugins, explain, errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import types
from pathlib import Path

import attrs
import orjson
import pytest
from click.testing import CliRunner

import thresher
from thresher import Loader, Pipeline, hookimpl
from thresher.cli import make_cli
from thresher.testing import make_test_pipeline, read_jsonl, run_cli

REQUIRED_KEYS = {"id", "source", "text", "meta", "entities", "quantities", "quotes", "duplicates"}


def test_run_writes_every_format_and_accounts_for_every_input(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        make_test_pipeline(), ["run", str(corpus), "-o", str(out), "-f", "jsonl,json,markdown,csv"]
    )
    assert result.exit_code == 0, result.output
    records = read_jsonl(out / "documents.jsonl")
    assert records and all(record.keys() >= REQUIRED_KEYS for record in records)
    assert json.loads((out / "documents.json").read_text()) == records
    rows = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8", newline="")))
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert (out / "markdown" / "index.md").is_file()
    report = json.loads((out / "report.json").read_text())
    inputs = len(list(corpus.glob("*.txt")))
    assert report["status"] == "completed"
    assert report["documents"]["loaded"] == inputs and report["documents"]["balanced"]
    rejected = read_jsonl(out / "rejected.jsonl")
    assert len(records) + len(rejected) == inputs
    # the corpus holds an exact-duplicate pair: one survivor lists the other
    survivors = [r for r in records if r["duplicates"]]
    assert survivors and all(r["duplicates"][0] in {x["id"] for x in rejected} for r in survivors)
    # a leading `date` token became meta.date
    assert any(r["meta"].get("date") for r in records)


def test_chained_form_gives_the_same_documents_as_run(corpus: Path, tmp_path: Path) -> None:
    run_out, chain_out = tmp_path / "run", tmp_path / "chain"
    assert (
        run_cli(make_test_pipeline(), ["--quiet", "run", str(corpus), "-o", str(run_out)]).exit_code
        == 0
    )
    result = run_cli(
        make_test_pipeline(),
        [
            "--quiet",
            "load",
            str(corpus),
            "clean",
            "dedupe",
            "extract",
            "export",
            "-f",
            "jsonl",
            "-o",
            str(chain_out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert read_jsonl(run_out / "documents.jsonl") == read_jsonl(chain_out / "documents.jsonl")


def test_bad_inputs_are_named_in_the_report_and_good_ones_exported(
    messy_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["run", str(messy_folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    problems = {Path(p["source"].split(":")[0]).name: p for p in report["problems"]}
    assert set(problems) == {"photo.png", "empty.txt", "dump.jsonl"}
    assert "binary" in problems["photo.png"]["error"]
    assert problems["empty.txt"]["reason"] == "empty"
    assert problems["dump.jsonl"]["source"].endswith("dump.jsonl:2")
    exported = {r["id"] for r in read_jsonl(out / "documents.jsonl")}
    assert {"j1", "j3"} <= exported
    assert report["documents"]["balanced"]
    assert report["documents"]["loaded"] == len(list(messy_folder.glob("*.txt"))) + 1 + 3


def test_chain_without_export_writes_jsonl_to_stdout(corpus: Path) -> None:
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()), ["--quiet", "load", str(corpus), "clean"]
    )
    assert result.exit_code == 0, result.output
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(list(corpus.glob("*.txt")))


def test_stdin_is_an_input() -> None:
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()),
        ["--quiet", "load", "-", "clean", "export", "-o", "-"],
        input="date 2026-01-05\nA headline for stdin\nSome   body text.\n",
    )
    assert result.exit_code == 0, result.output
    (record,) = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert record["meta"]["date"] == "2026-01-05"
    assert record["text"] == "A headline for stdin\n\nSome body text."


@attrs.define
class ExplodingLoader(Loader):
    """Proves that nothing was read: fails the test if asked to load."""

    name = "exploding"
    order = 0

    def accepts(self, source) -> bool:
        raise AssertionError(f"{source} was looked at before the chain was validated")

    def load(self, source):
        raise AssertionError("loaded before the chain was validated")


@pytest.mark.parametrize(
    "args, message",
    [
        (["load", "{corpus}", "clen"], "No such command 'clen'"),
        (
            ["load", "{corpus}", "clean", "--only", "whitespac"],
            "no clean component named 'whitespac'",
        ),
        (["load", "{corpus}", "export", "-f", "xml", "-o", "{out}"], "no format named 'xml'"),
        (
            ["load", "{corpus}", "dedupe", "-s", "exact.normalisation=x", "export", "-o", "{out}"],
            "has no option 'normalisation'",
        ),
        (["load", "{corpus}", "export", "-o", "{out}", "clean"], "export must be the last stage"),
        (["clean", "export", "-o", "{out}"], "a chain starts with 'load INPUT'"),
        (["run", "{corpus}/nothing-here", "-o", "{out}"], "does not exist"),
        (["load", "{corpus}", "plugins"], "'plugins' runs on its own"),
        (["load", "{corpus}", "--loader", "text", "clean"], "It is an option of load"),
    ],
)
def test_usage_errors_exit_2_before_any_document_is_read(
    corpus: Path, tmp_path: Path, args, message
) -> None:
    module = types.ModuleType("exploding")
    module.thresher_register_loaders = hookimpl(lambda: [ExplodingLoader])
    out = tmp_path / "out"
    filled = [a.format(corpus=corpus, out=out) for a in args]
    result = CliRunner().invoke(make_cli(make_test_pipeline(module)), filled)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_options_may_come_before_arguments(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(make_test_pipeline(), ["-q", "run", "-f", "csv", "-o", str(out), str(corpus)])
    assert result.exit_code == 0, result.output
    assert (out / "documents.csv").is_file()


def test_strict_run_aborts_with_exit_1_and_leaves_no_partial_output(
    messy_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()), ["--strict", "-q", "run", str(messy_folder), "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "failed" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    assert json.loads((out / "report.json").read_text())["status"] == "failed"


def test_print_config_round_trips_through_run_config(corpus: Path, tmp_path: Path) -> None:
    printed = run_cli(
        make_test_pipeline(),
        [
            "run",
            str(corpus),
            "-o",
            str(tmp_path / "a"),
            "-s",
            "clean.whitespace.unwrap=never",
            "--print-config",
        ],
    )
    assert printed.exit_code == 0, printed.output
    assert 'unwrap = "never"' in printed.output
    config = tmp_path / "pipeline.toml"
    config.write_text(printed.output, encoding="utf-8")
    result = run_cli(make_test_pipeline(), ["-q", "run", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "documents.jsonl").is_file()


def test_plugins_lists_components_per_stage() -> None:
    result = run_cli(make_test_pipeline(), ["plugins", "--json"])
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert rows["dedupe-exact"]["components"] == {"dedupe": ["exact"]}
    assert rows["export-json"]["distribution"] == "thresher"
    table = run_cli(make_test_pipeline(), ["plugins"]).output
    assert "export-markdown" in table and "markdown" in table


def test_explain_shows_each_removal_and_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "date 2026-02-01\nA Headline Here\nSame paragraph twice.\nSame paragraph twice.\n",
        encoding="utf-8",
    )
    result = run_cli(make_test_pipeline(), ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "repeated-paragraphs/repeated-paragraph" in result.output
    assert "metadata-date" in result.output
    as_json = orjson.loads(run_cli(make_test_pipeline(), ["explain", "--json", str(path)]).output)
    assert [r["reason"] for r in as_json["removals"]] == ["metadata-date", "repeated-paragraph"]


def test_console_script_reports_a_broken_plugin_in_one_line(tmp_path: Path) -> None:
    package = tmp_path / "site"
    (package / "broken_dist-1.0.dist-info").mkdir(parents=True)
    (package / "broken_dist-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-dist\nVersion: 1.0\n"
    )
    (package / "broken_dist-1.0.dist-info" / "entry_points.txt").write_text(
        "[thresher]\nbroken = thresher_no_such_module\n"
    )
    env = {"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "thresher", "plugins"]
    failed = subprocess.run(command, env=env, capture_output=True, text=True)
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1
    assert "'broken'" in failed.stderr and "broken-dist" in failed.stderr
    assert "THRESHER_DISABLE_PLUGINS=broken" in failed.stderr
    rescued = subprocess.run(
        command, env={**env, "THRESHER_DISABLE_PLUGINS": "broken"}, capture_output=True, text=True
    )
    assert rescued.returncode == 0, rescued.stderr


def test_pipeline_api_and_cli_share_one_pipeline(corpus: Path, tmp_path: Path) -> None:
    report = Pipeline(entrypoints=False).run([str(corpus)], output=tmp_path / "api")
    run_cli(make_test_pipeline(), ["-q", "run", str(corpus), "-o", str(tmp_path / "cli")])
    assert read_jsonl(tmp_path / "api" / "documents.jsonl") == read_jsonl(
        tmp_path / "cli" / "documents.jsonl"
    )
    assert report.exported == len(read_jsonl(tmp_path / "cli" / "documents.jsonl"))


def test_clean_add_switches_on_an_opt_in_component(tmp_path: Path) -> None:
    @attrs.define
    class Shout(thresher.Cleaner):
        """Upper-cases text (opt-in)."""

        name = "shout"
        default = False

        def clean(self, document) -> None:
            document.text = document.text.upper()

    module = types.ModuleType("shout")
    module.thresher_register_cleaners = hookimpl(lambda: [Shout])
    (tmp_path / "a.txt").write_text("quiet words", encoding="utf-8")
    plain = run_cli(make_test_pipeline(module), ["-q", "load", str(tmp_path / "a.txt"), "clean"])
    loud = run_cli(
        make_test_pipeline(module),
        ["-q", "load", str(tmp_path / "a.txt"), "clean", "--add", "shout"],
    )
    assert orjson.loads(plain.stdout)["text"] == "quiet words"
    assert orjson.loads(loud.stdout)["text"] == "QUIET WORDS"


def test_only_one_format_may_go_to_stdout(corpus: Path) -> None:
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()),
        ["-q", "load", str(corpus), "export", "-f", "jsonl,csv", "-o", "-"],
    )
    assert result.exit_code == 2
    assert "only one format can go to standard output" in result.output

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from news_stories import article, doc

from thresher import ConfigError, Document, Fate, Pipeline, PipelineConfig, StageConfig
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_stage
from thresher_plugins.seen_index import SeenIndex


def dedupe(documents: list[Document], index: Path, **options: object) -> list[Document]:
    return run_stage("dedupe", documents, ["near"], {"near": {"index": str(index), **options}})


def indexed(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM documents ORDER BY id")]


def test_a_new_batch_is_deduplicated_against_earlier_runs(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    first = dedupe([doc("mon-port", article(0, drop=3)), doc("mon-battery", article(1))], index)
    assert all(d.kept for d in first)
    assert indexed(index) == ["mon-battery", "mon-port"]
    # Tuesday's copy is longer, but Monday's was exported already: it stays the survivor.
    second = {
        d.id: d for d in dedupe([doc("tue-port", article(0)), doc("tue-farm", article(2))], index)
    }
    assert second["tue-port"].duplicate_of == "mon-port"
    assert second["tue-farm"].kept
    assert indexed(index) == ["mon-battery", "mon-port", "tue-farm"]


def test_a_document_seen_again_under_its_id_is_not_its_own_duplicate(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    batch = [("a", article(0)), ("b", article(1))]
    dedupe([doc(i, t) for i, t in batch], index)
    again = dedupe([doc(i, t) for i, t in batch], index)
    assert all(d.kept for d in again)
    assert indexed(index) == ["a", "b"]


def test_the_cli_records_the_earlier_survivor_in_clusters(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    for day, name, text in [("1", "old.txt", article(3, drop=0)), ("2", "new.txt", article(3))]:
        folder = tmp_path / f"in{day}"
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        result = run_cli(
            make_test_pipeline(),
            ["load", str(folder), "dedupe", "-s", f"near.index={index}",
             "export", "-o", str(tmp_path / f"out{day}")],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    (cluster,) = [c for c in read_jsonl(tmp_path / "out2" / "clusters.jsonl")]
    assert cluster["survivor"] == "old.txt"
    assert [m["id"] for m in cluster["members"]] == ["new.txt"]
    assert read_jsonl(tmp_path / "out2" / "rejected.jsonl")[0]["duplicate_of"] == "old.txt"


def test_an_index_built_with_other_settings_is_refused_naming_them(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    dedupe([doc("a", article(0))], index)
    with pytest.raises(ConfigError, match=r"seen\.sqlite.*other settings: .*ngram 5 \(now 3\)"):
        dedupe([doc("b", article(1))], index, ngram=3)


def test_a_file_that_is_not_an_index_is_a_config_error(tmp_path: Path) -> None:
    index = tmp_path / "notes.txt"
    index.write_text("not a database, just some notes\n" * 100, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"notes\.txt"):
        dedupe([doc("a", article(0))], index)


def test_a_run_stopped_early_adds_nothing(tmp_path: Path) -> None:
    index = tmp_path / "seen.sqlite"
    dedupe([doc("a", article(0))], index)
    config = PipelineConfig()
    config.dedupe = StageConfig(components=["near"], options={"near": {"index": str(index)}})
    processed = Pipeline(config, entrypoints=False).process(
        [doc("b", article(1)), doc("c", article(2))], stages=["dedupe"]
    )
    next(iter(processed))
    processed.close()  # as when a consumer stops or a run is interrupted
    assert indexed(index) == ["a"]


def test_a_failure_while_adding_rolls_the_whole_batch_back(tmp_path: Path) -> None:
    index = SeenIndex(tmp_path / "seen.sqlite", {"ngram": 5})

    def documents():
        from thresher import Facts
        from thresher_plugins.seen_index import SeenDocument

        keys = np.arange(4, dtype=np.uint64)
        yield SeenDocument("a", Facts(10, 0, None), keys, keys)
        raise KeyboardInterrupt  # the run is killed in the middle of the batch

    with pytest.raises(KeyboardInterrupt):
        index.add(documents())
    assert len(index) == 0
    index.close()


def test_fates_do_not_depend_on_the_index_for_documents_it_does_not_match(tmp_path: Path) -> None:
    batch = [doc("x", article(1)), doc("y", article(1, drop=2)), doc("z", article(2))]
    plain = [(d.id, d.fate) for d in dedupe([doc(d.id, d.text) for d in batch], tmp_path / "1")]
    dedupe([doc("other", article(3))], tmp_path / "2")
    with_index = [(d.id, d.fate) for d in dedupe(batch, tmp_path / "2")]
    assert plain == with_index == [("x", Fate.KEPT), ("y", Fate.DUPLICATE), ("z", Fate.KEPT)]

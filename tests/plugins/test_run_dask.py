"""The dask executor on a real dask.distributed cluster, started by the test on loopback."""

from __future__ import annotations

import distributed  # the dask extra is part of the dev install: fail, never skip, without it
from news_stories import STORIES, article

from thresher import Pipeline, PipelineConfig
from thresher.testing import read_jsonl


def texts() -> list[str]:
    return [
        f"Story {n % 9}\nParagraph {n % 9} of the story.\nParagraph {n % 9} of the story."
        for n in range(120)
    ]


def test_dask_cluster_gives_the_same_documents_as_the_local_executor(corpus, tmp_path) -> None:
    local = [d.to_dict() for d in Pipeline(entrypoints=False).process(texts())]
    config = PipelineConfig()
    config.run.executor = "dask"
    config.run.options = {"dask": {"workers": 2}}
    distributed = Pipeline(config, entrypoints=False)
    processed = distributed.process(texts())
    assert [d.to_dict() for d in processed] == local
    assert processed.report.balanced and processed.report.duplicates == 111

    report = distributed.run([str(corpus)], output=tmp_path / "out")
    assert report.status == "completed" and report.balanced


def test_dask_executor_connects_to_an_existing_cluster() -> None:
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        config = PipelineConfig()
        config.run.executor = "dask"
        config.run.options = {"dask": {"address": cluster.scheduler_address}}
        documents = list(Pipeline(config, entrypoints=False).process(["a b", "a  b", "c"]))
    assert [d.fate.value for d in documents] == ["kept", "duplicate", "kept"]


def test_near_copies_give_the_same_clusters_on_a_dask_cluster_as_locally(tmp_path) -> None:
    """Cleaning runs on the workers, dedupe in the driver: survivors must not depend on that."""
    corpus = tmp_path / "in"
    menu = "Home | World | Business | Sport | Contact us\n\n"
    footer = "\n\nShare this article\n\nCopyright 2026 Example Media. All rights reserved."
    # Three sites carry each story: one as written, one in its page template, one trimmed.
    sites = {
        "wire": article,
        "portal": lambda story: menu + article(story) + footer,
        "digest": lambda story: article(story, drop=3),
    }
    for site, page in sites.items():
        (corpus / site).mkdir(parents=True)
        for story in range(len(STORIES)):
            (corpus / site / f"{story}.txt").write_text(page(story), encoding="utf-8")

    def run(executor: str) -> tuple[dict[str, object], list[dict[str, object]]]:
        config = PipelineConfig()
        config.run.executor = executor
        if executor == "dask":
            config.run.options = {"dask": {"workers": 2}}
        out = tmp_path / executor
        report = Pipeline(config, entrypoints=False).run([str(corpus)], output=out)
        assert report.status == "completed" and report.balanced
        fates = {
            row["id"]: row.get("duplicate_of")
            for name in ("documents.jsonl", "rejected.jsonl")
            for row in read_jsonl(out / name)
        }
        clusters = [
            {key: value for key, value in row.items() if key != "settings"}
            for row in read_jsonl(out / "clusters.jsonl")
        ]
        return fates, clusters

    local = run("local")
    assert run("dask") == local
    fates, clusters = local
    for story in range(len(STORIES)):
        copies = [f"{site}/{story}.txt" for site in sites]
        survivors = [c for c in copies if fates[c] is None]
        assert len(survivors) == 1, f"story {story}: one survivor of three copies, got {survivors}"
        assert {fates[c] for c in copies if c not in survivors} == set(survivors)
    assert sorted(c["deduper"] for c in clusters) == ["exact"] * 4 + ["near"] * 4

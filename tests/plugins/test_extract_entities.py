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


def test_a_pair_opened_by_a_given_name_is_a_person_without_other_evidence() -> None:
    text = "Velmora beat Calder 2-1 on Sunday. Tomas Reiner scored twice in the second half."
    assert ("PER", "Tomas Reiner") in entities(text)


def test_pairs_without_a_given_name_are_people_only_when_asked() -> None:
    text = "Velmora beat Calder 2-1 on Sunday after Quorvath Bellamine scored twice."
    assert ("PER", "Quorvath Bellamine") not in entities(text)
    assert ("PER", "Quorvath Bellamine") in entities(text, guess_people=True)


def test_a_given_name_does_not_make_credits_places_or_firms_people() -> None:
    text = (
        "Flood barriers fail in the north\n"
        "By Tomas Reiner | March 3, 2026\n"
        "Rivers burst their banks in Lawrence Hill and Santa Clara overnight, and Dalton "
        "Polymers closed its plant. Residents waded through water with Katja Lindqvist.\n"
        "Image: Hanna Berglund/Reuters\n"
        "Tomas Reiner | About us | Contact"
    )
    people = {name for label, name in entities(text) if label == "PER"}
    assert people == {"Katja Lindqvist"}, people  # the story's own person, only her


def test_a_month_that_is_also_a_given_name() -> None:
    found = entities("Fire service spokesman Jan Petersen said on Jan 5 that roads were closed.")
    people = {name for label, name in found if label == "PER"}
    assert people == {"Jan Petersen"}


def test_a_place_in_a_results_table_is_its_team() -> None:
    text = (
        "Results of matches played on Saturday:\n"
        "Leeds 2 (Amari 45, Reiner 88) Derby 1 (Castell 12)\n"
        "Standings: Leeds 15 9 4 34\n"
        "Leeds is a city in Yorkshire."
    )
    found = entities(text)
    assert found["ORG", "Leeds"]["count"] == 2 and found["ORG", "Derby"]["count"] == 1
    assert found["LOC", "Leeds"]["count"] == 1  # in prose it stays a place
    assert ("ORG", "Yorkshire") not in found


def test_a_shouted_headline_word_is_no_acronym() -> None:
    text = "SOCCER - LEEDS CLOSE IN ON TITLE\nUEFA said NATO had nothing to do with it."
    found = entities(text)
    assert ("ORG", "SOCCER") not in found and ("ORG", "TITLE") not in found
    assert ("ORG", "NATO") in found and ("ORG", "UEFA") in found


def test_news_agencies_and_nationalities() -> None:
    found = entities("Officials told Reuters that the French and the Swiss disagreed.")
    assert ("ORG", "Reuters") in found
    assert ("MISC", "French") in found and ("MISC", "Swiss") in found


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


def test_names_inside_a_run_with_a_person_or_a_sentence_opening() -> None:
    text = (
        "The letter went to Security Council president Ilse Brandvold of Norway on Friday.\n"
        "High-flying Portugal topped the table. The EU and the UK disagreed."
    )
    found = entities(text)
    assert ("PER", "Ilse Brandvold") in found and ("LOC", "Norway") in found
    assert ("LOC", "Portugal") in found
    assert ("ORG", "EU") in found and ("LOC", "UK") in found

from __future__ import annotations

import pytest

from thresher import Document
from thresher.testing import run_stage
from thresher_plugins.extract_quotes import QuotesExtractor
from thresher_plugins.people import People

FIND = QuotesExtractor().find

INTRO = (
    "Harbour Minister Ilse Brandvold met Dana Whitfield, chief executive of Orbis Freight, "
    "in Velmora on Tuesday."
)


def attributed(text: str) -> list[tuple[str, str | None]]:
    return [(q["text"], q["speaker"]) for q in FIND(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        '"The quay will reopen before winter," Brandvold said.',
        "“The quay will reopen before winter,” said Brandvold.",
        "“The quay will reopen before winter,” the minister said.",
        "Brandvold said: “The quay will reopen before winter.”",
        "Brandvold told reporters that “the quay will reopen before winter.”",
        "According to Brandvold, “the quay will reopen before winter.”",
        "Brandvold spoke last. “The quay will reopen before winter,” she said.",
        "‘The quay will reopen before winter,’ Harbour Minister Brandvold wrote.",
    ],
)
def test_the_speaker_is_resolved_to_the_full_name(sentence: str) -> None:
    ((text, speaker),) = attributed(f"{INTRO}\n{sentence}")
    assert text.lower().startswith("the quay will reopen before winter")
    assert speaker == "Ilse Brandvold"


def test_a_speaker_named_after_the_verb_with_a_role() -> None:
    text = '"We cannot wait another season," said Dana Whitfield, chief executive of Orbis Freight.'
    assert attributed(text) == [("We cannot wait another season", "Dana Whitfield")]


def test_a_quotation_split_around_its_attribution_has_one_speaker() -> None:
    text = f'{INTRO}\n"We cannot wait," Whitfield said. "Not one more month."'
    assert attributed(text) == [
        ("We cannot wait", "Dana Whitfield"),
        ("Not one more month.", "Dana Whitfield"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Finanzministerin Karin Lindqvist sprach in Berlin. "
            "„Wir werden die Schulden abbauen“, sagte Lindqvist.",
            ("Wir werden die Schulden abbauen", "Karin Lindqvist"),
        ),
        (
            "La ministre Claire Dubois était à Paris. "
            "« Nous ne céderons pas sur ce point », a déclaré Dubois.",
            ("Nous ne céderons pas sur ce point", "Claire Dubois"),
        ),
        (
            "El ministro Luis Herrera habló en Madrid. «No habrá más recortes este año», dijo Herrera.",
            ("No habrá más recortes este año", "Luis Herrera"),
        ),
    ],
)
def test_quotation_marks_and_attributions_of_other_languages(text, expected) -> None:
    assert attributed(text) == [expected]


def test_a_quotation_repeated_in_the_article_is_listed_once() -> None:
    sentence = '"The quay will reopen before winter," Brandvold said.'
    (quote,) = FIND(f"{INTRO}\n{sentence}\nMore text here.\n{sentence}")
    assert quote["occurrences"] == 2


def test_a_partial_quote_in_a_reporting_sentence_is_a_quote() -> None:
    text = f"{INTRO} Brandvold promised what she called a “new golden age” for the port."
    assert attributed(text) == [("new golden age", "Ilse Brandvold")]


def test_a_name_in_quotation_marks_is_no_quotation() -> None:
    assert attributed("Storm “Xenia” reached the coast on Monday night.") == []


def test_an_unattributed_quotation_is_kept_without_a_speaker() -> None:
    text = "A sign at the gate read: “No entry for trucks after six in the evening.”"
    assert attributed(text) == [("No entry for trucks after six in the evening.", None)]


def test_the_participle_of_a_reporting_sentence_attributes_to_its_subject() -> None:
    text = (
        f"{INTRO}\nWhitfield went further, calling the fees “a tax on every container "
        "that crosses the quay.”"
    )
    assert attributed(text) == [
        ("a tax on every container that crosses the quay.", "Dana Whitfield")
    ]


def test_people_roles_and_short_mentions() -> None:
    people = People(f"{INTRO} Brandvold and Whitfield spoke. Japan Signals Readiness Again")
    assert [(p.name, p.roles) for p in people.people()] == [
        ("Ilse Brandvold", ("Harbour Minister",)),
        ("Dana Whitfield", ("chief executive",)),
    ]


def test_the_extractor_in_a_pipeline_gives_spans_and_sentences() -> None:
    text = f'{INTRO}\n"We cannot wait," Whitfield said.'
    (document,) = run_stage("extract", [Document(id="a", text=text)], ["quotes"])
    (quote,) = document.fields["quotes"]
    assert text[quote["start"] : quote["end"]] == quote["text"] == "We cannot wait"
    assert quote["sentence"] == '"We cannot wait," Whitfield said.'
    assert quote["speaker_text"] == "Whitfield"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "« Le quai rouvrira avant l'hiver », a déclaré à la presse Odile Ferrand, "
            "secrétaire générale du port.",
            ("Le quai rouvrira avant l'hiver", "Odile Ferrand"),
        ),
        (
            "La ministre des Transports, Odile Ferrand, a appelé à « la patience de chacun ».",
            ("la patience de chacun", "Odile Ferrand"),
        ),
        (
            '"El muelle reabrirá antes del invierno", aseguró la consejera de Puertos, '
            "Marta Ibarra, en rueda de prensa.",
            ("El muelle reabrirá antes del invierno", "Marta Ibarra"),
        ),
        (
            "„Der Kai öffnet vor dem Winter“, sagte Anwohnerin Greta Albers.",
            ("Der Kai öffnet vor dem Winter", "Greta Albers"),
        ),
    ],
)
def test_speakers_named_with_their_role_before_or_after(text, expected) -> None:
    assert attributed(text) == [expected]


def test_an_organisation_beside_a_verb_is_no_speaker() -> None:
    text = (
        "Marches Harbour's chief executive, Owen Pardoe, spoke outside court. "
        '"We got this wrong," he said.'
    )
    assert attributed(text) == [("We got this wrong", "Owen Pardoe")]

from __future__ import annotations

import pytest

from thresher import Document
from thresher.testing import run_stage
from thresher_plugins import extract_language
from thresher_plugins.extract_language import LanguageExtractor

PARAGRAPHS = {
    "en": "The harbour authority said on Tuesday that container traffic fell for a third "
    "month as two shipping lines moved their weekly calls to a rival port.",
    "de": "Die Hafenbehörde teilte am Dienstag mit, dass der Containerverkehr den dritten "
    "Monat in Folge gesunken sei, weil zwei Reedereien ihre Anläufe verlegt haben.",
    "fr": "L'autorité portuaire a indiqué mardi que le trafic de conteneurs avait reculé "
    "pour le troisième mois consécutif, deux armateurs ayant déplacé leurs escales.",
    "es": "La autoridad portuaria informó el martes de que el tráfico de contenedores cayó "
    "por tercer mes consecutivo después de que dos navieras trasladaran sus escalas.",
}


def language_of(text: str, **meta: object) -> object:
    (document,) = run_stage("extract", [Document(id="a", text=text, meta=dict(meta))], ["language"])
    return document.meta.get("language")


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_the_language_of_a_news_paragraph(code: str) -> None:
    assert language_of(PARAGRAPHS[code]) == code


def test_an_english_menu_does_not_outvote_a_german_article() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Sign in"])
    assert language_of(f"{menu}\n{PARAGRAPHS['de']}\n{PARAGRAPHS['de']}") == "de"


@pytest.mark.parametrize("text", ["", "   \n ", "12345 678 -- 90"])
def test_no_language_is_guessed_for_text_without_words(text: str) -> None:
    assert language_of(text) is None


def test_a_language_the_loader_gave_is_kept() -> None:
    assert language_of(PARAGRAPHS["fr"], language="fr-CA") == "fr-CA"


def test_the_sample_is_the_longest_paragraphs_in_text_order() -> None:
    extractor = LanguageExtractor(sample_chars=40)
    text = "short\n" + "b" * 30 + "\nmid size\n" + "a" * 35
    assert extractor.sample(text) == ("b" * 30 + " " + "a" * 35)[:40]


class _RecordingDetector:
    """Stands in for fastText: records what it is asked to read, answers from a table."""

    def __init__(self, scores: dict[int, float]) -> None:
        self.read: list[str] = []
        self.scores = scores  # length read -> score given

    def detect(self, text: str, k: int = 1) -> list[dict[str, object]]:
        self.read.append(text)
        return [{"lang": "en", "score": self.scores.get(len(text), 0.99)}]


def test_a_sure_reading_of_half_the_sample_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    detector = _RecordingDetector({})
    monkeypatch.setattr(extract_language, "_detector", lambda: detector)
    assert LanguageExtractor(sample_chars=600).identify("word " * 200) == "en"
    assert [len(text) for text in detector.read] == [300]


def test_a_doubtful_half_or_a_short_sample_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    detector = _RecordingDetector({300: 0.6})
    monkeypatch.setattr(extract_language, "_detector", lambda: detector)
    LanguageExtractor(sample_chars=600).identify("word " * 200)
    assert [len(text) for text in detector.read] == [300, 600]
    detector.read.clear()
    LanguageExtractor().identify("A short headline only")
    assert detector.read == ["A short headline only"]

"""Regression floor for the default cleaners on the labelled corpus.

The figures the issue targets are measured by ``benchmarks/cleaning``; these
floors sit just under what the cleaners reach today, so a change that makes
cleaning worse fails here before anyone reads a benchmark table.
"""

from __future__ import annotations

from typing import Any

import pytest
from cleaning.metrics import score_corpus

from thresher import Pipeline


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    return score_corpus(Pipeline(entrypoints=False))


def test_article_text_is_kept(scores: dict[str, Any]) -> None:
    assert scores["body_retention"] >= 0.98


def test_boilerplate_is_removed(scores: dict[str, Any]) -> None:
    assert scores["boilerplate_removal"] >= 0.95


def test_error_only_pages_are_dropped_and_articles_are_not(scores: dict[str, Any]) -> None:
    assert scores["articles_dropped"] == 0
    assert scores["error_pages_dropped"] >= 5

"""Scoring cleaned text against the labelled corpus.

Everything is bag-of-words, tokenised exactly as ``score-textclean`` does
(``\\w+``, lower-cased, counted as a multiset), so figures on the corpus and
on the scrapinghub set mean the same thing.

A kept output token is credited to the body first: ``rest = output - body``
(multiset difference). Boilerplate and metadata leaks are measured on that
rest, so a word such as "harbour" that the body uses and a menu repeats is
only counted as leaked boilerplate when the output holds more copies than the
body does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .corpus import BOILERPLATE_LABELS, METADATA_LABELS, CorpusDocument, load_corpus

TOKEN = re.compile(r"\w+")
#: Paragraphs shorter than this are not checked for being kept exactly once:
#: a short subheading can legitimately occur inside another paragraph.
MIN_CHECKED_TOKENS = 8


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in TOKEN.findall(text))


def token_list(text: str) -> list[str]:
    return [token.lower() for token in TOKEN.findall(text)]


def overlap(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


@dataclass(frozen=True)
class Prediction:
    """What a method made of one document.

    :ivar text: the cleaned text; ``None`` when the method dropped the document.
    :ivar meta: metadata the method extracted; ``None`` when it extracts none.
    :ivar status: ``kept``, ``dropped:<reason>``, ``duplicate`` or ``failed:<error>``.
    """

    text: str | None
    meta: Mapping[str, Any] | None = None
    status: str = "kept"

    @property
    def dropped(self) -> bool:
        return self.text is None or not self.text.strip()


@dataclass
class DocumentScore:
    id: str
    template: str
    lang: str
    drop_expected: bool
    dropped: bool
    failed: bool
    body_tokens: int = 0
    body_kept: int = 0
    output_tokens: int = 0
    boilerplate_tokens: int = 0
    boilerplate_leaked: int = 0
    metadata_tokens: int = 0
    metadata_leaked: int = 0
    label_tokens: dict[str, int] = field(default_factory=dict)
    label_leaked: dict[str, int] = field(default_factory=dict)
    paragraphs_checked: int = 0
    paragraphs_once: int = 0
    paragraphs_repeated: int = 0  # kept twice or more
    paragraphs_missing: int = 0  # not found whole (removed, or edited)
    repeated_in_input: int = 0
    repeated_in_input_fixed: int = 0  # repeated in the input, exactly once in the output
    date_expected: str | None = None
    date_predicted: str | None = None
    publisher_expected: str | None = None
    publisher_predicted: str | None = None
    has_meta: bool = False


def _occurrences(haystack: str, key: str) -> int:
    """Occurrences of `` key `` in a space-padded token string, back to back ones included.

    ``str.count`` would miss the second of two adjacent copies: the space
    between them belongs to both.
    """
    needle, count, start = f" {key} ", 0, 0
    while key and (found := haystack.find(needle, start)) >= 0:
        count += 1
        start = found + len(needle) - 1
    return count


def score_document(document: CorpusDocument, prediction: Prediction) -> DocumentScore:
    """Compare one method's output with the labels of one document."""
    output_text = "" if prediction.dropped else (prediction.text or "")
    output = tokens(output_text)
    body_paragraphs = document.body_paragraphs()
    body = tokens("\n".join(body_paragraphs))
    rest = output - body
    score = DocumentScore(
        id=document.id,
        template=document.template,
        lang=document.lang,
        drop_expected=document.drop is not None,
        dropped=prediction.dropped,
        failed=prediction.status.startswith("failed"),
        body_tokens=sum(body.values()),
        body_kept=overlap(output, body),
        output_tokens=sum(output.values()),
    )
    for label in (*METADATA_LABELS, *BOILERPLATE_LABELS):
        expected = tokens("\n".join(document.texts(label)))
        if not expected:
            continue
        score.label_tokens[label] = sum(expected.values())
        score.label_leaked[label] = overlap(rest, expected)
    boilerplate = tokens("\n".join(document.texts("boilerplate")))
    metadata = tokens("\n".join(document.texts("metadata")))
    score.boilerplate_tokens = sum(boilerplate.values())
    score.boilerplate_leaked = overlap(rest, boilerplate)
    score.metadata_tokens = sum(metadata.values())
    score.metadata_leaked = overlap(rest, metadata)

    # Exactly-once check on token sequences, so quote or dash repairs by a
    # cleaner do not count as a lost paragraph.
    output_sequence = f" {' '.join(token_list(output_text))} "
    input_sequence = f" {' '.join(token_list(document.input_text()))} "
    for paragraph in body_paragraphs:
        words = token_list(paragraph)
        if len(words) < MIN_CHECKED_TOKENS:
            continue
        key = " ".join(words)
        found = _occurrences(output_sequence, key)
        score.paragraphs_checked += 1
        score.paragraphs_once += found == 1
        score.paragraphs_repeated += found > 1
        score.paragraphs_missing += found == 0
        if _occurrences(input_sequence, key) > 1:
            score.repeated_in_input += 1
            score.repeated_in_input_fixed += found == 1

    score.date_expected = document.date
    score.publisher_expected = document.publisher
    if prediction.meta is not None:
        score.has_meta = True
        date = prediction.meta.get("date")
        score.date_predicted = str(date)[:10] if date else None
        publisher = prediction.meta.get("publisher")
        score.publisher_predicted = str(publisher) if publisher else None
    return score


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _same_publisher(expected: str | None, predicted: str | None) -> bool:
    if not expected or not predicted:
        return False
    return " ".join(expected.split()).casefold() == " ".join(predicted.split()).casefold()


def summarise(scores: Sequence[DocumentScore]) -> dict[str, Any]:
    """Micro-averaged figures over documents (sums of tokens, then ratios)."""
    articles = [s for s in scores if not s.drop_expected]
    error_pages = [s for s in scores if s.drop_expected]
    body_tokens = sum(s.body_tokens for s in articles)
    body_kept = sum(s.body_kept for s in articles)
    output_tokens = sum(s.output_tokens for s in scores)
    precision = _ratio(body_kept, output_tokens)
    recall = _ratio(body_kept, body_tokens)
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else 0.0
    )
    boilerplate = sum(s.boilerplate_tokens for s in scores)
    boilerplate_leaked = sum(s.boilerplate_leaked for s in scores)
    metadata = sum(s.metadata_tokens for s in articles)
    metadata_leaked = sum(s.metadata_leaked for s in articles)
    labels = sorted({label for s in scores for label in s.label_tokens})
    per_label = {}
    for label in labels:
        total = sum(s.label_tokens.get(label, 0) for s in scores)
        leaked = sum(s.label_leaked.get(label, 0) for s in scores)
        per_label[label] = {"tokens": total, "leaked": leaked, "removed": 1 - leaked / total}

    with_meta = [s for s in articles if s.has_meta]
    dated = [s for s in with_meta if s.date_expected]
    undated = [s for s in with_meta if not s.date_expected]
    meta = None
    if with_meta:
        meta = {
            "date_accuracy": _ratio(
                sum(s.date_predicted == s.date_expected for s in dated), len(dated)
            ),
            "dated_documents": len(dated),
            "date_spurious": sum(s.date_predicted is not None for s in undated),
            "undated_documents": len(undated),
            "publisher_accuracy": _ratio(
                sum(
                    _same_publisher(s.publisher_expected, s.publisher_predicted) for s in with_meta
                ),
                len(with_meta),
            ),
        }
    return {
        "documents": len(scores),
        "articles": len(articles),
        "error_pages": len(error_pages),
        "failed": sum(s.failed for s in scores),
        "body_retention": recall,
        "boilerplate_removal": _ratio(boilerplate - boilerplate_leaked, boilerplate),
        "metadata_removal": _ratio(metadata - metadata_leaked, metadata),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "error_pages_dropped": sum(s.dropped for s in error_pages),
        "articles_dropped": sum(s.dropped for s in articles),
        "paragraphs": {
            "checked": sum(s.paragraphs_checked for s in articles),
            "once": sum(s.paragraphs_once for s in articles),
            "repeated": sum(s.paragraphs_repeated for s in articles),
            "missing": sum(s.paragraphs_missing for s in articles),
            "repeated_in_input": sum(s.repeated_in_input for s in articles),
            "repeated_in_input_fixed": sum(s.repeated_in_input_fixed for s in articles),
        },
        "meta": meta,
        "labels": per_label,
        "tokens": {
            "body": body_tokens,
            "boilerplate": boilerplate,
            "metadata": metadata,
            "output": output_tokens,
        },
    }


def score_predictions(
    documents: Iterable[CorpusDocument], predictions: Mapping[str, Prediction]
) -> dict[str, Any]:
    """Summary figures plus per-template and per-document scores.

    A document missing from ``predictions`` counts as dropped.
    """
    scores = [
        score_document(document, predictions.get(document.id, Prediction(None, status="missing")))
        for document in documents
    ]
    by_template: dict[str, list[DocumentScore]] = {}
    for score in scores:
        by_template.setdefault(score.template, []).append(score)
    summary = summarise(scores)
    summary["templates"] = {
        name: {
            key: value
            for key, value in summarise(group).items()
            if key in ("documents", "body_retention", "boilerplate_removal", "metadata_removal")
        }
        for name, group in sorted(by_template.items())
    }
    summary["per_document"] = {
        s.id: {
            "dropped": s.dropped,
            "body_retention": _ratio(s.body_kept, s.body_tokens),
            "boilerplate_leaked": s.boilerplate_leaked,
            "metadata_leaked": s.metadata_leaked,
            "paragraphs_repeated": s.paragraphs_repeated,
            "paragraphs_missing": s.paragraphs_missing,
            "date": s.date_predicted,
            "publisher": s.publisher_predicted,
        }
        for s in scores
    }
    return summary


# -- running thresher ---------------------------------------------------------------


def run_thresher(
    pipeline: Any,
    items: Iterable[tuple[str, str, str | None]],
    *,
    stages: Sequence[str] = ("clean",),
) -> tuple[dict[str, Prediction], dict[str, Any]]:
    """Run ``(id, text, url)`` items through ``pipeline.process``.

    Returns the predictions by id and the run report (``RunReport.to_dict()``).
    The URL goes into ``meta["url"]``, where source-specific and per-site
    learning cleaners look for it.
    """
    from thresher import Document

    documents = [
        Document(id=item_id, text=text, meta={"url": url} if url else {})
        for item_id, text, url in items
    ]
    predictions: dict[str, Prediction] = {}
    processed = pipeline.process(documents, stages=list(stages))
    for document in processed:
        if document.kept:
            status = "kept"
        elif document.failure is not None:
            status = f"failed:{document.failure}"
        else:
            status = f"{document.fate.value}:{document.reason}"
        predictions[document.id] = Prediction(
            document.text if document.kept else None, dict(document.meta), status
        )
    return predictions, processed.report.to_dict()


def thresher_predictions(
    pipeline: Any,
    items: Iterable[tuple[str, str, str | None]],
    *,
    stages: Sequence[str] = ("clean",),
) -> dict[str, Prediction]:
    """:func:`run_thresher` without the report."""
    return run_thresher(pipeline, items, stages=stages)[0]


def score_corpus(
    pipeline: Any,
    documents: Sequence[CorpusDocument] | None = None,
    *,
    stages: Sequence[str] = ("clean",),
) -> dict[str, Any]:
    """Clean the labelled corpus with ``pipeline`` and score the result.

    ``pipeline`` is a :class:`thresher.Pipeline`; only ``stages`` run (the
    clean stage by default: dedupe would mark near-identical pages, which is
    not what this measures). Returns :func:`score_predictions`' dict:
    ``body_retention``, ``boilerplate_removal``, ``metadata_removal``,
    ``error_pages_dropped``, ``articles_dropped``, ``paragraphs``, ``meta``,
    ``labels``, ``templates``, ``per_document``...
    """
    documents = list(documents) if documents is not None else load_corpus()
    predictions = thresher_predictions(
        pipeline, ((d.id, d.input_text(), d.url) for d in documents), stages=stages
    )
    return score_predictions(documents, predictions)

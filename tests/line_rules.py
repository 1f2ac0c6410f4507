"""What the tests of the line-rule cleaners (C4, FineWeb, Gopher) share.

An article in short lines, and a run of the command line that cleans a
folder of pages with chosen cleaners and returns what was kept and rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thresher.testing import make_test_pipeline, read_jsonl, run_cli

LINES = [
    "The county council voted on Tuesday to extend the night bus service.",
    "Residents of the two new housing estates had asked for it for a year.",
    "The transport committee said the parking levy would cover the cost.",
    "The first buses will run in the spring, on a trial timetable.",
    "A survey of passengers will decide whether the service stays.",
]
ARTICLE = "\n".join(LINES)


def clean_pages_with_cli(
    folder: Path, pages: dict[str, str], only: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write ``pages`` (file name -> text) to ``folder``, run ``load`` → ``clean
    --only`` → ``export -f jsonl``; the kept and the rejected records."""
    corpus, out = folder / "in", folder / "out"
    corpus.mkdir()
    for name, text in pages.items():
        (corpus / name).write_text(text, encoding="utf-8")
    args = ["-q", "load", str(corpus), "clean", "--only", only]
    result = run_cli(make_test_pipeline(), [*args, "export", "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return read_jsonl(out / "documents.jsonl"), read_jsonl(out / "rejected.jsonl")

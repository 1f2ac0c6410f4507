"""Running the command line the way the cleaner tests do."""

from __future__ import annotations

from pathlib import Path

from thresher.testing import make_test_pipeline, read_jsonl, run_cli


def cleaned_texts(inputs: Path, cleaners: str, out: Path, *options: str) -> list[str]:
    """``load INPUTS clean --only CLEANERS [OPTIONS] export -o OUT``: the texts exported."""
    args = ["--quiet", "load", str(inputs), "clean", "--only", cleaners, *options]
    result = run_cli(make_test_pipeline(), [*args, "export", "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [record["text"] for record in read_jsonl(out / "documents.jsonl")]

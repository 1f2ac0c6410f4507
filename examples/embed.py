"""Embedding thresher in your own application.

Run from the repository root:  .venv/bin/python examples/embed.py
"""

from __future__ import annotations

from pathlib import Path

import attrs

import thresher
from thresher import Cleaner, Document, Pipeline, PipelineConfig, StageConfig

HERE = Path(__file__).parent


@attrs.define
class DropShortDocuments(Cleaner):
    """Drops documents with fewer than ``min_words`` words (an app-specific rule)."""

    name = "drop-short"
    order = 900  # after the built-in cleaners
    min_words: int = 50

    def clean(self, document: Document) -> None:
        if len(document.text.split()) < self.min_words:
            document.drop("too-short")


class AppPlugin:
    """Plugins can be objects too: the app registers its components without packaging."""

    name = "my-app"

    @thresher.hookimpl
    def thresher_register_cleaners(self) -> list[type[Cleaner]]:
        return [DropShortDocuments]


def main() -> None:
    # 1. A pipeline from a TOML file, run end to end like `thresher run --config`.
    pipeline = Pipeline.from_toml(HERE / "pipeline.toml", entrypoints=False)
    report = pipeline.run([str(HERE / "corpus")], output=HERE.parent / "out" / "embedded")
    print(
        f"run: {report.exported} exported, {report.duplicates} duplicates, balanced={report.balanced}"
    )

    # 2. Streaming in-memory documents through chosen stages, with an app plugin.
    config = PipelineConfig()
    config.clean = StageConfig(options={"drop-short": {"min_words": 5}})
    app = Pipeline(config, plugins=[AppPlugin()], entrypoints=False)
    texts = [
        "Storm Halvar Hits the Coast\nWinds of 140 km/h closed 12 ports on Tuesday.",
        "Storm Halvar Hits the Coast\nWinds of 140 km/h closed 12 ports on Tuesday.",
        "Too short.",
    ]
    processed = app.process(texts)
    for document in processed:
        print(
            f"{document.id}: {document.fate.value:9} {document.reason or ''} {document.meta.get('title', '')}"
        )
    print("report:", processed.report.to_dict()["documents"])

    # 3. The configuration, printed back as TOML.
    print(app.to_toml())


if __name__ == "__main__":
    main()

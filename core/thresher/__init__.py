"""thresher: turn messy scraped text into clean, deduplicated, structured documents.

This module is the public API. Plugins, first-party ones included, import
only from here (and from ``thresher.cli`` for the ``stage`` helper, and
``thresher.testing`` in their tests).
"""

from __future__ import annotations

import pluggy

from .blocks import (
    BOILERPLATE_REASONS,
    METADATA_REASONS,
    block_key,
    document_domain,
    document_url,
    remove_blocks,
    split_blocks,
)
from .clusters import (
    DEFAULT_KEEPER,
    KEEPER_CRITERIA,
    Cluster,
    ClusterMember,
    Facts,
    KeeperPolicy,
    make_cluster,
)
from .components import (
    Cleaner,
    Component,
    Deduper,
    Executor,
    Exporter,
    ExportSink,
    Extractor,
    Loader,
)
from .config import ExportConfig, LoadConfig, PipelineConfig, RunSettings, StageConfig
from .errors import ConfigError, ConflictError, PluginLoadError, StageError, ThresherError
from .inputs import Input, display_name
from .model import STANDARD_FIELDS, Document, Failure, Fate, Removal, Source
from .output import AtomicDirectory, AtomicFile
from .pipeline import Pipeline, Processed
from .plugins import make_plugin_manager
from .report import RunReport, StageStats
from .run import RunContext
from .source_cleaner import SourceCleaner
from .spool import DocumentSpool
from .words import TERMINAL_PUNCTUATION, split_sentences, split_words

__version__ = "0.1.0"

#: Marks a plugin's hook implementations: ``@thresher.hookimpl``.
hookimpl = pluggy.HookimplMarker("thresher")

__all__ = [
    "BOILERPLATE_REASONS",
    "DEFAULT_KEEPER",
    "KEEPER_CRITERIA",
    "METADATA_REASONS",
    "STANDARD_FIELDS",
    "TERMINAL_PUNCTUATION",
    "AtomicDirectory",
    "AtomicFile",
    "Cleaner",
    "Cluster",
    "ClusterMember",
    "Component",
    "ConfigError",
    "ConflictError",
    "Deduper",
    "Document",
    "DocumentSpool",
    "Executor",
    "ExportConfig",
    "ExportSink",
    "Exporter",
    "Extractor",
    "Facts",
    "Failure",
    "Fate",
    "Input",
    "KeeperPolicy",
    "LoadConfig",
    "Loader",
    "Pipeline",
    "PipelineConfig",
    "PluginLoadError",
    "Processed",
    "Removal",
    "RunContext",
    "RunReport",
    "RunSettings",
    "Source",
    "SourceCleaner",
    "StageConfig",
    "StageError",
    "StageStats",
    "ThresherError",
    "__version__",
    "block_key",
    "display_name",
    "document_domain",
    "document_url",
    "hookimpl",
    "make_cluster",
    "make_plugin_manager",
    "remove_blocks",
    "split_blocks",
    "split_sentences",
    "split_words",
]

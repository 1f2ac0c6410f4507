"""Exceptions. No click here: embedding applications never see CLI types."""

from __future__ import annotations


class ThresherError(Exception):
    """Base class: the CLI prints these as one line and exits with code 1."""


class ConfigError(ThresherError):
    """A pipeline asks for something that does not exist or does not fit.

    Raised while the pipeline is built, before any document is read.
    """


class ConflictError(ConfigError):
    """Two plugins claim the same component name (or the same extracted field)."""


class PluginLoadError(ThresherError):
    """A plugin could not be imported or registered."""

    def __init__(self, name: str, distribution: str | None, cause: BaseException) -> None:
        self.name, self.distribution, self.cause = name, distribution, cause
        where = f" (from distribution {distribution!r})" if distribution else ""
        super().__init__(
            f"plugin {name!r}{where} failed to load: {type(cause).__name__}: {cause}; "
            f"disable it with THRESHER_DISABLE_PLUGINS={name}"
        )


class StageError(ThresherError):
    """A component failed on a document while the run was ``strict``."""

    def __init__(self, stage: str, component: str, document_id: str, cause: BaseException) -> None:
        self.stage, self.component, self.document_id, self.cause = (
            stage,
            component,
            document_id,
            cause,
        )
        super().__init__(
            f"{stage}/{component} failed on document {document_id!r}: "
            f"{type(cause).__name__}: {cause}"
        )

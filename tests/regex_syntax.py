"""Python's regular expression parser, for tests that reason about the plugins' patterns.

It is private (``re._parser`` since Python 3.11, ``sre_parse`` before); the
tests that read pattern trees (mojibake clues, error cues, case-blind
patterns) import it from here, in one place.
"""

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["sre_constants", "sre_parse"]

"""Python's regular expression parser, for tests that reason about the plugins' patterns.

It is private (``re._parser`` since Python 3.11, ``sre_parse`` before); the
tests that read pattern trees (mojibake clues, error cues, case-blind
patterns) or re's case pairs import them from here, in one place.
"""

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
    from re._casefix import _EXTRA_CASES as _EXTRA_CASE_PAIRS
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
    from sre_compile import _ignorecase_fixes as _EXTRA_CASE_PAIRS  # type: ignore[no-redef]


def extra_case_pairs() -> set[str]:
    """The characters re's case folding pairs with one of a different lower case (s and ſ)."""
    return {chr(code) for key, others in _EXTRA_CASE_PAIRS.items() for code in (key, *others)}


__all__ = ["extra_case_pairs", "sre_constants", "sre_parse"]

"""The ``c4`` cleaner: the C4 corpus's line and page rules.

A port of datatrove's ``C4QualityFilter``
(https://github.com/huggingface/datatrove, by Hugging Face, Apache
License 2.0), which implements the heuristics Raffel et al.
2020 used to build C4 (*Exploring the Limits of Transfer Learning with a
Unified Text-to-Text Transformer*, JMLR 21(140), section 2.2) as their
reference code in TensorFlow Datasets applies them. Options, defaults and
the order of the checks are datatrove's.

A C4 "line" is a block (a paragraph after the ``whitespace`` cleaner, a
line before it). Each line is checked in this order; the first rule it
fails removes it, recorded with that reason code:

1. ``c4-too-long-word``: a word longer than ``max_word_length`` characters.
2. Citation markers (``[1]``, ``[edit]``, ``[citation needed]``) are cut out
   (``remove_citations``), each recorded as ``c4-citation``; the rules
   below see the line without them.
3. ``c4-no-terminal-punctuation``: the line does not end in ``.``, ``?``,
   ``!``, ``"`` or ``'``, or ends in an ellipsis (``filter_no_terminal_punct``).
4. ``c4-too-few-words``: fewer than ``min_words_per_line`` words.
5. ``c4-javascript``: mentions "javascript" (``filter_javascript``).
6. ``c4-policy``: mentions terms of use, a privacy or cookie policy, or the
   use of cookies (``filter_policy``).

A line that gets as far as rule 5 can drop the whole document instead:
``c4-lorem-ipsum`` for placeholder text (``filter_lorem_ipsum``, checked
before rule 5) and ``c4-curly-bracket`` for a ``{`` (``filter_curly_bracket``,
checked before rule 6): code, not prose. Last, a document whose kept lines
hold fewer than ``min_num_sentences`` sentences is dropped as
``c4-too-few-sentences``. A dropped document keeps its text, as in
datatrove; a document left with no line at all is dropped as ``empty``.
``-1`` disables a count threshold.

With ``split_paragraph = false`` the rules apply to each sentence instead
of each line. Sentences are found by spaCy's ``sentencizer`` on spaCy's
English tokens, as datatrove finds them (:func:`thresher.split_sentences`
re-implements both without spaCy).

Not a default cleaner: select it (``clean --add c4``, or ``clean --only
unicode,c4`` to reproduce datatrove's filter on raw text). Different from
datatrove, deliberately:

* A line a citation was cut from is stripped of the spaces that leaves at
  its ends (blocks never start or end with a space in thresher).
* ``split_paragraph = false`` splits each block into sentences and joins
  the sentences kept with a space, block by block, so paragraphs survive;
  datatrove joins the whole document into one line.
* A document left empty is dropped (``empty``) instead of kept with no text.
* C4's list of bad words and the options that only datatrove's machinery
  uses (``exclusion_writer``, ``language``: sentences are found the English
  way) are left out.
"""

from __future__ import annotations

import re

import attrs

from thresher import Cleaner, Document, hookimpl, split_blocks, split_sentences

CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
END_PUNCTUATION = (".", "?", "!", '"', "'")
POLICY_SUBSTRINGS = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
_POLICY = re.compile("|".join(map(re.escape, POLICY_SUBSTRINGS)))

#: Reason codes that drop the whole document rather than the line.
DOCUMENT_RULES = frozenset({"c4-lorem-ipsum", "c4-curly-bracket"})

_AT_LEAST_MINUS_ONE = attrs.validators.ge(-1)


@attrs.define
class C4Cleaner(Cleaner):
    """Remove lines that are not prose sentences, and drop pages C4 would drop (C4's rules).

    Every removed line is recorded with the rule it failed; a dropped
    document keeps its text.
    """

    name = "c4"
    default = False
    order = 650

    split_paragraph: bool = True
    remove_citations: bool = True
    filter_no_terminal_punct: bool = True
    min_num_sentences: int = attrs.field(default=5, validator=_AT_LEAST_MINUS_ONE)
    min_words_per_line: int = attrs.field(default=3, validator=_AT_LEAST_MINUS_ONE)
    max_word_length: int = attrs.field(default=1000, validator=_AT_LEAST_MINUS_ONE)
    filter_lorem_ipsum: bool = True
    filter_javascript: bool = True
    filter_curly_bracket: bool = True
    filter_policy: bool = True

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        removals: list[tuple[str, str]] = []
        kept_blocks: list[str] = []
        sentences = 0
        for block in blocks:
            kept: list[str] = []
            for line in [block] if self.split_paragraph else split_sentences(block):
                reason, cleaned, citations = self.judge(line)
                if reason in DOCUMENT_RULES:
                    document.drop(reason)
                    return
                if reason:
                    if line:
                        removals.append((reason, line))
                    continue
                removals += [("c4-citation", citation) for citation in citations]
                kept.append(cleaned)
                if sentences < self.min_num_sentences:
                    # Counting stops at the threshold: only the comparison matters.
                    sentences += len(split_sentences(cleaned)) if self.split_paragraph else 1
            kept_blocks.append(" ".join(kept))
        if sentences < self.min_num_sentences:
            document.drop("c4-too-few-sentences")
            return
        if not removals:
            return
        for reason, text in removals:
            document.record_removal(self.name, reason, text)
        document.text = separator.join(block for block in kept_blocks if block)
        if not document.text:
            document.drop("empty")

    def judge(self, line: str) -> tuple[str | None, str, list[str]]:
        """The rule ``line`` fails (``None``: it stays), the line less citations, the citations."""
        original = line
        if (
            self.max_word_length != -1
            and len(line) > self.max_word_length
            and max(map(len, line.split())) > self.max_word_length
        ):
            return "c4-too-long-word", line, []
        citations: list[str] = []
        if self.remove_citations and "[" in line:
            citations = CITATION.findall(line)
            if citations:
                line = CITATION.sub("", line)
        if self.filter_no_terminal_punct and (
            not line.endswith(END_PUNCTUATION) or line.endswith("...")
        ):
            return "c4-no-terminal-punctuation", line, citations
        # datatrove counts the words from before the citations were cut out.
        if len(original.split()) < self.min_words_per_line:
            return "c4-too-few-words", line, citations
        lowered = line.lower()
        if self.filter_lorem_ipsum and "lorem ipsum" in lowered:
            return "c4-lorem-ipsum", line, citations
        if self.filter_javascript and "javascript" in lowered:
            return "c4-javascript", line, citations
        if self.filter_curly_bracket and "{" in line:
            return "c4-curly-bracket", line, citations
        if self.filter_policy and _POLICY.search(lowered):
            return "c4-policy", line, citations
        return None, line.strip() if citations else line, citations


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [C4Cleaner]

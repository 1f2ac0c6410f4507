"""Explaining a cleaning: the document as loaded, block by block, with what went and why.

``thresher explain`` runs the load stage and then each cleaner as a stage of
its own, noting the text after each (a :class:`Step`), and lines the audit
trail up against the loaded text here. A removal records the text it took
out but not where, so the removals of each cleaner are looked for in the
text as that cleaner found it: earlier removals taken out, earlier rewrites
(``replacement``) applied. White space and invisible characters are ignored
while matching, because the ``whitespace`` cleaner changes them without
recording it (unwrapping joins lines, runs of spaces collapse).

When the removed text occurs more than once, comparing the blocks before and
after the cleaner decides: an occurrence in a block the cleaner changed comes
first (that tells the removed copy of a repeated paragraph from the kept
one); then a whole block beats the start or end of one, which beats the
middle of one; then the earliest wins. A removal whose text cannot be found
(a summary such as ``3 × U+200B``) is listed apart, as not located. The cost
is a few passes over the text per cleaner, and nothing in normal runs.

Blocks are the lines of the loaded text, the units scrapers write and the
``whitespace`` cleaner turns into paragraphs; blank lines separate them.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .blocks import METADATA_REASONS
from .model import Document, Fate, Removal

_METADATA_PREFIXES = ("metadata-", "meta-")

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def moves_to_meta(reason: str) -> bool:
    """Whether a removal with this reason code moved its text into ``meta``."""
    return reason in METADATA_REASONS or reason.startswith(_METADATA_PREFIXES)


@attrs.frozen
class Cut:
    """What one removal did to one block: took ``text`` out, or rewrote it as ``replacement``.

    :ivar meta_key: for text moved into ``meta``, the key it went to, when
        it can be told (``to_meta`` is true even when it cannot).
    """

    component: str
    reason: str
    text: str
    replacement: str | None = None
    to_meta: bool = False
    meta_key: str | None = None

    @property
    def label(self) -> str:
        return f"{self.component}/{self.reason}"

    @property
    def rewrite(self) -> bool:
        return self.replacement is not None

    def to_dict(self) -> dict[str, Any]:
        data = Removal(self.component, self.reason, self.text, self.replacement).to_dict()
        data["to_meta"] = self.to_meta
        if self.meta_key is not None:
            data["meta_key"] = self.meta_key
        return data


@attrs.frozen
class Segment:
    """A run of a block's text: kept (``cut`` is ``None``) or touched by ``block.cuts[cut]``."""

    text: str
    cut: int | None = None


@attrs.define
class Block:
    """One line of the loaded text and what cleaning did to it.

    :ivar line: its line number in the loaded text, from 1.
    :ivar text: the line as loaded, without surrounding white space.
    :ivar segments: the line in order, cut where a removal or rewrite starts or ends.
    :ivar cuts: what each removal or rewrite took from this line, in order.
    """

    line: int
    text: str
    segments: list[Segment]
    cuts: list[Cut]

    @property
    def kept(self) -> bool:
        """Whether any of the line is left in the cleaned text (rewritten counts as left)."""
        return any(
            _visible(segment.text) and (segment.cut is None or self.cuts[segment.cut].rewrite)
            for segment in self.segments
        )

    @property
    def status(self) -> str:
        """``kept``, ``rewritten``, ``partial`` (some of it removed) or ``removed``."""
        if not any(not cut.rewrite for cut in self.cuts):
            return "rewritten" if self.cuts else "kept"
        return "partial" if self.kept else "removed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "kept": self.kept,
            "status": self.status,
            "removed": [cut.to_dict() for cut in self.cuts],
        }


@attrs.frozen
class Step:
    """A document right after one cleaner ran on it.

    :ivar component: the cleaner.
    :ivar text: the document's text after it.
    :ivar removals: the length of the audit trail after it.
    :ivar dropped: whether this cleaner dropped the document.
    """

    component: str
    text: str
    removals: int
    dropped: bool = False


@attrs.define
class Explanation:
    """A document after cleaning, beside its text as loaded.

    :ivar blocks: the loaded text, line by line, with what was cut from each.
    :ivar loading: removals the loader made (the loaded text is already without them).
    :ivar not_located: removals whose text was not found in the loaded text.
    :ivar meta_from_cleaning: ``meta`` keys the cleaners added or changed.
    :ivar dropped_by: the cleaner that dropped the document, if known.
    :ivar unrecorded_changes: cleaners after which the text differs from the
        loaded text minus the recorded removals (white space aside): they
        changed text without recording it (``""`` when the cleaner is not
        known). Placements after that may be approximate.
    """

    document: Document
    blocks: list[Block]
    loading: list[Cut] = attrs.field(factory=list)
    not_located: list[Cut] = attrs.field(factory=list)
    meta_from_cleaning: list[str] = attrs.field(factory=list)
    dropped_by: str | None = None
    unrecorded_changes: list[str] = attrs.field(factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The document's record (as ``Document.to_dict``) and the explanation."""
        data = self.document.to_dict()
        data["dropped_by"] = self.dropped_by
        data["meta_from_cleaning"] = self.meta_from_cleaning
        data["removed_while_loading"] = [cut.to_dict() for cut in self.loading]
        data["blocks"] = [block.to_dict() for block in self.blocks]
        data["not_located"] = [cut.to_dict() for cut in self.not_located]
        data["unrecorded_changes"] = self.unrecorded_changes
        return data


def explain(
    document: Document,
    loaded_text: str,
    *,
    loaded_meta: Mapping[str, Any] | None = None,
    loaded_removals: int = 0,
    steps: Sequence[Step] | None = None,
) -> Explanation:
    """Line up ``document``'s audit trail against the text its loader produced.

    :param loaded_text: the text right after loading, before any cleaner.
    :param loaded_meta: ``meta`` right after loading, to tell what cleaning added.
    :param loaded_removals: how many of ``document.removals`` the loader made.
    :param steps: the document after each cleaner, in order; without them
        all removals are matched against the final text at once, which can
        mistake one copy of a repeated text for another.
    """
    if steps is None:
        dropped = document.fate is Fate.DROPPED
        steps = [Step("", document.text, len(document.removals), dropped)]
    before = dict(loaded_meta or {})
    changed = [key for key, value in document.meta.items() if before.get(key, _MISSING) != value]
    aligner = _Aligner(loaded_text, document.removals)
    missing: list[tuple[int, str]] = []
    unrecorded: list[str] = []
    agreed = True
    start = loaded_removals
    for step in steps:
        end = max(start, step.removals)
        not_found, now_agreed = aligner.step(range(start, end), step.text)
        missing += not_found
        # Only where the texts part ways: every later cleaner inherits the difference.
        if agreed and not now_agreed:
            unrecorded.append(step.component)
        agreed, start = now_agreed, end
    meta = _MetaTargets(document.meta, changed)
    return Explanation(
        document=document,
        blocks=aligner.blocks(meta),
        loading=[meta.cut(r, r.text, r.replacement) for r in document.removals[:loaded_removals]],
        not_located=[meta.cut(document.removals[i], text) for i, text in missing],
        meta_from_cleaning=changed,
        dropped_by=next((step.component for step in steps if step.dropped), None),
        unrecorded_changes=unrecorded,
    )


_MISSING = object()


class _MetaTargets:
    """Tells whether a removal moved text into ``meta``, and under which key."""

    def __init__(self, meta: Mapping[str, Any], changed: Sequence[str]) -> None:
        self.meta = meta
        # Keys the cleaners set are the likeliest targets; then the loader's.
        self.order = [*changed, *(key for key in meta if key not in changed)]

    def key(self, removal: Removal) -> str | None:
        base = removal.reason
        for prefix in _METADATA_PREFIXES:
            base = base.removeprefix(prefix)
        if base in self.meta:
            return base
        text = removal.text.casefold()
        for key in self.order:
            value = self.meta[key]
            if isinstance(value, str) and value.strip() and value.casefold() in text:
                return key
        return None

    def cut(self, removal: Removal, text: str, replacement: str | None = None) -> Cut:
        to_meta = replacement is None and moves_to_meta(removal.reason)
        return Cut(
            removal.component,
            removal.reason,
            text.strip(),
            replacement,
            to_meta,
            self.key(removal) if to_meta else None,
        )


def _invisible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) in ("Cf", "Cc")


def _visible(text: str) -> bool:
    return any(not char.isspace() and not _invisible(char) for char in text)


def normalise(text: str) -> str:
    """``text`` as matching sees it: invisible characters out, white space runs one space."""
    return _Haystack.build(text).text


_TOKENS = re.compile(r"\s+|\S+")


@attrs.frozen
class _Haystack:
    """Normalised text with, for each of its characters, the index of the atom it came from.

    ``starts`` holds the position where each block starts, in order: 0 and
    the position after each white space run that holds a line break.
    """

    text: str
    where: list[int]
    starts: list[int]

    @classmethod
    def build(cls, text: str) -> _Haystack:
        out: list[str] = []
        where: list[int] = []
        starts = [0]
        length = 0
        space: int | None = None  # the atom opening the current white space run
        line_break = False
        # Token by token, so the common case (printable words) runs at C speed.
        for match in _TOKENS.finditer(text):
            token, at = match.group(), match.start()
            if token[0].isspace():
                if space is None:
                    space = at
                line_break = line_break or not _LINE_BREAKS.isdisjoint(token)
                continue
            if token.isprintable():
                pieces = [(token, at)]
            else:
                pieces = [(c, at + i) for i, c in enumerate(token) if not _invisible(c)]
                if not pieces:
                    continue
            if space is not None:
                if length:
                    out.append(" ")
                    where.append(space)
                    length += 1
                    if line_break:
                        starts.append(length)
                space, line_break = None, False
            for piece, piece_at in pieces:
                out.append(piece)
                where.extend(range(piece_at, piece_at + len(piece)))
                length += len(piece)
        return cls("".join(out), where, starts)

    def blocks(self) -> list[tuple[int, int]]:
        ends = [start - 1 for start in self.starts[1:]] + [len(self.text)]
        return list(zip(self.starts, ends, strict=True))

    def block_of(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def alignment(self, position: int, length: int) -> int:
        """2 for a whole block (or several), 1 for its start or end, 0 for its middle."""
        end = position + length
        at_start = self.starts[self.block_of(position)] == position
        # A block ends where the space before the next block's start is.
        at_end = end == len(self.text) or self.starts[self.block_of(end + 1)] == end + 1
        return at_start + at_end


@attrs.frozen
class _Claim:
    """A removal placed in this step: atoms ``first`` to ``last``, not yet taken out."""

    first: int
    last: int
    index: int
    replacement: str | None


class _Aligner:
    """Replays the removals on the loaded text, one cleaner (step) at a time.

    ``chars`` and ``origins`` are the text as it stands (what is still there,
    rewrites applied; white space as the last cleaner left it) and, for each
    character (atom), the index in the loaded text it stands for. What
    happened to the loaded text is kept per loaded character (``removed_by``)
    and as a list of rewrites (``edits``).
    """

    def __init__(self, loaded: str, removals: Sequence[Removal]) -> None:
        self.loaded = loaded
        self.removals = removals
        self.chars = list(loaded)
        self.origins = list(range(len(loaded)))
        self.removed_by: list[int | None] = [None] * len(loaded)
        self.edits: list[tuple[int, int, str, int]] = []  # start, end, new text, removal
        self.haystack = _Haystack.build(loaded)

    def step(self, indices: range, after: str) -> tuple[list[tuple[int, str]], bool]:
        """Place the removals one cleaner made, leading to ``after``.

        Returns the parts of removal texts that were not found, and whether
        the text now agrees with ``after`` (white space aside).
        """
        target = _Haystack.build(after)
        missing: list[tuple[int, str]] = []
        if indices:
            placer = _Placer(self.haystack, target)
            for index in indices:
                removal = self.removals[index]
                if placer.place(index, removal.text, removal.replacement):
                    continue
                if placer.claims:
                    # The text may only exist once this cleaner's earlier removals are made.
                    self._apply(placer.claims)
                    placer = _Placer(self.haystack, target)
                    if placer.place(index, removal.text, removal.replacement):
                        continue
                missing += self._place_lines(placer, index, removal)
            self._apply(placer.claims)
        agreed = self.haystack.text == target.text
        if agreed:
            self._resync(target)
        return missing, agreed

    def _place_lines(self, placer: _Placer, index: int, removal: Removal) -> list[tuple[int, str]]:
        # A removal of several blocks at once (the last entry of a long
        # unicode repair) need not be one stretch of text: place line by line.
        lines = removal.text.split("\n")
        replacements: list[str | None] = [None] * len(lines)
        if removal.replacement is not None:
            fixed = removal.replacement.split("\n")
            if len(fixed) != len(lines):
                return [(index, removal.text)] if _visible(removal.text) else []
            replacements = list(fixed)
        if len(lines) == 1:
            return [(index, removal.text)] if _visible(removal.text) else []
        return [
            (index, line)
            for line, replacement in zip(lines, replacements, strict=True)
            if _visible(line) and not placer.place(index, line, replacement)
        ]

    def _apply(self, claims: list[_Claim]) -> None:
        if not claims:
            return
        chars: list[str] = []
        origins: list[int] = []
        cursor = 0
        for claim in sorted(claims, key=lambda c: c.first):
            chars += self.chars[cursor : claim.first]
            origins += self.origins[cursor : claim.first]
            span = self.origins[claim.first : claim.last + 1]
            if claim.replacement is None:
                # Every loaded character in the span goes, also those an earlier
                # rewrite replaced (they stand behind fewer or more atoms now).
                for origin in range(min(span), min(max(span), len(self.loaded) - 1) + 1):
                    if self.removed_by[origin] is None:
                        self.removed_by[origin] = claim.index
            else:
                old = "".join(self.chars[claim.first : claim.last + 1])
                new_chars, new_origins = self._rewrite(claim.index, old, span, claim.replacement)
                chars += new_chars
                origins += new_origins
            cursor = claim.last + 1
        self.chars = chars + self.chars[cursor:]
        self.origins = origins + self.origins[cursor:]
        self.haystack = _Haystack.build("".join(self.chars))
        claims.clear()

    def _rewrite(
        self, index: int, old: str, origins: list[int], replacement: str
    ) -> tuple[list[str], list[int]]:
        chars: list[str] = []
        new_origins: list[int] = []
        matcher = difflib.SequenceMatcher(None, old, replacement, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            new = replacement[j1:j2]
            # White space the rewrite changed is the whitespace cleaner's business.
            if tag == "equal" or not (_visible(old[i1:i2]) or _visible(new)):
                chars += old[i1:i2]
                new_origins += origins[i1:i2]
                continue
            if i2 > i1:
                start, end = origins[i1], origins[i2 - 1] + 1
            else:
                start = end = origins[i1] if i1 < len(origins) else origins[-1] + 1
            self.edits.append((start, end, new, index))
            chars += new
            new_origins += [min(start, len(self.loaded) - 1)] * len(new)
        return chars, new_origins

    def _resync(self, target: _Haystack) -> None:
        """Take the cleaner's line breaks: blocks are then what the next cleaner sees.

        Only called when the texts agree, so the n-th space of one is the
        n-th space of the other.
        """
        breaks = set(target.starts)
        text, where = self.haystack.text, self.haystack.where
        position = text.find(" ")
        while position != -1:
            first, stop = where[position], where[position + 1]
            for atom in range(first, stop):
                if self.chars[atom].isspace():
                    self.chars[atom] = " "
            if position + 1 in breaks:
                self.chars[first] = "\n"
            position = text.find(" ", position + 1)
        self.haystack = attrs.evolve(self.haystack, starts=list(target.starts))

    def blocks(self, meta: _MetaTargets) -> list[Block]:
        edits: dict[int, tuple[int, str, int]] = {}
        for start, end, new, index in self.edits:
            edits.setdefault(start, (end, new, index))
        blocks: list[Block] = []
        offset = 0
        for number, raw in enumerate(self.loaded.splitlines(keepends=True), 1):
            line = raw.rstrip("".join(_LINE_BREAKS))
            stripped = line.strip()
            if _visible(stripped):
                start = offset + len(line) - len(line.lstrip())
                blocks.append(self._block(number, start, start + len(stripped), edits, meta))
            offset += len(raw)
        return blocks

    def _block(
        self,
        number: int,
        start: int,
        end: int,
        edits: dict[int, tuple[int, str, int]],
        meta: _MetaTargets,
    ) -> Block:
        segments: list[Segment] = []
        cuts: list[Cut] = []
        position = start
        while position <= end:
            edit = edits.get(position)
            if edit is not None and (position == end or self.removed_by[position] is None):
                stop, new, index = edit
                stop = min(max(stop, position), end)
                cuts.append(meta.cut(self.removals[index], self.loaded[position:stop], new))
                segments.append(Segment(self.loaded[position:stop], len(cuts) - 1))
                if stop == position:  # an insertion: nothing of the line is replaced
                    del edits[position]
                    continue
                position = stop
                continue
            if position == end:
                break
            index_ = self.removed_by[position]
            stop = position + 1
            while (
                stop < end
                and self.removed_by[stop] == index_
                and (index_ is not None or stop not in edits)
            ):
                stop += 1
            text = self.loaded[position:stop]
            if index_ is None:
                segments.append(Segment(text))
            else:
                # Rewrites of text that was removed later: listed, not shown in place.
                for at in range(position, stop):
                    hidden = edits.get(at)
                    if hidden is not None:
                        old = self.loaded[at : min(max(hidden[0], at), end)]
                        cuts.append(meta.cut(self.removals[hidden[2]], old, hidden[1]))
                cuts.append(meta.cut(self.removals[index_], text))
                segments.append(Segment(text, len(cuts) - 1))
            position = stop
        return Block(number, self.loaded[start:end], _merge(segments), cuts)


class _Placer:
    """Finds where each removal of one step was, in the text as it was before the step.

    The blocks the step changed are found by comparing the blocks before
    and after it; a removal is looked for there first. That is what tells a
    removed copy of a repeated paragraph from the copy the cleaner kept.
    """

    def __init__(self, haystack: _Haystack, target: _Haystack) -> None:
        self.haystack = haystack
        self.claims: list[_Claim] = []
        self._claimed: list[tuple[int, int]] = []  # sorted (start, end) in haystack positions
        spans = haystack.blocks()
        before = [haystack.text[start:end] for start, end in spans]
        after = [target.text[start:end] for start, end in target.blocks()]
        self.changed = [False] * len(spans)
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":
                self.changed[i1:i2] = [True] * (i2 - i1)

    def place(self, index: int, text: str, replacement: str | None) -> bool:
        needle = normalise(text)
        if not needle:
            return False
        haystack, length = self.haystack, len(needle)
        best: tuple[int, int] | None = None
        best_position = -1
        position = haystack.text.find(needle)
        while position != -1:
            if self._free(position, position + length):
                changed = all(
                    self.changed[block]
                    for block in range(
                        haystack.block_of(position), haystack.block_of(position + length - 1) + 1
                    )
                )
                key = (changed, haystack.alignment(position, length))
                if best is None or key > best:
                    best, best_position = key, position
                    if key == (True, 2):  # the earliest of the best there can be
                        break
            position = haystack.text.find(needle, position + 1)
        if best is None:
            return False
        bisect.insort(self._claimed, (best_position, best_position + length))
        first = haystack.where[best_position]
        last = haystack.where[best_position + length - 1]
        self.claims.append(_Claim(first, last, index, replacement))
        return True

    def _free(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self._claimed, (start, end))
        if at and self._claimed[at - 1][1] > start:
            return False
        return at == len(self._claimed) or self._claimed[at][0] >= end


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring kept runs (a rewrite inside a removal splits nothing visible)."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and segment.cut is None and merged[-1].cut is None:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged

"""A near-duplicate corpus with known clusters, built from Reuters-21578 news text.

**Base documents.** Each is several distinct Reuters stories joined as
paragraphs (blank-line separated), about ``doc_bytes`` long. The stories
come from a pool: ``NORM`` stories of at least 50 words that are mostly
prose (not price tables), none of Reuters' own exact duplicates, one story
per family of near-identical stories (word 5-gram Jaccard >= 0.5, or 80 %
of the smaller one inside the larger), each cut to at most 35 % of
``doc_bytes`` at a paragraph or sentence end. The pool is laid out as a
``K x p`` grid (``p`` prime); base document ``b`` takes the stories on the
line ``y = m x + c (mod p)``, ``m = b // p``, ``c = b % p``, visiting the
columns in an order drawn for ``b`` and stopping at the size target (at
least three stories). Two lines meet in at most one point, so **no two base
documents share more than one story** (at most 35 % of either), and the
first ``p`` documents (slope 0) share none: each story is used once per
slope. This is checked on every build, not just argued.

**Variants.** Each base document gets 0 to 3 variants of known kinds:
``boilerplate`` (menus, cookie banners, newsletter boxes, share lines,
related headlines, footers written for this benchmark, at the top, bottom
or between paragraphs), ``paragraph-drop``, ``paragraph-repeat``,
``reword`` (word substitutions, deletions and swaps in a few sentences),
``unicode-whitespace`` (NBSP, curly quotes, zero-width characters,
ligatures, full-width digits, NFD, re-wrapped lines, CRLF, runs of spaces)
and ``truncation`` (the first 70-90 %), or two of them combined
(``reword+truncation``). A base document and its variants are one gold
cluster.

**Reuters' own exact duplicates.** Records whose text is identical once
normalised to words (what thresher's exact deduper compares) are added as
they are, one gold cluster per group.

Documents are written as JSONL (``id``, ``text``, ``title``, ``date``),
shuffled within chunks of 20,000 so copies are rarely adjacent; the gold
file has one line per document in the same order (``id``, ``cluster``,
``kind``, ``of`` = its base document, ``jaccard`` = word 5-gram Jaccard with
the base, for the first 200,000 documents). Everything is streamed: a
million documents never sit in memory. The same seed and settings give byte-identical files.

    python benchmarks/dedupe/corpus.py --size 10000 --work /tmp/thresher-dedupe-bench
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import textwrap
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from dedupe.common import jaccard, read_jsonl, shingles, words  # noqa: E402

REPO = BENCHMARKS.parent
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "reuters21578.jsonl"
DEFAULT_WORK = Path("/tmp/thresher-dedupe-bench")
#: Bumped whenever the construction changes, so cached corpora are rebuilt.
VERSION = 2
NGRAM = 5
COLUMNS = 16  # K: columns of the story grid; a base document takes a few of them
MIN_STORIES = 3
STORY_SHARE = 0.35  # longest story, as a share of doc_bytes
MIN_WORDS = 50
MIN_LETTER_SHARE = 0.7
FAMILY_JACCARD = 0.5
FAMILY_CONTAINMENT = 0.8
CHUNK = 20_000
#: P(number of variants of a base document)
VARIANT_COUNTS = (0.35, 0.35, 0.2, 0.1)
KINDS = (
    "boilerplate",
    "paragraph-drop",
    "paragraph-repeat",
    "reword",
    "unicode-whitespace",
    "truncation",
)
#: Share of variants that combine two kinds; the rest are one kind each.
COMBINED_SHARE = 0.28
#: Variants whose Jaccard with their base is measured (all of them up to this many
#: documents; past it the gold file says ``null``: a million would take minutes).
JACCARD_DOCUMENTS = 200_000
#: Reuters exact-duplicate groups use at most this share of a small corpus.
REUTERS_SHARE = 0.06


# -- the story pool -------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    newid: int
    title: str
    date: str
    paragraphs: tuple[str, ...]

    @property
    def size(self) -> int:
        return len("\n\n".join(self.paragraphs).encode("utf-8"))


def story_paragraphs(text: str) -> list[str]:
    """Reuters' hard-wrapped text as one line per paragraph, without the closing REUTER."""
    parts = re.split(r"\n(?=[ \t]{2,})", text.replace("\x03", ""))
    paragraphs = [re.sub(r"\s+", " ", part).strip() for part in parts]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and re.fullmatch(r"(?i)reuters?", paragraphs[-1]):
        paragraphs.pop()
    if paragraphs:
        paragraphs[-1] = re.sub(r"\s+(?i:reuters?)$", "", paragraphs[-1])
    return paragraphs


def cap_story(paragraphs: list[str], limit: int) -> list[str]:
    """Whole paragraphs up to ``limit`` bytes; a first paragraph too long is cut at a sentence."""
    kept: list[str] = []
    size = 0
    for paragraph in paragraphs:
        extra = len(paragraph.encode("utf-8")) + (2 if kept else 0)
        if size + extra > limit:
            break
        kept.append(paragraph)
        size += extra
    if kept:
        return kept
    first = paragraphs[0][:limit]
    cut = max(first.rfind(". "), first.rfind("? "), first.rfind("! "))
    if cut > limit // 3:
        return [first[: cut + 1]]
    return [first.rsplit(" ", 1)[0]]


def exact_key(text: str) -> str:
    return " ".join(words(text))


def is_prose(text: str) -> bool:
    visible = [c for c in text if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    return len(words(text)) >= MIN_WORDS and letters >= MIN_LETTER_SHARE * max(1, len(visible))


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the 5-gram shingles (deterministic: blake2b)."""
    values = {
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
        for s in shingles(text, NGRAM)
    }
    return np.array(sorted(values), dtype=np.uint64)


def near_families(texts: Sequence[str]) -> tuple[list[int], int]:
    """A family root for each text (near-identical texts share one) and the pairs found.

    Candidate pairs share at least one shingle that at most 100 texts have
    (a shingle in more says nothing about copies); each is checked on its
    shared-shingle count, no pair is enumerated twice per shingle.
    """
    hashed = [shingle_hashes(t) for t in texts]
    sizes = np.array([len(h) for h in hashed], dtype=np.int64)
    values = np.concatenate(hashed) if hashed else np.empty(0, dtype=np.uint64)
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [len(values)]))
    codes: list[np.ndarray] = []
    n = np.int64(len(texts))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if 2 <= end - start <= 100:
            group = owners[start:end]
            left, right = np.triu_indices(len(group), 1)
            a, b = group[left], group[right]
            codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    parent = list(range(len(texts)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    found = 0
    if codes:
        pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
        for code, count in zip(pairs.tolist(), shared.tolist(), strict=True):
            a, b = divmod(code, int(n))
            union = sizes[a] + sizes[b] - count
            smaller = min(sizes[a], sizes[b])
            if count / union >= FAMILY_JACCARD or (
                smaller >= 20 and count / smaller >= FAMILY_CONTAINMENT
            ):
                found += 1
                root_a, root_b = find(a), find(b)
                if root_a != root_b:
                    parent[max(root_a, root_b)] = min(root_a, root_b)
    return [find(i) for i in range(len(texts))], found


def largest_prime_at_most(value: int) -> int:
    for candidate in range(value, 1, -1):
        if all(candidate % d for d in range(2, int(candidate**0.5) + 1)):
            return candidate
    raise ValueError(f"no prime <= {value}")


@dataclass
class Pool:
    """The grid of stories base documents are drawn from, and how it was made."""

    stories: list[Story]  # COLUMNS * p stories: column x, row y at x * p + y
    prime: int
    exact_groups: list[list[dict[str, Any]]]
    stats: dict[str, Any]


def build_pool(data: Path, doc_bytes: int, seed: int) -> Pool:
    records = [r for r in read_jsonl(data) if (r.get("text") or "").strip()]
    by_key: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_key.setdefault(exact_key(record["text"]), []).append(record)
    exact_groups = sorted(
        (sorted(group, key=lambda r: r["newid"]) for group in by_key.values() if len(group) > 1),
        key=lambda group: group[0]["newid"],
    )
    in_groups = {r["newid"] for group in exact_groups for r in group}
    limit = int(STORY_SHARE * doc_bytes)
    stats: Counter[str] = Counter(records=len(records))
    candidates: list[Story] = []
    for record in records:
        if record["newid"] in in_groups:
            stats["excluded: a Reuters exact duplicate"] += 1
            continue
        if record.get("text_type") != "NORM":
            stats[f"excluded: text_type {record.get('text_type')}"] += 1
            continue
        paragraphs = story_paragraphs(record["text"])
        if not paragraphs or not is_prose(" ".join(paragraphs)):
            stats["excluded: under 50 words or mostly figures"] += 1
            continue
        dateline = (record.get("dateline") or "").strip()
        if dateline:
            paragraphs[0] = f"{dateline} {paragraphs[0]}"
        capped = cap_story(paragraphs, limit)
        if len(capped) < len(paragraphs) or capped[-1] != paragraphs[len(capped) - 1]:
            stats["cut to 35 % of a document"] += 1
        title = (record.get("title") or "").strip()
        candidates.append(
            Story(record["newid"], title, (record.get("date") or "")[:10], tuple(capped))
        )
    roots, pairs = near_families(["\n\n".join(s.paragraphs) for s in candidates])
    distinct = [story for i, story in enumerate(candidates) if roots[i] == i]
    stats["near-identical story pairs found"] = pairs
    stats["excluded: near-identical to a story kept"] = len(candidates) - len(distinct)
    random.Random(f"{seed}:pool").shuffle(distinct)
    prime = largest_prime_at_most(len(distinct) // COLUMNS)
    grid = distinct[: COLUMNS * prime]
    stats["excluded: left over by the grid"] = len(distinct) - len(grid)
    summary = {
        "reuters_records_with_text": len(records),
        "reuters_exact_groups": len(exact_groups),
        "reuters_exact_documents": sum(len(g) for g in exact_groups),
        "pool_stories": len(grid),
        "grid": f"{COLUMNS} columns x {prime} rows (prime)",
        "base_documents_possible": prime * prime,
        "story_cap_bytes": limit,
        "mean_story_bytes": round(sum(s.size for s in grid) / len(grid), 1),
        "filters": dict(sorted(stats.items())),
    }
    return Pool(grid, prime, exact_groups, summary)


# -- base documents ---------------------------------------------------------------------------


def base_stories(pool: Pool, block: int, doc_bytes: int, seed: int) -> list[int]:
    """Grid indexes of base document ``block``'s stories, in document order."""
    p = pool.prime
    if block >= p * p:
        raise ValueError(f"the pool makes at most {p * p} distinct base documents")
    slope, intercept = divmod(block, p)
    rng = random.Random(f"{seed}:base:{block}")
    target = doc_bytes * rng.uniform(0.85, 1.15)
    columns = list(range(COLUMNS))
    rng.shuffle(columns)
    chosen: list[int] = []
    size = 0
    for column in columns:
        index = column * p + (slope * column + intercept) % p
        story_size = pool.stories[index].size + 2
        if len(chosen) >= MIN_STORIES and size + story_size / 2 > target:
            break
        chosen.append(index)
        size += story_size
    return chosen


def shingle_set(text: str) -> set[tuple[str, ...]]:
    """``common.shingles`` as word tuples: the same sets (words hold no spaces), made faster."""
    tokens = words(text)
    if len(tokens) <= NGRAM:
        return {tuple(tokens)} if tokens else set()
    return set(zip(*(tokens[i:] for i in range(NGRAM)), strict=False))


def base_document(pool: Pool, indexes: Sequence[int]) -> list[str]:
    return [p for index in indexes for p in pool.stories[index].paragraphs]


# -- variants -----------------------------------------------------------------------------

SITES = (
    "Velmont Daily",
    "The Brackwater Post",
    "Oakridge Courier",
    "Tallis Bay News",
    "Norrland Observer",
    "Kestrel Financial",
    "Café Meridiano",
    "Ashgrove Ledger",
)
AUTHORS = ("José Núñez", "Mara Lindqvist", "Tomás Ebert", "Priya Raman", "Ines Okafor", "Lena Voss")
HEADLINES = (
    "Regional lenders brace for a slower year of loan growth",
    "Port authority unveils a plan to ease container congestion",
    "Five charts that explain this week's bond market swings",
    "Why grain traders are watching the weather in March",
    "Analysts split over the outlook for mid-sized carmakers",
    "City council delays the vote on the new transit budget",
    "What a stronger dollar means for exporters this spring",
    "Small refiners feel the squeeze as margins narrow",
    "Insurers count the cost of a stormy winter",
    "Opinion: the case for a simpler tax on savings",
)


def boilerplate_blocks(site: str, rng: random.Random) -> dict[str, list[str]]:
    """Page furniture written for this benchmark, by where it goes."""
    author = rng.choice(AUTHORS)
    related = rng.sample(HEADLINES, 3)
    return {
        "menu": [
            "Skip to main content",
            f"{site} | Home | World | Business | Markets | Politics | Tech | Opinion | Sport",
            "Search | Sign in | Subscribe",
        ],
        "cookies": [
            "We use cookies to make this site work and to show you relevant advertising. "
            "By continuing to browse you agree to our use of cookies.",
            "Accept all | Manage preferences",
        ],
        "byline": [f"By {author}, staff reporter", "Updated 3 hours ago · 4 min read"],
        "advertisement": ["Advertisement", "Story continues below advertisement"],
        "share": ["Share this article", "Facebook | X | LinkedIn | WhatsApp | Email | Print"],
        "newsletter": [
            "The Morning Briefing: the day's business stories in your inbox before 7am.",
            "Enter your email address | Sign up",
            "You can unsubscribe at any time. Read our privacy notice.",
        ],
        "related": ["Related coverage", *related],
        "footer": [
            f"© 2024 {site}. All rights reserved.",
            "About us | Contact | Terms of use | Privacy policy | Careers | Advertise with us",
        ],
    }


TOP = ("menu", "cookies", "byline")
BOTTOM = ("share", "newsletter", "related", "footer")

SYNONYMS = {
    "said": "stated",
    "says": "states",
    "company": "firm",
    "mln": "million",
    "dlrs": "dollars",
    "billion": "bln",
    "pct": "percent",
    "rose": "increased",
    "fell": "declined",
    "shares": "stock",
    "year": "twelve months",
    "expected": "anticipated",
    "also": "additionally",
    "agreed": "consented",
    "announced": "disclosed",
    "about": "roughly",
    "but": "however",
    "government": "administration",
    "increase": "rise",
    "sales": "revenues",
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


@dataclass
class Draft:
    paragraphs: list[str]
    newline: str = "\n"

    def text(self) -> str:
        return (self.newline * 2).join(self.paragraphs)


def add_boilerplate(draft: Draft, rng: random.Random) -> None:
    blocks = boilerplate_blocks(rng.choice(SITES), rng)
    top = rng.sample(TOP, rng.randint(1, 2))
    bottom = rng.sample(BOTTOM, rng.randint(1, 2))
    for name in sorted(top, key=TOP.index, reverse=True):
        draft.paragraphs[0:0] = blocks[name]
    if rng.random() < 0.5 and len(draft.paragraphs) > 6:
        middle = rng.randint(3, len(draft.paragraphs) - 2)
        draft.paragraphs[middle:middle] = blocks["advertisement"][: rng.randint(1, 2)]
    for name in sorted(bottom, key=BOTTOM.index):
        draft.paragraphs.extend(blocks[name])


def drop_paragraph(draft: Draft, rng: random.Random) -> None:
    count = 2 if len(draft.paragraphs) >= 14 and rng.random() < 0.5 else 1
    for _ in range(count):
        if len(draft.paragraphs) > 2:
            del draft.paragraphs[rng.randint(1, len(draft.paragraphs) - 1)]


def repeat_paragraph(draft: Draft, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 2)):
        index = rng.randrange(len(draft.paragraphs))
        copy = draft.paragraphs[index]
        if rng.random() < 0.6:
            draft.paragraphs.insert(index + 1, copy)
        else:
            draft.paragraphs.append(copy)


def reword_sentence(sentence: str, rng: random.Random) -> str:
    tokens = sentence.split(" ")
    for _ in range(rng.randint(1, 2)):
        swaps = [i for i, t in enumerate(tokens) if t.lower().strip(",.;:") in SYNONYMS]
        roll = rng.random()
        if swaps and roll < 0.5:
            i = rng.choice(swaps)
            bare = tokens[i].strip(",.;:")
            new = SYNONYMS[bare.lower()]
            new = new.capitalize() if bare[:1].isupper() else new
            tokens[i] = tokens[i].replace(bare, new, 1)
        elif len(tokens) > 6 and roll < 0.8:
            del tokens[rng.randint(1, len(tokens) - 2)]
        elif len(tokens) > 3:
            i = rng.randint(1, len(tokens) - 3)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens)


def reword(draft: Draft, rng: random.Random) -> None:
    places = [
        (p, s)
        for p, paragraph in enumerate(draft.paragraphs)
        for s in range(len(SENTENCE_END.split(paragraph)))
    ]
    chosen = set(rng.sample(places, min(len(places), rng.randint(2, 5))))
    for p in sorted({p for p, _ in chosen}):
        sentences = SENTENCE_END.split(draft.paragraphs[p])
        for s in range(len(sentences)):
            if (p, s) in chosen:
                sentences[s] = reword_sentence(sentences[s], rng)
        draft.paragraphs[p] = " ".join(sentences)


ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
LIGATURES = {"fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00"}


def unicode_whitespace(draft: Draft, rng: random.Random) -> None:
    """At least two of the changes a scraper or an editor makes to a text, not its words.

    Only soft hyphens split a word (as thresher's dedupers see words); the
    rest disappear under NFKC, case-folding and the word pattern.
    """

    def curly(text: str) -> str:
        text = re.sub(r'(^|[\s(])"', "\\1\u201c", text)
        text = text.replace('"', "\u201d")
        text = re.sub(r"(^|[\s(])'", "\\1\u2018", text)
        return text.replace("'", "\u2019")

    def at_some_spaces(text: str, share: float, replace: Callable[[], str]) -> str:
        spaces = [m.start() for m in re.finditer(" ", text)]
        chosen = sorted(rng.sample(spaces, int(len(spaces) * share)), reverse=True)
        for at in chosen:
            text = text[:at] + replace() + text[at + 1 :]
        return text

    def nbsp(text: str) -> str:
        return at_some_spaces(text.replace(" - ", " \u2013 "), 0.12, lambda: "\u00a0")

    def zero_width(text: str) -> str:
        spaces = [m.start() for m in re.finditer(" ", text)]
        for at in sorted(rng.sample(spaces, min(len(spaces), 4)), reverse=True):
            text = text[:at] + rng.choice(ZERO_WIDTH) + text[at:]
        return text

    def ligatures(text: str) -> str:
        return re.sub(
            "fi|fl|ff", lambda m: LIGATURES[m.group()] if rng.random() < 0.4 else m.group(), text
        )

    def full_width_digits(text: str) -> str:
        return re.sub(
            r"\d",
            lambda m: chr(0xFF10 + int(m.group())) if rng.random() < 0.2 else m.group(),
            text,
        )

    def spaces(text: str) -> str:
        return at_some_spaces(text, 0.05, lambda: rng.choice(("  ", " \t", "\u2009")))

    def soft_hyphen(text: str) -> str:
        # inside a long word, as HTML's &shy; leaves it: the one change that splits a word
        long_words = [m.start() + 4 for m in re.finditer(r"\b[a-z]{9,}\b", text)]
        if not long_words:
            return text
        at = rng.choice(long_words)
        return text[:at] + "\u00ad" + text[at:]

    changes = [curly, nbsp, zero_width, ligatures, full_width_digits, spaces]
    for change in rng.sample(changes, rng.randint(2, 4)):
        draft.paragraphs = [change(p) for p in draft.paragraphs]
    if rng.random() < 0.5:  # one or two soft hyphens in the whole document
        for index in rng.sample(range(len(draft.paragraphs)), min(2, len(draft.paragraphs))):
            draft.paragraphs[index] = soft_hyphen(draft.paragraphs[index])
    draft.paragraphs = [unicodedata.normalize("NFD", p) for p in draft.paragraphs]
    if rng.random() < 0.6:
        width = rng.randint(60, 80)
        draft.paragraphs = [
            "\n".join(textwrap.wrap(p, width, break_on_hyphens=False)) or p
            for p in draft.paragraphs
        ]
    if rng.random() < 0.4:
        draft.newline = "\r\n"
        draft.paragraphs = [p.replace("\n", "\r\n") for p in draft.paragraphs]
    if rng.random() < 0.3:
        draft.paragraphs = [p + " " * rng.randint(1, 3) for p in draft.paragraphs]


def truncate(draft: Draft, rng: random.Random) -> None:
    text = draft.text()
    keep = int(len(text) * rng.uniform(0.7, 0.9))
    cut = text.rfind(" ", 0, keep)
    text = text[: cut if cut > 0 else keep].rstrip()
    if rng.random() < 0.4:
        text += rng.choice((" …", "...", " [...]"))
    separator = draft.newline * 2
    draft.paragraphs = text.split(separator)


TRANSFORMS: dict[str, Callable[[Draft, random.Random], None]] = {
    "boilerplate": add_boilerplate,
    "paragraph-drop": drop_paragraph,
    "paragraph-repeat": repeat_paragraph,
    "reword": reword,
    "unicode-whitespace": unicode_whitespace,
    "truncation": truncate,
}


def draw_kind(rng: random.Random) -> str:
    if rng.random() < COMBINED_SHARE:
        pair = rng.sample(KINDS, 2)
        return "+".join(sorted(pair, key=KINDS.index))  # applied in KINDS order
    return rng.choice(KINDS)


def make_variant(paragraphs: Sequence[str], kind: str, rng: random.Random) -> str:
    draft = Draft(list(paragraphs))
    for name in kind.split("+"):
        TRANSFORMS[name](draft, rng)
    return draft.text()


# -- writing ------------------------------------------------------------------------------


@dataclass
class CorpusFiles:
    corpus: Path
    gold: Path
    manifest: Path

    def info(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.manifest.read_text(encoding="utf-8"))
        return result


@dataclass
class _Row:
    record: dict[str, Any]
    gold: dict[str, Any]


@dataclass
class _Stats:
    kinds: Counter[str] = field(default_factory=Counter)
    jaccards: dict[str, list[float]] = field(default_factory=dict)
    bytes: int = 0
    documents: int = 0


def doc_id(seed: int, *parts: object) -> str:
    key = ":".join(map(str, (seed, *parts)))
    return "n" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def corpus_name(size: int, doc_bytes: int, seed: int) -> str:
    return f"near-{size}-{doc_bytes}b-s{seed}-v{VERSION}"


def build_corpus(
    size: int,
    work: Path = DEFAULT_WORK,
    doc_bytes: int = 4000,
    seed: int = 1,
    data: Path = DEFAULT_DATA,
    force: bool = False,
    log: Callable[[str], None] = lambda message: print(message, file=sys.stderr, flush=True),
) -> CorpusFiles:
    """Write (or reuse) the corpus of ``size`` documents under ``work``."""
    folder = work / corpus_name(size, doc_bytes, seed)
    files = CorpusFiles(folder / "corpus.jsonl", folder / "gold.jsonl", folder / "manifest.json")
    if not force and files.manifest.is_file() and files.corpus.is_file() and files.gold.is_file():
        return files
    if not data.is_file():
        raise FileNotFoundError(f"Reuters-21578 not found at {data}")
    folder.mkdir(parents=True, exist_ok=True)
    files.manifest.unlink(missing_ok=True)
    started = time.perf_counter()
    log(f"corpus: building {size:,} documents of about {doc_bytes:,} bytes in {folder}")
    pool = build_pool(data, doc_bytes, seed)
    stats = _Stats()
    checks = _Checks(len(pool.stories))
    corpus_tmp = files.corpus.with_suffix(".jsonl.tmp")
    gold_tmp = files.gold.with_suffix(".jsonl.tmp")
    with (
        corpus_tmp.open("w", encoding="utf-8") as corpus,
        gold_tmp.open("w", encoding="utf-8") as gold,
    ):
        chunk: list[_Row] = []
        chunk_number = 0
        for row in _rows(pool, size, doc_bytes, seed, stats, checks):
            chunk.append(row)
            if len(chunk) == CHUNK:
                _flush(chunk, corpus, gold, random.Random(f"{seed}:chunk:{chunk_number}"))
                chunk_number += 1
                chunk = []
        _flush(chunk, corpus, gold, random.Random(f"{seed}:chunk:{chunk_number}"))
    os.replace(corpus_tmp, files.corpus)
    os.replace(gold_tmp, files.gold)
    manifest = {
        "version": VERSION,
        "size": size,
        "doc_bytes_target": doc_bytes,
        "seed": seed,
        "data": str(data.resolve()),
        "documents": stats.documents,
        "mean_bytes": round(stats.bytes / max(1, stats.documents), 1),
        "total_mb": round(stats.bytes / 1e6, 1),
        "kinds": dict(sorted(stats.kinds.items())),
        "variant_jaccard": _jaccard_summary(stats.jaccards),
        "pool": pool.stats,
        "checks": checks.summary(pool, doc_bytes, seed),
        "seconds": round(time.perf_counter() - started, 1),
    }
    files.manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log(
        f"corpus: {stats.documents:,} documents, {manifest['total_mb']} MB, "
        f"in {manifest['seconds']} s"
    )
    return files


def _flush(chunk: list[_Row], corpus: Any, gold: Any, rng: random.Random) -> None:
    rng.shuffle(chunk)
    for row in chunk:
        corpus.write(json.dumps(row.record, ensure_ascii=False) + "\n")
        gold.write(json.dumps(row.gold, ensure_ascii=False) + "\n")


def _rows(
    pool: Pool, size: int, doc_bytes: int, seed: int, stats: _Stats, checks: _Checks
) -> Iterator[_Row]:
    def emit(record: dict[str, Any], gold: dict[str, Any]) -> _Row:
        stats.documents += 1
        stats.bytes += len(record["text"].encode("utf-8"))
        stats.kinds[gold["kind"]] += 1
        return _Row(record, gold)

    budget = size if size >= 10_000 else int(size * REUTERS_SHARE)
    used = 0
    for group in pool.exact_groups:
        if used + len(group) > min(budget, size):
            break
        used += len(group)
        cluster = f"reuters-{group[0]['newid']}"
        for record in group:
            identifier = f"reuters-{record['newid']}"
            yield emit(
                {
                    "id": identifier,
                    "text": record["text"],
                    "title": record.get("title") or "",
                    "date": (record.get("date") or "")[:10],
                },
                {"id": identifier, "cluster": cluster, "kind": "reuters-exact", "of": None},
            )
    written = used
    block = 0
    while written < size:
        rng = random.Random(f"{seed}:variants:{block}")
        indexes = base_stories(pool, block, doc_bytes, seed)
        checks.add(block, indexes)
        paragraphs = base_document(pool, indexes)
        first = pool.stories[indexes[0]]
        base_id = doc_id(seed, block, 0)
        meta = {"title": first.title, "date": first.date}
        base_text = "\n\n".join(paragraphs)
        yield emit(
            {"id": base_id, "text": base_text, **meta},
            {"id": base_id, "cluster": base_id, "kind": "base", "of": None},
        )
        written += 1
        count = rng.choices(range(len(VARIANT_COUNTS)), VARIANT_COUNTS)[0]
        count = min(count, size - written)
        measure = written <= JACCARD_DOCUMENTS
        base_shingles = shingle_set(base_text) if count and measure else set()
        for number in range(1, count + 1):
            kind = draw_kind(rng)
            text = make_variant(paragraphs, kind, rng)
            similarity = None
            if measure:
                similarity = round(jaccard(base_shingles, shingle_set(text)), 4)
                stats.jaccards.setdefault(kind, []).append(similarity)
            identifier = doc_id(seed, block, number)
            yield emit(
                {"id": identifier, "text": text, **meta},
                {
                    "id": identifier,
                    "cluster": base_id,
                    "kind": kind,
                    "of": base_id,
                    "jaccard": similarity,
                },
            )
        written += count
        block += 1


def _jaccard_summary(values: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    summary = {}
    everything = [v for vs in values.values() for v in vs]
    for kind, numbers in [*sorted(values.items()), ("all variants", everything)]:
        if not numbers:
            continue
        array_ = np.array(numbers)
        summary[kind] = {
            "count": len(numbers),
            "mean": round(float(array_.mean()), 3),
            "min": round(float(array_.min()), 3),
            **{f">= {t}": round(float((array_ >= t).mean()), 3) for t in (0.5, 0.6, 0.7, 0.8, 0.9)},
        }
    return summary


class _Checks:
    """That base documents are genuinely distinct: story pairs, story use, sampled Jaccard."""

    SAMPLE_PAIRS = 2000

    def __init__(self, stories: int) -> None:
        self.stories = stories
        self.pair_codes = array("q")
        self.uses = np.zeros(stories, dtype=np.int64)
        self.users: dict[int, int] = {}  # story -> first block that used it
        self.sample: list[tuple[int, int]] = []
        self.bases = 0
        self.story_counts: Counter[int] = Counter()

    def add(self, block: int, indexes: Sequence[int]) -> None:
        self.bases += 1
        self.story_counts[len(indexes)] += 1
        ordered = sorted(indexes)
        for i, a in enumerate(ordered):
            self.uses[a] += 1
            for b in ordered[i + 1 :]:
                self.pair_codes.append(a * self.stories + b)
            first = self.users.setdefault(a, block)
            if first != block and len(self.sample) < self.SAMPLE_PAIRS:
                self.sample.append((first, block))

    def summary(self, pool: Pool, doc_bytes: int, seed: int) -> dict[str, Any]:
        codes = np.frombuffer(self.pair_codes, dtype=np.int64) if self.pair_codes else None
        repeated = 0
        if codes is not None:
            _, counts = np.unique(codes, return_counts=True)
            repeated = int((counts > 1).sum())
        if repeated:
            raise AssertionError(f"{repeated} story pairs are in more than one base document")
        similarities = []
        for a, b in self.sample:
            texts = [
                "\n\n".join(base_document(pool, base_stories(pool, block, doc_bytes, seed)))
                for block in (a, b)
            ]
            similarities.append(jaccard(shingle_set(texts[0]), shingle_set(texts[1])))
        used = self.uses[self.uses > 0]
        return {
            "base_documents": self.bases,
            "stories_per_base": dict(sorted(self.story_counts.items())),
            "story_pairs_in_two_bases": repeated,
            "stories_used": len(used),
            "uses_per_story_max": int(used.max()) if len(used) else 0,
            "uses_per_story_mean": round(float(used.mean()), 2) if len(used) else 0,
            "base_pairs_sharing_a_story_sampled": len(similarities),
            "their_jaccard_max": round(max(similarities), 3) if similarities else None,
            "their_jaccard_mean": round(float(np.mean(similarities)), 3) if similarities else None,
        }


# -- command line ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument(
        "--doc-bytes", type=int, default=4000, help="base document size target (default 4000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="output folder")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--force", action="store_true", help="rebuild even if present")
    args = parser.parse_args(argv)
    files = build_corpus(args.size, args.work, args.doc_bytes, args.seed, args.data, args.force)
    print(
        json.dumps({"corpus": str(files.corpus), "gold": str(files.gold), **files.info()}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

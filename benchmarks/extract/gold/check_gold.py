"""Check the extraction gold set: articles.jsonl against gold.jsonl.

Run from the repository root (standard library only):

    python benchmarks/extract/gold/check_gold.py

Verifies that both files parse, that their ids match line by line, that every
gold record has exactly the documented keys with the documented types, that
every quote, quantity, mention, role, name, author, title, organisation,
place and relative-date text is an exact substring of its article, and that
all dates are valid ISO 8601. Prints a summary and exits 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles.jsonl"
GOLD = HERE / "gold.jsonl"

LANGUAGES = ("en", "de", "fr", "es")
GOLD_KEYS = {
    "id",
    "language",
    "date",
    "publisher",
    "publisher_aliases",
    "authors",
    "title",
    "people",
    "organisations",
    "places",
    "quotes",
    "quantities",
    "relative_dates",
}
ARTICLE_KEYS = {"id", "text", "url"}
PERSON_KEYS = {"name", "roles", "mentions"}
QUOTE_KEYS = {"text", "speaker"}
QUANTITY_KEYS = {"text", "value", "unit", "kind"}
QUANTITY_KINDS = {"percent", "money", "count", "measure"}
RELDATE_KEYS = {"text", "date"}
MIN_BYTES, MAX_BYTES = 1500, 5000

ID_RE = re.compile(r"^(en|de|fr|es)-\d{3}$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def is_str(x: object) -> bool:
    return isinstance(x, str) and x != ""


def is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def valid_iso(value: str, pattern: re.Pattern[str]) -> bool:
    if not pattern.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def read_jsonl(path: Path, c: Checker) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not path.exists():
        c.err(path.name, "missing")
        return rows
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                c.err(f"{path.name}:{n}", "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                c.err(f"{path.name}:{n}", f"invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                c.err(f"{path.name}:{n}", "not a JSON object")
                continue
            rows.append(obj)
    return rows


def check_strings(c: Checker, where: str, values: object, text: str, what: str) -> None:
    if not isinstance(values, list):
        c.err(where, f"{what} must be a list")
        return
    if len(set(map(str, values))) != len(values):
        c.err(where, f"{what} has duplicates")
    for v in values:
        if not is_str(v):
            c.err(where, f"{what} entry {v!r} is not a non-empty string")
        elif v not in text:
            c.err(where, f"{what} {v!r} is not in the text")


def check_article(c: Checker, art: dict[str, Any], n: int) -> None:
    where = f"articles.jsonl:{n}"
    extra = set(art) - ARTICLE_KEYS
    if extra:
        c.err(where, f"unexpected keys {sorted(extra)}")
    if not is_str(art.get("id")) or not ID_RE.match(art["id"]):
        c.err(where, f"bad id {art.get('id')!r}")
    text = art.get("text")
    if not isinstance(text, str) or not text:
        c.err(where, "text must be a non-empty string")
    else:
        size = len(text.encode("utf-8"))
        if not MIN_BYTES <= size <= MAX_BYTES:
            c.err(where, f"text is {size} bytes, expected {MIN_BYTES}-{MAX_BYTES}")
    if "url" in art and (not is_str(art["url"]) or not re.match(r"^https?://", art["url"])):
        c.err(where, f"bad url {art['url']!r}")


def check_gold(c: Checker, g: dict[str, Any], text: str) -> None:
    gid = g.get("id", "?")
    keys = set(g)
    if keys != GOLD_KEYS:
        missing, extra = GOLD_KEYS - keys, keys - GOLD_KEYS
        c.err(gid, f"keys differ: missing {sorted(missing)}, extra {sorted(extra)}")
        return

    if g["language"] not in LANGUAGES:
        c.err(gid, f"language {g['language']!r} not one of {LANGUAGES}")
    elif not gid.startswith(g["language"] + "-"):
        c.err(gid, f"language {g['language']!r} does not match the id")

    date = g["date"]
    if date is not None and (not isinstance(date, str) or not valid_iso(date, DAY_RE)):
        c.err(gid, f"date {date!r} is not null or YYYY-MM-DD")

    if g["publisher"] is not None and not is_str(g["publisher"]):
        c.err(gid, "publisher must be null or a non-empty string")
    aliases = g["publisher_aliases"]
    if not isinstance(aliases, list) or not all(is_str(a) for a in aliases):
        c.err(gid, "publisher_aliases must be a list of strings")
    elif g["publisher"] is None and aliases:
        c.err(gid, "publisher_aliases without a publisher")

    check_strings(c, gid, g["authors"], text, "author")
    if g["title"] is not None:
        if not is_str(g["title"]):
            c.err(gid, "title must be null or a non-empty string")
        elif g["title"] not in text:
            c.err(gid, f"title {g['title']!r} is not in the text")

    names: set[str] = set()
    if not isinstance(g["people"], list):
        c.err(gid, "people must be a list")
    else:
        for p in g["people"]:
            if not isinstance(p, dict) or set(p) != PERSON_KEYS:
                c.err(gid, f"person {p!r} must have exactly {sorted(PERSON_KEYS)}")
                continue
            name = p["name"]
            if not is_str(name):
                c.err(gid, f"person name {name!r} is not a string")
                continue
            if name in names:
                c.err(gid, f"person {name!r} listed twice")
            names.add(name)
            if name not in text:
                c.err(gid, f"person name {name!r} is not in the text")
            check_strings(c, f"{gid} {name}", p["roles"], text, "role")
            check_strings(c, f"{gid} {name}", p["mentions"], text, "mention")
            if isinstance(p["mentions"], list) and name not in p["mentions"]:
                c.err(gid, f"person {name!r}: the full name is missing from mentions")

    check_strings(c, gid, g["organisations"], text, "organisation")
    check_strings(c, gid, g["places"], text, "place")

    if not isinstance(g["quotes"], list):
        c.err(gid, "quotes must be a list")
    else:
        seen = set()
        for q in g["quotes"]:
            if not isinstance(q, dict) or set(q) != QUOTE_KEYS:
                c.err(gid, f"quote {q!r} must have exactly {sorted(QUOTE_KEYS)}")
                continue
            if not is_str(q["text"]):
                c.err(gid, f"quote text {q['text']!r} is not a string")
                continue
            if q["text"] in seen:
                c.err(gid, f"quote {q['text']!r} listed twice")
            seen.add(q["text"])
            if q["text"] not in text:
                c.err(gid, f"quote {q['text']!r} is not in the text")
            if q["speaker"] is not None and q["speaker"] not in names:
                c.err(gid, f"quote speaker {q['speaker']!r} is not one of the people")

    if not isinstance(g["quantities"], list):
        c.err(gid, "quantities must be a list")
    else:
        seen = set()
        allowed = QUANTITY_KEYS | {"value_to"}
        for q in g["quantities"]:
            if not isinstance(q, dict) or not QUANTITY_KEYS <= set(q) <= allowed:
                c.err(gid, f"quantity {q!r} needs {sorted(QUANTITY_KEYS)} (+ optional value_to)")
                continue
            t = q["text"]
            if not is_str(t):
                c.err(gid, f"quantity text {t!r} is not a string")
                continue
            if t in seen:
                c.err(gid, f"quantity {t!r} listed twice")
            seen.add(t)
            if t not in text:
                c.err(gid, f"quantity {t!r} is not in the text")
            if not is_number(q["value"]):
                c.err(gid, f"quantity {t!r}: value {q['value']!r} is not a number")
            if "value_to" in q and not is_number(q["value_to"]):
                c.err(gid, f"quantity {t!r}: value_to {q['value_to']!r} is not a number")
            kind, unit = q["kind"], q["unit"]
            if kind not in QUANTITY_KINDS:
                c.err(gid, f"quantity {t!r}: kind {kind!r} not in {sorted(QUANTITY_KINDS)}")
            if not is_str(unit):
                c.err(gid, f"quantity {t!r}: unit must be a non-empty string")
            elif kind == "percent" and unit != "%":
                c.err(gid, f"quantity {t!r}: percent unit must be '%'")
            elif kind == "money" and not CURRENCY_RE.match(unit):
                c.err(gid, f"quantity {t!r}: money unit {unit!r} is not an ISO 4217 code")

    if not isinstance(g["relative_dates"], list):
        c.err(gid, "relative_dates must be a list")
    else:
        if g["relative_dates"] and date is None:
            c.err(gid, "relative dates in an article without a publication date")
        for r in g["relative_dates"]:
            if not isinstance(r, dict) or set(r) != RELDATE_KEYS:
                c.err(gid, f"relative date {r!r} must have exactly {sorted(RELDATE_KEYS)}")
                continue
            if not is_str(r["text"]) or r["text"] not in text:
                c.err(gid, f"relative date text {r['text']!r} is not in the text")
            if not isinstance(r["date"], str) or not valid_iso(r["date"], PARTIAL_DATE_RE):
                c.err(gid, f"relative date {r['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def main() -> int:
    c = Checker()
    articles = read_jsonl(ARTICLES, c)
    gold = read_jsonl(GOLD, c)

    for n, art in enumerate(articles, 1):
        check_article(c, art, n)
    ids = [a.get("id") for a in articles]
    if len(set(ids)) != len(ids):
        c.err("articles.jsonl", "duplicate ids")
    if len(articles) != len(gold):
        c.err("gold.jsonl", f"{len(gold)} records for {len(articles)} articles")
    for n, (art, g) in enumerate(zip(articles, gold, strict=False), 1):
        if art.get("id") != g.get("id"):
            c.err(f"gold.jsonl:{n}", f"id {g.get('id')!r} != article id {art.get('id')!r}")
            continue
        if isinstance(art.get("text"), str):
            check_gold(c, g, art["text"])

    langs = Counter(g.get("language") for g in gold)
    quantities = [q for g in gold for q in g.get("quantities", []) if isinstance(q, dict)]
    kinds = Counter(q.get("kind") for q in quantities)
    n_people = sum(len(g.get("people", [])) for g in gold)
    quotes = [q for g in gold for q in g.get("quotes", []) if isinstance(q, dict)]
    n_null_speaker = sum(1 for q in quotes if q.get("speaker") is None)
    n_ranges = sum(1 for q in quantities if "value_to" in q)
    n_rel = sum(len(g.get("relative_dates", [])) for g in gold)
    by_kind = ", ".join(f"{k}: {kinds[k]}" for k in sorted(QUANTITY_KINDS))
    print(f"articles: {len(articles)} ({', '.join(f'{k}: {langs[k]}' for k in LANGUAGES)})")
    print(f"with url: {sum(1 for a in articles if 'url' in a)}")
    print(f"date null: {sum(1 for g in gold if g.get('date') is None)}")
    print(f"publisher null: {sum(1 for g in gold if g.get('publisher') is None)}")
    print(f"title null: {sum(1 for g in gold if g.get('title') is None)}")
    print(f"no authors: {sum(1 for g in gold if not g.get('authors'))}")
    print(f"people: {n_people}")
    print(f"organisations: {sum(len(g.get('organisations', [])) for g in gold)}")
    print(f"places: {sum(len(g.get('places', [])) for g in gold)}")
    print(f"quotes: {len(quotes)} (speaker null: {n_null_speaker})")
    print(f"quantities: {len(quantities)} ({by_kind}; ranges/changes with value_to: {n_ranges})")
    print(f"relative dates: {n_rel}")
    if c.errors:
        for e in c.errors:
            print("ERROR", e, file=sys.stderr)
        print(f"FAILED: {len(c.errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``shared-paragraphs`` cleaner: paragraphs shared across a run, and pages made of others."""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest.mock import patch

import orjson
import pytest
from cli_runs import cleaned_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import ConfigError, Document, block_key
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_component, run_stage
from thresher_plugins import clean_shared_paragraphs
from thresher_plugins.clean_shared_paragraphs import SharedParagraphCleaner

NAME = "shared-paragraphs"

# Invented local news: one story per town, each two paragraphs of its own.
TOWNS = [
    "Ashby", "Brackwater", "Colnford", "Dunmere", "Eastwick", "Fallowfield", "Greystead",
    "Hollin", "Inchcombe", "Juniper Bay", "Kettlewell", "Lowmoor", "Marram", "Northgate",
]  # fmt: skip
SUBJECTS = [
    ("a new footbridge over the river", "the steel spans arrive by barge next month"),
    ("longer opening hours at the library", "volunteers will staff the Saturday sessions"),
    ("a ban on parking along the seafront", "residents had complained about blocked driveways"),
    ("repairs to the clock tower", "the mechanism has been stuck at ten past four since May"),
    ("a weekly farmers market in the square", "stalls will be free for the first three months"),
    ("new floodlights for the football ground", "the club raised half the cost from supporters"),
    ("a cycle lane on the ring road", "the route links the station with two schools"),
]


def story(number: int) -> list[str]:
    town = TOWNS[number]
    subject, detail = SUBJECTS[number % len(SUBJECTS)]
    return [
        f"Councillors in {town} voted {number + 5} to {number % 4} on Tuesday to approve "
        f"{subject}, ending a debate that had run since the spring.",
        f"A spokesperson for {town} council said {detail}, and that work on the scheme "
        f"could start within {number + 2} weeks.",
    ]


STORIES = [story(number) for number in range(len(TOWNS))]
# Syndication notices: the furniture that survives per-page cleaning.
NOTICE = "This report was shared through the Tidewater News Exchange and may be republished."
PARTNER = "The Tidewater News Exchange is funded by readers and independent local foundations."


def text(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def blocks(document: Document) -> list[str]:
    return document.text.split("\n\n")


def corpus(bodies: dict[str, Sequence[str]]) -> list[Document]:
    return [Document(ident, text(*body)) for ident, body in bodies.items()]


def clean(documents: Sequence[Document], workers: int = 1, **options: Any) -> dict[str, Document]:
    cleaned = run_stage("clean", documents, [NAME], {NAME: options}, workers=workers)
    return {d.id: d for d in cleaned}


def syndicated(count: int, *extra: str) -> dict[str, list[str]]:
    """``count`` stories, each followed by the notice (and ``extra``)."""
    return {f"s{n}": [*STORIES[n], NOTICE, *extra] for n in range(count)}


def removed(document: Document) -> list[tuple[str, str, str]]:
    return [(r.component, r.reason, r.text) for r in document.removals]


# -- rule 1: widespread paragraphs ------------------------------------------------------------


def test_a_paragraph_in_many_documents_is_removed_and_recorded() -> None:
    result = clean(corpus(syndicated(10)))
    for number in range(10):
        document = result[f"s{number}"]
        assert blocks(document) == STORIES[number]
        assert removed(document) == [(NAME, "shared-paragraph", NOTICE)]


def test_fewer_documents_than_min_documents_keep_it() -> None:
    result = clean(corpus(syndicated(9)))
    assert all(NOTICE in blocks(d) and d.removals == [] for d in result.values())
    lowered = clean(corpus(syndicated(4)), min_documents=4)
    assert all(NOTICE not in blocks(d) for d in lowered.values())


def test_paragraphs_are_compared_on_their_normalised_key() -> None:
    bodies = syndicated(10)
    variant = NOTICE.upper().replace(".", " —")
    bodies["s0"] = [*STORIES[0], variant]
    result = clean(corpus(bodies))
    assert removed(result["s0"]) == [(NAME, "shared-paragraph", variant)]


def test_short_blocks_are_never_counted() -> None:
    bodies = {ident: [*body, "Advertisement"] for ident, body in syndicated(12).items()}
    result = clean(corpus(bodies))
    assert all(blocks(d)[-1] == "Advertisement" for d in result.values())
    assert all(removed(d) == [(NAME, "shared-paragraph", NOTICE)] for d in result.values())


def test_allow_patterns_keep_a_paragraph() -> None:
    result = clean(corpus(syndicated(12, PARTNER)), allow=r"funded by readers")
    for document in result.values():
        assert blocks(document)[-1] == PARTNER
        assert [r.text for r in document.removals] == [NOTICE]


def test_a_bad_allow_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="allow pattern"):
        clean(corpus(syndicated(2)), allow="(unclosed")


def test_a_widely_syndicated_story_keeps_its_paragraphs() -> None:
    # A wire story on 12 sites, its opening also quoted on 3 more: its
    # paragraphs are in 12 to 15 documents, as widespread as the page's own
    # text, so they stay. The partner line, on 62 pages, is over three times
    # as widespread as the story and goes.
    wire = [
        *STORIES[0],
        "The county has promised to match any money the town raises by the end of June, "
        "the council's finance officer said.",
    ]
    copies = {f"w{n}": [*wire, PARTNER] for n in range(12)}
    quoting = {
        f"q{n}": [wire[0], f"{TOWNS[n]} readers may comment until Friday."] for n in range(3)
    }
    brief = "Brief number {}: the {} road closes at dawn."
    briefs = {f"b{n}": [brief.format(n, TOWNS[n % 14]), PARTNER] for n in range(50)}
    result = clean(corpus({**copies, **quoting, **briefs}))
    for number in range(12):
        document = result[f"w{number}"]
        assert blocks(document) == wire
        assert removed(document) == [(NAME, "shared-paragraph", PARTNER)]
    assert all(blocks(result[f"q{n}"]) == quoting[f"q{n}"] for n in range(3))


def test_a_sentence_cut_across_lines_is_not_cut_out() -> None:
    # Hard-wrapped text has a block per line: a stock line that continues a
    # sentence stays, even though it is in every document.
    stock = "the council's spokesperson said in a statement on Tuesday."
    documents = [
        Document(f"h{n}", f"{STORIES[n][0]}\n{TOWNS[n]} will also review its budget, as\n{stock}")
        for n in range(12)
    ]
    result = clean(documents)
    assert all(d.removals == [] for d in result.values())


def test_a_document_is_never_emptied() -> None:
    # Some pages are only the two notices, on 12 and 30 pages: even allowed to
    # remove everything that is widespread enough, a page keeps the rarer one.
    only = {f"o{n}": [NOTICE, PARTNER] for n in range(12)}
    partner = {f"p{n}": [STORIES[n % 14][0], PARTNER] for n in range(18)}
    options = {"min_ratio": 1.0, "max_removed_fraction": 1.0}
    result = clean(corpus({**only, **partner}), **options)
    assert all(blocks(result[f"o{n}"]) == [NOTICE] for n in range(12))
    assert all(blocks(result[f"p{n}"]) == [STORIES[n % 14][0]] for n in range(18))
    # By default a page keeps at least half of its text.
    result = clean(corpus({**only, **partner}), min_ratio=1.0)
    assert all(blocks(result[f"o{n}"]) == [NOTICE, PARTNER] for n in range(12))


# -- rule 2: concatenations -------------------------------------------------------------------

A, B, D = STORIES[0], STORIES[1], STORIES[2]


def test_a_page_made_of_two_articles_is_dropped_and_the_articles_stay() -> None:
    result = clean(corpus({"a": A, "b": B, "a+b": [*A, *B], "d": D}))
    assert result["a+b"].fate.value == "dropped" and result["a+b"].reason == "concatenation"
    for ident, body in (("a", A), ("b", B), ("d", D)):
        assert result[ident].kept and blocks(result[ident]) == body
        assert result[ident].removals == []


def test_the_parts_may_come_in_any_order_and_with_short_lines_between() -> None:
    page = [B[0], "Read more", B[1], "Next story", *A]
    result = clean(corpus({"a": A, "b": B, "page": page}))
    assert result["page"].reason == "concatenation"
    assert result["a"].kept and result["b"].kept


def test_copies_of_an_article_are_left_to_the_deduper() -> None:
    longer = [*STORIES[3], "It is the third such scheme in the county this year, after two in May."]
    bodies = {"t": longer, "copy": longer, "cut": longer[:2], "b": B, "t+b": [*longer, *B]}
    result = clean(corpus(bodies))
    assert all(result[ident].kept for ident in ("t", "copy", "cut", "b"))
    assert all(result[ident].removals == [] for ident in ("t", "copy", "cut", "b"))
    assert result["t+b"].reason == "concatenation"


def test_a_document_inside_a_longer_one_is_left_to_the_deduper() -> None:
    # a+b lies inside the longer page; the longer page is a+b followed by d.
    result = clean(corpus({"a+b": [*A, *B], "longer": [*A, *B, *D], "d": D}))
    assert result["a+b"].kept and result["d"].kept
    assert result["longer"].reason == "concatenation"


def test_a_cut_copy_is_left_to_the_deduper_when_shorter_pages_hold_its_parts() -> None:
    # "cut" is "full" without its last paragraph; a shorter version holds its
    # first two paragraphs and a brief its third. It is still a copy of "full".
    full = [*A, B[0], B[1]]
    brief = [f"In brief: {D[0]}", full[2]]
    bodies = {"full": full, "cut": full[:3], "short": full[:2], "brief": brief}
    result = clean(corpus(bodies))
    assert all(d.kept for d in result.values())


def test_text_the_counts_do_not_see_keeps_a_document() -> None:
    # A results table: short lines of its own, more than half of the page.
    table = [f"{town} ward: {votes} for, {14 - votes} against" for votes, town in enumerate(TOWNS)]
    assert all(len(block_key(line)) < 40 for line in table)
    result = clean(corpus({"a": A, "b": B, "page": [A[0], B[0], *table]}))
    assert result["page"].kept
    result = clean(corpus({"a": A, "b": B, "page": [A[0], B[0], *table[:3]]}))
    assert result["page"].reason == "concatenation"


def test_a_paragraph_of_its_own_keeps_a_document() -> None:
    own = "The mayor, who chairs the committee, abstained and left before the count."
    result = clean(corpus({"a": A, "b": B, "page": [*A, *B, own]}))
    assert all(d.kept for d in result.values())


def test_a_section_page_of_openings_is_dropped() -> None:
    openings = [STORIES[n][0] for n in range(3)]
    result = clean(corpus({"section": openings, **{f"s{n}": STORIES[n] for n in range(3)}}))
    assert result["section"].reason == "concatenation"
    assert all(result[f"s{n}"].kept for n in range(3))


def test_pages_overlapping_in_a_ring_are_all_kept() -> None:
    # x, y, z each share one paragraph with each other: none is made of the others.
    p = [STORIES[n][0] for n in range(3)]
    result = clean(corpus({"x": [p[0], p[1]], "y": [p[1], p[2]], "z": [p[2], p[0]]}))
    assert all(d.kept for d in result.values())


def test_the_complete_version_of_a_story_stays() -> None:
    # Two partial versions hold all of it between them: versions, not parts.
    full = [*A, *B]
    result = clean(corpus({"full": full, "first": full[:3], "last": full[1:]}))
    assert all(d.kept for d in result.values())


def test_one_paragraph_is_not_a_concatenation() -> None:
    result = clean(corpus({"a": A, "b": B, "one": [A[0]], "one+": [A[0], "Share", "Print"]}))
    assert all(d.kept for d in result.values())


def test_concatenations_can_be_switched_off() -> None:
    result = clean(corpus({"a": A, "b": B, "a+b": [*A, *B]}), concatenations=False)
    assert all(d.kept for d in result.values())


def test_widespread_paragraphs_do_not_make_a_concatenation() -> None:
    # The notice is on 12 pages, one of them a page of nothing else: the
    # notice is rule 1's, and a story plus the notice is a copy of the story,
    # not a page made of the story and the notice page.
    bodies = {**syndicated(11), "a": A, "notice": [NOTICE], "a+b": [*A, *B]}
    result = clean(corpus(bodies))
    assert result["a+b"].reason == "concatenation"
    assert all(d.kept for ident, d in result.items() if ident != "a+b")
    assert blocks(result["s0"]) == A


# -- what is learned --------------------------------------------------------------------------


def test_without_a_fit_nothing_happens() -> None:
    document = Document("a+b", text(*A, *B))
    SharedParagraphCleaner().clean(document)
    assert document.kept and document.removals == []
    assert run_component("clean", NAME, text(*A, NOTICE)).removals == []


def test_the_fitted_state_pickles_and_holds_only_shared_paragraphs() -> None:
    cleaner = SharedParagraphCleaner()
    cleaner.fit(corpus({**syndicated(12), "a+b": [*A, *B]}))
    assert cleaner.shared == 1 + len(A) + len(B)  # the notice, and the parts of a+b
    copy = pickle.loads(pickle.dumps(cleaner))
    assert len(pickle.dumps(cleaner)) < 2000
    page = Document("a+b", text(*A, *B))
    copy.clean(page)
    assert page.reason == "concatenation"


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(min_value=1, max_value=40))
def test_what_is_learned_does_not_depend_on_the_batch_size(batch_rows: int) -> None:
    bodies = {**syndicated(12), "a+b": [*A, *B], "ring": [A[0], D[1]], "d": D}
    whole = SharedParagraphCleaner()
    whole.fit(corpus(bodies))
    batched = SharedParagraphCleaner()
    with patch.object(clean_shared_paragraphs, "_BATCH_ROWS", batch_rows):
        batched.fit(corpus(bodies))
    assert pickle.dumps(batched) == pickle.dumps(whole)


def test_worker_processes_give_the_same_result() -> None:
    def documents() -> list[Document]:
        return corpus({**syndicated(12), "a": A, "b": B, "a+b": [*A, *B]})

    one = [d.to_dict() for d in clean(documents()).values()]
    two = [d.to_dict() for d in clean(documents(), workers=2).values()]
    assert one == two
    assert Counter(d["fate"] for d in two) == {"kept": 14, "dropped": 1}


# -- opt-in, the command line and explain -----------------------------------------------------


def test_it_is_off_by_default() -> None:
    pipeline = make_test_pipeline()
    assert NAME not in pipeline.registry.defaults("clean")
    assert pipeline.registry.get("clean", NAME).component.default is False
    documents = corpus({**syndicated(12), "a": A, "b": B, "a+b": [*A, *B]})
    cleaned = list(pipeline.process(documents, stages=["clean"]))
    assert all(d.kept for d in cleaned)
    assert not any(r.component == NAME for d in cleaned for r in d.removals)


def write_sites(folder: Path, bodies: dict[str, Sequence[str]]) -> None:
    """One page per site (a folder each): nothing recurs within a source."""
    for ident, body in bodies.items():
        (folder / ident).mkdir(parents=True)
        (folder / ident / "page.txt").write_text(text(*body) + "\n", encoding="utf-8")


def test_cli_on_folders_of_text_files(tmp_path: Path) -> None:
    # Ten sites carry the same notice: learned-boilerplate, which learns per
    # source, cannot see it; shared-paragraphs, across the run, can.
    folder = tmp_path / "crawl"
    write_sites(folder, {**syndicated(10), "a+b": [*STORIES[0], *STORIES[1]]})
    out = tmp_path / "out"

    def run(*clean_options: str) -> Any:
        args = ["--quiet", "load", str(folder), "clean", *clean_options]
        result = run_cli(make_test_pipeline(), [*args, "export", "-f", "jsonl", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return orjson.loads((out / "report.json").read_bytes())

    report = run("--add", NAME)
    exported = {r["id"]: r for r in read_jsonl(out / "documents.jsonl")}
    for number in range(10):
        assert exported[f"s{number}/page.txt"]["text"] == text(*STORIES[number])
        assert exported[f"s{number}/page.txt"]["removed"] == {"shared-paragraph": 1}
    rejected = read_jsonl(out / "rejected.jsonl")
    assert [(r["id"], r["fate"], r["reason"]) for r in rejected] == [
        ("a+b/page.txt", "dropped", "concatenation")
    ]
    clean_stage = report["stages"]["clean"]
    assert clean_stage["removals"][f"{NAME}/shared-paragraph"] == 10
    assert clean_stage["dropped"] == {"concatenation": 1}

    report = run()  # without --add: off
    assert len(read_jsonl(out / "documents.jsonl")) == 11
    assert not any(key.startswith(NAME) for key in report["stages"]["clean"]["removals"])


def test_cli_options_on_a_jsonl_dump(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    records = [{"id": ident, "text": text(*body)} for ident, body in syndicated(5).items()]
    dump.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    out = tmp_path / "out"

    def texts(*options: str) -> list[str]:
        return cleaned_texts(dump, f"whitespace,{NAME}", out, *options)

    assert texts() == [r["text"] for r in records]  # five pages: not widespread
    assert texts("-s", f"{NAME}.min_documents=5") == [text(*STORIES[n]) for n in range(5)]


def test_explain_shows_the_removals_and_the_drop(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    bodies = {**syndicated(10), "a+b": [*STORIES[0], *STORIES[1]]}
    records = [{"id": ident, "text": text(*body)} for ident, body in bodies.items()]
    dump.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    config = tmp_path / "pipeline.toml"
    config.write_text(f'[clean]\ncomponents = ["whitespace", "{NAME}"]\n', encoding="utf-8")
    explain = ["explain", "--config", str(config), str(dump)]
    result = run_cli(make_test_pipeline(), [*explain, "--no-color", "--id", "s3"])
    assert result.exit_code == 0, result.output
    assert f"- {NOTICE}  ← {NAME}/shared-paragraph" in result.output
    assert (
        "dropped (concatenation by shared-paragraphs)"
        in run_cli(make_test_pipeline(), [*explain, "--no-color", "--id", "a+b"]).output
    )
    dropped = orjson.loads(
        run_cli(make_test_pipeline(), [*explain, "--json", "--id", "a+b"]).output
    )
    assert dropped["fate"] == "dropped" and dropped["reason"] == "concatenation"
    assert dropped["dropped_by"] == NAME


# -- properties -------------------------------------------------------------------------------

POOL = [paragraph for number in range(5) for paragraph in STORIES[number]]
FURNITURE = [NOTICE, PARTNER, "Advertisement", "Share this story"]


@st.composite
def corpora(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    """(id, paragraphs) for documents drawn from a few stories, notices and page furniture."""
    documents = []
    for number in range(draw(st.integers(min_value=1, max_value=12))):
        body = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
        furniture = draw(st.lists(st.sampled_from(FURNITURE), max_size=2, unique=True))
        documents.append((f"d{number}", draw(st.permutations(body + furniture))))
    if len(documents) >= 2 and draw(st.booleans()):  # a page made of two others
        first, second = draw(st.lists(st.sampled_from(documents), min_size=2, max_size=2))
        documents.append(("joined", first[1] + second[1]))
    return documents


def build(documents: Sequence[tuple[str, list[str]]]) -> list[Document]:
    return [Document(ident, text(*body)) for ident, body in documents]


def counted(paragraph: str) -> bool:
    return len(block_key(paragraph)) >= 40


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(corpora(), st.randoms(use_true_random=False), st.sampled_from([2, 3, 10]))
def test_order_does_not_matter_and_no_paragraph_is_lost(
    documents: list[tuple[str, list[str]]], random: Any, min_documents: int
) -> None:
    shuffled = list(documents)
    random.shuffle(shuffled)
    fitted, refitted = SharedParagraphCleaner(), SharedParagraphCleaner()
    fitted.fit(build(documents))
    refitted.fit(build(shuffled))
    assert pickle.dumps(fitted) == pickle.dumps(refitted)
    result = clean(build(documents), min_documents=min_documents)
    again = clean(build(shuffled), min_documents=min_documents)
    assert {k: d.to_dict() for k, d in result.items()} == {k: d.to_dict() for k, d in again.items()}
    holders = Counter(key for _, body in documents for key in {block_key(p) for p in body})
    kept_keys = {block_key(p) for d in result.values() if d.kept for p in blocks(d)}
    for ident, body in documents:
        document = result[ident]
        if not document.kept:
            # Dropped only as a concatenation, and every paragraph it had that
            # rule 1 leaves alone is still in a kept document.
            assert document.reason == "concatenation" and document.removals == []
            rare = [p for p in body if counted(p) and holders[block_key(p)] < min_documents]
            assert all(block_key(p) in kept_keys for p in rare)
            continue
        kept = blocks(document)
        assert kept and all(kept), "a document is never emptied"
        assert all(
            r.component == NAME and r.reason == "shared-paragraph" for r in document.removals
        )
        assert sorted(kept + [r.text for r in document.removals]) == sorted(body)
        assert all(counted(r.text) for r in document.removals)
        iterator = iter(body)
        assert all(paragraph in iterator for paragraph in kept), "kept paragraphs stay in order"

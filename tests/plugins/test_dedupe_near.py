from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_stories import STORIES, article, doc

from thresher import (
    ConfigError,
    Document,
    Fate,
)
from thresher.cli import make_cli
from thresher.testing import make_test_pipeline, read_jsonl, run_cli, run_stage
from thresher_plugins.dedupe_near import NearDeduper


def dedupe(documents: list[Document], components=("near",), **options: object) -> list[Document]:
    return run_stage("dedupe", documents, components, {"near": options})


def fates(result: list[Document]) -> dict[str, tuple[Fate, str | None, tuple[str, ...]]]:
    return {d.id: (d.fate, d.duplicate_of, tuple(d.duplicates)) for d in result}


def test_a_copy_missing_a_paragraph_and_a_reworded_one_is_absorbed_by_the_fuller_copy() -> None:
    result = fates(
        dedupe(
            [
                doc("trimmed", article(0, drop=4, reword=1)),
                doc("full", article(0)),
                doc("other", article(1)),
            ]
        )
    )
    assert result == {
        "trimmed": (Fate.DUPLICATE, "full", ()),
        "full": (Fate.KEPT, None, ("trimmed",)),
        "other": (Fate.KEPT, None, ()),
    }


def test_stories_sharing_a_quote_and_names_are_not_merged() -> None:
    quote = (
        '"We will not accept a deal that leaves the port empty every winter," the mayor '
        "of Velmora said on Tuesday."
    )
    first = "\n\n".join([quote, *STORIES[0][:3]])
    second = "\n\n".join([quote, *STORIES[3][:3]])
    assert all(d.kept for d in dedupe([doc("a", first), doc("b", second)]))


def test_a_pair_below_the_threshold_is_kept_even_when_lsh_proposes_it() -> None:
    # Three of six paragraphs shared: Jaccard about 0.4, a plausible LSH
    # candidate at a low tuning, but verification keeps the pair apart.
    half = "\n\n".join(STORIES[0][:3] + STORIES[2][:3])
    result = dedupe([doc("a", article(0)), doc("b", half)], lsh_threshold=0.2)
    assert all(d.kept for d in result)


def test_the_threshold_decides() -> None:
    pair = [doc("a", article(2)), doc("b", article(2, drop=0, reword=3))]
    assert [d.kept for d in dedupe(pair, threshold=0.95)] == [True, True]
    assert sorted(d.kept for d in dedupe(pair, threshold=0.6)) == [False, True]


def test_containment_finds_an_article_inside_a_longer_page() -> None:
    page = "\n\n".join([*STORIES[0], *STORIES[1], *STORIES[2]])
    documents = [doc("page", page), doc("story", article(1))]
    assert all(d.kept for d in dedupe(documents))  # Jaccard about a third
    result = {d.id: d for d in dedupe(documents, containment=0.9)}
    assert result["story"].duplicate_of == "page"
    assert result["page"].duplicates == ["story"]


def test_the_keeper_policy_is_an_option() -> None:
    def documents() -> list[Document]:
        return [
            doc("late", article(3), date="2026-03-02"),
            doc("early", article(3, drop=5), date="2026-03-01"),
        ]

    assert fates(dedupe(documents()))["early"][1] == "late"
    assert fates(dedupe(documents(), keep="earliest"))["late"][1] == "early"


def test_an_unknown_keeper_criterion_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"unknown keeper criterion 'newest'.*earliest"):
        dedupe([doc("a", "text")], keep="newest")


def test_raw_text_counts_what_cleaning_removed() -> None:
    first, second = doc("a", article(1)), doc("b", article(1, reword=2))
    for number, document in enumerate((first, second)):
        # each site's own menu of 400 links, as long as the article
        menu = " | ".join(f"Section {number}-{link}" for link in range(400))
        document.record_removal("boilerplate", "nav", menu)
    assert sorted(d.kept for d in dedupe([first, second])) == [False, True]
    copies = [doc(d.id, d.text) for d in (first, second)]
    for copy, original in zip(copies, (first, second), strict=True):
        copy.removals = list(original.removals)
    assert all(d.kept for d in dedupe(copies, text="raw"))


def test_documents_without_words_and_rejected_ones_pass_through() -> None:
    dropped = doc("x", article(0))
    dropped.drop("empty")
    result = dedupe([dropped, doc("y", article(0)), doc("z", "  ... !!! "), doc("w", "")])
    assert [(d.id, d.fate) for d in result] == [
        ("x", Fate.DROPPED),
        ("y", Fate.KEPT),
        ("z", Fate.KEPT),
        ("w", Fate.KEPT),
    ]


def test_exact_copies_follow_their_survivor_when_it_is_absorbed() -> None:
    result = fates(
        dedupe(
            [
                doc("copy-1", article(2, drop=1)),
                doc("copy-2", article(2, drop=1)),
                doc("full", article(2)),
            ],
            components=("exact", "near"),
        )
    )
    # exact: copy-2 into copy-1 (id tie-break); near: copy-1 into full.
    assert result == {
        "copy-1": (Fate.DUPLICATE, "full", ()),
        "copy-2": (Fate.DUPLICATE, "full", ()),
        "full": (Fate.KEPT, None, ("copy-1", "copy-2")),
    }


def test_a_very_long_document_and_its_copy_are_one_cluster() -> None:
    long_text = "\n\n".join(
        f"{paragraph} (part {number})"
        for number in range(600)
        for paragraph in STORIES[number % 4][:2]
    )
    result = fates(dedupe([doc("a", long_text), doc("b", long_text + "\n\nOne more line.")]))
    assert result["a"] == (Fate.DUPLICATE, "b", ())


def test_options_are_validated() -> None:
    for options in ({"threshold": 1.5}, {"containment": -1.0}, {"ngram": 0}, {"num_perm": 1}):
        with pytest.raises(ValueError):
            NearDeduper(**options)


# -- determinism --------------------------------------------------------------
EDITS = st.tuples(
    st.integers(0, 3),  # story
    st.sampled_from(["none", "drop", "reword"]),
    st.integers(0, 5),  # which paragraph
)


def jaccard_of_texts(a: str, b: str, ngram: int = 5) -> float:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.sub(r"[\W_]+", " ", text.casefold()).split()
        return {tuple(words[i : i + ngram]) for i in range(len(words) - ngram + 1)}

    first, second = shingles(a), shingles(b)
    return len(first & second) / len(first | second)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_same_documents_in_any_order_give_the_same_clusters(edits, random) -> None:
    texts = {
        f"d{n:02d}": article(
            story, paragraph if edit == "drop" else None, paragraph if edit == "reword" else None
        )
        for n, (story, edit, paragraph) in enumerate(edits)
    }
    shuffled = list(texts)
    random.shuffle(shuffled)
    first = fates(dedupe([doc(i, texts[i]) for i in texts]))
    second = fates(dedupe([doc(i, texts[i]) for i in shuffled]))
    assert first == second

    def cluster_of(identifier: str) -> str:
        fate, survivor, _ = first[identifier]
        return survivor if fate is Fate.DUPLICATE else identifier

    # Never a merge without a chain of pairs above the threshold (brute force) ...
    linked = {i: {i} for i in texts}
    for a in texts:
        for b in texts:
            if a < b and jaccard_of_texts(texts[a], texts[b]) >= 0.7:
                merged = linked[a] | linked[b]
                for member in merged:
                    linked[member] = merged
    for identifier in texts:
        assert cluster_of(identifier) in linked[identifier]
    # ... and clear copies are always found.
    for a in texts:
        for b in texts:
            if jaccard_of_texts(texts[a], texts[b]) >= 0.8:
                assert cluster_of(a) == cluster_of(b)


# -- the command line and clusters.jsonl ---------------------------------------
def write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "port-full.txt").write_text(article(0), encoding="utf-8")
    (folder / "port-trimmed.txt").write_text(article(0, drop=2), encoding="utf-8")
    (folder / "port-copy.txt").write_text(article(0, drop=2), encoding="utf-8")
    (folder / "battery.txt").write_text(article(1), encoding="utf-8")


def test_a_cli_run_writes_clusters_with_similarity_and_why_the_survivor_won(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = run_cli(
        make_test_pipeline(),
        ["load", str(tmp_path / "in"), "dedupe", "export", "-f", "jsonl", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    kept = {d["id"]: d["duplicates"] for d in read_jsonl(out / "documents.jsonl")}
    assert kept == {"port-full.txt": ["port-copy.txt", "port-trimmed.txt"], "battery.txt": []}
    rejected = {d["id"]: d["duplicate_of"] for d in read_jsonl(out / "rejected.jsonl")}
    assert rejected == {"port-copy.txt": "port-full.txt", "port-trimmed.txt": "port-full.txt"}
    clusters = {c["deduper"]: c for c in read_jsonl(out / "clusters.jsonl")}
    assert clusters["exact"]["survivor"] == "port-copy.txt"
    near = clusters["near"]
    assert near["survivor"] == "port-full.txt"
    (member,) = near["members"]
    assert member["id"] == "port-copy.txt" and member["measure"] == "jaccard"
    assert 0.7 <= member["similarity"] < 1.0
    assert member["lost_on"] == {
        "criterion": "longest",
        "survivor": len(article(0)),
        "member": len(article(0, drop=2)),
    }
    assert near["settings"]["threshold"] == 0.7
    report = orjson.loads((out / "report.json").read_bytes())
    assert report["documents"]["clusters"] == 2
    assert (report["stages"]["dedupe"]["in"], report["stages"]["dedupe"]["out"]) == (4, 2)


def test_clusters_are_not_written_when_the_run_fails(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    result = run_cli(
        make_test_pipeline(),
        [
            "load",
            str(tmp_path / "in"),
            "dedupe",
            "-s",
            "near.threshold=2",
            "export",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code != 0
    assert not (out / "clusters.jsonl").exists()


def test_explain_follows_a_duplicate_through_every_cluster_to_its_survivor(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    pipeline = make_test_pipeline()
    run_cli(pipeline, ["load", str(tmp_path / "in"), "dedupe", "export", "-o", str(out)])
    shown = run_cli(pipeline, ["explain", str(out), "--id", "port-trimmed.txt", "--no-color"])
    assert shown.exit_code == 0, shown.output
    lines = [line.strip() for line in shown.output.splitlines()]
    # the exact copy first, then the near copy its survivor was absorbed as
    exact = "- port-trimmed.txt: exact copy 1.00 with port-copy.txt, which won on the smallest id"
    assert exact in lines
    near = next(line for line in lines if line.startswith("- port-copy.txt: jaccard"))
    assert near.endswith(
        f"with port-full.txt, which won on the longest text "
        f"({len(article(0)):,} against {len(article(0, drop=2)):,})"
    )
    assert lines.index(near) > lines.index(exact)
    as_json = run_cli(pipeline, ["explain", str(out / "clusters.jsonl"), "--json"])
    assert [orjson.loads(line)["deduper"] for line in as_json.output.splitlines()] == [
        "exact",
        "near",
    ]
    alone = CliRunner().invoke(make_cli(pipeline), ["explain", str(out), "--id", "battery.txt"])
    assert alone.exit_code == 2
    assert "no cluster" in alone.output and "battery.txt" in alone.output


def test_dedupe_threshold_and_index_shortcuts_set_the_near_options(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in")
    strict = run_cli(
        make_test_pipeline(),
        ["load", str(tmp_path / "in"), "dedupe", "--threshold", "0.95",
         "--index", str(tmp_path / "seen.sqlite"), "export", "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert strict.exit_code == 0, strict.output
    kept = {d["id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    assert kept == {"port-full.txt", "port-copy.txt", "battery.txt"}  # only the exact copy went
    assert (tmp_path / "seen.sqlite").is_file()
    unusable = CliRunner().invoke(
        make_cli(make_test_pipeline()),
        ["load", str(tmp_path / "in"), "dedupe", "--only", "exact", "--index", "x.sqlite"],
    )
    assert unusable.exit_code == 2
    assert "--index: no selected dedupe component has that option" in unusable.output

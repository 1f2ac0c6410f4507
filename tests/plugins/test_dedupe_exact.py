from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher import Document, Fate, Source
from thresher.testing import run_stage


def dedupe(documents, normalization: str = "words") -> list[Document]:
    return run_stage("dedupe", documents, ["exact"], {"exact": {"normalization": normalization}})


def doc(identifier: str, text: str, **meta) -> Document:
    return Document(id=identifier, text=text, source=Source(f"{identifier}.txt"), meta=meta)


def test_copies_differing_in_case_spacing_and_punctuation_are_one_document() -> None:
    result = dedupe(
        [
            doc("a", "The port strike enters its second week."),
            doc("b", "THE  PORT strike — enters its second week"),
            doc("c", "A different story."),
        ]
    )
    fates = {d.id: d.fate for d in result}
    # one cluster {a, b}; the policy keeps the longer text (b), whatever the order
    assert fates == {"a": Fate.DUPLICATE, "b": Fate.KEPT, "c": Fate.KEPT}
    assert next(d for d in result if d.id == "b").duplicates == ["a"]


def test_whitespace_normalization_keeps_punctuation_differences_apart() -> None:
    result = dedupe([doc("a", "Rates rise."), doc("b", "Rates  rise!")], normalization="whitespace")
    assert all(d.kept for d in result)


def test_the_survivor_is_chosen_by_policy_not_by_order() -> None:
    bare = doc("a", "Same text here.")
    rich = doc("z", "Same text here.", title="Headline", date="2026-01-02")
    for order in ([bare, rich], [rich, bare]):
        result = {d.id: d for d in dedupe([doc(d.id, d.text, **d.meta) for d in order])}
        assert result["z"].kept and result["z"].duplicates == ["a"]
        assert result["a"].duplicate_of == "z"


def test_documents_already_rejected_pass_through_untouched() -> None:
    dropped = doc("x", "Same text here.")
    dropped.drop("empty")
    result = dedupe([dropped, doc("y", "Same text here.")])
    assert [d.fate for d in result] == [Fate.DROPPED, Fate.KEPT]
    assert result[1].duplicates == []


TEXTS = st.sampled_from(["alpha beta", "Alpha, beta!", "gamma", "delta epsilon", "GAMMA"])


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_same_documents_in_any_order_give_the_same_clusters(texts, random) -> None:
    documents = [doc(f"d{n:02d}", text) for n, text in enumerate(texts)]
    shuffled = documents[:]
    random.shuffle(shuffled)

    def outcome(items):
        result = dedupe([doc(d.id, d.text) for d in items])
        return {d.id: (d.fate, d.duplicate_of, tuple(d.duplicates)) for d in result}

    first, second = outcome(documents), outcome(shuffled)
    assert first == second
    survivors = [d for d, (fate, _, _) in first.items() if fate is Fate.KEPT]
    normalized = {" ".join(t.casefold().replace(",", "").replace("!", "").split()) for t in texts}
    assert len(survivors) == len(normalized)
    absorbed = sum(len(members) for _, _, members in first.values())
    assert absorbed == len(texts) - len(survivors)

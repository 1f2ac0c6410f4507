"""The accounting invariant, as a property: any mix of good and bad inputs is fully accounted for."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import Pipeline

GOOD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=300
)


@st.composite
def input_file(draw):
    kind = draw(st.sampled_from(["text", "empty", "binary", "latin1", "gzip", "jsonl", "json"]))
    if kind == "text":
        return ".txt", draw(GOOD_TEXT).encode("utf-8"), 1
    if kind == "empty":
        return ".txt", draw(st.sampled_from([b"", b"  \n\n "])), 1
    if kind == "binary":
        return ".bin", b"\x00\x01\x02PK" + draw(st.binary(min_size=1, max_size=200)), 1
    if kind == "latin1":
        return ".txt", draw(GOOD_TEXT).encode("latin-1", "replace") + b"\xe9\xff", 1
    if kind == "gzip":
        return ".txt.gz", gzip.compress(draw(GOOD_TEXT).encode("utf-8")), 1
    if kind == "json":
        texts = draw(st.lists(GOOD_TEXT, min_size=0, max_size=4))
        return ".json", json.dumps([{"text": t} for t in texts]).encode(), max(len(texts), 0)
    lines = draw(
        st.lists(
            st.one_of(
                GOOD_TEXT.map(lambda t: orjson.dumps({"text": t})),
                st.just(b'{"text": "unterminated'),
                st.just(b'{"title": "no text"}'),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return ".jsonl", b"\n".join(lines) + b"\n", len(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(input_file(), min_size=1, max_size=8))
def test_every_input_document_is_accounted_for(files) -> None:
    pipeline = Pipeline(entrypoints=False)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory, "in")
        root.mkdir()
        expected = 0
        for number, (suffix, content, documents) in enumerate(files):
            (root / f"input-{number}{suffix}").write_bytes(content)
            # an empty .json array holds no document; a file with nothing at all is reported as one
            expected += documents if suffix != ".json" else max(documents, 0)
        out = Path(directory, "out")
        report = pipeline.run([str(root)], output=out, formats=["jsonl"])
        exported = (out / "documents.jsonl").read_bytes().splitlines()
        rejected = (out / "rejected.jsonl").read_bytes().splitlines()
    assert report.status == "completed"
    assert report.balanced, report.to_dict()["documents"]
    assert report.loaded == expected
    assert len(exported) + len(rejected) == report.loaded
    assert report.exported == len(exported)

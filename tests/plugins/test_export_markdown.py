"""The ``markdown`` exporter: pages and index, digest, safe file names, escaping, atomicity.

Rendered output is checked with markdown-it-py (CommonMark; installed with rich),
so escaping is judged by what a Markdown viewer would actually show.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import thresher
from thresher import Document, Pipeline, Source
from thresher.testing import feed

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
DEVICES = {f"{device}{n}" for device in ("com", "lpt") for n in range(10)}
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *DEVICES}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(entrypoints=False)


def export(pipeline: Pipeline, documents: list[Document], folder: Path, **options) -> list[Path]:
    exporter = pipeline.exporters(["markdown"], {"markdown": options} if options else None)[0]
    sink = exporter.open(folder, context=None)
    for document in documents:
        sink.write(document)
    return sink.close()


def index_links(folder: Path) -> list[str]:
    return re.findall(r"\]\(<([^>]+)>\)", (folder / "index.md").read_text("utf-8"))


def html(markdown: str) -> str:
    return MARKDOWN.render(markdown)


def headings(markdown: str) -> list[tuple[str, str]]:
    """(tag, text) of every heading the Markdown renders to."""
    tokens = MARKDOWN.parse(markdown)
    return [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def rendered_text(inline_markdown: str) -> str:
    """What a viewer shows for one line of inline Markdown, and that it is plain text."""
    (paragraph,) = [t for t in MARKDOWN.parse(inline_markdown) if t.type == "inline"]
    kinds = {child.type for child in paragraph.children or []}
    assert kinds <= {"text", "softbreak"}, kinds
    return "".join(c.content for c in paragraph.children or [])


def rich_document() -> Document:
    return Document(
        id="news/storm-1",
        text="First paragraph about the storm.\n\nSecond paragraph, quoting the mayor.",
        source=Source("dump.jsonl", "jsonl", position=3),
        meta={
            "title": "Storm hits the coast",
            "date": "2025-10-27",
            "publisher": "The Daily",
            "authors": ["A. Writer", "B. Editor"],  # the metadata extractor's list
            "language": "en",
            "url": "https://example.org/storm?id=1",
        },
        fields={
            "entities": [
                {"text": "Marie Curie", "label": "PER", "roles": ["Mayor of Brest", "physicist"]},
                {"text": "Marie Curie", "label": "PER", "start": 40},
                {"text": "Jean Dupont", "label": "PERSON"},
                {"text": "ACME", "label": "ORG"},
                {"text": "Brest", "label": "LOC"},
                {"text": "France", "label": "GPE"},
                {"text": "Tuesday", "label": "DATE"},
            ],
            "quantities": [
                {"text": "120 km/h", "value": 120},
                {"text": "3 days"},
                {"text": "2%", "kind": "percent", "of": "GDP"},
            ],
            "quotes": [{"text": "Stay at home.", "speaker": "Marie Curie"}],
        },
        duplicates=["mirror/storm-1"],
    )


def test_pages_layout_writes_one_page_per_document_and_an_index(pipeline, tmp_path):
    documents = [rich_document(), Document(id="plain", text="Only text.")]

    written = export(pipeline, documents, tmp_path)

    folder = tmp_path / "markdown"
    assert written == [folder]
    links = index_links(folder)
    assert len(links) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted([*links, "index.md"])
    index = (folder / "index.md").read_text("utf-8")
    assert index.index("Storm hits the coast") < index.index("plain")
    assert headings((folder / links[0]).read_text("utf-8"))[0] == ("h1", "Storm hits the coast")
    assert headings((folder / links[1]).read_text("utf-8"))[0] == ("h1", "plain")


def test_page_has_facts_body_and_grouped_sections(pipeline, tmp_path):
    export(pipeline, [rich_document()], tmp_path)
    page = (tmp_path / "markdown" / index_links(tmp_path / "markdown")[0]).read_text("utf-8")

    assert [h for _, h in headings(page)] == [
        "Storm hits the coast",
        "People",
        "Organisations",
        "Places",
        "Other entities",
        "Figures",
        "Quotes",
    ]
    for fact in (
        "**Date:** 2025-10-27",
        "**Publisher:** The Daily",
        "**Author:** A. Writer, B. Editor",
        "**Language:** en",
        "**URL:** <https://example.org/storm?id=1>",
        "**Source:** dump.jsonl:3",
        "**Duplicates absorbed:** 1 (mirror/storm-1)",
    ):
        assert f"- {fact}\n" in page
    assert "First paragraph about the storm.\n\nSecond paragraph, quoting the mayor." in page
    sections = {name: body for name, body in re.findall(r"^## (.+)\n\n((?:.+\n?)+)", page, re.M)}
    # roles say who each person is; a person without any shows the name alone
    assert sections["People"] == "- Marie Curie (Mayor of Brest, physicist)\n- Jean Dupont\n"
    assert sections["Organisations"] == "- ACME\n"
    assert sections["Places"] == "- Brest\n- France\n"
    assert sections["Other entities"] == "- Tuesday (DATE)\n"
    assert sections["Figures"] == "- 120 km/h\n- 3 days\n- 2% of GDP\n"
    assert sections["Quotes"] == "> Stay at home.\n>\n> — Marie Curie\n"
    assert '<a href="https://example.org/storm?id=1">' in html(page)
    assert "<blockquote>" in html(page)


def test_hostile_roles_stay_plain_text(pipeline, tmp_path):
    entity = {"text": "Dana Whitfield", "label": "PER", "roles": ["[chief](javascript:x) *boss*"]}
    document = Document(id="a", text="Body.", fields={"entities": [entity]})
    export(pipeline, [document], tmp_path)
    page = (tmp_path / "markdown" / index_links(tmp_path / "markdown")[0]).read_text("utf-8")
    (line,) = [line for line in page.splitlines() if "Dana Whitfield" in line]
    assert rendered_text(line[2:]) == "Dana Whitfield ([chief](javascript:x) *boss*)"


def test_empty_sections_and_facts_are_left_out(pipeline, tmp_path):
    export(pipeline, [Document(id="plain", text="Only text.")], tmp_path)
    page = (tmp_path / "markdown" / index_links(tmp_path / "markdown")[0]).read_text("utf-8")

    assert page == "# plain\n\n- **Source:** \\<memory\\>\n\nOnly text.\n"


HOSTILE_IDS = [
    "../../etc/passwd",
    "a/b",
    "a\\b",
    "a:b",
    "a b",
    "\n",
    "",
    "con",
    "CON",
    "nul.txt",
    ".hidden",
    "..",
    "x" * 500,
    "é" * 500,
    "\x00\x1f\x7f",
    "/",
]


def test_hostile_ids_get_unique_safe_page_names_inside_the_folder(pipeline, tmp_path):
    documents = [Document(id=i, text=f"Body {n}.") for n, i in enumerate(HOSTILE_IDS)]

    export(pipeline, documents, tmp_path)

    folder = tmp_path / "markdown"
    links = index_links(folder)
    pages = sorted(p for p in folder.iterdir() if p.name != "index.md")
    assert len(links) == len(set(links)) == len(pages) == len(HOSTILE_IDS)
    assert sorted(links) == sorted(p.name for p in pages)
    assert {p.parent for p in pages} == {folder}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["markdown"]
    for page in pages:
        name = page.name
        assert page.resolve().parent == folder.resolve()
        assert not name.startswith((".", "-"))  # hidden, or read as a command-line option
        assert ".." not in name and "/" not in name and "\\" not in name
        assert not any(unicodedata.category(c).startswith("C") for c in name)
        assert len(name.encode("utf-8")) <= 120
        assert name.split(".")[0].lower() not in WINDOWS_RESERVED
    # each page belongs to its own document
    bodies = sorted(p.read_text("utf-8").rstrip("\n").rsplit("\n", 1)[-1] for p in pages)
    assert bodies == sorted(f"Body {n}." for n in range(len(HOSTILE_IDS)))


def test_page_names_are_stable_and_readable(pipeline, tmp_path):
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir()
    second.mkdir()
    documents = [Document(id="news/storm-1", text="a"), Document(id="a/b", text="b")]

    export(pipeline, documents, first)
    export(pipeline, list(reversed(documents)), second)

    assert sorted(index_links(first / "markdown")) == sorted(index_links(second / "markdown"))
    assert index_links(first / "markdown")[0].startswith("news-storm-1-")


def test_ids_that_sanitize_alike_and_even_equal_ids_get_distinct_pages(pipeline, tmp_path):
    documents = [
        Document(id="a/b", text="one"),
        Document(id="a:b", text="two"),
        Document(id="a b", text="three"),
        Document(id="a/b", text="four"),  # the same id again must not overwrite "one"
    ]

    export(pipeline, documents, tmp_path)

    folder = tmp_path / "markdown"
    links = index_links(folder)
    assert len(set(links)) == 4
    texts = [(folder / link).read_text("utf-8").rstrip("\n").rsplit("\n", 1)[-1] for link in links]
    assert texts == ["one", "two", "three", "four"]


def test_hostile_title_cannot_inject_links_or_structure(pipeline, tmp_path):
    title = "# [x](javascript:alert(1)) <img src=x onerror=alert(1)> *bold* `code` &amp; ~~s~~ #"
    document = Document(
        id="evil",
        text="Body.",
        meta={
            "title": title + "\n\n## Injected heading",
            "publisher": "[pub](javascript:alert(2))\n- fake fact",
            "url": "javascript:alert(3)",
        },
    )

    export(pipeline, [document], tmp_path)

    folder = tmp_path / "markdown"
    page = (folder / index_links(folder)[0]).read_text("utf-8")
    rendered = html(page)
    assert headings(page) == [("h1", headings(page)[0][1])]
    assert rendered_text(page.splitlines()[0][2:]) == title + " ## Injected heading"
    assert "<a " not in rendered and "<img" not in rendered
    assert "<code>" not in rendered and "<s>" not in rendered and "<em>" not in rendered
    # exactly the three genuine facts: publisher, URL, source; nothing injected
    assert rendered.count("<li>") == rendered.count("<strong>") == 3
    # only plain http(s) URLs become autolinks, whatever a renderer's own link policy
    assert "<javascript:" not in page and "javascript:alert(3)" in rendered
    index_html = html((folder / "index.md").read_text("utf-8"))
    assert index_html.count("<a ") == 1 and "javascript" not in index_html.split('"')[1]


def test_hostile_body_stays_a_plain_paragraph(pipeline, tmp_path):
    text = (
        "## People\n- not a list\n1. not ordered\n> not a quote\n    not code\n===\n"
        "<script>alert(1)</script> [link](javascript:x) | a | b |\n|---|---|\n```\n\n"
        "    indented, not code\n\n   - indented, not a list\n\n---"
    )
    document = Document(id="evil", text=text, source=Source("evil.txt"))
    export(pipeline, [document], tmp_path, layout="digest")

    page = (tmp_path / "documents.md").read_text("utf-8")
    _, body = page.split("- **Source:** evil.txt\n\n")
    rendered = html(body)

    assert [h for _, h in headings(page)] == ["Documents", "evil"]
    assert [t.type for t in MARKDOWN.parse(body)] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ] * 4
    for tag in ("<ul>", "<ol>", "<blockquote>", "<pre>", "<script>", "<a ", "<table>", "<hr"):
        assert tag not in rendered, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    ).filter(lambda t: t.strip())
)
def test_any_title_renders_literally(title):
    pipeline = Pipeline(entrypoints=False)
    with tempfile.TemporaryDirectory() as folder:
        export(pipeline, [Document(id="t", text="x", meta={"title": title})], Path(folder))
        page = (Path(folder) / "markdown" / index_links(Path(folder) / "markdown")[0]).read_text()

    assert [t.tag for t in MARKDOWN.parse(page) if t.type == "heading_open"] == ["h1"]
    first_line = page.splitlines()[0]
    assert first_line.startswith("# ")
    # Parsed as the heading it is: alone, "-" or "1." would be a list item.
    assert rendered_text(first_line) == " ".join(title.split())


@given(identifier=st.text(max_size=300))
@settings(max_examples=80, deadline=None)
def test_any_id_gets_a_safe_page_name(identifier):
    pipeline = Pipeline(entrypoints=False)
    with tempfile.TemporaryDirectory() as folder:
        export(pipeline, [Document(id=identifier, text="x")], Path(folder))
        pages = [p for p in (Path(folder) / "markdown").iterdir() if p.name != "index.md"]

    (page,) = pages
    assert not page.name.startswith((".", "-")) and ".." not in page.name
    assert not any(unicodedata.category(c).startswith("C") for c in page.name)
    assert len(page.name.encode("utf-8")) <= 120


def test_digest_layout_writes_one_file_with_every_document(pipeline, tmp_path):
    documents = [rich_document(), Document(id="plain", text="Only text.")]

    written = export(pipeline, documents, tmp_path, layout="digest")

    path = tmp_path / "documents.md"
    assert written == [path]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.md"]
    page = path.read_text("utf-8")
    assert [(tag, text) for tag, text in headings(page) if tag != "h3"] == [
        ("h1", "Documents"),
        ("h2", "Storm hits the coast"),
        ("h2", "plain"),
    ]
    assert ("h3", "People") in headings(page)
    assert html(page).count("<hr />") == 1


def test_digest_without_documents_says_so(pipeline, tmp_path):
    export(pipeline, [], tmp_path, layout="digest")

    assert "No documents" in (tmp_path / "documents.md").read_text("utf-8")


def test_unknown_layout_is_a_config_error(pipeline):
    with pytest.raises(thresher.ConfigError, match="layout"):
        pipeline.exporters(["markdown"], {"markdown": {"layout": "book"}})


@pytest.mark.parametrize("layout", ["pages", "digest"])
def test_nothing_is_visible_before_close_and_abort_leaves_nothing(pipeline, tmp_path, layout):
    exporter = pipeline.exporters(["markdown"], {"markdown": {"layout": layout}})[0]
    sink = exporter.open(tmp_path, context=None)
    sink.write(rich_document())

    assert not (tmp_path / "markdown").exists() and not (tmp_path / "documents.md").exists()
    sink.abort()

    assert list(tmp_path.iterdir()) == []


def test_a_new_export_replaces_the_previous_pages(pipeline, tmp_path):
    export(pipeline, [Document(id="old", text="old")], tmp_path)
    export(pipeline, [Document(id="new", text="new")], tmp_path)

    folder = tmp_path / "markdown"
    assert len(index_links(folder)) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted([*index_links(folder), "index.md"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["markdown"]


def test_a_run_writes_pages_for_kept_documents(pipeline, tmp_path):
    dropped = Document(id="gone", text="")
    dropped.drop("empty")
    out = tmp_path / "out"

    pipeline.execute(
        [feed([rich_document(), dropped])],
        exporters=pipeline.exporters(["markdown"]),
        output=out,
    )

    assert len(index_links(out / "markdown")) == 1

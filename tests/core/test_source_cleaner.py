"""SourceCleaner: recognising an outlet, and each kind of template rule, on an invented outlet."""

from __future__ import annotations

import pickle
import re
import types
from collections import Counter

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresher import Cleaner, Document, PipelineConfig, Source, SourceCleaner, StageConfig, hookimpl
from thresher.testing import make_test_pipeline


class LanternPost(SourceCleaner):
    """The Lantern Post: an invented outlet with one rule of every kind."""

    publisher = "Lantern Post"
    domains = ("lanternpost.example",)
    markers = (re.compile(r"Read the Lantern Post every morning"),)
    head = (("navigation", r"Skip to content|Home \| World \| Sport"),)
    template = (
        ("advertisement", re.compile(r"ADVERTISEMENT", re.IGNORECASE)),
        ("share", r"Share on (?:Facebook|X)"),
    )
    glued = (("legal", r"© Lantern Post"), ("caption", r"\[Photo: [^\]]+\]"))
    tail = (("newsletter", r"Read the Lantern Post every morning\.?"),)
    after = (("comments", r"© Lantern Post$"),)


LEDE = "The ferry to Kessel Island will run twice a day from Monday, the harbour office said."
SECOND = "Fares stay at 4 crowns; a weekly pass costs 20 crowns."
THIRD = "The island's council had asked for a third crossing in summer."


def paragraphs(*blocks: str) -> str:
    return "\n\n".join(blocks)


def clean(text: str, cleaner: SourceCleaner | None = None, **meta: str) -> Document:
    """Run the cleaner as a pipeline would: only if it applies."""
    cleaner = cleaner or LanternPost()
    document = Document("d", text, meta=dict(meta))
    if cleaner.applies_to(document):
        cleaner.clean(document)
    return document


def removals(document: Document) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in document.removals]


URL = "https://lanternpost.example/2026/ferry"

# -- recognition -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [URL, "https://www.lanternpost.example/a", "http://news.LanternPost.example/b"],
)
def test_recognised_by_its_domain_and_subdomains(url: str) -> None:
    document = Document("d", LEDE, meta={"url": url})
    assert LanternPost().recognise(document) == "url"


@pytest.mark.parametrize(
    "url", ["https://notlanternpost.example/a", "https://lanternpost.example.org/a"]
)
def test_lookalike_domains_are_not_the_outlet(url: str) -> None:
    assert not LanternPost().applies_to(Document("d", LEDE, meta={"url": url}))


def test_recognised_by_a_url_source() -> None:
    document = Document("d", LEDE, source=Source(URL, "warc"))
    assert LanternPost().recognise(document) == "url"


def test_recognised_by_publisher_or_marker() -> None:
    cleaner = LanternPost()
    assert cleaner.recognise(Document("d", LEDE, meta={"publisher": "Lantern Post"})) == "publisher"
    marked = Document("d", paragraphs(LEDE, "Read the Lantern Post every morning."))
    assert cleaner.recognise(marked) == "marker"
    assert cleaner.recognise(Document("d", LEDE, meta={"publisher": "Other Times"})) is None
    assert cleaner.recognise(Document("d", LEDE, meta={"url": "https://other.example/"})) is None


def test_other_pages_are_left_alone_even_with_template_like_text() -> None:
    text = paragraphs("Skip to content", LEDE, "Advertisement")
    document = clean(text)
    assert document.text == text
    assert document.removals == []
    assert "publisher" not in document.meta


def test_clean_leaves_other_pages_alone_even_when_called_directly() -> None:
    # The pipeline asks applies_to() first; clean() must not rely on it.
    text = paragraphs("Skip to content", LEDE, "Advertisement")
    for meta in ({}, {"url": "https://other.example/"}, {"publisher": "Other Times"}):
        document = Document("d", text, meta=dict(meta))
        LanternPost().clean(document)
        assert (document.text, document.removals, document.meta) == (text, [], meta)


def test_fills_a_missing_publisher_and_says_how() -> None:
    assert clean(LEDE, url=URL).meta == {
        "url": URL,
        "publisher": "Lantern Post",
        "publisher_source": "url",
    }
    marked = clean(paragraphs(LEDE, "Read the Lantern Post every morning."))
    assert marked.meta == {"publisher": "Lantern Post", "publisher_source": "marker"}


def test_never_overwrites_a_publisher() -> None:
    document = clean(LEDE, url=URL, publisher="Lantern Wire")
    assert document.meta["publisher"] == "Lantern Wire"
    assert "publisher_source" not in document.meta


# -- the rules ---------------------------------------------------------------------------------


def test_head_blocks_go_only_from_the_top() -> None:
    text = paragraphs("Skip to content", "Home | World | Sport", LEDE, "Skip to content", SECOND)
    document = clean(text, url=URL)
    assert document.text == paragraphs(LEDE, "Skip to content", SECOND)
    assert removals(document) == [
        ("navigation", "Skip to content"),
        ("navigation", "Home | World | Sport"),
    ]


def test_template_blocks_go_anywhere_but_only_whole() -> None:
    mention = "Advertisement revenue at the harbour office fell by a third."
    text = paragraphs(LEDE, "Advertisement", SECOND, mention, "Share on X", THIRD)
    document = clean(text, url=URL)
    assert document.text == paragraphs(LEDE, SECOND, mention, THIRD)
    assert removals(document) == [("advertisement", "Advertisement"), ("share", "Share on X")]


def test_glued_text_goes_from_either_end_of_a_block_only() -> None:
    middle = f"A reader wrote that © Lantern Post should be on every photo. {SECOND}"
    text = paragraphs(f"[Photo: harbour office] {LEDE}", middle, f"{THIRD}© Lantern Post")
    document = clean(text, url=URL)
    assert document.text == paragraphs(LEDE, middle, THIRD)
    assert removals(document) == [
        ("caption", "[Photo: harbour office]"),
        ("legal", "© Lantern Post"),
    ]


def test_a_block_that_is_all_glued_text_is_removed() -> None:
    document = clean(paragraphs(LEDE, "[Photo: the quay] © Lantern Post"), url=URL)
    assert document.text == LEDE
    assert sorted(removals(document)) == [
        ("caption", "[Photo: the quay]"),
        ("legal", "© Lantern Post"),
    ]


def test_tail_goes_from_its_first_block_to_the_end() -> None:
    text = paragraphs(LEDE, "Read the Lantern Post every morning.", "Your e-mail", "Sign me up")
    document = clean(text, url=URL)
    assert document.text == LEDE
    assert removals(document) == [
        ("newsletter", "Read the Lantern Post every morning."),
        ("newsletter", "Your e-mail"),
        ("newsletter", "Sign me up"),
    ]


def test_after_removes_what_follows_the_block_that_ends_the_article() -> None:
    text = paragraphs(LEDE, f"{SECOND}© Lantern Post", "harbourfan", "Finally!", "Mo", "Too late.")
    document = clean(text, url=URL)
    assert document.text == paragraphs(LEDE, SECOND)
    assert removals(document) == [
        ("legal", "© Lantern Post"),
        ("comments", "harbourfan"),
        ("comments", "Finally!"),
        ("comments", "Mo"),
        ("comments", "Too late."),
    ]


def test_text_without_blank_lines_has_one_block_per_line() -> None:
    text = "\n".join(["Skip to content", LEDE, "Share on Facebook", SECOND])
    document = clean(text, url=URL)
    assert document.text == "\n".join([LEDE, SECOND])


def test_untouched_text_stays_byte_identical() -> None:
    text = f"  {LEDE}\n\n\n{SECOND}  \n"
    document = clean(text, url=URL)
    assert document.text == text
    assert document.removals == []


def test_removal_that_exposes_more_template_is_finished_in_one_run() -> None:
    # Stripping the glued credit leaves a block that is whole template.
    document = clean(paragraphs(LEDE, "Advertisement© Lantern Post"), url=URL)
    assert document.text == LEDE
    assert sorted(removals(document)) == [
        ("advertisement", "Advertisement"),
        ("legal", "© Lantern Post"),
    ]


def test_a_page_of_nothing_but_template_is_dropped_as_empty() -> None:
    document = clean(paragraphs("Skip to content", "Advertisement"), url=URL)
    assert document.text == ""
    assert (document.fate.value, document.reason) == ("dropped", "empty")


def test_removals_are_recorded_under_the_cleaners_name() -> None:
    document = clean(paragraphs("Skip to content", LEDE, "Advertisement"), url=URL)
    assert {r.component for r in document.removals} == {"lantern-post"}


# -- declaring an outlet -----------------------------------------------------------------------


def test_name_and_description_come_from_the_publisher() -> None:
    class HarbourGazette(SourceCleaner):
        publisher = "The Harbour Gazette & Post"

    assert HarbourGazette.name == "the-harbour-gazette-post"
    assert HarbourGazette.__doc__ == (
        "Recognise The Harbour Gazette & Post pages and remove their known page template."
    )
    assert HarbourGazette.order == 360
    assert LanternPost.name == "lantern-post"
    assert LanternPost.__doc__ is not None
    assert LanternPost.__doc__.startswith("The Lantern Post")


def test_an_explicit_name_is_kept() -> None:
    class Gazette(SourceCleaner):
        name = "gazette"
        publisher = "Harbour Gazette"

    assert Gazette.name == "gazette"


def test_a_class_without_publisher_is_a_base_for_outlets() -> None:
    class WireTemplate(SourceCleaner):
        template = (("legal", r"All rights reserved\."),)

    class Wire(WireTemplate):
        publisher = "Lantern Wire"
        domains = ("lanternwire.example",)

    assert WireTemplate.name == ""
    document = clean(
        paragraphs(LEDE, "All rights reserved."), Wire(), url="https://lanternwire.example/"
    )
    assert document.text == LEDE
    with pytest.raises(TypeError, match="does not set 'publisher'"):
        WireTemplate().clean(Document("d", LEDE))


def test_an_unknown_reason_is_an_error_when_the_class_is_made() -> None:
    with pytest.raises(ValueError, match=r"Typo\.template: unknown reason 'newsleter'"):

        class Typo(SourceCleaner):
            publisher = "Typo Times"
            template = (("newsleter", r"Subscribe"),)


def test_a_new_reason_can_be_coined_deliberately() -> None:
    class Paywalled(SourceCleaner):
        publisher = "Paywalled Post"
        reasons = SourceCleaner.reasons | {"paywall"}
        domains = ("paywalled.example",)
        tail = (("paywall", r"Subscribe to keep reading"),)

    document = clean(
        paragraphs(LEDE, "Subscribe to keep reading"), Paywalled(), url="https://paywalled.example/"
    )
    assert removals(document) == [("paywall", "Subscribe to keep reading")]


@pytest.mark.parametrize(
    ("attributes", "error", "message"),
    [
        ({"domains": "example.com"}, TypeError, "domains must be a tuple"),
        ({"template": ("legal", r"x")}, TypeError, "expected \\(reason, pattern\\) pairs"),
        ({"template": (("legal", r"(unclosed"),)}, ValueError, "invalid regular expression"),
        ({"markers": (42,)}, TypeError, "expected a regular expression"),
    ],
)
def test_declaration_mistakes_fail_when_the_class_is_made(
    attributes: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        type("Broken", (SourceCleaner,), {"publisher": "Broken News", **attributes})


def test_glued_patterns_keep_their_inline_flags() -> None:
    class Shouty(SourceCleaner):
        publisher = "Shouty News"
        domains = ("shouty.example",)
        glued = (("legal", r"(?i)© shouty news"),)

    document = clean(f"{LEDE} © SHOUTY NEWS", Shouty(), url="https://shouty.example/")
    assert document.text == LEDE


def test_an_attrs_subclass_can_add_options() -> None:
    @attrs.define
    class Configurable(SourceCleaner):
        publisher = "Configurable Courier"
        domains = ("courier.example",)
        template = (("advertisement", r"Advertisement"),)
        keep_ads: bool = False

        def applies_to(self, document: Document) -> bool:
            return not self.keep_ads and super().applies_to(document)

    assert Configurable.option_defaults() == {"keep_ads": False}
    assert Configurable.name == "configurable-courier"
    text = paragraphs(LEDE, "Advertisement")
    assert clean(text, Configurable(), url="https://courier.example/").text == LEDE
    assert clean(text, Configurable(keep_ads=True), url="https://courier.example/").text == text


def test_cleaners_pickle_for_worker_processes() -> None:
    restored = pickle.loads(pickle.dumps(LanternPost()))
    assert clean(paragraphs(LEDE, "Advertisement"), restored, url=URL).text == LEDE


def test_registered_outlet_runs_by_default_in_a_pipeline() -> None:
    plugin = types.ModuleType("lantern")
    plugin.thresher_register_cleaners = hookimpl(lambda: [LanternPost])  # type: ignore[attr-defined]
    pipeline = make_test_pipeline(plugin)
    assert "lantern-post" in pipeline.registry.defaults("clean")

    config = PipelineConfig()
    config.clean = StageConfig(components=["whitespace", "lantern-post"])
    pipeline = make_test_pipeline(plugin, config=config)
    text = "Skip to content\n" + LEDE + "\nShare on Facebook\n" + SECOND
    [document] = pipeline.process([Document("d", text, meta={"url": URL})], stages=["clean"])
    assert document.text == paragraphs(LEDE, SECOND)
    assert document.meta["publisher"] == "Lantern Post"
    assert [r.component for r in document.removals] == ["lantern-post", "lantern-post"]
    assert issubclass(LanternPost, Cleaner)


# -- properties --------------------------------------------------------------------------------

BLOCKS = [
    LEDE,
    SECOND,
    THIRD,
    "Skip to content",
    "Home | World | Sport",
    "Advertisement",
    "Share on X",
    "© Lantern Post",
    f"{SECOND}© Lantern Post",
    f"[Photo: a quay] {THIRD}",
    "Advertisement© Lantern Post",
    "Read the Lantern Post every morning.",
    "harbourfan",
]
BLOCK = (
    st.one_of(
        st.sampled_from(BLOCKS),
        st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=40),
    )
    .map(str.strip)
    .filter(bool)
)


def visible(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=12), st.sampled_from(["\n\n", "\n"]))
def test_cleaning_only_removes_records_everything_and_is_idempotent(
    blocks: list[str], separator: str
) -> None:
    text = separator.join(blocks)
    document = clean(text, url=URL)
    removed = Counter[str]()
    for removal in document.removals:
        assert removal.text and removal.text in text
        removed += visible(removal.text)
    assert visible(document.text) + removed == visible(text)

    again = clean(document.text, url=URL)
    assert again.text == document.text
    assert again.removals == []

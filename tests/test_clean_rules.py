"""Each cleaning rule on its own: input → expected, from tests/fixtures/clean/<rule>.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.canonical import dump_article
from exporter.cleaner import block_rules, clean_text
from exporter.cleaner.blocks import fix_wrapped_headings
from exporter.cleaner.links import fix_reference_links, fix_wrapped_heading_links
from exporter.cleaner.text import TEXT_RULES
from exporter.cleaner.vocab import load_vocab
from tests.fixture_file import read_cases

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


def _whole_page(text: str) -> str:
    """A page through the whole cleaner (the rules that read a page's structure need all of it),
    as front matter and body without the closing newline the fixture format cannot show."""
    return dump_article(clean_text(text).article).removesuffix("\n")


PAGE_RULES = ("read_profile_links", "drop_page_furniture", "fix_page_break_splits", "fix_heading_levels", "read_masthead", "read_footer", "read_tagline", "read_signature", "strip_body_chrome")
RULES = (
    dict(TEXT_RULES)
    | dict(block_rules(load_vocab(), base_url=None))
    | {"fix_reference_links": fix_reference_links, "fix_wrapped_heading_links": fix_wrapped_heading_links}
    | {"fix_wrapped_headings": fix_wrapped_headings}
    | dict.fromkeys(PAGE_RULES, _whole_page)
)

CASES = [
    pytest.param(path.stem, case, id=f"{path.stem}:{case.line}:{case.title}")
    for path in sorted(FIXTURES.glob("*.md"))
    for case in read_cases(path)
]


def test_every_fixture_names_a_rule() -> None:
    assert {p.stem for p in FIXTURES.glob("*.md")} <= set(RULES)


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_rule(rule: str, case) -> None:
    assert RULES[rule](case.input) == case.expected


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_rule_is_idempotent(rule: str, case) -> None:
    once = RULES[rule](case.input)
    assert RULES[rule](once) == once


def test_leaked_url_link_becomes_real_with_base_url() -> None:
    rules = dict(block_rules(load_vocab(), base_url="https://www.example.org/"))
    text = "by [Dennis Ross \\(/experts/dennis-ross\\)](#)"
    assert rules["fix_leaked_url_links"](text) == "by [Dennis Ross](https://www.example.org/experts/dennis-ross)"


def test_relative_links_resolve_or_unwrap() -> None:
    with_base = dict(block_rules(load_vocab(), base_url="https://example.org/news/"))
    without = dict(block_rules(load_vocab(), base_url=None))
    text = "see [the brief](/briefs/1) and [x](https://a.org/)"
    assert with_base["fix_relative_links"](text) == "see [the brief](https://example.org/briefs/1) and [x](https://a.org/)"
    assert without["fix_relative_links"](text) == "see the brief and [x](https://a.org/)"


def test_a_bio_said_twice_is_said_once() -> None:
    from exporter.cleaner.bios import merge_repeated_facts

    pieces = [
        "Jo Doe, a former judge, is a fellow at the Institute for Courts.",
        "Jo Doe is a fellow at the Institute for Courts and author of [Benches](https://example.org/b).",
    ]
    assert merge_repeated_facts(pieces, "Jo Doe") == [
        "Jo Doe, a former judge, is a fellow at the Institute for Courts and author of [Benches](https://example.org/b)."
    ]
    # A piece that only repeats goes; one about something else stays.
    assert merge_repeated_facts([pieces[0], "Jo Doe is a fellow at the Institute for Courts."], "Jo Doe") == [pieces[0]]
    other = ["Jo Doe writes about courts.", "Jo Doe lives in Oslo with two cats and a dog."]
    assert merge_repeated_facts(other, "Jo Doe") == other
    # Another person's words, or a long way to the shared ones: kept as they were.
    far = "Jo Doe, who spent a decade on the bench and then two in the ministry, is a fellow at the Institute for Courts and more."
    assert merge_repeated_facts([pieces[0], far], "Jo Doe") == [pieces[0], far]


def test_profile_links_name_writers() -> None:
    from exporter.cleaner.chrome import profile_link_names

    vocab = load_vocab()
    assert profile_link_names("[Jo Doe](/author/jo-doe/)", vocab) == ("Jo Doe",)
    assert profile_link_names("von [Jo Doe](https://x.example/autoren/jo-doe-1.2), [Al Roe](/autor/al) | 3.3.2025", vocab) == ("Jo Doe", "Al Roe")
    assert profile_link_names("[jdoe](https://blog.example/author/jdoe \"Posts by jdoe\")", vocab) == ("jdoe",)
    assert profile_link_names("[By Jo Doe](/author/jo-doe/)", vocab) == ("Jo Doe",)
    assert profile_link_names("[Jo Doe @jdoe](/people/jo-doe)", vocab) == ("Jo Doe",)
    # not a writer's page, no slug after the folder, a label, a menu item, a list of other pages
    assert profile_link_names("[Jo Doe](/news/jo-doe/)", vocab) is None
    assert profile_link_names("[Authors](/authors/)", vocab) is None
    assert profile_link_names("[View all posts](/author/jo-doe/)", vocab) is None
    assert profile_link_names("* [My Account](/profile/details/)", vocab) is None
    assert profile_link_names("* [Jo Doe](/author/jo)\n* [Al Roe](/author/al)\n* [Mo Poe](/author/mo)\n* [Ed Foe](/author/ed)", vocab) is None


def test_profile_links_printed_beside_the_name() -> None:
    from exporter.cleaner.chrome import profile_link_names

    vocab = load_vocab()
    assert profile_link_names("By [Jo Doe (https://x.example/author/jo-doe)](https://x.example/author/jo-doe) at 6:03 pm", vocab) == ("Jo Doe",)
    assert profile_link_names("[Jo Doe \\(/autor/jo-doe/\\)](#)", vocab) == ("Jo Doe",)
    assert profile_link_names("**Jo Doe** (<https://x.example/people/jo-doe>)", vocab) == ("Jo Doe",)
    assert profile_link_names("[Jo Doe (https://x.example/autor/2260/Jo-](https://x.example/autor/2260/Jo-Doe/)", vocab) == ("Jo Doe",)


def test_profile_links_in_raw_html() -> None:
    from exporter.cleaner.chrome import profile_link_names

    vocab = load_vocab()
    block = '<span class="byline">By <a href="/authors/jo-doe" class="author"\nrel="author"><em>Jo Doe</em></a></span>'
    assert profile_link_names(block, vocab) == ("Jo Doe",)


def test_a_byline_ends_where_an_update_line_run_into_it_starts() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    assert byline_names("by Jo Doe Last updated 04 Jun 2020, originally created 17 Jun 2019", vocab) == ("Jo Doe",)
    assert byline_names("Von Jo Doe Zuletzt aktualisiert am 3. März 2025", vocab) == ("Jo Doe",)
    assert byline_names("By Jo Last", vocab) == ("Jo Last",)


def test_a_sentence_ends_at_its_stop_before_footnote_references() -> None:
    from exporter.cleaner.chrome import is_sentence

    assert is_sentence("The society was founded in 1947.[[12]](https://example.org/wiki/Society#cite_note-12)")
    assert is_sentence("She crossed the valley at night. \\[M1\\]")
    assert not is_sentence("See the table [1]")


def test_profile_addresses_printed_after_plain_or_shouting_names() -> None:
    from exporter.cleaner.chrome import profile_link_names

    vocab = load_vocab()
    assert profile_link_names("By Jo Doe (/author/jo-doe/)2020-02-20 13:52 UTC", vocab) == ("Jo Doe",)
    assert profile_link_names("**[JO DOE (HTTPS://X.EXAMPLE/AUTHOR/JO-DOE/)](https://x.example/author/jo-doe/)**", vocab) == ("JO DOE",)
    assert profile_link_names("[Jo Doe (https://x.example/staff/12/jo-doe/), The Daily Example](https://x.example/staff/12/jo-doe/)", vocab) == ("Jo Doe",)


def test_a_bylines_words_and_its_profile_links_read_together() -> None:
    from exporter.cleaner.masthead import _names
    from exporter.cleaner.page import Block

    vocab = load_vocab()
    linked = ("Jo Doe", "Al Roe")
    # the links name the photographer too; the byline's words know the credit
    assert _names(Block("paragraph", "Words by [Jo Doe](/author/jo) · Photographs by [Al Roe](/author/al)"), vocab, True, linked) == (("Jo Doe",), "by")
    # a place after the linked name is no writer; a name run into a timestamp is the linked one
    assert _names(Block("paragraph", "Von [Jo Doe](/autoren/jo), Lissabon"), vocab, True, ("Jo Doe",)) == (("Jo Doe",), "by")
    assert _names(Block("paragraph", "By Jo Doe2020-02-20 13:52 UTC"), vocab, True, ("Jo Doe",)) == (("Jo Doe",), "by")


def test_profile_link_wrapped_at_a_hyphen() -> None:
    from exporter.cleaner.chrome import profile_link_names

    vocab = load_vocab()
    assert profile_link_names("By [Jo Doe](/staff/jo-doe/) and [Al Roe](/staff/al-\nroe/)", vocab) == ("Jo Doe", "Al Roe")


def test_a_byline_word_run_into_its_link() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    assert byline_names("By[Jo Doe](https://x.example/team/jo-doe)", vocab) == ("Jo Doe",)
    assert byline_names("By**[Jo Doe](https://x.example/team/jo-doe)**", vocab) == ("Jo Doe",)
    assert byline_names("Nearby[cafés](https://x.example/map) stay open", vocab) is None


def test_a_date_line_then_its_byline() -> None:
    from exporter.cleaner.chrome import meta_line

    vocab = load_vocab()
    assert meta_line("Dienstag, 4. März 2025, von [Dr. Jo Doe](/seiten/jo-doe.html)", vocab) == (("Dr. Jo Doe",), "2025-03-04")
    assert meta_line("Published 3 May 2024 by Jo Doe", vocab) == (("Jo Doe",), "2024-05-03")
    assert meta_line("3 May 2024 by the council, after a long night of talks", vocab) is None


def test_a_user_name_between_the_byline_word_and_the_date() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    assert byline_names("by jdoe on March 4, 2021", vocab) == ("jdoe",)
    assert byline_names("Gespeichert von jdoe am 4. März 2021 - 10:15", vocab) == ("jdoe",)
    assert byline_names("by then on March 4, 2021 the river had risen", vocab) is None
    assert byline_names("by now, the river had risen", vocab) is None


def test_titles_and_papers_beside_a_byline_are_no_names() -> None:
    from exporter.cleaner.chrome import byline_names, names_only

    vocab = load_vocab()
    assert byline_names("By **Jo Doe** , Example News Medical Producer", vocab) == ("Jo Doe",)
    assert byline_names("by Jo Doe, The Daily Example, Posted: May 3, 2024", vocab) == ("Jo Doe",)
    assert names_only("The Daily Example", vocab, alone=True) is None
    # the role run into the linked name credits it
    assert names_only("[Jo Doe](https://x.example/sites/jodoe/)Contributor", vocab) == ("Jo Doe",)


def test_a_name_wrapped_at_its_hyphen() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    assert byline_names("Von Jo Doe-\nRoe, 4. März 2025", vocab) == ("Jo Doe-Roe",)


def test_what_stands_after_the_names_in_a_byline() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    # an outlet's letters after the full name, a degree, a date's word, a printed address
    assert byline_names("By [Jo Doe](https://x.example/jodoe), EXN", vocab) == ("Jo Doe",)
    assert byline_names("By Jo Doe, Al Roe", vocab) == ("Jo Doe", "Al Roe")
    assert byline_names("Written by [Jo Doe, PhD](/team) on April 29, 2018", vocab) == ("Jo Doe",)
    assert byline_names("von [Jo Doe](/author/1) Erstellt am 01.01.23 um 08:35", vocab) == ("Jo Doe",)
    assert byline_names("Von **Jo Doe** Vom **3. Februar 2022**", vocab) == ("Jo Doe",)
    assert byline_names("By Ana de la Cruz (/reporters/ana-de-la-cruz)", vocab) == ("Ana de la Cruz",)


def test_a_name_over_its_role_and_a_name_printed_twice() -> None:
    from exporter.cleaner.chrome import names_only, profile_link_names

    vocab = load_vocab()
    assert names_only("**[Jo Doe](https://x.example/about-me/)**\nChefredakteur", vocab) == ("Jo Doe",)
    assert names_only("Jo Doe\nAl Roe", vocab) is None
    assert profile_link_names("Jo Doe Jo Doe (/auteur/jo-doe-187)", vocab) == ("Jo Doe",)


def test_a_byline_word_named_in_a_heading_is_no_byline() -> None:
    from exporter.cleaner.chrome import byline_names

    vocab = load_vocab()
    assert byline_names("Author, Article and Disclosure Information", vocab) is None
    assert byline_names("Author: Jo Doe", vocab) == ("Jo Doe",)


def test_a_pagers_buttons_are_no_name() -> None:
    from exporter.cleaner.chrome import names_only

    vocab = load_vocab()
    assert names_only("[ Previous ](/story/1) [ Next ](/story/3)", vocab, alone=True) is None
    assert names_only("Jo Next", vocab, alone=True) == ("Jo Next",)


def test_a_name_beside_its_date_needs_no_byline_word() -> None:
    from exporter.cleaner.chrome import meta_line, names_only

    vocab = load_vocab()
    assert names_only("Jo Doe 3. März 2025, 12:00 Uhr", vocab) == ("Jo Doe",)
    assert meta_line("04.02.2025 | 13:10 Uhr | Jo Doe", vocab) == (("Jo Doe",), "2025-02-04")
    assert meta_line("Jo Doe / Lisboa / 3 March 2025", vocab) == (("Jo Doe",), "2025-03-03")
    # a lead under its dateline names a city, not its writer
    assert names_only("New York, 3 March 2025 (Example) - The council voted on Tuesday to raise the levy on homes.", vocab) is None
    # without a date, one name alone is no byline
    assert meta_line("Jo Doe | Lisboa", vocab) is None


def test_names_in_any_cased_script() -> None:
    from exporter.cleaner.chrome import meta_line

    vocab = load_vocab()
    assert meta_line("3 декабря 2020, 18:47 • Иван Петров • 3375", vocab) == (("Иван Петров",), "2020-12-03")
    assert meta_line("Γιώργος Παπαδόπουλος | 3 March 2025", vocab) == (("Γιώργος Παπαδόπουλος",), "2025-03-03")


def test_a_name_with_its_handle_debris_or_printed_twice() -> None:
    from exporter.cleaner.chrome import names_only

    vocab = load_vocab()
    assert names_only("Jo Doe@jo_doe", vocab) == ("Jo Doe",)
    assert names_only("Jo Doe]", vocab, alone=True) == ("Jo Doe",)
    assert names_only("Jo Doe Jo Doe | 3 March 2025", vocab) == ("Jo Doe",)


def test_a_byline_after_a_date_and_its_time() -> None:
    from exporter.cleaner.chrome import meta_line

    vocab = load_vocab()
    assert meta_line("Veröffentlicht am Fr, 3. März 2025, 18:18 von Jo Doe", vocab) == (("Jo Doe",), "2025-03-03")
    # the categories after the names, a user name, a second date run into the first
    assert meta_line("3\\. März 2025 von Jo Doe in Politik, Kultur", vocab) == (("Jo Doe",), "2025-03-03")
    assert meta_line("Posted on 2025-03-03 by jdoe | Leave a comment", vocab) == (("jdoe",), "2025-03-03")
    assert meta_line("Posted on Monday, 3 March 2025Tuesday, 4 March 2025 by Jo Doe", vocab) == (("Jo Doe",), "2025-03-03")
    assert meta_line("3 March 2025 by the", vocab) == ((), "2025-03-03")


def test_a_byline_word_inside_a_dated_line() -> None:
    from exporter.cleaner.chrome import meta_line

    vocab = load_vocab()
    assert meta_line("Posted in Politics by jdoe on March 3, 2025", vocab) == (("jdoe",), "2025-03-03")
    assert meta_line("Posted in Politics by Jo Doe on 3 March 2025", vocab) == (("Jo Doe",), "2025-03-03")
    assert meta_line("We went by bus on 3 March 2025", vocab) == ((), "2025-03-03")


def test_an_outlet_or_a_label_beside_a_date_is_no_name() -> None:
    from exporter.cleaner.chrome import meta_line, names_only

    vocab = load_vocab()
    assert names_only("**Example Daily Review** 17-01-2025", vocab) is None
    assert meta_line("4 November 2025 | SPONSORED REPORT", vocab) == ((), "2025-11-04")
    assert names_only("JO DOE", vocab, alone=True) == ("JO DOE",)


def test_feedback_and_share_prompts_are_chrome() -> None:
    from exporter.cleaner.chrome import is_chrome

    vocab = load_vocab()
    for prompt in ("Gefällt Ihnen dieser Artikel?", "Teilen mit:", "¿Te gustó este artículo?", "Post Your Comments",
                   "If you enjoyed reading this post, please share it.", "Czytaj też: [Jo Doe wins](/a/1)"):
        assert is_chrome(prompt, vocab), prompt
    assert not is_chrome("Der Anfang ist gemacht, und die Stadt plant schon das nächste Fest.", vocab)

"""The cleaner's second design: typed blocks, the rule tuple, converter shapes, the guard."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest
import yaml

from exporter.canonical import dump_article
from exporter.cleaner import Cleaned, clean_text, rule_names, rules
from exporter.cleaner.html import fix_inline_html, html_to_markdown
from exporter.cleaner.links import fix_printed_urls, fix_relative_links
from exporter.cleaner.model import load_models
from exporter.cleaner.parse import parse_blocks
from exporter.cleaner.vocab import load_vocab

PROSE = (
    "The council voted late on Tuesday to approve the harbour plan, ending two years of argument over "
    "what should happen to the old docks on the east side of the city and how to pay for it."
)
MORE = (
    "Work on the first phase begins in the spring, the mayor said, and the old warehouses will be kept "
    "as a market hall, a school and a row of workshops for the trades that once filled them."
)


def test_blocks_are_typed_with_their_lines() -> None:
    blocks = parse_blocks("# Title\nText under it\n\n- a\n\n- b\n\n> quoted\n\n<div class=\"x\">\n\n```\ncode\n```\n\n* * *\n\n![A harbour](the-port/img-01.jpg)")
    assert [(b.kind, b.line) for b in blocks] == [
        ("heading", 0), ("paragraph", 1), ("list", 3), ("list", 5), ("quote", 7), ("html", 9), ("code", 11),
        ("break", 15), ("image", 17),
    ]
    assert blocks[0].level == 1


def test_rules_are_one_ordered_tuple() -> None:
    names = rule_names()
    assert len(names) == len(set(names))
    assert {r.stage for r in rules()} == {"text", "parse", "block", "page", "form"}
    # The names other parts of the program pass to --disable.
    assert {"read_masthead", "read_footer", "strip_body_chrome", "fix_images", "fix_hard_wrap"} <= set(names)
    # Stages run in order.
    stages = [r.stage for r in rules()]
    assert stages == sorted(stages, key=["text", "parse", "block", "page", "form"].index)


def test_a_disabled_rule_does_not_run() -> None:
    text = f"# Harbour plan approved\n\n{PROSE}\n\nSee **this** (<https://example.org/a>), a page of the plan.\n\n{MORE}"
    assert "[this](https://example.org/a)" in clean_text(text).article.body
    assert "[this]" not in clean_text(text, disabled=("fix_lost_link_printed_url",)).article.body


def test_reader_header_is_read_not_kept() -> None:
    text = (
        "Title: Harbour plan approved | Daily Courier\n\nURL Source: https://example.org/news/harbour\n\n"
        "Published Time: 2024-04-03T08:00:00Z\n\nMarkdown Content:\n"
        f"# Harbour plan approved\n\n{PROSE}\n\n{MORE}\n"
    )
    meta = clean_text(text).article.meta
    body = clean_text(text).article.body
    assert meta.title == "Harbour plan approved"
    assert meta.source == "https://example.org/news/harbour"
    assert meta.date == "2024-04-03"
    assert "URL Source" not in body and "Markdown Content" not in body and body.startswith("The council")


def test_clippers_front_matter_keys_are_mapped() -> None:
    text = (
        "---\ntitle: Harbour plan approved\nurl: https://example.org/news/harbour\nauthors: [Jane Doe]\n"
        "published: 2024-04-03\ntags: [ports, council]\nexcerpt: The vote ends two years of argument.\n---\n\n"
        f"{PROSE}\n"
    )
    meta = clean_text(text).article.meta
    assert meta.source == "https://example.org/news/harbour"
    assert meta.author_names == ("Jane Doe",)
    assert meta.date == "2024-04-03"
    assert meta.subjects == ("ports", "council")
    assert meta.description == "The vote ends two years of argument."


def test_clippers_excerpt_is_the_description() -> None:
    text = f"# Harbour plan approved\n\n> ## Excerpt\n> The vote ends two years of argument.\n\n---\n\n{PROSE}\n\n{MORE}\n"
    cleaned = clean_text(text).article
    assert cleaned.meta.title == "Harbour plan approved"
    assert cleaned.meta.description == "The vote ends two years of argument."
    assert "Excerpt" not in cleaned.body and cleaned.body.startswith("The council")


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ('<div class="note">', ""),
        ("</div></td>", ""),
        ("<!-- image -->", ""),
        ('<p>Text with <a href="https://x.org/a">a link</a> and <b>bold</b>.</p>', "Text with [a link](https://x.org/a) and **bold**."),
        ('<img src="https://x.org/a.png" alt="a picture"><script>alert(1)</script>', ""),
        ("<table><tr><td>one</td><td>two</td></tr></table>", "one\n\ntwo"),
        ('<a href="javascript:alert(1)">words</a>', "words"),
    ],
)
def test_raw_html_is_read_by_a_parser(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_inline_html_leaves_its_words() -> None:
    assert fix_inline_html('Words <span class="x">inside</span> a<br/>line') == "Words inside a line"
    assert fix_inline_html("an <Name> and a <word> stay") == "an <Name> and a <word> stay"
    assert fix_inline_html("[a <b>link</b>](https://x.org/a)") == "[a link](https://x.org/a)"


def test_raw_html_never_reaches_metadata_or_body() -> None:
    text = f'<div class="header">\n\n# Harbour plan approved\n\n<div class="byline">\n\n{PROSE}\n\n</div></td>\n\n{MORE}\n'
    article = clean_text(text).article
    assert "<" not in article.body and "<" not in article.meta.title


def test_cut_html_in_an_indented_block_goes_and_html_code_stays() -> None:
    cut = (
        '        href="https://example.org/figure-2.png"\n'
        '            data-anchor="1" style="margin: auto;"><img\n'
        '        src="https://example.org/figure-2-small.png" width="640" height="266" /></a> |'
    )
    sample = '    <img src="https://example.org/figure-2.png" width="640">'
    article = clean_text(f"# Harbour plan approved\n\n{PROSE}\n\n{cut}\n\n{MORE}\n\n{sample}\n").article
    assert "href=" not in article.body and "data-anchor" not in article.body
    assert sample in article.body
    assert PROSE in article.body and MORE in article.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the report (https://example.org/r) says", "the report says"),
        ("the report (<https://example.org/r>) says", "the report says"),
        ("the [report](https://example.org/r) (https://example.org/other) says", "the [report](https://example.org/r) says"),
        ("see the page (/about/us) here", "see the page here"),
        ("(<https://example.org/a>)", ""),
        ("[a link](/path) stays as a link", "[a link](/path) stays as a link"),
        ("a (parenthesis) stays", "a (parenthesis) stays"),
        ("Bookmark (javascript:bookmark()) it", "Bookmark it"),
        ("[(/misc/page.php3)](https://example.org/misc/page.php3) Login", " Login"),
        ("Share (<https://example.org/share?text=Ferry service resumes&url=https://example.org/a>) now", "Share now"),
        ("Plant opens https://example.org/uploads/plant-scaled.jpg 1707 2560 Jo Doe", "Plant opens 1707 2560 Jo Doe"),
        ("a chart: //cdn.example.org/c.PNG?w=640.", "a chart:."),
        ("the report https://example.org/report.pdf and <https://example.org/a.jpg>", "the report https://example.org/report.pdf and <https://example.org/a.jpg>"),
        ("[the map](https://example.org/m.png) [https://example.org/m.png](https://example.org/m.png)", "[the map](https://example.org/m.png) [https://example.org/m.png](https://example.org/m.png)"),
    ],
)
def test_printed_urls_go(text: str, expected: str) -> None:
    assert fix_printed_urls(text) == expected


def test_a_url_wrapped_across_lines_goes() -> None:
    text = f"{PROSE[:-1]} (https://example.org/a-long-\naddress/page) and more.\n\n{MORE}"
    assert "example.org" not in clean_text(text).article.body


def test_picture_placeholders_go_and_canonical_figures_stay() -> None:
    figure = '<figure><img src="the-port/img-02.jpg" alt="A dock" /><figcaption>The docks. <small>Photo: Jo Doe</small></figcaption></figure>'
    text = (
        f"# Harbour plan approved\n\n**==> picture [640 x 480] intentionally omitted <==**\n\n<!-- image -->\n\n"
        f"![](https://example.org/pic.jpg)\n\n{PROSE}\n\n![A harbour](the-port/img-01.jpg)\n\n{figure}\n\n{MORE}\n"
    )
    body = clean_text(text).article.body
    assert "picture [" not in body and "<!--" not in body and "pic.jpg" not in body
    assert "![A harbour](the-port/img-01.jpg)" in body.split("\n\n")
    assert figure in body.split("\n\n")


def test_a_bracketed_word_in_an_address_does_not_crash() -> None:
    # Python's URL parser takes "[word]" after "//" for an IPv6 host and refuses it.
    assert fix_relative_links("[x](http://[word]/a)") == "[x](http://[word]/a)"
    clean_text(f"[x](http://[word]/a) and [y](//[word]/b)\n\n{PROSE}", base_url="https://example.org/")


def test_clean_input_keeps_every_sentence() -> None:
    text = f"# Harbour plan approved\n\n{PROSE}\n\n## The next phase\n\n{MORE}\n\n- the market hall\n- the school\n\n{PROSE}\n"
    body = clean_text(text).article.body
    for block in (PROSE, "## The next phase", MORE, "- the market hall\n- the school"):
        assert block in body


def test_heavy_removal_is_warned_of() -> None:
    teasers = "\n\n".join(f"[Another story about the city number {i} and what it means for you]( https://example.org/{i})" for i in range(30))
    cookie = "We use cookies to give you the best experience. Accept all cookies or manage your settings and preferences."
    text = f"# Harbour plan approved\n\n{PROSE}\n\n{cookie}\n\n{cookie.replace('best', 'finest')}\n\n{teasers}\n"
    cleaned = clean_text(text)
    assert isinstance(cleaned, Cleaned)
    assert len(cleaned.warnings) <= 1
    assert all("--report" in w for w in cleaned.warnings)


def test_report_names_every_removed_block() -> None:
    text = f"Share\n\n# Harbour plan approved\n\n{PROSE}\n\nRelated articles\n\n- [Another story](https://example.org/b)\n"
    cleaned = clean_text(text)
    removed = [line for line in cleaned.report if line.startswith("removed")]
    body = cleaned.article.body
    for gone in ("Share", "Related articles"):
        assert gone not in body
        assert any(gone in line for line in removed), removed


def test_weights_match_the_features() -> None:
    from exporter.cleaner import features

    data = json.loads(resources.files("exporter").joinpath("data/weights.json").read_text("utf-8"))
    expected = {"block": features.BLOCK, "title": features.TITLE, "byline": features.BYLINE, "date": features.DATE}
    assert set(data["models"]) == set(expected)
    for name, model in load_models().items():
        assert model.features == expected[name], name
        assert len(model.weights) == len(model.features) == len(model.mean) == len(model.scale)


def test_every_vocabulary_list_says_its_shape() -> None:
    data = yaml.safe_load(resources.files("exporter").joinpath("data/vocab.yaml").read_text("utf-8"))
    shapes = data.pop("shapes")
    assert set(shapes) == set(data)
    assert set(shapes.values()) <= {"label", "prefix", "word", "phrase", "name", "table"}


def test_no_chrome_prefix_is_a_common_word_alone() -> None:
    # A prefix of one frequent word ("der", "the") would drop every short paragraph it opens.
    vocab = load_vocab()
    common = [p for p in vocab.chrome_prefixes + vocab.read_also_prefixes if p in vocab.stopword_index]
    assert common == []


def test_a_headline_under_a_long_printed_menu_is_read() -> None:
    menu = "\n\n".join(f"[Section {n}](https://news.example/s{n})" for n in range(130))
    text = f"{menu}\n\n# Harbour plan approved after a long night\n\n3 April 2024\n\n{PROSE}\n\n{MORE}\n"
    assert clean_text(text).article.meta.title == "Harbour plan approved after a long night"


@pytest.mark.parametrize(
    ("address", "slug"),
    [
        ("https://news.example/2025/03/04/council-approves-harbour-plan/", {"council", "approves", "harbour", "plan"}),
        ("https://news.example/local/harbour-plan-approved.html?share=email#top", {"harbour", "plan", "approved"}),
        ("https://news.example/artikel/neue-br%C3%BCcke-f%C3%BCr-die-stadt", {"neue", "brucke", "fur", "die", "stadt"}),
        ("https://news.example/2025/03/04/12345", set()),
        ("https://news.example/harbour-plan", set()),
        ("/tag/weather/", set()),
    ],
)
def test_an_address_slug_is_its_last_parts_words(address: str, slug: set[str]) -> None:
    from exporter.cleaner.features import address_slug

    assert address_slug(address) == slug


def test_a_plain_line_that_the_pages_own_address_spells_is_the_headline() -> None:
    # A print scraper sets every line as a paragraph; the share buttons still carry the address.
    address = "https://news.example/2025/03/04/council-approves-harbour-plan-after-long-night/"
    text = (
        "[The Daily Example](https://news.example/)\n\n"
        "Weather and traffic for the whole region today\n\n"
        "Sign up for the morning newsletter\n\n"
        "Council approves harbour plan after long night\n\n"
        f"- [Share on Facebook]({address}?share=facebook)\n- [Email a friend]({address}?share=email)\n\n"
        f"{PROSE}\n\n{MORE}\n"
    )
    assert clean_text(text).article.meta.title == "Council approves harbour plan after long night"


def test_the_articles_next_section_past_a_widgets_buttons_stays() -> None:
    # A product page's sections: each under a subheading at the level of the first ones, with
    # "Next" and "Learn more" buttons between; the model doubts the short sections at the end.
    text = (
        "# Make the workshop your own\n\n"
        "It is easier than ever to set up the workshop and make it work the way you do.\n\n"
        "No other workshop gives you so much room and so many choices.\n\n"
        "## Built to be rebuilt\n\n"
        "Every bench can be moved, raised or lowered. Open the planner to add, move or take away any shelf you want, and keep your tools one reach away.\n\n"
        "### Colours\n\n"
        "Make the benches match your room. Choose from dozens of colours and paint them in an afternoon.\n\n"
        "Show yellow bench Show green bench Show blue bench Show red bench\n\n"
        "[Try it now](https://shop.example/colours)\n\n"
        "[Learn more](https://help.example/colours)\n\n"
        "[Next](https://shop.example/workshop#tools)\n\n"
        "### Tools\n\n"
        "[Next](https://shop.example/workshop#lights)\n\n"
        "Tools are like helpers that you hang on the board behind each bench. They keep the one you need in reach and put it back at night.\n\n"
        "- Saws and planes\n- Clamps of every size\n- Drills and bits\n\n"
        "[Here are a few of our favourites](https://shop.example/tools?sort=featured)\n\n"
        "[Learn more](https://help.example/tools)\n\n"
        "### Lights\n\n"
        "[Next](https://shop.example/workshop#colours)\n\n"
        "The lights learn when you work to make the room your own. They come on before you reach the door.\n\n"
        "[See what they can do for you](https://help.example/lights)\n"
    )
    body = clean_text(text).article.body
    assert "Tools are like helpers" in body
    assert "The lights learn" in body


@pytest.mark.parametrize(
    ("line", "headline", "site"),
    [
        ("Harbour plan approved | The Daily Example", "Harbour plan approved", "The Daily Example"),
        ("Daily Example » Archive » Harbour plan approved after a long night", "Harbour plan approved after a long night", ""),
        ("Harbour plan approved after a long night « DAILY EXAMPLE", "Harbour plan approved after a long night", "DAILY EXAMPLE"),
        ("News > 2025 > March > Harbour plan approved after a long night", "Harbour plan approved after a long night", ""),
        # French quotes are no separators, and with them the arrows are none either.
        ("Le conseil dit « oui » au port", "Le conseil dit « oui » au port", ""),
        ("Le « oui » au port l'emporte » Exemple", "Le « oui » au port l'emporte » Exemple", ""),
    ],
)
def test_a_lines_site_name_and_breadcrumb_go_from_its_headline(line: str, headline: str, site: str) -> None:
    from exporter.cleaner.title import split_site_name

    assert split_site_name(line, load_vocab(), dashes=False) == (headline, site)


def test_a_plain_line_whose_words_the_lead_says_again_is_the_headline() -> None:
    text = (
        "Weather and traffic for the whole region today\n\n"
        "Sign up for our morning newsletter now\n\n"
        "Council approves harbour plan for old docks\n\n"
        "Most read this week in the city and region\n\n"
        f"{PROSE}\n\n{MORE}\n"
    )
    assert clean_text(text).article.meta.title == "Council approves harbour plan for old docks"


def test_a_subheading_under_the_text_is_no_headline_unless_sure() -> None:
    # Clean input without its headline: a doubtful subheading taken for it would also cut the
    # paragraphs over it as the page's header.
    lead = (
        "The old docks on the east side of the city will become a market hall, the council decided on "
        "Tuesday after two years of argument over the plan and how to pay for it."
    )
    article = clean_text(f"{lead}\n\n{MORE}\n\n## Old docks, new market hall\n\n{PROSE}\n").article
    assert article.meta.title != "Old docks, new market hall"
    assert article.body.startswith("The old docks") and "## Old docks, new market hall" in article.body


def test_canonical_output_cleans_to_itself() -> None:
    text = f"Share\n\n# Harbour plan approved\n\nBy Jane Doe\n\nApril 3, 2024\n\n{PROSE}\n\n{MORE}\n"
    once = dump_article(clean_text(text).article)
    assert dump_article(clean_text(once).article) == once


def test_a_drop_cap_set_as_a_heading_joins_its_word() -> None:
    text = f"# Harbour plan approved\n\n# T\n\nhe council voted late on Tuesday to approve the plan, ending two years of argument.\n\n{MORE}\n"
    assert clean_text(text).article.body.startswith("The council voted late on Tuesday")


@pytest.mark.parametrize(
    "placeholder", ["**==> picture [640 x 480] intentionally omitted <==**", "<!-- image -->", "Image 3 of 12", "[Image 2]"]
)
def test_picture_placeholders_are_dropped(placeholder: str) -> None:
    from exporter.cleaner.links import fix_picture_placeholders

    assert fix_picture_placeholders(placeholder) == ""
    assert fix_picture_placeholders("An image 3 of us") == "An image 3 of us"


def test_the_warning_counts_prose_removed() -> None:
    from exporter.cleaner import _warnings
    from exporter.cleaner.page import Block, Page, Removal

    kept = (Block("paragraph", PROSE),)
    light = Page(text="", blocks=kept, removed=(Removal("find_body", "after the article", "Share"),))
    heavy = Page(text="", blocks=kept, removed=tuple(Removal("find_body", "after the article", MORE) for _ in range(2)))
    headline = Page(text="", blocks=kept, removed=(Removal("read_title", "headline", MORE), Removal("read_title", "headline", MORE)))
    assert _warnings(light) == ()
    assert _warnings(headline) == ()
    (line,) = _warnings(heavy)
    assert "67%" in line and "--report" in line


def test_the_guard_puts_prose_back() -> None:
    from exporter.cleaner.guard import guard_article
    from exporter.cleaner.page import Block, Page, Removal

    page = Page(
        text="",
        blocks=(Block("heading", "## Part two", 5),),
        removed=(Removal("find_body", "header chrome", PROSE, "paragraph", 1), Removal("find_body", "after", MORE, "paragraph", 9)),
    )
    guarded = guard_article(page)
    assert [b.text for b in guarded.blocks] == [PROSE, "## Part two", MORE]
    assert guarded.removed == ()
    # Enough prose kept: nothing comes back.
    kept = Page(text="", blocks=(Block("paragraph", PROSE, 1), Block("paragraph", MORE, 2)), removed=page.removed[:1])
    assert guard_article(kept) == kept


UNSTOPPED = (
    "Markets opened lower after the rating cut. Traders sold the currency against the dollar on the news, "
    "and the support level is the one to watch in the afternoon session, valid for today only"
)
"""A paragraph of sentences whose last one has no stop (a site's habit, or a closing note)."""


def test_the_guard_counts_paragraphs_whose_last_stop_is_missing() -> None:
    from exporter.cleaner.guard import guard_article, prose_words, text_words
    from exporter.cleaner.page import Block, Page, Removal

    assert prose_words(Block("paragraph", UNSTOPPED)) == 0
    assert text_words(Block("paragraph", UNSTOPPED)) == len(UNSTOPPED.split())
    assert text_words(Block("paragraph", PROSE)) == prose_words(Block("paragraph", PROSE)) > 0
    # No sentence ends anywhere in it: a line of words, not running text.
    assert text_words(Block("paragraph", UNSTOPPED.replace(". ", " "))) == 0
    assert text_words(Block("list", "- " + UNSTOPPED)) == 0
    # A table's rows a converter ran into one paragraph: cells, not sentences.
    assert text_words(Block("paragraph", UNSTOPPED.replace(" the ", " | "))) == 0
    # The page reading took its one stopped paragraph, the copyright line, for the article.
    notice = "All rights reserved by the publisher, and no part of this site may be copied without leave."
    page = Page(
        text="",
        blocks=(Block("paragraph", notice, 9),),
        removed=tuple(Removal("find_body", "header chrome", UNSTOPPED, "paragraph", n) for n in (1, 3)),
    )
    assert [b.text for b in guard_article(page).blocks] == [UNSTOPPED, UNSTOPPED, notice]
    # Kept as much running text as it took out: the reading stands.
    even = Page(text="", blocks=(Block("paragraph", UNSTOPPED, 9),), removed=page.removed[:1])
    assert guard_article(even) == even


def test_a_page_that_is_only_its_headline_speaks_the_headlines_language() -> None:
    from exporter.cleaner import clean_text

    article = clean_text("# 港口潮汐表首次上网\n").article
    assert (article.meta.title, article.body, article.meta.lang) == ("港口潮汐表首次上网", "", "zh")


def test_the_parser_without_rules_a_text_cannot_use_gives_the_same_tokens() -> None:
    """The block parser leaves out rules whose marks a text lacks, for speed: on every rule
    fixture and the seed, and on texts with each mark, its tokens are the full parser's."""
    from pathlib import Path

    from markdown_it import MarkdownIt

    from exporter.cleaner.parse import _tokens, _unused_rules
    from tests.fixture_file import read_cases

    fixtures = Path(__file__).parent / "fixtures"
    texts = [case.input for path in sorted((fixtures / "clean").glob("*.md")) for case in read_cases(path)]
    texts.append((fixtures / "articles" / "seed" / "input.txt").read_text("utf-8"))
    texts += ["Title\n=====\n\nText", "a | b\n--|--\n1 | 2", "> quoted\n\n```\ncode\n```", "<div>x</div>\n\n[a]: /b"]
    full = MarkdownIt("commonmark", {"html": True}).enable("table")
    assert all(_unused_rules(t) for t in texts[:3])  # the shortcut is taken
    for text in texts:
        want: list = []
        full.block.parse(text, full, {}, want)
        assert [(t.type, t.map, t.content) for t in _tokens(text)] == [(t.type, t.map, t.content) for t in want]


_PARSED_IN_PIECES = [
    "A paragraph.\n\n- an item\n\nAnother paragraph\nover two lines.",
    "- an item\n\n  its second paragraph, indented: the item's\n\nback at the margin",
    "```\nan unclosed fence\n\nplain words inside it\n\nmore",
    "<script>\nvar a = 1;\n\nplain words inside it\n\n</script>\n\nAfter it.",
    "<div>\n\nWords between tags.\n\n</div>",
    "Title\n=====\n\nText under it\n---\n\n# A heading\nits text\n## Another\n\n#hashtag words",
    "**Bold** words\n3.5 million people\n\n1. first\n\nplain",
    "* one\n* two\n\n* three\n\nplain",
    "  * one\n  * two\n\n    indented under the item\n\n* other",
    "- a\n- b\n\n  \n\nafter a line of spaces",
    "* a\n+ b\n\n- c\n  - d\n\n- e\n- * f\n\n- # g\n\n-     code",
    "[a]: /b\n\n[c\nd]: /e\n\nText | with a bar\n:--|--\n\nlast",
    "\n".join(f"{'  ' * i}* level {i}" for i in range(15)) + "\n\nNo longer in the list\n\nNor this",
    "    code\n\nplain\n\n\tcode by tab\n\n> quote\nlazy line\n\nplain again\n\u00a0\n",
    # HTML blocks that end at a blank line, tags inside paragraphs, blocks that run on past one
    '<div class="a">\n<p>words</p>\n\nAfter.\n\n<span>one tag</span>\n\n<img src="x.png"\nalt="a" /> and words\n\n'
    "<!-- a comment\n\nstill in it -->\n\nEnd",
    "<table><tr><td>a | b</td></tr>\n|---|\n\nplain",
    '<figure><img src="a.jpg"></figure>\n\nText\n\n</div>\n\n<section id="s">\nwords\n\n<a href="x">link</a> and more\n<b>bold</b> line',
    # loose lists, their items apart; menus, their items nested
    "* a\n\n* b\n\n* c\n\nplain",
    "* a\n\n  * b\n\n- c\n\nplain",
    "* a\n\n- b\n- c\n\n  * d\n\nafter",
    "- a\n\n  - b\n  - c\n\n- d\n\n    - e\n\nend",
    "* Home\n* News\n  + Local\n  + World\n    - Europe\n      * Paris\n* About\n\nplain",
    "- a\n  - b\n- c\n * d\n+ e\n\nplain",
    "*    wide\n    - four in\n* next\n\nplain",
    "* a\n\n* b\n  - c\n\n  d\n\nplain",
    "Words\n\n* x\n  - y\n- z\n\n* w\n  * v\n\nend",
]


@pytest.mark.parametrize("text", _PARSED_IN_PIECES)
def test_the_body_parsed_in_pieces_gives_the_blocks_of_the_whole(text: str) -> None:
    """parse_blocks reads runs of plain lines itself and hands the parser only the text between
    them: the blocks are those of the whole body parsed at once, around lists, open fences and
    HTML blocks, lists nested past the parser's depth, lines of spaces, underlines and references."""
    from exporter.cleaner.parse import _blocks_of, _tokens, parse_blocks

    assert parse_blocks(text) == _blocks_of(_tokens(text), text.split("\n"), 0)


@pytest.mark.parametrize(
    "text",
    [
        "A plain line of prose.",
        "   Indented by three: still a paragraph.",
        "![A picture](https://example.org/a.jpg)",
        "[A link](https://example.org/) alone",
        "## A heading",
        "###### Six",
        "##",
        "#hashtag is no heading",
        "- [Home](https://example.org/)",
        "* An item",
        "+ Another",
        "- - -",
        "* * *",
        "***bold and italic***",
        "1. Numbered",
        "> A quote",
        "<div>raw</div>",
        "| a | b |",
        "    indented code",
        "[ref]: https://example.org/",
        "Two lines\nof text",
        "=====",
        "*",
    ],
)
def test_one_line_shortcut_is_the_parsers_reading(text: str) -> None:
    """A repaired line is read without the parser when it is a paragraph, a picture, a heading or a
    list item; whatever it reads must be what the parser reads."""
    from exporter.cleaner.parse import _block_parsed, _one_line, retype

    one = _one_line(text)
    assert one is None or [one] == list(_block_parsed(text))
    assert retype(text, 7) == [replace(b, line=b.line + 7) for b in _block_parsed(text)]


def test_a_byline_under_the_lead_and_a_picture_is_read() -> None:
    # The masthead runs on under the first paragraph and a caption: the signed line is the byline.
    lead = "The council voted late on Tuesday to approve the harbour plan, ending two years of argument over the old docks."
    paras = [f"{lead} Part {i} of the story goes on with more detail about the plan and its budget." for i in range(30)]
    text = (
        f"# Harbour plan approved\n\n{paras[0]}\n\n![The old docks](docks.jpg)\n\nThe old docks at dawn.\n\n"
        + "\n\n".join(paras[1:4])
        + "\n\nBy Jo Doe\n\n"
        + "\n\n".join(paras[4:])
        + "\n"
    )
    article = clean_text(text).article
    assert article.meta.author_names == ("Jo Doe",)
    assert "By Jo Doe" not in article.body
    assert all(p in article.body for p in paras)
    # a name linked to the writer's page stands there as well; a label linked there names no one
    linked = text.replace("By Jo Doe", "[Jo Doe](https://x.example/author/jo-doe/)")
    assert clean_text(linked).article.meta.author_names == ("Jo Doe",)
    bio = text.replace("By Jo Doe", "[Bio](https://x.example/author/jo-doe/)")
    assert clean_text(bio).article.meta.author_names == ()
    # further down, a line signed inside the text of another story is no byline of this one
    late = "# Harbour plan approved\n\n" + "\n\n".join(paras[:18]) + "\n\nBy Jo Doe\n\n" + "\n\n".join(paras[18:]) + "\n"
    assert clean_text(late).article.meta.author_names == ()


def test_a_paragraph_that_ends_in_a_colon_is_prose() -> None:
    # Its sentence goes on in the quote under it: the header zone ends there, not after it.
    from exporter.cleaner.features import is_prose_block
    from exporter.cleaner.page import Block

    lead = "Long ago I had already taken up the claim that the island had banned the ferry, and back then I kept it very short:"
    assert is_prose_block(Block("paragraph", lead)) and is_prose_block(Block("paragraph", f"**{lead}**"))
    assert not is_prose_block(Block("paragraph", "Read more:"))
    assert not is_prose_block(Block("paragraph", lead.removesuffix(":")))


def test_a_consent_banner_over_the_page_is_not_where_its_text_starts() -> None:
    # The banner is sentences; the headline under it, a plain line, is still before the text.
    lead = "The council approved the harbour plan on {} after a long debate, and work will start in spring with money from the port."
    paras = "\n\n".join(lead.format(day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"))
    banner = (
        "We use cookies and other tracking technologies to improve your browsing experience on our site. "
        "By clicking accept you agree to our privacy policy and settings."
    )
    text = f"{banner}\n\n[Accept](#)\n\n[Settings](#)\n\n[Home](/) | [News](/news)\n\nHarbour plan approved after long debate\n\nBy Jo Doe\n\n{paras}\n"
    article = clean_text(text).article
    assert article.meta.title == "Harbour plan approved after long debate"
    assert article.body.startswith(lead.format("Monday"))


def test_a_byline_word_alone_names_the_writer_in_the_next_block() -> None:
    # "By" in a line of its own and the name under it, a heading at times; a name set as a one-item list.
    body = "\n\n".join(f"The council voted late on Tuesday to approve the harbour plan, ending two years of argument. Part {i}." for i in range(12))
    for masthead in ("By\n\nJo Doe", "Von\n\n#### Jo Doe", "Published: 3 May 2024\n\nBy\n\n#### Jo Doe\n\nComments"):
        article = clean_text(f"# Harbour plan approved\n\n{masthead}\n\n{body}\n").article
        assert article.meta.author_names == ("Jo Doe",), masthead
        assert "Jo Doe" not in article.body and article.body.startswith("The council voted")
    # a subheading under a lone "by" in the text is not read as one: the word is no byline word alone
    assert clean_text(f"# Harbour plan approved\n\n{body}\n\nStand by\n\n## Jo Doe\n\n{body}\n").article.meta.author_names == ()


def test_a_byline_read_below_the_masthead_makes_no_dek_of_the_lead() -> None:
    lead = "The harbour plan passed late on Tuesday after a long night of talks between the council and the port's owners."
    body = "The council voted late on Tuesday to approve the harbour plan, ending two years of argument over the old docks and the budget."
    teasers = "\n\n".join(f"[Other story {i}](https://x.example/news/{i})" for i in range(6))
    paras = "\n\n".join(f"{body} Part {i}." for i in range(30))
    text = f"# Harbour plan approved\n\n{lead}\n\n{teasers}\n\n[Jo Doe](https://x.example/author/jo-doe)\n\n{paras}\n"
    article = clean_text(text).article
    assert article.meta.author_names == ("Jo Doe",)
    assert lead in article.body and not article.meta.subtitle


def test_block_scores_summed_in_parts_are_the_models_probabilities() -> None:
    """Each block's own part of the block model's score is kept and its place's part added: the
    probabilities must be, to the last bit, the model's over all the block's features."""
    from pathlib import Path

    from exporter.cleaner.chrome import is_end_label
    from exporter.cleaner.decide import content, stopwords_of
    from exporter.cleaner.features import BLOCK, block_features, context
    from exporter.cleaner.model import model
    from exporter.cleaner.page import Page
    from exporter.cleaner.vocab import load_vocab

    text = (Path(__file__).parent / "fixtures" / "articles" / "seed" / "input.txt").read_text("utf-8")
    page = Page(text=text, blocks=tuple(parse_blocks(text)))
    fitted = model("block", BLOCK)
    assert fitted is not None and len(page.blocks) > 20
    vocab = load_vocab()
    ctx = context(page.blocks, stopwords_of(page, vocab))
    got = content(page)
    above = False
    for i, block in enumerate(page.blocks):
        assert got[i] == fitted.probability(block_features(ctx, i, vocab, end_label_above=above)), block.text
        above = is_end_label(block.text, vocab) or (above and not ctx.prose[i])


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ("# A *heading* with [a link](https://example.org/a)", "A heading with a link"),
        ("> quoted\n> - item one\n2. two\n##  three", "quoted - item one two three"),
        ("![a picture](p.jpg) and <https://example.org/x> and `code`", "and https://example.org/x and code"),
        ("snake_case stays, \\*escaped\\* loses its slashes", "snake_case stays, escaped loses its slashes"),
        ("no marks at all", "no marks at all"),
    ],
)
def test_plain_words_of_a_block(block: str, words: str) -> None:
    """The words a reader sees: every line's block marker, pictures, link targets and markup go
    (each pattern tried only where its mark stands)."""
    from exporter.cleaner.blocks import plain

    assert plain.__wrapped__(block) == words


def test_a_row_of_chrome_labels_read_with_the_early_stop_as_without() -> None:
    """Buttons side by side are read word by word, and the reading stops where no label can start
    within five words: on rows of the vocabulary's own labels, joining words and other words, it
    must answer as reading every word does."""
    import random

    from exporter.cleaner.chrome import _covered_by_labels
    from exporter.cleaner.vocab import load_vocab

    def every_word(tokens: list[str], labels: frozenset[str], joiners: tuple[str, ...]) -> bool:
        ends = [True] + [False] * len(tokens)
        reach = ends[:]
        for end in range(1, len(tokens) + 1):
            ends[end] = any(reach[s] and " ".join(tokens[s:end]) in labels for s in range(max(0, end - 5), end))
            reach[end] = ends[end] or (end >= 2 and tokens[end - 1] in joiners and ends[end - 1])
        return len(tokens) >= 2 and ends[-1]

    vocab = load_vocab()
    labels = sorted(vocab.chrome_labels)
    others = [*vocab.name_joiners, "the", "quarterly", "report"]
    rng = random.Random(13)
    covered = 0
    for _ in range(3000):
        tokens: list[str] = []
        while len(tokens) < 12:
            tokens += rng.choice(labels).split() if rng.random() < 0.6 else [rng.choice(others)]
        tokens = tokens[: rng.randint(0, 12)]
        want = every_word(tokens, vocab.chrome_labels, vocab.name_joiners)
        assert _covered_by_labels(tokens, vocab.chrome_labels, vocab.name_joiners) == want, tokens
        covered += want
    assert 300 < covered < 2700  # both answers are tried


@pytest.mark.parametrize(
    "text",
    ["no link at all", "[a](https://x.org/a) and [b](/b \"t\") then [c]()", "![p](i.png) [x](y) tail", "[[n]](u) \\[not\\](z)"],
)
def test_the_memoized_links_of_a_text_are_the_patterns_own(text: str) -> None:
    """The link repairs share one reading of a text's links: the same matches, the same substitution."""
    from exporter.cleaner.links import LINK, links_of, sub_links

    assert [m.span() for m in links_of(text)] == [m.span() for m in LINK.finditer(text)]
    upper = lambda m: m.group("text").upper() + "!"  # noqa: E731
    assert sub_links(upper, text) == LINK.sub(upper, text)


def test_a_block_hashes_and_pickles_as_its_fields() -> None:
    """A block keeps its hash (the page's memos hash its tuple of blocks at every reading): equal
    blocks hash alike, and one loaded from a pickle is rehashed, equal to the one saved."""
    import pickle

    from exporter.cleaner.page import Block

    block = Block("heading", "## Tides", 4, 2)
    again = pickle.loads(pickle.dumps(block))
    assert again == block and hash(again) == hash(block) == hash(Block("heading", "## Tides", 4, 2))
    assert {block: 1}.get(Block("heading", "## Tides", 4, 3)) is None


def test_a_models_tail_scores_as_the_model_from_that_feature_on() -> None:
    """The page's blocks are scored in two parts, the place's part by the model's tail: the very sum."""
    model = load_models()["block"]
    values = [0.5 * i - 3.0 for i in range(len(model.features))]
    for start in (0, 5, len(model.features) - 1):
        assert model.tail(start).score(1.25, values[start:]) == model.score(1.25, values[start:], start)
    assert model.tail(3).score(0.0, values[3:]) != model.score(0.0, values[3:], 4)


@pytest.mark.parametrize(
    "phrases",
    [(), ("",), ("", "ab"), ("a", "ab", "abc", "b"), ("author", "authors", "autor", "avtor"), ("sign up", "sign in", "subscribe")],
)
def test_a_tree_of_phrases_finds_what_their_alternation_finds(phrases: tuple[str, ...]) -> None:
    """chrome._tree writes phrases as a tree of their shared beginnings: the same strings, the first found where
    the alternation finds its first."""
    import re

    from exporter.cleaner.chrome import _tree

    flat = re.compile(" (?:" + "|".join(re.escape(p) for p in phrases) + ")(?=[ .])")
    tree = re.compile(f" {_tree(frozenset(phrases))}(?=[ .])")
    texts = [" ", "  ", " a ", " ab.", " abc ", " abd ", " b a ", " authors ", " autorx ", " sign up.", " sign  in ", " subscribe"]
    for text in texts:
        found, treed = flat.search(text), tree.search(text)
        assert (found and found.start()) == (treed and treed.start()), text

"""The shared renderer: sanitizing, links to notes, ids, well-formed XHTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.compose import footnote
from exporter.compose.notes import notes_list
from exporter.model import Article, Author, Metadata
from exporter.render import RenderOptions, render_article, render_fragment
from exporter.render.tree import EPUB_TYPE


def _article(body: str, bio: str = "") -> Article:
    return Article(Metadata("T", authors=(Author("Jo Doe", bio),) if bio else ()), body)


def _text(tree: ET.Element | None) -> str:
    """The tree as XHTML text."""
    assert tree is not None
    return ET.tostring(tree, encoding="unicode")


def _parse(tree: ET.Element | None) -> ET.Element:
    """The tree after a round trip through XHTML text: well formed."""
    return ET.fromstring(_text(tree).replace("epub:type", "data-epub-type"))


HOSTILE = """Text <script>alert(1)</script> and <b onclick="steal()">bold</b>.

<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>

<style>@import url(https://evil.example/x.css); p { background: url(file:///etc/passwd) }</style>
<link rel="stylesheet" href="https://evil.example/y.css">

[click](javascript:alert(1)) and <a href="javascript:alert(2)">two</a> and ![img](file:///etc/passwd)
<img src="https://evil.example/pixel.gif" onerror="x()"> <svg onload="x()"><use href="#a"/></svg>
"""


def test_hostile_html_is_inert() -> None:
    body = _text(render_article(_article(HOSTILE)).body)
    lowered = body.lower()
    for bad in ("<script", "onclick", "onerror", "onload", "<iframe", "<object", "<style", "<link", "<img", "<svg", "javascript:", "evil.example", "file:", "@import"):
        assert bad not in lowered, bad
    assert "bold" in body and "click" in body


def test_links_become_numbered_notes_in_order() -> None:
    text = "A [one](https://a.org/1) *and [two](https://b.org/2)* and [three](http://c.org/)."
    rendered = render_article(_article(text), RenderOptions(id_prefix="a2-"))
    assert [(n.number, n.text, n.url) for n in rendered.notes] == [
        (1, "one", "https://a.org/1"),
        (2, "two", "https://b.org/2"),
        (3, "three", "http://c.org/"),
    ]
    root = rendered.body
    refs = [a for a in root.iter("a") if a.get(EPUB_TYPE) == "noteref"]
    assert [r.text for r in refs] == ["1", "2", "3"]
    assert [r.get("href") for r in refs] == [f"#a2-note-{n}" for n in (1, 2, 3)]
    assert all(r.get("role") == "doc-noteref" for r in refs)
    assert not [a for a in root.iter("a") if a.get("href", "").startswith("http")]  # notes mode: words only


def test_relative_links_are_unwrapped_without_a_note() -> None:
    rendered = render_article(_article("see [the brief](/briefs/1) and [top](#top)"))
    assert rendered.notes == ()
    assert "href" not in _text(rendered.body) and "the brief" in _text(rendered.body)


def test_inline_and_both_modes() -> None:
    text = "A [one](https://a.org/1)."
    inline = render_article(_article(text), RenderOptions(links="inline"))
    assert inline.notes == () and 'href="https://a.org/1"' in _text(inline.body) and "noteref" not in _text(inline.body)
    both = render_article(_article(text), RenderOptions(links="both"))
    assert len(both.notes) == 1 and 'href="https://a.org/1"' in _text(both.body) and "noteref" in _text(both.body)


def test_a_footnote_holds_the_note_words_and_address() -> None:
    rendered = render_article(_article("A [one](https://a.org/1) b."), RenderOptions(id_prefix="a1-"))
    foot = footnote(rendered.notes[0], "a1-")
    assert foot.get("class") == "footnote" and foot.get("id") == "a1-note-1"
    assert "".join(foot.itertext()) == "one: https://a.org/1"


def test_endnotes_have_backlinks_and_no_colon_ids() -> None:
    rendered = render_article(_article("[x](https://a.org/?a=1&b=2) [y](mailto:jo@example.org)"), RenderOptions(id_prefix="a1-"))
    items = notes_list(rendered.notes, "a1-", "after")
    assert items is not None
    lis = items.findall("li")
    assert [li.get("id") for li in lis] == ["a1-note-1", "a1-note-2"]
    assert all(li.get(EPUB_TYPE) == "endnote" for li in lis)
    back = [a for a in items.iter("a") if a.get(EPUB_TYPE) == "backlink"]
    assert [a.get("href") for a in back] == ["#a1-noteref-1", "#a1-noteref-2"]
    assert all(a.get("role") == "doc-backlink" and a.text == "\u21a9" for a in back)
    assert "jo@example.org" in "".join(items.itertext()) and "mailto:jo" not in "".join(items.itertext())
    for element in items.iter():
        assert ":" not in element.get("id", "")


def test_note_number_follows_a_closing_quote() -> None:
    body = _text(render_article(_article('a "[noteworthy](https://x.org)" b')).body)
    assert "noteworthy</span>\u201d<a" in body


def test_heading_ids_are_unique_and_prefixed() -> None:
    rendered = render_article(_article("## Why\n\ntext\n\n## Why\n\ntext"), RenderOptions(id_prefix="a1-"))
    assert [h.id for h in rendered.headings] == ["a1-why", "a1-why-2"]


def test_typography_and_bio() -> None:
    rendered = render_article(_article('"Quotes" -- and --- dashes...', bio="Jo is a [fellow](https://x.org)."))
    body = _text(rendered.body)
    assert "\u201cQuotes\u201d" in body and "\u2013" in body and "\u2014" in body and "\u2026" in body
    assert 'href="https://x.org"' in _text(rendered.bio)


def test_forbidden_xml_characters_are_dropped() -> None:
    _parse(render_fragment("a\x01b\x0bc \ufffe"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_renders_to_well_formed_xhtml(text: str) -> None:
    rendered = render_article(_article(text))
    _parse(rendered.body)
    if rendered.notes:
        _parse(notes_list(rendered.notes, "", "after"))

"""The shared renderer: sanitizing, links to notes, ids, well-formed XHTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import Article, Author, Metadata
from exporter.render import RenderOptions, endnote_items, render_article, render_markdown


def _article(body: str, bio: str = "") -> Article:
    return Article(Metadata("T", authors=(Author("Jo Doe", bio),) if bio else ()), body)


EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _parse(fragment: str) -> ET.Element:
    return ET.fromstring(f'<div xmlns:epub="http://www.idpf.org/2007/ops">{fragment}</div>')


HOSTILE = """Text <script>alert(1)</script> and <b onclick="steal()">bold</b>.

<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>

<style>@import url(https://evil.example/x.css); p { background: url(file:///etc/passwd) }</style>
<link rel="stylesheet" href="https://evil.example/y.css">

[click](javascript:alert(1)) and <a href="javascript:alert(2)">two</a> and ![img](file:///etc/passwd)
<img src="https://evil.example/pixel.gif" onerror="x()"> <svg onload="x()"><use href="#a"/></svg>
"""


def test_hostile_html_is_inert() -> None:
    body = render_article(_article(HOSTILE)).body
    lowered = body.lower()
    for bad in ("<script", "onclick", "onerror", "onload", "<iframe", "<object", "<style", "<link", "<img", "<svg", "javascript:", "evil.example", "file:", "@import"):
        assert bad not in lowered, bad
    assert "bold" in body and "click" in body


def test_links_become_numbered_notes_in_order() -> None:
    text = "A [one](https://a.org/1) *and [two](https://b.org/2)* and [three](http://c.org/)."
    rendered = render_article(_article(text), RenderOptions(notes_href="endnotes.xhtml", id_prefix="a2-"))
    assert [(n.number, n.text, n.url) for n in rendered.notes] == [
        (1, "one", "https://a.org/1"),
        (2, "two", "https://b.org/2"),
        (3, "three", "http://c.org/"),
    ]
    root = _parse(rendered.body)
    refs = [a for a in root.iter("a") if a.get(EPUB_TYPE) == "noteref"]
    assert [r.text for r in refs] == ["1", "2", "3"]
    assert [r.get("href") for r in refs] == [f"endnotes.xhtml#a2-note-{n}" for n in (1, 2, 3)]
    assert all(r.get("role") == "doc-noteref" for r in refs)
    assert not [a for a in root.iter("a") if a.get("href", "").startswith("http")]  # notes mode: words only


def test_relative_links_are_unwrapped_without_a_note() -> None:
    rendered = render_article(_article("see [the brief](/briefs/1) and [top](#top)"))
    assert rendered.notes == ()
    assert "href" not in rendered.body and "the brief" in rendered.body


def test_inline_and_both_modes() -> None:
    text = "A [one](https://a.org/1)."
    inline = render_article(_article(text), RenderOptions(links="inline"))
    assert inline.notes == () and 'href="https://a.org/1"' in inline.body and "noteref" not in inline.body
    both = render_article(_article(text), RenderOptions(links="both"))
    assert len(both.notes) == 1 and 'href="https://a.org/1"' in both.body and "noteref" in both.body


def test_footnote_mode_puts_the_note_at_the_call_site() -> None:
    rendered = render_article(_article("A [one](https://a.org/1) b."), RenderOptions(footnotes=True))
    root = _parse(rendered.body)
    foot = next(e for e in root.iter("span") if e.get("class") == "footnote")
    assert "one" in "".join(foot.itertext()) and "https://a.org/1" in "".join(foot.itertext())


def test_endnotes_have_backlinks_and_no_colon_ids() -> None:
    rendered = render_article(_article("[x](https://a.org/?a=1&b=2) [y](mailto:jo@example.org)"), RenderOptions(id_prefix="a1-"))
    items = _parse(endnote_items(rendered, "article.xhtml"))
    lis = items.findall("li")
    assert [li.get("id") for li in lis] == ["a1-note-1", "a1-note-2"]
    assert all(li.get(EPUB_TYPE) == "endnote" for li in lis)
    back = [a for a in items.iter("a") if a.get(EPUB_TYPE) == "backlink"]
    assert [a.get("href") for a in back] == ["article.xhtml#a1-noteref-1", "article.xhtml#a1-noteref-2"]
    assert all(a.get("role") == "doc-backlink" and a.text == "\u21a9" for a in back)
    assert "jo@example.org" in "".join(items.itertext()) and "mailto:jo" not in "".join(items.itertext())
    for element in items.iter():
        assert ":" not in element.get("id", "")


def test_note_number_follows_a_closing_quote() -> None:
    body = render_article(_article('a "[noteworthy](https://x.org)" b')).body
    assert "noteworthy</span>\u201d<a" in body


def test_heading_ids_are_unique_and_prefixed() -> None:
    rendered = render_article(_article("## Why\n\ntext\n\n## Why\n\ntext"), RenderOptions(id_prefix="a1-"))
    assert [h.id for h in rendered.headings] == ["a1-why", "a1-why-2"]


def test_typography_and_bio() -> None:
    rendered = render_article(_article('"Quotes" -- and --- dashes...', bio="Jo is a [fellow](https://x.org)."))
    assert "\u201cQuotes\u201d" in rendered.body and "\u2013" in rendered.body and "\u2014" in rendered.body and "\u2026" in rendered.body
    assert 'href="https://x.org"' in rendered.bio


def test_forbidden_xml_characters_are_dropped() -> None:
    fragment = render_markdown("a\x01b\x0bc \ufffe")
    _parse(fragment)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_renders_to_well_formed_xhtml(text: str) -> None:
    rendered = render_article(_article(text))
    _parse(rendered.body)
    _parse(endnote_items(rendered))

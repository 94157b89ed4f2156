"""A reading packet's front matter on paper: title page, contents, introduction.

The contents list each article as "title, author", then a dotted leader and
the page the article starts on. In a packet laid out as one document, the
page numbers are not computed here: each entry links to its article's
``<article>`` element, and print.css sets ``target-counter(attr(href url),
page)`` after the link, so WeasyPrint writes the number of the page it
actually laid the article on. A packet laid out in parts (``parts.py``)
knows the numbers before it lays the front matter out, and gives them here.

Ids of our own start with ``_`` (``_contents``, ``_intro``), which heading
slugs and the articles' ``a<n>-`` prefixes never do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...model import Author, Metadata, Packet
from ...render import RenderOptions, render_markdown
from ...render.labels import date_in_words, join_names, labels_for
from ...render.typography import typographic
from .document import element, fragment, iso_date, move_children


@dataclass(frozen=True, slots=True)
class Front:
    """What the packet's own pages say, typographic and ready to set."""

    title: str
    subtitle: str = ""
    editor: str = ""
    date: str = ""
    """ISO ``YYYY-MM-DD``, or empty."""
    lang: str = "en"
    intro: str = ""
    """XHTML fragment of the introduction, or empty for none."""

    @classmethod
    def of(cls, packet: Packet) -> Front:
        editor = (Author(packet.editor),) if packet.editor else ()
        shown = typographic(Metadata(title=packet.title, subtitle=packet.subtitle, authors=editor))
        intro = packet.intro.strip()
        return cls(
            title=shown.title,
            subtitle=shown.subtitle,
            editor="".join(shown.author_names),
            date=iso_date(packet.date),
            lang=packet.lang or "en",
            intro=render_markdown(intro, RenderOptions(links="inline")) if intro else "",
        )


def title_page(front: Front) -> ET.Element:
    labels = labels_for(front.lang)
    section = ET.Element("section", {"class": "titlepage", "id": "_titlepage"})
    element(section, "h1", front.title, class_="packet-title")
    if front.subtitle:
        element(section, "p", front.subtitle, class_="dek")
    if front.editor:
        element(section, "p", f"{labels.edited_by} {front.editor}", class_="editor")
    if front.date:
        line = element(section, "p", class_="date")
        element(line, "time", date_in_words(front.date, labels), datetime=front.date)
    return section


@dataclass(frozen=True, slots=True)
class Entry:
    """A contents line's article: its title and authors as set, and its id prefix."""

    title: str
    author: str
    id_prefix: str
    lang: str = ""
    """The article's language: a Chinese title gets its region's glyph forms."""

    @classmethod
    def of(cls, meta: Metadata, id_prefix: str) -> Entry:
        shown = typographic(meta)
        return cls(shown.title, join_names(shown.author_names, labels_for(shown.lang)), id_prefix, shown.lang)


def _entry(
    listing: ET.Element, href: str, title: str, author: str = "", page: int | None = None, lang: str = ""
) -> None:
    """``<li><a href><span>title</span>, <span>author</span></a></li>``: the whole line
    is the link, and print.css adds the leader and page number after it.

    With ``page`` (laid out in parts), the number is given, and the entry
    carries the id it links to: in this document, where the article is not,
    the link then has a target, and WeasyPrint writes it; joining the parts
    points the name at the article's page.
    """
    item = element(listing, "li")
    link = element(item, "a", href=href)
    if page is not None:
        link.set("data-page", str(page))
        if href.removeprefix("#") != "_intro":
            item.set("id", href.removeprefix("#"))
    words = element(link, "span", title, class_="entry-title")
    if author:
        words.tail = ", "
        element(link, "span", author, class_="entry-author")
    if lang:
        # On the words only: the line keeps the contents' direction.
        for span in link:
            span.set("lang", lang)


def contents(front: Front, entries: Sequence[Entry], pages: Mapping[str, int] | None = None) -> ET.Element:
    """One line per article, linked, with its first page after a dotted leader;
    ``pages`` gives the page of each link target (``_intro``, ``a<n>-_article``)
    when it is known before layout."""
    labels = labels_for(front.lang)
    nav = ET.Element("nav", {"class": "contents", "id": "_contents", "role": "doc-toc"})
    element(nav, "h2", labels.contents, class_="contents-title")
    listing = element(nav, "ol")
    if front.intro:
        _entry(listing, "#_intro", labels.introduction, page=pages["_intro"] if pages else None)
    for entry in entries:
        target = f"{entry.id_prefix}_article"
        _entry(listing, f"#{target}", entry.title, entry.author, pages[target] if pages else None, entry.lang)
    return nav


def introduction(front: Front) -> ET.Element | None:
    if not front.intro:
        return None
    labels = labels_for(front.lang)
    section = ET.Element("section", {"class": "intro", "id": "_intro", "role": "doc-introduction"})
    element(section, "h2", labels.introduction, class_="intro-title")
    move_children(fragment(front.intro), section)
    return section


def front_matter(
    front: Front, entries: Sequence[Entry], pages: Mapping[str, int] | None = None
) -> list[ET.Element]:
    """Title page, contents, then the introduction if there is one."""
    parts = [title_page(front), contents(front, entries, pages)]
    intro = introduction(front)
    return parts + ([intro] if intro is not None else [])

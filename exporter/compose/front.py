"""A reading packet's own pages: title page, contents, introduction.

The contents list each article as "title, author", linking to it. Where the
page numbers are not known before layout, a writer adds them itself (the
PDF's ``target-counter``); where they are (a PDF laid out in parts), they
are given here, and each line carries the number as ``data-page``.

Ids of our own start with ``_`` (``_contents``, ``_intro``), which heading
slugs and the articles' ``a<n>-`` prefixes never do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Metadata
from .labels import Labels, join_names, labels_for
from .language import language_tag
from .masthead import byline, imprint
from .model import Front
from .xhtml import children_of, element

INTRO_ID = "_intro"


@dataclass(frozen=True, slots=True)
class Entry:
    """A contents line: the article's title and authors as set, and the id it links to."""

    title: str
    author: str
    target: str
    lang: str = ""
    """The article's language: a Chinese title gets its region's glyph forms."""

    @classmethod
    def of(cls, meta: Metadata, number: int) -> Entry:
        """Article ``number`` of a packet, whose metadata ``meta`` is typographic."""
        names = join_names(meta.author_names, labels_for(meta.lang))
        return cls(meta.title, names, f"a{number}-_article", language_tag(meta.lang))


def title_page(title: str, subtitle: str, editor: str, date: str, labels: Labels) -> ET.Element:
    section = element(None, "section", class_="titlepage", id="_titlepage", epub_type="titlepage")
    element(section, "h1", title, class_="title", epub_type="fulltitle")
    if subtitle:
        element(section, "p", subtitle, class_="dek", role="doc-subtitle")
    lines = [byline((editor,), labels, "byline editor", labels.edited_by) if editor else None]
    lines.append(imprint("", date, labels))
    section.extend(line for line in lines if line is not None)
    return section


def _line(listing: ET.Element, target: str, title: str, author: str, page: int | None, lang: str = "") -> None:
    """``<li><a href><span>title</span>, <span>author</span></a></li>``: the whole
    line is the link. With ``page``, the number is given, and the line carries
    the id it links to: in a front matter laid out apart from its articles,
    the link then has a target here, and joining points it at the article."""
    item = element(listing, "li")
    link = element(item, "a", href=f"#{target}")
    if page is not None:
        link.set("data-page", str(page))
        if target != INTRO_ID:
            item.set("id", target)
    words = element(link, "span", title, class_="entry-title")
    if author:
        words.tail = ", "
        element(link, "span", author, class_="entry-author")
    if lang:
        # On the words only: the line keeps the contents' direction.
        for span in link:
            span.set("lang", lang)


def contents(
    entries: Sequence[Entry], labels: Labels, intro: bool, pages: Mapping[str, int] | None = None
) -> ET.Element:
    """One line per article, the introduction first if there is one; ``pages``
    gives each target's page (``_intro``, ``a<n>-_article``) when known."""
    nav = element(None, "nav", class_="contents", id="_contents", epub_type="toc", role="doc-toc")
    nav.set("aria-labelledby", "_contents-title")
    element(nav, "h2", labels.contents, class_="contents-title", id="_contents-title")
    listing = element(nav, "ol")
    if intro:
        _line(listing, INTRO_ID, labels.introduction, "", pages[INTRO_ID] if pages else None)
    for entry in entries:
        _line(listing, entry.target, entry.title, entry.author, pages[entry.target] if pages else None, entry.lang)
    return nav


def introduction(rendered: ET.Element | None, labels: Labels) -> ET.Element | None:
    if rendered is None:
        return None
    section = element(
        None, "section", class_="intro", id=INTRO_ID, epub_type="introduction", role="doc-introduction"
    )
    section.set("aria-labelledby", f"{INTRO_ID}-title")
    element(section, "h2", labels.introduction, class_="intro-title", id=f"{INTRO_ID}-title")
    return children_of(rendered, section)


def front(
    title: str,
    subtitle: str,
    editor: str,
    date: str,
    labels: Labels,
    entries: Sequence[Entry],
    intro: ET.Element | None,
    pages: Mapping[str, int] | None = None,
    with_contents: bool = True,
) -> Front:
    """Title page, contents (unless left out) and introduction."""
    return Front(
        title_page=title_page(title, subtitle, editor, date, labels),
        contents=contents(entries, labels, intro is not None, pages) if with_contents else None,
        intro=introduction(intro, labels),
    )

"""The document split into the e-book's XHTML files, each a whole page.

The order of files in the spine, and of the landmarks, is fixed here::

    cover → title page → [contents → introduction] → (article → bio) per article → endnotes

The bracketed files are a packet's front matter. A single article's title
page is made of its masthead's credits; its article page then opens with
the headline and dek alone, since the title page has just said who and when.

The document's links point at ids (``#a1-note-3``); once the files are
known, each such link is pointed at the file that holds its id
(``endnotes.xhtml#a1-note-3``), as pandoc's EPUB writer does with the
chunks it splits a document into.

Each file is written out as bytes exactly as made here: ebooklib's own
``EpubHtml`` re-parses content with an HTML parser and rebuilds the head,
so it would drop ``lang`` on the root, attributes on ``<body>`` and
anything it does not expect.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape

from ...compose import Document, Part, bio_label
from ...compose.language import is_rtl
from ...compose.xhtml import children_of, copied, element
from ...model import Picture

COVER_PAGE = "cover.xhtml"
TITLE_PAGE = "titlepage.xhtml"
CONTENTS = "contents.xhtml"
INTRO = "introduction.xhtml"
NOTES = "endnotes.xhtml"
NAV = "nav.xhtml"
STYLESHEET = "css/epub.css"
"""Every file lives at the top of the ``EPUB/`` folder, so hrefs need no ``../``."""

_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" \
lang="{lang}" xml:lang="{lang}"{dir}>
<head>
<meta charset="utf-8"/>
<title>{title}</title>
{css}
</head>
<body{body_type}>
{content}
</body>
</html>
"""


@dataclass(frozen=True, slots=True)
class Page:
    """One XHTML file of the book."""

    name: str
    """Its file name, also its manifest id without ``.xhtml``."""
    title: str
    lang: str
    content: ET.Element
    body_type: str
    """``epub:type`` of ``<body>``: ``frontmatter``, ``bodymatter``, ``backmatter``."""
    rtl: bool = False

    @property
    def uid(self) -> str:
        return self.name.removesuffix(".xhtml")

    def xhtml(self, stylesheets: tuple[str, ...] = (STYLESHEET,)) -> bytes:
        """The whole file, linking ``stylesheets`` in order. The content's text
        and attributes are escaped by the serializer."""
        content = ET.tostring(self.content, encoding="unicode", method="xml", short_empty_elements=True)
        links = "\n".join(f'<link rel="stylesheet" type="text/css" href="{href}"/>' for href in stylesheets)
        return _PAGE.format(
            lang=escape(self.lang, quote=True),
            dir=' dir="rtl"' if self.rtl else "",
            title=escape(self.title, quote=False),
            css=links,
            body_type=f' epub:type="{self.body_type}"',
            content=content,
        ).encode("utf-8")


IMAGES = "images"
"""The folder of the articles' pictures (and of the cover)."""


def article_name(part: Part) -> str:
    return f"{part.prefix}article.xhtml"


def picture_href(part: Part, picture: Picture) -> str:
    """Where one of an article's pictures is in the book: ``images/a2-img-01.jpg``."""
    return f"{IMAGES}/{part.prefix}{picture.name}"


def pictures(document: Document) -> list[tuple[str, Picture]]:
    """Every article's pictures, each with its place in the book, in reading order."""
    return [(picture_href(part, picture), picture) for part in document.parts for picture in part.article.images]


def bio_name(part: Part) -> str:
    return f"{part.prefix}bio.xhtml"


def _title_page(document: Document) -> ET.Element:
    """A packet's own title page; for one article, its masthead's credits under the headline."""
    if document.front is not None:
        return copied(document.front.title_page)
    masthead = document.parts[0].masthead
    section = element(None, "section", class_="titlepage", id="_titlepage", epub_type="titlepage")
    element(section, "h1", document.meta.title, class_="title", epub_type="fulltitle")
    section.extend(copied(piece) for piece in (masthead.dek, *masthead.credits) if piece is not None)
    return section


def _article(document: Document, part: Part) -> ET.Element:
    section = element(
        None, "section", class_="article", id=part.id, epub_type="chapter", role="doc-chapter", aria_labelledby=part.title_id
    )
    section.append(part.masthead.header(credits=document.is_packet))
    children_of(part.body, section)
    hrefs = {picture.name: picture_href(part, picture) for picture in part.article.images}
    for image in section.iter("img"):
        image.set("src", hrefs.get(image.get("src", ""), ""))
    return section


def _endnotes(document: Document) -> ET.Element:
    """One endnotes file for the whole book; a packet's notes grouped by article."""
    section = element(
        None, "section", class_="endnotes", id="endnotes", epub_type="endnotes", role="doc-endnotes", aria_labelledby="endnotes-title"
    )
    element(section, "h2", document.labels.notes, id="endnotes-title")
    for part in document.parts:
        if part.notes_list is None:
            continue
        if not document.is_packet:
            section.append(copied(part.notes_list))
            continue
        # No accessible name: a group is no landmark of its own (two articles
        # may share a title, and landmarks must be told apart).
        group = element(section, "section", id=part.notes_id)
        element(group, "h3", part.meta.title, id=f"{part.notes_id}-title")
        group.append(copied(part.notes_list))
    return section


def pages(document: Document) -> list[Page]:
    """Every file after the cover, in spine order, with links pointed at their files."""
    lang, labels = document.lang, document.labels
    rtl = is_rtl(lang)
    made = [Page(TITLE_PAGE, labels.title_page, lang, _title_page(document), "frontmatter", rtl)]
    if document.front is not None:
        if document.front.contents is not None:
            made.append(Page(CONTENTS, labels.contents, lang, copied(document.front.contents), "frontmatter", rtl))
        if document.front.intro is not None:
            made.append(Page(INTRO, labels.introduction, lang, copied(document.front.intro), "frontmatter", rtl))
    for part in document.parts:
        own = is_rtl(part.lang)
        made.append(Page(article_name(part), part.meta.title, part.lang, _article(document, part), "bodymatter", own))
        if part.bio is not None:
            heading = bio_label(len(part.meta.authors), part.labels)
            made.append(Page(bio_name(part), heading, part.lang, copied(part.bio), "backmatter", own))
    if any(part.notes_list is not None for part in document.parts):
        made.append(Page(NOTES, labels.notes, lang, _endnotes(document), "backmatter", rtl))
    _point_links(made)
    return made


def _point_links(made: list[Page]) -> None:
    """``href="#id"`` → ``file.xhtml#id``, for the file that holds ``id``."""
    where = {
        ident: page.name for page in made for node in page.content.iter() if (ident := node.get("id")) is not None
    }
    for page in made:
        for link in page.content.iter("a"):
            href = link.get("href", "")
            if href.startswith("#") and href[1:] in where:
                link.set("href", f"{where[href[1:]]}{href}")

"""The HTML document WeasyPrint lays out: head metadata, then one section per article.

Everything set here comes from the document (``exporter/compose``): the
writer arranges the parts for paper and serializes the whole once with
ElementTree's HTML writer. Text that comes from metadata is only ever set as
element text or attribute values, so it is escaped by the serializer and
never read as markup.

Arranged for paper:

- each article is the composed ``<article>`` (masthead, body, bio, notes),
  its masthead's ``data-running-*`` attributes giving the running heads;
  with ``notes="foot"`` each note is at its call, floated to the page's foot;
- notes open with their number, which links back to the call;
- ``epub:type`` attributes, which mean something to reading systems only,
  are left out: the ``role`` attributes beside them say the same in HTML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...compose import Document, Front, Part, footnote
from ...compose.article import article_section as composed_article
from ...compose.dates import iso_date
from ...compose.language import is_rtl
from ...compose.xhtml import copied, element, without_epub_types
from ...model import Metadata, Picture
from ..fetch import picture_url

Placement = Literal["end", "foot"]

INLINE = frozenset(
    {
        "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    }
)  # fmt: skip
"""Inline elements the renderer or the masthead can produce."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the PDF's Info dictionary and XMP say about the whole document."""

    title: str
    authors: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en"
    date: str = ""
    """ISO ``YYYY-MM-DD`` (or a W3C date-time); becomes CreationDate and ModDate. Empty: none."""

    @classmethod
    def of(cls, meta: Metadata, lang: str, editor: str = "") -> DocumentInfo:
        """A packet's editor is its author here; else every author of ``meta``."""
        return cls(
            title=meta.title,
            authors=(editor,) if editor else meta.author_names,
            description=meta.description or meta.subtitle,
            keywords=meta.subjects,
            lang=lang,
            date=iso_date(meta.date),
        )

    @classmethod
    def of_document(cls, document: Document) -> DocumentInfo:
        return cls.of(document.meta, document.lang, document.editor)


def _at_calls(body: ET.Element, part: Part) -> None:
    """Each noteref in ``body`` replaced by its note, floated to the page's foot."""
    notes = {f"#{part.prefix}note-{note.number}": note for note in part.notes}
    for parent in body.iter():
        for index, child in enumerate(list(parent)):
            if child.tag == "a" and "noteref" in child.get("class", "").split() and child.get("href") in notes:
                note = footnote(notes[child.get("href", "")], part.prefix)
                note.tail = child.tail
                parent[index] = note


def picture_key(part: Part, picture: Picture) -> str:
    return picture_url(f"{part.prefix}{picture.name}")


def pictures_of(parts: Sequence[Part]) -> dict[str, tuple[bytes, str]]:
    """The parts' pictures, by the address :func:`article_section` gives them."""
    return {picture_key(part, p): (p.data, p.media_type) for part in parts for p in part.article.images}


def article_section(part: Part, placement: Placement, notes: bool = True) -> ET.Element:
    """One article for paper: its masthead names the running heads, and with
    ``placement="foot"`` each note floats to the foot of its call's page.
    Its pictures point into the fetcher's map (:func:`pictures_of`). Without
    ``notes``, the notes list is left out (to be laid out apart)."""
    section = composed_article(part, notes=notes and placement == "end")
    keys = {picture.name: picture_key(part, picture) for picture in part.article.images}
    for image in section.iter("img"):
        image.set("src", keys.get(image.get("src", ""), ""))
    header = section.find("header")
    assert header is not None
    # Read by print.css's string-set for the running heads of later pages,
    # and the words around a handout's page numbers ("Seite 2 von 3").
    header.set("data-running-title", part.masthead.running_title)
    header.set("data-running-author", part.masthead.running_author)
    before, between, after = folio_words(part.labels.page_of)
    header.set("data-folio-before", before)
    header.set("data-folio-between", between)
    header.set("data-folio-after", after)
    if placement == "foot":
        body = section.find("div")
        assert body is not None
        _at_calls(body, part)
    return without_epub_types(section)


def folio_words(pattern: str) -> tuple[str, str, str]:
    """``"Page {n} of {total}"`` → ``("Page ", " of ", "")``: what goes around the numbers."""
    before, _, rest = pattern.partition("{n}")
    between, _, after = rest.partition("{total}")
    return before, between, after


def keep_spaces_inside_inlines(root: ET.Element) -> None:
    """``roughly <span>40</span>`` → ``roughly<span> 40</span>``, everywhere in ``root``.

    WeasyPrint 70 measures a text run with its trailing space; when the run
    fits a line only without that space and an inline element follows, it
    gives up on the run and breaks after its *first* word, leaving one word
    alone on a line (Kozea/WeasyPrint#1614 and kin). Moving the space to the
    start of the following element keeps the same break opportunity and
    avoids the faulty path; a space at the start of a line is dropped anyway.
    Footnote elements are left alone: they float away, the space must stay.
    """
    for parent in root.iter():
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag not in INLINE or "footnote" in child.get("class", "").split():
                continue
            if index == 0:
                text = parent.text or ""
            else:
                text = children[index - 1].tail or ""
            if not text or not text[-1].isspace() or not text.strip():
                continue
            stripped = text.rstrip()
            if index == 0:
                parent.text = stripped
            else:
                children[index - 1].tail = stripped
            child.text = " " + (child.text or "")


def front_elements_of(front: Front | None) -> list[ET.Element]:
    """A packet's title page, contents and introduction, as paper sets them."""
    if front is None:
        return []
    shown = [front.title_page, front.contents, front.intro]
    return [without_epub_types(copied(piece)) for piece in shown if piece is not None]


def document_html(
    info: DocumentInfo,
    sections: Sequence[ET.Element],
    classes: Sequence[str] = (),
) -> str:
    """The whole HTML5 document: metadata in ``<head>`` for the PDF, then ``sections``.

    ``classes`` go on the root, where print.css picks its page layout up
    (``packet``, ``duplex``, ``parts``).
    """
    html = element(None, "html", lang=info.lang)
    if is_rtl(info.lang):
        html.set("dir", "rtl")
    if classes:
        html.set("class", " ".join(classes))
    head = element(html, "head")
    element(head, "meta", charset="utf-8")
    element(head, "title", info.title)
    for name in info.authors:
        element(head, "meta", name="author", content=name)
    if info.description:
        element(head, "meta", name="description", content=info.description)
    if info.keywords:
        element(head, "meta", name="keywords", content=", ".join(info.keywords))
    element(head, "meta", name="generator", content="exporter")
    if info.date:
        # WeasyPrint writes these as CreationDate and ModDate; without them it
        # writes no date at all, so the output never depends on the clock.
        element(head, "meta", name="dcterms.created", content=info.date)
        element(head, "meta", name="dcterms.modified", content=info.date)
    body = element(html, "body")
    body.extend(sections)
    keep_spaces_inside_inlines(body)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


def whole_document(document: Document, placement: Placement, info: DocumentInfo, duplex: bool = False) -> str:
    """The document as one HTML file: front matter, then every article."""
    classes = (("packet", "duplex") if duplex else ("packet",)) if document.is_packet else ()
    sections = front_elements_of(document.front) + [article_section(part, placement) for part in document.parts]
    return document_html(info, sections, classes)

"""The HTML document WeasyPrint lays out: head metadata, then one section per article.

The renderer gives XHTML fragments; WeasyPrint parses HTML5. Rather than
pasting strings (an empty ``<span/>`` means something else to an HTML
parser), the fragments are parsed into one ElementTree and the whole
document is serialized once with ElementTree's HTML writer. Text that comes
from metadata is only ever set as element text or attribute values, so it is
escaped by the serializer and never read as markup.

One article or many: :func:`document_html` takes a sequence of rendered
articles, each carrying its own id prefix, so a reading packet adds its
title page and contents in front (``front.py``) and reuses
:func:`article_section` as it is.
"""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Article, Metadata, RenderedArticle
from ...render import RenderOptions, endnote_items, render_article
from ...render.labels import date_in_words, join_names, labels_for
from ...render.typography import typographic
from ..result import Progress, no_progress

_EPUB_NS = "http://www.idpf.org/2007/ops"
INLINE = frozenset(
    {
        "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    }
)  # fmt: skip
"""Inline elements the renderer or the masthead can produce."""
SHORT_TITLE_CHARS = 56
"""A running head longer than this is cut at a word and given an ellipsis."""

# Ids of our own start with "_" after the article's prefix (``_title``,
# ``_notes``, ``_article``): heading slugs never contain "_" (slugify turns it
# into "-"), so the two cannot collide.


def render_articles(
    articles: Sequence[Article], footnotes: bool, first: int | None = None, progress: Progress = no_progress
) -> list[RenderedArticle]:
    """Each article rendered once, links as notes; with ``first``, as articles
    ``first``, ``first + 1``… of a packet, ids prefixed ``a<n>-``."""
    rendered = []
    for number, article in enumerate(articles, first or 1):
        prefix = f"a{number}-" if first is not None else ""
        options = RenderOptions(links="notes", footnotes=footnotes, id_prefix=prefix)
        rendered.append(render_article(article, options))
        progress()
    return rendered


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
    def of(cls, meta: Metadata) -> DocumentInfo:
        return cls(
            title=meta.title,
            authors=meta.author_names,
            description=meta.description or meta.subtitle,
            keywords=meta.subjects,
            lang=meta.lang or "en",
            date=iso_date(meta.date),
        )


def iso_date(text: str) -> str:
    """``text`` if it is a valid ISO date, else empty (WeasyPrint warns on bad dates)."""
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat() if text else ""
    except ValueError:
        return ""


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """The running-head title: the part before a colon, or a cut at a word."""
    head, colon, _ = title.partition(": ")
    if colon and len(head.split()) >= 2:
        title = head
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return f"{cut}\u2026"


def element(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    """A new child of ``parent``; its text and attribute values are escaped on output."""
    # class_ → class, aria_label → aria-label
    names = {k: k.rstrip("_").replace("_", "-") for k in attrs}
    element = ET.SubElement(parent, tag, {names[k]: v for k, v in attrs.items()})
    if text:
        element.text = text
    return element


def fragment(xhtml: str) -> ET.Element:
    """Parse a renderer fragment into a ``<div>``, dropping ``epub:`` attributes.

    ``epub:type`` means something to reading systems only; the ``role``
    attributes beside it carry the same semantics in HTML.
    """
    root = ET.fromstring(f'<div xmlns:epub="{_EPUB_NS}">{xhtml}</div>')
    for element in root.iter():
        for name in [n for n in element.attrib if n.startswith("{")]:
            del element.attrib[name]
    return root


def move_children(source: ET.Element, target: ET.Element) -> None:
    if source.text:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + source.text
        else:
            target.text = (target.text or "") + source.text
    target.extend(list(source))


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


def _masthead(rendered: RenderedArticle) -> ET.Element:
    meta = typographic(rendered.meta)
    labels = labels_for(meta.lang)
    names = meta.author_names
    header = ET.Element(
        "header",
        {
            "class": "masthead",
            # Read by string-set for the running heads of later pages.
            "data-running-title": short_title(meta.title),
            "data-running-author": join_names(names, labels) if len(names) <= 2 else f"{names[0]} et al.",
        },
    )
    if meta.section:
        element(header, "p", meta.section, class_="kicker")
    element(header, "h1", meta.title, class_="title", id=f"{rendered.id_prefix}_title")
    if meta.subtitle:
        element(header, "p", meta.subtitle, class_="dek")
    if names:
        element(header, "p", join_names(names, labels), class_="byline")
    iso = iso_date(meta.date)
    if meta.publisher or iso:
        line = element(header, "p", class_="imprint")
        if meta.publisher:
            element(line, "span", meta.publisher, class_="publisher")
        if iso:
            if meta.publisher:
                # A middle dot between publisher and date, as a journal's imprint line.
                line[0].tail = " \u00b7 "
            element(line, "time", date_in_words(iso, labels), datetime=iso)
    if meta.also_published_in:
        line = element(header, "p", f"{labels.also_published_in} ", class_="also")
        element(line, "cite", meta.also_published_in)
    if meta.source:
        line = element(header, "p", f"{labels.original} ", class_="source")
        element(line, "a", meta.source, class_="url", href=meta.source)
    return header


def _endnotes(rendered: RenderedArticle) -> ET.Element:
    """The Notes section, with each note's number as its link back to the text.

    The renderer ends a note with a ``↩`` backlink; on paper that arrow is
    noise, and Charis has no glyph for it (the system font would be pulled
    in). The backlink moves to the front and shows the note's number instead,
    as journals print it, and stays clickable in a viewer.
    """
    section = ET.Element("section", {"class": "notes", "role": "doc-endnotes"})
    element(section, "h2", labels_for(rendered.meta.lang).notes, id=f"{rendered.id_prefix}_notes")
    items = fragment(endnote_items(rendered))
    listing = element(section, "ol")
    for note, item in zip(rendered.notes, items, strict=True):
        para = item.find("p")
        back = item.find(".//a[@class='backlink']")
        if para is not None and back is not None:
            holder = para if back in list(para) else item
            index = list(holder).index(back)
            if index:
                before = holder[index - 1]
                before.tail = (before.tail or "").rstrip() or None
            holder.remove(back)
            back.text, back.tail = f"{note.number}.", None
            para.insert(0, back)
        listing.append(item)
    return section


def _bio(rendered: RenderedArticle) -> ET.Element | None:
    if not rendered.bio:
        return None
    labels = labels_for(rendered.meta.lang)
    label = labels.about_authors if len(rendered.meta.authors) > 1 else labels.about_author
    box = ET.Element("aside", {"class": "bio", "aria-label": label})
    element(box, "h2", label, class_="bio-label")
    move_children(fragment(rendered.bio), box)
    return box


def article_section(rendered: RenderedArticle, footnotes: bool) -> ET.Element:
    """One article: masthead, body, bio, then (unless at the page foot) its notes.

    The bio comes straight after the text and before the notes: the reader
    who finishes the article meets its author at once, and the notes, which
    can run to pages, stay an apparatus at the very end to look things up in.
    """
    section = ET.Element(
        "article",
        {"class": "article", "id": f"{rendered.id_prefix}_article", "lang": rendered.meta.lang},
    )
    section.append(_masthead(rendered))
    body = element(section, "div", class_="body")
    move_children(fragment(rendered.body), body)
    bio = _bio(rendered)
    if bio is not None:
        section.append(bio)
    if rendered.notes and not footnotes:
        section.append(_endnotes(rendered))
    return section


def document_html(
    articles: Sequence[RenderedArticle],
    info: DocumentInfo,
    footnotes: bool,
    front: Sequence[ET.Element] = (),
    classes: Sequence[str] = (),
) -> str:
    """The whole HTML5 document for ``articles``, metadata in ``<head>`` for the PDF.

    ``front`` goes before the articles (a packet's title page and contents);
    ``classes`` go on the root, where print.css picks its page layout up
    (``packet``, ``duplex``).
    """
    html = ET.Element("html", {"lang": info.lang})
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
    body.extend(front)
    for rendered in articles:
        body.append(article_section(rendered, footnotes))
    keep_spaces_inside_inlines(body)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")

"""Links to numbered notes, and the endnotes list that goes with them.

Markup follows the EPUB 3 structural semantics and DPUB-ARIA, as Standard
Ebooks and pandoc use them: ``a#noteref-N[epub:type=noteref][role=doc-noteref]``
after the linked words, and ``li#note-N[epub:type=endnote][role=doc-endnote]``
ending with one space and a ``↩`` backlink (``epub:type=backlink``). A
closing quote right after the linked words goes before the marker. Ids carry
the article's prefix so that a packet's ids stay unique, and never a colon.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..model import Note, RenderedArticle
from .tree import serialize_children, text_content

if TYPE_CHECKING:
    from . import RenderOptions

NOTE_SCHEMES = frozenset({"http", "https", "mailto"})
_CLOSING_QUOTES = "”’\"'»›"


MAX_SHOWN_URL = 300
"""Characters of an address printed in a note; the link keeps all of it."""


def readable_url(url: str) -> str:
    """The address as a reader should see it: mailto's address, escapes undone.

    An address longer than a few lines is cut with an ellipsis: nobody types
    it from paper, and laying out 100,000 breakable characters takes minutes.
    """
    if url.startswith("mailto:"):
        url = url[len("mailto:") :]
    try:
        url = unquote(url)
    except ValueError:
        pass
    return url if len(url) <= MAX_SHOWN_URL else url[: MAX_SHOWN_URL - 1] + "\u2026"


def _noteref(number: int, options: RenderOptions) -> ET.Element:
    prefix = options.id_prefix
    ref = ET.Element(
        "a",
        {
            "class": "noteref",
            "epub:type": "noteref",
            "role": "doc-noteref",
            "id": f"{prefix}noteref-{number}",
            "href": f"{options.notes_href}#{prefix}note-{number}",
        },
    )
    ref.text = str(number)
    return ref


def _footnote(note: Note, options: RenderOptions) -> ET.Element:
    span = ET.Element("span", {"class": "footnote", "id": f"{options.id_prefix}note-{note.number}"})
    _note_content(span, note)
    return span


def _note_content(parent: ET.Element, note: Note) -> None:
    words = ET.SubElement(parent, "span", {"class": "note-words"})
    words.text = note.text
    words.tail = ": "
    link = ET.SubElement(parent, "a", {"class": "url", "href": note.url})
    link.text = readable_url(note.url)


def apply_notes(root: ET.Element, options: RenderOptions) -> tuple[Note, ...]:
    """Give every absolute link in ``root`` a note; unwrap links that go nowhere."""
    notes: list[Note] = []
    markers: dict[ET.Element, ET.Element] = {}
    for link in list(root.iter("a")):  # document order
        url = link.get("href", "").strip()
        if urlsplit(url).scheme.lower() not in NOTE_SCHEMES:
            # Relative and fragment links lead nowhere outside the site.
            link.tag, link.attrib = "span", {}
            continue
        if options.links == "inline":
            continue
        text = " ".join(text_content(link).split()) or readable_url(url)
        note = Note(len(notes) + 1, text, url)
        notes.append(note)
        if options.links == "notes":
            link.tag, link.attrib = "span", {"class": "link"}
        marker = _footnote(note, options) if options.footnotes else _noteref(note.number, options)
        # The number follows a closing quote: “noteworthy”³, not “noteworthy³”.
        tail = link.tail or ""
        closing = len(tail) - len(tail.lstrip(_CLOSING_QUOTES))
        link.tail, marker.tail = tail[:closing] or None, tail[closing:]
        markers[link] = marker
    if markers:
        # Each marker after its link, every parent's children rebuilt once:
        # inserting one at a time costs a search of the children per link.
        for parent in list(root.iter()):
            children = list(parent)
            if any(child in markers for child in children):
                parent[:] = [item for child in children for item in (child, markers.get(child)) if item is not None]
    return tuple(notes)


def endnote_items(rendered: RenderedArticle, text_href: str = "") -> str:
    """The ``<li>`` elements of ``rendered``'s endnotes, as XHTML text.

    ``text_href`` names the document holding the noterefs, for the backlinks.
    """
    prefix = rendered.id_prefix
    holder = ET.Element("ol")
    for note in rendered.notes:
        item = ET.SubElement(
            holder,
            "li",
            # No role="doc-endnote": DPUB-ARIA 1.1 deprecates it (a list item
            # already is one) and EPUBCheck warns on every use.
            {"id": f"{prefix}note-{note.number}", "epub:type": "endnote"},
        )
        para = ET.SubElement(item, "p")
        _note_content(para, note)
        para[-1].tail = " "
        back = ET.SubElement(
            para,
            "a",
            {
                "class": "backlink",
                "href": f"{text_href}#{prefix}noteref-{note.number}",
                "epub:type": "backlink",
                "role": "doc-backlink",
            },
        )
        back.text = "\u21a9"
    return serialize_children(holder)

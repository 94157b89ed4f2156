"""The notes made from an article's links: the list, and each note's own words.

=============  ==============================================================
list           ``<ol>`` of ``li#…note-N[epub:type=endnote]``, each a ``<p>``:
               the linked words, a colon, the address as a link
backlink       ``a.backlink[epub:type=backlink][role=doc-backlink]`` to the
               call: after the note as ``↩`` (e-books), or before it as the
               note's number (paper), per ``ComposeOptions.backlinks``
footnote       ``span.footnote#…note-N``: the same words, for a writer that
               sets the notes at the foot of the page, at their calls
=============  ==============================================================

No ``role="doc-endnote"`` on the items: DPUB-ARIA 1.1 deprecates it (a list
item already is one) and EPUBCheck warns on every use.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..model import Note
from ..render.notes import readable_url
from .model import Backlinks
from .xhtml import element


def _content(parent: ET.Element, note: Note) -> None:
    element(parent, "span", note.text, class_="note-words").tail = ": "
    element(parent, "a", readable_url(note.url), class_="url", href=note.url)


def _backlink(note: Note, prefix: str, text: str) -> ET.Element:
    return element(
        None, "a", text, class_="backlink", href=f"#{prefix}noteref-{note.number}", epub_type="backlink", role="doc-backlink"
    )


def notes_list(notes: Sequence[Note], prefix: str, backlinks: Backlinks) -> ET.Element | None:
    """The article's notes as an ``<ol>``; None when it has none."""
    if not notes:
        return None
    listing = element(None, "ol")
    for note in notes:
        item = element(listing, "li", id=f"{prefix}note-{note.number}", epub_type="endnote")
        para = element(item, "p")
        if backlinks == "before":
            para.append(_backlink(note, prefix, f"{note.number}."))
            _content(para, note)
        else:
            _content(para, note)
            para[-1].tail = " "
            para.append(_backlink(note, prefix, "\u21a9"))
    return listing


def footnote(note: Note, prefix: str) -> ET.Element:
    """The note as it floats to the foot of the page from its call."""
    span = element(None, "span", class_="footnote", id=f"{prefix}note-{note.number}")
    _content(span, note)
    return span

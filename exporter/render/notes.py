"""Links to numbered notes, and the endnotes list that goes with them.

Markup follows the EPUB 3 structural semantics and DPUB-ARIA, as Standard
Ebooks and pandoc use them: ``a#noteref-N[epub:type=noteref][role=doc-noteref]``
after the linked words, linking to ``#note-N``; the notes themselves are
made by ``compose/notes.py``. A closing quote right after the linked words
goes before the marker. Ids carry the article's prefix so that a packet's
ids stay unique, and never a colon.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..model import Note
from .tree import EPUB_TYPE, text_content

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


def noteref(number: int, prefix: str) -> ET.Element:
    """The call of note ``number``: its number, linking to the note in this
    document (a writer that splits the document points it at the right file)."""
    ref = ET.Element(
        "a",
        {
            "class": "noteref",
            EPUB_TYPE: "noteref",
            "role": "doc-noteref",
            "id": f"{prefix}noteref-{number}",
            "href": f"#{prefix}note-{number}",
        },
    )
    ref.text = str(number)
    return ref


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
        marker = noteref(note.number, options.id_prefix)
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

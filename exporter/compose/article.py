"""An article whole, as one section: for the writers that keep it in one piece.

The e-book splits an article into files (article, bio, notes); the PDF and
the HTML page keep it as one ``<article>``: masthead, body, bio, then notes.
The bio comes straight after the text and before the notes: the reader who
finishes the article meets its author at once, and the notes, which can run
to pages, stay an apparatus at the very end to look things up in.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .language import is_rtl
from .model import Part
from .xhtml import children_of, copied, element


def notes_section(part: Part) -> ET.Element | None:
    """``<section class="notes">`` with its heading and the notes list; None without notes."""
    if part.notes_list is None:
        return None
    section = element(None, "section", class_="notes", role="doc-endnotes", aria_labelledby=part.notes_id)
    element(section, "h2", part.labels.notes, id=part.notes_id)
    section.append(copied(part.notes_list))
    return section


def article_section(part: Part, notes: bool = True) -> ET.Element:
    """``<article>``: masthead, ``<div class="body">``, bio, and (with ``notes``) the notes."""
    section = element(None, "article", class_="article", id=part.id, lang=part.lang, aria_labelledby=part.title_id)
    if is_rtl(part.lang):
        section.set("dir", "rtl")
    section.append(part.masthead.header())
    children_of(part.body, element(section, "div", class_="body"))
    pieces = [part.bio and copied(part.bio), notes_section(part) if notes else None]
    section.extend(piece for piece in pieces if piece is not None)
    return section

"""A handout with a long notes list, laid out in pieces of bounded size.

WeasyPrint holds every page of a document until it has written the PDF, so
a handout's memory grew with every note: one of 5,000 notes took more than
a gigabyte. From :data:`NOTES_APART` notes on, a handout is laid out in
pieces instead, each in a process of its own whose memory goes when it ends:

1. The article without its notes list (masthead, text, bio), in one process.
2. Meanwhile the notes list, :data:`NOTES_PER_PIECE` notes at a time, one
   piece after the other, each from a new page. A piece keeps only the
   pages before its last: the notes there, which the next ones would have
   joined, start the next piece. So every page of notes is as full as in
   one document; the list starts on a page of its own, the one difference.
3. The pieces are joined (``join.py``). Calls link to their notes and notes
   back to their calls across pieces: as addresses at first (WeasyPrint
   would drop a link to a name its document lacks), made internal links
   once the pieces are one PDF (``join.link_across``).
4. No piece knows the page count, so none prints a folio: the folios
   ("Page 3 of 140", in the article's words) are set by WeasyPrint in a
   document of empty pages as long as the whole, drawn over each page.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

from .... import processes
from ....compose import Document, Part
from ....compose.language import is_rtl
from ....compose.xhtml import copied, element
from ...result import Built
from .. import marks
from ..engine import PageSetup, Pictures, lay_out
from ..html import DocumentInfo, article_section, document_html, folio_words, pictures_of
from . import join, subsets

NOTES_APART = 2000
"""Notes from which a handout's list is laid out in pieces: where one
document needs about 500 MiB, and the pieces' processes (a few dozen MiB
each before they lay anything out) need less (``bench/notes_bench.py``)."""

NOTES_PER_PIECE = 300
"""Notes a piece lays out at most: a piece's memory stays about that of a
handout of ordinary length."""

CLASS = "notes-apart"
"""The root class of every piece, where print.css takes its page layout from."""


def apart(document: Document) -> bool:
    """Whether ``document`` is a handout whose notes are laid out in pieces."""
    return not document.is_packet and len(document.parts[0].notes) >= NOTES_APART


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece to lay out: what a layout process needs, all of it picklable."""

    html: str
    page: PageSetup
    tagged: bool
    notes: tuple[str, ...] = ()
    """The ids of the notes the piece lists, in order."""
    whole: bool = True
    """Keep every page; else only those before the last (see the module's account)."""
    pictures: Pictures | None = None


@dataclass(frozen=True, slots=True)
class LaidPiece:
    """A piece laid out and written."""

    data: bytes
    pages: int
    notes: int
    """How many of the piece's notes its pages hold."""


def whole_pages(notes: Sequence[str], pages: Sequence[frozenset[str]]) -> tuple[int, int]:
    """The pages to keep of a piece, before its last, and how many notes they hold whole.

    ``pages`` are the names on each page; a note split over pages is on each.
    The cut is moved back past any note that starts before it and goes on
    after it. Where it would keep no note, every page is kept.
    """
    first: dict[int, int] = {}
    for number, names in enumerate(pages):
        for index, name in enumerate(notes):
            if name in names:
                first.setdefault(index, number)
    cut = len(pages) - 1
    while cut > 0:
        there = [index for index, name in enumerate(notes) if name in pages[cut]]
        if not there:
            cut -= 1
            continue
        earliest = min(first[index] for index in there)
        if earliest == cut:
            # Pages with no note before the first note's would hold the heading alone.
            return (cut, min(there)) if min(there) > 0 else (len(pages), len(notes))
        cut = earliest
    return len(pages), len(notes)


def lay_out_piece(piece: Piece) -> LaidPiece:
    """Lay out and write one piece (in a process of its own)."""
    held = len(piece.notes)

    def keep(pages: Sequence[frozenset[str]]) -> int:
        nonlocal held
        if piece.whole:
            return len(pages)
        kept, held = whole_pages(piece.notes, pages)
        return kept

    laid = lay_out(piece.html, piece.page, piece.tagged, compressed=False, pictures=piece.pictures, keep=keep)
    assert laid is not None and laid.built.pages is not None  # no footnotes: always laid out
    return LaidPiece(join.compact(laid.built.data), laid.built.pages, held)


def _notes_under_article(pdf: pikepdf.Pdf, text: bytes) -> None:
    """The notes' bookmark moved under the article's last, where one document has
    it; ``text``: the PDF of the article's own pages, whose bookmarks come first."""
    with join.open_pdf(text).open_outline() as own:
        article = len(own.root)
    with pdf.open_outline() as outline:
        notes = outline.root[article:]
        if article and notes:
            del outline.root[article:]
            outline.root[article - 1].children.extend(notes)


def _patience(piece: Piece) -> float:
    return processes.patience_for(len(piece.html.split()))


def linked_across(root: ET.Element) -> ET.Element:
    """``root``, each of its links to an id it does not hold made a link across
    pieces (``join.ACROSS``)."""
    held = {element.get("id") for element in root.iter() if element.get("id")}
    for link in root.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and href[1:] not in held:
            link.set("href", join.ACROSS + href[1:])
    return root


def _note_ids(part: Part) -> list[str]:
    return [f"{part.prefix}note-{note.number}" for note in part.notes]


def text_html(part: Part, info: DocumentInfo) -> str:
    """The article without its notes list."""
    return document_html(info, [linked_across(article_section(part, "end", notes=False))], [CLASS])


def notes_html(part: Part, info: DocumentInfo, start: int, stop: int) -> str:
    """Notes ``start`` to ``stop`` (0-based) of the article's list, the heading
    before the first."""
    assert part.notes_list is not None
    holder = element(None, "div", class_="notes-part", lang=part.lang)
    if is_rtl(part.lang):
        holder.set("dir", "rtl")
    element(
        holder,
        "div",
        class_="running-strings",
        data_running_title=part.masthead.running_title,
        data_running_author=part.masthead.running_author,
    )
    section = element(holder, "section", class_="notes", role="doc-endnotes")
    if start == 0:
        section.set("aria-labelledby", part.notes_id)
        element(section, "h2", part.labels.notes, id=part.notes_id)
    listing = element(section, "ol")
    listing.extend(copied(item) for item in list(part.notes_list)[start:stop])
    return document_html(info, [linked_across(holder)], [CLASS])


def folios_html(part: Part, info: DocumentInfo, pages: int) -> str:
    """``pages`` empty pages, each with the folio the handout's page would have."""
    before, between, after = folio_words(part.labels.page_of)
    strings = element(
        None, "div", class_="folio-strings", data_folio_before=before, data_folio_between=between, data_folio_after=after
    )
    return document_html(info, [strings, *(element(None, "div", class_="folio-page") for _ in range(pages))], ["folio-pages"])


def build(document: Document, info: DocumentInfo, page: PageSetup, tagged: bool) -> Built:
    """The handout's PDF, its notes laid out in pieces (see the module's account)."""
    part = document.parts[0]
    text = Piece(text_html(part, info), page, tagged, pictures=pictures_of([part]))
    started = processes.start(lay_out_piece, text, isolated=True, patience=_patience(text))
    pieces: list[LaidPiece] = []
    try:
        start, count, ids, size = 0, len(part.notes), _note_ids(part), NOTES_PER_PIECE
        while start < count:
            stop = min(count, start + size)
            piece = Piece(notes_html(part, info, start, stop), page, tagged, tuple(ids[start:stop]), whole=stop == count)
            laid = processes.start(lay_out_piece, piece, isolated=True, patience=_patience(piece)).result()
            if laid.pages < 2 and stop < count:
                # Notes so short that a piece fills no page: it would leave the
                # rest of its page empty. Larger pieces, then.
                size *= 2
                continue
            pieces.append(laid)
            start += laid.notes
        body = started.result()
    finally:
        started.stop()
    pdf = join.join([body.data, *(piece.data for piece in pieces)])
    join.link_across(pdf)
    _notes_under_article(pdf, body.data)
    # The same page setup, the user's style sheets included; marks come last, on the whole.
    setup = dataclasses.replace(page, crop_marks=False)
    folios = lay_out(folios_html(part, info, len(pdf.pages)), setup, tagged=False)
    assert folios is not None
    join.overlay_folios(pdf, folios.built.data)
    subsets.one_subset_per_face(pdf)
    if page.crop_marks:
        marks.draw(pdf)
    return Built(join.save(pdf), pages=len(pdf.pages))

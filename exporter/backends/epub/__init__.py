"""EPUB 3 backend: articles → an e-book that EPUBCheck passes without a warning.

The stages, one module each, composed in :func:`build_book`:

=============  ================================================================
``plan``       render each article once through the shared renderer, with
               note links into ``endnotes.xhtml`` and a per-article id prefix;
               decide the documents, their order and the book's identity.
``cover``      draw a cover with Pillow, or take the user's image
               (``backends/cover.py``, shared with no one but kept apart).
``documents``  frame the rendered XHTML as whole documents: cover page,
               title page, article, bio, endnotes.
``package``    OPF, nav (contents and landmarks) and NCX via ebooklib, and
               a zip whose bytes depend only on the input.
=============  ================================================================

:func:`build` takes one article; :func:`build_book` takes several under one
set of book metadata; :func:`build_packet` makes a reading packet: the
packet's own cover and title page (with its editor), a contents page, the
introduction, then each article with its masthead, bio and grouped notes.
:func:`export` is what the command line calls, for either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...model import Article, Author, Metadata, Packet
from ...render import LinkMode, RenderOptions, render_markdown
from ...render.labels import date_in_words, join_names, labels_for
from ...render.typography import typographic
from ..cover import CoverImage, CoverText, draw_cover, read_cover
from ..result import Built, Progress, no_progress
from .metadata import book_identifier, modified_time
from .package import package
from .plan import Book, Front, chapters

__all__ = ["SUFFIX", "Options", "build", "build_book", "build_packet", "export"]

SUFFIX = ".epub"


@dataclass(frozen=True, slots=True)
class Options:
    """How the e-book is made."""

    links: LinkMode = "notes"
    """``notes`` (the default): each link becomes a numbered endnote and the
    text keeps only the words; ``inline``: links stay live links, no notes;
    ``both``: links stay live and also get a note."""
    cover: Path | None = None
    """The user's cover image; None draws one from the title, author,
    publisher and date."""
    source_date_epoch: int | None = None
    """Seconds since 1970 for ``dcterms:modified`` and the zip entries'
    times, as ``SOURCE_DATE_EPOCH`` asks; None uses the article's date."""


def build(article: Article, options: Options) -> bytes:
    """The EPUB file, as bytes, for one article."""
    return build_book(article.meta, (article,), options)


def export(work: Article | Packet, options: Options, progress: Progress = no_progress) -> Built:
    """One article's e-book, or a reading packet's; ``progress`` ticks once per article."""
    if isinstance(work, Packet):
        return Built(build_packet(work, options, progress))
    data = build(work, options)
    progress()
    return Built(data)


def _cover(options: Options, title: str, byline: str, publisher: str, date: str, lang: str) -> CoverImage:
    if options.cover is not None:
        return read_cover(options.cover)
    labels = labels_for(lang)
    when = date_in_words(date, labels) if date else ""
    return draw_cover(CoverText(title=title, authors=byline, publisher=publisher, date=when))


def build_book(meta: Metadata, articles: Sequence[Article], options: Options) -> bytes:
    """The EPUB file for ``articles`` in order, under the book metadata ``meta``."""
    if not articles:
        raise ValueError("a book needs at least one article")
    parts = chapters(articles, options.links)
    # One article is its own book: reuse its typographic metadata.
    shown = parts[0].meta if len(articles) == 1 and meta == articles[0].meta else typographic(meta)
    byline = join_names(shown.author_names, labels_for(meta.lang))
    book = Book(
        meta=shown,
        chapters=parts,
        identifier=book_identifier(meta, articles),
        modified=modified_time(meta, options.source_date_epoch),
        cover=_cover(options, shown.title, byline, shown.publisher, meta.date, meta.lang),
        links=options.links,
    )
    return package(book)


def packet_metadata(packet: Packet) -> Metadata:
    """The book metadata of a packet: its title, subtitle, date and language,
    and every article's authors once each, in order of appearance."""
    names = dict.fromkeys(name for article in packet.articles for name in article.meta.author_names)
    return Metadata(
        title=packet.title,
        subtitle=packet.subtitle,
        authors=tuple(Author(name) for name in names),
        date=packet.date,
        lang=packet.lang,
    )


def build_packet(packet: Packet, options: Options, progress: Progress = no_progress) -> bytes:
    """The EPUB file of a reading packet."""
    if not packet.articles:
        raise ValueError("a packet needs at least one article")
    meta = packet_metadata(packet)
    shown = typographic(meta)
    editor = typographic(Metadata(title=packet.editor)).title if packet.editor else ""
    labels = labels_for(meta.lang)
    byline = f"{labels.edited_by} {editor}" if editor else ""
    covers: list[CoverImage] = []

    def make_cover() -> None:  # while the articles render in other processes
        covers.append(_cover(options, shown.title, byline, "", meta.date, meta.lang))

    parts = chapters(packet.articles, options.links, packet=True, progress=progress, meanwhile=make_cover)
    intro = render_markdown(packet.intro, RenderOptions(links="inline")) if packet.intro.strip() else ""
    book = Book(
        meta=shown,
        chapters=parts,
        identifier=book_identifier(meta, packet.articles),
        modified=modified_time(meta, options.source_date_epoch),
        cover=covers[0],
        links=options.links,
        front=Front(editor=editor, intro=intro),
    )
    return package(book)

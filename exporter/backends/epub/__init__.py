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

The public entry takes one article; :func:`build_book` takes several under
one set of book metadata, which is where reading packets plug in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...model import Article, Metadata
from ...render import LinkMode
from ...render.labels import date_in_words, join_names, labels_for
from ...render.typography import typographic
from ..cover import CoverText, draw_cover, read_cover
from .metadata import book_identifier, modified_time
from .package import package
from .plan import Book, chapters

__all__ = ["SUFFIX", "Options", "build", "build_book"]

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


def build_book(meta: Metadata, articles: Sequence[Article], options: Options) -> bytes:
    """The EPUB file for ``articles`` in order, under the book metadata ``meta``."""
    if not articles:
        raise ValueError("a book needs at least one article")
    parts = chapters(articles, options.links)
    # One article is its own book: reuse its typographic metadata.
    shown = parts[0].meta if len(articles) == 1 and meta == articles[0].meta else typographic(meta)
    if options.cover is not None:
        cover = read_cover(options.cover)
    else:
        labels = labels_for(meta.lang)
        cover = draw_cover(
            CoverText(
                title=shown.title,
                authors=join_names(shown.author_names, labels),
                publisher=shown.publisher,
                date=date_in_words(meta.date, labels) if meta.date else "",
            )
        )
    book = Book(
        meta=shown,
        chapters=parts,
        identifier=book_identifier(meta, articles),
        modified=modified_time(meta, options.source_date_epoch),
        cover=cover,
        links=options.links,
    )
    return package(book)

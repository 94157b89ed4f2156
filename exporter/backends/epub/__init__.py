"""EPUB 3 writer: a document → an e-book that EPUBCheck passes without a warning.

The stages, one module each, composed in :func:`write`:

=============  ================================================================
``compose``    the shared document (``exporter/compose``): mastheads, bodies,
               notes lists and bios, a packet's title page and contents.
``cover``      draw a cover with Pillow, or take the user's image
               (``backends/cover.py``).
``files``      split the document into XHTML files, links pointed at the
               file that holds their target.
``package``    OPF, nav (contents and landmarks) and NCX via ebooklib, and
               a zip whose bytes depend only on the input.
=============  ================================================================

:func:`export` takes one article (its own e-book) or a reading packet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...compose import ComposeOptions, Document, compose, packet_editor, packet_meta
from ...compose.labels import date_in_words, join_names, labels_for
from ...compose.typography import typographic
from ...errors import InputError
from ...model import Article, Metadata, Packet
from ...render import LinkMode
from ..cover import CoverImage, CoverText, draw_cover, read_cover
from ..result import Built, Progress, no_progress
from .files import pages
from .metadata import book_identifier, modified_time
from .package import package

__all__ = ["SUFFIX", "Options", "export", "write"]

SUFFIX = ".epub"


@dataclass(frozen=True, slots=True)
class Options:
    """How the e-book is made."""

    links: LinkMode = "notes"
    """``notes`` (the default): each link becomes a numbered endnote and the
    text keeps only the words; ``inline``: links stay live links, no notes;
    ``both``: links stay live and also get a note."""
    cover: Path | bool = True
    """The user's cover image; True draws one from the title, author,
    publisher and date; False makes a book without a cover."""
    css: tuple[Path, ...] = ()
    """Style sheets of the user's, linked after ours in every page."""
    toc: bool = True
    """A packet's contents page (the navigation document is always there)."""
    source_date_epoch: int | None = None
    """Seconds since 1970 for ``dcterms:modified`` and the zip entries'
    times, as ``SOURCE_DATE_EPOCH`` asks; None uses the article's date."""

    @property
    def compose(self) -> ComposeOptions:
        """Notes end with an arrow back to their call, as e-books set them."""
        return ComposeOptions(links=self.links, backlinks="after", contents=self.toc)


def _cover(options: Options, meta: Metadata, editor: str, packet: bool) -> CoverImage | None:
    """The user's cover, one drawn from the title, the authors (a packet's
    editor) and the date, or none."""
    if isinstance(options.cover, Path):
        return read_cover(options.cover)
    if not options.cover:
        return None
    labels = labels_for(meta.lang)
    if packet:
        credit = f"{labels.edited_by} {editor}" if editor else ""
    else:
        credit = join_names(meta.author_names, labels)
    when = date_in_words(meta.date, labels) if meta.date else ""
    return draw_cover(CoverText(title=meta.title, authors=credit, publisher=meta.publisher, date=when))


def write(document: Document, options: Options, covers: list[CoverImage | None] | None = None) -> Built:
    """The EPUB file of ``document`` (composed with ``options.compose``);
    ``covers`` holds the cover if it is already drawn."""
    cover = covers[0] if covers else _cover(options, document.meta, document.editor, document.is_packet)
    data = package(
        document,
        pages(document),
        cover,
        stylesheets=_stylesheets(options.css),
        identifier=book_identifier(document.meta, document.articles),
        modified=modified_time(document.meta, options.source_date_epoch),
        links=options.links,
    )
    return Built(data)


def export(work: Article | Packet, options: Options, progress: Progress = no_progress) -> Built:
    """One article's e-book, or a reading packet's; ``progress`` ticks once per article.

    The cover is drawn while a long packet's articles are composed in other processes.
    """
    packet = isinstance(work, Packet)
    meta, editor = (packet_meta(work), packet_editor(work)) if isinstance(work, Packet) else (typographic(work.meta), "")
    covers: list[CoverImage | None] = []
    document = compose(work, options.compose, progress, meanwhile=lambda: covers.append(_cover(options, meta, editor, packet)))
    return write(document, options, covers)


def _stylesheets(paths: tuple[Path, ...]) -> tuple[bytes, ...]:
    """The user's style sheets, read; one that cannot be read is an input error."""
    sheets = []
    for path in paths:
        try:
            sheets.append(path.read_bytes())
        except OSError as exc:
            raise InputError(path, f"cannot read the style sheet ({exc.strerror or exc})") from None
    return tuple(sheets)

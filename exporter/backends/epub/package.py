"""The package: manifest, spine, navigation and metadata via ebooklib, zipped reproducibly.

ebooklib writes the package document (OPF), the nav document and the NCX.
Its pitfalls, and what we do about each:

- It adds a hidden page-list built from every element of an ``EpubHtml``
  document that has both an ``epub:type`` and an ``id``, which would make
  every noteref and note a "page": ``epub3_pages`` off, whatever the items.
- ``set_cover`` only registers the image (and, with ``create_page``, adds a
  non-linear cover page): we register the image alone and put our own
  cover page first in the spine.
- Landmarks come from ``book.guide``; the EPUB 2 ``<guide>`` it would also
  write is off (``epub2_guide``), so the landmark types are EPUB 3's own.
- ``EpubHtml`` re-parses and rebuilds documents: ours go in as plain
  ``EpubItem`` bytes, written as they are.
- Its ``mtime`` option sets ``dcterms:modified`` only; the zip entries still
  carry the time of writing, so the archive is re-zipped with fixed times.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import Any

from ebooklib import epub

from ...errors import ExporterError
from ...model import Heading
from ...render.labels import labels_for
from .. import STYLES
from .documents import (
    article_page,
    bio_heading,
    bio_page,
    contents_page,
    cover_page,
    endnotes_page,
    intro_page,
    title_page,
)
from .metadata import GENERATOR, metadata_entries
from .plan import COVER_PAGE, NAV, NOTES, STYLESHEET, TITLE_PAGE, Book, Chapter

XHTML = "application/xhtml+xml"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry."""

TocEntry = Any
"""ebooklib's table-of-contents items: ``Link`` or ``(Section, [entries])``.

Their uids become NCX ids: ours have an underscore (``toc_bio``), which the
renderer's heading slugs never contain, so ``toc-<heading id>`` cannot clash."""


def _stylesheet() -> bytes:
    path = STYLES / "epub.css"
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExporterError(path, f"cannot read the e-book stylesheet ({exc.strerror or exc})") from None


def _heading_entries(headings: tuple[Heading, ...], href: str) -> list[TocEntry]:
    """Nest the body's headings by level: an h3 goes under the h2 before it."""
    roots: list[tuple[Heading, list[Any]]] = []
    stack: list[tuple[Heading, list[Any]]] = []
    for heading in headings:
        node: tuple[Heading, list[Any]] = (heading, [])
        while stack and stack[-1][0].level >= heading.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)

    def entry(node: tuple[Heading, list[Any]]) -> TocEntry:
        heading, children = node
        target = f"{href}#{heading.id}"
        if children:
            return (epub.Section(heading.text, target), [entry(c) for c in children])
        return epub.Link(target, heading.text, f"toc-{heading.id}")

    return [entry(node) for node in roots]


def _chapter_entry(chapter: Chapter, extras: list[TocEntry] | None = None) -> TocEntry:
    """The article's entry, with its headings under it, then ``extras``."""
    children = _heading_entries(chapter.rendered.headings, chapter.href) + (extras or [])
    if children:
        return (epub.Section(chapter.meta.title, chapter.href), children)
    return epub.Link(chapter.href, chapter.meta.title, f"toc_{chapter.prefix}article")


def _bio_entry(chapter: Chapter) -> TocEntry:
    own = labels_for(chapter.lang)
    return epub.Link(chapter.bio_href, bio_heading(chapter, own), f"toc_{chapter.prefix}bio")


def _notes_entry(book: Book, label: str) -> TocEntry:
    """The endnotes; in a collection, with one entry per article's group of notes.

    The groups sit under Notes rather than under each article: the nav must
    follow the reading order, and the notes come after the last article.
    """
    if not book.is_collection:
        return epub.Link(NOTES, label, "toc_endnotes")
    groups = [
        epub.Link(f"{NOTES}#{c.prefix}notes", c.meta.title, f"toc_{c.prefix}notes")
        for c in book.chapters
        if c.rendered.notes
    ]
    return (epub.Section(label, NOTES), groups)


def _zip_time(when: _dt.datetime) -> tuple[int, int, int, int, int, int]:
    stamp = when.astimezone(_dt.UTC).timetuple()[:6]
    clamped = min(max(stamp, ZIP_EPOCH), (2107, 12, 31, 23, 59, 58))
    return (clamped[0], clamped[1], clamped[2], clamped[3], clamped[4], clamped[5])


def _rezip(data: bytes, when: _dt.datetime) -> bytes:
    """The same archive with every entry's time, mode and system fixed.

    Entry order is kept, so ``mimetype`` stays first and uncompressed.
    """
    stamp = _zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            stored = entry.filename == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry), compresslevel=9)
    return out.getvalue()


def _add_documents(ebook: epub.EpubBook, book: Book) -> tuple[list[Any], list[TocEntry]]:
    """Add every content document; return the spine and the table of contents."""
    labels = labels_for(book.lang)

    def add(uid: str, href: str, content: bytes) -> epub.EpubItem:
        return ebook.add_item(epub.EpubItem(uid=uid, file_name=href, media_type=XHTML, content=content))

    spine = [
        add("cover", COVER_PAGE, cover_page(book, book.cover_href, labels)),
        add("titlepage", TITLE_PAGE, title_page(book, labels)),
    ]
    toc: list[TocEntry] = [epub.Link(TITLE_PAGE, labels.title_page, "toc_titlepage")]
    if book.contents_href:
        spine.append(add("contents", book.contents_href, contents_page(book, labels)))
        toc.append(epub.Link(book.contents_href, labels.contents, "toc_contents"))
    if book.front is not None and book.intro_href:
        spine.append(add("introduction", book.intro_href, intro_page(book, book.front, labels)))
        toc.append(epub.Link(book.intro_href, labels.introduction, "toc_introduction"))
    for chapter in book.chapters:
        spine.append(add(f"{chapter.prefix}article", chapter.href, article_page(book, chapter)))
        own = labels_for(chapter.lang)
        if chapter.bio_href:
            spine.append(add(f"{chapter.prefix}bio", chapter.bio_href, bio_page(book, chapter, own)))
        # A collection nests each article's bio under its title, so the nav
        # reads as the book does, one article at a time.
        bio = [_bio_entry(chapter)] if chapter.bio_href else []
        if book.is_collection:
            toc.append(_chapter_entry(chapter, bio))
        else:
            toc += [_chapter_entry(chapter), *bio]
    if book.notes_href:
        spine.append(add("endnotes", NOTES, endnotes_page(book, labels)))
        toc.append(_notes_entry(book, labels.notes))
    return spine, toc


def _landmarks(book: Book) -> list[dict[str, str]]:
    """ebooklib's ``guide`` entries, which it writes as the nav's landmarks."""
    labels = labels_for(book.lang)
    first = book.chapters[0]
    landmarks = [
        {"href": COVER_PAGE, "title": labels.cover, "type": "cover"},
        {"href": TITLE_PAGE, "title": labels.title_page, "type": "titlepage"},
    ]
    # Flat, as EPUB 3.3 asks of landmarks: the nesting by article is the toc's.
    if book.contents_href:
        landmarks.append({"href": book.contents_href, "title": labels.contents, "type": "toc"})
    if book.intro_href:
        landmarks.append({"href": book.intro_href, "title": labels.introduction, "type": "introduction"})
    landmarks.append({"href": first.href, "title": first.meta.title, "type": "bodymatter"})
    if book.notes_href:
        landmarks.append({"href": NOTES, "title": labels.notes, "type": "endnotes"})
    return landmarks


def package(book: Book) -> bytes:
    """The finished EPUB file for ``book``."""
    ebook = epub.EpubBook()
    ebook.set_identifier(book.identifier)  # replaces the random uuid4 ebooklib starts with
    ebook.set_language(book.lang)
    ebook.title = book.meta.title  # for the NCX; dc:title comes with the entries below
    generator = {"name": "generator", "content": GENERATOR}
    ebook.set_unique_metadata("OPF", "generator", "", generator)
    editor = book.front.editor if book.front is not None else ""
    for namespace, name, value, attributes in metadata_entries(book.meta, book.links, editor):
        ebook.add_metadata(namespace, name, value, attributes)

    css = epub.EpubItem(uid="css", file_name=STYLESHEET, media_type="text/css", content=_stylesheet())
    ebook.add_item(css)
    ebook.set_cover(book.cover_href, book.cover.data, create_page=False)
    ebook.spine, ebook.toc = _add_documents(ebook, book)
    ebook.guide = _landmarks(book)
    nav = epub.EpubNav(file_name=NAV, title=labels_for(book.lang).contents)
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    ebook.add_item(nav)
    ebook.add_item(epub.EpubNcx())  # EPUB 2 readers' table of contents

    buffer = io.BytesIO()
    options = {
        "epub3_pages": False,
        "epub2_guide": False,
        "landmark_title": labels_for(book.lang).landmarks,
        "mtime": book.modified.astimezone(_dt.UTC),
        "raise_exceptions": True,
        "compresslevel": 0,  # compressed once, in _rezip
    }
    epub.write_epub(buffer, ebook, options)
    return _rezip(buffer.getvalue(), book.modified)

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
- The package document gets no ``xml:lang`` (which accessibility checkers
  require): :class:`_Writer` sets it as the OPF is written.
"""

from __future__ import annotations

import datetime as _dt
import io
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

from ebooklib import epub

from ...compose import Document, Part, bio_label
from ...compose.labels import join_names
from ...compose.language import is_rtl
from ...errors import ExporterError
from ...model import Heading
from ...render import LinkMode
from .. import STYLES
from ..cover import CoverImage
from .files import (
    CONTENTS,
    COVER_PAGE,
    INTRO,
    NAV,
    NOTES,
    STYLESHEET,
    TITLE_PAGE,
    Page,
    article_name,
    bio_name,
    pictures,
)
from .metadata import GENERATOR, metadata_entries

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


def _article_entry(part: Part, extras: list[TocEntry] | None = None) -> TocEntry:
    """The article's entry, with its headings under it, then ``extras``."""
    href = article_name(part)
    children = _heading_entries(part.headings, href) + (extras or [])
    if children:
        return (epub.Section(part.meta.title, href), children)
    return epub.Link(href, part.meta.title, f"toc_{part.prefix}article")


def _bio_entry(part: Part) -> TocEntry:
    return epub.Link(bio_name(part), bio_label(len(part.meta.authors), part.labels), f"toc_{part.prefix}bio")


def _notes_entry(document: Document) -> TocEntry:
    """The endnotes; in a packet, with one entry per article's group of notes.

    The groups sit under Notes rather than under each article: the nav must
    follow the reading order, and the notes come after the last article.
    """
    label = document.labels.notes
    if not document.is_packet:
        return epub.Link(NOTES, label, "toc_endnotes")
    groups = [
        epub.Link(f"{NOTES}#{part.notes_id}", part.meta.title, f"toc_{part.prefix}notes")
        for part in document.parts
        if part.notes_list is not None
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


def _credit(document: Document) -> str:
    """Who the book is by, for the cover's alt text: ", by A and B" or ", edited by C"."""
    labels = document.labels
    if document.is_packet:
        return f", {labels.edited_by[:1].lower()}{labels.edited_by[1:]} {document.editor}" if document.editor else ""
    names = join_names(document.meta.author_names, labels)
    return f", {labels.by} {names}" if names else ""


def _cover_page(document: Document, cover: CoverImage) -> Page:
    alt = document.labels.cover_alt.format(title=document.meta.title, byline=_credit(document))
    section = ET.Element("section", {"class": "cover", "epub:type": "cover"})
    ET.SubElement(section, "img", {"src": _cover_href(cover), "alt": alt, "role": "doc-cover"})
    return Page(COVER_PAGE, document.labels.cover, document.lang, section, "cover")


def _cover_href(cover: CoverImage) -> str:
    return f"images/cover{cover.extension}"


def _table_of_contents(document: Document, files: list[Page]) -> list[TocEntry]:
    """The nav: every file once, an article's headings (and in a packet its bio) under it."""
    labels = document.labels
    names = {page.name for page in files}
    toc: list[TocEntry] = [epub.Link(TITLE_PAGE, labels.title_page, "toc_titlepage")]
    if CONTENTS in names:
        toc.append(epub.Link(CONTENTS, labels.contents, "toc_contents"))
    if INTRO in names:
        toc.append(epub.Link(INTRO, labels.introduction, "toc_introduction"))
    for part in document.parts:
        bio = [_bio_entry(part)] if part.bio is not None else []
        # A packet nests each article's bio under its title, so the nav
        # reads as the book does, one article at a time.
        if document.is_packet:
            toc.append(_article_entry(part, bio))
        else:
            toc += [_article_entry(part), *bio]
    if NOTES in names:
        toc.append(_notes_entry(document))
    return toc


def _landmarks(document: Document, files: list[Page]) -> list[dict[str, str]]:
    """ebooklib's ``guide`` entries, which it writes as the nav's landmarks."""
    labels = document.labels
    names = {page.name for page in files}
    first = document.parts[0]
    landmarks = [{"href": COVER_PAGE, "title": labels.cover, "type": "cover"}] if COVER_PAGE in names else []
    landmarks.append({"href": TITLE_PAGE, "title": labels.title_page, "type": "titlepage"})
    # Flat, as EPUB 3.3 asks of landmarks: the nesting by article is the toc's.
    if CONTENTS in names:
        landmarks.append({"href": CONTENTS, "title": labels.contents, "type": "toc"})
    if INTRO in names:
        landmarks.append({"href": INTRO, "title": labels.introduction, "type": "introduction"})
    landmarks.append({"href": article_name(first), "title": first.meta.title, "type": "bodymatter"})
    if NOTES in names:
        landmarks.append({"href": NOTES, "title": labels.notes, "type": "endnotes"})
    return landmarks


def _images_described(files: list[Page]) -> tuple[int, int]:
    """How many images the text shows, and how many of them have words that
    stand for them: alt text, or a caption."""
    shown = described = 0
    for page in files:
        for image in page.content.iter("img"):
            shown += 1
            described += bool(image.get("alt", "").strip())
        for figure in page.content.iter("figure"):
            caption = figure.find("figcaption")
            if caption is not None and "".join(caption.itertext()).strip():
                described += sum(1 for image in figure.iter("img") if not image.get("alt", "").strip())
    return shown, described


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, with the book's language on the package document."""

    def _write_opf_file(self, root: Any) -> None:  # noqa: N802 - ebooklib's name
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def package(
    document: Document,
    files: list[Page],
    cover: CoverImage | None,
    identifier: str,
    modified: _dt.datetime,
    links: LinkMode,
    stylesheets: tuple[bytes, ...] = (),
) -> bytes:
    """The finished EPUB file: ``files`` after a cover page (if there is a
    cover), in the spine's order, each linking our style sheet and then the
    user's ``stylesheets``."""
    ebook = epub.EpubBook()
    ebook.set_identifier(identifier)  # replaces the random uuid4 ebooklib starts with
    ebook.set_language(document.lang)
    if is_rtl(document.lang):
        ebook.set_direction("rtl")  # pages turn right to left: the spine says so
    ebook.title = document.meta.title  # for the NCX; dc:title comes with the entries below
    generator = {"name": "generator", "content": GENERATOR}
    ebook.set_unique_metadata("OPF", "generator", "", generator)
    shown, described = _images_described(files)
    entries = metadata_entries(document.meta, links, document.editor, cover is not None, shown, described)
    for namespace, name, value, attributes in entries:
        ebook.add_metadata(namespace, name, value, attributes)

    sheets = [(STYLESHEET, _stylesheet())] + [(f"css/user-{n}.css", sheet) for n, sheet in enumerate(stylesheets, 1)]
    for number, (href, content) in enumerate(sheets):
        ebook.add_item(epub.EpubItem(uid=f"css{number or ''}", file_name=href, media_type="text/css", content=content))
    for href, picture in pictures(document):
        uid = href.removeprefix("images/").rsplit(".", 1)[0]
        ebook.add_item(epub.EpubItem(uid=f"picture-{uid}", file_name=href, media_type=picture.media_type, content=picture.data))
    if cover is not None:
        ebook.set_cover(_cover_href(cover), cover.data, create_page=False)
        files = [_cover_page(document, cover), *files]
    spine = []
    hrefs = tuple(href for href, _ in sheets)
    for page in files:
        item = epub.EpubItem(uid=page.uid, file_name=page.name, media_type=XHTML, content=page.xhtml(hrefs))
        spine.append(ebook.add_item(item))
    ebook.spine = spine
    ebook.toc = _table_of_contents(document, files)
    ebook.guide = _landmarks(document, files)
    nav = epub.EpubNav(file_name=NAV, title=document.labels.contents)
    for href in hrefs:
        nav.add_link(href=href, rel="stylesheet", type="text/css")
    ebook.add_item(nav)
    ebook.add_item(epub.EpubNcx())  # EPUB 2 readers' table of contents

    buffer = io.BytesIO()
    options = {
        "epub3_pages": False,
        "epub2_guide": False,
        "landmark_title": document.labels.landmarks,
        "mtime": modified.astimezone(_dt.UTC),
        "raise_exceptions": True,
        "compresslevel": 0,  # compressed once, in _rezip
        "spine_direction": True,
        "package_direction": False,
    }
    writer = _Writer(buffer, ebook, options)
    writer.process()
    writer.write()
    return _rezip(buffer.getvalue(), modified)

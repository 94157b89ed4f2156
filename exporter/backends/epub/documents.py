"""The XHTML content documents: cover page, title page, contents, introduction,
article, bio, endnotes.

Each is a whole XHTML document, written out as bytes exactly as made here:
ebooklib's own ``EpubHtml`` re-parses content with an HTML parser and
rebuilds the head, so it would drop ``lang`` on the root, attributes on
``<body>`` and anything it does not expect. The article's body and notes
come from the shared renderer already as XHTML; this module only frames
them and escapes every piece of metadata it adds.
"""

from __future__ import annotations

from html import escape

from ...model import Metadata
from ...render import endnote_items
from ...render.labels import Labels, date_in_words, join_names, labels_for
from ...render.notes import readable_url
from .plan import STYLESHEET, Book, Chapter, Front

_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" \
lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="{css}"/>
</head>
<body{body_attrs}>
{content}
</body>
</html>
"""


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def page(title: str, lang: str, content: str, body_type: str = "") -> bytes:
    """A complete XHTML5 document around ``content``."""
    attrs = f' epub:type="{body_type}"' if body_type else ""
    return _PAGE.format(
        lang=_attr(lang), title=_text(title), css=STYLESHEET, body_attrs=attrs, content=content
    ).encode("utf-8")


def byline(book: Book, labels: Labels) -> str:
    return join_names(book.meta.author_names, labels)


def _credit(book: Book, labels: Labels) -> str:
    """Who the book is by, for the cover's alt text: ", by A and B" or ", edited by C"."""
    if book.front is not None:
        editor = book.front.editor
        return f", {labels.edited_by[:1].lower()}{labels.edited_by[1:]} {editor}" if editor else ""
    names = byline(book, labels)
    return f", {labels.by} {names}" if names else ""


def cover_page(book: Book, cover_href: str, labels: Labels) -> bytes:
    alt = labels.cover_alt.format(title=book.meta.title, byline=_credit(book, labels))
    content = (
        '<section class="cover" epub:type="cover">\n'
        f'<img src="{_attr(cover_href)}" alt="{_attr(alt)}" role="doc-cover"/>\n'
        "</section>"
    )
    return page(labels.cover, book.lang, content, "cover")


def _source_link(url: str) -> str:
    return f'<a class="url" href="{_attr(url)}">{_text(readable_url(url))}</a>'


def _imprint(date: str, publisher: str, labels: Labels) -> list[str]:
    """The date line and the publisher line."""
    lines = []
    if date:
        when = date_in_words(date, labels)
        lines.append(f'<p class="date"><time datetime="{_attr(date)}">{_text(when)}</time></p>')
    if publisher:
        lines.append(f'<p class="publisher">{_text(publisher)}</p>')
    return lines


def _provenance(meta: Metadata, labels: Labels) -> list[str]:
    """Where else the article appeared, and where it was first published."""
    lines = []
    if meta.also_published_in:
        also = f"{_text(labels.also_published_in)} <cite>{_text(meta.also_published_in)}</cite>"
        lines.append(f'<p class="also">{also}</p>')
    if meta.source:
        lines.append(f'<p class="source">{_text(labels.original)} {_source_link(meta.source)}</p>')
    return lines


def title_page(book: Book, labels: Labels) -> bytes:
    meta = book.meta
    lines = [f'<h1 class="title" epub:type="fulltitle">{_text(meta.title)}</h1>']
    if meta.subtitle:
        lines.append(f'<p class="dek" role="doc-subtitle">{_text(meta.subtitle)}</p>')
    if book.front is not None:
        # A packet's title page credits its editor; the authors are in the contents.
        if book.front.editor:
            lines.append(f'<p class="byline editor">{_text(labels.edited_by)} {_text(book.front.editor)}</p>')
    elif meta.authors:
        lines.append(f'<p class="byline">{_text(labels.by)} {_text(byline(book, labels))}</p>')
    lines += _imprint(meta.date, meta.publisher, labels)
    lines += _provenance(meta, labels)
    content = '<section class="titlepage" epub:type="titlepage">\n' + "\n".join(lines) + "\n</section>"
    return page(labels.title_page, book.lang, content, "frontmatter")


def contents_entry(chapter: Chapter, labels: Labels) -> str:
    """"Title, Author" as the contents list it: the title links to the article."""
    names = join_names(chapter.meta.author_names, labels)
    who = f', <span class="author">{_text(names)}</span>' if names else ""
    return f'<a href="{_attr(chapter.href)}">{_text(chapter.meta.title)}</a>{who}'


def contents_page(book: Book, labels: Labels) -> bytes:
    """A reading packet's own contents page, in the spine: what a reader pages through.

    The nav document does the navigating; this page is the packet's printed
    contents, one line per article, the introduction first if there is one.
    """
    items = []
    if book.intro_href:
        items.append(f'<li class="intro"><a href="{book.intro_href}">{_text(labels.introduction)}</a></li>')
    items += [f"<li>{contents_entry(c, labels)}</li>" for c in book.chapters]
    content = (
        '<nav class="contents" epub:type="toc" role="doc-toc" aria-labelledby="contents-title">\n'
        f'<h2 id="contents-title">{_text(labels.contents)}</h2>\n'
        "<ol>\n" + "\n".join(items) + "\n</ol>\n</nav>"
    )
    return page(labels.contents, book.lang, content, "frontmatter")


def intro_page(book: Book, front: Front, labels: Labels) -> bytes:
    """The editor's introduction, rendered from Markdown with its links kept."""
    content = (
        '<section class="intro" epub:type="introduction" role="doc-introduction" '
        'aria-labelledby="intro-title">\n'
        f'<h2 id="intro-title">{_text(labels.introduction)}</h2>\n'
        f"{front.intro}\n</section>"
    )
    return page(labels.introduction, book.lang, content, "frontmatter")


def article_page(book: Book, chapter: Chapter) -> bytes:
    """The article: a masthead (title and dek), then the rendered body.

    In a collection the masthead also says who wrote the article, when and
    where: a single article's title page says it for the book.
    """
    meta, prefix = chapter.meta, chapter.prefix
    # Heading slugs never contain "_", so this id cannot clash with the body's.
    title_id = f"{prefix}article_title"
    head = [f'<h1 id="{title_id}">{_text(meta.title)}</h1>']
    if meta.subtitle:
        head.append(f'<p class="dek" role="doc-subtitle">{_text(meta.subtitle)}</p>')
    if book.is_collection:
        labels = labels_for(chapter.lang)
        if meta.authors:
            names = join_names(meta.author_names, labels)
            head.append(f'<p class="byline">{_text(labels.by)} {_text(names)}</p>')
        head += _imprint(meta.date, meta.publisher, labels)
        head += _provenance(meta, labels)
    masthead = "\n".join(head)
    content = (
        f'<section class="article" epub:type="chapter" role="doc-chapter" aria-labelledby="{title_id}">\n'
        f"<header class=\"masthead\">\n{masthead}\n</header>\n"
        f"{chapter.rendered.body}\n"
        "</section>"
    )
    return page(meta.title, chapter.lang, content, "bodymatter")


def bio_heading(chapter: Chapter, labels: Labels) -> str:
    return labels.about_authors if len(chapter.meta.authors) > 1 else labels.about_author


def bio_page(book: Book, chapter: Chapter, labels: Labels) -> bytes:
    """The "About the author" section that follows the article."""
    prefix, heading = chapter.prefix, bio_heading(chapter, labels)
    content = (
        f'<section id="{prefix}bio" class="bio" epub:type="contributors" '
        f'aria-labelledby="{prefix}bio-title">\n'
        f'<h2 id="{prefix}bio-title">{_text(heading)}</h2>\n'
        f"{chapter.rendered.bio}\n"
        "</section>"
    )
    return page(heading, chapter.lang, content, "backmatter")


def endnotes_page(book: Book, labels: Labels) -> bytes:
    """One endnotes document for the whole book; a packet groups notes by article."""
    with_notes = [c for c in book.chapters if c.rendered.notes]

    def items(chapter: Chapter) -> str:
        return endnote_items(chapter.rendered, chapter.href)

    parts = [f'<h2 id="endnotes-title">{_text(labels.notes)}</h2>']
    if len(book.chapters) == 1:
        chapter = with_notes[0]
        parts.append(f"<ol>{items(chapter)}</ol>")
    else:
        for chapter in with_notes:
            parts.append(
                f'<section id="{chapter.prefix}notes" aria-labelledby="{chapter.prefix}notes-title">\n'
                f'<h3 id="{chapter.prefix}notes-title">{_text(chapter.meta.title)}</h3>\n'
                f"<ol>{items(chapter)}</ol>\n</section>"
            )
    content = (
        '<section id="endnotes" class="endnotes" epub:type="endnotes" role="doc-endnotes" '
        'aria-labelledby="endnotes-title">\n' + "\n".join(parts) + "\n</section>"
    )
    return page(labels.notes, book.lang, content, "backmatter")

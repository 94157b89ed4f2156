"""The book's plan: which articles, which documents they go in, and their ids.

A book is a sequence of chapters, one per article. A single article is a
book of one chapter with no id prefix; a reading packet (several articles)
gives chapter ``n`` the prefix ``a<n>-`` on its file names and on every id
in its body and notes, so that ids stay unique across the book.

The order of documents in the spine, and of the landmarks, is fixed here::

    cover → title page → [contents → introduction] → (article → bio) per chapter → endnotes

The bracketed documents are a reading packet's front matter (:class:`Front`):
the contents list each article as "title, author", as a printed book's do,
and come first so that they list the introduction too.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...model import Article, Metadata, RenderedArticle
from ...render import LinkMode, RenderOptions, render_article
from ...render.typography import typographic
from ..cover import CoverImage
from ..processes import cores, no_work, run_ordered
from ..result import Progress, no_progress
from .metadata import book_language

COVER_PAGE = "cover.xhtml"
TITLE_PAGE = "titlepage.xhtml"
NOTES = "endnotes.xhtml"
CONTENTS = "contents.xhtml"
INTRO = "introduction.xhtml"
NAV = "nav.xhtml"
STYLESHEET = "css/epub.css"
"""Every document lives at the top of the ``EPUB/`` folder, so hrefs need no ``../``."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One article's share of the book."""

    rendered: RenderedArticle
    meta: Metadata
    """The article's metadata with typographic quotes, for headings and contents."""
    prefix: str
    """Prefix of the chapter's file names and ids: empty for a single article."""
    lang: str

    @property
    def href(self) -> str:
        return article_href(self.prefix)

    @property
    def bio_href(self) -> str:
        """The bio document, or empty when no author has a bio."""
        return f"{self.prefix}bio.xhtml" if self.rendered.bio else ""


@dataclass(frozen=True, slots=True)
class Front:
    """What a reading packet puts before its articles, beyond the title page."""

    editor: str = ""
    """The packet's editor, typographic, or empty."""
    intro: str = ""
    """XHTML fragment of the introduction, or empty for none."""


@dataclass(frozen=True, slots=True)
class Book:
    """Everything the package needs, decided before any file is written."""

    meta: Metadata
    """The book's own metadata (for one article, the article's), typographic."""
    chapters: tuple[Chapter, ...]
    identifier: str
    modified: _dt.datetime
    cover: CoverImage
    links: LinkMode
    front: Front | None = None
    """A reading packet's front matter; None for a book made by ``build_book``."""

    @property
    def lang(self) -> str:
        return book_language(self.meta.lang)

    @property
    def notes_href(self) -> str:
        """The endnotes document, or empty when no chapter has a note."""
        return NOTES if any(c.rendered.notes for c in self.chapters) else ""

    @property
    def cover_href(self) -> str:
        return f"images/cover{self.cover.extension}"

    @property
    def is_collection(self) -> bool:
        """Several articles, or a packet: each article's masthead says who and when,
        since the title page speaks for the book, not for one article."""
        return self.front is not None or len(self.chapters) > 1

    @property
    def contents_href(self) -> str:
        return CONTENTS if self.front is not None else ""

    @property
    def intro_href(self) -> str:
        return INTRO if self.front is not None and self.front.intro else ""


def article_href(prefix: str) -> str:
    return f"{prefix}article.xhtml"


PARALLEL_FROM = 8
"""Articles from which rendering is shared out among processes: below it,
starting them costs about what they save."""


@dataclass(frozen=True, slots=True)
class _Batch:
    """Consecutive articles to render in one process: picklable."""

    articles: tuple[tuple[int, Article], ...]
    links: LinkMode
    single: bool


def _render_batch(batch: _Batch) -> list[Chapter]:
    result = []
    for number, article in batch.articles:
        prefix = "" if batch.single else f"a{number}-"
        options = RenderOptions(
            links=batch.links, notes_href=NOTES, text_href=article_href(prefix), id_prefix=prefix
        )
        result.append(
            Chapter(
                rendered=render_article(article, options),
                meta=typographic(article.meta),
                prefix=prefix,
                lang=book_language(article.meta.lang),
            )
        )
    return result


def chapters(
    articles: Sequence[Article],
    links: LinkMode,
    packet: bool = False,
    progress: Progress = no_progress,
    meanwhile: Callable[[], None] = no_work,
) -> tuple[Chapter, ...]:
    """Render each article once, with ids and note links for its place in the book.

    The articles of a packet always carry prefixes, even a packet of one,
    since its front matter has ids of its own. A long packet is rendered in
    one process per core (``backends/processes.py``); each article renders
    alike wherever it is rendered. ``meanwhile()`` is called here while
    those processes run, or after rendering when there are none.
    """
    single = len(articles) == 1 and not packet
    numbered = tuple(enumerate(articles, 1))
    count = cores() if len(articles) >= PARALLEL_FROM else 1
    size = -(-len(numbered) // count)
    batches = [_Batch(numbered[start : start + size], links, single) for start in range(0, len(numbered), size)]

    def done(index: int, _result: object) -> None:
        for _ in batches[index].articles:
            progress()

    if len(batches) > 1:
        rendered = run_ordered(_render_batch, batches, done=done, meanwhile=meanwhile)
    else:  # rendered here: a process of its own would cost about what it saves
        rendered = run_ordered(_render_batch, batches, done=done)
        meanwhile()
    return tuple(chapter for batch in rendered for chapter in batch)

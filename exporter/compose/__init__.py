"""Stage 4, compose: rendered articles to one :class:`Document`, its parts built once.

Between the renderer and the writers. Every writer (EPUB, PDF, HTML) gets
the same document and only arranges it: none builds a masthead, a note
list, a bio, a title page or a contents page of its own.

=================  ============================================================
``model.py``       the document: :class:`Document`, :class:`Part`,
                   :class:`Masthead`, :class:`Front`, :class:`ComposeOptions`
``masthead.py``    kicker, headline, dek, byline, imprint, provenance
``notes.py``       the notes list, backlinks, footnotes
``bio.py``         "About the author"
``front.py``       a packet's title page, contents and introduction
``typography.py``  curly quotes and dashes in the metadata
=================  ============================================================

A packet's articles are rendered in one process per core from
:data:`PARALLEL_FROM` articles on (``backends/processes.py``); each renders
alike wherever it is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Article, Author, Metadata, Packet
from ..processes import cores, run_ordered
from ..render import RenderOptions, render_article, render_fragment
from .bio import bio, bio_label
from .front import Entry, front
from .labels import date_in_words, labels_for
from .language import language_tag
from .masthead import masthead
from .model import ComposeOptions, Document, Front, Masthead, Part
from .notes import footnote, notes_list
from .typography import typographic

__all__ = [
    "ComposeOptions",
    "Document",
    "Entry",
    "Front",
    "Masthead",
    "Part",
    "bio_label",
    "compose",
    "compose_part",
    "footnote",
    "language_tag",
    "packet_editor",
    "packet_front",
    "packet_meta",
]

PARALLEL_FROM = 8
"""Articles from which rendering is shared out among processes: below it,
starting them costs about what they save."""


def compose_part(article: Article, number: int | None, options: ComposeOptions) -> Part:
    """Article ``number`` of a packet (ids prefixed ``a<n>-``), or a single article (None)."""
    prefix = f"a{number}-" if number is not None else ""
    rendered = render_article(article, RenderOptions(links=options.links, id_prefix=prefix))
    meta = typographic(article.meta)
    labels = labels_for(meta.lang)
    return Part(
        article=article,
        meta=meta,
        prefix=prefix,
        lang=language_tag(meta.lang),
        labels=labels,
        masthead=masthead(meta, labels, f"{prefix}_title"),
        body=rendered.body,
        notes=rendered.notes,
        notes_list=notes_list(rendered.notes, prefix, options.backlinks),
        bio=bio(rendered.bio, len(meta.authors), labels, f"{prefix}_bio"),
        headings=rendered.headings,
    )


@dataclass(frozen=True, slots=True)
class _Batch:
    """Consecutive articles to compose in one process: picklable."""

    articles: tuple[tuple[int | None, Article], ...]
    options: ComposeOptions


def _compose_batch(batch: _Batch) -> list[Part]:
    return [compose_part(article, number, batch.options) for number, article in batch.articles]


def compose_parts(
    articles: Sequence[Article],
    options: ComposeOptions,
    packet: bool,
    progress: Callable[[], None],
    meanwhile: Callable[[], None],
) -> tuple[Part, ...]:
    """Every article composed, in one process per core for a long packet;
    ``meanwhile()`` runs here while they are, or after."""
    numbered = tuple((number if packet else None, article) for number, article in enumerate(articles, 1))
    count = cores() if len(articles) >= PARALLEL_FROM else 1
    size = -(-len(numbered) // count)
    batches = [_Batch(numbered[start : start + size], options) for start in range(0, len(numbered), size)]

    def done(index: int, _result: object) -> None:
        for _ in batches[index].articles:
            progress()

    if len(batches) > 1:
        # The words and the date formats of every language, loaded once here
        # (Babel's locale data) rather than by each process for itself.
        for lang in dict.fromkeys(article.meta.lang for article in articles):
            date_in_words("2000-01-01", labels_for(lang))
        composed = run_ordered(_compose_batch, batches, done=done, meanwhile=meanwhile)
    else:  # here: a process of its own would cost about what it saves
        composed = run_ordered(_compose_batch, batches, done=done)
        meanwhile()
    return tuple(part for batch in composed for part in batch)


def packet_meta(packet: Packet) -> Metadata:
    """A packet's own metadata: its title, subtitle, date and language, and
    every article's authors once each, in order of appearance; typographic."""
    names = dict.fromkeys(name for article in packet.articles for name in article.meta.author_names)
    return typographic(
        Metadata(
            title=packet.title,
            subtitle=packet.subtitle,
            authors=tuple(Author(name) for name in names),
            date=packet.date,
            lang=packet.lang or "en",
        )
    )


def packet_editor(packet: Packet) -> str:
    """The packet's editor, typographic."""
    return typographic(Metadata(title=packet.editor)).title if packet.editor else ""


def packet_front(packet: Packet, pages: Mapping[str, int] | None = None, contents: bool = True) -> Front:
    """The packet's title page, contents (with ``pages``, if known; unless left out) and introduction."""
    meta = packet_meta(packet)
    intro = render_fragment(packet.intro, RenderOptions(links="inline")) if packet.intro.strip() else None
    entries = [Entry.of(typographic(article.meta), n) for n, article in enumerate(packet.articles, 1)]
    labels = labels_for(meta.lang)
    return front(meta.title, meta.subtitle, packet_editor(packet), meta.date, labels, entries, intro, pages, contents)


def _no_work() -> None:
    """Nothing to do meanwhile, nobody to tell of progress."""


def compose(
    work: Article | Packet,
    options: ComposeOptions | None = None,
    progress: Callable[[], None] = _no_work,
    meanwhile: Callable[[], None] = _no_work,
) -> Document:
    """The document of one article, or of a reading packet.

    ``progress()`` is called once per article composed; ``meanwhile()`` once,
    while a long packet's articles are composed in other processes (a writer
    draws its cover then).
    """
    options = options or ComposeOptions()
    if isinstance(work, Packet):
        if not work.articles:
            raise ValueError("a packet needs at least one article")
        parts = compose_parts(work.articles, options, True, progress, meanwhile)
        meta, editor = packet_meta(work), packet_editor(work)
        front_matter: Front | None = packet_front(work, contents=options.contents)
        articles = work.articles
    else:
        parts = compose_parts((work,), options, False, progress, meanwhile)
        meta, editor, front_matter, articles = parts[0].meta, "", None, (work,)
    return Document(
        meta=meta,
        editor=editor,
        lang=language_tag(meta.lang),
        labels=labels_for(meta.lang),
        parts=parts,
        front=front_matter,
        articles=articles,
    )

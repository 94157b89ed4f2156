"""The library as a program uses it, and as the command line does.

::

    import exporter

    article = exporter.load("scraped.txt").article         # read, clean (unless canonical)
    article = exporter.clean(text)                           # or from text you already have
    exporter.to_epub(article, "out/a.epub")                  # one article's e-book
    exporter.to_pdf([a, b, c], "week-3.pdf", title="Week 3", paper="letter")  # a packet
    built = exporter.to_html(article)                        # bytes in memory: built.data

``to_epub``, ``to_pdf`` and ``to_html`` take one :class:`Article`, several
(a reading packet, named by ``title``), or a :class:`Packet`; their keyword
settings are the fields of the writer's ``Options`` (``exporter.backends.pdf.Options``
and its kin). With a ``path`` the file is written there, as the command line
writes it (a temporary file renamed over it; a link followed; a FIFO or a
device written in place); the :class:`Built` is returned either way. Errors
are the typed errors of ``exporter.errors``, never an exit.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .backends import backend
from .backends.result import Built
from .canonical import KNOWN_KEYS, front_matter, metadata_from_mapping
from .errors import ExporterError, UsageError
from .files import write_output
from .load import Loaded, load
from .model import Article, Metadata, Packet
from .packet import packet_from_articles

Work = Article | Packet | Sequence[Article]
"""What a writer takes: one article, several (a packet), or a packet."""

PACKET_KEYS = frozenset({"title", "subtitle", "author", "date", "lang"})
"""Metadata a packet has of its own; its ``author`` is its editor."""


def clean(text: str, *, base_url: str | None = None, disabled: tuple[str, ...] = (), where: str = "") -> Article:
    """One scraped page's text (or a canonical file's) cleaned into an :class:`Article`.

    ``where`` names the text in errors (a file name).
    """
    from .cleaner import clean_text  # the cleaner's vocabulary loads only when needed

    return clean_text(text, base_url=base_url, disabled=disabled, where=where).article


def with_metadata(work: Article | Packet, values: Mapping[str, Any], where: str = "the command line") -> Article | Packet:
    """``work`` with front-matter ``values`` (``title``, ``author``, ``date``…) over its own.

    For an article, any key of the canonical front matter; for a packet,
    its own ``title``, ``subtitle``, ``date``, ``lang`` and ``author`` (its
    editor). Values are checked as front matter is.
    """
    if not values:
        return work
    _check(values)
    if isinstance(work, Packet):
        unknown = sorted(set(values) - PACKET_KEYS)
        if unknown:
            raise UsageError(None, f"{', '.join(unknown)}: not a packet's own metadata (title, subtitle, author, date, lang)")
        current = {"title": work.title, "subtitle": work.subtitle, "date": work.date, "lang": work.lang, "author": work.editor}
        merged = metadata_from_mapping({**current, **values}, where)
        return dataclasses.replace(
            work,
            title=merged.title,
            subtitle=merged.subtitle,
            date=merged.date,
            lang=merged.lang,
            editor=", ".join(merged.author_names),
        )
    merged = metadata_from_mapping({**front_matter(work.meta), **values}, where)
    return dataclasses.replace(work, meta=_keep_bios(merged, work.meta))


_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?\Z")


def _check(values: Mapping[str, Any]) -> None:
    """Keys the front matter knows, a date as the front matter writes one, a language tag."""
    unknown = sorted(set(values) - set(KNOWN_KEYS))
    if unknown:
        raise UsageError(None, f"unknown metadata key {unknown[0]!r}; known: {', '.join(KNOWN_KEYS)}")
    date = str(values.get("date", "") or "")
    if date and not (_DATE.match(date) and _valid_date(date)):
        raise UsageError(None, f"date {date!r} is not YYYY-MM-DD (or YYYY-MM, YYYY)")
    lang = str(values.get("lang", "") or "")
    from .compose.language import language_tag  # the renderer loads only when a document is made

    if lang and language_tag(lang) != lang:
        raise UsageError(None, f"lang {lang!r} is not a language tag such as en, de or pt-BR")


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text + "-01" * (2 - text.count("-")))
    except ValueError:
        return False
    return True


def _keep_bios(meta: Metadata, before: Metadata) -> Metadata:
    """The bios of authors still named, when the new names come without theirs."""
    bios = {author.name: author.bio for author in before.authors}
    authors = tuple(dataclasses.replace(a, bio=a.bio or bios.get(a.name, "")) for a in meta.authors)
    return dataclasses.replace(meta, authors=authors)


def _work(work: Work, title: str | None) -> Article | Packet:
    """One article (retitled by ``title``), or a packet."""
    if isinstance(work, Article):
        return with_metadata(work, {"title": title}) if title else work
    if isinstance(work, Packet):
        return dataclasses.replace(work, title=title) if title else work
    articles = tuple(work)
    if not articles:
        raise ExporterError(None, "nothing to export: no article given")
    return packet_from_articles(articles, title)


def export(
    fmt: str,
    work: Work,
    path: str | Path | None = None,
    *,
    title: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    progress: Callable[[], None] | None = None,
    **settings: Any,
) -> Built:
    """``work`` written as ``fmt`` (``epub``, ``pdf``, ``html``), to ``path`` if given.

    ``title`` retitles one article, or names a packet; ``metadata`` sets any
    front-matter key (see :func:`with_metadata`); ``settings`` are the
    writer's options; ``progress()`` is called once per article.
    """
    writer = backend(fmt)
    item = with_metadata(_work(work, title), metadata or {})
    built = writer.export(item, writer.Options(**settings), progress or _nobody)
    if path is not None:
        write_output(Path(path), built.data)
    return built


def _nobody() -> None:
    """Progress nobody watches."""


def to_epub(work: Work, path: str | Path | None = None, **settings: Any) -> Built:
    """An EPUB 3 e-book (see :func:`export`; settings: ``links``, ``cover``, ``css``, ``toc``…)."""
    return export("epub", work, path, **settings)


def to_pdf(work: Work, path: str | Path | None = None, **settings: Any) -> Built:
    """A print-ready PDF handout or packet (see :func:`export`; settings: ``paper``,
    ``notes``, ``links``, ``css``, ``crop_marks``, ``bleed``, ``duplex``…)."""
    return export("pdf", work, path, **settings)


def to_html(work: Work, path: str | Path | None = None, **settings: Any) -> Built:
    """One self-contained web page (see :func:`export`; settings: ``links``, ``css``, ``toc``)."""
    return export("html", work, path, **settings)


__all__ = [
    "Built",
    "Loaded",
    "Work",
    "clean",
    "export",
    "load",
    "to_epub",
    "to_html",
    "to_pdf",
    "with_metadata",
]

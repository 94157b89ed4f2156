"""Stages 1 and 2 together: an input to an :class:`~exporter.model.Article`.

An input is told by what it is:

==================  ==========================================================
a web address       fetched (``web/net.py``); a page goes as a saved page
                    does, a plain or Markdown text as a file does
a web page          by its name (``.html``, ``.htm``…) or its first bytes: its
                    article found by trafilatura, then cleaned (``web/``)
anything else       a scraped text: read → already canonical? → clean
==================  ==========================================================

Standard input (``-``) is told the same way, by its first bytes, and has no
folder: a page on standard input gets its pictures from the web only.

A file exactly as ``exporter clean`` writes one (front matter and all, the
body perhaps corrected by hand since) is taken as it stands: cleaning it
again would change nothing of ours and could undo the corrections. Anything
else is cleaned.

Pictures (:attr:`Article.images`): a page's are kept unless images are off;
a canonical file's own (files beside it that its figures name) always are,
unless images are off; a scraped Markdown file's only with ``--images``
(:class:`~exporter.web.WebOptions`). Figures go around the cleaner, not
through it (``web/place.py``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .canonical import as_written
from .model import Article
from .read import DEFAULT_MAX_BYTES, STDIN, Source, decode_text, read_bytes, read_stream_bytes

if TYPE_CHECKING:
    from .web.options import WebOptions
    from .web.sources import Origin


@dataclass(frozen=True, slots=True)
class Loaded:
    """An input read and, unless it was canonical already, cleaned."""

    article: Article
    warnings: tuple[str, ...] = ()
    """What reading noticed (a guessed encoding, an image left out), one line each."""
    report: tuple[str, ...] = ()
    """What cleaning removed and rewrote, one line each (``--report``)."""
    cleaned: bool = True
    """False when the file was taken as ``exporter clean`` wrote it."""


def _web_options(web: WebOptions | None) -> WebOptions:
    from .web.options import WebOptions

    return web if web is not None else WebOptions()


def load(
    path: Path | str,
    *,
    max_size: int = DEFAULT_MAX_BYTES,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    as_is: bool = True,
    web: WebOptions | None = None,
) -> Loaded:
    """The input ``path`` names (a file, ``-`` for standard input, or an http(s)
    address given as a string), read and cleaned; with ``as_is``, a canonical
    file is taken as it stands.

    Raises the typed errors of ``errors.py`` (``InputError``, ``FrontMatterError``,
    ``web.FetchError``).
    """
    if isinstance(path, str) and "://" in path:
        return _load_url(path, max_size=max_size, base_url=base_url, disabled=disabled, as_is=as_is, web=_web_options(web))
    if str(path) == "-":
        data = read_stream_bytes(sys.stdin.buffer, max_size)
        return load_data(data, STDIN, in_folder=False, base_url=base_url, disabled=disabled, as_is=as_is, web=web)
    path = Path(path)
    return load_data(read_bytes(path, max_size), path, base_url=base_url, disabled=disabled, as_is=as_is, web=web)


def load_data(
    data: bytes,
    path: Path,
    *,
    in_folder: bool = True,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    as_is: bool = True,
    web: WebOptions | None = None,
) -> Loaded:
    """An input's bytes (a file's, or standard input's, named :data:`~.read.STDIN`): a web page
    or a text. With ``in_folder``, the file's folder holds its pictures (a saved
    page's ``<name>_files``, a Markdown file's own); without, none are read."""
    if _is_page(path, data):
        from .web.article import page_article, saved_page_origin

        options = _web_options(web)
        origin = saved_page_origin(path, options) if in_folder else None
        page = page_article(data, str(path), options, origin=origin, base_url=base_url, disabled=disabled)
        return Loaded(page.article, page.warnings, page.report)
    source = decode_text(data, path)
    folder = path.parent if in_folder else None
    return load_source(source, folder=folder, base_url=base_url, disabled=disabled, as_is=as_is, web=web)


def _is_page(path: Path, data: bytes) -> bool:
    from .web.page import is_page

    return is_page(path, data)


def _load_url(
    url: str, *, max_size: int, base_url: str | None, disabled: tuple[str, ...], as_is: bool, web: WebOptions
) -> Loaded:
    from .web.article import PAGE_TYPES, FetchError, fetch_input, markdown_origin, page_article
    from .web.page import decode_page, looks_like_html

    fetched = fetch_input(url, web, max_size)
    if fetched.content_type in PAGE_TYPES or (not fetched.content_type.startswith("text/") and looks_like_html(fetched.data)):
        page = page_article(fetched.data, url, web, url=fetched.url, charset=fetched.charset, base_url=base_url, disabled=disabled)
        return Loaded(page.article, page.warnings, page.report)
    if not fetched.content_type.startswith("text/") and fetched.content_type:
        raise FetchError(url, f"is {fetched.content_type}, not a web page or a text")
    text = decode_page(fetched.data, fetched.charset)
    if not text.text.strip():
        raise FetchError(url, "is empty")
    source = Source(Path(url), text.text, text.encoding, text.warnings)
    origin = markdown_origin(None, web, base_url=fetched.url)
    return load_source(source, base_url=base_url or fetched.url, disabled=disabled, as_is=as_is, web=web, where=url, origin=origin)


def _has_figures(text: str) -> bool:
    return "![" in text or "<figure" in text.lower()


def load_source(
    source: Source,
    *,
    folder: Path | None = None,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    as_is: bool = True,
    web: WebOptions | None = None,
    where: str | None = None,
    origin: Origin | None = None,
) -> Loaded:
    """A read text (a file's, or standard input's): canonical as it stands, or cleaned.

    ``folder`` is where its images may be read from (a file's own folder;
    None for standard input); ``origin`` replaces that when given.
    """
    name = where or str(source.path)
    article = as_written(source.text, name) if as_is else None
    images = web.images if web is not None else None
    if article is not None:
        if images is False or not _has_figures(article.body):
            return Loaded(article, source.warnings, cleaned=False)
        from .web.article import markdown_origin
        from .web.pictures import attach_pictures

        options = _web_options(web)
        article, warnings = attach_pictures(article, origin or markdown_origin(folder, options), lambda figure: True)
        return Loaded(article, source.warnings + warnings, cleaned=False)
    # Imported when first needed: a packet of canonical files needs no cleaner.
    from .cleaner import clean_text

    # A canonical file cleaned again (``exporter clean`` on its own output)
    # keeps its own pictures, so that cleaning it changes nothing.
    keep = images is True or (
        images is None and not as_is and _has_figures(source.text) and as_written(source.text, name) is not None
    )
    if not keep or not _has_figures(source.text):
        cleaned = clean_text(source.text, base_url=base_url, disabled=disabled, where=name)
        return Loaded(cleaned.article, source.warnings + cleaned.warnings, cleaned.report)
    from .web.article import markdown_origin, take_markdown_pictures

    options = _web_options(web)
    taken = take_markdown_pictures(source.text, origin or markdown_origin(folder, options))
    cleaned = clean_text(taken.text, base_url=base_url, disabled=disabled, where=name)
    article = Article(cleaned.article.meta, taken.put_back(cleaned.article.body), taken.pictures)
    return Loaded(article, source.warnings + taken.warnings + cleaned.warnings, cleaned.report)

"""A page's metadata: what trafilatura read from its tags, merged with what the cleaner read.

Two readings of one page: trafilatura's, from the page's structured data
(JSON-LD, Open Graph, ``<meta>`` tags, ``<html lang>``), and the cleaner's,
from the text a reader sees (the headline over the article, the byline, the
date line). Where they disagree:

=============  ==============================================================
date           the structured one: a date line can be an update or an event
source         the structured one (the page's canonical address), else the
               address it was fetched from
authors        the visible byline; the structured names when there is none
               (a page's ``author`` tag often names the site or an editor)
title          the structured one, unless the headline over the article is
               it without the extra words (a site's name, a section) or the
               page has none: then the headline (``article.py``)
language       the declared one (``<html lang>``, ``og:locale``) when the
               text's own words agree or say nothing sure (``en`` is the
               cleaner's "unsure"); else the text's: templates declare one
               language for pages in many
publisher,     the structured ones, then the cleaner's; tags and the
description    cleaner's topics together
=============  ==============================================================

Each choice was measured on the real-page corpus (``bench/web_extraction.py``,
which scores every rule in :data:`RULES`); :func:`merge` is the best.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..canonical import web_url
from ..model import Author, Metadata
from .extract import PageMeta

_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def declared_lang(page: PageMeta) -> str:
    """The page's declared language as a BCP 47 tag, or '' if it declares none we can use."""
    tag = page.lang.strip()
    return tag if _LANG.fullmatch(tag) else ""


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def choose_lang(declared: str, guessed: str) -> str:
    """The declared tag if the text agrees, or the text's guess is "unsure" (``en``); else the guess."""
    if not declared:
        return guessed
    if _primary(declared) == _primary(guessed) or guessed == "en":
        return declared
    return guessed


def _authors(names: tuple[str, ...]) -> tuple[Author, ...]:
    return tuple(Author(name) for name in names)


def _subjects(*groups: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for group in groups:
        for subject in group:
            seen.setdefault(subject.lower(), subject)
    return tuple(seen.values())


def merge(cleaned: Metadata, page: PageMeta, fetched_from: str = "") -> Metadata:
    """The article's metadata (see the module's table)."""
    return replace(
        cleaned,
        title=page.title or cleaned.title,
        authors=cleaned.authors or _authors(page.authors),
        date=page.date or cleaned.date,
        lang=choose_lang(declared_lang(page), cleaned.lang),
        publisher=page.sitename or cleaned.publisher,
        subjects=_subjects(cleaned.subjects, page.tags),
        description=page.description or cleaned.description,
        source=web_url(page.url) or web_url(fetched_from) or cleaned.source,
    )


def _other_way(cleaned: Metadata, page: PageMeta, fetched_from: str) -> Metadata:
    """Each contested field the other way round: for measurement only."""
    merged = merge(cleaned, page, fetched_from)
    return replace(
        merged,
        title=cleaned.title or page.title,
        authors=_authors(page.authors) or cleaned.authors,
        date=cleaned.date or page.date,
        lang=cleaned.lang,
    )


def _declared_first(cleaned: Metadata, page: PageMeta, fetched_from: str) -> Metadata:
    """The declared language whenever there is one: for measurement only."""
    return replace(merge(cleaned, page, fetched_from), lang=declared_lang(page) or cleaned.lang)


RULES = ("merge", "other-way", "declared-lang")
"""The merging rules ``bench/web_extraction.py`` scores, :func:`merge` first."""


def candidates(cleaned: Metadata, page: PageMeta, fetched_from: str = "") -> dict[str, Metadata]:
    """Every rule's metadata, by name, for the bench."""
    return {
        "merge": merge(cleaned, page, fetched_from),
        "other-way": _other_way(cleaned, page, fetched_from),
        "declared-lang": _declared_first(cleaned, page, fetched_from),
    }

"""Metadata a clipper or reader service wrote above the text, read for what it is.

Three shapes, each mapped to the canonical keys (title, source, author,
date, subject, description) and taken off the text:

- a reader service's header::

      Title: Headline | Site
      URL Source: https://example.org/a
      Published Time: 2024-03-05T10:00:00Z
      Markdown Content:

- a clipper's front matter with its own key names (``url``, ``tags``,
  ``published``, ``excerpt``…), which :func:`canonical_keys` renames;
- a clipper's ``# Title`` then ``> ## Excerpt`` and the excerpt as a quote.

The values are only read here; the title rule and the masthead rules weigh
them against what the page shows (a ``Title:`` line often names the site too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .dates import find_date
from .vocab import Vocab

_HEADER_LINE = re.compile(r"(?P<key>[A-Z][A-Za-z ]{1,30}):[ \t]*(?P<value>[^\n]*)$")
HEADER_KEYS = {
    "title": "title",
    "url source": "source",
    "url": "source",
    "source": "source",
    "published time": "date",
    "published": "date",
    "date": "date",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "description": "description",
    "excerpt": "description",
    "site name": "publisher",
    "language": "lang",
}
"""A reader header's key (lower case) → the canonical key it gives."""
_CONTENT_LINE = re.compile(r"(?i)markdown content:[ \t]*$")
HEADER_SCAN = 16
"""Lines a reader header may take before its ``Markdown Content:`` line."""

FRONT_MATTER_KEYS = {
    "url": "source",
    "link": "source",
    "canonical": "source",
    "canonical_url": "source",
    "source_url": "source",
    "original_url": "source",
    "authors": "author",
    "byline": "author",
    "creator": "author",
    "published": "date",
    "published_time": "date",
    "date_published": "date",
    "datepublished": "date",
    "pubdate": "date",
    "created": "date",
    "tags": "subject",
    "keywords": "subject",
    "categories": "subject",
    "topics": "subject",
    "excerpt": "description",
    "summary": "description",
    "site_name": "publisher",
    "sitename": "publisher",
    "site": "publisher",
    "language": "lang",
}
"""A clipper's front-matter key (lower case) → the canonical key, where the two differ."""


def split_reader_header(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """``((key, value), …), rest`` when ``text`` opens with a reader service's header."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines[:4]) if line.strip()), None)
    if first is None or not lines[first].startswith("Title:"):
        return (), text
    pairs: list[tuple[str, str]] = []
    for i in range(first, min(len(lines), first + HEADER_SCAN)):
        line = lines[i].strip()
        if not line:
            continue
        if _CONTENT_LINE.match(line):
            return tuple(pairs), "\n".join(lines[i + 1 :])
        m = _HEADER_LINE.match(line)
        key = HEADER_KEYS.get(m.group("key").lower()) if m else None
        if m is None or key is None:
            return (), text
        if m.group("value").strip():
            pairs.append((key, m.group("value").strip()))
    return (), text


def iso_date(value: str, vocab: Vocab) -> str:
    """``2024-03-05T10:00:00Z``, ``March 5, 2024`` → ``2024-03-05``; "" if no date."""
    m = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return ""
    hit = find_date(value, vocab)
    return hit[0] if hit else ""


def canonical_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """A clipper's front matter with its keys renamed to the canonical ones; a canonical key wins."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).lower()
        target = FRONT_MATTER_KEYS.get(name)
        if target is not None:
            out.setdefault(target, value)
    out.update({str(k): v for k, v in data.items() if str(k).lower() not in FRONT_MATTER_KEYS})
    if isinstance(out.get("date"), dt.datetime):
        out["date"] = out["date"].date()
    return out


_EXCERPT = re.compile(r"(?is)>\s*#{1,6}\s*excerpt\s*(?:\n|[ ]+(?=[^\s>]))(?P<rest>.*)")


def clipper_excerpt(block: str) -> str | None:
    """The excerpt of a clipper's ``> ## Excerpt`` quote, or None when the block is no such quote."""
    m = _EXCERPT.fullmatch(block.strip() + "\n")
    if m is None:
        return None
    lines = [re.sub(r"^>\s?", "", line).strip() for line in m.group("rest").strip().split("\n")]
    return " ".join(line for line in lines if line)

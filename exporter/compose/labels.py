"""The words the book adds around the article, in the article's language.

The words are data, one file a language in ``exporter/data/labels/`` (its
README lists the keys). Dates and lists of names are written by Babel from
CLDR, in the article's own locale. A language without a file gets the English
words, and says so: ``Labels.fallback_from`` names the language asked for,
so that a caller can warn. Its dates are still in its own language when Babel
knows it, else ISO ``YYYY-MM-DD`` (an English date order would mislead).

Babel is imported inside the functions that need it: ``exporter clean``
prints no labels and should not pay for loading CLDR.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, fields
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

FALLBACK = "en"

# Tags with a file under another name: Babel calls Tagalog "fil" (Filipino),
# and "no" (Norwegian) is written as Bokmål.
_SAME_AS = {"fil": "tl", "no": "nb"}

# A subtag is 1-8 letters or digits (BCP 47); anything else ends the tag.
_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")


@dataclass(frozen=True, slots=True)
class Labels:
    contents: str
    landmarks: str
    cover: str
    title_page: str
    notes: str
    about_author: str
    about_authors: str
    by: str
    """Before the byline: "by Jane Doe"."""
    also_published_in: str
    original: str
    """Before the link to the source."""
    cover_alt: str
    """Alt text of the cover image, formatted with ``title`` and ``byline``."""
    edited_by: str
    """Before a reading packet's editor: "Edited by Sam Lee"."""
    introduction: str
    """The heading of a reading packet's introduction."""
    page_of: str
    """A PDF folio, formatted with ``n`` and ``total``: "Page 3 of 12"."""
    dir: str = "ltr"
    """Direction of the article's language: ``ltr`` or ``rtl``."""
    lang: str = FALLBACK
    """The labels file these words come from: "pt" for ``pt-BR``."""
    locale: str = ""
    """Babel's locale for dates and lists of names ("pt_BR"); empty when
    Babel knows none for the language, and dates stay ISO."""
    fallback_from: str = ""
    """The tag asked for, when it had no words of its own and these are
    English ("und" for an empty tag); empty when the words are its own."""

    @property
    def is_fallback(self) -> bool:
        return bool(self.fallback_from)


_WORDS = frozenset(f.name for f in fields(Labels) if f.name not in {"lang", "locale", "fallback_from"})
_REQUIRED = _WORDS - {"dir"}


def _directory() -> Traversable:
    return resources.files("exporter").joinpath("data/labels")


@functools.cache
def available() -> frozenset[str]:
    """The languages with a labels file: "de", "zh-Hant"."""
    return frozenset(p.name.removesuffix(".yaml") for p in _directory().iterdir() if p.name.endswith(".yaml"))


@functools.cache
def _words(name: str) -> dict[str, str]:
    """One labels file, checked: every key known, every word there."""
    text = _directory().joinpath(f"{name}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise TypeError(f"labels/{name}.yaml: not a mapping")
    unknown = set(data) - _WORDS
    missing = {key for key in _REQUIRED if not isinstance(data.get(key), str) or not data[key].strip()}
    if unknown or missing:
        raise ValueError(f"labels/{name}.yaml: unknown keys {sorted(unknown)}, missing or empty {sorted(missing)}")
    if data.get("dir", "ltr") not in {"ltr", "rtl"}:
        raise ValueError(f"labels/{name}.yaml: dir must be ltr or rtl")
    return data


def _subtags(tag: str) -> tuple[str, ...]:
    """``pt_BR`` → ``("pt", "BR")``, up to the first malformed subtag; ``()``
    when the language itself is not a language code."""
    parts: list[str] = []
    for part in re.split(r"[-_]", tag.strip()):
        if not _SUBTAG.fullmatch(part):
            break
        parts.append(part)
    if not parts or not _LANGUAGE.fullmatch(parts[0]) or parts[0].lower() == "und":
        return ()
    return tuple(parts)


def _babel_locale(subtags: tuple[str, ...]) -> str:
    """Babel's best locale for the tag ("pt_BR", "zh_Hant_TW", "fil_PH"), dropping
    subtags from the end until Babel knows one; empty if it knows none."""
    from babel import Locale, UnknownLocaleError

    for end in range(len(subtags), 0, -1):
        try:
            return str(Locale.parse("_".join(subtags[:end])))
        except (UnknownLocaleError, ValueError):
            continue
    return ""


def _direction(locale: str) -> str:
    from babel import Locale

    return "rtl" if locale and Locale.parse(locale).character_order == "right-to-left" else "ltr"


def _candidates(subtags: tuple[str, ...], locale: str) -> list[str]:
    """File names to try, most specific first: language and script, then the
    language alone. Babel's locale fills in what the tag leaves implicit: that
    ``zh-TW`` is written in Hant, that ``iw`` is Hebrew."""
    tags = [parts for parts in (subtags, tuple(locale.split("_"))) if parts and parts[0]]
    languages = dict.fromkeys(_SAME_AS.get(parts[0].lower(), parts[0].lower()) for parts in tags)
    scripts = [p.title() for parts in tags for p in parts[1:] if len(p) == 4 and p.isalpha()]
    specific = [f"{language}-{scripts[0]}" for language in languages] if scripts else []
    return specific + list(languages)


@functools.lru_cache(maxsize=256)
def labels_for(lang: str) -> Labels:
    """Labels for a BCP 47 tag: the most specific file there is ("pt-BR" → pt,
    "zh-TW" → zh-Hant), with Babel's locale for the whole tag ("pt_BR").
    Without a file: English words, ``fallback_from`` set."""
    subtags = _subtags(lang)
    locale = _babel_locale(subtags) if subtags else ""
    have = available()
    for name in _candidates(subtags, locale):
        if name in have:
            return Labels(**_words(name), lang=name, locale=locale)
    english = {key: value for key, value in _words(FALLBACK).items() if key != "dir"}
    return Labels(
        **english,
        dir=_direction(locale),
        locale=locale,
        fallback_from=lang.strip() or "und",
    )


def date_in_words(iso: str, labels: Labels) -> str:
    """``2025-04-01`` → ``April 1, 2025`` (``1. April 2025``, ``2025年4月1日``):
    CLDR's long date for the locale; ISO when Babel has no locale for the
    language; anything unparseable comes back as it was."""
    try:
        date = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    if not labels.locale:
        return iso
    from babel.dates import format_date

    return format_date(date, format="long", locale=labels.locale)


def join_names(names: tuple[str, ...], labels: Labels) -> str:
    """``("A", "B", "C")`` → ``A, B, and C`` (``A, B und C``, ``A、B、C``), by
    CLDR's list pattern for the locale (English words, English pattern)."""
    if len(names) <= 1:
        return "".join(names)
    from babel.lists import format_list

    return format_list(list(names), locale=labels.locale or FALLBACK)

"""Is a gold field there to be found in a scraper's output at all?

A cleaner reads only the Markdown a scraper wrote. A title, byline or date
that the page kept in a ``<meta>`` tag, or that the scraper dropped, is not
in its input: accuracy is reported over the cases where it is, and where it
is not, the right answer for authors and date is to leave them empty.

Matching is loose about what a converter changes (Markdown marks, escapes,
link targets, line wrapping, case, quote and dash kinds) and strict about
the words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~\"'])")
_MARKS = re.compile(r"[*_#>|`\[\]<>]")
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    }
)


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def flat(text: str) -> str:
    """Text as a reader sees it, folded for matching: Markdown marks, link
    targets, images and escapes gone; case, quotes, dashes and whitespace folded.
    Bare and printed URLs stay: a date in a printed address is there to read."""
    text = _IMAGE.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _MARKS.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    # A hyphen that html2text's wrapping left at a line end joins the word again.
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1-\2", text)
    # Chinese and Japanese put no spaces between words; a PDF reader adds some.
    return " ".join(_SPACE_BY_CJK.sub("", text).split())


def contains(haystack_flat: str, needle: str) -> bool:
    """Whether ``needle`` appears in already-flattened text."""
    wanted = flat(needle)
    return bool(wanted) and wanted in haystack_flat


def title_visible(title: str, text_flat: str) -> bool:
    return contains(text_flat, title)


def authors_visible(authors: Sequence[str], text_flat: str) -> bool:
    """Every name of the byline is in the text."""
    return bool(authors) and all(contains(text_flat, name) for name in authors)


# --------------------------------------------------------------------------
# Dates


@cache
def _month_names(lang: str) -> tuple[tuple[str, ...], ...]:
    """Names of each month (1-12) in ``lang`` and English: wide and
    abbreviated, in running text and standing alone, folded."""
    from babel.core import UnknownLocaleError
    from babel.dates import get_month_names

    names: list[set[str]] = [set() for _ in range(12)]
    for locale in dict.fromkeys((lang or "en", "en")):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    found = get_month_names(width, context=context, locale=locale)
                except (UnknownLocaleError, ValueError):
                    continue
                for number, name in found.items():
                    folded = flat(str(name)).rstrip(".")
                    if folded:
                        names[number - 1].add(folded)
    return tuple(tuple(sorted(n, key=len, reverse=True)) for n in names)


@cache
def _date_pattern(day: str, lang: str) -> re.Pattern[str] | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", day)
    if not match:
        return None
    y, m, d = match.group(1), int(match.group(2)), int(match.group(3))
    mm, dd, yy = f"0?{m}", f"0?{d}", f"(?:{y}|{y[2:]})"
    months = "|".join(re.escape(n) for n in _month_names(lang)[m - 1])
    sep = r"\s*[./-]\s*"
    forms = [
        rf"{y}{sep}{mm}{sep}{dd}(?!\d)",  # 2019-08-02, 2019/8/2, 2019.08.02
        rf"{y}{m:02d}{d:02d}",  # 20190802, in addresses
        rf"(?<!\d){dd}{sep}{mm}{sep}{yy}(?!\d)",  # 02.08.2019, 2/8/19
        rf"(?<!\d){mm}/{dd}/{yy}(?!\d)",  # 8/2/2019
        rf"{y}\s*年\s*{mm}\s*月\s*{dd}\s*日",  # 2019年8月2日
        rf"{y}\s*년\s*{mm}\s*월\s*{dd}\s*일",  # 2019년 8월 2일
    ]
    if months:
        ordinal = r"(?:st|nd|rd|th|er|º|ª|η|-?го)?\.?"
        forms += [
            rf"(?<!\d){dd}{ordinal}\s*(?:de\s+|of\s+)?(?:{months})\.?,?\s*(?:de\s+|del\s+)?{y}",  # 2 August 2019
            rf"(?:{months})\.?\s*{dd}{ordinal},?\s*{y}",  # August 2, 2019
            rf"{y}\.?\s*(?:{months})\.?\s*{dd}(?!\d)",  # 2019. augusztus 2.
        ]
    return re.compile("|".join(f"(?:{f})" for f in forms))


def date_visible(day: str, text_flat: str, lang: str = "") -> bool:
    """Whether the date ``YYYY-MM-DD`` is written in the text in a form a
    reader (or a cleaner) can read: numbers in any usual order, a month's
    name in the page's language or English, or the digits of an address."""
    pattern = _date_pattern(day, lang)
    return bool(pattern and pattern.search(text_flat))

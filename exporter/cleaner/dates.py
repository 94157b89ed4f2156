"""Dates as pages print them, in several languages, to ISO 8601."""

from __future__ import annotations

import datetime as dt
import functools
import re

from .vocab import Vocab

# 2025-03-05, and year first with dots or slashes as East Asian and Hungarian
# pages print it: 2025.03.05, 2025/3/5, 2025. 03. 05.
# A date glued to the words before it ("By Jo Doe2025-03-05") is still one.
_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>-|\.\s?|/)(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d|[.,]\d)"
)
# 2025年3月5日 (Chinese, Japanese), 2025년 3월 5일 (Korean)
_CJK = re.compile(r"(?P<y>(?:19|20)\d\d)\s?[年년]\s?(?P<m>[01]?\d)\s?[月월]\s?(?P<d>[0-3]?\d)\s?[日일]")
# "2025. március 5.": Hungarian, year first and the month in words
_YEAR_FIRST = re.compile(r"\b(?P<y>(?:19|20)\d\d)\.\s+(?P<month>[^\W\d_]{3,10})\.?\s+(?P<d>[0-3]?\d)\.(?!\d)")
# 03.04.2025, 03/04/2025 and 03-04-2025: day first, except that a 13+ second field means
# the page is American (month first); glued to the words before it, too.
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?:\b|(?=\d{1,2}:\d\d))")
# 11/18/19 11:04 PM: a two-digit year, known for a date by the time after it.
_SHORT_YEAR = re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<y>\d\d)[ ,]+\d{1,2}[:.]\d\d\b")
_WORD = r"(?P<month>[^\W\d_]{3,10})\.?"
# "April 1, 2025", "Apr. 1 2025"
_MONTH_FIRST = re.compile(rf"\b{_WORD}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?:\b|(?=\d{{1,2}}:\d\d))")
# "1 April 2025", "1. April 2025", "1er avril 2025", "3 de marzo de 2024", "3 مارس 2024م"
_DAY_FIRST = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:\.|er|º|st|nd|rd|th)?\s+(?:de\s+|d['’])?{_WORD},?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)(?!\d)"
)


def _make(y: str, m: int, d: str) -> str | None:
    try:
        return dt.date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


def _with_year(text: str, vocab: Vocab) -> list[tuple[int, str, re.Match[str]]]:
    """Every pattern's first date with a year of four digits: ``(start, iso, match)``."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _YEAR_FIRST):
        for m in pattern.finditer(text):
            month = vocab.months.get(m.group("month").lower())
            if month and (iso := _make(m.group("y"), month, m.group("d"))):
                found.append((m.start(), iso, m))
                break
    for pattern in (_ISO, _CJK) if "年" in text or "년" in text else (_ISO,):
        if (iso_match := pattern.search(text)) and (
            iso := _make(iso_match.group("y"), int(iso_match.group("m")), iso_match.group("d"))
        ):
            found.append((iso_match.start(), iso, iso_match))
    if numeric := _NUMERIC.search(text):
        a, b = int(numeric.group("a")), int(numeric.group("b"))
        day, month = (b, a) if b > 12 else (a, b)
        if iso := _make(numeric.group("y"), month, str(day)):
            found.append((numeric.start(), iso, numeric))
    return found


@functools.lru_cache(maxsize=1024)
def find_date(text: str, vocab: Vocab) -> tuple[str, re.Match[str]] | None:
    """The first date in ``text`` as ``(iso, match)``, or None."""
    found: list[tuple[int, str, re.Match[str]]] = []
    if "19" in text or "20" in text:  # each pattern but the short year's holds a year of four digits
        found = _with_year(text, vocab)
    if not found and (short := _SHORT_YEAR.search(text)):
        a, b = int(short.group("a")), int(short.group("b"))
        month, day = (a, b) if b > 12 or "/" in short.group(0)[:6] else (b, a)
        if iso := _make(f"20{short.group('y')}", month, str(day)):
            found.append((short.start(), iso, short))
    if not found:
        return None
    _, iso, match = min(found, key=lambda f: f[0])
    return iso, match


# "31. Oktober 2023" alone on its line: a date, which Markdown reads as item 31 of a list.
_DATE_AS_LIST_ITEM = re.compile(rf"(?P<day>[0-3]?\d)\.(?P<rest>[ ]+{_WORD},?[ ]+(?:19|20)\d\d\b[^\n]*+)")


def fix_dates_read_as_lists(block: str, vocab: Vocab) -> str:
    """``31. Oktober 2023`` → ``31\\. Oktober 2023``: a date line, not item 31 of a list; so is
    the same line twice (a date said for the screen and for print)."""
    if not block[:1].isdigit():
        return block
    lines = block.split("\n")
    if len(set(lines)) > 1:
        return block
    m = _DATE_AS_LIST_ITEM.fullmatch(lines[0])
    if m is None or m.group("month").lower() not in vocab.months:
        return block
    return "\n".join([f"{m.group('day')}\\.{m.group('rest')}"] * len(lines))


# A date in an article's own address: /2025/03/18/, -20250318, /2025-03-18-
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)(?P<sep>[/-]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?=[/_.-]|$)"
    r"|[_-](?P<y2>(?:19|20)\d\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?=[/_.-]|$)"
)


def url_date(url: str) -> str:
    """``https://example.org/news/2025/03/18/rhine`` → ``2025-03-18``; "" without one."""
    m = _URL_DATE.search(url.split("?", 1)[0].split("#", 1)[0])
    if not m:
        return ""
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
    return _make(y, int(mo), d) or ""

"""Dates as pages print them, read to ISO 8601 (``exporter.cleaner.dates``)."""

from __future__ import annotations

import pytest

from exporter.cleaner.dates import find_date, url_date
from exporter.cleaner.vocab import load_vocab


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 1, 2025", "2025-04-01"),
        ("Posted on Apr. 1 2025 at 10:15", "2025-04-01"),
        ("1. April 2025", "2025-04-01"),
        ("le 15 septembre 2009", "2009-09-15"),
        ("miércoles, 4 de mayo de 2022 00:00 hs", "2022-05-04"),
        ("Среда, 2 декабря 2020, 16:34", "2020-12-02"),
        ("06. kolovoz 2020. u 14:53", "2020-08-06"),
        ("03 يونيو 2020م", "2020-06-03"),
        ("2025. március 5.", "2025-03-05"),
        ("2025年3月5日", "2025-03-05"),
        ("2025-03-05T10:15:00Z", "2025-03-05"),
        ("By Jo Doe2025-03-05 13:52 UTC", "2025-03-05"),
        ("31.10.2023", "2023-10-31"),
        ("03-05-2022", "2022-05-03"),
        ("Seite aktualisiert17.01.2021", "2021-01-17"),
        ("11/18/2019", "2019-11-18"),
        ("By Jo Doe - 11/18/19 11:04 PM EST", "2019-11-18"),
    ],
)
def test_dates_are_read(text: str, iso: str) -> None:
    found = find_date(text, load_vocab())
    assert found is not None and found[0] == iso


@pytest.mark.parametrize("text", ["call 05-2765041", "the 2019-2020 season", "version 3.10.2", "31. Harbour 2023", "room 12-10-20195"])
def test_numbers_that_are_no_dates(text: str) -> None:
    assert find_date(text, load_vocab()) is None


def test_a_date_in_an_address() -> None:
    assert url_date("https://example.org/news/2025/03/18/harbour?page=2") == "2025-03-18"
    assert url_date("https://example.org/news/harbour-20250318.html") == "2025-03-18"
    assert url_date("https://example.org/news/harbour") == ""

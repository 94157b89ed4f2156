"""Dates as the document prints and declares them."""

from __future__ import annotations

import datetime as _dt


def iso_date(text: str) -> str:
    """``text`` if it is a valid ISO date (``YYYY-MM-DD``, perhaps with a time), else empty."""
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat() if text else ""
    except ValueError:
        return ""

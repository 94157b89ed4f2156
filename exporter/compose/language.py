"""The language tags the document declares."""

from __future__ import annotations

import re

from .labels import labels_for

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(lang: str) -> str:
    """``lang`` if it looks like a BCP 47 tag, else ``und`` (undetermined):
    front matter is input, and only a tag may reach ``lang`` attributes."""
    return lang if _TAG.match(lang) else "und"


def is_rtl(lang: str) -> bool:
    """Whether text in ``lang`` runs right to left (Arabic, Hebrew, Persian, Urdu…), as CLDR says."""
    return labels_for(lang).dir == "rtl"

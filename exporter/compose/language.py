"""The language tags the document declares."""

from __future__ import annotations

import re

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(lang: str) -> str:
    """``lang`` if it looks like a BCP 47 tag, else ``und`` (undetermined):
    front matter is input, and only a tag may reach ``lang`` attributes."""
    return lang if _TAG.match(lang) else "und"


RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
"""Languages written right to left, by their primary subtag."""


def is_rtl(lang: str) -> bool:
    """Whether text in ``lang`` runs right to left (Arabic, Hebrew, Persian, Urdu…)."""
    return lang.split("-")[0].lower() in RIGHT_TO_LEFT

"""Scraping artifacts left in a cleaned body, counted by family.

These count what canonical Markdown should not hold, whatever the page:

=============  ===============================================================
family         what is counted
=============  ===============================================================
printed_urls   addresses printed as text: ``(<https://…>)``, bare ``https://…``
dead_links     links that lead nowhere: ``](#)``, ``](javascript:…)``, ``]()``,
               a path leaked into link text (``[Name \\(/path\\)]``), a bare
               ``(</path>)``
icons          private-use glyphs (icon fonts) and lines of symbols alone
raw_html       HTML tags and comments left as text (pictures aside)
pictures       image Markdown and picture placeholders (``<!-- image -->``,
               ``==> picture … <==``, ``<img>``, ``Image 3:``)
share_rows     short lines of share buttons and social network names
=============  ===============================================================
"""

from __future__ import annotations

import re
import unicodedata

FAMILIES = ("printed_urls", "dead_links", "icons", "raw_html", "pictures", "share_rows")

_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]+`")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>()\]]+", re.IGNORECASE)
_DEAD = re.compile(
    r"\]\(\s*(?:#[^)\s]*|javascript:[^)]*|)\s*\)"  # ](#), ](#top), ](javascript:;), ]()
    r"|\[[^\]\n]*\\\(/[^)\n]*\\\)\]"  # [Name \(/path\)]
    r"|\(</[^>\s]*>\)",  # (</path>)
    re.IGNORECASE,
)
_PICTURE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]|<!--\s*image\s*-->|==>\s*picture\b[^\n]*?<==|<img\b[^>]*>"
    r"|^\s*\[?Image\s+\d+\b",
    re.IGNORECASE | re.MULTILINE,
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>\n]*)?/?>|<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

_NETWORKS = frozenset(
    ["facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "pinterest", "reddit", "xing", "tumblr", "vk", "vkontakte", "weibo", "wechat", "messenger", "flipboard", "pocket", "mastodon", "bluesky", "instagram", "youtube", "tiktok", "viber", "skype", "odnoklassniki", "qzone", "douban"]
)
_SHARE_WORDS = frozenset(
    ["share", "shares", "sharing", "teilen", "partager", "compartir", "condividi", "delen", "dela", "del", "jaa", "sdílet", "udostępnij", "distribuie", "paylaş", "bagikan", "поделиться", "поділитися", "κοινοποίηση", "分享", "シェア", "공유", "tweet", "tweeten", "email", "e-mail", "mail", "print", "drucken", "imprimer", "imprimir", "stampa", "drukuj", "打印", "печать", "εκτύπωση"]
)


def _prose(body: str) -> str:
    """The body without code, whose contents are shown as written."""
    return _CODE_SPAN.sub(" ", _FENCED.sub(" ", body))


def printed_urls(body: str) -> int:
    return len(_URL.findall(_LINK_TARGET.sub("]", _prose(body))))


def dead_links(body: str) -> int:
    return len(_DEAD.findall(_prose(body)))


def _is_symbol_line(line: str) -> bool:
    core = re.sub(r"[\s*_>#|\-–—•·.,:;]+", "", line)
    return bool(core) and all(unicodedata.category(ch).startswith("S") or ch in "\ufe0f\u200d" for ch in core)


def icons(body: str) -> int:
    text = _prose(body)
    private = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    return private + sum(1 for line in text.splitlines() if _is_symbol_line(line))


def pictures(body: str) -> int:
    return len(_PICTURE.findall(_prose(body)))


def raw_html(body: str) -> int:
    text = _PICTURE.sub(" ", _prose(body))
    text = re.sub(r"<(?:https?|mailto|ftp):[^>\s]*>|<www\.[^>\s]*>|<[^>\s@]+@[^>\s]+>|</[^>\s]*>\)", " ", text)
    return len(_TAG.findall(text))


def _is_share_row(line: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(_LINK_TARGET.sub("]", line))]
    if not words or len(words) > 12:
        return False
    networks = sum(w in _NETWORKS for w in words)
    share = sum(w in _SHARE_WORDS for w in words)
    return networks >= 2 or (share >= 1 and (networks >= 1 or len(words) <= 3))


def share_rows(body: str) -> int:
    return sum(1 for line in _prose(body).splitlines() if _is_share_row(line))


def count(body: str) -> tuple[int, ...]:
    """Every family's count, in the order of :data:`FAMILIES`."""
    return (printed_urls(body), dead_links(body), icons(body), raw_html(body), pictures(body), share_rows(body))

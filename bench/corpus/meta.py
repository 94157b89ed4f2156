"""What a page says about itself: its text encoding, site, and metadata tags.

Gold fields a set does not give are read here from the page's own JSON-LD,
Open Graph and ``<meta>`` tags; each value carries the name of the place it
came from, which goes to ``gold.sources``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from lxml import html as lxml_html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Bytes of a saved page to text: UTF-8 when it is valid UTF-8, else the
    charset the page declares, else cp1252, as browsers fall back."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        declared = _META_CHARSET.search(data[:4096])
        encoding = declared.group(1).decode("ascii").lower() if declared else "cp1252"
        if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            encoding = "cp1252"  # what browsers read those labels as
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("cp1252", errors="replace")
    # Characters XML refuses would make lxml drop the page; nothing reads them.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", text).replace("\r\n", "\n")


@cache
def _extractor() -> object:
    import tldextract

    # The public-suffix snapshot shipped with the pinned package: no download.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str) -> str:
    """The registered domain of a URL (``news.bbc.co.uk`` → ``bbc.co.uk``)."""
    host = urlsplit(url).hostname or ""
    if host.startswith("web.archive.org") or host == "archive.org":
        # An archived copy belongs to the site it archives.
        inner = re.search(r"/web/\d+[a-z_]*/(.+)$", url)
        if inner:
            return site_of(inner.group(1) if "://" in inner.group(1) else "http://" + inner.group(1))
    extracted = _extractor().extract_str(host) if host else None  # type: ignore[attr-defined]
    if extracted is None or not extracted.domain:
        return host
    return f"{extracted.domain}.{extracted.suffix}" if extracted.suffix else extracted.domain


@dataclass(frozen=True, slots=True)
class Found:
    """One metadata value and the tag it was read from."""

    value: str | tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's own tags say, each field with where it came from."""

    url: Found | None
    title: Found | None
    authors: Found | None
    date: Found | None
    lang: Found | None
    published_time: str
    """``article:published_time`` as written, for the reader-service header."""
    site_name: str = ""
    """``og:site_name`` or JSON-LD ``publisher.name``: who is not an author."""


def parse(text: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(text)
    except Exception:  # noqa: BLE001 - an unparseable page has no tags to read
        return None


def _clean(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def _metas(root: lxml_html.HtmlElement) -> dict[str, str]:
    """First ``content`` of each ``<meta>`` by lower-cased name or property."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = tag.get("content")
        if key and content and _clean(content) and key not in found:
            found[key] = _clean(content)
    return found


def _jsonld_objects(root: lxml_html.HtmlElement) -> list[dict[str, object]]:
    objects: list[dict[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            objects.append(node)
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in node:
                    walk(node[key])

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text.strip().rstrip(";")))
        except ValueError:
            continue
    return objects


_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|WebPage|Posting", re.IGNORECASE)


def _names(value: object) -> tuple[str, ...]:
    """Person names from a JSON-LD ``author`` value (a name, a Person, a list)."""
    if isinstance(value, str):
        return (_clean(value),) if _clean(value) else ()
    if isinstance(value, dict):
        kind = str(value.get("@type", "Person"))
        name = value.get("name")
        if "Organization" in kind or not isinstance(name, str):
            return ()
        return (_clean(name),) if _clean(name) else ()
    if isinstance(value, list):
        return tuple(n for item in value for n in _names(item))
    return ()


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: str) -> str:
    """``2019-08-02T10:00:00Z`` → ``2019-08-02``; anything else → ``""``."""
    match = _ISO_DAY.match(value.strip())
    return "-".join(match.groups()) if match else ""


def page_meta(text: str) -> PageMeta:
    """Read the page's JSON-LD, Open Graph and ``<meta>`` tags."""
    root = parse(text)
    if root is None:
        return PageMeta(None, None, None, None, None, "")
    metas = _metas(root)
    articles = [o for o in _jsonld_objects(root) if _ARTICLE_TYPES.search(str(o.get("@type", "")))]

    def first_ld(key: str) -> object:
        for obj in articles:
            if obj.get(key):
                return obj[key]
        return None

    url = None
    canonical = next((el.get("href") for el in root.iter("link") if (el.get("rel") or "").lower() == "canonical"), None)
    if metas.get("og:url", "").startswith("http"):
        url = Found(metas["og:url"], "page-og")
    elif canonical and canonical.startswith("http"):
        url = Found(canonical, "page-link")

    title = None
    headline = first_ld("headline")
    if isinstance(headline, str) and _clean(headline):
        title = Found(_clean(headline), "page-jsonld")
    elif metas.get("og:title"):
        title = Found(metas["og:title"], "page-og")
    elif metas.get("twitter:title"):
        title = Found(metas["twitter:title"], "page-meta")

    authors = None
    ld_authors = _names(first_ld("author"))
    if ld_authors:
        authors = Found(ld_authors, "page-jsonld")
    elif metas.get("author") and not metas["author"].startswith("http"):
        authors = Found((metas["author"],), "page-meta")
    elif metas.get("article:author") and not metas["article:author"].startswith("http"):
        authors = Found((metas["article:author"],), "page-og")

    date = None
    published = first_ld("datePublished")
    if isinstance(published, str) and iso_day(published):
        date = Found(iso_day(published), "page-jsonld")
    else:
        for key, source in (
            ("article:published_time", "page-og"),
            ("datepublished", "page-meta"),
            ("date", "page-meta"),
            ("dc.date.issued", "page-meta"),
            ("dc.date", "page-meta"),
            ("pubdate", "page-meta"),
        ):
            if iso_day(metas.get(key, "")):
                date = Found(iso_day(metas[key]), source)
                break

    lang = None
    declared = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*", declared):
        lang = Found(declared.split("-")[0].split("_")[0].lower(), "page-html-lang")
    elif re.fullmatch(r"[a-z]{2}_[A-Z]{2}", metas.get("og:locale", "")):
        lang = Found(metas["og:locale"][:2], "page-og")
    elif re.fullmatch(r"[A-Za-z]{2}([-_].*)?", metas.get("content-language", "")):
        lang = Found(metas["content-language"][:2].lower(), "page-meta")

    publisher = first_ld("publisher")
    site_name = metas.get("og:site_name", "")
    if not site_name and isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        site_name = _clean(publisher["name"])
    return PageMeta(url, title, authors, date, lang, metas.get("article:published_time", ""), site_name)


def visible_text(text: str) -> str:
    """The words of the page's body, scripts and styles aside."""
    root = parse(text)
    if root is None:
        return ""
    for element in root.iter("script", "style", "noscript", "template"):
        element.text = ""
    body = root.find(".//body")
    return " ".join((body if body is not None else root).text_content().split())


def page_title(text: str) -> str:
    """The page's ``<title>``, as a browser tab shows it."""
    root = parse(text)
    if root is None:
        return ""
    element = root.find(".//title")
    return _clean(element.text_content()) if element is not None else ""


# --------------------------------------------------------------------------
# Language checks

_SCRIPTS = {
    "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC", "mk": "CYRILLIC",
    "kk": "CYRILLIC", "be": "CYRILLIC", "el": "GREEK", "zh": "CJK", "ja": "CJK", "ko": "HANGUL",
    "ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "he": "HEBREW", "hi": "DEVANAGARI", "th": "THAI",
    "hy": "ARMENIAN", "ka": "GEORGIAN",
}


def dominant_script(text: str) -> str:
    """The Unicode script most letters of ``text`` are written in."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = "LATIN"
        for candidate in ("CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW",
                          "DEVANAGARI", "THAI", "ARMENIAN", "GEORGIAN"):
            if name.startswith(candidate) or f" {candidate} " in f" {name} ":
                script = "CJK" if candidate in ("HIRAGANA", "KATAKANA") else candidate
                break
        counts[script] = counts.get(script, 0) + 1
    return max(sorted(counts), key=lambda s: counts[s]) if counts else ""


def lang_fits_script(lang: str, text: str) -> bool:
    """Whether a declared language is written in the script the text is in
    (a template's ``lang="en"`` on a Russian page is not the page's language)."""
    script = dominant_script(text)
    if not script:
        return True
    return _SCRIPTS.get(lang, "LATIN") == script


_SAME_LANGUAGE = {"bs": "hr", "sr": "hr", "sh": "hr", "nb": "no", "nn": "no", "ms": "id"}


def lang_fits_text(lang: str, text: str) -> bool:
    """Whether a language a page declares is the one its text is written in,
    as py3langid (its model ships with the package) tells it; short texts
    are taken at their word."""
    if len(text.split()) < 12 and len(text) < 60:
        return True
    import py3langid

    guessed, _ = py3langid.classify(text[:5000])
    return _SAME_LANGUAGE.get(guessed, guessed) == _SAME_LANGUAGE.get(lang, lang)


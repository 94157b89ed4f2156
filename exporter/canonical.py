"""Canonical Markdown: the file ``exporter clean`` writes and every backend reads.

A canonical file is a YAML front matter block and the article body::

    ---
    title: It's Time to Act
    subtitle: The dek, one sentence.
    author:
    - Jane Doe
    date: 2025-04-01
    lang: en
    publisher: Example Institute
    subject:
    - Foreign Policy
    description: The dek, one sentence.
    source: https://example.org/article
    also-published-in: Foreign Policy
    section: Analysis
    author-bio:
      Jane Doe: Jane Doe is a fellow at the Example Institute.
    ---

    The body, in canonical Markdown.

Keys follow pandoc's names where pandoc has one (``title``, ``subtitle``,
``author``, ``date``, ``lang``, ``publisher``, ``subject``, ``description``,
``identifier``, ``source``), so the file also works with pandoc. Our own keys:
``author-bio`` (a mapping from author name to a Markdown bio),
``also-published-in`` and ``section`` (the site's section label).

The body form: ATX headings (``## Heading``), ``*emphasis*`` and
``**strong**``, inline links ``[words](url)``, ``-`` for bullets and ``1.``
for ordered items, ``>`` for quotes, ``* * *`` for a thematic break, one blank
line between blocks, one paragraph per line (no hard wrapping), no trailing
spaces, and a single newline at the end of the file.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .errors import ExporterError, FrontMatterError
from .model import Article, Author, Metadata

MAX_FRONT_MATTER = 64 * 1024
"""Front matter longer than this is refused rather than parsed."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

KNOWN_KEYS = (
    "title",
    "subtitle",
    "author",
    "date",
    "lang",
    "publisher",
    "subject",
    "description",
    "identifier",
    "source",
    "also-published-in",
    "section",
    "author-bio",
)


_ANCHOR = re.compile(r"[&*][^\s,\[\]{}]")
"""Anything that could be a YAML anchor (``&a``) or alias (``*a``); false alarms
(an ampersand in a title) only mean the slower loader."""


class _SafeNoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases so an alias bomb cannot expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed", mark)
        return super().compose_node(parent, index)


def load_yaml(text: str, where: str) -> Any:
    """Parse untrusted YAML: no Python tags, no aliases, bounded size."""
    if len(text) > MAX_FRONT_MATTER:
        raise FrontMatterError(where, f"YAML block is over {MAX_FRONT_MATTER:,} characters")
    # libyaml's safe loader is much faster; it cannot refuse aliases itself, so
    # only text with no anchor or alias in sight takes it.
    loader = _SafeNoAliasLoader if _ANCHOR.search(text) else getattr(yaml, "CSafeLoader", _SafeNoAliasLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(where, f"malformed YAML, {line}{problem}") from None


def compose_yaml(text: str, where: str) -> Any:
    """The YAML node tree of ``text`` (for line numbers), parsed as safely as ``load_yaml``."""
    try:
        return yaml.compose(text, Loader=_SafeNoAliasLoader)
    except yaml.YAMLError:
        load_yaml(text, where)  # raises the one-line error
        raise


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return ``(yaml_text, body)``; ``yaml_text`` is None when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return " ".join(str(value).split())


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(t for t in (_text(v) for v in value) if t)
    return (_text(value),) if _text(value) else ()


def web_url(url: str) -> str:
    """Only an http(s) address is a source; ``javascript:`` and kin are dropped."""
    return url if re.match(r"(?i)https?://[^\s<>\"]+$", url) else ""


def metadata_from_mapping(data: Mapping[str, Any], where: str) -> Metadata:
    """Build :class:`Metadata` from parsed front matter."""
    title = _text(data.get("title"))
    if not title:
        raise FrontMatterError(where, "front matter has no title")
    bios = data.get("author-bio") or {}
    if not isinstance(bios, Mapping):
        raise FrontMatterError(where, "author-bio must map author names to bios")
    names = []
    for entry in data.get("author") or ():
        # pandoc also allows ``- name: …`` mappings; take the name.
        names.append(_text(entry.get("name")) if isinstance(entry, Mapping) else _text(entry))
    if isinstance(data.get("author"), str):
        names = [_text(data["author"])]
    authors = tuple(Author(n, _text(bios.get(n))) for n in names if n)
    return Metadata(
        title=title,
        subtitle=_text(data.get("subtitle")),
        authors=authors,
        date=_text(data.get("date")),
        lang=_text(data.get("lang")) or "en",
        publisher=_text(data.get("publisher")),
        subjects=_list(data.get("subject")),
        description=_text(data.get("description")),
        identifier=_text(data.get("identifier")),
        source=web_url(_text(data.get("source"))),
        also_published_in=_text(data.get("also-published-in")),
        section=_text(data.get("section")),
    )


def parse_front_matter(yaml_text: str, where: str) -> Metadata:
    data = load_yaml(yaml_text, where)
    if not isinstance(data, Mapping):
        raise FrontMatterError(where, "front matter is not a YAML mapping")
    return metadata_from_mapping(data, where)


def _date_value(iso: str) -> Any:
    try:
        return _dt.date.fromisoformat(iso)
    except ValueError:
        return iso


def front_matter(meta: Metadata) -> dict[str, Any]:
    """The front matter mapping for ``meta``, in a fixed key order, empty keys left out."""
    data: dict[str, Any] = {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "author": list(meta.author_names),
        "date": _date_value(meta.date) if meta.date else "",
        "lang": meta.lang,
        "publisher": meta.publisher,
        "subject": list(meta.subjects),
        "description": meta.description,
        "identifier": meta.identifier,
        "source": meta.source,
        "also-published-in": meta.also_published_in,
        "section": meta.section,
        "author-bio": {a.name: a.bio for a in meta.authors if a.bio},
    }
    return {k: v for k, v in data.items() if v}


def _dump_yaml(data: Mapping[str, Any], dumper: type[Any] = yaml.SafeDumper) -> str:
    return yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )


def _document(head: str, body: str) -> str:
    body = body.strip("\n")
    return f"---\n{head}---\n\n{body}\n" if body else f"---\n{head}---\n"


def dump_article(article: Article) -> str:
    """Serialize ``article`` as canonical Markdown text."""
    return _document(_dump_yaml(front_matter(article.meta)), article.body)


def as_written(text: str, where: str) -> Article | None:
    """The article in ``text`` if ``text`` is exactly as :func:`dump_article` writes
    it: ``exporter clean``'s output, its body perhaps corrected by hand since.

    Anything else (no front matter, a clipper's front matter, other quoting or
    key order, front matter that does not parse) gives None and is cleaned.
    """
    yaml_text, body = split_front_matter(text)
    if yaml_text is None:
        return None
    try:
        article = Article(parse_front_matter(yaml_text, where), body.strip("\n"))
    except ExporterError:
        return None
    # libyaml's emitter, when there is one, writes these plain mappings as
    # the Python one does, ten times faster; a file they would write
    # differently only goes through the cleaner, which changes nothing.
    head = _dump_yaml(front_matter(article.meta), getattr(yaml, "CSafeDumper", yaml.SafeDumper))
    return article if text == _document(head, article.body) else None


def heading_levels(levels: Sequence[int]) -> list[int]:
    """The levels a body's headings take in canonical form, in order: the
    first at 2 at most (the title is the only level 1) and none more than one
    below the heading before it, so that no level is skipped.

    ``[3, 5, 3]`` → ``[2, 3, 2]``; ``[1, 2, 2]`` → ``[2, 3, 3]``. Levels
    already in this form are kept: the rule is a fixpoint.
    """
    if not levels:
        return []
    shift = min(levels) - 2
    result: list[int] = []
    for level in levels:
        above = result[-1] if result else 1
        result.append(max(2, min(level - shift, above + 1, 6)))
    return result

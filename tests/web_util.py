"""For tests of web input: a local site the test starts, pages, images, and looking at what came out.

:class:`Site` is an HTTP server on 127.0.0.1 (the only address a test may
reach) with routes the test sets: a body, a redirect, a body that never
ends (fast, for the size cap), one that trickles a byte at a time (for the
deadline). It records every request it gets, so a test can show that
something was never asked for.
"""

from __future__ import annotations

import http.server
import io
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """A local web site: ``routes`` maps a path to what answers it."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """``(path, headers)`` of every request, in order."""
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def asked(self, path: str) -> int:
        """How many times ``path`` was asked for."""
        return sum(1 for asked, _ in self.requests if asked == path)

    def page(self, path: str, html: str, charset: str | None = "utf-8", encoding: str = "utf-8") -> None:
        kind = f"text/html; charset={charset}" if charset else "text/html"
        self.routes[path] = body(html.encode(encoding), kind)

    def file(self, path: str, data: bytes, kind: str) -> None:
        self.routes[path] = body(data, kind)


def body(data: bytes, kind: str, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def redirect(location: str, status: int = 302) -> Handler:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def endless(kind: str, chunk: bytes = b"\0" * 65536) -> Handler:
    """A body that never ends, as fast as the reader reads (a "1 GB image")."""

    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.end_headers()
        try:
            while True:
                handler.wfile.write(chunk)
        except OSError:
            pass  # the reader hung up, as it should

    return answer


def trickle(kind: str, pause: float = 0.1) -> Handler:
    """A body that never ends, a byte at a time (a page that never ends)."""

    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.end_headers()
        try:
            handler.wfile.write(b"<!DOCTYPE html><html><body><p>")
            for _ in range(100_000):
                handler.wfile.write(b"a")
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass

    return answer


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 for the ``with`` block."""

    class Answer(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                body(b"not here", "text/plain", status=404)(self)
            else:
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a reader that hangs up on a body it refuses is what the tests want

    server = Server(("127.0.0.1", 0), Answer)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------
# Images


def image(kind: str = "JPEG", size: tuple[int, int] = (900, 600), color: tuple[int, ...] = (40, 110, 170), **save: object) -> bytes:
    """An image of one colour with a stripe, encoded as ``kind``."""
    mode = "RGBA" if len(color) == 4 else "RGB"
    picture = Image.new(mode, size, color)
    for x in range(size[0] // 3):
        for y in range(0, size[1], 7):
            picture.putpixel((x, y), (250, 250, 250) if mode == "RGB" else (250, 250, 250, 255))
    if kind == "GIF":
        picture = picture.convert("P")
    out = io.BytesIO()
    picture.save(out, kind, **save)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
    b'<script>alert("svg")</script><rect width="400" height="300" fill="red"/></svg>'
)

SENTENCES = (
    "The harbour saw more ships this spring than in any spring before it, and the port expects more.",
    "Dockers worked through the night to clear the backlog of containers that had built up since March.",
    "A new crane, the largest on the coast, arrived by barge and was raised in under a week.",
    "Fishermen say the traffic has pushed them to the far side of the bay, where the water is rougher.",
    "The harbour master has asked the city for a second pilot boat before the autumn storms begin.",
    "Tourists line the sea wall each evening to watch the ships come in against the setting sun.",
)


def paragraphs(count: int, tag: str = "") -> list[str]:
    """``count`` distinct paragraphs of plain prose (``tag`` makes them differ from another page's)."""
    return [f"{tag}{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i + 2) % len(SENTENCES)]} (Part {i + 1}.)" for i in range(count)]


def article_page(title: str, figures: list[str], author: str = "Jane Doe", date: str = "2024-05-02", tag: str = "") -> str:
    """A news page: chrome, a headline and byline, paragraphs with ``figures``
    (each an HTML snippet) after every second one, and a footer."""
    parts = []
    for index, text in enumerate(paragraphs(2 * len(figures) + 2, tag)):
        parts.append(f"<p>{text}</p>")
        if index % 2 == 1 and index // 2 < len(figures):
            parts.append(figures[index // 2])
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour News</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Harbour News">
<meta name="author" content="{author}"><meta property="article:published_time" content="{date}T08:00:00Z">
<meta property="og:url" content="https://news.invalid/{title.lower().replace(' ', '-')}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/ports">Ports</a> <a href="/about">About</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>
{body}
</article></main>
<footer><p>© Harbour News. All rights reserved.</p></footer></body></html>"""


def saved_page(folder: Path, name: str, title: str, files: dict[str, bytes], figures: list[str]) -> Path:
    """A page as "Save page as…" leaves it: ``name.html`` and ``name_files/``."""
    folder.mkdir(parents=True, exist_ok=True)
    own = folder / f"{name}_files"
    own.mkdir(exist_ok=True)
    for file_name, data in files.items():
        (own / file_name).write_bytes(data)
    path = folder / f"{name}.html"
    path.write_text(article_page(title, figures), encoding="utf-8")
    return path


def figure(src: str, alt: str, caption: str = "", credit: str = "") -> str:
    credit_html = f' <span class="credit">{credit}</span>' if credit else ""
    caption_html = f"<figcaption>{caption}{credit_html}</figcaption>" if caption or credit else ""
    return f'<figure><img src="{src}" alt="{alt}">{caption_html}</figure>'


# --------------------------------------------------------------------------
# Looking at what came out


@dataclass(frozen=True)
class Drawn:
    """An image drawn on a PDF page: its box in points, from the page's lower left."""

    page: int
    left: float
    bottom: float
    right: float
    top: float
    pixels: tuple[int, int]

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _times(m: list[float], n: list[float]) -> list[float]:
    """The PDF matrix product ``m × n`` of ``[a b c d e f]`` matrices."""
    a, b, c, d, e, f = m
    g, h, i, j, k, l_ = n
    return [a * g + b * i, a * h + b * j, c * g + d * i, c * h + d * j, e * g + f * i + k, e * h + f * j + l_]


def drawn_images(pdf: bytes) -> list[Drawn]:
    """Every image XObject drawn on each page, where and how large (pypdf, following ``cm``, ``q`` and ``Q``)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for number, page in enumerate(reader.pages):
        xobjects = page["/Resources"].get("/XObject") or {}
        images = {name: xobjects[name].get_object() for name in xobjects if xobjects[name].get_object().get("/Subtype") == "/Image"}
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        stack: list[list[float]] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop() if stack else ctm
            elif operator == b"cm":
                ctm = _times([float(v) for v in operands], ctm)
            elif operator == b"Do" and operands[0] in images:
                xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]]
                ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]]
                xobject = images[operands[0]]
                found.append(Drawn(number, min(xs), min(ys), max(xs), max(ys), (int(xobject["/Width"]), int(xobject["/Height"]))))
    return found

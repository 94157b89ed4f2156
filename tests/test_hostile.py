"""Hostile and broken input through every command, as a pipeline would run it.

Each case runs ``python -m exporter clean|epub|pdf`` in a subprocess and must
end in one of two ways: a valid output (canonical Markdown that cleans to
itself, an EPUB whose documents parse and that EPUBCheck passes, a PDF that
opens), or a one-line error naming the file, a non-zero status and no output
file at all. Meanwhile a local HTTP listener records every request (there must
be none), a secret file waits beside the inputs (its text must reach no
output), and inputs are never changed.
"""

from __future__ import annotations

import http.server
import io
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.epub_util import epubcheck
from tests.pdf_util import pdftotext

ROOT = Path(__file__).parents[1]
SECRET = "SECRET-7d1f0c-do-not-leak"
TIME_BOUND = 240
"""Seconds any one command may take on any one case."""


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[str]]]:
    class Handler(_Recorder):
        requests: list[str] = []

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", Handler.requests
    finally:
        server.shutdown()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[str, Path], bytes]
    """(listener URL, secret path) → the input file's bytes."""
    suffix: str = ".md"
    heavy: bool = False
    """Too large to lay out as a PDF within the time bound; cleaned and made an EPUB."""


def _text(body: str) -> Callable[[str, Path], bytes]:
    return lambda url, secret: body.format(url=url, secret=secret, secret_uri=secret.as_uri()).encode()


ACTIVE = """# Active content

<script>document.write('{secret}')</script><noscript>x</noscript>
Text with <b onclick="alert(1)" onmouseover="x()">handlers</b> and [a js link](javascript:alert(1)).

<iframe src="{url}/frame"></iframe><object data="{url}/obj"></object><embed src="{url}/embed">
<form action="{url}/form"><input name=q></form><svg onload="alert(1)"><script>alert(2)</script></svg>
<math><mi xlink:href="javascript:alert(3)">x</mi></math><meta http-equiv="refresh" content="0;url={url}/meta">
<base href="{url}/base/"><a href="data:text/html,<script>alert(4)</script>">data link</a>

A closing paragraph of ordinary text that must survive all of the above intact.
"""

REMOTE = """# Remote and local resources

<img src="{url}/img.png"> <img src="{secret_uri}"> <img srcset="{url}/a.png 2x">
<link rel="stylesheet" href="{url}/style.css"><link rel="stylesheet" href="{secret_uri}">
<style>@import url({url}/import.css); @import "{secret_uri}"; p {{ background: url({url}/bg.png) }}</style>
<p style="background-image: url({url}/inline.png)">styled</p>
<video poster="{url}/poster.png" src="{url}/v.mp4"></video><audio src="{url}/a.mp3"></audio>
<object data="{secret_uri}"></object><iframe src="{secret_uri}"></iframe>

![remote]({url}/md.png) ![local]({secret_uri}) ![relative](../secret.txt)

A paragraph of text that stays, with a [real link](https://example.org/page).
"""

FRONT = "---\ntitle: !!python/object/apply:os.system [echo pwned]\n---\n\nBody.\n"
BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: t\n---\n\nBody.\n"
HUGE_FRONT = "---\ntitle: T\ndescription: " + "x" * 100_000 + "\n---\n\nBody.\n"
MARKUP_TITLE = '---\ntitle: "</title><script>alert(1)</script> & <b>bold</b>"\nauthor: ["<img src=x onerror=y>", "A & B"]\nsource: "javascript:alert(1)"\n---\n\nBody & more text with <tags>.\n'
TEXT = "A sentence about the café, its naïve owners and their €5 coffee. "


CASES = [
    Case("active-html", _text(ACTIVE)),
    Case("remote-resources", _text(REMOTE)),
    Case("python-tag", _text(FRONT)),
    Case("alias-bomb", _text(BOMB)),
    Case("huge-front-matter", _text(HUGE_FRONT)),
    Case("markup-in-metadata", _text(MARKUP_TITLE)),
    Case("control-characters", lambda u, s: ("# Controls\n\n" + ("A\x00B\x01C\x0b \u202eevil\u202c \u2066x\u2069 zero\u200bwidth \ufeff" + TEXT) * 5).encode()),
    Case("utf16-bom", lambda u, s: ("# Café\n\n" + TEXT * 5).encode("utf-16")),
    Case("utf16-no-bom", lambda u, s: ("# Café\n\n" + TEXT * 5).encode("utf-16-le")),
    Case("cp1252", lambda u, s: ("# Café\n\n" + TEXT * 5).encode("cp1252")),
    Case("broken-utf8", lambda u, s: b"# Broken\n\nbad \xed\xa0\x80 and \xff\xfe bytes " + TEXT.encode() * 3),
    Case("binary", lambda u, s: bytes(range(256)) * 64, suffix=".bin"),
    Case("empty", lambda u, s: b""),
    Case("blank", lambda u, s: b" \n\t\n  \n"),
    Case("only-front-matter", _text("---\ntitle: Only a title\n---\n")),
    Case("brackets", lambda u, s: b"# Brackets\n\n" + b"[" * 100_000),
    Case("asterisks", lambda u, s: b"# Stars\n\n" + b"*" * 100_000),
    Case("underscores", lambda u, s: b"# Lines\n\n" + b"_" * 100_000),
    Case("nested-emphasis", lambda u, s: b"# Deep\n\n" + b"*" * 5_000 + b"x" + b"*" * 5_000),
    Case("nested-lists", lambda u, s: ("# Lists\n\n" + "\n".join("  " * i + "- item" for i in range(1_000))).encode()),
    Case("nested-quotes", lambda u, s: b"# Quotes\n\n" + b">" * 1_000 + b" deep"),
    Case("many-links", lambda u, s: ("# Links\n\n" + " ".join(f"[l{i}](https://e.org/{i})" for i in range(5_000))).encode(), heavy=True),
    Case("long-url", lambda u, s: b"# URL\n\nsee [x](https://e.org/" + b"a" * 100_000 + b")"),
    Case("one-3mb-line", lambda u, s: b"# Line\n\n" + b"word " * 600_000, heavy=True),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, listener: tuple[str, list[str]]) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    inputs = folder / "in"
    inputs.mkdir()
    for case in CASES:
        (inputs / f"{case.name}{case.suffix}").write_bytes(case.make(listener[0], secret))
    return folder


def _run(workspace: Path, command: str, case: Case) -> tuple[subprocess.CompletedProcess[str], Path]:
    source = workspace / "in" / f"{case.name}{case.suffix}"
    output = workspace / "out" / f"{case.name}.{ {'clean': 'md'}.get(command, command) }"
    before = source.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "exporter", command, str(source), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=TIME_BOUND,
        cwd=workspace,
        stdin=subprocess.DEVNULL,
    )
    assert source.read_bytes() == before, "the input was modified"
    return done, output


def _check_ended_well(done: subprocess.CompletedProcess[str], output: Path, source_name: str) -> bool:
    """True when an output was made; otherwise assert a clean one-line failure."""
    assert "Traceback" not in done.stderr, done.stderr
    leftovers = [p.name for p in output.parent.glob(f".{output.name}.*")] if output.parent.exists() else []
    assert not leftovers, f"temporary files left behind: {leftovers}"
    if done.returncode == 0:
        assert output.is_file() and output.stat().st_size > 0
        return True
    assert done.returncode in {1, 3}, (done.returncode, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("exporter:") and "warning" not in line]
    assert len(errors) == 1 and source_name in errors[0], done.stderr
    assert not output.exists()
    return False


EXPECTED_ERRORS = {"python-tag", "alias-bomb", "huge-front-matter", "binary", "empty", "blank"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_clean(workspace: Path, listener: tuple[str, list[str]], case: Case) -> None:
    done, output = _run(workspace, "clean", case)
    made = _check_ended_well(done, output, case.name)
    assert made == (case.name not in EXPECTED_ERRORS), done.stderr
    if made:
        text = output.read_text("utf-8")
        assert text.startswith("---\n") and SECRET not in text
        again = subprocess.run(
            [sys.executable, "-m", "exporter", "clean", str(output), "-o", "-"],
            capture_output=True, text=True, timeout=TIME_BOUND, cwd=workspace, check=True,
        )
        assert again.stdout == text, "canonical output must clean to itself"
    assert listener[1] == []


def _epub_documents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist()}


EPUBS_CHECKED: list[Path] = []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_epub(workspace: Path, listener: tuple[str, list[str]], case: Case) -> None:
    import xml.etree.ElementTree as ET

    done, output = _run(workspace, "epub", case)
    made = _check_ended_well(done, output, case.name)
    assert made == (case.name not in EXPECTED_ERRORS), done.stderr
    if made:
        for name, data in _epub_documents(output.read_bytes()).items():
            assert SECRET.encode() not in data, name
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                root = ET.fromstring(data)  # well-formed XML or this raises
                lowered = data.lower()
                for bad in (b"<script", b"onclick", b"onload", b"javascript:", b"<iframe", b"<object", b"127.0.0.1"):
                    assert bad not in lowered, (name, bad)
                del root
        EPUBS_CHECKED.append(output)
    assert listener[1] == []


def test_hostile_epubs_pass_epubcheck(workspace: Path) -> None:
    """EPUBCheck over the books the cases above made (run after them)."""
    books = [workspace / "out" / f"{c.name}.epub" for c in CASES if c.name not in EXPECTED_ERRORS and not c.heavy]
    books = [b for b in books if b.exists()]
    assert len(books) >= 10
    results = epubcheck(books)
    bad = {b.name: r.messages[:3] for b, r in results.items() if not r.clean}
    assert not bad, bad


@pytest.mark.parametrize("case", [c for c in CASES if not c.heavy], ids=[c.name for c in CASES if not c.heavy])
def test_pdf(workspace: Path, listener: tuple[str, list[str]], case: Case) -> None:
    done, output = _run(workspace, "pdf", case)
    made = _check_ended_well(done, output, case.name)
    assert made == (case.name not in EXPECTED_ERRORS), done.stderr
    if made:
        data = output.read_bytes()
        assert SECRET.encode() not in data
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 1
        assert SECRET not in pdftotext(data)
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data
    assert listener[1] == []


def test_failed_build_keeps_the_existing_output(workspace: Path) -> None:
    target = workspace / "out" / "keep"  # no extension: every command may write it
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"yesterday's good book")
    bad = workspace / "in" / "empty.md"
    for command in ("epub", "pdf", "clean"):
        done = subprocess.run(
            [sys.executable, "-m", "exporter", command, str(bad), "-o", str(target)],
            capture_output=True, text=True, timeout=TIME_BOUND, cwd=workspace,
        )
        assert done.returncode == 1
        assert target.read_bytes() == b"yesterday's good book"
    assert sorted(p.name for p in target.parent.glob(".keep.*")) == []

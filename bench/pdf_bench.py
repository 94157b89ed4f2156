"""Benchmark the PDF backend against WeasyPrint alone and against pandoc.

Three contenders, each run in a fresh child process so that peak memory is
the child's own (``resource.getrusage``) and no run warms another's caches:

``exporter``    ``exporter.backends.pdf.export()`` on the canonical Markdown:
                render, build the HTML, lay out with print.css, write PDF.
``weasyprint``  WeasyPrint alone on the very HTML and stylesheets ``export()``
                produces (no rendering, no restricted fetcher): our overhead
                is the ratio of these two in-process times.
``pandoc``      ``pandoc IN.md -o OUT.pdf --pdf-engine=weasyprint``, which
                runs the ``weasyprint`` executable; compared on whole-process
                wall time with ``python -c "build(…)"`` as a process.

Usage: ``python bench/pdf_bench.py [INPUT.md] [--runs N]``. Prints medians,
ratios and peak RSS. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "tests" / "fixtures" / "canonical" / "pdf-groundwater.md"

# Each child prints one JSON line: seconds spent in the measured call (None
# when the whole process is what is measured) and its own peak RSS in KiB.
_EXPORTER_CHILD = """
import json, resource, sys, time
from pathlib import Path
from exporter.backends import pdf
from exporter.canonical import parse_front_matter, split_front_matter
from exporter.model import Article
yaml_text, body = split_front_matter(Path(sys.argv[1]).read_text(encoding="utf-8"))
article = Article(parse_front_matter(yaml_text, sys.argv[1]), body.strip("\\n"))
start = time.perf_counter()
data = pdf.export(article, pdf.Options()).data
seconds = time.perf_counter() - start
Path(sys.argv[2]).write_bytes(data)
print(json.dumps({"seconds": seconds,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_WEASYPRINT_CHILD = """
import json, resource, sys, time
from pathlib import Path
from weasyprint import CSS, HTML
from exporter.backends.fetch import StylesOnlyFetcher
from exporter.backends.pdf.fonts import DocumentFonts
html = Path(sys.argv[1]).read_text(encoding="utf-8")
start = time.perf_counter()
# The fonts print.css names that this document needs, as exporter loads them.
fonts = DocumentFonts(html, StylesOnlyFetcher())
sheets = [CSS(filename=sys.argv[3], font_config=fonts),
          CSS(string="@page { size: A4 }", font_config=fonts)]
data = HTML(string=html).write_pdf(stylesheets=sheets, font_config=fonts,
                                   pdf_variant="pdf/ua-1", pdf_identifier=True)
seconds = time.perf_counter() - start
Path(sys.argv[2]).write_bytes(data)
print(json.dumps({"seconds": seconds,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_PROCESS_CHILD = """
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps({"seconds": None,
                  "rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _child(code: str, *args: str, env: dict[str, str]) -> tuple[float, float | None, int]:
    """Run ``code`` in a fresh interpreter: (process wall s, inner s, peak RSS KiB)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - start
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return wall, report["seconds"], int(report["rss"])


def _the_html(source: Path) -> str:
    """The HTML document ``export()`` hands to WeasyPrint for ``source``."""
    sys.path.insert(0, str(ROOT))
    from exporter.backends import pdf
    from exporter.canonical import parse_front_matter, split_front_matter
    from exporter.compose import compose
    from exporter.model import Article

    yaml_text, body = split_front_matter(source.read_text(encoding="utf-8"))
    assert yaml_text is not None, f"{source} has no front matter"
    article = Article(parse_front_matter(yaml_text, str(source)), body.strip("\n"))
    options = pdf.Options()
    return pdf.document_html(compose(article, options.compose), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    source = args.input.resolve()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    # pandoc runs the `weasyprint` executable: the one beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    pandoc = shutil.which("pandoc", path=env["PATH"])

    rows: dict[str, list[tuple[float, float | None, int]]] = {
        "exporter": [],
        "weasyprint": [],
        "pandoc": [],
    }
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as scratch:
        folder = Path(scratch)
        html = folder / "doc.html"
        html.write_text(_the_html(source), encoding="utf-8")
        css = str(ROOT / "styles" / "print.css")
        for _ in range(args.runs):
            rows["exporter"].append(
                _child(_EXPORTER_CHILD, str(source), str(folder / "ours.pdf"), env=env)
            )
            rows["weasyprint"].append(
                _child(_WEASYPRINT_CHILD, str(html), str(folder / "direct.pdf"), css, env=env)
            )
            if pandoc:
                command = [pandoc, str(source), "-o", str(folder / "pandoc.pdf")]
                rows["pandoc"].append(
                    _child(_PROCESS_CHILD, *command, "--pdf-engine=weasyprint", env=env)
                )

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in rows[name])  # type: ignore[misc]

    def peak(name: str) -> float:
        return max(r[2] for r in rows[name]) / 1024

    print(f"input: {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}")
    print(f"runs: {args.runs}, medians; peak RSS is the largest of the runs\n")
    print(f"{'':12} {'in-process s':>13} {'process s':>10} {'peak RSS MiB':>13}")
    for name in ("exporter", "weasyprint"):
        print(f"{name:12} {median(name, 1):13.3f} {median(name, 0):10.3f} {peak(name):13.1f}")
    if rows["pandoc"]:
        print(f"{'pandoc':12} {'':>13} {median('pandoc', 0):10.3f} {peak('pandoc'):13.1f}")
    print()
    print(
        "overhead, exporter export() / WeasyPrint on the same HTML: "
        f"{median('exporter', 1) / median('weasyprint', 1):.2f}x"
    )
    if rows["pandoc"]:
        print(
            "exporter process / pandoc --pdf-engine=weasyprint process: "
            f"{median('exporter', 0) / median('pandoc', 0):.2f}x"
        )
    else:
        print("pandoc not found: skipped")


if __name__ == "__main__":
    main()

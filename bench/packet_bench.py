"""Benchmark reading packets: ``exporter epub|pdf`` against pandoc and WeasyPrint alone.

For packets of 1, 10, 50 and 200 articles (``--sizes`` for a subset), made
up in a scratch folder by varying ``tests/fixtures/canonical/*.md`` (title,
author, date, paragraph order and length), every contender runs as a child
process, one after the other, and is measured from outside: wall time, and
peak memory: the larger of the peak RSS ``wait4`` reports (of the child
alone or of its largest descendant) and the peak of the RSS of the child and
all its descendants summed, which is what a packet laid out in parallel
processes holds at once. The sum is sampled every 50 ms: often enough for
peaks that last seconds, seldom enough to leave the cores to what is measured.

``exporter epub``     ``python -m exporter epub packet.yaml``
``pandoc epub``       ``pandoc -t epub3 --toc`` on the same canonical files
``exporter pdf``      ``python -m exporter pdf packet.yaml`` (in parts, on every
                      core: ``exporter/backends/pdf/parts.py``)
``pandoc pdf``        ``pandoc --pdf-engine=weasyprint`` on the same files
                      (runs the ``weasyprint`` executable beside this Python)
``weasyprint``        one ``HTML.write_pdf()`` call, in a fresh Python, on the
                      very HTML ``exporter pdf`` lays out, with print.css:
                      what any single-pass design costs at least

The ratios the issues set targets for are printed under the table, and the
sizes of the PDFs (ours against WeasyPrint's one call, which issue 15 holds
a packet to within a tenth of). Not a test: the times depend on the machine.
Generated files are deleted.

With ``--layouts`` the packet PDF is also timed laid out as one document and
in parts whatever its length (through the library, in a fresh process each):
where they cross is where ``parts.PARALLEL_WORDS`` belongs.

Usage: ``python bench/packet_bench.py [--sizes 1,10,50,200] [--runs N] [--layouts] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "canonical").glob("*.md"))
AUTHORS = ("Dennis Ross", "Tomás Lindqvist", "Amara Okafor", "Lena Vogt", "Kenji Mori")


@dataclass(frozen=True, slots=True)
class Measure:
    seconds: float
    rss_mib: float
    size: int = 0
    """Bytes of the file written."""


# Generating packets ------------------------------------------------------------------


def _vary(source: str, number: int) -> str:
    """Canonical article ``number``: the fixture with its own title, author, date,
    and its paragraphs rotated and trimmed so that articles differ in length."""
    _, front, body = source.split("---\n", 2)
    blocks = body.strip("\n").split("\n\n")
    keep = max(4, len(blocks) - number % 5)
    shift = number % len(blocks)
    blocks = (blocks[shift:] + blocks[:shift])[:keep]
    front = re.sub(r"^title: (.*)$", rf"title: \1 ({number})", front, count=1, flags=re.M)
    author = AUTHORS[number % len(AUTHORS)]
    front = re.sub(r"^author:\n- .*$", f"author:\n- {author}", front, count=1, flags=re.M)
    front = re.sub(r"^author-bio:\n  [^:]+:", f"author-bio:\n  {author}:", front, count=1, flags=re.M)
    front = re.sub(r"^date: .*$", f"date: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}", front, flags=re.M)
    return f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n"


def make_packet(folder: Path, size: int) -> tuple[Path, list[Path]]:
    """``size`` canonical articles and a manifest listing them, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p.read_text(encoding="utf-8") for p in FIXTURES]
    files = []
    for number in range(1, size + 1):
        path = folder / f"article-{number:03d}.md"
        path.write_text(_vary(sources[number % len(sources)], number), encoding="utf-8")
        files.append(path)
    manifest = folder / "packet.yaml"
    listing = "".join(f"  - {p.name}\n" for p in files)
    manifest.write_text(
        f"title: Benchmark Packet of {size}\neditor: Sam Lee\ndate: 2025-05-01\n"
        f"intro: A packet made up for the benchmark.\narticles:\n{listing}",
        encoding="utf-8",
    )
    return manifest, files


# Running contenders ------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Bytes resident in process ``pid`` and all its descendants now (0 where /proc
    cannot tell)."""
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or no /proc
    return total


def measure(command: list[str], env: dict[str, str], output: Path | None = None) -> Measure:
    """Run ``command``; its wall time and peak memory (see the module's docstring),
    and the size of ``output``, the file it writes."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}… failed:\n{errors.decode(errors='replace')[-2000:]}")
    size = output.stat().st_size if output is not None else 0
    return Measure(seconds, max(usage.ru_maxrss * 1024, peak) / 2**20, size)


_WRITE_HTML = """
import sys
from pathlib import Path
from exporter.backends import pdf
from exporter.compose import compose
from exporter.canonical import parse_front_matter, split_front_matter
from exporter.model import Article
from exporter.packet import packet_from_manifest, read_manifest

def load(path):
    head, body = split_front_matter(path.read_text(encoding="utf-8"))
    return Article(parse_front_matter(head, str(path)), body.strip("\\n"))

packet = packet_from_manifest(read_manifest(Path(sys.argv[1])), load)
options = pdf.Options()
Path(sys.argv[2]).write_text(pdf.document_html(compose(packet, options.compose), options), encoding="utf-8")
"""

_WEASYPRINT_ONE_CALL = """
import sys
from pathlib import Path
from weasyprint import CSS, HTML
from exporter.backends.fetch import StylesOnlyFetcher
from exporter.backends.pdf.fonts import DocumentFonts
html, out, css = sys.argv[1:4]
text = Path(html).read_text(encoding="utf-8")
fetcher = StylesOnlyFetcher()
# The fonts print.css names that this document needs, as exporter loads them.
fonts = DocumentFonts(text, fetcher)
sheets = [CSS(filename=css, font_config=fonts, url_fetcher=fetcher),
          CSS(string="@page { size: A4 }", font_config=fonts)]
document = HTML(string=text, url_fetcher=fetcher)
Path(out).write_bytes(document.write_pdf(stylesheets=sheets, font_config=fonts,
                                         pdf_variant="pdf/ua-1", pdf_identifier=True))
"""

_ONE_LAYOUT = """
import sys
from pathlib import Path
import exporter
from exporter.packet import packet_from_manifest, read_manifest

packet = packet_from_manifest(read_manifest(Path(sys.argv[1])), lambda path: exporter.load(path).article)
exporter.to_pdf(packet, sys.argv[2], parallel=sys.argv[3] == "parts")
"""
"""A packet PDF laid out one way, whatever its length (``--layouts``)."""


def run_size(size: int, scratch: Path, env: dict[str, str], layouts: bool = False) -> dict[str, Measure]:
    folder = scratch / f"packet-{size}"
    manifest, files = make_packet(folder, size)
    python = sys.executable
    css = str(ROOT / "styles" / "print.css")
    html = folder / "packet.html"
    subprocess.run([python, "-c", _WRITE_HTML, str(manifest), str(html)], env=env, check=True)
    results = {}
    quiet = [python, "-m", "exporter", "--quiet"]
    results["exporter epub"] = measure([*quiet, "epub", str(manifest), "-o", str(folder / "ours.epub")], env)
    pandoc = shutil.which("pandoc", path=env["PATH"])
    if pandoc:
        command = [pandoc, "-t", "epub3", "--toc", *map(str, files), "-o", str(folder / "pandoc.epub")]
        results["pandoc epub"] = measure(command, env)
    ours, one = folder / "ours.pdf", folder / "one.pdf"
    results["exporter pdf"] = measure([*quiet, "pdf", str(manifest), "-o", str(ours)], env, ours)
    if layouts:
        for layout in ("one", "parts"):
            made = folder / f"{layout}.pdf"
            results[f"pdf, {layout}"] = measure([python, "-c", _ONE_LAYOUT, str(manifest), str(made), layout], env, made)
    results["weasyprint"] = measure([python, "-c", _WEASYPRINT_ONE_CALL, str(html), str(one), css], env, one)
    if pandoc:
        theirs = folder / "pandoc.pdf"
        command = [pandoc, *map(str, files), "--pdf-engine=weasyprint", "-o", str(theirs)]
        results["pandoc pdf"] = measure(command, env, theirs)
    return results


# Report ------------------------------------------------------------------------------


def _median(measures: list[Measure]) -> Measure:
    return Measure(
        statistics.median(m.seconds for m in measures), max(m.rss_mib for m in measures), max(m.size for m in measures)
    )


def _ratio(results: dict[str, Measure], a: str, b: str) -> str:
    if a not in results or b not in results:
        return "–"
    return f"{results[a].seconds / results[b].seconds:.2f}"


def report(table: dict[int, dict[str, Measure]]) -> None:
    names = list(dict.fromkeys(name for results in table.values() for name in results))
    print(f"{'articles':>8}  " + "  ".join(f"{name:>18}" for name in names))
    for size, results in table.items():
        cells = [f"{results[n].seconds:7.2f} s {results[n].rss_mib:5.0f} MiB" if n in results else "" for n in names]
        print(f"{size:>8}  " + "  ".join(f"{c:>18}" for c in cells))
    print("\nratios of wall times (targets from issue 5 in brackets)")
    print(f"{'articles':>8}  {'epub/pandoc [≤0.5]':>20}  {'pdf/weasyprint [≤1]':>20}  {'pdf/pandoc':>11}  {'parts/one':>10}")
    for size, results in table.items():
        print(
            f"{size:>8}  {_ratio(results, 'exporter epub', 'pandoc epub'):>20}"
            f"  {_ratio(results, 'exporter pdf', 'weasyprint'):>20}"
            f"  {_ratio(results, 'exporter pdf', 'pandoc pdf'):>11}"
            f"  {_ratio(results, 'pdf, parts', 'pdf, one'):>10}"
        )
    print("\nPDF sizes (target from issue 15 in brackets)")
    print(f"{'articles':>8}  {'exporter pdf':>13}  {'weasyprint':>11}  {'ratio [≤1.1]':>13}  {'pandoc pdf':>11}")
    for size, results in table.items():
        ours, one = results["exporter pdf"].size, results["weasyprint"].size
        theirs = f"{results['pandoc pdf'].size / 1024:8.0f} KB" if "pandoc pdf" in results else "–"
        print(f"{size:>8}  {ours / 1024:10.0f} KB  {one / 1024:8.0f} KB  {ours / one:>13.3f}  {theirs:>11}")
    if 50 in table and 200 in table:
        print("\npeak RSS, 200 articles / 50 [≤1.5]:", end="")
        for name in ("exporter epub", "exporter pdf", "weasyprint"):
            if name in table[50] and name in table[200]:
                print(f"  {name} {table[200][name].rss_mib / table[50][name].rss_mib:.2f}", end="")
        print()
        print("time, 200 articles / 50 [4.0 if linear]:", end="")
        for name in ("exporter epub", "exporter pdf"):
            print(f"  {name} {table[200][name].seconds / table[50][name].seconds:.2f}", end="")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,50,200", help="comma-separated packet sizes")
    parser.add_argument("--keep", type=Path, help="keep the generated packets and outputs in this folder")
    parser.add_argument("--runs", type=int, default=1, help="runs per contender; the median is shown")
    parser.add_argument(
        "--layouts",
        action="store_true",
        help="also time the packet PDF laid out as one document and in parts, whatever its length "
        "(where parts.PARALLEL_WORDS should lie)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    # pandoc runs the `weasyprint` executable: the one beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("SOURCE_DATE_EPOCH", None)

    table: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="packet-bench-") as tmp:
        scratch = args.keep or Path(tmp)
        for size in sizes:
            print(f"packet of {size}…", file=sys.stderr, flush=True)
            runs = [run_size(size, scratch, env, args.layouts) for _ in range(args.runs)]
            table[size] = {name: _median([r[name] for r in runs]) for name in runs[0]}
    print(f"cores: {os.cpu_count()}, runs: {args.runs} (medians; peak RSS the largest)\n")
    report(table)


if __name__ == "__main__":
    main()

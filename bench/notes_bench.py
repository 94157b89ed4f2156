"""Benchmark a handout with a long notes list: ``exporter pdf`` against WeasyPrint alone.

A handout of one article whose text is ``N`` links (``--links 1000,5000``),
so its notes list runs to ``N`` notes. Each contender runs as a child
process and is measured from outside, as ``packet_bench.py`` measures
(wall time; peak memory of the child and all its descendants):

``exporter pdf``      ``python -m exporter pdf``: from ``pdf/parallel/handout.py``'s
                      threshold on, the notes list in pieces of bounded size
``--links inline``    the same handout with live links and no notes: the memory
                      the text alone needs
``weasyprint``        one ``HTML.write_pdf()`` call on the handout as one
                      document (``pdf.document_html``), with print.css

Not a test: the times depend on the machine. Generated files are deleted.

Usage: ``python bench/notes_bench.py [--links 1000,2000,5000] [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from packet_bench import _WEASYPRINT_ONE_CALL, ROOT, Measure, measure  # noqa: E402

_WRITE_HTML = """
import sys
from pathlib import Path
import exporter
from exporter.backends import pdf
from exporter.compose import compose
options = pdf.Options()
document = compose(exporter.load(Path(sys.argv[1])).article, options.compose)
Path(sys.argv[2]).write_text(pdf.document_html(document, options), encoding="utf-8")
"""


def make_handout(folder: Path, links: int) -> Path:
    """A canonical article whose text is ``links`` links, in paragraphs of fifty."""
    words = [f"[source number {n}](https://example.org/reports/{n}/page-{n}.html)" for n in range(1, links + 1)]
    paragraphs = [" ".join(words[i : i + 50]) + "." for i in range(0, links, 50)]
    path = folder / f"handout-{links}.md"
    front = "---\ntitle: A Handout of Many Sources\nauthor:\n- Sam Lee\ndate: 2025-05-01\n---\n\n"
    path.write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def run_size(links: int, folder: Path, env: dict[str, str]) -> dict[str, Measure]:
    source = make_handout(folder, links)
    python = sys.executable
    html = folder / f"handout-{links}.html"
    subprocess.run([python, "-c", _WRITE_HTML, str(source), str(html)], env=env, check=True)
    ours, inline, one = (folder / f"{name}-{links}.pdf" for name in ("ours", "inline", "one"))
    quiet = [python, "-m", "exporter", "--quiet", "pdf", str(source)]
    return {
        "exporter pdf": measure([*quiet, "-o", str(ours)], env, ours),
        "--links inline": measure([*quiet, "--links", "inline", "-o", str(inline)], env, inline),
        "weasyprint": measure(
            [python, "-c", _WEASYPRINT_ONE_CALL, str(html), str(one), str(ROOT / "styles" / "print.css")], env, one
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", default="1000,2000,5000", help="comma-separated numbers of links (notes)")
    parser.add_argument("--runs", type=int, default=1, help="runs per contender; the median is shown")
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.pop("SOURCE_DATE_EPOCH", None)
    table: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="notes-bench-") as tmp:
        for links in (int(n) for n in args.links.split(",") if n.strip()):
            print(f"handout of {links} notes…", file=sys.stderr, flush=True)
            runs = [run_size(links, Path(tmp), env) for _ in range(args.runs)]
            table[links] = {
                name: Measure(
                    statistics.median(r[name].seconds for r in runs),
                    max(r[name].rss_mib for r in runs),
                    max(r[name].size for r in runs),
                )
                for name in runs[0]
            }
    print(f"cores: {os.cpu_count()}, runs: {args.runs} (medians; peak RSS the largest)\n")
    names = list(next(iter(table.values())))
    print(f"{'notes':>6}  " + "  ".join(f"{name:>20}" for name in names) + "  pdf/weasyprint time  memory")
    for links, results in table.items():
        cells = [f"{results[n].seconds:7.2f} s {results[n].rss_mib:6.0f} MiB" for n in names]
        ours, theirs = results["exporter pdf"], results["weasyprint"]
        print(
            f"{links:>6}  " + "  ".join(f"{c:>20}" for c in cells)
            + f"  {ours.seconds / theirs.seconds:19.2f}  {ours.rss_mib / theirs.rss_mib:6.2f}"
        )


if __name__ == "__main__":
    main()

"""Stress the packet PDF's processes: many builds in one process, and many in fresh ones.

A packet laid out in parts starts worker processes. Started the wrong way
(forked from a process whose fontconfig lock another thread held), a worker
can wait forever on that lock. This builds small packets in parts over and
over, the way a library caller does (one long process) and the way the
command line does (a fresh process each time), and counts the builds that
stalled (took longer than ``--stall`` seconds or were stopped by the
workers' watchdog) or failed.

Usage: ``python bench/stress.py [--builds 500] [--mode both|process|fresh] [--stall 60]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exporter.backends import pdf  # noqa: E402
from exporter.errors import InternalError  # noqa: E402
from exporter.model import Article, Metadata, Packet  # noqa: E402

FRESH = """
import sys
from exporter.backends import pdf
sys.path.insert(0, {bench!r})
from stress import packet
built = pdf.export(packet(int(sys.argv[1])), pdf.Options(parallel=True))
assert built.data.startswith(b"%PDF")
"""


def packet(number: int) -> Packet:
    """A small packet of two articles that still goes to two worker processes."""
    sentence = "The committee met again on Tuesday to weigh the [proposal](https://example.org/{n}) in full. "
    articles = tuple(
        Article(
            Metadata(title=f"Article {number}.{k}", lang="en"),
            "\n\n".join(sentence.format(n=k) * 6 for _ in range(8)),
        )
        for k in range(2)
    )
    return Packet(f"Packet {number}", articles)


def in_process(builds: int, stall: float) -> tuple[list[float], int, int]:
    times: list[float] = []
    stalls = failures = 0
    options = pdf.Options(parallel=True)
    for number in range(builds):
        began = time.monotonic()
        try:
            pdf.export(packet(number), options)
        except InternalError as error:
            stalls += "sent nothing" in str(error)
            failures += "sent nothing" not in str(error)
        seconds = time.monotonic() - began
        stalls += seconds > stall
        times.append(seconds)
    return times, stalls, failures


def fresh(builds: int, stall: float) -> tuple[list[float], int, int]:
    times: list[float] = []
    stalls = failures = 0
    script = FRESH.format(bench=str(ROOT / "bench"))
    for number in range(builds):
        began = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-c", script, str(number)], capture_output=True, timeout=stall)
            failures += done.returncode != 0
        except subprocess.TimeoutExpired:
            stalls += 1
        times.append(time.monotonic() - began)
    return times, stalls, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=500, help="builds of each kind")
    parser.add_argument("--mode", choices=["both", "process", "fresh"], default="both")
    parser.add_argument("--stall", type=float, default=60.0, help="seconds after which a build counts as stalled")
    args = parser.parse_args()
    runs = {"one process": in_process, "fresh processes": fresh}
    if args.mode != "both":
        runs = {name: run for name, run in runs.items() if (args.mode == "process") == (name == "one process")}
    print(f"{'builds':<18}{'count':>7}{'stalled':>9}{'failed':>8}{'median s':>10}{'max s':>8}")
    total = 0
    for name, run in runs.items():
        times, stalls, failures = run(args.builds, args.stall)
        total += stalls + failures
        print(f"{name:<18}{len(times):>7}{stalls:>9}{failures:>8}{statistics.median(times):>10.2f}{max(times):>8.2f}")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()

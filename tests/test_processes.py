"""Jobs in forked processes (``exporter/backends/processes.py``), and the builds that use them."""

from __future__ import annotations

import logging
import time

import pytest

from exporter.backends import epub
from exporter.backends.epub import plan
from exporter.backends.processes import cores, run_ordered
from exporter.model import Article, Metadata, Packet

SEVERAL = pytest.mark.skipif(
    cores() < 2, reason="jobs run in processes only with two cores or more"
)


def slow_square(number: int) -> int:
    time.sleep(0.05 * (3 - number))  # the first job ends last
    return number * number


def warn(number: int) -> int:
    logging.getLogger("exporter.test").warning("job %d says hello", number)
    return number


@SEVERAL
def test_results_come_back_in_the_jobs_order() -> None:
    finished: list[int] = []
    assert run_ordered(slow_square, [0, 1, 2, 3], done=finished.append, workers=4) == [
        0,
        1,
        4,
        9,
    ]
    assert sorted(finished) == [0, 1, 2, 3] and finished != [0, 1, 2, 3]


@SEVERAL
def test_warnings_in_a_job_are_logged_here(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="exporter.test"):
        run_ordered(warn, [1, 2], workers=2)
    assert sorted(
        r.getMessage() for r in caplog.records if r.name == "exporter.test"
    ) == [
        "job 1 says hello",
        "job 2 says hello",
    ]


def test_one_worker_runs_the_jobs_here() -> None:
    calls: list[str] = []
    assert run_ordered(
        slow_square,
        [2, 3],
        done=lambda i: calls.append(f"done {i}"),
        meanwhile=lambda: calls.append("meanwhile"),
        workers=1,
    ) == [4, 9]
    assert calls == ["done 0", "done 1", "meanwhile"]


def test_an_epub_rendered_in_processes_is_the_book_rendered_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = 'A "quoted" claim -- and a [source](https://example.org/a?utm_source=x).\n\nMore text...'
    articles = tuple(
        Article(
            Metadata(title=f"Article {n}", authors=(), lang="en"),
            f"{body}\n\n## Part {n}\n\nEnd.",
        )
        for n in range(10)
    )
    packet = Packet("Ten", articles)
    assert len(articles) >= plan.PARALLEL_FROM
    shared = epub.export(packet, epub.Options()).data
    monkeypatch.setattr(plan, "PARALLEL_FROM", 1_000)
    alone = epub.export(packet, epub.Options()).data
    assert shared == alone

"""Jobs in forked processes (``exporter/backends/processes.py``), and the builds that use them."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from exporter import compose
from exporter.backends import epub
from exporter.errors import ExporterError
from exporter.model import Article, Metadata, Packet
from exporter.processes import cores, run_ordered, start

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
    assert run_ordered(slow_square, [0, 1, 2, 3], done=lambda index, _: finished.append(index), workers=4) == [
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
        done=lambda i, _: calls.append(f"done {i}"),
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
    assert len(articles) >= compose.PARALLEL_FROM
    shared = epub.export(packet, epub.Options()).data
    monkeypatch.setattr(compose, "PARALLEL_FROM", 1_000)
    alone = epub.export(packet, epub.Options()).data
    assert shared == alone


def tell_then_wait(flag: str, tell: Callable[[str], None]) -> bool:
    """Tells, then waits for the parent to answer by creating ``flag``: True
    if the news reached the parent while this job was still running."""
    tell(flag)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(flag):
            return True
        time.sleep(0.01)
    return False


@SEVERAL
def test_what_a_job_tells_reaches_the_parent_while_it_runs(tmp_path: Path) -> None:
    flags = [str(tmp_path / "a"), str(tmp_path / "b")]
    heard: list[tuple[int, str]] = []

    def told(index: int, flag: str) -> None:
        heard.append((index, flag))
        Path(flag).touch()

    assert run_ordered(tell_then_wait, flags, told=told, workers=2) == [True, True]
    assert sorted(heard) == [(0, flags[0]), (1, flags[1])]


def test_one_worker_hears_what_jobs_tell_before_they_are_done(tmp_path: Path) -> None:
    calls: list[str] = []
    flags = [str(tmp_path / "a"), str(tmp_path / "b")]

    def told(index: int, flag: str) -> None:
        calls.append(f"told {index}")
        Path(flag).touch()

    run_ordered(tell_then_wait, flags, told=told, done=lambda i, _: calls.append(f"done {i}"), workers=1)
    assert calls == ["told 0", "done 0", "told 1", "done 1"]


def fail(message: str) -> None:
    raise ValueError(message)


def test_a_started_job_gives_its_result_or_its_error() -> None:
    assert start(slow_square, 2).result() == 4
    with pytest.raises(ValueError, match="no good"):
        start(fail, "no good").result()


@SEVERAL
def test_a_started_job_can_be_stopped() -> None:
    started = start(time.sleep, 30)
    began = time.monotonic()
    started.stop()
    assert time.monotonic() - began < 5


@SEVERAL
def test_a_started_job_that_failed_does_not_give_a_result_later() -> None:
    failed = start(fail, "no good")
    with pytest.raises(ValueError, match="no good"):
        failed.result()
    with pytest.raises(ExporterError, match="before its result came back"):
        failed.result()

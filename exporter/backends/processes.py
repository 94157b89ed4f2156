"""Run jobs in forked processes, one per core at a time, and get their results in order.

Laying out a PDF and rendering Markdown are pure Python (or hold the GIL),
so threads would take turns on one core; forked processes use them all.
Each job's process is forked when the job starts and ends when it is done,
taking its memory with it. What the job logs at WARNING or above is logged
again here, under the same logger's name, so nothing a library warns of in
a child goes unseen. An exception in a job is raised here.

Results are the same whatever the number of cores: only the order in which
jobs run changes, never what each computes. Without ``fork`` (Windows,
macOS's default), with one core, or with one job and nothing to do beside it,
the jobs run here, in order.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

from ..errors import ExporterError

J = TypeVar("J")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _nothing(*_: object) -> None:
    pass


class _Keep(logging.Handler):
    """What a job logs, to be logged again in the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _child(function: Callable[[Any], Any], job: Any, pipe: Connection) -> None:
    """A job's process: its result and log, or its error, down ``pipe``."""
    kept = _Keep()
    logging.getLogger().addHandler(kept)
    try:
        result = function(job)
        pipe.send(("result", (result, kept.records)))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        try:
            pipe.send(("error", error))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled
            pipe.send(("error", ExporterError(None, f"{type(error).__name__}: {error}")))
    finally:
        pipe.close()


def run_ordered(
    function: Callable[[J], R],
    jobs: Sequence[J],
    *,
    done: Callable[[int], None] = _nothing,
    meanwhile: Callable[[], None] = _nothing,
    workers: int | None = None,
) -> list[R]:
    """``[function(job) for job in jobs]``, each in a process of its own.

    ``done(index)`` is called as each job's result comes back; ``meanwhile()``
    once all jobs have started, while the last are still running (the parent
    is idle then). ``function`` must be a module-level function and jobs and
    results picklable. ``workers``: how many at a time, by default one per core.
    """
    workers = workers or cores()
    alone = len(jobs) < 2 and meanwhile is _nothing  # nothing to do beside it
    if workers < 2 or alone or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for index, job in enumerate(jobs):
            results.append(function(job))
            done(index)
        meanwhile()
        return results
    context = multiprocessing.get_context("fork")
    found: dict[int, R] = {}
    running: dict[Connection, tuple[int, Any]] = {}
    queue = list(enumerate(jobs))
    idle = False
    try:
        while queue or running:
            while queue and len(running) < workers:
                index, job = queue.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(function, job, send), daemon=True)
                process.start()
                send.close()
                running[receive] = (index, process)
            if not queue and not idle:
                idle = True
                meanwhile()
            for ready in wait(list(running)):
                pipe = cast(Connection, ready)
                index, process = running.pop(pipe)
                try:
                    kind, value = pipe.recv()
                except EOFError:
                    process.join()
                    raise ExporterError(None, f"a worker process ended without a result (exit {process.exitcode})") from None
                finally:
                    pipe.close()
                process.join()
                if kind == "error":
                    raise cast(BaseException, value)
                result, records = value
                for name, level, message in records:
                    logging.getLogger(name).log(level, "%s", message)
                found[index] = result
                done(index)
    finally:
        for _, process in running.values():
            process.kill()
            process.join()
    return [found[index] for index in range(len(jobs))]

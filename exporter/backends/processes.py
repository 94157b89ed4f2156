"""Run jobs in forked processes, one per core at a time, and get their results in order.

Laying out a PDF and rendering Markdown are pure Python (or hold the GIL),
so threads would take turns on one core; forked processes use them all.
Each job's process is forked when the job starts and ends when it is done,
taking its memory with it. What the job logs at WARNING or above is logged
again here, under the same logger's name, so nothing a library warns of in
a child goes unseen. An exception in a job is raised here. A job may also
tell the parent something before it ends (``told``), and a single job can
be started while the parent goes on (:func:`start`).

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
from typing import Any, Generic, TypeVar, cast

from ..errors import ExporterError

J = TypeVar("J")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def no_work(*_: object) -> None:
    """The default ``done`` and ``meanwhile``: nothing."""


class _Keep(logging.Handler):
    """What a job logs, to be logged again in the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _child(function: Callable[..., Any], job: Any, pipe: Connection, tells: bool) -> None:
    """A job's process: what it tells, then its result and log, or its error, down ``pipe``."""
    kept = _Keep()
    logging.getLogger().addHandler(kept)
    try:
        result = function(job, lambda news: pipe.send(("told", news))) if tells else function(job)
        pipe.send(("result", (result, kept.records)))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        try:
            pipe.send(("error", error))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled
            pipe.send(("error", ExporterError(None, f"{type(error).__name__}: {error}")))
    finally:
        pipe.close()


def _forks(workers: int) -> bool:
    return workers >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _fork(function: Callable[..., Any], job: Any, tells: bool = False) -> tuple[Connection, Any]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, job, send, tells), daemon=True)
    process.start()
    send.close()
    return receive, process


def _receive(pipe: Connection, process: Any) -> tuple[str, Any]:
    """The next message of a job's process: ``("told", news)``, or its
    result once it has ended (its log logged here); its error is raised."""
    try:
        kind, value = pipe.recv()
    except EOFError:
        pipe.close()
        process.join()
        raise ExporterError(None, f"a worker process ended without a result (exit {process.exitcode})") from None
    if kind == "told":
        return kind, value
    pipe.close()
    process.join()
    if kind == "error":
        raise cast(BaseException, value)
    result, records = value
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    return kind, result


def run_ordered(
    function: Callable[..., R],
    jobs: Sequence[J],
    *,
    done: Callable[[int, R], None] = no_work,
    meanwhile: Callable[[], None] = no_work,
    told: Callable[[int, Any], None] | None = None,
    workers: int | None = None,
) -> list[R]:
    """``[function(job) for job in jobs]``, each in a process of its own.

    ``done(index, result)`` is called as each job's result comes back;
    ``meanwhile()`` once all jobs have started, while the last are still
    running (the parent is idle then). With ``told``, jobs run as
    ``function(job, tell)``, and what a job passes to ``tell`` reaches
    ``told(index, news)`` here at once, before the job ends: a job can say
    early what the parent needs soonest. ``function`` must be a module-level
    function, and jobs, news and results picklable. ``workers``: how many
    at a time, by default one per core.
    """
    workers = workers or cores()
    alone = len(jobs) < 2 and meanwhile is no_work  # nothing to do beside it
    if alone or not _forks(workers):
        results = []
        for index, job in enumerate(jobs):
            if told is None:
                results.append(function(job))
            else:
                results.append(function(job, lambda news, index=index: told(index, news)))
            done(index, results[-1])
        meanwhile()
        return results
    found: dict[int, R] = {}
    running: dict[Connection, tuple[int, Any]] = {}
    queue = list(enumerate(jobs))
    idle = False
    try:
        while queue or running:
            while queue and len(running) < workers:
                index, job = queue.pop(0)
                pipe, process = _fork(function, job, told is not None)
                running[pipe] = (index, process)
            if not queue and not idle:
                idle = True
                meanwhile()
            for ready in wait(list(running)):
                pipe = cast(Connection, ready)
                index, process = running[pipe]
                kind, value = _receive(pipe, process)
                if kind == "told":
                    assert told is not None
                    told(index, value)
                    continue
                del running[pipe]
                found[index] = value
                done(index, value)
    finally:
        for pipe, (_, process) in running.items():
            process.kill()
            process.join()
            pipe.close()
    return [found[index] for index in range(len(jobs))]


class Started(Generic[R]):
    """One job started in a process of its own, while the caller goes on
    (see :func:`start`); :meth:`result` waits for it."""

    def __init__(self, function: Callable[[J], R], job: J) -> None:
        self._running: tuple[Connection, Any] | None = None
        self._result: tuple[R] | None = None
        if _forks(cores()):
            self._running = _fork(function, job)
        else:
            self._result = (function(job),)

    def result(self) -> R:
        if self._result is None:
            if self._running is None:
                raise ExporterError(None, "a job was stopped, or failed, before its result came back")
            pipe, process = self._running
            try:
                _, value = _receive(pipe, process)
            finally:
                self.stop()
            self._result = (value,)
        return self._result[0]

    def stop(self) -> None:
        """End the job's process, if it is still running (nothing is lost
        that :meth:`result` has returned)."""
        if self._running is not None:
            pipe, process = self._running
            self._running = None
            if process.is_alive():
                process.kill()
            process.join()
            pipe.close()


def start(function: Callable[[J], R], job: J) -> Started[R]:
    """``function(job)`` in a process of its own, started now; without
    ``fork`` or a second core, done here and now."""
    return Started(function, job)

"""Run jobs in processes of their own, one per core at a time, and get their results in order.

Laying out a PDF and rendering Markdown are pure Python (or hold the GIL),
so threads would take turns on one core; processes use them all. Each job's
process starts when the job starts and ends when it is done, taking its
memory with it. What the job logs at WARNING or above is logged again here,
under the same logger's name, so nothing a library warns of in a child goes
unseen. An exception in a job is raised here. A job may also tell the parent
something before it ends (``told``), and a single job can be started while
the parent goes on (:func:`start`).

How a job's process starts matters. ``fork`` copies this process whole,
locks included: a lock another thread held at that moment stays locked in
the child forever, and C libraries (fontconfig under Pango, for one) keep
such locks. So a job is forked from here only when it touches no such
library (``isolated=False``) and this process runs a single thread; any
other job's process comes from a ``forkserver``, a clean process started
once that has imported the job's module and done nothing else.

No job waits forever: a job's process that sends nothing for its
``patience`` (a minute by default) is killed, and the call fails with an
:class:`~exporter.errors.InternalError`, as it does when a process dies
without a result.

Results are the same whatever the number of cores: only the order in which
jobs run changes, never what each computes. Without ``fork`` (Windows,
macOS's default), with one core, or with one job and nothing to do beside it,
the jobs run here, in order.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import time
import types
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar, cast

from .errors import InternalError

J = TypeVar("J")
R = TypeVar("R")

PATIENCE = 60.0
"""Seconds a job's process may go without sending anything before it is
taken for stuck and killed; callers scale it with the job's size."""


def patience_for(words: int) -> float:
    """How long a layout of ``words`` words may go silent: :data:`PATIENCE`, and
    ten seconds more a thousand words (WeasyPrint lays out a thousand in well
    under one)."""
    return PATIENCE + 10 * words / 1000


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
            pipe.send(("error", InternalError(None, f"{type(error).__name__}: {error}")))
    finally:
        pipe.close()


def _threads() -> int:
    """Threads running in this process, C libraries' own included (Linux);
    on other systems, those Python knows of."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _forks(workers: int) -> bool:
    return workers >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _context(function: Callable[..., Any], isolated: bool) -> BaseContext:
    """How ``function``'s process starts (see the module's account)."""
    if not isolated and _threads() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    # Only the first call, the one that starts the server, has this effect:
    # later jobs' modules are imported by their own processes as they start.
    context.set_forkserver_preload([function.__module__])
    return context


@contextlib.contextmanager
def _main_left_alone() -> Iterator[None]:
    """While a process starts, a ``__main__`` with nothing to run again.

    A process from a forkserver first runs the caller's main script again,
    as multiprocessing does for ``spawn``: a script that calls us with no
    ``if __name__ == "__main__"`` guard would start itself over in every
    worker, and even a guarded one costs its imports. Jobs are module-level
    functions of ours, so a worker needs nothing of the script: it is told of
    none.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Running:
    """A job's process, its pipe, and when it last sent something."""

    def __init__(self, context: BaseContext, function: Callable[..., Any], job: Any, tells: bool, patience: float):
        receive, send = context.Pipe(duplex=False)
        self.process: Any = context.Process(  # type: ignore[attr-defined]
            target=_child, args=(function, job, send, tells), daemon=True
        )
        with _main_left_alone():
            self.process.start()
        send.close()
        self.pipe = receive
        self.patience = patience
        self.deadline = time.monotonic() + patience

    def receive(self) -> tuple[str, Any]:
        """The next message: ``("told", news)``, or the result once the process
        has ended (its log logged here); its error is raised."""
        try:
            kind, value = self.pipe.recv()
        except EOFError:
            self.end()
            raise InternalError(None, f"a worker process ended without a result ({self._how()})") from None
        if kind == "told":
            self.deadline = time.monotonic() + self.patience
            return kind, value
        self.end()
        if kind == "error":
            raise cast(BaseException, value)
        result, records = value
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        return kind, result

    def _how(self) -> str:
        code = self.process.exitcode
        return f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"

    def stuck(self) -> InternalError:
        self.end()
        return InternalError(None, f"a worker process sent nothing for {self.patience:.0f} s and was stopped")

    def end(self) -> None:
        """Close the pipe; kill the process if it still runs."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.pipe.close()


def run_ordered(
    function: Callable[..., R],
    jobs: Sequence[J],
    *,
    done: Callable[[int, R], None] = no_work,
    meanwhile: Callable[[], None] = no_work,
    told: Callable[[int, Any], None] | None = None,
    workers: int | None = None,
    isolated: bool = False,
    patience: Callable[[J], float] | None = None,
) -> list[R]:
    """``[function(job) for job in jobs]``, each in a process of its own.

    ``done(index, result)`` is called as each job's result comes back;
    ``meanwhile()`` once all jobs have started, while the last are still
    running (the parent is idle then). With ``told``, jobs run as
    ``function(job, tell)``, and what a job passes to ``tell`` reaches
    ``told(index, news)`` here at once, before the job ends: a job can say
    early what the parent needs soonest. ``function`` must be a module-level
    function, and jobs, news and results picklable. ``workers``: how many
    at a time, by default one per core. ``isolated``: the job calls C
    libraries that keep locks (see the module's account). ``patience(job)``:
    the seconds the job may go silent, :data:`PATIENCE` by default.
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
    running: dict[Connection, tuple[int, _Running]] = {}
    queue = list(enumerate(jobs))
    idle = False
    try:
        while queue or running:
            while queue and len(running) < workers:
                index, job = queue.pop(0)
                context = _context(function, isolated)
                worker = _Running(context, function, job, told is not None, patience(job) if patience else PATIENCE)
                running[worker.pipe] = (index, worker)
            if not queue and not idle:
                idle = True
                meanwhile()
            soonest = min(worker.deadline for _, worker in running.values())
            ready = wait(list(running), timeout=max(0.0, soonest - time.monotonic()))
            if not ready:
                late = min(running.values(), key=lambda item: item[1].deadline)[1]
                if late.deadline <= time.monotonic():
                    del running[late.pipe]
                    raise late.stuck()
            for pipe in ready:
                index, worker = running[cast(Connection, pipe)]
                kind, value = worker.receive()
                if kind == "told":
                    assert told is not None
                    told(index, value)
                    continue
                del running[worker.pipe]
                found[index] = value
                done(index, value)
    finally:
        for _, worker in running.values():
            worker.end()
    return [found[index] for index in range(len(jobs))]


class Started(Generic[R]):
    """One job started in a process of its own, while the caller goes on
    (see :func:`start`); :meth:`result` waits for it."""

    def __init__(self, function: Callable[[J], R], job: J, isolated: bool, patience: float) -> None:
        self._running: _Running | None = None
        self._result: tuple[R] | None = None
        if _forks(cores()):
            self._running = _Running(_context(function, isolated), function, job, False, patience)
        else:
            self._result = (function(job),)

    def result(self) -> R:
        if self._result is None:
            if self._running is None:
                raise InternalError(None, "a job was stopped, or failed, before its result came back")
            running = self._running
            try:
                if not running.pipe.poll(running.patience):
                    raise running.stuck()
                _, value = running.receive()
            finally:
                self.stop()
            self._result = (value,)
        return self._result[0]

    def stop(self) -> None:
        """End the job's process, if it is still running (nothing is lost
        that :meth:`result` has returned)."""
        if self._running is not None:
            running, self._running = self._running, None
            running.end()


def start(
    function: Callable[[J], R], job: J, *, isolated: bool = False, patience: float = PATIENCE
) -> Started[R]:
    """``function(job)`` in a process of its own, started now; without
    ``fork`` or a second core, done here and now. ``isolated`` and
    ``patience`` as for :func:`run_ordered`."""
    return Started(function, job, isolated, patience)

"""What a trusted tool must never do: hang, replace what is not its output,
overwrite its own outputs, take quadratic time, or misreport a crash."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown.inlinepatterns import LinkInlineProcessor

from exporter import processes
from exporter.backends import pdf
from exporter.cli import main
from exporter.errors import ExitStatus, InternalError
from exporter.model import Article, Metadata, Packet
from exporter.render import RenderOptions, render_article

SEED = Path(__file__).parents[1] / "seeds" / "washington-institute-trump-putin-leverage.txt"
SEVERAL = pytest.mark.skipif(processes.cores() < 2, reason="jobs run in processes only with two cores or more")
ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="making device files needs root")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_bytes(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


# 1. Processes that cannot inherit a lock held elsewhere --------------------------------

HELD = threading.Lock()
"""Stands for a C library's lock (fontconfig's, under Pango) that another
thread of the parent holds when a worker process starts."""


def take_the_lock(number: int) -> int:
    with HELD:
        return number


@pytest.fixture
def lock_held_by_a_thread() -> object:
    release = threading.Event()
    taken = threading.Event()

    def hold() -> None:
        with HELD:
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    taken.wait(5)
    yield holder
    release.set()
    holder.join()


@SEVERAL
@pytest.mark.usefixtures("lock_held_by_a_thread")
def test_an_isolated_job_does_not_inherit_a_lock_another_thread_holds() -> None:
    """Forked, the job would wait for the copied lock forever: its process
    comes from a clean server instead."""
    assert processes.run_ordered(take_the_lock, [1, 2], isolated=True, patience=lambda _: 20) == [1, 2]


@SEVERAL
@pytest.mark.usefixtures("lock_held_by_a_thread")
def test_no_job_is_forked_from_a_process_running_threads() -> None:
    assert processes.run_ordered(take_the_lock, [1, 2], patience=lambda _: 20) == [1, 2]
    assert processes.start(take_the_lock, 3, patience=20).result() == 3


# The watchdog: a worker that goes silent is stopped, never waited for.


def sleep_long(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@SEVERAL
def test_a_silent_worker_is_stopped_and_the_call_fails() -> None:
    began = time.monotonic()
    with pytest.raises(InternalError, match="sent nothing for 1 s"):
        processes.run_ordered(sleep_long, [60.0, 60.0], patience=lambda _: 1.0)
    with pytest.raises(InternalError, match="sent nothing for 1 s"):
        processes.start(sleep_long, 60.0, patience=1.0).result()
    assert time.monotonic() - began < 30


# 6. A worker killed by a signal is an internal error (status 4), not bad input.


def die(_: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


@SEVERAL
def test_a_worker_killed_by_a_signal_is_an_internal_error() -> None:
    with pytest.raises(InternalError, match="killed by signal 9") as raised:
        processes.run_ordered(die, [1, 2])
    assert raised.value.status == ExitStatus.INTERNAL == 4


# A packet laid out in parts, many times in one process: no build stalls.


def _packet(number: int) -> Packet:
    body = "A paragraph with a [link](https://example.org/{n}) and more words to lay out. " * 40
    articles = tuple(
        Article(Metadata(title=f"Article {number}.{k}", lang="en"), "\n\n".join(body.format(n=k) for _ in range(3)))
        for k in range(2)
    )
    return Packet(f"Packet {number}", articles)


@SEVERAL
def test_packets_built_one_after_another_in_one_process_never_stall() -> None:
    """The in-suite size of ``bench/stress.py``: every build ends, each within
    the workers' patience, or the build fails instead of hanging."""
    options = pdf.Options(parallel=True)
    for number in range(6):
        built = pdf.export(_packet(number), options)
        assert built.data.startswith(b"%PDF") and built.pages


# 2. Outputs at special paths ------------------------------------------------------------


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    code, _, err = run("clean", str(SEED), "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert target.read_text("utf-8").startswith("---\ntitle:")


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run("epub", str(SEED), "-o", str(fifo))
    reader.join(30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"PK")


@ROOT
def test_a_character_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"  # what /dev/null is, made here
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, _, err = run("clean", str(SEED), "-o", str(null))
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(null).st_mode)


@ROOT
def test_a_full_device_is_an_output_error_and_stays(tmp_path: Path) -> None:
    full = tmp_path / "full"  # what /dev/full is
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    code, _, err = run("pdf", str(SEED), "-o", str(full))
    assert code == ExitStatus.OUTPUT
    assert err.strip() == f"exporter: {full}: cannot write (No space left on device)"
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        code, _, err = run("clean", str(SEED), "-o", str(path))
    finally:
        server.close()
    assert code == ExitStatus.OUTPUT
    assert err.strip() == f"exporter: {path}: is a socket; refusing to write over it"


# 3. Two outputs of one run never land on one path ---------------------------------------


def test_two_inputs_with_one_title_get_numbered_names(tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-seed.txt"
    copy.write_bytes(SEED.read_bytes())
    out = tmp_path / "d"
    code, _, err = run("clean", str(SEED), str(copy), "-o", f"{out}/")
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["its-time-for-trump-to-get-tough-with-putin-2.md", "its-time-for-trump-to-get-tough-with-putin.md"]
    assert f"wrote {out}/its-time-for-trump-to-get-tough-with-putin-2.md" in err


def test_a_handout_named_like_the_packet_gets_a_number(tmp_path: Path) -> None:
    """Here through a link: the handout's name would write the packet's file."""
    copy = tmp_path / "b.txt"
    copy.write_bytes(SEED.read_bytes())
    packet = tmp_path / "p.pdf"
    handouts = tmp_path / "p"
    handouts.mkdir()
    (handouts / "01-its-time-for-trump-to-get-tough-with-putin.pdf").symlink_to(packet)
    code, _, err = run("pdf", str(SEED), str(copy), "--split", "-o", str(packet))
    assert code == 0, err  # the handout's name is ours: it gets a number
    assert sorted(p.name for p in handouts.iterdir()) == [
        "01-its-time-for-trump-to-get-tough-with-putin-2.pdf",
        "01-its-time-for-trump-to-get-tough-with-putin.pdf",
        "02-its-time-for-trump-to-get-tough-with-putin.pdf",
    ]
    assert packet.read_bytes().startswith(b"%PDF")


# 4. -o - writes EPUB and PDF bytes to standard output -----------------------------------


@pytest.mark.parametrize(("command", "magic"), [("epub", b"PK\x03\x04"), ("pdf", b"%PDF-")])
def test_binary_output_to_stdout(tmp_path: Path, command: str, magic: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_bytes(command, str(SEED), "-o", "-")
    assert code == 0, err
    assert out.startswith(magic)
    assert not (tmp_path / "-").exists()
    assert "wrote standard output" in err


def test_binary_output_is_not_sent_to_a_terminal(tmp_path: Path) -> None:
    """Run in a pseudo-terminal, as a person would type it."""
    import pty

    script = f"from exporter.cli import main; main(['epub', {str(SEED)!r}, '-o', '-'])"
    parent, child = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-c", script], stdout=child, stderr=subprocess.PIPE, timeout=60, cwd=tmp_path, check=False
    )
    os.close(child)
    os.close(parent)
    assert done.returncode == ExitStatus.OUTPUT
    assert done.stderr.decode().strip() == "exporter: -: is a terminal; redirect standard output, or give -o FILE"


# 5. Links in linear time ------------------------------------------------------------------


def test_many_links_in_a_paragraph_take_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown scans the whole paragraph for its brackets after every
    link it replaces; here it is scanned a fixed number of times, however
    many links there are (5,000 took minutes before)."""
    scans = 0
    find = LinkInlineProcessor._findBracketEnds

    def counted(data: str) -> list[int | None]:
        nonlocal scans
        scans += 1
        return find(data)

    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(counted))
    body = " ".join(f"[l{i}](https://example.org/{i})" for i in range(5000))
    rendered = render_article(Article(Metadata(title="Links"), body), RenderOptions())
    assert len(rendered.notes) == 5000
    assert scans <= 12


TRICKY = [
    "[a](https://e.org/1) [b [c] d](https://e.org/2) [unclosed [e](https://e.org/3)",
    "[[nested](https://e.org/4)] ![img](https://e.org/i.png) [ref][r] [r]\n\n[r]: https://e.org/r",
    "[a](https://e.org/(paren)) [b](<https://e.org/x y> \"title\") [c](https://e.org/c 'single')",
    "text [ [ [ [a](https://e.org/a) ] ] [b](https://e.org/b) ]] [c]",
    "\\[escaped](https://e.org/no) `[code](https://e.org/no)` [ok](https://e.org/ok)",
    "*[em](https://e.org/em)* **[strong [x]](https://e.org/s)** [a]\n[b](https://e.org/b)",
]


@pytest.mark.parametrize("text", TRICKY)
def test_linear_links_render_as_python_markdown_does(text: str) -> None:
    import markdown

    from exporter.render.brackets import LinearLinks

    stock = markdown.Markdown(output_format="xhtml").convert(text)
    ours = markdown.Markdown(extensions=[LinearLinks()], output_format="xhtml").convert(text)
    assert ours == stock


def test_linear_links_render_every_fixture_as_python_markdown_does() -> None:
    import markdown

    from exporter.render.brackets import LinearLinks

    fixtures = Path(__file__).parent / "fixtures"
    texts = [p.read_text("utf-8") for p in sorted(fixtures.rglob("*.md")) + sorted(fixtures.rglob("*.txt"))]
    assert len(texts) >= 20
    differ = [
        t[:60]
        for t in texts
        if markdown.Markdown(output_format="xhtml").convert(t)
        != markdown.Markdown(extensions=[LinearLinks()], output_format="xhtml").convert(t)
    ]
    assert differ == []


# 7. No test waits forever ------------------------------------------------------------------


def test_the_suite_bounds_every_test(request: pytest.FixtureRequest) -> None:
    assert float(request.config.getini("timeout")) > 0


@SEVERAL
def test_a_script_without_a_main_guard_builds_a_packet_in_parts(tmp_path: Path) -> None:
    """Workers come from a forkserver, which would run the caller's script
    again in each; ours are told of no script, so an unguarded one runs once."""
    script = tmp_path / "make.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parents[1])!r})\n"
        "from tests.test_reliability import _packet\n"
        "import exporter\n"
        "print('started', flush=True)\n"
        "built = exporter.to_pdf(_packet(1), parallel=True)\n"
        "print('pages', built.pages, flush=True)\n",
        "utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("started") == 1 and "pages" in done.stdout

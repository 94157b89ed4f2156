"""The command line as a user runs it: outputs, exit statuses, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main

SEED = Path(__file__).parents[1] / "seeds" / "washington-institute-trump-putin-leverage.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_writes_canonical_markdown(tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    code, _, err = run("clean", str(SEED), "-o", str(out))
    assert code == 0, err
    text = out.read_text("utf-8")
    assert text.startswith("---\ntitle: It's Time for Trump to Get Tough With Putin\n")
    assert text.endswith("stronger one as well.\n")


def test_clean_to_stdout_and_report(tmp_path: Path) -> None:
    code, out, err = run("clean", str(SEED), "-o", "-", "--report")
    assert code == 0
    assert out.startswith("---\n")
    assert "removed (after the article): RECOMMENDED" in err
    assert "fix_print_doubled_links:" in err


def test_clean_default_output_is_out_slug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("clean", str(SEED))
    assert code == 0, err
    assert (tmp_path / "out" / "its-time-for-trump-to-get-tough-with-putin.md").is_file()


def test_disable_a_rule(tmp_path: Path) -> None:
    code, out, _ = run("clean", str(SEED), "-o", "-", "--disable", "fix_needless_escapes")
    assert code == 0
    assert "\\$300" in out


def _bad(tmp_path: Path, name: str, data: bytes | None) -> Path:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n\t \n", "is empty"),
        ("binary.bin", bytes(range(256)) * 40, "binary"),
        ("bad.md", b"---\ntitle: [unclosed\n---\n\nBody text.\n", "malformed YAML, line"),
        ("notitle.md", b"---\nauthor: [A]\n---\n\nBody text.\n", "no title"),
        ("bomb.md", b"---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: t\n---\n\nBody.\n", "aliases are not allowed"),
        ("tag.md", b"---\ntitle: !!python/object/apply:os.system [echo hi]\n---\n\nBody.\n", "malformed YAML"),
    ],
)
def test_bad_input_fails_cleanly(tmp_path: Path, name: str, data: bytes | None, problem: str) -> None:
    path = _bad(tmp_path, name, data)
    out = tmp_path / "out.md"
    code, _, err = run("clean", str(path), "-o", str(out))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0], err
    assert "Traceback" not in err
    assert not out.exists()


def test_directory_input(tmp_path: Path) -> None:
    code, _, err = run("clean", str(tmp_path), "-o", str(tmp_path / "x.md"))
    assert code == 1 and "is a directory" in err


def test_too_large_input(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)
    code, _, err = run("clean", str(path), "--max-size", "1000000", "-o", str(tmp_path / "o.md"))
    assert code == 1 and "over the 1,000,000-byte limit" in err


def test_legacy_encodings(tmp_path: Path) -> None:
    text = "Caf\u00e9 r\u00e9sum\u00e9\n\nBy Jo Doe\n\n" + "A sentence about the caf\u00e9 and its na\u00efve owners. " * 6 + "\n"
    for name, data in (("cp1252.txt", text.encode("cp1252")), ("utf16.txt", text.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run("clean", str(path), "-o", "-")
        assert code == 0, err
        assert "title: Café résumé" in out
        assert ("cp1252" in err) == (name == "cp1252.txt")


def test_existing_output_survives_a_failure(tmp_path: Path) -> None:
    out = tmp_path / "keep.md"
    out.write_text("precious\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, _ = run("clean", str(empty), "-o", str(out))
    assert code == 1
    assert out.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["keep.md", "empty.txt"]) or set(
        p.name for p in tmp_path.iterdir()
    ) == {"keep.md", "empty.txt"}


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(SEED.read_bytes())
    code, _, err = run("clean", str(path), "-o", str(path))
    assert code == 3 and "also an input" in err
    assert path.read_bytes() == SEED.read_bytes()


def test_unwritable_output(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("clean", str(SEED), "-o", str(blocker / "sub" / "a.md"))
    assert code == 3 and "cannot write" in err


def test_input_is_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(SEED.read_bytes())
    before = path.stat().st_mtime_ns
    run("clean", str(path), "-o", str(tmp_path / "o.md"))
    assert path.read_bytes() == SEED.read_bytes() and path.stat().st_mtime_ns == before


def test_usage_error_is_status_2() -> None:
    code, _, _ = run("clean", str(SEED), "--no-such-option")
    assert code == 2


def test_no_input_on_an_empty_pipe_is_an_empty_input() -> None:
    """With no input named and standard input no terminal, standard input is read."""
    code, _, err = run("clean")
    assert code == 1 and err.strip() == "exporter: <stdin>: is empty"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "*" * 100_000,
        "_" * 100_000,
        "(" * 50_000 + ")" * 50_000,
        "word " * 600_000,  # one 3 MB line
        "[a](https://example.org/" + "x" * 200 + ") " * 5_000,
        "**a** (<https://e.org/>) " * 5_000,
        "\n".join("  " * i + "- item" for i in range(1_000)),
        "[" * 20_000 + "a](b)" + ")" * 20_000,
    ],
    ids=["brackets", "asterisks", "underscores", "parens", "long-line", "links", "printed", "nested-lists", "nested-link"],
)
def test_adversarial_input_is_cleaned_in_linear_time(text: str) -> None:
    """A generous bound: each of these takes well under a second when cleaning is linear."""
    from exporter.cleaner import clean_text

    start = time.perf_counter()
    clean_text(text)
    assert time.perf_counter() - start < 10


def test_python_dash_m_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "exporter", "--version"], capture_output=True, text=True, check=True
    )
    assert "exporter" in done.stdout


_TWO_PART_PACKET = """
import sys
from exporter.backends.pdf.parallel import parts
from exporter.cli import run
parts.PARALLEL_WORDS = 1  # two short articles laid out in parts, by the forkserver's workers
sys.argv = ["exporter", "-q", "pdf", *sys.argv[1:]]
run()
"""


def test_the_process_ends_with_the_commands_status_output_and_clean_up(tmp_path: Path) -> None:
    """``python -m exporter`` ends without tearing its heap down (``cli.run``): its
    status is still the command's, stdout gets every byte, and nothing is left
    in TMPDIR."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    book = tmp_path / "book.epub"
    assert run("epub", str(SEED), "-o", str(book))[0] == 0
    piped = subprocess.run([sys.executable, "-m", "exporter", "-q", "epub", str(SEED), "-o", "-"], capture_output=True)
    assert piped.returncode == 0 and piped.stdout == book.read_bytes()
    missing = subprocess.run([sys.executable, "-m", "exporter", "epub", str(tmp_path / "none.md")], capture_output=True)
    assert missing.returncode == 1 and missing.stderr.decode().endswith("none.md: no such file\n")

    canonical = sorted((Path(__file__).parent / "fixtures" / "canonical").glob("*.md"))[:2]
    packet = tmp_path / "packet.pdf"
    command = [sys.executable, "-c", _TWO_PART_PACKET, *map(str, canonical), "-o", str(packet)]
    built = subprocess.run(command, capture_output=True, env=env, text=True)
    assert built.returncode == 0, built.stderr
    handout = subprocess.run(
        [sys.executable, "-m", "exporter", "-q", "pdf", str(SEED), "-o", str(tmp_path / "handout.pdf")], env=env
    )
    assert handout.returncode == 0
    # Nothing left behind: neither the forkserver's folder nor the fonts
    # WeasyPrint copies for each layout, in its processes or in this one.
    assert packet.read_bytes().startswith(b"%PDF-") and list(temp.iterdir()) == []


def test_unknown_rule_name_is_a_usage_error() -> None:
    code, _, err = run("clean", str(SEED), "-o", "-", "--disable", "fix_no_such_thing")
    assert code == 2 and "no cleaning rule named fix_no_such_thing" in err


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))


def test_export_takes_clean_output_as_it_stands(tmp_path: Path) -> None:
    """A file exactly as `exporter clean` wrote it, then corrected by hand, is not
    cleaned again by `epub`; the same text in another front matter form is."""
    canonical = tmp_path / "clean.md"
    assert run("clean", str(SEED), "-o", str(canonical))[0] == 0
    text = canonical.read_text("utf-8")
    edited = tmp_path / "edited.md"
    # A trailing glyph is what the cleaner strips (strip_icons): here the user put it back.
    edited.write_text(text + "\nKept as the user wrote it ❖\n", "utf-8")
    assert run("epub", str(edited), "-o", str(tmp_path / "edited.epub"))[0] == 0
    assert "Kept as the user wrote it ❖" in _epub_text(tmp_path / "edited.epub")

    other = tmp_path / "other.md"
    other.write_text(text.replace("title: It's", 'title: "It\'s', 1).replace(" Putin\n", ' Putin"\n', 1) + "\nCleaned again ❖\n", "utf-8")
    assert other.read_text("utf-8") != text
    assert run("epub", str(other), "-o", str(tmp_path / "other.epub"))[0] == 0
    book = _epub_text(tmp_path / "other.epub")
    assert "Cleaned again" in book
    assert "Cleaned again ❖" not in book

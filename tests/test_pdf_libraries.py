"""WeasyPrint imported with its C libraries found in the linker's cache (``pdf/libraries.py``).

Each check runs in a fresh interpreter: the import happens once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker's cache is Linux's")

_PROGRAMS_RUN = """
import ctypes.util, json, sys
programs = []
sys.addaudithook(lambda event, args: programs.append(args[1][0]) if event == "subprocess.Popen" else None)
searches = []
def search(name, _search=ctypes.util.find_library):
    searches.append(name)
    return _search(name)
ctypes.util.find_library = search
import exporter.backends.pdf
maps = open("/proc/self/maps").read().split()
print(json.dumps({
    "programs": sorted(set(programs)),
    "restored": ctypes.util.find_library is search,
    "full searches": len(searches),
    "libraries": sorted({word.rsplit("/", 1)[-1] for word in maps if "/lib" in word and ".so" in word}),
}))
"""

_PLAIN = """
import json
import weasyprint
maps = open("/proc/self/maps").read().split()
print(json.dumps(sorted({word.rsplit("/", 1)[-1] for word in maps if "/lib" in word and ".so" in word})))
"""


def _run(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)


def test_weasyprint_is_imported_without_running_the_compiler() -> None:
    """The names WeasyPrint tries for other platforms no longer send
    ``find_library`` to ``gcc`` and ``ld``; only the linker's cache is asked,
    and ``find_library`` is the standard one again afterwards."""
    found = json.loads(_run(_PROGRAMS_RUN).stdout)
    assert not any(program.rsplit("/", 1)[-1] in {"gcc", "cc", "ld"} for program in found["programs"])
    assert found["full searches"] == 0 and found["restored"]


def test_the_libraries_loaded_are_those_of_the_ordinary_import() -> None:
    fast = set(json.loads(_run(_PROGRAMS_RUN).stdout)["libraries"])
    plain = set(json.loads(_run(_PLAIN).stdout))
    wanted = {name for name in plain if name.startswith(("libpango", "libgobject", "libharfbuzz", "libfontconfig"))}
    assert wanted and wanted <= fast


def test_a_failed_first_try_is_followed_by_the_ordinary_import_quietly() -> None:
    """Where a library is not in the cache, WeasyPrint fails (and would print
    its installation help): that try is silent, and the full search follows."""
    script = """
import importlib.abc, sys
class FailsOnce(importlib.abc.MetaPathFinder):
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint.text.ffi" and not FailsOnce.failed:
            FailsOnce.failed = True
            print("WeasyPrint could not import some external libraries")
            raise OSError("cannot load library 'gobject-2.0-0'")
        return None
sys.meta_path.insert(0, FailsOnce())
import exporter.backends.pdf
import weasyprint.text.ffi
print("tried again" if FailsOnce.failed else "never failed")
"""
    assert _run(script).stdout == "tried again\n"


def test_with_ld_library_path_the_import_is_the_ordinary_one() -> None:
    """Libraries found through ``LD_LIBRARY_PATH`` may be missing from the
    cache: then ``find_library`` searches as it always does."""
    env = {**os.environ, "LD_LIBRARY_PATH": "/nonexistent"}
    found = json.loads(_run(_PROGRAMS_RUN, env).stdout)
    assert found["full searches"] > 0 and found["restored"]

"""Read fixture files of cases: a title line, then input and expected, each closed by ``.``.

    title of the case
    .
    input lines
    .
    expected lines
    .

This is the format markdown-it-py and mdformat use for their rule tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Case:
    title: str
    input: str
    expected: str
    line: int


def read_cases(path: Path) -> list[Case]:
    lines = path.read_text("utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        if lines[i + 1] != ".":
            raise ValueError(f"{path}:{i + 2}: expected '.' after the title")
        parts: list[list[str]] = [[], []]
        i += 2
        for part in parts:
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            i += 1
        cases.append(Case(title, "\n".join(parts[0]), "\n".join(parts[1]), start))
    return cases

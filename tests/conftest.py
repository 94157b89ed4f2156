from __future__ import annotations

import pytest
from hypothesis import settings

# The suite's properties run on the same examples every time, so that a run
# passes or fails on the code alone, not on the draw; bench/fuzz.py draws
# fresh examples, and many more.
settings.register_profile("suite", derandomize=True)
settings.load_profile("suite")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/fixtures/articles/*/expected.md from the current cleaner.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness import FIXTURES, fill_tree


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """CLI runs in tests use a throw-away result cache, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("CLAUDE_LINT_CACHE_DIR")
    os.environ["CLAUDE_LINT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("CLAUDE_LINT_CACHE_DIR", None)
    else:
        os.environ["CLAUDE_LINT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def filled_fixtures(tmp_path_factory) -> tuple[Path, list[str]]:
    """A temporary copy of fixtures/ with every template key filled in."""
    dst = tmp_path_factory.mktemp("filled") / "fixtures"
    generated = fill_tree(FIXTURES, dst)
    return dst, generated


@pytest.fixture(scope="session")
def fixture_run(filled_fixtures):
    """One claude-lint run over the whole filled fixtures tree (in-process)."""
    from claude_lint.runner import RunOptions, run

    dst, generated = filled_fixtures
    old = os.getcwd()
    os.chdir(dst)
    try:
        result = run(RunOptions(paths=[Path(".")]))
    finally:
        os.chdir(old)
    return dst, generated, result


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path

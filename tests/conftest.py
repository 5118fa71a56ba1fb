from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import FIXTURES, fill_tree


class NetworkAccess(AssertionError):
    pass


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    """claude-lint never touches the network: any IP connection from a test fails it.
    (Subprocesses are checked separately: semgrep through its offline flags and a timing
    guard in test_semgrep.py.)"""
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(method):
        def inner(self, address, *args, **kwargs):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                raise NetworkAccess(f"test tried to open a network connection to {address!r}")
            return method(self, address, *args, **kwargs)

        return inner

    socket.socket.connect = guard(real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = guard(real_connect_ex)  # type: ignore[method-assign]
    yield
    socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex  # type: ignore[method-assign]


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
def require_semgrep():
    """semgrep is a declared test dependency ('.[test]' and '.[semgrep]'): a test that needs it
    fails when claude-lint cannot find it, instead of skipping and hiding the missing install."""
    from claude_lint.engines import semgrep as sg

    if sg.semgrep_command() is None:
        pytest.fail("semgrep is not installed next to this interpreter nor on PATH (pip install -e '.[test,semgrep]')")


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

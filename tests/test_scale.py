"""Scale features: parallel workers give the same sorted results; per-repository summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from harness import make_key

from claude_lint.cli import main
from claude_lint.runner import Runner, RunOptions


def _tree(root: Path, n: int = 60) -> None:
    for i in range(n):
        pkg = root / f"pkg{i % 7}"
        pkg.mkdir(exist_ok=True)
        if i % 3 == 0:
            body = f"import anthropic\nclient = anthropic.Anthropic(api_key={make_key('api03')!r})\n"
        elif i % 3 == 1:
            body = "import anthropic\nc = anthropic.Anthropic(api_key='q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE')\n"
        else:
            body = "def f(x):\n    return x * 2\n" * 50
        (pkg / f"m{i}.py").write_text(body)


def _key(result):
    return [(f.rule_id, f.location.path, f.location.line, f.location.column, f.message) for f in result.findings]


def test_parallel_equals_serial(in_tmp):
    _tree(in_tmp)
    serial = Runner(RunOptions(paths=[Path(".")], jobs=1)).run()
    parallel = Runner(RunOptions(paths=[Path(".")], jobs=2)).run()
    assert _key(serial) and _key(serial) == _key(parallel)
    assert serial.files_scanned == parallel.files_scanned
    assert [n.sort_key for n in serial.notices] == [n.sort_key for n in parallel.notices]


def test_parallel_progress_reaches_total(in_tmp):
    _tree(in_tmp, 40)
    seen = []
    Runner(RunOptions(paths=[Path(".")], jobs=2)).run(progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == 40


def test_small_runs_stay_in_process(in_tmp):
    _tree(in_tmp, 10)
    runner = Runner(RunOptions(paths=[Path(".")]))
    work = [(object(), None)] * 10
    assert runner._jobs(work) == 1  # type: ignore[arg-type]


def test_several_repositories_each_with_its_policy(in_tmp):
    for name, policy in (("repo1", "rules: {hardcoded-client-credential: {disable: true}}\n"), ("repo2", "")):
        root = in_tmp / name
        root.mkdir()
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        (root / "claude-lint.yaml").write_text(policy)
        (root / "app.py").write_text(
            "import anthropic\nc = anthropic.Anthropic(api_key='q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE')\n"
        )
    (in_tmp / "repo3").mkdir()
    subprocess.run(["git", "init", "-q", str(in_tmp / "repo3")], check=True)
    (in_tmp / "repo3" / "util.py").write_text("print(1)\n")
    res = CliRunner().invoke(main, ["check", "repo1", "repo2", "repo3", "--format", "json", "--no-cache"])
    doc = json.loads(res.output)
    repos = {r["path"]: r for r in doc["repositories"]}
    assert repos["repo1"]["findings"] == 0  # its own policy disables the rule
    assert repos["repo2"]["findings"] == 1
    assert repos["repo3"]["uses_claude"] is False
    text = CliRunner().invoke(main, ["check", "repo1", "repo2", "repo3", "--no-cache"]).output
    assert "Per repository:" in text and "repo3" in text


def test_progress_bar_silent_when_piped(in_tmp):
    _tree(in_tmp, 5)
    env = {**os.environ, "CI": ""}
    out = subprocess.run(
        [sys.executable, "-m", "claude_lint", "check", ".", "--no-cache"],
        cwd=in_tmp,
        capture_output=True,
        text=True,
        env=env,
    )
    assert "file/s" not in out.stderr and "\r" not in out.stderr


def test_network_guard_is_active():
    import socket

    import pytest
    from conftest import NetworkAccess

    with pytest.raises(NetworkAccess):
        socket.create_connection(("127.0.0.1", 9), timeout=1)

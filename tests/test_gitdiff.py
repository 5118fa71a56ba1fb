"""--diff REF: only findings on lines changed since a git ref."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from claude_lint.cli import main

SECRET_A = "q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE"
SECRET_B = "Zk2P9wQm4Lr7Tn1Vx6Bc3Hd8Fg5Js0Ay2Ue9Wo4R"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _repo(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.email", "t@example.invalid")
    git(root, "config", "user.name", "t")
    (root / "app.py").write_text(f"import anthropic\nold = anthropic.Anthropic(api_key={SECRET_A!r})\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    (root / "app.py").write_text(
        f"import anthropic\n\nold = anthropic.Anthropic(api_key={SECRET_A!r})\nnew = anthropic.Anthropic(api_key={SECRET_B!r})\n"
    )
    git(root, "commit", "-qam", "second")


def _lines(output: str) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in json.loads(output)["findings"]]


def test_diff_reports_only_the_new_commit(in_tmp):
    _repo(in_tmp)
    full = CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache"])
    assert _lines(full.output) == [("app.py", 3), ("app.py", 4)]
    res = CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache", "--diff", "HEAD~1"])
    assert res.exit_code == 1, res.output
    assert _lines(res.output) == [("app.py", 4)]


def test_diff_includes_uncommitted_and_untracked(in_tmp):
    _repo(in_tmp)
    (in_tmp / "new.py").write_text(f"import anthropic\nc = anthropic.Anthropic(api_key={SECRET_B!r})\n")
    res = CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache", "--diff", "HEAD"])
    assert _lines(res.output) == [("new.py", 2)]


def test_diff_with_unknown_ref_is_a_usage_error(in_tmp):
    _repo(in_tmp)
    res = CliRunner().invoke(main, ["check", ".", "--diff", "no-such-ref"])
    assert res.exit_code == 2 and "no-such-ref" in res.output


def test_diff_outside_git_is_a_usage_error(in_tmp):
    (in_tmp / "a.py").write_text("import anthropic\n")
    res = CliRunner().invoke(main, ["check", ".", "--diff", "HEAD"])
    assert res.exit_code == 2 and "git" in res.output

"""Issue 15 items 5, 6 and 7 (the policy side): bounded reads of every file that steers a run,
globs that cannot backtrack for minutes, paths of a repository's policy confined to the
repository, and deep nesting as a usage error."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claude_lint.cli import main
from claude_lint.config import MAX_GLOB_WILDCARDS, glob_problem
from claude_lint.discover import discover

ALIAS_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "rules:\n  - id: bomb\n    message: *h\n    languages: [python]\n    severity: ERROR\n    pattern: foo()\n"
)
APP = "import anthropic\nclient = anthropic.Anthropic()\n"


def run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP)
    return root


def timed(cwd: Path, *args: str, limit: float = 20.0):
    t0 = time.perf_counter()
    res = run(cwd, *args)
    took = time.perf_counter() - t0
    assert took < limit, f"took {took:.1f} s"
    return res


# -- item 5: sizes, aliases, special files ------------------------------------------------


def test_custom_rules_alias_bomb_is_refused_fast(tree):
    (tree / "rules.yaml").write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 1024
    (tree / "claude-lint.yaml").write_text("custom-rules: [rules.yaml]\n")
    res = timed(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert "rules.yaml" in res.output and "aliases" in res.output


@pytest.mark.parametrize("key", ["custom-rules", "baseline"])
def test_device_named_by_a_policy_fails_fast(tmp_path, tree, key):
    org = tmp_path / "org.yaml"  # an organisation policy may name anything: still bounded
    org.write_text(f"{key}: {'[/dev/zero]' if key == 'custom-rules' else '/dev/zero'}\n")
    res = timed(tree, "check", ".", "--no-cache", "--config", str(org), limit=10)
    assert res.exit_code == 2, res.output
    assert "/dev/zero" in res.output and "regular file" in res.output


def test_baseline_on_the_command_line_must_be_a_regular_file(tree):
    res = timed(tree, "check", ".", "--no-cache", "--baseline", "/dev/zero", limit=10)
    assert res.exit_code == 2, res.output
    assert "/dev/zero" in res.output


def test_fifo_policy_does_not_block(tree):
    os.mkfifo(tree / "claude-lint.yaml")
    res = timed(tree, "check", ".", "--no-cache", "--config", "claude-lint.yaml", limit=10)
    assert res.exit_code == 2, res.output
    assert "claude-lint.yaml" in res.output


def test_oversized_policy_is_refused(tree):
    (tree / "claude-lint.yaml").write_text("# x\n" * 300_000)
    res = timed(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "claude-lint.yaml" in res.output and "limit" in res.output


def test_yaml_errors_do_not_quote_the_file(tree):
    secret_line = "aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY ["
    (tree / "rules.yaml").write_text(f"rules:\n  - {secret_line}\n  - : : [\n")
    (tree / "claude-lint.yaml").write_text("custom-rules: [rules.yaml]\n")
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert "wJalrXUtnFEMI" not in res.output and "rules.yaml" in res.output


# -- item 7: deep nesting is a usage error -------------------------------------------------


@pytest.mark.parametrize(
    "name,text",
    [
        ("pyproject.toml", "[tool.claude-lint]\nexclude = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("claude-lint.yaml", "exclude: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("claude-lint.yaml", "policy:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))),
    ],
)
def test_deeply_nested_policy_is_exit_2(tree, name, text):
    (tree / name).write_text(text)
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert name in res.output and "internal error" not in res.output


def test_deeply_nested_custom_rules_is_exit_2(tree):
    (tree / "rules.yaml").write_text("rules: " + "[" * 5000 + "]" * 5000 + "\n")
    (tree / "claude-lint.yaml").write_text("custom-rules: [rules.yaml]\n")
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert "rules.yaml" in res.output and "internal error" not in res.output


def test_deeply_nested_pyproject_without_our_table_is_ignored(tree):
    (tree / "pyproject.toml").write_text("[project]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 0, res.output


# -- item 5: globs -------------------------------------------------------------------------

HOSTILE_NAME = "a" * 250


def _deep_hostile(tree: Path) -> Path:
    folder = tree
    for _ in range(12):
        folder = folder / HOSTILE_NAME
    folder.mkdir(parents=True)
    (folder / (HOSTILE_NAME[:200] + ".py")).write_text(APP)
    return folder


def test_exponential_exclude_glob_is_refused(tree):
    _deep_hostile(tree)
    (tree / "claude-lint.yaml").write_text("exclude: ['*a*a*a*a*a*b']\n")
    res = timed(tree, "check", ".", "--no-cache", limit=10)
    assert res.exit_code == 2, res.output
    assert "exclude[0]" in res.output and "wildcards" in res.output


def test_exponential_rule_exclude_and_test_paths_are_refused(tree):
    (tree / "claude-lint.yaml").write_text("policy:\n  test-paths: ['**/*a*a*/**/c']\n")
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "test-paths[0]" in res.output
    (tree / "claude-lint.yaml").write_text("rules:\n  hardcoded-api-key:\n    exclude: ['x', '*a*a*a*b']\n")
    res = run(tree, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "rules.hardcoded-api-key.exclude[1]" in res.output


def test_gitignore_outside_git_cannot_stall_the_walk(tree):
    _deep_hostile(tree)
    (tree / ".gitignore").write_text("*.log\n*a*a*a*a*a*b\n")
    t0 = time.perf_counter()
    notices: list = []
    files = list(discover([tree], tree.resolve(), notices))
    assert time.perf_counter() - t0 < 5
    assert any(f.path.suffix == ".py" and HOSTILE_NAME in str(f.path) for f in files)
    (notice,) = [n for n in notices if ".gitignore" in n.path]
    assert notice.line == 2 and "not applied" in notice.message


@pytest.mark.parametrize("pattern", ["*a*b", "**/a*/**/x", "*_test*.py", "tests/**", "a/**/b/*.py"])
def test_allowed_globs_are_fast_on_hostile_paths(pattern):
    assert glob_problem(pattern) is None
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines([pattern])
    paths = ["/".join([HOSTILE_NAME] * 16) + ".py", "/".join(["aa"] * 1300) + ".py", "a/" * 2000 + "x"]
    t0 = time.perf_counter()
    for p in paths:
        spec.match_file(p)
    assert time.perf_counter() - t0 < 3


@pytest.mark.parametrize("pattern", ["*a*a*a*a*a*b", "**/*a*a*/**/c", "*a*a*a*b", "a*/**/b*/**/c"])
def test_refused_globs(pattern):
    assert glob_problem(pattern) and str(MAX_GLOB_WILDCARDS) in glob_problem(pattern)


def test_escaped_stars_do_not_count():
    assert glob_problem(r"\*\*\*\*\*.py") is None


# -- item 6: a repository's policy names files inside the repository only -------------------

SECRET_LINE = "aws_secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "work" / "repo"
    root.mkdir(parents=True)
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    (root / "app.py").write_text(APP)
    outside = tmp_path / "work" / "outside"
    outside.mkdir()
    for name in ("base.yaml", "rules.yaml", "baseline.jsonl"):
        (outside / name).write_text(SECRET_LINE + "\n")
    return root


OUTSIDE_ENTRIES = [
    ("extend", "extend: ../outside/base.yaml\n"),
    ("extend", "extend: ../outside/missing.yaml\n"),
    ("extend", "extend: {abs}/base.yaml\n"),
    ("extend", "extend: ~/claude-lint-test-nowhere.yaml\n"),
    ("custom-rules[0]", "custom-rules: [../outside/rules.yaml]\n"),
    ("custom-rules[1]", "custom-rules: [app.py, {abs}/missing.yaml]\n"),
    ("baseline", "baseline: ../../work/outside/baseline.jsonl\n"),
    ("baseline", "baseline: {abs}/nothing-here.jsonl\n"),
]


@pytest.mark.parametrize("key,text", OUTSIDE_ENTRIES)
def test_repository_policy_cannot_name_files_outside(repo, key, text):
    outside = repo.parent / "outside"
    (repo / "claude-lint.yaml").write_text(text.format(abs=outside))
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert f"{key}:" in res.output and "outside the repository" in res.output
    # nothing about the file: not its content, not whether it exists
    assert "wJalrXUtnFEMI" not in res.output and "does not exist" not in res.output and "valid" not in res.output


def test_symlink_inside_the_repository_pointing_out_is_refused(repo):
    os.symlink(repo.parent / "outside" / "base.yaml", repo / "base.yaml")
    (repo / "claude-lint.yaml").write_text("extend: base.yaml\n")
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "outside the repository" in res.output and "wJalrXUtnFEMI" not in res.output


def test_policy_file_that_is_a_symlink_out_of_the_repository_is_refused(repo):
    os.symlink(repo.parent / "outside" / "base.yaml", repo / "claude-lint.yaml")
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code == 2, res.output
    assert "claude-lint.yaml" in res.output and "wJalrXUtnFEMI" not in res.output


def test_paths_inside_the_repository_still_work(repo):
    (repo / "org").mkdir()
    (repo / "org" / "base.yaml").write_text("policy: {residency: us}\n")
    (repo / "claude-lint.yaml").write_text("extend: org/base.yaml\nexclude: ['vendor/**']\n")
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code in (0, 1), res.output


def test_config_policy_may_name_files_anywhere(repo, tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "base.yaml").write_text("policy: {residency: us}\n")
    (org / "claude-lint.yaml").write_text(f"extend: base.yaml\nbaseline: {tmp_path}/nowhere.jsonl\n")
    res = run(repo, "check", ".", "--no-cache", "--config", str(org / "claude-lint.yaml"))
    assert res.exit_code == 2 and "baseline file not found" in res.output  # reached: not refused
    (org / "claude-lint.yaml").write_text("extend: base.yaml\n")
    res = run(repo, "check", ".", "--no-cache", "--config", str(org / "claude-lint.yaml"))
    assert res.exit_code in (0, 1), res.output


def test_trusted_policy_root_widens_the_repository(repo, monkeypatch):
    (repo / "claude-lint.yaml").write_text("extend: ../outside/base.yaml\n")
    monkeypatch.setenv("CLAUDE_LINT_POLICY_ROOT", str(repo.parent))
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "outside the repository" not in res.output  # read (and not a policy)


# -- item 6: symlinks named on the command line ---------------------------------------------


def test_named_symlinks_out_of_the_tree_are_not_followed(repo):
    outside = repo.parent / "outside"
    (outside / "secret.py").write_text("import anthropic\nanthropic.Anthropic(base_url='http://x.internal')\n")
    os.symlink(outside / "secret.py", repo / "link.py")
    os.symlink(outside, repo / "linkdir")
    os.symlink(repo / "app.py", repo / "inside.py")
    notices: list = []
    files = [sf.path for sf in discover([repo / "link.py", repo / "linkdir", repo / "inside.py"], repo, notices)]
    assert files == [repo / "inside.py"]
    assert sorted(n.path for n in notices if "outside the tree" in n.message) == ["link.py", "linkdir"]
    res = run(repo, "check", "link.py", "linkdir", "--no-cache", "--format", "json")
    assert res.exit_code == 0, res.output
    assert "secret.py" not in res.output


def test_named_symlink_outside_git_is_judged_against_the_working_folder(tmp_path):
    work = tmp_path / "plain"
    (work / "real").mkdir(parents=True)
    (work / "real" / "a.py").write_text(APP)
    os.symlink(work / "real", work / "link")
    os.symlink(tmp_path, work / "up")
    notices: list = []
    files = [sf.path.name for sf in discover([work / "link", work / "up"], work, notices)]
    assert files == ["a.py"]
    assert [n.path for n in notices] == ["up"]


def test_rule_folder_with_a_link_leading_out_is_refused(repo):
    (repo / "rules").mkdir()
    os.symlink(repo.parent / "outside" / "rules.yaml", repo / "rules" / "stolen.yaml")
    (repo / "claude-lint.yaml").write_text("custom-rules: [rules/]\n")
    res = run(repo, "check", ".", "--no-cache")
    assert res.exit_code == 2 and "outside the repository" in res.output and "wJalrXUtnFEMI" not in res.output

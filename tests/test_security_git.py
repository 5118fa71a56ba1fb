"""Issue 15 item 1: no command execution through git.

Each test builds the attack: a repository-controlled configuration that names a command
(fsmonitor, textconv driver, clean/smudge filter, hook, external diff) which writes a marker
file; after claude-lint ran, the marker must be absent.  Each attack is first shown to be
live on this machine's git (a plain git command run the way the old code did creates the
marker), so the test cannot pass because the setup is inert."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import claude_lint.git as cgit
from claude_lint.cli import main
from claude_lint.discover import discover, git_root

GIT = [
    "git",
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.invalid",
    "-c",
    "init.defaultBranch=main",
    "-c",
    "commit.gpgsign=false",
]
#: a git that reads no user or system configuration (for setting up and for the liveness checks)
PLAIN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}

APP = "import anthropic\nclient = anthropic.Anthropic(base_url='http://proxy.internal')\n"
CHANGED_APP = APP + "other = anthropic.Anthropic(base_url='http://b.internal')\n"
ENV_FILE = "ANTHROPIC_BASE_URL=http://proxy.internal\n"  # a configuration file: semgrep runs on it


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([*GIT, "-C", str(repo), *args], check=check, capture_output=True, text=True, env=PLAIN_ENV)


def touch_cmd(marker: Path) -> str:
    return f"touch '{marker}'"


def invoke(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [*args, "--no-cache"] if args[0] == "check" else list(args))
    finally:
        os.chdir(old)


def _outer_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "checkout"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "README.md").write_text("hello\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    return repo


def _plant_bare(src: Path, marker: Path) -> None:
    """What a pull request can commit: a folder git takes for a repository, whose ``config``
    sets the work tree to itself and names an fsmonitor command."""
    (src / "objects" / "info").mkdir(parents=True)
    (src / "objects" / "pack").mkdir(parents=True)
    (src / "refs" / "heads").mkdir(parents=True)
    (src / "HEAD").write_text("ref: refs/heads/main\n")
    (src / "config").write_text(
        f'[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "{touch_cmd(marker)}"\n'
    )
    (src / "app.py").write_text(APP)
    (src / ".env").write_text(ENV_FILE)


@pytest.fixture
def planted(tmp_path) -> tuple[Path, Path]:
    repo = _outer_repo(tmp_path)
    marker = tmp_path / "PWNED-planted"
    _plant_bare(repo / "src", marker)
    git(repo, "add", "src")
    git(repo, "commit", "-qm", "pull request")
    # the attack is live: git's own discovery from src/ honours the planted configuration
    git(repo / "src", "status", check=False)
    assert marker.exists(), "setup: git on this machine did not run the planted fsmonitor"
    marker.unlink()
    return repo, marker


@pytest.mark.parametrize(
    "command",
    [
        ("check", "src"),
        ("check", "src", "--diff", "HEAD"),
        ("check", "src/app.py"),
        ("inventory", "src"),
        ("suppressions", "src"),
    ],
)
def test_planted_bare_repository_config_is_not_run(planted, command):
    repo, marker = planted
    res = invoke(repo, *command)
    assert res.exit_code in (0, 1), res.output
    assert not marker.exists()


def test_planted_bare_repository_is_a_plain_folder_of_the_real_repository(planted):
    repo, _marker = planted
    assert git_root(repo / "src") == repo.resolve()
    files = sorted(sf.path.name for sf in discover([repo / "src"], repo.resolve(), []))
    assert "app.py" in files and "HEAD" in files  # listed by the outer repository's git


def test_planted_bare_repository_outside_any_repository(tmp_path):
    marker = tmp_path / "PWNED-bare"
    src = tmp_path / "download" / "src"
    src.mkdir(parents=True)
    _plant_bare(src, marker)
    assert git_root(src) is None
    for command in (("check", "src"), ("inventory", "src"), ("suppressions", "src")):
        res = invoke(src.parent, *command)
        assert res.exit_code in (0, 1), res.output
    assert not marker.exists()


# -- a tree that ships its own .git -----------------------------------------------------------

HOOKS = (
    "post-index-change",
    "pre-commit",
    "post-checkout",
    "reference-transaction",
    "fsmonitor-watchman",
    "pre-auto-gc",
    "post-rewrite",
)


def _hostile_clone(tmp_path: Path, markers: dict[str, Path]) -> Path:
    """A downloaded repository (an audit target) whose .git/config and .gitattributes name
    commands for every hook git has."""
    repo = tmp_path / "audit"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "app.py").write_text(APP)
    (repo / ".env").write_text(ENV_FILE)
    (repo / ".gitattributes").write_text("* diff=evil filter=evil\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    # the hostile configuration, added after the commit (the setup itself must not trip it)
    with open(repo / ".git" / "config", "a") as fh:
        fh.write(
            f'[core]\n\tfsmonitor = "{touch_cmd(markers["fsmonitor"])}"\n'
            f'[diff]\n\texternal = "{touch_cmd(markers["external"])}; true"\n'
            f'[diff "evil"]\n\ttextconv = "{touch_cmd(markers["textconv"])}; cat"\n'
            f'\tcommand = "{touch_cmd(markers["external"])}; true"\n'
            f'[filter "evil"]\n\tclean = "{touch_cmd(markers["clean"])}; cat"\n'
            f'\tsmudge = "{touch_cmd(markers["smudge"])}; cat"\n'
        )
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for name in HOOKS:
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch '{markers['hook']}'\n")
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    # uncommitted changes and an untracked file: the work tree must be compared with HEAD
    (repo / "app.py").write_text(CHANGED_APP)
    (repo / "new.py").write_text(APP)
    return repo


@pytest.fixture
def hostile_clone(tmp_path):
    markers = {k: tmp_path / f"PWNED-{k}" for k in ("fsmonitor", "external", "textconv", "clean", "smudge", "hook")}
    repo = _hostile_clone(tmp_path, markers)
    # the attack is live: the old code's `git diff REF` and `git status` run these commands
    git(repo, "diff", "--no-color", "HEAD", "--", check=False)
    git(repo, "diff", "--no-color", "--no-ext-diff", "--unified=0", "HEAD", "--", check=False)
    git(repo, "status", check=False)
    git(repo, "checkout", "--", "app.py", check=False)  # the smudge filter, as a checkout runs it
    live = {k for k, m in markers.items() if m.exists()}
    assert {"fsmonitor", "external", "clean", "textconv", "smudge"} <= live, live
    (repo / "app.py").write_text(CHANGED_APP)  # the checkout above restored it
    for m in markers.values():
        if m.exists():
            m.unlink()
    return repo, markers


@pytest.mark.parametrize(
    "command",
    [
        ("check", "."),
        ("check", ".", "--diff", "HEAD"),
        ("check", "app.py", "--diff", "HEAD"),
        ("inventory", "."),
        ("suppressions", "."),
    ],
)
def test_shipped_git_config_runs_nothing(hostile_clone, command):
    repo, markers = hostile_clone
    res = invoke(repo, *command)
    assert res.exit_code in (0, 1), res.output
    assert not [k for k, m in markers.items() if m.exists()]


def test_diff_against_blobs_still_finds_the_changed_lines(hostile_clone):
    repo, markers = hostile_clone
    res = invoke(repo, "check", ".", "--diff", "HEAD", "--format", "json")
    import json

    found = sorted((f["path"], f["line"]) for f in json.loads(res.output)["findings"])
    assert ("app.py", 3) in found and ("new.py", 2) in found
    assert ("app.py", 2) not in found  # unchanged since HEAD
    assert not [k for k, m in markers.items() if m.exists()]


def test_nested_repository_is_never_asked(tmp_path):
    """A repository inside the scanned one is a plain folder: git is not run there."""
    outer = _outer_repo(tmp_path)
    markers = {k: tmp_path / f"PWNED-n-{k}" for k in ("fsmonitor", "external", "textconv", "clean", "smudge", "hook")}
    nested = _hostile_clone(outer / "vendor", markers).rename(outer / "vendor" / "lib")
    assert nested.is_dir()
    for command in (("check", "."), ("check", ".", "--diff", "HEAD"), ("inventory", ".")):
        res = invoke(outer, *command)
        assert res.exit_code in (0, 1), res.output
    assert not [k for k, m in markers.items() if m.exists()]


def test_redirecting_environment_is_ignored(tmp_path, monkeypatch):
    """GIT_DIR / GIT_WORK_TREE / GIT_EXTERNAL_DIFF / GIT_CONFIG_* from the environment do not
    redirect git to another repository or start a program."""
    repo = _outer_repo(tmp_path)
    (repo / "app.py").write_text(APP)
    other = _outer_repo(tmp_path / "elsewhere")
    marker = tmp_path / "PWNED-env"
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", str(marker))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.fsmonitor")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", touch_cmd(marker))
    env = cgit.environment()
    assert not {"GIT_DIR", "GIT_WORK_TREE", "GIT_EXTERNAL_DIFF", "GIT_CONFIG_COUNT"} & set(env)
    assert git_root(repo) == repo.resolve()
    names = sorted(sf.path.name for sf in discover([repo], repo.resolve(), []))
    assert names == ["README.md", "app.py"]
    res = invoke(repo, "check", ".", "--diff", "HEAD")
    assert res.exit_code == 1, res.output
    assert not marker.exists()


def test_a_ref_that_looks_like_an_option_is_refused(tmp_path):
    repo = _outer_repo(tmp_path)
    (repo / "app.py").write_text(APP)
    out = tmp_path / "written-by-git"
    res = invoke(repo, "check", ".", "--diff", f"--output={out}")
    assert res.exit_code == 2
    assert not out.exists()


def test_every_git_call_carries_the_hardening(tmp_path, monkeypatch):
    """One helper runs git: its command line overrides the dangerous settings and names the
    repository explicitly."""
    repo = _outer_repo(tmp_path)
    (repo / "app.py").write_text(APP)
    seen: list[list[str]] = []
    real = subprocess.run

    def spy(cmd, *a, **kw):
        if cmd and cmd[0] == "git":
            seen.append(list(cmd))
        return real(cmd, *a, **kw)

    monkeypatch.setattr(subprocess, "run", spy)
    res = invoke(repo, "check", ".", "--diff", "HEAD")
    assert res.exit_code == 1, res.output
    calls = [c for c in seen if c[1:2] != ["--version"]]
    assert calls
    for cmd in calls:
        for setting in (
            "core.fsmonitor=false",
            "core.hooksPath=/dev/null",
            "safe.bareRepository=explicit",
            "protocol.allow=never",
        ):
            assert setting in cmd, cmd
        if "diff" in cmd:
            assert "--no-index" in cmd and "--no-textconv" in cmd and "--no-ext-diff" in cmd
        elif cmd[-1] != "--version":
            assert any(a.startswith("--git-dir=") for a in cmd) and any(a.startswith("--work-tree=") for a in cmd)


def test_old_git_is_not_used_and_says_so(tmp_path, monkeypatch):
    repo = _outer_repo(tmp_path)
    (repo / ".gitignore").write_text("ignored.py\n")
    (repo / "app.py").write_text(APP)
    (repo / "ignored.py").write_text(APP)
    monkeypatch.setattr(cgit, "version", lambda: (2, 30, 1))
    assert git_root(repo) is None
    notices: list = []
    names = sorted(sf.path.name for sf in discover([repo], repo.resolve(), notices))
    assert names == [".gitignore", "README.md", "app.py"]  # walked, .gitignore honoured
    assert [n.message for n in notices if "older than 2.38" in n.message]
    res = invoke(repo, "check", ".", "--diff", "HEAD")
    assert res.exit_code == 2 and "git" in res.output


def test_version_is_parsed():
    v = cgit.version()
    assert v is not None and len(v) >= 2


def test_programs_that_start_git_get_the_same_hardening(hostile_clone, monkeypatch):
    """semgrep lists files with git: its environment carries the hardening as GIT_CONFIG_*
    settings, so even `git status` / `git diff` in the hostile clone run nothing."""
    repo, markers = hostile_clone
    monkeypatch.setenv("GIT_DIR", "/nonexistent")
    env = cgit.child_environment()
    assert "GIT_DIR" not in env and env["GIT_CONFIG_COUNT"] == str(len(cgit.HARDENING))
    for args in (("status",), ("diff", "HEAD"), ("ls-files", "--others")):
        subprocess.run(["git", "-C", str(repo), *args], capture_output=True, env=env)
    assert not [k for k in ("fsmonitor", "hook") if markers[k].exists()]

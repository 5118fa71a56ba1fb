"""The pre-commit hook: the manifest is valid and says what we mean, and the hook really
runs through pre-commit (``try-repo``), failing on a key and printing it redacted.

``pre-commit validate-manifest`` accepts unknown keys silently (a ``require_seial`` typo
would pass), so the manifest's keys and values are checked here as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from harness import ROOT, make_key

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
#: every key pre-commit's manifest schema knows (clientlib.MANIFEST_HOOK_DICT, 4.x)
KNOWN_KEYS = {
    "id",
    "name",
    "entry",
    "language",
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "additional_dependencies",
    "args",
    "always_run",
    "fail_fast",
    "pass_filenames",
    "description",
    "language_version",
    "log_file",
    "minimum_pre_commit_version",
    "require_serial",
    "stages",
    "verbose",
}
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
    "-c",
    "core.hooksPath=/dev/null",
]


def pre_commit(*args: str, cwd: Path, env: dict | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def test_validate_manifest():
    proc = pre_commit("validate-manifest", str(MANIFEST), cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_manifest_says_what_we_mean():
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {h["id"]: h for h in hooks}
    hook = by_id["claude-lint"]
    assert set(hook) <= KNOWN_KEYS, f"unknown (silently ignored) keys: {set(hook) - KNOWN_KEYS}"
    assert hook["entry"] == "claude-lint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["text"]  # keys hide in .env, YAML, JSON and notebooks too
    assert hook["require_serial"] is True  # one process: the policy read and semgrep started once
    assert hook["description"].strip()
    assert hook.get("pass_filenames", True) is True
    # the entry is the console script the package installs
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts


def test_full_hook_adds_semgrep_and_nothing_else():
    """Two hooks: `claude-lint` (no semgrep, the fast default) and `claude-lint-full`, the same
    command with semgrep as an additional dependency, pinned like the package's own extra."""
    import tomllib

    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    fast, full = hooks["claude-lint"], hooks["claude-lint-full"]
    assert set(full) <= KNOWN_KEYS
    assert "additional_dependencies" not in fast
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"][
        "semgrep"
    ]
    assert full["additional_dependencies"] == extra
    same = ("entry", "language", "types", "require_serial", "minimum_pre_commit_version")
    assert {k: full[k] for k in same} == {k: fast[k] for k in same}


def test_manifest_validation_catches_a_bad_language(tmp_path):
    """The validator itself works here (a control for test_validate_manifest)."""
    bad = tmp_path / ".pre-commit-hooks.yaml"
    bad.write_text(MANIFEST.read_text(encoding="utf-8").replace("language: python", "language: pythn"))
    proc = pre_commit("validate-manifest", str(bad), cwd=tmp_path)
    assert proc.returncode != 0 and "pythn" in proc.stdout + proc.stderr


def _snapshot(dst: Path) -> None:
    """A git repository holding the working tree's package as it is now: committed,
    modified and new files alike (``try-repo`` on the project itself would carry only
    committed and modified *tracked* files, so a new module would be missing).  One file is
    then left modified and uncommitted, so ``try-repo`` takes its dirty-tree path."""
    listed = (
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                "claude_lint",
                "rules",
                "pyproject.toml",
                "README.md",
                ".pre-commit-hooks.yaml",
            ],
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    names = [n for n in listed if n and (ROOT / n).is_file()]
    if not names:  # not a git checkout (an unpacked sdist): copy the folders
        names = [
            str(p.relative_to(ROOT))
            for d in ("claude_lint", "rules")
            for p in (ROOT / d).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
        names += ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]
    for name in names:
        target = dst / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-qm", "snapshot")
    with open(dst / "README.md", "a", encoding="utf-8") as fh:
        fh.write("\n<!-- an uncommitted change -->\n")


@pytest.mark.slow
def test_hook_through_pre_commit_try_repo(tmp_path):
    """Installs the hook like a user's pre-commit does (a virtualenv built from the repo,
    which needs PyPI for the build backend and dependencies) and runs it on every file of
    a throw-away repository holding a generated key."""
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    _snapshot(hook_repo)

    target = tmp_path / "target"
    target.mkdir()
    key, other = make_key("api03"), make_key("api03")
    (target / "app.py").write_text(f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}")\n')
    (target / ".env").write_text(f"ANTHROPIC_API_KEY={other}\n")
    (target / "clean.py").write_text("print('nothing to see')\n")
    (target / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + key.encode())  # not text: never passed
    git(target, "init", "-q")
    git(target, "add", "-A")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_", "VIRTUAL_ENV"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        CLAUDE_LINT_CACHE_DIR=str(tmp_path / "cache"),
        NO_COLOR="1",
        TERM="dumb",
    )
    proc = pre_commit(
        "try-repo",
        str(hook_repo),
        "claude-lint",
        "--all-files",
        "--verbose",
        "--color=never",
        cwd=target,
        env=env,
        timeout=900,
    )
    out = proc.stdout + proc.stderr
    assert "Creating temporary repo with uncommitted changes" in out  # the dirty-tree path
    assert proc.returncode == 1, out
    assert "claude-lint" in out and "Failed" in out
    assert "- exit code: 1" in out
    assert "app.py:3:" in out and "hardcoded-api-key" in out
    assert ".env:1:" in out
    assert f"sk-ant-api03-…{key[-4:]}" in out
    assert key not in out and other not in out  # redacted, always
    assert "logo.png" not in out
    assert "Traceback" not in out

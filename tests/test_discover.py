"""File discovery: git's own file set inside a repository, ``.gitignore`` through pathspec
outside one, VCS/virtualenv/node_modules folders skipped, explicit files always scanned
(but still subject to the policy's ``exclude``), symlinks never followed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from claude_lint.cli import main
from claude_lint.discover import discover, display_path, git_root
from claude_lint.model import NoticeKind

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


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def put(root: Path, *names: str, text: str = "x = 1\n") -> None:
    for name in names:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def found(root: Path, *targets: str | Path, ordered: bool = False) -> tuple[list[str], list]:
    """Discovered display paths (sorted, or in discovery order) and notices for ``targets``
    below ``root``."""
    notices: list = []
    paths = [root / t for t in targets] if targets else [root]
    files = [sf.display for sf in discover(paths, root.resolve(), notices)]
    return (files if ordered else sorted(files)), notices


def venv(folder: Path) -> None:
    put(folder, "pyvenv.cfg", text="home = /usr/bin\n")
    put(folder, "lib/python3.11/site-packages/anthropic/__init__.py", "bin/activate")


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    return root


# -- inside git -----------------------------------------------------------------------------


def test_git_file_set(repo):
    put(repo, ".gitignore", text="*.log\nbuild/\nsecret.py\n")
    put(repo, "app.py", "pkg/mod.py", "notes.txt", "secret.py", "build/out.py", "run.log")
    git(repo, "add", ".gitignore", "app.py", "pkg/mod.py")
    git(repo, "add", "-f", "secret.py", "run.log")  # tracked although ignored
    git(repo, "commit", "-qm", "init")
    put(repo, "new.py", "ignored.log", "build/new.py")  # untracked: kept / ignored / ignored
    files, notices = found(repo)
    assert files == [".gitignore", "app.py", "new.py", "notes.txt", "pkg/mod.py", "run.log", "secret.py"]
    assert not notices


def test_git_subfolder_target(repo):
    put(repo, "a.py", "sub/b.py", "sub/deeper/c.py", "other/d.py")
    git(repo, "add", ".")
    files, _ = found(repo, "sub")
    assert files == ["sub/b.py", "sub/deeper/c.py"]
    assert all(sf.root == repo.resolve() for sf in discover([repo / "sub"], repo.resolve(), []))


def test_git_skips_vcs_venvs_and_node_modules_even_when_listed(repo):
    put(repo, "app.py", "node_modules/pkg/index.py", "env/tracked.py")
    venv(repo / "env")  # a virtualenv neither tracked nor ignored: git lists it, we do not
    venv(repo / "tools" / "venv")
    git(repo, "add", "-f", "node_modules/pkg/index.py", "env/tracked.py")
    git(repo, "add", "app.py")
    files, _ = found(repo)
    assert files == ["app.py"]


def test_git_deleted_tracked_file_and_submodule_like_entries(repo):
    put(repo, "a.py", "gone.py")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "init")
    (repo / "gone.py").unlink()
    nested = repo / "nested"
    nested.mkdir()
    git(nested, "init", "-q")
    put(nested, "inner.py")
    files, notices = found(repo)
    assert files == ["a.py"]
    assert not notices


def test_git_symlinks_are_not_followed(repo):
    put(repo, "real/a.py")
    os.symlink("real", repo / "linkdir")
    os.symlink("real/a.py", repo / "link.py")
    os.symlink("missing.py", repo / "dangling.py")
    os.symlink(".", repo / "loop")
    git(repo, "add", ".")
    files, notices = found(repo)
    assert files == ["real/a.py"]
    assert [(n.kind, n.path) for n in notices] == [(NoticeKind.SYMLINK, "dangling.py")]


def test_explicit_files_are_scanned_even_if_ignored(repo):
    put(repo, ".gitignore", text="*.py\n")
    put(repo, "ignored.py", "kept.txt")
    files, _ = found(repo)
    assert files == [".gitignore", "kept.txt"]
    files, _ = found(repo, "ignored.py", "ignored.py", "./ignored.py")
    assert files == ["ignored.py"]  # once, however often it is named
    (sf,) = discover([repo / "ignored.py"], repo.resolve(), [])
    assert sf.explicit and sf.root == repo.resolve()


def test_explicit_file_and_folder_overlap_once(repo):
    put(repo, "a.py", "b.py")
    files, _ = found(repo, "a.py", ".", "b.py", ordered=True)
    assert files == ["a.py", "b.py"]


def test_git_root(repo, tmp_path):
    put(repo, "sub/x.py")
    assert git_root(repo / "sub") == repo.resolve()
    outside = tmp_path / "plain"
    outside.mkdir()
    assert git_root(outside) is None


def test_git_missing_falls_back_to_the_walk(repo, monkeypatch):
    put(repo, ".gitignore", text="ignored.py\n")
    put(repo, "a.py", "ignored.py")
    monkeypatch.setenv("PATH", "")  # no git at all
    assert git_root(repo) is None
    files, _ = found(repo)
    assert files == [".gitignore", "a.py"]  # .gitignore still honoured, .git still skipped


# -- outside git ------------------------------------------------------------------------------


@pytest.fixture
def plain(tmp_path) -> Path:
    root = tmp_path / "plain"
    root.mkdir()
    assert git_root(root) is None
    return root


def test_walk_honours_gitignore(plain):
    put(plain, ".gitignore", text="*.log\n/build/\nsecret*.py\n!secret_ok.py\n")
    put(plain, "app.py", "run.log", "build/out.py", "src/build/kept.py", "secret.py", "secret_ok.py")
    put(plain, "src/.gitignore", text="generated_*.py\n")
    put(plain, "src/generated_x.py", "src/mod.py", "other/generated_y.py")
    files, notices = found(plain)
    assert files == [
        ".gitignore",
        "app.py",
        "other/generated_y.py",
        "secret_ok.py",
        "src/.gitignore",
        "src/build/kept.py",
        "src/mod.py",
    ]
    assert not notices


def test_walk_deeper_gitignore_overrides(plain):
    put(plain, ".gitignore", text="*.py\n")
    put(plain, "sub/.gitignore", text="!keep.py\n")
    put(plain, "a.py", "sub/keep.py", "sub/drop.py")
    files, _ = found(plain)
    assert files == [".gitignore", "sub/.gitignore", "sub/keep.py"]


def test_walk_skips_vcs_venvs_and_node_modules(plain):
    put(
        plain,
        "app.py",
        ".git/config.py",
        ".hg/x.py",
        ".svn/x.py",
        "node_modules/a/b.py",
        "__pycache__/m.py",
        ".venv/lib/x.py",
        ".tox/py/x.py",
    )
    venv(plain / "env")
    venv(plain / "deep" / "any-name")
    files, _ = found(plain)
    assert files == ["app.py"]


def test_walk_never_follows_symlinks(plain, tmp_path):
    put(plain, "a.py", "sub/b.py")
    outside = tmp_path / "outside"
    put(outside, "c.py")
    os.symlink("..", plain / "sub" / "up")  # a loop
    os.symlink(outside, plain / "out")  # a way out of the tree
    os.symlink("a.py", plain / "alias.py")
    os.symlink("loop2.py", plain / "loop1.py")
    os.symlink("loop1.py", plain / "loop2.py")
    files, notices = found(plain)
    assert files == ["a.py", "sub/b.py"]
    assert sorted(n.path for n in notices) == ["loop1.py", "loop2.py"]
    assert all(n.kind is NoticeKind.SYMLINK for n in notices)


def test_explicit_symlinked_folder_is_scanned_where_it_is(plain):
    put(plain, "real/a.py")
    os.symlink("real", plain / "link")
    files, _ = found(plain, "link", "real")
    assert files == ["real/a.py"]  # once, under its real path


def test_explicit_special_paths(plain):
    put(plain, "a.py")
    os.mkfifo(plain / "fifo.py")
    os.symlink("nowhere.py", plain / "dangling.py")
    files, notices = found(plain, "fifo.py", "dangling.py", "missing.py", "a.py", ordered=True)
    assert files == ["a.py"]
    got = [(n.kind, n.path) for n in notices]
    assert got == [
        (NoticeKind.UNREADABLE, "fifo.py"),
        (NoticeKind.SYMLINK, "dangling.py"),
        (NoticeKind.UNREADABLE, "missing.py"),
    ]


def test_walk_unreadable_folder_is_a_notice(plain, monkeypatch):
    put(plain, "a.py", "locked/b.py")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, notices = found(plain)
    assert files == ["a.py"]
    assert [(n.kind, n.path) for n in notices] == [(NoticeKind.UNREADABLE, "locked")]


def test_display_path(tmp_path):
    cwd = tmp_path.resolve()
    assert display_path(cwd / "a" / "b.py", cwd) == "a/b.py"
    assert display_path(Path("/elsewhere/x.py"), cwd) == "/elsewhere/x.py"
    odd = Path(os.fsdecode(b"caf\xe9.py"))
    assert display_path(cwd / odd, cwd) == "caf\\xe9.py"  # printable in every output


def test_non_utf8_file_names_do_not_break_output(plain, monkeypatch):
    try:
        (plain / os.fsdecode(b"caf\xe9.py")).write_text('import anthropic, os\nc = {"sessionKey": os.environ["X"]}\n')
    except (OSError, UnicodeEncodeError):  # pragma: no cover - a filesystem that refuses such names
        pytest.skip("file system does not accept non-UTF-8 names")
    monkeypatch.chdir(plain)
    result = CliRunner().invoke(main, ["check", "--no-cache", "."])
    assert result.exit_code == 1, result.output
    assert "caf\\xe9.py:2:" in result.stdout


def test_order_is_stable(plain, repo):
    for root in (plain, repo):
        put(root, "b.py", "a.py", "z/y.py", "z/a.py", "c/d.py")
        first, _ = found(root, ordered=True)
        assert sorted(first) == ["a.py", "b.py", "c/d.py", "z/a.py", "z/y.py"]
        assert found(root, ordered=True)[0] == first


# -- the policy's exclude applies to explicit files too ---------------------------------------


KEYLESS_FINDING = 'import anthropic, os\ncookies = {"sessionKey": os.environ["X"]}\n'


def lint(cwd: Path, *args: str) -> tuple[int, set[str]]:
    import json

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", *args])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, {f["path"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "plain"])
def test_policy_exclude_applies_to_walks_and_explicit_files(tmp_path, in_git):
    root = tmp_path / "project"
    root.mkdir()
    if in_git:
        git(root, "init", "-q")
    put(root, "claude-lint.yaml", text='exclude: ["generated/**"]\n')
    put(root, "app.py", "generated/client.py", "generated/deep/more.py", text=KEYLESS_FINDING)
    assert lint(root) == (1, {"app.py"})
    # a named folder or file finds the policy above it, in a repository or not (outside one,
    # discovery walks up to the filesystem root, as Ruff does)
    assert lint(root, "generated") == (0, set())
    # an explicitly named file is still excluded by the policy (like ruff's --force-exclude)
    assert lint(root, "generated/client.py", "app.py") == (1, {"app.py"})
    assert lint(root, "generated/client.py") == (0, set())


def test_explicit_git_ignored_file_is_linted(repo):
    put(repo, ".gitignore", text="local_*.py\n")
    put(repo, "local_try.py", text=KEYLESS_FINDING)
    assert lint(repo) == (0, set())
    assert lint(repo, "local_try.py") == (1, {"local_try.py"})


def test_many_explicit_files_need_few_git_processes(repo, monkeypatch):
    """pre-commit names every file: the repository root is asked once per folder, not per file."""
    import claude_lint.discover as d

    for i in range(5):
        put(repo, *(f"pkg{i}/sub/m{j}.py" for j in range(10)))
    calls = []
    real = d.git_root

    def counting(folder):
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(d, "git_root", counting)
    names = sorted(str(p.relative_to(repo)) for p in repo.rglob("*.py"))
    files, _ = found(repo, *names)
    assert len(files) == 50
    assert len(calls) <= 5
    assert all(sf.root == repo.resolve() for sf in discover([repo / n for n in names], repo.resolve(), []))

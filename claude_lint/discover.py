"""File discovery: git's own file set inside a repository, an ignore-matching walk outside.

* Inside a git repository the files are ``git ls-files --cached --others --exclude-standard``:
  tracked files (even if ignored) plus untracked files that are not ignored.
* Outside one, the tree is walked without following directory symlinks (so symlink loops
  cannot trap the walk) and ``.gitignore`` files are honoured through ``pathspec``.
* Files named explicitly are scanned even if ignored; the policy's ``exclude`` is applied
  later by the runner, to them as well (like ruff's ``--force-exclude``).
* VCS, virtualenv, cache and ``node_modules`` folders are always skipped.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pathspec

from .model import Notice, NoticeKind

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "_darcs",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".claude-lint-cache",
        "site-packages",
        ".eggs",
    }
)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    display: str  # what outputs show: relative to the working directory when inside it
    root: Path  # repository root (git top level) or the scanned folder
    explicit: bool = False


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def git_root(folder: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return Path(out.stdout.strip()).resolve()


def _skipped_dir(part: str) -> bool:
    return part in SKIP_DIRS


def _in_skipped_dir(rel: Path) -> bool:
    return any(_skipped_dir(p) for p in rel.parts[:-1])


def _git_files(root: Path, target: Path) -> list[Path] | None:
    rel = target.relative_to(root).as_posix() or "."
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", rel],
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    names = sorted({n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n})
    return [root / n for n in names]


class _IgnoreStack:
    """``.gitignore`` files met during a walk, each applying below its own folder."""

    def __init__(self) -> None:
        self.specs: list[tuple[Path, pathspec.PathSpec]] = []

    def push(self, folder: Path) -> None:
        gi = folder / ".gitignore"
        if gi.is_file() and not gi.is_symlink():
            try:
                lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            self.specs.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for folder, spec in self.specs:
            try:
                rel = path.relative_to(folder).as_posix()
            except ValueError:
                continue
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False


def _walk(top: Path, notices: list[Notice], cwd: Path) -> Iterator[Path]:
    ignores = _IgnoreStack()
    # .gitignore files above the target (up to the filesystem root) still apply
    for parent in reversed(top.parents):
        ignores.push(parent)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False, onerror=lambda e: notices.append(
        Notice(NoticeKind.UNREADABLE, f"folder not readable: {e.strerror}", display_path(Path(e.filename), cwd))
    )):
        folder = Path(dirpath)
        try:
            st = folder.stat()
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        ignores.push(folder)
        keep = []
        for d in sorted(dirnames):
            p = folder / d
            if _skipped_dir(d) or (p / "pyvenv.cfg").is_file() or ignores.ignored(p, True):
                continue
            if p.is_symlink():
                continue  # never followed: cannot loop
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            p = folder / name
            if ignores.ignored(p, False):
                continue
            yield p


def discover(paths: list[Path], cwd: Path, notices: list[Notice]) -> Iterator[SourceFile]:
    """Yield every file to scan below ``paths`` (deduplicated, in a stable order)."""
    seen: set[Path] = set()
    for target in paths:
        target = Path(os.path.abspath(target))
        if target.is_symlink() and not target.exists():
            notices.append(Notice(NoticeKind.SYMLINK, "dangling symbolic link, not scanned", display_path(target, cwd)))
            continue
        if not target.exists():
            notices.append(Notice(NoticeKind.UNREADABLE, "path does not exist", display_path(target, cwd)))
            continue
        if target.is_file():
            root = git_root(target.parent) or target.parent
            if target not in seen:
                seen.add(target)
                yield SourceFile(target, display_path(target, cwd), root, explicit=True)
            continue
        root = git_root(target)
        files = _git_files(root, target.resolve()) if root else None
        if files is None:
            root = target.resolve()
            files = _walk(target, notices, cwd)
        for p in files:
            try:
                rel = p.relative_to(root)
            except ValueError:
                rel = p
            if _in_skipped_dir(rel) or p in seen:
                continue
            if p.is_symlink():
                if not p.exists():
                    notices.append(
                        Notice(NoticeKind.SYMLINK, "dangling or looping symbolic link, not scanned", display_path(p, cwd))
                    )
                continue  # a valid link's target is scanned where it lives
            if not p.is_file():
                continue  # submodules, deleted tracked files, sockets
            seen.add(p)
            yield SourceFile(p, display_path(p, cwd), root)

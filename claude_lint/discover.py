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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from . import git
from .config import glob_problem
from .filetext import SKIP_DIRS
from .model import Notice, NoticeKind


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    display: str  # what outputs show: relative to the working directory when inside it
    root: Path  # repository root (git top level) or the scanned folder
    explicit: bool = False


def display_path(path: Path, cwd: Path) -> str:
    """What outputs show for ``path``: relative to ``cwd`` when inside it.  A name that is
    not valid UTF-8 (kept by Python as surrogate escapes) is shown with ``\\xNN`` escapes,
    so every output can print it."""
    try:
        text = path.relative_to(cwd).as_posix()
    except ValueError:
        text = path.as_posix()
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def git_root(folder: Path) -> Path | None:
    """The top level of the git work tree holding ``folder`` (see :func:`claude_lint.git.find_repo`:
    found from ``.git`` entries, never by git's own discovery), or None."""
    repo = git.find_repo(folder)
    return repo.top if repo is not None else None


class _Roots:
    """``git_root`` for many folders with few ``git`` processes: every folder between a
    folder and its repository root has that root, so one answer serves them all (the
    pre-commit hook names thousands of files)."""

    def __init__(self) -> None:
        self.known: dict[Path, Path | None] = {}  # real folder -> its root
        self.real: dict[Path, Path] = {}
        #: a repository was met but the installed git is too old to be run on it safely
        self.too_old = False

    def __call__(self, folder: Path) -> Path | None:
        real = self.real.get(folder)
        if real is None:
            real = self.real[folder] = folder.resolve()
        if real in self.known:
            return self.known[real]
        root = git_root(real)
        self.known[real] = root
        if (
            root is None
            and not self.too_old
            and git.too_old_message()
            and any(git.has_dotgit(p) for p in (real, *real.parents))
        ):
            self.too_old = True
        if root is not None:
            for parent in real.parents:
                if parent in self.known or not parent.is_relative_to(root):
                    break
                self.known[parent] = root
        return root


def _skipped_dir(part: str) -> bool:
    return part in SKIP_DIRS


def _in_skipped_dir(rel: Path) -> bool:
    return any(_skipped_dir(p) for p in rel.parts[:-1])


def _git_files(root: Path, target: Path) -> list[Path] | None:
    gitdir = git._gitdir_of(root)
    if gitdir is None:
        return None
    rel = target.relative_to(root).as_posix() or "."
    try:
        out = git.run(
            "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", rel, repo=git.Repo(root, gitdir)
        )
    except git.GitError:
        return None
    names = sorted({n for n in out.decode("utf-8", "surrogateescape").split("\0") if n})
    return [root / n for n in names]


class _IgnoreStack:
    """``.gitignore`` files met during a walk, each applying below its own folder.  As in
    git, a deeper file overrides a shallower one (``!keep.py`` below re-includes what
    ``*.py`` above excludes), and the last matching pattern of a file decides."""

    def __init__(self, notices: list[Notice] | None = None, cwd: Path | None = None) -> None:
        #: keyed by the folder's POSIX text: the walk asks for every file, and string slicing
        #: costs a fraction of ``Path.parents`` / ``relative_to``
        self.specs: dict[str, pathspec.PathSpec] = {}
        self.notices = notices
        self.cwd = cwd

    #: a .gitignore larger than this is read up to it
    MAX_BYTES = 1024 * 1024

    def push(self, folder: Path) -> None:
        gi = folder / ".gitignore"
        if gi.is_file() and not gi.is_symlink():
            try:
                with open(gi, "rb") as fh:
                    lines = fh.read(self.MAX_BYTES).decode("utf-8", "replace").splitlines()
            except OSError:
                return
            kept = []
            for number, line in enumerate(lines, 1):
                problem = glob_problem(line)
                if problem is None:
                    kept.append(line)
                elif self.notices is not None:
                    # left out: the files it names are scanned rather than matched for minutes
                    self.notices.append(
                        Notice(
                            NoticeKind.ENGINE_SKIPPED,
                            f"{problem}: this .gitignore line is not applied",
                            display_path(gi, self.cwd or folder),
                            number,
                        )
                    )
            self.specs[folder.as_posix()] = pathspec.GitIgnoreSpec.from_lines(kept)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        if not self.specs:
            return False
        if not path.is_absolute():  # the walk's paths are absolute; anything else the slow way
            return self._ignored_relative(path, is_dir)
        text = path.as_posix()
        first = text.find("/")
        i = text.rfind("/")
        while i >= 0:  # the parent folders, deepest first
            folder = text[: i + 1] if i == first else text[:i]  # the root keeps its slash: "/", "C:/"
            spec = self.specs.get(folder)
            if spec is not None:
                rel = text[i + 1 :]
                verdict = _verdict(spec, rel + "/" if is_dir else rel)
                if verdict is not None:
                    return verdict
            i = text.rfind("/", 0, i) if i > 0 else -1
        return False

    def _ignored_relative(self, path: Path, is_dir: bool) -> bool:
        for folder in path.parents:  # deepest first
            spec = self.specs.get(folder.as_posix())
            if spec is None:
                continue
            rel = path.relative_to(folder).as_posix()
            verdict = _verdict(spec, rel + "/" if is_dir else rel)
            if verdict is not None:
                return verdict
        return False


def _verdict(spec: pathspec.PathSpec, rel: str) -> bool | None:
    """True: ignored; False: re-included by a ``!`` pattern; None: no pattern matched."""
    check = getattr(spec, "check_file", None)
    if check is not None:
        return check(rel).include
    return True if spec.match_file(rel) else None  # pragma: no cover - pathspec < 0.12


def _walk(top: Path, notices: list[Notice], cwd: Path) -> Iterator[Path]:
    ignores = _IgnoreStack(notices, cwd)
    # .gitignore files above the target (up to the filesystem root) still apply
    for parent in reversed(top.parents):
        ignores.push(parent)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(
        top,
        followlinks=False,
        onerror=lambda e: notices.append(
            Notice(NoticeKind.UNREADABLE, f"folder not readable: {e.strerror}", display_path(Path(e.filename), cwd))
        ),
    ):
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
            if _skipped_dir(d) or p.is_symlink():
                continue  # a directory symlink is never followed: it cannot loop
            if (p / "pyvenv.cfg").is_file() or ignores.ignored(p, True):
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            p = folder / name
            if ignores.ignored(p, False):
                continue
            yield p


def _venv_folders(files: list[Path]) -> set[Path]:
    """Folders of a git file list that hold a virtualenv (an untracked, unignored one)."""
    return {p.parent for p in files if p.name == "pyvenv.cfg"}


def _in_venv(p: Path, venvs: set[Path]) -> bool:
    return bool(venvs) and any(parent in venvs for parent in p.parents)


def discover(paths: list[Path], cwd: Path, notices: list[Notice]) -> Iterator[SourceFile]:
    """Yield every file to scan below ``paths`` (deduplicated, in a stable order).

    A file reached twice (named twice, named and inside a named folder, or through a
    symlink the user named) is scanned once: files are keyed by their real path."""
    seen: set[Path] = set()
    roots = _Roots()
    try:
        yield from _discover(paths, cwd, notices, seen, roots)
    finally:
        message = git.too_old_message() if roots.too_old else None
        if message:
            notices.append(Notice(NoticeKind.ENGINE_SKIPPED, message))


def _leaves_its_tree(target: Path, cwd: Path) -> bool:
    """Whether a path named on the command line goes, through symbolic links, out of the tree
    that holds it: the git work tree its name lies in (looked up along the name, not the
    link's target), else the working folder when the name lies below it, else its folder."""
    real = Path(os.path.realpath(target))
    if real == target:
        return False  # no symbolic link along the way
    tree = next((p for p in target.parents if git.has_dotgit(p)), None)
    if tree is None:
        tree = cwd if target.is_relative_to(cwd) else target.parent
    real_tree = Path(os.path.realpath(tree))
    return not (real == real_tree or real.is_relative_to(real_tree))


def _discover(
    paths: list[Path], cwd: Path, notices: list[Notice], seen: set[Path], roots: _Roots
) -> Iterator[SourceFile]:
    for target in paths:
        target = Path(os.path.abspath(target))
        display = display_path(target, cwd)
        if target.is_symlink() and not target.exists():
            if target not in seen:
                seen.add(target)
                notices.append(Notice(NoticeKind.SYMLINK, "dangling or looping symbolic link, not scanned", display))
            continue
        if not target.exists():
            notices.append(Notice(NoticeKind.UNREADABLE, "path does not exist", display))
            continue
        if _leaves_its_tree(target, cwd):
            if target not in seen:
                seen.add(target)
                notices.append(
                    Notice(
                        NoticeKind.SYMLINK,
                        "symbolic link to a place outside the tree that holds it "
                        "(its repository, else the working folder): not followed",
                        display,
                    )
                )
            continue
        if target.is_file():
            real = target.resolve()
            if real not in seen:
                seen.add(real)
                root = roots(target.parent) or target.parent
                yield SourceFile(target, display, root, explicit=True)
            continue
        if not target.is_dir():
            notices.append(
                Notice(
                    NoticeKind.UNREADABLE,
                    "not a regular file or folder (a FIFO, socket or device): not scanned",
                    display,
                )
            )
            continue
        # a folder the user named (even through a symlink) is scanned where it really is
        real_top = target.resolve()
        root = roots(real_top)
        files = _git_files(root, real_top) if root else None
        if files is None:
            root = real_top
            files = _walk(real_top, notices, cwd)
            venvs: set[Path] = set()
        else:
            venvs = _venv_folders(files)
        assert root is not None  # git listed the files: there is a root
        for p in files:
            try:
                rel = p.relative_to(root)
            except ValueError:
                rel = p
            if _in_skipped_dir(rel) or p in seen or _in_venv(p, venvs):
                continue
            if p.is_symlink():
                if not p.exists():
                    seen.add(p)  # one notice, however often the link is reached
                    notices.append(
                        Notice(
                            NoticeKind.SYMLINK, "dangling or looping symbolic link, not scanned", display_path(p, cwd)
                        )
                    )
                continue  # a valid link's target is scanned where it lives
            if not p.is_file():
                continue  # submodules, deleted tracked files, sockets
            seen.add(p)
            yield SourceFile(p, display_path(p, cwd), root)

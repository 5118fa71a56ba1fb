"""Every ``git`` process claude-lint starts goes through :func:`run`.

The scanned tree is hostile: a pull request can commit a folder that looks like a bare
repository (``HEAD``, ``config``, ``objects/``, ``refs/``) whose ``config`` names an fsmonitor
command, and a downloaded tree can ship its own ``.git/config`` with fsmonitor, hooks,
textconv drivers and clean/smudge filters.  So:

* git never discovers a repository by itself.  :func:`find_repo` looks for a ``.git`` entry
  (a folder, or a ``gitdir:`` file as in worktrees and submodules) from a folder upwards;
  the repository is then passed explicitly (``--git-dir`` and ``--work-tree``), so a planted
  bare-looking folder is a plain folder and ``core.worktree`` cannot move the work tree.
* The command line overrides the settings through which a repository's configuration could
  start a program or reach the network (:data:`HARDENING`); diffs never read the work tree
  through git (no filters run) and use ``--no-textconv --no-ext-diff``.
* The environment loses every ``GIT_*`` variable (they can redirect git to another
  repository, index, object store or configuration); only ``GIT_CONFIG_NOSYSTEM`` (which
  can only remove configuration) is kept, and a few safe ones are set (:func:`environment`).
* git older than :data:`MIN_VERSION` is not used at all (see :func:`usable`).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: the oldest git whose settings below are all understood (``safe.bareRepository``: 2.38)
MIN_VERSION = (2, 38)

#: ``-c`` settings that neutralise repository-controlled configuration
HARDENING: tuple[str, ...] = (
    "core.fsmonitor=false",  # no fsmonitor hook/daemon named by the repository
    "core.hooksPath=/dev/null",  # no hooks (post-index-change, ...)
    "safe.bareRepository=explicit",  # never treat a folder as a bare repository by discovery
    "core.pager=cat",
    "pager.diff=false",
    "core.untrackedCache=false",  # reading never writes the index
    "protocol.allow=never",  # no transport at all: a partial clone cannot lazily fetch
    "credential.helper=",
    "core.quotePath=true",
    "submodule.recurse=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "color.ui=false",
)

#: variables set for every git process
_SET_ENV = {
    "GIT_LITERAL_PATHSPECS": "1",  # a file named ``*`` or ``:(top)`` is that file
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",  # git >= 2.44; protocol.allow=never covers older ones
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_PAGER": "cat",
    "GIT_PROTOCOL_FROM_USER": "0",
}
#: GIT_* variables kept from the caller's environment (they can only remove configuration)
_KEEP_ENV = frozenset({"GIT_CONFIG_NOSYSTEM"})

TIMEOUT = 300.0


class GitError(Exception):
    """git could not answer (missing, too old, failed, timed out)."""


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("GIT_") or k in _KEEP_ENV}
    env.update(_SET_ENV)
    if extra:
        env.update(extra)
    return env


def child_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a program that may itself start git (semgrep lists files with
    it): the same scrubbing, and :data:`HARDENING` passed as ``GIT_CONFIG_COUNT`` settings
    (git >= 2.31 reads them; they rank as command-line configuration)."""
    env = {
        k: v
        for k, v in (base if base is not None else os.environ).items()
        if not k.upper().startswith("GIT_") or k in _KEEP_ENV
    }
    env.update(_SET_ENV)
    env.pop("GIT_LITERAL_PATHSPECS", None)  # the program's own pathspecs are its business
    env["GIT_CONFIG_COUNT"] = str(len(HARDENING))
    for i, setting in enumerate(HARDENING):
        key, _, value = setting.partition("=")
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


def argv(*args: str, repo: Repo | None = None) -> list[str]:
    """The full command line of a hardened git call."""
    cmd = ["git", "--no-pager"]
    for setting in HARDENING:
        cmd += ["-c", setting]
    if repo is not None:
        cmd += [f"--git-dir={repo.gitdir}", f"--work-tree={repo.top}"]
    return [*cmd, *args]


def run(
    *args: str,
    repo: Repo | None = None,
    cwd: Path | None = None,
    input: bytes | None = None,
    ok_codes: tuple[int, ...] = (0,),
    extra_env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> bytes:
    """Run one hardened git command and return its standard output.

    ``repo`` (explicit git dir and work tree) is required for repository commands; without
    it the command runs in ``cwd`` (default: the work tree of nothing: ``/``) and git is
    told not to look for a repository above it."""
    if cwd is None:
        cwd = repo.top if repo is not None else Path(os.path.abspath(os.sep))
    env_extra = dict(extra_env or {})
    if repo is None:
        # no repository is wanted: discovery must stop at once
        env_extra.setdefault("GIT_CEILING_DIRECTORIES", str(Path(cwd).parent))
    try:
        out = subprocess.run(
            argv(*args, repo=repo),
            check=False,
            cwd=str(cwd),
            env=environment(env_extra),
            input=input,
            capture_output=True,
            timeout=timeout,
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git failed: {exc}") from None
    if out.returncode not in ok_codes:
        msg = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {args[0] if args else ''} exited {out.returncode}")
    return out.stdout


# --------------------------------------------------------------------------- version


@functools.lru_cache(maxsize=1)
def version() -> tuple[int, ...] | None:
    """The installed git's version (asked once per process), None when git cannot run."""
    try:
        out = subprocess.run(
            ["git", "--version"],
            check=False,
            capture_output=True,
            timeout=30,
            env=environment(),
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(rb"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout)
    if out.returncode != 0 or not m:
        return None
    return tuple(int(g) for g in m.groups() if g is not None)


def usable() -> bool:
    v = version()
    return v is not None and v[:2] >= MIN_VERSION


def too_old_message() -> str | None:
    """A notice's text when git is installed but older than :data:`MIN_VERSION`."""
    v = version()
    if v is None or v[:2] >= MIN_VERSION:
        return None
    shown = ".".join(map(str, v))
    need = ".".join(map(str, MIN_VERSION))
    return (
        f"git {shown} is older than {need}, which claude-lint needs to run git safely on untrusted "
        f"repositories: git was not used (files were found by walking the folders, .gitignore honoured; "
        f"--diff is unavailable)"
    )


# --------------------------------------------------------------------------- repositories


@dataclass(frozen=True)
class Repo:
    top: Path  # the work tree's top level (real path)
    gitdir: Path  # the repository folder (``.git``, or where a ``gitdir:`` file points)


def _gitdir_of(folder: Path) -> Path | None:
    """The repository folder that ``folder/.git`` stands for, or None."""
    dotgit = folder / ".git"
    try:
        if dotgit.is_symlink():
            return None
        if dotgit.is_dir():
            return dotgit
        if dotgit.is_file():
            with open(dotgit, "rb") as fh:
                head = fh.read(4096)
            m = re.match(rb"gitdir: *([^\r\n]+)", head)
            if not m:
                return None
            target = Path(os.fsdecode(m.group(1).strip()))
            return Path(os.path.realpath(folder / target))
    except OSError:
        return None
    return None


def has_dotgit(folder: Path) -> bool:
    """Whether ``folder`` holds a ``.git`` entry (is a work tree's top level)."""
    return os.path.lexists(folder / ".git")


def find_repo(folder: Path) -> Repo | None:
    """The repository whose work tree holds ``folder``: the nearest folder upwards with a
    ``.git`` entry, confirmed by git.  None outside a repository, when the ``.git`` there is
    not a repository, or when git is missing or too old."""
    real = Path(os.path.realpath(folder))
    for candidate in (real, *real.parents):
        if not has_dotgit(candidate):
            continue
        gitdir = _gitdir_of(candidate)
        if gitdir is None or not usable():
            return None
        repo = Repo(candidate, gitdir)
        try:
            run("rev-parse", "--git-dir", repo=repo, timeout=30)
        except GitError:
            return None
        return repo
    return None

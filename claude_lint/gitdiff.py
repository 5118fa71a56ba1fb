"""Pull-request mode: which lines changed since a git ref.

``changed_lines(ref, top, files)`` returns, per absolute file path, the set of line numbers of
that file that differ from its version at ``ref`` (added or modified lines, uncommitted
changes included); files that did not exist at ``ref`` count as wholly changed (``None``).
A finding is kept when any line of its statement is in that set.

git is never asked to read the work tree (that would run the repository's clean filters,
textconv drivers and fsmonitor): the blobs of ``ref`` are read from the object store
(``ls-tree``, ``cat-file --batch``), each work-tree file is read here and compared with its
blob by hash, and the files that differ are diffed by ``git diff --no-index`` between two
private temporary folders, outside any repository.  Every call goes through
:mod:`claude_lint.git`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import git

if TYPE_CHECKING:
    from .model import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    """git could not answer (not a repository, unknown ref): a usage error, exit 2."""


def _repo(top: Path) -> git.Repo:
    if not git.usable():
        raise DiffError(git.too_old_message() or "git is not installed")
    gitdir = git._gitdir_of(top)
    if gitdir is None:
        raise DiffError(f"{top} is not a git work tree")
    return git.Repo(top, gitdir)


def _run(*args: str, **kw) -> bytes:
    try:
        return git.run(*args, **kw)
    except git.GitError as exc:
        raise DiffError(str(exc)) from None


def resolve(ref: str, repo: git.Repo) -> str:
    """The commit id ``ref`` names (a ref that could be read as an option is refused)."""
    if not ref or ref.startswith("-") or "\0" in ref or "\n" in ref:
        raise DiffError("not a valid git revision")
    try:
        out = git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", repo=repo)
    except git.GitError:
        raise DiffError("unknown revision (not a commit of this repository)") from None
    commit = out.decode("ascii", "replace").strip()
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise DiffError("not a valid git revision")
    return commit


def _tree(commit: str, repo: git.Repo) -> dict[bytes, bytes]:
    """Path (bytes, relative to the top level) -> blob id of every regular file at ``commit``."""
    out = _run("ls-tree", "-r", "-z", "--full-tree", commit, repo=repo)
    blobs: dict[bytes, bytes] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and parts[0] in (b"100644", b"100755"):
            blobs[name] = parts[2]
    return blobs


def _blob_id(data: bytes, algo: str) -> bytes:
    h = hashlib.new(algo)
    h.update(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest().encode()


def _read_blobs(oids: list[bytes], repo: git.Repo) -> dict[bytes, bytes]:
    """The content of each blob (``cat-file --batch``: no filters, no textconv)."""
    if not oids:
        return {}
    out = _run("cat-file", "--batch", repo=repo, input=b"".join(o + b"\n" for o in oids))
    blobs: dict[bytes, bytes] = {}
    pos = 0
    for oid in oids:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].split()
        if len(header) != 3 or header[1] != b"blob":
            raise DiffError("git cat-file gave an unexpected answer")
        size = int(header[2])
        blobs[oid] = out[eol + 1 : eol + 1 + size]
        pos = eol + 1 + size + 1
    return blobs


def _normalise(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def changed_lines(ref: str, top: Path, files: Iterable[Path]) -> dict[Path, set[int] | None]:
    """Changed lines of ``files`` (work-tree files below the repository ``top``) since ``ref``;
    ``None`` as a value means the whole file is new (or binary and changed).  Files that did
    not change are absent."""
    repo = _repo(Path(os.path.realpath(top)))
    commit = resolve(ref, repo)
    algo = "sha256" if len(commit) == 64 else "sha1"
    tree = _tree(commit, repo)
    out: dict[Path, set[int] | None] = {}
    pairs: list[tuple[Path, bytes, bytes]] = []  # (file, blob id at ref, current content)
    for path in files:
        real = Path(os.path.realpath(path))
        try:
            rel = os.fsencode(real.relative_to(repo.top).as_posix())
        except ValueError:
            continue
        oid = tree.get(rel)
        if oid is None:
            out[real] = None
            continue
        try:
            with open(real, "rb") as fh:
                data = fh.read()
        except OSError:
            out[real] = None
            continue
        if _blob_id(data, algo) != oid:
            pairs.append((real, oid, data))
    if pairs:
        old = _read_blobs(sorted({oid for _, oid, _ in pairs}), repo)
        out.update(_diff_pairs([(p, old[oid], new) for p, oid, new in pairs]))
    return out


def _diff_pairs(pairs: list[tuple[Path, bytes, bytes]]) -> dict[Path, set[int] | None]:
    """Line numbers (new side) that differ in each (file, old content, new content)."""
    out: dict[Path, set[int] | None] = {}
    with tempfile.TemporaryDirectory(prefix="claude-lint-diff-") as tmp:
        base = Path(tmp)
        (base / "a").mkdir()
        (base / "b").mkdir()
        for i, (path, old, new) in enumerate(pairs):
            (base / "a" / str(i)).write_bytes(_normalise(old))
            (base / "b" / str(i)).write_bytes(_normalise(new))
            out[path] = set()
        diff = _run(
            "diff",
            "--no-index",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-renames",
            "--unified=0",
            "--",
            "a",
            "b",
            cwd=base,
            ok_codes=(0, 1),
        )
        current: Path | None = None
        for line in diff.decode("utf-8", "surrogateescape").splitlines():
            if line.startswith("diff --git "):
                current = None
            elif line.startswith("+++ "):
                m = re.fullmatch(r"\+\+\+ b/b/(\d+)", line)
                current = pairs[int(m.group(1))][0] if m else None
            elif line.startswith("Binary files ") and line.endswith(" differ"):
                m = re.search(r" and b/b/(\d+) differ$", line)
                if m:
                    out[pairs[int(m.group(1))][0]] = None
            elif line.startswith("@@") and current is not None:
                m = _HUNK.match(line)
                if not m:
                    continue
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                lines = out[current]
                if lines is not None:
                    lines.update(range(start, start + count))
    return out


def touches(changed: dict[Path, set[int] | None], path: Path, first: int, last: int) -> bool:
    """Whether lines ``first``..``last`` of ``path`` changed."""
    path = path.resolve()
    if path not in changed:
        return False
    lines = changed[path]
    if lines is None:
        return True
    return any(n in lines for n in range(first, max(first, last) + 1))


def on_changed_line(changed: dict[Path, set[int] | None], path: Path, f: Finding, cwd: Path | None = None) -> bool:
    """--diff: a finding counts as changed when its statement or any of its related
    locations is on a changed line (one finding per cause: editing a use of a constant
    brings back the finding at its definition; editing the request inside a helper of
    another module brings back the finding at its callers)."""
    if touches(changed, path, *(f.span if f.span[0] else (f.location.line, f.location.end_line))):
        return True
    for r in f.related:
        if r.location.path == f.location.path:
            there = path
        elif cwd is not None:
            there = (cwd / r.location.path).resolve()
        else:
            continue
        if there in changed and touches(changed, there, r.location.line, r.location.end_line):
            return True
    return False

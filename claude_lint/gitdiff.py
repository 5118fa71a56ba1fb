"""Pull-request mode: which lines changed since a git ref, asked of git itself.

``changed_lines(ref, roots)`` returns, per absolute file path, the set of line numbers that
differ between ``ref`` and the working tree (added or modified lines, uncommitted changes
included); files git does not track yet count as wholly changed.  A finding is kept when any
line of its statement is in that set.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    """git could not answer (not a repository, unknown ref): a usage error, exit 2."""


def _git(root: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DiffError(f"git failed: {exc}") from None
    if out.returncode != 0:
        msg = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(msg[-1] if msg else f"git {' '.join(args)} exited {out.returncode}")
    return out.stdout.decode("utf-8", "surrogateescape")


def changed_lines(ref: str, root: Path) -> dict[Path, set[int] | None]:
    """Changed lines of every file below the git repository ``root`` since ``ref``;
    ``None`` as a value means the whole file is new."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    out: dict[Path, set[int] | None] = {}
    current: Path | None = None
    diff = _git(root, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames", ref, "--")
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            if name == "/dev/null":
                current = None
                continue
            if name.startswith("b/"):
                name = name[2:]
            current = (root / _unquote(name)).resolve()
            out.setdefault(current, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if not m:
                continue
            start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            lines = out[current]
            if lines is not None:
                lines.update(range(start, start + count))
    for name in _git(root, "ls-files", "-z", "--others", "--exclude-standard").split("\0"):
        if name:
            out[(root / name).resolve()] = None
    return out


def _unquote(name: str) -> str:
    if name.startswith('"') and name.endswith('"'):
        body = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return body.encode("latin-1").decode("utf-8", "replace")
    return name


def touches(changed: dict[Path, set[int] | None], path: Path, first: int, last: int) -> bool:
    """Whether lines ``first``..``last`` of ``path`` changed."""
    path = path.resolve()
    if path not in changed:
        return False
    lines = changed[path]
    if lines is None:
        return True
    return any(n in lines for n in range(first, max(first, last) + 1))

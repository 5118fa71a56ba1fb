"""Content-hash result cache.

One entry per (file content, path, tool version and rule code, effective policy): the raw
results of the text and Python engines for that file (findings before suppressions and
selection, notices, suppression comments).  Entries are small JSON files written
atomically (:func:`~claude_lint.safeio.write_atomic`: a new temporary file + ``os.replace``,
never through a link), so concurrent runs never see a torn entry;
a corrupt or unreadable entry is simply a miss.  Nothing in an entry holds a secret in
full: messages and snippets are redacted by the engines before they are cached, and the
file content itself is never stored.

The folder is ``$CLAUDE_LINT_CACHE_DIR``, else ``--cache-dir``, else the user cache folder
(``~/.cache/claude-lint``); ``--no-cache`` disables it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__
from .model import Confidence, Finding, Fix, FlowStep, Location, Notice, NoticeKind, Related, Severity, Suppression
from .safeio import read_regular, write_atomic

#: 2: findings carry related locations ("y") and an identity ("i")
FORMAT = 2
#: an entry larger than this is a miss (entries hold one file's redacted results)
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def default_folder() -> Path:
    env = os.environ.get("CLAUDE_LINT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claude-lint"


@functools.lru_cache(maxsize=1)
def code_salt() -> str:
    """Changes whenever claude-lint's own code or rules change (version, and the size and
    modification time of every module and rule file), so an edited rule never reads a
    stale entry."""
    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    pkg = Path(__file__).resolve().parent
    from .registry import semgrep_rules_dir

    for folder in (pkg, semgrep_rules_dir()):
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            if p.suffix in (".py", ".yaml") and p.is_file():
                st = p.stat()
                h.update(f"{p.relative_to(folder)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def policy_key(policy: Any) -> str:
    """A stable digest of everything in a policy that rules may read."""

    def norm(v):
        if isinstance(v, (set, frozenset)):
            return sorted(norm(x) for x in v)
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {str(k): norm(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
        if isinstance(v, Path):
            return str(v)
        if hasattr(v, "__dataclass_fields__"):
            return norm(asdict(v))
        if hasattr(v, "value"):
            return v.value
        return v

    fields = {k: v for k, v in vars(policy).items() if k not in ("provenance", "source", "root", "baseline")}
    return hashlib.sha256(json.dumps(norm(fields), sort_keys=True, default=str).encode()).hexdigest()[:16]


class ResultCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._disabled = folder is None

    def key(self, data: bytes, display: str, policy_digest: str) -> str:
        h = hashlib.sha256()
        h.update(f"{code_salt()}\0{policy_digest}\0{display}\0".encode())
        h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "v1" / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> dict | None:
        if self._disabled:
            return None
        try:
            # a regular file only (never a link, a FIFO or /dev/zero planted in the folder), bounded
            value = json.loads(read_regular(self._path(key), MAX_ENTRY_BYTES, follow=False))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: dict) -> None:
        if self._disabled:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(value, separators=(",", ":")), mode=0o600)
        except (OSError, UnicodeEncodeError):
            # a read-only or full disk must not break the run: stop trying
            self._disabled = True


# --------------------------------------------------------------------------- (de)serialising


def _loc(loc: Location) -> list:
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column, loc.column_utf16, loc.end_column_utf16]


def _unloc(v: list) -> Location:
    return Location(*v)


def finding_to_json(f: Finding) -> dict:
    return {
        "r": f.rule_id,
        "m": f.message,
        "l": _loc(f.location),
        "s": f.severity.value,
        "c": f.confidence.value,
        "n": f.snippet,
        "p": list(f.span),
        "h": f.fix_hint,
        "x": {"t": f.fix.title, "d": dict(f.fix.data)} if f.fix else None,
        "f": [[_loc(s.location), s.message] for s in f.flow],
        "u": [f.suppression.justification, f.suppression.line] if f.suppression else None,
        "o": dict(f.properties),
        "y": [[_loc(r.location), r.label, r.snippet] for r in f.related],
        "i": f.identity,
    }


def finding_from_json(d: dict) -> Finding:
    return Finding(
        rule_id=d["r"],
        message=d["m"],
        location=_unloc(d["l"]),
        severity=Severity(d["s"]),
        confidence=Confidence(d["c"]),
        snippet=d["n"],
        span=tuple(d["p"]),
        fix_hint=d["h"],
        fix=Fix(d["x"]["t"], d["x"]["d"]) if d.get("x") else None,
        flow=tuple(FlowStep(_unloc(loc), msg) for loc, msg in d["f"]),
        suppression=Suppression(*d["u"]) if d.get("u") else None,
        properties=d.get("o") or {},
        related=tuple(Related(_unloc(loc), label, snippet) for loc, label, snippet in d.get("y") or ()),
        identity=d.get("i") or "",
    )


def notice_to_json(n: Notice) -> list:
    return [n.kind.value, n.message, n.path, n.line, n.rule_id]


def notice_from_json(v: list) -> Notice:
    return Notice(NoticeKind(v[0]), v[1], v[2], v[3], v[4])

"""Baselines: findings a team has accepted, recorded in a file so that only new ones are
reported (DESIGN §1 ``baseline:``, §3).

The file is JSON Lines: a header line, then one entry per line, sorted::

    {"claude-lint-baseline": 1, "regenerate": "claude-lint check --write-baseline FILE"}
    {"path": "src/app.py", "rule": "prompt-logged", "fingerprint": "3f…", "count": 1, "message": "…"}

* ``path`` is relative to the repository root (git top level; outside git, the folder of
  the policy file that applies, else the scanned folder) and POSIX-style, so a baseline
  written at the root matches runs from a subfolder and the pre-commit hook's file names.
* ``fingerprint`` is :meth:`Finding.digest` of that path: a hash of the rule id, the path and
  the normalised, *redacted* statement text, never the line number, so unrelated edits above
  a finding do not disturb it.  No snippet is stored, only its hash.
* A finding with related locations (one finding per cause, README) also matches an entry
  written for any of its related places in the same file — the fingerprint it had when
  it was reported there — so baselines written before a finding moved keep hiding it.
* ``count`` is how many identical findings (same rule, path and fingerprint) are accepted.
  When a run has more, the first ``count`` in file order are baselined and the later ones
  reported: one accepted finding cannot hide a second identical one.
* ``message`` is the finding's (redacted) message with its line numbers blanked, for people
  reading the file in a review; it does not take part in matching.

No timestamps, no absolute paths, no key: writing the same findings twice gives the same
bytes, and one line per entry merges cleanly in git.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import PolicyError
from .model import Finding, Suppression
from .safeio import write_atomic

VERSION = 1
#: a baseline larger than this is refused (about 300,000 entries): reading stays bounded
MAX_BYTES = 64 * 1024 * 1024
MAGIC = "claude-lint-baseline"
HEADER = {MAGIC: VERSION, "regenerate": "claude-lint check --write-baseline FILE"}
#: longest message kept for readers of the file
MAX_MESSAGE = 200
_HEX = frozenset("0123456789abcdef")


class BaselineError(PolicyError):
    """A baseline file that cannot be read, parsed or written: exit code 2, naming the file."""

    def __init__(self, file: str | Path | None, message: str, key: str = ""):
        super().__init__(file, key, message)


@dataclass(frozen=True, order=True)
class Key:
    path: str
    rule: str
    fingerprint: str


@dataclass
class Baseline:
    """The accepted findings of one baseline file."""

    file: Path
    counts: dict[Key, int] = field(default_factory=dict)
    messages: dict[Key, str] = field(default_factory=dict)

    def by_path(self) -> dict[str, dict[Key, int]]:
        out: dict[str, dict[Key, int]] = {}
        for k, n in self.counts.items():
            out.setdefault(k.path, {})[k] = n
        return out


def key_of(finding: Finding, rel_path: str) -> Key:
    return Key(rel_path, finding.rule_id, finding.digest(rel_path))


def keys_of(finding: Finding, rel_path: str) -> list[Key]:
    """The keys an accepted entry may carry for this finding: its own, then the one it had
    when it was reported at each of its related locations (a baseline written before the
    finding moved to the place to change, or before its siblings were merged into it)."""
    own = key_of(finding, rel_path)
    return [
        own,
        *(Key(rel_path, finding.rule_id, d) for d in finding.related_digests(rel_path) if d != own.fingerprint),
    ]


# --------------------------------------------------------------------------- the file


def dumps(counts: dict[Key, int], messages: dict[Key, str]) -> str:
    """The file's text: header, then entries sorted by path, rule and fingerprint."""
    lines = [json.dumps(HEADER, ensure_ascii=False)]
    for k in sorted(counts):
        entry = {"path": k.path, "rule": k.rule, "fingerprint": k.fingerprint, "count": counts[k]}
        msg = _message(messages.get(k, ""))
        if msg:
            entry["message"] = msg
        line = json.dumps(entry, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not valid UTF-8 (surrogate escapes)
            line = json.dumps(entry, ensure_ascii=True)
        lines.append(line)
    return "\n".join(lines) + "\n"


_LINE_NUMBER = re.compile(r"\b(lines?) \d+\b")


def _message(text: str) -> str:
    """The redacted message, its line numbers blanked (``line N``): shifting code must not
    rewrite the file."""
    from .keys import redact_text

    text = _LINE_NUMBER.sub(r"\1 N", redact_text(" ".join(str(text).split())))
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1].rstrip() + "…"
    return text


def _kind(value: object) -> str:
    """What a wrong value is, without quoting it (a baseline may be any file: errors never
    echo its content)."""
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return {
        type(None): "null",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def loads(text: str, file: Path, shown: str) -> Baseline:
    """Parse a baseline file's text; every error names the file and the line."""
    base = Baseline(file)
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            # JSONDecodeError has .msg; other ValueErrors (an integer of more than 4,300 digits)
            # do not, and a hostile baseline line must still be a BaselineError, not a crash
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "a value out of range"
            raise BaselineError(shown, f"line {number}: not valid JSON ({why})") from None
        if not isinstance(obj, dict):
            raise BaselineError(shown, f"line {number}: expected a JSON object")
        if not header_seen:
            version = obj.get(MAGIC)
            if version is None:
                raise BaselineError(
                    shown,
                    f"line {number}: not a claude-lint baseline (the first line must hold {json.dumps({MAGIC: VERSION})})",
                )
            if version != VERSION:
                raise BaselineError(
                    shown,
                    f"line {number}: baseline version {version if isinstance(version, int) else _kind(version)} is not supported (this claude-lint reads version {VERSION})",
                )
            header_seen = True
            continue
        path, rule, fp, count = obj.get("path"), obj.get("rule"), obj.get("fingerprint"), obj.get("count", 1)
        if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path:
            raise BaselineError(
                shown, f"line {number}: 'path' must be a repository-relative POSIX path, got {_kind(path)}"
            )
        if not isinstance(rule, str) or not rule:
            raise BaselineError(shown, f"line {number}: 'rule' must be a rule id, got {_kind(rule)}")
        if not isinstance(fp, str) or len(fp) != 32 or not set(fp) <= _HEX:
            raise BaselineError(
                shown, f"line {number}: 'fingerprint' must be 32 lower-case hex digits, got {_kind(fp)}"
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BaselineError(
                shown, f"line {number}: 'count' must be a whole number of at least 1, got {_kind(count)}"
            )
        key = Key(path, rule, fp)
        # a line duplicated by a merge counts once (the larger count): never hide more than intended
        base.counts[key] = max(count, base.counts.get(key, 0))
        if isinstance(obj.get("message"), str):
            base.messages.setdefault(key, obj["message"])
    if not header_seen:
        raise BaselineError(
            shown, f"empty file: not a claude-lint baseline (the first line must hold {json.dumps({MAGIC: VERSION})})"
        )
    return base


def load(file: Path, shown: str, named_by: str = "") -> Baseline:
    from . import bounded

    by = f" (named by {named_by})" if named_by else ""
    try:
        data = bounded.read(file, bounded.BASELINE_BYTES)
    except bounded.ReadError as exc:
        if exc.missing:
            raise BaselineError(
                shown, f"baseline file not found{by}; create it with `claude-lint check --write-baseline {shown}`"
            ) from None
        if str(exc).startswith("is a folder"):
            raise BaselineError(shown, f"is a folder, not a baseline file{by}") from None
        raise BaselineError(shown, f"baseline file {exc}{by}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BaselineError(shown, "not UTF-8 text: not a claude-lint baseline") from None
    return loads(text, file, shown)


def write(file: Path, shown: str, counts: dict[Key, int], messages: dict[Key, str]) -> None:
    text = dumps(counts, messages)
    try:
        if file.parent and not file.parent.exists():
            file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, text)  # a new temporary file, then os.replace: never through a link
    except OSError as exc:
        raise BaselineError(shown, f"cannot write the baseline file: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- the run


@dataclass
class BaselineStats:
    """What the reporters say about baselines after a run."""

    #: baseline files used (display paths)
    files: list[str] = field(default_factory=list)
    #: accepted findings the run no longer found (informational)
    stale: int = 0
    #: the file written by --write-baseline, and its number of entries (findings)
    written: str = ""
    written_findings: int = 0


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def repo_path(path: Path, root: Path) -> str | None:
    """``path`` relative to its repository ``root``, POSIX-style (None if it is not inside)."""
    for candidate in (path, Path(os.path.realpath(path.parent)) / path.name):
        try:
            rel = candidate.relative_to(root).as_posix()
        except ValueError:
            continue
        if rel and rel != ".":
            return rel
    return None


class BaselineMatcher:
    """Applies baselines to each file's findings and records them for --write-baseline.

    Each file is matched against ``--baseline FILE`` when given (for every repository of
    the run, each matched separately: its paths are repository-relative), else against the
    ``baseline:`` of the policy that governs the file.  ``--no-baseline`` turns both off."""

    def __init__(
        self,
        *,
        baseline: Path | None,
        no_baseline: bool,
        write: Path | None,
        diff: bool,
        cwd: Path,
        rule_filter: Callable[[str], bool] | None = None,
    ):
        #: which rule ids the command line selected (stale entries of other rules are not counted)
        self.rule_filter = rule_filter
        self.override = Path(os.path.abspath(baseline)) if baseline else None
        self.no_baseline = no_baseline
        self.write_to = Path(os.path.abspath(write)) if write else None
        self.diff = diff
        self.cwd = cwd
        self._loaded: dict[Path, Baseline] = {}
        self._by_path: dict[Path, dict[str, dict[Key, int]]] = {}
        #: (baseline file, repository root) -> repository paths scanned, with their unmatched counts
        self._left: dict[tuple[Path, Path], dict[str, int]] = {}
        self._written: Counter[Key] = Counter()
        self._written_messages: dict[Key, str] = {}
        self._write_roots: set[Path] = set()
        self._is_repo: dict[Path, bool] = {}

    def anchor(self, source, policy) -> Path:
        """The folder a file's baseline path is relative to: its repository's top level;
        outside git, the folder of the policy file that applies to it (found the same way
        whatever folder was named), else the folder that was scanned."""
        root = source.root
        is_repo = self._is_repo.get(root)
        if is_repo is None:
            is_repo = self._is_repo[root] = (root / ".git").exists()
        if is_repo:
            return root
        policy_file = getattr(policy, "source", None)
        if policy_file is not None:
            folder = Path(os.path.realpath(policy_file)).parent
            if repo_path(source.path, folder) is not None:
                return folder
        return root

    def validate(self) -> None:
        """Command-line combinations that make no sense: exit 2 before scanning."""
        if self.write_to and self.override:
            raise PolicyError(
                None, "--write-baseline", "cannot be combined with --baseline (writing records every current finding)"
            )
        if self.write_to and self.no_baseline:
            raise PolicyError(None, "--write-baseline", "cannot be combined with --no-baseline")
        if self.override and self.no_baseline:
            raise PolicyError(None, "--baseline", "cannot be combined with --no-baseline")
        if self.write_to and self.diff:
            raise PolicyError(
                None, "--write-baseline", "cannot be combined with --diff (a baseline records the whole tree)"
            )
        if self.override:
            self._load(self.override, "")

    def _load(self, file: Path, named_by: str) -> Baseline:
        base = self._loaded.get(file)
        if base is None:
            base = self._loaded[file] = load(file, _shown(file, self.cwd), named_by)
            self._by_path[file] = base.by_path()
        return base

    def baseline_for(self, policy) -> Path | None:
        if self.no_baseline or self.write_to:
            return None
        if self.override:
            return self.override
        file = getattr(policy, "baseline", None)
        if file is None:
            return None
        named_by = _shown(policy.source, self.cwd) if getattr(policy, "source", None) else ""
        self._load(file, named_by)
        return file

    def apply(self, source, policy, findings: list[Finding]) -> list[Finding]:
        """Mark this file's baselined findings (in-source suppressed ones are left alone)."""
        if not self.write_to and (
            self.no_baseline or (self.override is None and getattr(policy, "baseline", None) is None)
        ):
            return findings
        anchor = self.anchor(source, policy)
        rel = repo_path(source.path, anchor)
        if rel is None:
            return findings
        if self.write_to:
            self._write_roots.add(anchor)
            if len(self._write_roots) > 1:
                roots = ", ".join(sorted(_shown(r, self.cwd) or "." for r in self._write_roots))
                raise PolicyError(
                    None,
                    "--write-baseline",
                    f"the paths span several repositories ({roots}); a baseline's paths are relative to one "
                    "repository: write one baseline per repository (run once in each, or set `baseline:` in each policy)",
                )
            marked = []
            for f in sorted(findings, key=lambda f: f.sort_key):
                if f.suppression is None:
                    k = key_of(f, rel)
                    self._written[k] += 1
                    self._written_messages.setdefault(k, f.message)
                    f = f.with_(
                        suppression=Suppression(
                            f"accepted in the baseline {_shown(self.write_to, self.cwd)}", 0, "baseline"
                        )
                    )
                marked.append(f)
            return marked
        file = self.baseline_for(policy)
        if file is None:
            return findings
        accepted = dict(self._by_path[file].get(rel, {}))
        left = self._left.setdefault((file, anchor), {})
        justification = f"accepted in the baseline {_shown(file, self.cwd)}"
        out = []
        for f in sorted(findings, key=lambda f: f.sort_key):  # file order: the later ones are reported
            if f.suppression is None and accepted:
                for k in keys_of(f, rel):
                    if accepted.get(k, 0) > 0:
                        accepted[k] -= 1
                        f = f.with_(suppression=Suppression(justification, 0, "baseline"))
                        break
            out.append(f)
        left[rel] = self._count(accepted)
        return out

    def _count(self, entries: dict[Key, int]) -> int:
        return sum(n for k, n in entries.items() if self.rule_filter is None or self.rule_filter(k.rule))

    def finish(self, paths: Iterable[Path]) -> BaselineStats | None:
        """Write the baseline (``--write-baseline``) or count the stale entries."""
        if self.write_to:
            shown = _shown(self.write_to, self.cwd)
            write(self.write_to, shown, dict(self._written), self._written_messages)
            return BaselineStats(files=[shown], written=shown, written_findings=sum(self._written.values()))
        if not self._left:
            return None
        stale = 0
        targets = [Path(os.path.realpath(p)) for p in paths]
        for (file, root), left in sorted(self._left.items()):
            stale += sum(left.values())
            if self.diff:
                continue  # only changed files were scanned: the others are not in question
            # entries of files that no longer exist below the scanned paths
            for rel, entries in self._by_path[file].items():
                if rel in left:
                    continue
                target = root / rel
                if target.exists() or not any(t == target or t in target.parents for t in targets):
                    continue
                stale += self._count(entries)
        return BaselineStats(files=sorted({_shown(f, self.cwd) for f, _r in self._left}), stale=stale)
